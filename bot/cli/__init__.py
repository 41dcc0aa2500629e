"""The `linli` command (bot.cli.main) and its sub-commands per capability."""
