"""Imports every model module so the metadata is complete (for migrations and tests)."""

import importlib
import pkgutil


def import_all_models() -> None:
    """Import actions.db.* so each table registers on Base.metadata."""
    import actions.db

    for info in pkgutil.iter_modules(actions.db.__path__):
        importlib.import_module(f"actions.db.{info.name}")
