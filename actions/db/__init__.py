"""The database: typed SQLAlchemy 2 models, the session factory and repository functions.

Repository functions take the session as their first argument and keyword-only arguments after
it; they never commit: one incoming message (or one scheduled tick) is one unit of work,
committed once by the caller.
"""

from actions.db.base import Base, make_engine, make_session_factory, session_scope

__all__ = ["Base", "make_engine", "make_session_factory", "session_scope"]
