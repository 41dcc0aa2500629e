"""`python -m tests.peers.botapi --port N [--token T ...]`: the Bot API peer as its own process.

Prints "botapi peer listening on http://127.0.0.1:N" once it listens (--port 0 picks a free
port), then serves until SIGTERM or SIGINT; --verbose logs every request to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from tests.peers.botapi.server import PeerServer


async def serve(port: int, tokens: tuple[str, ...], first_update_id: int) -> None:
    """Serve until a signal asks to stop."""
    server = PeerServer(tokens, first_update_id=first_update_id)
    await server.start(port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"botapi peer listening on {server.url}", flush=True)
    await stop.wait()
    await server.stop()


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(prog="python -m tests.peers.botapi", description=__doc__)
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", action="append", default=[], help="a bot token to register")
    parser.add_argument("--first-update-id", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if not args.verbose:  # 4xx answers are the point of a peer, not warnings
        logging.getLogger("tornado.access").setLevel(logging.ERROR)
    asyncio.run(serve(args.port, tuple(args.token), args.first_update_id))


if __name__ == "__main__":
    main()
