"""Local peers of outside services for end-to-end and chaos tests (the Telegram Bot API, ...)."""
