"""What differs between the two engines quizapp runs on, named once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

_INSERTS: dict[str, Callable[..., Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}


def insert_for(dialect: str) -> Callable[..., Any]:
    """The dialect's own INSERT construct, the one with ON CONFLICT ... DO NOTHING / DO
    UPDATE (SQLAlchemy's generic `insert` has none)."""
    try:
        return _INSERTS[dialect]
    except KeyError:
        raise NotImplementedError(f"quizapp runs on SQLite or PostgreSQL, not {dialect}") from None
