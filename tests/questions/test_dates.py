"""Tests for questions.dates: parsing, spellings, style-preserving formatting, distractors."""

# Dates are written with en dashes on purpose.

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questions.dates import (
    MAX_DISTRACTOR_YEAR,
    DateValue,
    distractors,
    format_like,
    matches,
    parse_date,
    spellings,
)
from questions.grading import normalise


def parsed(text: str) -> DateValue:
    dv = parse_date(text)
    assert dv is not None, text
    return dv


# --------------------------------------------------------------------------- parse_date

PARSE_CASES = [
    # text, value, start, end, granularity
    ("1852", "1852", 1852, 1852, "year"),
    ("2021", "2021", 2021, 2021, "year"),
    ("in 1852", "1852", 1852, 1852, "year"),
    ("1686–1699", "1686/1699", 1686, 1699, "range"),
    ("1958-1963", "1958/1963", 1958, 1963, "range"),
    ("1958–63", "1958/1963", 1958, 1963, "range"),
    ("2001–2006 and 2008–2011", "2001/2006,2008/2011", 2001, 2011, "range"),
    ("between 1958 and 1968", "1958/1968", 1958, 1968, "range"),
    ("from the end of 1964 to 1968", "1964/1968", 1964, 1968, "range"),
    ("In 2007 and 2008", "2007,2008", 2007, 2008, "range"),
    ("26 December 1921", "1921-12-26", 1921, 1921, "day"),
    ("24 October 2018", "2018-10-24", 2018, 2018, "day"),
    ("December 26, 1921", "1921-12-26", 1921, 1921, "day"),
    ("Dec. 26th, 1921", "1921-12-26", 1921, 1921, "day"),
    ("1921-12-26", "1921-12-26", 1921, 1921, "day"),
    ("26/12/1921", "1921-12-26", 1921, 1921, "day"),
    ("12/26/1921", "1921-12-26", 1921, 1921, "day"),
    ("October 1964", "1964-10", 1964, 1964, "month"),
    ("March 2018", "2018-03", 2018, 2018, "month"),
    ("August 2003", "2003-08", 2003, 2003, "month"),
    ("1964-10", "1964-10", 1964, 1964, "month"),
    ("the late 1930s", "193X", 1936, 1939, "decade"),
    ("the early 1930s", "193X", 1930, 1933, "decade"),
    ("the mid-1960s", "196X", 1963, 1966, "decade"),
    ("the 1930s", "193X", 1930, 1939, "decade"),
    ("the 1960s", "196X", 1960, 1969, "decade"),
    ("the 19th century", "18XX", 1800, 1899, "century"),
    ("the nineteenth century", "18XX", 1800, 1899, "century"),
    ("the 1800s", "18XX", 1800, 1899, "century"),
    ("the early 19th century", "18XX", 1800, 1833, "century"),
    ("the 16th and 17th centuries", "15XX/16XX", 1500, 1699, "century"),
    ("the 16th and 18th centuries", "15XX,17XX", 1500, 1799, "century"),
    ("the 12th century", "11XX", 1100, 1199, "century"),
    ("the Middle Ages", "0500/1499", 500, 1499, "era"),
    ("In the Middle Ages", "0500/1499", 500, 1499, "era"),
    ("the Renaissance", "1400/1600", 1400, 1600, "era"),
    ("the Cold War era", "1947/1991", 1947, 1991, "era"),
    ("the Industrial Revolution", "1760/1840", 1760, 1840, "era"),
    ("the interwar period", "1918/1939", 1918, 1939, "era"),
    ("the Belle Epoque", "1871/1914", 1871, 1914, "era"),
    ("26 December 1921 – 3 January 1922", "1921-12-26/1922-01-03", 1921, 1922, "range"),
]


@pytest.mark.parametrize(("text", "value", "start", "end", "granularity"), PARSE_CASES)
def test_parse_date(text: str, value: str, start: int, end: int, granularity: str) -> None:
    dv = parsed(text)
    assert (dv.value, dv.start_year, dv.end_year, dv.granularity) == (
        value,
        start,
        end,
        granularity,
    )
    assert dv.text == text


