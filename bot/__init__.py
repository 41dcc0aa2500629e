"""Messenger adapters (console, Telegram), the scheduler wiring and the CLI. The only package
that imports telegram."""
