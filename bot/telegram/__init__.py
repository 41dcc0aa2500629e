"""The Telegram channel: the python-telegram-bot Application, the outbox sender, the rate
limiter and the scheduled ticks."""