@pytest.mark.parametrize(
    "text",
    [
        "summer",
        "recent years",
        "the new century",
        "present-day",
        "the last five years",
        "30 years",
        "five-year",
        "14",
        "300",
        "2500",
        "",
        "   ",
        "yesterday",
        "31 February 1921",
        "1699–1686",
        "the 1st century BC",
        "x" * 500,
    ],
)
def test_not_a_calendar_date(text: str) -> None:
    assert parse_date(text) is None


def test_sort_key_orders_chronologically() -> None:
    texts = ["1852", "October 1964", "26 December 1921", "the late 1930s", "1921", "1964"]
    ordered = sorted((parsed(t) for t in texts), key=lambda dv: dv.sort_key)
    assert [dv.text for dv in ordered] == [
        "1852",
        "1921",
        "26 December 1921",
        "the late 1930s",
        "1964",
        "October 1964",
    ]
    assert parsed("26 December 1921").sort_key == (1921, 12, 26, 1921)


# --------------------------------------------------------------------------- spellings

SPELLING_CASES = [
    (
        "26 December 1921",
        ["26 Dec 1921", "December 26, 1921", "Dec 26, 1921", "1921-12-26", "26/12/1921"],
    ),
    ("October 1964", ["Oct 1964", "October, 1964", "1964-10"]),
    ("1686–1699", ["1686-1699", "1686 to 1699", "from 1686 to 1699", "between 1686 and 1699"]),
    ("the late 1930s", ["late 1930s", "1930s"]),
    ("the 19th century", ["19th century", "nineteenth century", "1800s"]),
    ("In 2007 and 2008", ["2007 and 2008", "2007–2008"]),
    ("the Middle Ages", ["Middle Ages"]),
    ("from the end of 1964 to 1968", ["1964–1968", "from 1964 to 1968"]),
]


@pytest.mark.parametrize(("text", "expected"), SPELLING_CASES)
def test_spellings(text: str, expected: list[str]) -> None:
    dv = parsed(text)
    found = spellings(dv)
    assert [s for s in found if s in expected] == expected  # all present, in this order
    assert text not in found
    assert len({s.casefold() for s in found}) == len(found)
    for spelling in found:
        assert matches(parsed(spelling), dv), spelling
    assert spellings(dv) == found  # deterministic


def test_plain_year_has_no_other_spelling() -> None:
    assert spellings(parsed("1852")) == []
    assert spellings(parsed("In 1852")) == ["1852"]


def test_less_precise_is_not_more_precise() -> None:
    assert "early 1930s" not in spellings(parsed("the late 1930s"))
    assert not matches(parsed("the early 1930s"), parsed("the late 1930s"))
    assert matches(parsed("1930s"), parsed("the late 1930s"))


# --------------------------------------------------------------------------- format_like

FORMAT_CASES = [
    ("26 December 1921", 1919, {"month": 3, "day": 14}, "14 March 1919"),
    ("December 26, 1921", 1919, {"month": 3, "day": 14}, "March 14, 1919"),
    ("Dec. 26th, 1921", 1919, {"month": 3, "day": 1}, "Mar. 1st, 1919"),
    ("1921-12-26", 1919, {"month": 3, "day": 4}, "1919-03-04"),
    ("26 December 1921", 1919, {}, "26 December 1919"),
    ("October 1964", 1960, {"month": 5}, "May 1960"),
    ("1852", 1849, {}, "1849"),
    ("in 1852", 1849, {}, "in 1849"),
    ("1686–1699", 1670, {}, "1670–1683"),
    ("1686–1699", 1670, {"end_year": 1680}, "1670–1680"),
    ("1958-1963", 1940, {}, "1940-1945"),
    ("1958–63", 1940, {}, "1940–45"),
    ("between 1958 and 1968", 1930, {}, "between 1930 and 1940"),
    ("from the end of 1964 to 1968", 1950, {}, "from the end of 1950 to 1954"),
    ("2001–2006 and 2008–2011", 1980, {}, "1980–1985 and 1987–1990"),
    ("In 2007 and 2008", 1990, {}, "In 1990 and 1991"),
    ("the late 1930s", 1950, {}, "the late 1950s"),
    ("the late 1930s", 1957, {}, "the late 1950s"),
    ("The 1930s", 1970, {}, "The 1970s"),
    ("the early 19th century", 1600, {}, "the early 17th century"),
    ("the nineteenth century", 1600, {}, "the seventeenth century"),
    ("the 16th and 17th centuries", 1300, {}, "the 14th and 15th centuries"),
    ("the 1800s", 1600, {}, "the 1600s"),
    ("the Middle Ages", 1760, {"end_year": 1840}, "the Industrial Revolution"),
    ("the Cold War era", 1837, {}, "the Victorian era"),
    ("the Cold War era", 1918, {}, "the interwar period"),
]


