"""Peers the tests talk to over 127.0.0.1 in place of services that cannot be reached here:
botapi (the Telegram Bot API, with its delivery rules) and wecom (WeCom's APIs and callbacks)."""
