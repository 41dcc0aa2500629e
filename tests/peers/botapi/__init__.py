"""A local Telegram Bot API peer that keeps Telegram's delivery guarantees, for chaos tests.

Unlike the npm emulator (tests/bot/tgpeer), getUpdates keeps an update until a later offset
confirms it, long polling answers as soon as an update arrives, and a webhook delivery is retried
until the bot answers 2xx. Every call and every send is logged with a sequence number, so a test
can count lost, repeated and doubly handled updates. See server.py to run it, control.py for the
test's side and client.py for the Python client.
"""