@pytest.mark.parametrize(("text", "start", "kwargs", "expected"), FORMAT_CASES)
def test_format_like_keeps_style(
    text: str, start: int, kwargs: dict[str, int], expected: str
) -> None:
    assert format_like(parsed(text), start, **kwargs) == expected


# --------------------------------------------------------------------------- distractors

STYLE_PATTERNS = {
    "1852": r"\d{4}",
    "26 December 1921": r"\d{1,2} (January|February|March|April|May|June|July|August"
    r"|September|October|November|December) \d{4}",
    "December 26, 1921": r"[A-Z][a-z]+ \d{1,2}, \d{4}",
    "October 1964": r"[A-Z][a-z]+ \d{4}",
    "1686–1699": r"\d{4}–\d{4}",
    "1958-1963": r"\d{4}-\d{4}",
    "between 1958 and 1968": r"between \d{4} and \d{4}",
    "from the end of 1964 to 1968": r"from the end of \d{4} to \d{4}",
    "2001–2006 and 2008–2011": r"\d{4}–\d{4} and \d{4}–\d{4}",
    "In 2007 and 2008": r"In \d{4} and \d{4}",
    "the late 1930s": r"the late \d{3}0s",
    "the 1960s": r"the \d{3}0s",
    "the early 19th century": r"the early \d{1,2}(st|nd|rd|th) century",
    "the 16th and 17th centuries": r"the \d{1,2}(st|nd|rd|th) and \d{1,2}(st|nd|rd|th) centuries",
    "the 12th century": r"the \d{1,2}(st|nd|rd|th) century",
    "the Middle Ages": r"the [A-Za-zÉé ]+",
    "2021": r"\d{4}",
}


def _overlap(a: DateValue, b: DateValue) -> bool:
    if a.granularity in ("day", "month") and b.granularity == a.granularity:
        return a.value == b.value
    return a.start_year <= b.end_year and b.start_year <= a.end_year


@pytest.mark.parametrize(("text", "pattern"), STYLE_PATTERNS.items())
def test_distractors_look_like_the_answer(text: str, pattern: str) -> None:
    dv = parsed(text)
    wrong = distractors(dv, k=4, seed="q-1")
    assert len(wrong) == 4
    assert len(set(wrong)) == 4
    accepted = {text, *spellings(dv)}
    for option in wrong:
        assert re.fullmatch(pattern, option), option
        assert option not in accepted
        other = parsed(option)
        assert other.granularity == dv.granularity
        assert not _overlap(other, dv), option
        assert not matches(other, dv)
        assert other.start_year >= 1
        if other.granularity not in ("century", "era"):
            assert other.end_year <= MAX_DISTRACTOR_YEAR
    assert distractors(dv, k=4, seed="q-1") == wrong


def test_overlapping_range_is_never_a_distractor() -> None:
    dv = parsed("1686–1699")
    for seed in map(str, range(20)):
        for option in distractors(dv, k=6, seed=seed):
            other = parsed(option)
            assert other.end_year < 1686 or other.start_year > 1699, option


def test_distractors_avoid_other_true_dates() -> None:
    dv = parsed("1852")
    avoid = [parsed("1845–1849"), parsed("1855"), parsed("the 1860s")]
    for seed in map(str, range(20)):
        for option in distractors(dv, k=5, seed=seed, avoid=avoid):
            year = int(option)
            assert not 1845 <= year <= 1849 and year != 1855 and not 1860 <= year <= 1869


def test_day_distractors_vary_day_and_month_and_stay_near() -> None:
    dv = parsed("26 December 1921")
    wrong = distractors(dv, k=8, seed="x")
    assert len({w.split()[1] for w in wrong}) > 1
    assert all(abs(parsed(w).start_year - 1921) <= 15 for w in wrong)


