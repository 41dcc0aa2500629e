"""How a bot receives updates: getUpdates with offsets and long polling, or a webhook.

getUpdates hands out the oldest updates and keeps them until a later call's offset confirms
them, so a bot killed between two calls gets them again. Only one getUpdates may wait at a time:
a new one ends the old one with 409 Conflict, as does setting a webhook. While a webhook is set,
getUpdates is a 409 too and webhook.py delivers the queue instead.
"""

from __future__ import annotations

import asyncio
import copy
import re

from tests.peers.botapi.errors import BadRequest, Conflict
from tests.peers.botapi.params import Params
from tests.peers.botapi.world import BotState, Json, Webhook, World

SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
OVERLAP = ("terminated by other getUpdates request; make sure that only one bot instance is "
           "running")


def end_poll(bot: BotState, why: str) -> None:
    """End a waiting getUpdates with 409 Conflict."""
    if bot.poller is not None and not bot.poller.done():
        bot.poller.set_exception(Conflict(why))
    bot.poller = None


def set_allowed_updates(bot: BotState, params: Params) -> None:
    """allowed_updates, when given, applies from now on (to updates created later)."""
    allowed = params.obj("allowed_updates")
    if allowed is not None:
        if not isinstance(allowed, list):
            raise BadRequest("can't parse allowed updates")
        bot.allowed_updates = [str(kind) for kind in allowed]


async def get_updates(world: World, bot: BotState, params: Params) -> list[Json]:
    """getUpdates: confirm by offset, then answer the oldest pending, waiting up to timeout."""
    if bot.webhook is not None:
        raise Conflict("can't use getUpdates method while webhook is active; use deleteWebhook "
                       "to delete the webhook first")
    end_poll(bot, OVERLAP)
    bot.confirm(params.integer("offset", 0) or 0)
    set_allowed_updates(bot, params)
    limit = min(max(params.integer("limit", 100) or 100, 1), 100)
    timeout = max(params.number("timeout", 0.0), 0.0)
    if not bot.queue and timeout > 0 and not await wait_for_update(bot, params, timeout):
        return []
    updates = copy.deepcopy(bot.queue[:limit])
    bot.hand_out(updates)
    return updates


async def wait_for_update(bot: BotState, params: Params, timeout: float) -> bool:
    """Long polling: wait for an update; False when the client hung up meanwhile."""
    waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    bot.poller = waiter
    params.on_hangup.append(waiter.cancel)
    await asyncio.wait({waiter}, timeout=timeout)
    if bot.poller is waiter:
        bot.poller = None
    if waiter.cancelled():
        return False
    if not waiter.done():
        waiter.cancel()
    elif (error := waiter.exception()) is not None:
        raise error
    return True


async def set_webhook(world: World, bot: BotState, params: Params) -> bool:
    """setWebhook: an empty url removes the webhook; http:// is fine here (loopback)."""
    url = params.text("url")
    if url and not url.startswith(("http://", "https://")):
        raise BadRequest("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.text("secret_token")
    if secret and not SECRET.fullmatch(secret):
        raise BadRequest("secret token contains unallowed characters")
    connections = params.integer("max_connections", 40) or 40
    if not 1 <= connections <= 100:
        raise BadRequest("bad webhook: max_connections must be between 1 and 100")
    set_allowed_updates(bot, params)
    if params.flag("drop_pending_updates"):
        bot.drop_pending()
    if not url:
        bot.webhook = None
    else:
        end_poll(bot, "terminated by setWebhook request")
        same = bot.webhook is not None and bot.webhook.url == url
        errors = (bot.webhook.last_error_date, bot.webhook.last_error_message) \
            if bot.webhook is not None and same else (0, "")
        bot.webhook = Webhook(url, secret, connections, *errors)
    bot.notify()
    return True


async def delete_webhook(world: World, bot: BotState, params: Params) -> bool:
    """deleteWebhook: back to getUpdates, optionally forgetting the queue."""
    if params.flag("drop_pending_updates"):
        bot.drop_pending()
    bot.webhook = None
    bot.notify()
    return True


async def get_webhook_info(world: World, bot: BotState, params: Params) -> Json:
    """getWebhookInfo: url, pending_update_count and the last delivery error."""
    if bot.webhook is None:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": len(bot.queue)}
    return bot.webhook.info(len(bot.queue), bot.allowed_updates)


UPDATE_METHODS = {"getUpdates": get_updates, "setWebhook": set_webhook,
                  "deleteWebhook": delete_webhook, "getWebhookInfo": get_webhook_info}
