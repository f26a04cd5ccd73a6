"""Interval text on the answer buttons and progress pages, at each unit's boundaries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.services.intervals import format_interval


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(0), "<1m"),
        (timedelta(seconds=59.9), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(seconds=89), "1m"),
        (timedelta(seconds=90), "2m"),  # halves round up, as in Anki
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=29), "59m"),
        (timedelta(minutes=59, seconds=30), "1h"),  # never "60m"
        (timedelta(hours=1), "1h"),
        (timedelta(minutes=90), "1.5h"),
        (timedelta(hours=3), "3h"),
        (timedelta(hours=23, minutes=54), "23.9h"),
        (timedelta(hours=23, minutes=57), "1d"),  # never "24h"
        (timedelta(days=1), "1d"),
        (timedelta(days=1, hours=12), "2d"),
        (timedelta(days=12), "12d"),
        (timedelta(days=30), "30d"),
        (timedelta(days=31), "1mo"),  # a month is 365/12 days
        (timedelta(days=97), "3.2mo"),
        (timedelta(days=182), "6mo"),
        (timedelta(days=364), "1y"),  # never "12mo"
        (timedelta(days=365), "1y"),
        (timedelta(days=547.5), "1.5y"),
        (timedelta(days=3650), "10y"),
    ],
)
def test_format_interval(span: timedelta, text: str) -> None:
    assert format_interval(span) == text


def test_a_negative_interval_is_an_error() -> None:
    with pytest.raises(ValueError):
        format_interval(timedelta(seconds=-1))


UNITS = ["<1m", "m", "h", "d", "mo", "y"]


def _rank(text: str) -> tuple[int, float]:
    if text == "<1m":
        return 0, 0.0
    unit = text.lstrip("0123456789.")
    return UNITS.index(unit), float(text[: len(text) - len(unit)])


@settings(max_examples=60)
@given(
    st.integers(min_value=0, max_value=20 * 365 * 86400),
    st.integers(min_value=0, max_value=20 * 365 * 86400),
)
def test_a_longer_interval_never_reads_shorter(a: int, b: int) -> None:
    short, long = sorted((a, b))
    assert _rank(format_interval(timedelta(seconds=short))) <= _rank(
        format_interval(timedelta(seconds=long))
    )