def test_seed_changes_the_choice() -> None:
    dv = parsed("1852")
    lists = {tuple(distractors(dv, k=3, seed=f"seed-{i}")) for i in range(5)}
    assert len(lists) > 1


def test_future_is_capped() -> None:
    for text in ("2021", "the 2010s", "2018–2020"):
        for option in distractors(parsed(text), k=5, seed="cap"):
            assert parsed(option).end_year <= MAX_DISTRACTOR_YEAR


def test_returns_as_many_as_possible() -> None:
    eras = distractors(parsed("the Middle Ages"), k=50, seed="s")
    assert 0 < len(eras) < 50
    assert len(set(eras)) == len(eras)
    assert distractors(parsed("1852"), k=0, seed="s") == []


# --------------------------------------------------------------------------- properties

ROUND_TRIP_STYLES = [
    "26 December 1921",
    "December 26, 1921",
    "Dec. 26th, 1921",
    "1921-12-26",
    "26/12/1921",
    "October 1964",
    "1852",
    "in 1852",
    "1686–1699",
    "between 1958 and 1968",
    "from the end of 1964 to 1968",
    "In 2007 and 2008",
]


@given(
    style=st.sampled_from(ROUND_TRIP_STYLES),
    year=st.integers(min_value=500, max_value=2029),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=1, max_value=28),
)
def test_format_like_round_trips(style: str, year: int, month: int, day: int) -> None:
    dv = parsed(style)
    text = format_like(dv, year, month=month, day=day)
    again = parse_date(text)
    assert again is not None, text
    assert again.start_year == year
    assert again.granularity == dv.granularity
    if dv.granularity == "day":
        assert again.sort_key[:3] == (year, month, day)


@given(
    answer=st.sampled_from(sorted(STYLE_PATTERNS)),
    seed=st.text(max_size=20),
)
def test_distractors_never_contain_the_answer(answer: str, seed: str) -> None:
    dv = parsed(answer)
    wrong = distractors(dv, k=3, seed=seed)
    assert normalise(answer) not in {normalise(w) for w in wrong}


@pytest.mark.parametrize(
    ("text", "anchor", "year"),
    [
        ("the following year", "1852", 1852 + 1),
        ("two years later", "March 1921", 1923),
        ("a decade earlier", "1969", 1959),
        ("the previous year", "26 December 1921", 1920),
        ("three years later", "1686–1699", None),
        ("some years later", "1852", None),
        ("in recent years", "1852", None),
    ],
)
def test_relative_dates(text: str, anchor: str, year: int | None) -> None:
    from questions.dates import resolve_relative

    base = parse_date(anchor)
    assert base is not None
    resolved = resolve_relative(text, base)
    assert (resolved.start_year if resolved else None) == year


@pytest.mark.parametrize(
    ("text", "anchor", "written"),
    [
        ("the following day", "27 February 1900", "28 February 1900"),
        ("the next day", "December 31, 1899", "January 1, 1900"),
        ("the same month", "10 December 1899", "December 1899"),
        ("three months later", "October 1899", "January 1900"),
        ("the next day", "1899", None),  # no day to count from
        ("the same month", "1899", None),
    ],
)
def test_relative_days_and_months(text: str, anchor: str, written: str | None) -> None:
    from questions.dates import resolve_relative

    base = parse_date(anchor)
    assert base is not None
    resolved = resolve_relative(text, base)
    assert (resolved.text if resolved else None) == written


@pytest.mark.parametrize(
    ("text", "anchor", "written"),
    [
        ("27 February", "15 February 1900", "27 February 1900"),
        ("February 27", "15 February 1900", "February 27, 1900"),
        ("2 January", "15 February 1900", None),  # before the anchor: a flashback, unread
        ("27 February", "1899–1902", None),  # no one year to lend
        ("7 September", "1849", None),  # a bare year: perhaps a flashback's
    ],
)
def test_a_day_without_its_year_takes_the_last_dates_year(
    text: str, anchor: str, written: str | None
) -> None:
    from questions.facts import completed

    base = parse_date(anchor)
    assert base is not None
    value = completed(text, base)
    assert (value.text if value else None) == written
