"""The one clock of the app: timers, due dates and study days all ask it.

Tests set `app.config["CLOCK"]` to a callable returning an aware datetime to move time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app, has_app_context


def system_now() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """The current time, aware, in UTC."""
    if has_app_context():
        clock: Callable[[], datetime] | None = current_app.config.get("CLOCK")
        if clock is not None:
            return clock()
    return system_now()
