"""Webhook delivery like Telegram's: in update_id order, retried until the bot answers 2xx.

Per bot, the oldest pending updates are POSTed (at most min(max_connections, the peer's
`parallel` option) at once, one by default). An update counts as delivered only on a 2xx answer;
any other status, a refused connection or a timeout records last_error_message and retries it
with growing delays, and later updates wait behind it. Delays are short so a test runs fast.
Telegram gives up "after a reasonable amount of attempts"; here only when the test sets
max_attempts (0, the default: never), and the update then counts as given_up.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx

from tests.peers.botapi.world import BotState, Json, Webhook, World


class Courier:
    """Runs one delivery loop per bot with a webhook."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.http = httpx.AsyncClient(limits=httpx.Limits(max_connections=200))
        self.tasks: set[asyncio.Task[None]] = set()

    def ensure(self, bot: BotState) -> None:
        """Start the bot's delivery loop if it has a webhook and no loop runs."""
        if bot.webhook is not None and (bot.delivery is None or bot.delivery.done()):
            bot.delivery = asyncio.create_task(self.run(bot))
            self.tasks.add(bot.delivery)
            bot.delivery.add_done_callback(self.tasks.discard)

    async def stop(self) -> None:
        """Cancel every delivery loop (reset, shutdown)."""
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def close(self) -> None:
        """Stop and close the HTTP client."""
        await self.stop()
        await self.http.aclose()

    async def run(self, bot: BotState) -> None:
        """Deliver the queue window by window while the bot has a webhook."""
        while (hook := bot.webhook) is not None:
            bot.wakeup.clear()
            width = max(1, min(hook.max_connections, self.world.webhook_options.parallel))
            window = bot.queue[:width]
            if window:
                await asyncio.gather(*(self.deliver(bot, update) for update in window))
            else:
                await bot.wakeup.wait()

    async def deliver(self, bot: BotState, update: Json) -> None:
        """POST one update until it is answered 2xx, dropped, or the webhook is gone."""
        options = self.world.webhook_options
        delay, attempts = options.retry_initial, 0
        while (hook := bot.webhook) is not None and pending(bot, update):
            error = await self.post(bot, hook, update)
            attempts += 1
            if error is None or attempts == options.max_attempts:
                forget(bot, update, "delivered" if error is None else "given_up")
            if error is None:
                return
            hook.last_error_date, hook.last_error_message = int(time.time()), error
            bot.stats["webhook_failures"] += 1
            await asyncio.sleep(delay)
            delay = min(delay * options.retry_factor, options.retry_max)

    async def post(self, bot: BotState, hook: Webhook, update: Json) -> str | None:
        """One attempt; None when the bot answered 2xx, else Telegram's words for the error."""
        bot.stats["webhook_attempts"] += 1
        reached, error = await self.attempt(hook, update)
        if reached:
            bot.hand_out([update])
        return error

    async def attempt(self, hook: Webhook, update: Json) -> tuple[bool, str | None]:
        """POST the update: whether it reached the bot, and the error if any."""
        options = self.world.webhook_options
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        try:
            response = await self.http.post(
                hook.url, content=json.dumps(update, ensure_ascii=False).encode(),
                headers=headers,
                timeout=httpx.Timeout(options.timeout, connect=options.connect_timeout))
        except (httpx.ConnectError, httpx.ConnectTimeout):
            return False, "Connection refused"
        except httpx.TimeoutException:
            return True, "Read timeout expired"
        except httpx.HTTPError as exc:
            return True, f"Connection error: {type(exc).__name__}"
        if response.is_success:
            return True, None
        return True, (f"Wrong response from the webhook: {response.status_code} "
                      f"{response.reason_phrase}")


def pending(bot: BotState, update: Json) -> bool:
    """Whether the update is still in the queue (not delivered, confirmed or dropped)."""
    return any(queued is update for queued in bot.queue)


def forget(bot: BotState, update: Json, outcome: str) -> None:
    """Take a delivered (or given up) update off the queue, counting the outcome."""
    if pending(bot, update):
        bot.queue.remove(update)
        bot.stats[outcome] += 1
