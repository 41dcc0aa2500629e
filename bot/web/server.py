"""Serving the staff console: `linli console` on its own, or beside the bot in `linli run`."""

from __future__ import annotations

import logging
import threading

import uvicorn

from actions.core.settings import Settings
from bot.web.app import create_app
from bot.wiring import Linli, build

log = logging.getLogger(__name__)


def host_port(listen: str) -> tuple[str, int]:
    """"127.0.0.1:8600" -> ("127.0.0.1", 8600)."""
    host, _, port = listen.rpartition(":")
    return host or "127.0.0.1", int(port)


def make_server(linli: Linli, listen: str) -> uvicorn.Server:
    """A uvicorn server for the console app; its access log is off (links carry secrets in
    their path; the app logs each request by its route instead)."""
    host, port = host_port(listen)
    config = uvicorn.Config(create_app(linli), host=host, port=port, access_log=False,
                            log_level="warning", lifespan="off")
    return uvicorn.Server(config)


def serve(settings: Settings) -> None:
    """`linli console`: migrate, seed the demo when empty, serve until stopped."""
    linli = build(settings, parser=_no_parser())
    print(f"员工后台 staff console: {settings.console_url}  (listening on "
          f"{settings.console_listen}; log in with /console in the chat)", flush=True)
    make_server(linli, settings.console_listen).run()


class ConsoleThread(threading.Thread):
    """The console served in a background thread of the bot's process, on its own engine."""

    def __init__(self, linli: Linli, listen: str) -> None:
        super().__init__(name="linli-console", daemon=True)
        self.linli = linli
        self.server = make_server(linli, listen)

    def run(self) -> None:
        self.server.run()

    def stop(self) -> None:
        """Stop serving and close the database connections."""
        self.server.should_exit = True
        self.join(timeout=10)
        self.linli.engine.dispose()


def start_beside_bot(settings: Settings) -> ConsoleThread:
    """Start the console beside the bot and print its address."""
    thread = ConsoleThread(build(settings, parser=_no_parser(), migrate=False, seed=False),
                           settings.console_listen)
    thread.start()
    print(f"员工后台 staff console: {settings.console_url}  (log in with /console in the chat)",
          flush=True)
    return thread


class _NoParser:
    """The console never parses free text: every action is a button's data."""

    def parse(self, text: str, **_kwargs: object) -> dict[str, object]:
        raise RuntimeError("the staff console does not parse text")


def _no_parser() -> _NoParser:
    return _NoParser()
