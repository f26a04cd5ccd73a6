"""Intervals as Anki writes them on its answer buttons: "<1m", "10m", "3h", "12d", "3.2mo", "1.5y".

The study reviewer labels each rating button with the interval it would give, and the progress
pages say when a card is next due; both use `format_interval` so a student reads one notation.
"""

from __future__ import annotations

import math
from datetime import timedelta

MINUTE = 60.0
HOUR = 60 * MINUTE
DAY = 24 * HOUR
YEAR = 365 * DAY
MONTH = YEAR / 12  # 30.42 days, as Anki counts a month

# Each unit: its length, its suffix, the decimals shown and the span at which the next one takes
# over. Days and minutes are whole numbers; hours, months and years keep one decimal, as in Anki.
_UNITS: tuple[tuple[float, str, int, float], ...] = (
    (MINUTE, "m", 0, HOUR),
    (HOUR, "h", 1, DAY),
    (DAY, "d", 0, MONTH),
    (MONTH, "mo", 1, YEAR),
    (YEAR, "y", 1, math.inf),
)


def _round_half_up(value: float, decimals: int) -> float:
    scale = 10.0**decimals
    return math.floor(value * scale + 0.5) / scale


def format_interval(span: timedelta) -> str:
    """The short text of an interval: "<1m" under a minute, else its largest fitting unit.

    The unit is chosen after rounding, so 59 min 50 s reads "1h" and 364 days "1y" rather
    than Anki's "60m" and "12mo": a button never shows a number that belongs to the next unit.
    Raises ValueError for a negative span (a review is never scheduled into the past).
    """
    seconds = span.total_seconds()
    if seconds < 0:
        raise ValueError(f"negative interval: {span}")
    if seconds < MINUTE:
        return "<1m"
    for length, suffix, decimals, next_unit in _UNITS:
        amount = _round_half_up(seconds / length, decimals)
        if amount * length < next_unit:
            text = f"{amount:.{decimals}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    raise AssertionError("unreachable: years have no upper bound")  # pragma: no cover
