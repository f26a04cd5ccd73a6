"""Parse, normalise, spell and perturb the date expressions found in a document.

spaCy hands us DATE entities as raw text ("1686–1699", "the late 1930s", "26 December
1921", "the Middle Ages"...). Questions need three things from such a string:

* a sortable, comparable value (`DateValue`), so that facts can be ordered and a typed
  answer can be recognised as "the same date" whatever spelling the student uses;
* the other spellings a teacher would accept (`spellings`);
* wrong dates that *look* exactly like the right one (`format_like`, `distractors`),
  because a distractor in a different style gives the answer away.

Conventions (the bank contract, ``BANK_FORMAT.md``, publishes `value`):

* day ``1921-12-26``, month ``1964-10``, year ``1852`` (years below 1000 are padded to
  four digits, ``0852``, as ISO 8601 wants);
* a range is ``start/end`` in the precision of each end (``1686/1699``,
  ``1921-12-26/1922-01-03``); several ranges or several separate years are joined by
  ``,`` (``2001/2006,2008/2011``; "In 2007 and 2008" is ``2007,2008``). Anything made of
  more than one point has granularity ``"range"`` so that callers need one rule for
  "spans more than one calendar unit";
* decade ``193X`` (TIMEX3). Qualifiers (early/mid/late) do not change the value, only the
  span: early is the first ~third, mid the middle ~third, late the last ~third
  ("the late 1930s" is 1936–1939);
* century ``18XX`` for "the 19th century" (TIMEX3 style, as in the bank examples). Its
  span is 1800–1899, the popular reading that agrees with the value and with the spelling
  "1800s" we accept, rather than the pedantic 1801–1900. Two centuries are ``15XX/16XX``
  when contiguous (or joined by a dash), ``15XX,17XX`` otherwise;
* named eras come from a small table and have value ``start/end`` (``0500/1499``).

Everything is deterministic: randomness comes from `random.Random(seed)` with a string
seed supplied by the caller, never from the global generator.
"""

# The subject of this module is dashes: en dashes in strings and docstrings are deliberate.

from __future__ import annotations

import calendar
import itertools
import math
import random
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

__all__ = [
    "ERAS",
    "MAX_DISTRACTOR_YEAR",
    "MAX_YEAR",
    "MIN_YEAR",
    "DateValue",
    "Granularity",
    "distractors",
    "format_like",
    "matches",
    "parse_date",
    "spellings",
]

Granularity = Literal["day", "month", "year", "range", "decade", "century", "era"]

MIN_YEAR = 500
"""Smallest bare number we read as a year: below it "300" is more likely a count."""
MAX_YEAR = 2100
"""Largest bare number we read as a year."""
MAX_DISTRACTOR_YEAR = 2030
"""Distractors never end after this year: a date in the future is an easy give-away."""

_MAX_TEXT = 120  # entities longer than this are sentences, not dates; also bounds regex work

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUMBER = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBER.update({name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)})
_MONTH_NUMBER["sept"] = 9

_ORDINAL_WORDS = (
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first",
)  # fmt: skip
_ORDINAL_NUMBER = {word: n for n, word in enumerate(_ORDINAL_WORDS) if word}
_ORDINAL_NUMBER["twenty first"] = 21

ERAS: tuple[tuple[str, tuple[str, ...], int, int], ...] = (
    ("Middle Ages", ("medieval period", "medieval era", "medieval times"), 500, 1499),
    ("Renaissance", (), 1400, 1600),
    ("Age of Discovery", ("age of exploration",), 1415, 1600),
    ("early modern period", ("early modern era",), 1500, 1800),
    ("Reformation", ("protestant reformation",), 1517, 1648),
    ("Enlightenment", ("age of enlightenment", "age of reason"), 1685, 1815),
    ("Industrial Revolution", ("first industrial revolution",), 1760, 1840),
    ("Napoleonic era", ("napoleonic period",), 1799, 1815),
    ("Risorgimento", (), 1815, 1871),
    ("Victorian era", ("victorian period",), 1837, 1901),
    ("Belle Époque", ("belle epoque",), 1871, 1914),
    ("interwar period", ("interwar years", "inter-war period"), 1918, 1939),
    ("Fascist era", ("fascist period",), 1922, 1943),
    ("Great Depression", (), 1929, 1939),
    ("Cold War", (), 1947, 1991),
    ("Years of Lead", (), 1968, 1988),
)
"""Named periods we can place on a calendar: (name, aliases, first year, last year).

Boundaries are the conventional textbook ones; they only need to be good enough to order
facts and to keep an era distractor from overlapping the answer.
"""


@dataclass(frozen=True)
class DateValue:
    """A date expression and where it sits on the calendar.

    `text` is the expression exactly as found (leading "in"/"on"/"during" included), so
    that `format_like` can copy its style; `value` is the normalised form described in the
    module docstring; `start_year`..`end_year` is the inclusive span used for ordering
    and for deciding whether two dates overlap.
    """

    text: str
    value: str
    start_year: int
    end_year: int
    granularity: Granularity

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """(start year, month or 0, day or 0, end year): orders facts chronologically."""
        first = re.split(r"[/,]", self.value, maxsplit=1)[0]
        match = _ISO_TOKEN.fullmatch(first)
        month = int(match.group(2)) if match and match.group(2) else 0
        day = int(match.group(3)) if match and match.group(3) else 0
        return (self.start_year, month, day, self.end_year)


# --------------------------------------------------------------------------- shapes
# A date is analysed into a "shape": a str.format template holding the literal text
# (articles, separators, qualifiers) plus slots for the numbers. Rendering the template
# with other numbers is what makes distractors look exactly like the answer.

_ShapeKind = Literal["points", "decade", "century", "era"]


@dataclass(frozen=True)
class _Point:
    """One calendar point (day, month or year) and how it was written."""

    template: str  # slots {y}, {m}, {d}
    year: int
    month: int | None = None
    day: int | None = None
    year_style: str = "full"  # full | pad4 | short ("63" in "1958–63")
    month_style: str = "full"  # full | abbr | num
    month_dot: bool = False
    month_case: str = "title"  # title | lower | upper
    month_pad: bool = False
    day_style: str = "plain"  # plain | pad2 | ordinal
    qualified: bool = False  # "the end of 1964", "early 1964"

    @property
    def granularity(self) -> Granularity:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        if self.day is not None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class _Shape:
    kind: _ShapeKind
    template: str
    points: tuple[_Point, ...] = ()
    groups: tuple[tuple[int, int], ...] = ()  # (first, last) point index of each range
    qualifier: str | None = None  # early | mid | late (decades and centuries)
    decade: int = 0
    centuries: tuple[int, ...] = ()
    century_list: bool = False  # "16th and 18th": a list, not an interval
    ordinal_style: str = "num"  # num | word | Word | hundreds
    era: int = -1  # index into ERAS
    era_suffix: str = ""  # " era" kept from "the Cold War era"


def _escape(literal: str) -> str:
    return literal.replace("{", "{{").replace("}", "}}")


def _template(text: str, slots: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) span replaced by a {name} slot, the rest escaped."""
    out: list[str] = []
    pos = 0
    for start, end, name in sorted(slots):
        out.append(_escape(text[pos:start]))
        out.append("{" + name + "}")
        pos = end
    out.append(_escape(text[pos:]))
    return "".join(out)


def _case_of(word: str) -> str:
    if word.islower():
        return "lower"
    if word.isupper() and len(word) > 1:
        return "upper"
    return "title"


def _apply_case(word: str, case: str) -> str:
    if case == "lower":
        return word.lower()
    if case == "upper":
        return word.upper()
    return word


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _valid_year(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


# --------------------------------------------------------------------------- points

_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_M = rf"(?P<m>{_MONTH_RE}\.?)"
_D = r"(?P<d>\d{1,2}(?:st|nd|rd|th)?)"
_Y = r"(?P<y>\d{3,4})"
_YEAR_QUALIFIER = (
    r"(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|turn|course|spring|summer"
    r"|autumn|fall|winter|first\s+half|second\s+half)\s+of(?:\s+the\s+year)?"
    r"|early|mid|late|spring|summer|autumn|fall|winter|circa|c\."
)
_POINT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")),
    ("slash", re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{3,4})")),
    ("dmy", re.compile(rf"(?:the\s+)?{_D}(?:\s+of)?\s+{_M},?\s+{_Y}", re.I)),
    ("mdy", re.compile(rf"{_M}\s+{_D},?\s+{_Y}", re.I)),
    ("my", re.compile(rf"{_M},?\s+{_Y}", re.I)),
    ("iso", re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})")),
    ("year", re.compile(rf"(?:(?P<q>{_YEAR_QUALIFIER})(?:\s+|\s*-\s*))?{_Y}", re.I)),
)
_ISO_TOKEN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _point(text: str) -> _Point | None:
    """Read one day, month or (possibly qualified) year, or None."""
    for name, pattern in _POINT_PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            return _point_from_match(name, match)
    return None


def _point_from_match(name: str, match: re.Match[str]) -> _Point | None:
    groups = match.groupdict()
    year = int(match.group("y"))
    slots = [(*match.span("y"), "y")]
    month: int | None = None
    day: int | None = None
    month_style, month_case, day_style = "full", "title", "plain"
    month_dot = month_pad = False
    if name == "slash":
        a, b = int(match.group("a")), int(match.group("b"))
        day_group, month_group = ("b", "a") if b > 12 >= a else ("a", "b")
        day, month = int(match.group(day_group)), int(match.group(month_group))
        slots += [(*match.span(day_group), "d"), (*match.span(month_group), "m")]
        month_style, month_pad = "num", match.group(month_group).startswith("0")
        day_style = "pad2" if match.group(day_group).startswith("0") else "plain"
    elif groups.get("m") is not None:
        raw = match.group("m")
        slots.append((*match.span("m"), "m"))
        if name == "iso":
            month, month_style, month_pad = int(raw), "num", True
        else:
            word = raw.rstrip(".")
            month = _MONTH_NUMBER[word.lower()]
            month_style = "full" if word.lower() == MONTHS[month - 1].lower() else "abbr"
            month_dot, month_case = raw.endswith("."), _case_of(word)
        if groups.get("d") is not None:
            raw = match.group("d")
            day = int(re.sub(r"\D", "", raw))
            slots.append((*match.span("d"), "d"))
            day_style = "pad2" if name == "iso" else ("plain" if raw.isdigit() else "ordinal")
    if not _valid_year(year):
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return _Point(
        template=_template(match.group(0), slots),
        year=year,
        month=month,
        day=day,
        year_style="pad4" if name == "iso" else "full",
        month_style=month_style,
        month_dot=month_dot,
        month_case=month_case,
        month_pad=month_pad,
        day_style=day_style,
        qualified=groups.get("q") is not None,
    )


_YEAR_TOKEN = re.compile(r"\d{2,4}")
_RANGE_SEP = re.compile(r"\s*[-–—‐‑]\s*|\s+(?:to|until|till|through)\s+", re.I)
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.I)


def _year_list(body: str) -> _Shape | None:
    """Years and year ranges joined by commas/"and": "1686–1699", "2007 and 2008"."""
    points: list[_Point] = []
    groups: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    while True:
        first = _YEAR_TOKEN.match(body, pos)
        if first is None or len(first.group()) < 3:
            return None
        start_index = len(points)
        points.append(_Point(template="{y}", year=int(first.group())))
        parts.append(f"{{p{start_index}}}")
        pos = first.end()
        sep = _RANGE_SEP.match(body, pos)
        if sep is not None:
            last = _YEAR_TOKEN.match(body, sep.end())
            if last is None:
                return None
            year = int(last.group())
            style = "full"
            if len(last.group()) == 2:
                year += points[-1].year // 100 * 100
                style = "short"
            parts.append(_escape(sep.group()) + f"{{p{len(points)}}}")
            points.append(_Point(template="{y}", year=year, year_style=style))
            pos = last.end()
        groups.append((start_index, len(points) - 1))
        if pos == len(body):
            break
        joint = _LIST_SEP.match(body, pos)
        if joint is None or not joint.group():
            return None
        parts.append(_escape(joint.group()))
        pos = joint.end()
    years = [p.year for p in points]
    if len(points) < 2 or not all(_valid_year(y) for y in years):
        return None
    if any(b <= a for a, b in itertools.pairwise(years)):
        return None
    return _Shape("points", "".join(parts), tuple(points), tuple(groups))


_PAIR_FORMS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"between\s+", re.I), re.compile(r"\s+and\s+", re.I)),
    (
        re.compile(r"from\s+", re.I),
        re.compile(r"\s+(?:to|until|till|through)\s+|\s*[-–—]\s*", re.I),
    ),
    (re.compile(r""), re.compile(r"\s+(?:to|until|till|through)\s+|\s+-\s+|\s*[–—]\s*", re.I)),
)


def _pair(body: str) -> _Shape | None:
    """Two points: "between 1958 and 1968", "from the end of 1964 to 1968", "X – Y"."""
    for lead_re, sep_re in _PAIR_FORMS:
        lead = lead_re.match(body)
        if lead is None:
            continue
        rest = body[lead.end() :]
        for sep in sep_re.finditer(rest):
            left, right = rest[: sep.start()], rest[sep.end() :]
            if not left or not right or left != left.strip() or right != right.strip():
                continue
            a, b = _point(left), _point(right)
            if a is not None and b is not None and a.key < b.key:
                template = _escape(lead.group()) + "{p0}" + _escape(sep.group()) + "{p1}"
                return _Shape("points", template, (a, b), ((0, 1),))
    return None


def _points_shape(body: str) -> _Shape | None:
    single = _point(body)
    if single is not None:
        return _Shape("points", "{p0}", (single,), ((0, 0),))
    return _year_list(body) or _pair(body)


# --------------------------------------------------------------------------- decades, centuries

_QUAL = r"(?:(?P<q>early|mid|late)(?:\s*-\s*|\s+))?"
_DECADE_RE = re.compile(rf"(?:the\s+)?{_QUAL}(?P<dec>\d{{3}}0)(?:'s|’s|s)", re.I)
_ORD_RE = r"\d{1,2}(?:st|nd|rd|th)|" + "|".join(
    sorted((re.escape(w) for w in _ORDINAL_NUMBER), key=len, reverse=True)
)
_CENTURY_RE = re.compile(
    rf"(?:the\s+)?{_QUAL}(?P<c0>{_ORD_RE})"
    rf"(?:\s*(?:-|–|—|to|(?P<and>and|&))\s*(?:the\s+)?(?P<c1>{_ORD_RE}))?"
    r"\s+centur(?:y|ies)(?:\s+(?:ad|ce))?",
    re.I,
)


def _decade_shape(body: str) -> _Shape | None:
    match = _DECADE_RE.fullmatch(body)
    if match is None:
        return None
    decade = int(match.group("dec"))
    qualifier = match.group("q").lower() if match.group("q") else None
    if decade % 100 == 0:  # "the 1800s" names a century, and is how we spell one
        if not 100 <= decade <= MAX_YEAR:
            return None
        return _Shape(
            "century",
            _template(body, [(*match.span("dec"), "c0")]),
            qualifier=qualifier,
            centuries=(decade // 100 + 1,),
            ordinal_style="hundreds",
        )
    if not MIN_YEAR <= decade <= MAX_YEAR:
        return None
    template = _template(body, [(*match.span("dec"), "dec")])
    return _Shape("decade", template, qualifier=qualifier, decade=decade)


def _century_number(word: str) -> int:
    digits = re.sub(r"\D", "", word)
    return int(digits) if digits else _ORDINAL_NUMBER[word.lower().replace("  ", " ")]


def _century_shape(body: str) -> _Shape | None:
    match = _CENTURY_RE.fullmatch(body)
    if match is None:
        return None
    first = _century_number(match.group("c0"))
    slots = [(*match.span("c0"), "c0")]
    centuries = [first]
    if match.group("c1"):
        centuries.append(_century_number(match.group("c1")))
        slots.append((*match.span("c1"), "c1"))
    if not all(1 <= c <= 21 for c in centuries) or (len(centuries) == 2 and centuries[1] <= first):
        return None
    word = match.group("c0")
    style = "num" if word[0].isdigit() else ("Word" if word[0].isupper() else "word")
    return _Shape(
        "century",
        _template(body, slots),
        qualifier=match.group("q").lower() if match.group("q") else None,
        centuries=tuple(centuries),
        century_list=bool(match.group("and")) and centuries[-1] - first > 1,
        ordinal_style=style,
    )


# --------------------------------------------------------------------------- eras


def _fold(text: str) -> str:
    """Accent- and case-insensitive key for the era table."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


_ERA_KEYS: dict[str, int] = {}
for _index, (_name, _aliases, _start, _end) in enumerate(ERAS):
    for _key in (_name, *_aliases):
        _ERA_KEYS[_fold(_key)] = _index
_ERA_SUFFIX = re.compile(r"\s+(?:era|period|years|age)$", re.I)
_ARTICLE = re.compile(r"the\s+", re.I)


def _era_shape(body: str) -> _Shape | None:
    article = _ARTICLE.match(body)
    name_start = article.end() if article else 0
    name = body[name_start:]
    index = _ERA_KEYS.get(_fold(name))
    suffix = ""
    if index is None:
        stripped = _ERA_SUFFIX.search(name)
        if stripped is None:
            return None
        index = _ERA_KEYS.get(_fold(name[: stripped.start()]))
        suffix = stripped.group()
        if index is None:
            return None
    template = _escape(body[:name_start]) + "{era}"
    return _Shape("era", template, era=index, era_suffix=suffix)


# --------------------------------------------------------------------------- parsing

_PREFIX = re.compile(r"(?:in|on|during|throughout)\s+", re.I)


@lru_cache(maxsize=4096)
def _analyse(text: str) -> _Shape | None:
    """The shape of a date expression, or None when it is not a calendar date."""
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_TEXT:
        return None
    prefix_match = _PREFIX.match(stripped)
    prefix = prefix_match.group() if prefix_match else ""
    body = stripped[len(prefix) :]
    for reader in (_era_shape, _century_shape, _decade_shape, _points_shape):
        shape = reader(body)
        if shape is not None:
            return replace(shape, template=_escape(prefix) + shape.template)
    return None


def _qualify(start: int, end: int, qualifier: str | None) -> tuple[int, int]:
    """Narrow a span to its early/mid/late third (ceil, so a decade's third is 4 years)."""
    if qualifier is None:
        return start, end
    length = end - start + 1
    third = math.ceil(length / 3)
    if qualifier == "early":
        return start, start + third - 1
    if qualifier == "late":
        return end - third + 1, end
    first = start + (length - third) // 2
    return first, first + third - 1


def _century_span(century: int) -> tuple[int, int]:
    return max(1, (century - 1) * 100), (century - 1) * 100 + 99


def _to_value(text: str, shape: _Shape) -> DateValue:
    if shape.kind == "points":
        tokens = [
            shape.points[a].iso if a == b else f"{shape.points[a].iso}/{shape.points[b].iso}"
            for a, b in shape.groups
        ]
        years = [p.year for p in shape.points]
        granularity: Granularity = (
            shape.points[0].granularity if len(shape.points) == 1 else "range"
        )
        return DateValue(text, ",".join(tokens), min(years), max(years), granularity)
    if shape.kind == "decade":
        start, end = _qualify(shape.decade, shape.decade + 9, shape.qualifier)
        return DateValue(text, f"{shape.decade // 10:03d}X", start, end, "decade")
    if shape.kind == "century":
        first, last = shape.centuries[0], shape.centuries[-1]
        start, end = _century_span(first)[0], _century_span(last)[1]
        start, end = _qualify(start, end, shape.qualifier)
        joint = "," if shape.century_list else "/"
        value = joint.join(f"{c - 1:02d}XX" for c in shape.centuries)
        return DateValue(text, value, start, end, "century")
    _, _, start, end = ERAS[shape.era]
    return DateValue(text, f"{start:04d}/{end:04d}", start, end, "era")


def parse_date(text: str) -> DateValue | None:
    """Read a date expression, or None when it cannot be placed on the calendar.

    Relative or vague expressions ("summer", "recent years", "the new century",
    "present-day"), durations ("30 years", "five-year") and bare small numbers are None:
    a question built on them would have no single right answer.
    """
    shape = _analyse(text)
    return None if shape is None else _to_value(text, shape)


# --------------------------------------------------------------------------- comparison


def _iso_bounds(token: str) -> tuple[date, date] | None:
    match = _ISO_TOKEN.fullmatch(token)
    if match is None:
        return None
    year = max(1, int(match.group(1)))
    if match.group(3):
        day = date(year, int(match.group(2)), int(match.group(3)))
        return day, day
    if match.group(2):
        month = int(match.group(2))
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last)
    return date(year, 1, 1), date(year, 12, 31)


def interval(dv: DateValue) -> tuple[date, date]:
    """The days a date covers, so a day and another day of the same year do not overlap."""
    if dv.granularity in ("day", "month", "year", "range"):
        tokens = re.split(r"[/,]", dv.value)
        first, last = _iso_bounds(tokens[0]), _iso_bounds(tokens[-1])
        if first is not None and last is not None:
            return first[0], last[1]
    start = min(max(1, dv.start_year), 9999)
    end = min(max(start, dv.end_year), 9999)
    return date(start, 1, 1), date(end, 12, 31)


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


_YEARS_ONLY = re.compile(r"\d{4}(?:/\d{4})?(?:,\d{4}(?:/\d{4})?)*")


def _year_set(value: str) -> frozenset[int] | None:
    if _YEARS_ONLY.fullmatch(value) is None:
        return None
    years: set[int] = set()
    for token in value.split(","):
        first, _, last = token.partition("/")
        years.update(range(int(first), int(last or first) + 1))
    return frozenset(years)


def matches(response: DateValue, answer: DateValue) -> bool:
    """Whether `response` names the answer's date, whatever its spelling.

    Same value, and a span that covers the answer's: dropping a qualifier is tolerated
    ("1930s" for "the late 1930s"), a different one is not ("the early 1930s"). Year
    lists and ranges that cover the same years match ("2007–2008" for "2007 and 2008").
    """
    if response.value == answer.value:
        return response.start_year <= answer.start_year and response.end_year >= answer.end_year
    years = _year_set(response.value)
    return years is not None and years == _year_set(answer.value)


# --------------------------------------------------------------------------- rendering


def _render_point(
    point: _Point, year: int, month: int | None, day: int | None, previous: int | None
) -> str:
    slots: dict[str, str] = {}
    if point.year_style == "pad4":
        slots["y"] = f"{year:04d}"
    elif point.year_style == "short" and previous is not None and year // 100 == previous // 100:
        slots["y"] = f"{year % 100:02d}"
    else:
        slots["y"] = str(year)
    m = month if month is not None else point.month
    if point.month is not None and m is not None:
        m = min(max(m, 1), 12)
        if point.month_style == "num":
            slots["m"] = f"{m:02d}" if point.month_pad else str(m)
        else:
            name = MONTHS[m - 1]
            short = name[:3]
            if point.month_style == "abbr":
                name = short + ("." if point.month_dot and short != name else "")
            slots["m"] = _apply_case(name, point.month_case)
        d = day if day is not None else point.day
        if point.day is not None and d is not None:
            d = min(max(d, 1), calendar.monthrange(year, m)[1])
            if point.day_style == "pad2":
                slots["d"] = f"{d:02d}"
            elif point.day_style == "ordinal":
                slots["d"] = f"{d}{_ordinal_suffix(d)}"
            else:
                slots["d"] = str(d)
    return point.template.format(**slots)


def _render_century(shape: _Shape, century: int) -> str:
    if shape.ordinal_style == "hundreds":
        return str((century - 1) * 100)
    if shape.ordinal_style == "num" or not 1 <= century < len(_ORDINAL_WORDS):
        return f"{century}{_ordinal_suffix(century)}"
    word = _ORDINAL_WORDS[century]
    return word.capitalize() if shape.ordinal_style == "Word" else word


def _era_index(start_year: int, end_year: int | None) -> int | None:
    for index, (_, _, start, end) in enumerate(ERAS):
        if start == start_year and (end_year is None or end == end_year):
            return index
    return None


def format_like(
    dv: DateValue,
    start_year: int,
    *,
    month: int | None = None,
    day: int | None = None,
    end_year: int | None = None,
) -> str:
    """Write another date in exactly the style of `dv.text`.

    Only the numbers change: articles, qualifiers ("the late …s"), separators (en dash
    or hyphen), month-name style and day–month order are copied, so a distractor cannot
    be spotted by its look. `start_year` is the new first year (for a decade or century,
    any year inside it); `month`/`day` replace those of the first point when it has
    them; `end_year` sets the last year of a range (by default the range keeps its
    length). An era is rendered as the table era starting in `start_year`, or as a plain
    "start–end" range when no era fits.
    """
    shape = _analyse(dv.text)
    if shape is None:
        shape = _analyse(dv.value.replace("/", "–")) or _Shape(
            "points", "{p0}", (_Point("{y}", dv.start_year),), ((0, 0),)
        )
    if shape.kind == "points":
        base = [p.year for p in shape.points]
        first, last = base[0], base[-1]
        target_end = end_year if end_year is not None else last + (start_year - first)
        if last == first:
            years = [start_year + (y - first) for y in base]
        else:
            ratio = (target_end - start_year) / (last - first)
            years = [start_year + round((y - first) * ratio) for y in base]
        rendered: dict[str, str] = {}
        previous: int | None = None
        for index, (point, year) in enumerate(zip(shape.points, years, strict=True)):
            first_point = index == 0
            rendered[f"p{index}"] = _render_point(
                point, year, month if first_point else None, day if first_point else None, previous
            )
            previous = year
        return shape.template.format(**rendered)
    if shape.kind == "decade":
        return shape.template.format(dec=str(start_year // 10 * 10))
    if shape.kind == "century":
        first_century = start_year // 100 + 1
        centuries = [first_century]
        if len(shape.centuries) == 2:
            gap = shape.centuries[1] - shape.centuries[0]
            centuries.append(end_year // 100 + 1 if end_year is not None else first_century + gap)
        slots = {f"c{i}": _render_century(shape, c) for i, c in enumerate(centuries)}
        return shape.template.format(**slots)
    era = _era_index(start_year, end_year)
    if era is None:
        span = dv.end_year - dv.start_year
        return f"{start_year}–{end_year if end_year is not None else start_year + span}"
    name = ERAS[era][0]
    last_word = name.rsplit(" ", 1)[-1].lower()
    suffix = "" if last_word in {"era", "period", "ages", "age", "years"} else shape.era_suffix
    return shape.template.format(era=name + suffix)


# --------------------------------------------------------------------------- spellings


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _canonical(point: _Point) -> str:
    if point.month is not None and point.day is not None:
        return f"{point.day} {MONTHS[point.month - 1]} {point.year}"
    if point.month is not None:
        return f"{MONTHS[point.month - 1]} {point.year}"
    return str(point.year)


def _point_spellings(point: _Point) -> list[str]:
    y, m, d = point.year, point.month, point.day
    if m is not None and d is not None:
        full, short = MONTHS[m - 1], MONTHS[m - 1][:3]
        return [
            f"{d} {full} {y}", f"{d} {short} {y}", f"{full} {d}, {y}", f"{short} {d}, {y}",
            f"{y:04d}-{m:02d}-{d:02d}", f"{d}/{m}/{y}",
        ]  # fmt: skip
    if m is not None:
        full, short = MONTHS[m - 1], MONTHS[m - 1][:3]
        return [f"{full} {y}", f"{short} {y}", f"{full}, {y}", f"{y:04d}-{m:02d}"]
    out = [str(y)]
    if point.qualified:
        text = _render_point(point, y, None, None, None)
        out.insert(0, _ARTICLE.sub("", text, count=1))
    return out


def _range_spellings(shape: _Shape) -> list[str]:
    points = shape.points
    if len(shape.groups) == 1:
        a, b = _canonical(points[0]), _canonical(points[-1])
        plain = all(p.month is None for p in points)
        en, hyphen = ("–", "-") if plain else (" – ", " - ")
        return [
            f"{a}{en}{b}", f"{a}{hyphen}{b}", f"{a} to {b}",
            f"from {a} to {b}", f"between {a} and {b}",
        ]  # fmt: skip
    out: list[str] = []
    for dash in ("–", "-"):
        parts = [
            _canonical(points[a])
            if a == b
            else f"{_canonical(points[a])}{dash}{_canonical(points[b])}"
            for a, b in shape.groups
        ]
        out += [", ".join(parts[:-1]) + " and " + parts[-1], ", ".join(parts)]
    years = [p.year for p in points]
    if all(a == b for a, b in shape.groups) and len(years) == 2 and years[1] == years[0] + 1:
        out += [f"{years[0]}–{years[1]}", f"{years[0]}-{years[1]}"]
    return out


def _century_spellings(shape: _Shape) -> list[str]:
    def ordinal(c: int) -> str:
        return f"{c}{_ordinal_suffix(c)}"

    def word(c: int) -> str:
        return _ORDINAL_WORDS[c] if c < len(_ORDINAL_WORDS) else ordinal(c)

    centuries = shape.centuries
    if len(centuries) == 2:
        c0, c1 = centuries
        joint = " and " if shape.century_list else "–"
        bases = [
            f"{ordinal(c0)} and {ordinal(c1)} centuries",
            f"{word(c0)} and {word(c1)} centuries",
            f"{ordinal(c0)}{joint}{ordinal(c1)} centuries",
            f"{ordinal(c0)}-{ordinal(c1)} centuries",
        ]
        return [form for base in bases for form in (base, "the " + base)]
    c = centuries[0]
    bases = [f"{ordinal(c)} century", f"{word(c)} century", f"{(c - 1) * 100}s"]
    out: list[str] = []
    if shape.qualifier:
        for base in bases:
            out += [f"{shape.qualifier} {base}", f"the {shape.qualifier} {base}"]
    for base in bases:
        out += [base, "the " + base]
    return out


def spellings(dv: DateValue) -> list[str]:
    """Other ways a student may type the same date, best known first.

    Never contains `dv.text` itself, never a duplicate, and every entry parses back to a
    date that `matches` `dv`, so the list doubles as the bank's `accept` field and the
    grader agrees with it. A less precise spelling is included where a teacher would
    accept it for a typed answer ("1930s" for "the late 1930s").
    """
    shape = _analyse(dv.text)
    if shape is None:
        return []
    candidates: list[str]
    if shape.kind == "points":
        if len(shape.points) == 1:
            candidates = _point_spellings(shape.points[0])
        else:
            candidates = _range_spellings(shape)
    elif shape.kind == "decade":
        decade, qualifier = f"{shape.decade}s", shape.qualifier
        candidates = []
        if qualifier:
            candidates += [f"{qualifier} {decade}", f"the {qualifier} {decade}"]
            if qualifier == "mid":
                candidates.append(f"mid-{decade}")
        candidates += [decade, f"the {decade}"]
    elif shape.kind == "century":
        candidates = _century_spellings(shape)
    else:
        name, aliases, _, _ = ERAS[shape.era]
        candidates = [form for n in (name, *aliases) for form in (n, "the " + n)]
    out: list[str] = []
    seen = {_squash(dv.text)}
    for candidate in candidates:
        key = _squash(candidate)
        if key in seen:
            continue
        seen.add(key)
        parsed = parse_date(candidate)
        if parsed is not None and matches(parsed, dv):
            out.append(candidate)
    return out


# --------------------------------------------------------------------------- distractors


def _shuffled(items: list[tuple[int, ...]], rng: random.Random) -> list[tuple[int, ...]]:
    rng.shuffle(items)
    return items


def _candidates(dv: DateValue, shape: _Shape, rng: random.Random, scale: int) -> Iterator[str]:
    """Wrong dates in the answer's style, nearest first-ish, widening with `scale`."""
    if shape.kind == "era":
        answer_mid = (dv.start_year + dv.end_year) / 2
        eras = sorted(
            range(len(ERAS)),
            key=lambda i: (abs((ERAS[i][2] + ERAS[i][3]) / 2 - answer_mid), i),
        )
        near = eras[: 4 * scale]
        rng.shuffle(near)
        for index in near:
            yield format_like(dv, ERAS[index][2], end_year=ERAS[index][3])
        return
    if shape.kind in ("decade", "century"):
        step = 10 if shape.kind == "decade" else 100
        reach = (5 if shape.kind == "decade" else 4) * scale
        offsets = [sign * i * step for i in range(1, reach + 1) for sign in (1, -1)]
        rng.shuffle(offsets)
        for offset in offsets:
            yield format_like(dv, dv.start_year + offset)
        return
    points = shape.points
    first, last = points[0].year, points[-1].year
    if len(points) == 1:
        point = points[0]
        # Near the key first: "1901" or "1906" for "1904", and a day within a year or so of
        # the day asked, so wrong choices stay inside the story's own years.
        reach = 6 * scale if point.month is None else scale
        if point.month is None:
            for (offset,) in _shuffled(
                [(s * i,) for i in range(1, reach + 1) for s in (1, -1)], rng
            ):
                yield format_like(dv, first + offset)
        elif point.day is None:
            combos = [(o, m) for o in range(-reach, reach + 1) for m in range(1, 13)]
            for offset, month in _shuffled(list(combos), rng):
                yield format_like(dv, first + offset, month=month)
        else:
            for _ in range(120 * scale):
                year = first + rng.randint(-reach, reach)
                month = rng.randint(1, 12)
                day = rng.randint(1, calendar.monthrange(max(1, year), month)[1])
                yield format_like(dv, year, month=month, day=day)
        return
    width = last - first
    offsets = [s * i for i in range(width + 1, width + 1 + max(5, width) * scale) for s in (1, -1)]
    if len(shape.groups) == 1:
        pairs = [(o, e) for o in offsets for e in range(-2, 3) if width + e > 0]
        for offset, stretch in _shuffled(list(pairs), rng):
            yield format_like(dv, first + offset, end_year=last + offset + stretch)
    else:
        for (offset,) in _shuffled([(o,) for o in offsets], rng):
            yield format_like(dv, first + offset)


def distractors(
    dv: DateValue,
    *,
    k: int,
    seed: str,
    avoid: Iterable[DateValue] = (),
    within: tuple[date | None, date | None] = (None, None),
    latest: int = MAX_DISTRACTOR_YEAR,
) -> list[str]:
    """`k` wrong dates written like `dv`, near it in time, none of them also true.

    A candidate is dropped when its days overlap the answer's (so "1690–1702" is not a
    distractor for "1686–1699") or any date in `avoid` (other dates the document states),
    when it ends after `MAX_DISTRACTOR_YEAR` (a century or era need only start before
    it) or starts before year 1, or when it repeats the answer or one of its spellings.
    The same `seed` gives the same list; fewer than `k` come back when no more exist.
    `within` (first day, last day; either may be None) is the frame a candidate must fall
    strictly inside, and `latest` the last year it may reach.
    """
    if k <= 0:
        return []
    shape = _analyse(dv.text)
    if shape is None:
        return []
    rng = random.Random(seed)
    answer = interval(dv)
    blocked = [interval(other) for other in avoid]
    seen = {_squash(dv.text)} | {_squash(s) for s in spellings(dv)}
    out: list[str] = []
    chosen: list[tuple[date, date]] = []
    for scale in (1, 2, 4):
        for candidate in _candidates(dv, shape, rng, scale):
            key = _squash(candidate)
            if key in seen:
                continue
            seen.add(key)
            parsed = parse_date(candidate)
            if parsed is None or parsed.granularity != dv.granularity or parsed.start_year < 1:
                continue
            late = parsed.granularity in ("century", "era")
            last = parsed.start_year if late else parsed.end_year
            if last > min(latest, MAX_DISTRACTOR_YEAR):
                continue
            span = interval(parsed)
            if (within[0] is not None and span[0] <= within[0]) or (
                within[1] is not None and span[1] >= within[1]
            ):
                continue
            if _overlap(span, answer) or any(_overlap(span, other) for other in blocked):
                continue
            if any(_overlap(span, other) for other in chosen):
                continue  # "1851–1857" beside "1853–1857": two choices, one period
            chosen.append(span)
            out.append(candidate)
            if len(out) == k:
                return out
    return out


_NUMBER_WORDS = {
    "one": 1,
    "a": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}
_RELATIVE = re.compile(
    r"^(?:the\s+)?(?:(?P<next>following|next|subsequent)|(?P<prev>previous|preceding))\s+"
    r"(?P<unit>day|month|year|decade)$"
    r"|^(?P<same>that|the\s+same|this)\s+(?P<unit3>day|month|year)$"
    r"|^(?:that|the\s+same|this)\s+(?P<season>spring|summer|autumn|fall|winter)$"
    r"|^(?P<n>\d{1,3}|[a-z]+)\s+(?P<unit2>days?|months?|years?|decades?)\s+"
    r"(?P<dir>later|after|afterwards|earlier|before|previously)$",
    re.I,
)
_UNIT_NEEDS: dict[str, frozenset[str]] = {
    "day": frozenset({"day"}),
    "month": frozenset({"day", "month"}),
    "year": frozenset({"day", "month", "year"}),
    "decade": frozenset({"day", "month", "year"}),
}


def _day_first(text: str) -> bool:
    """The document writes "3 September 1928", not "September 3, 1928"."""
    return re.search(rf"\b{_MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,", text, re.I) is None


def _year_value(year: int, text: str) -> DateValue:
    """One year, written as `text` ("1945", "the summer of 1858")."""
    return DateValue(
        text=text, value=f"{year:04d}", start_year=year, end_year=year, granularity="year"
    )


def resolve_relative(text: str, anchor: DateValue) -> DateValue | None:
    """ "The following year", "the same month", "the next day", "two years later" against
    the last date the document gave.

    Arithmetic is done at the unit's own granularity and only from an anchor that is one
    point at least that fine: "the next day" after "December 1899" is no day, and "three
    years later" than "1686–1699" is no year. The result is written the way the document
    writes its dates, so a question can put it where the relative phrase stood.
    """
    if anchor.start_year != anchor.end_year and anchor.granularity not in {"day", "month"}:
        return None
    match = _RELATIVE.match(text.strip())
    if match is None:
        return None
    if match.group("season"):
        # "That summer" after "16 June 1858" is the summer of 1858: the year is the answer.
        year = anchor.start_year
        return _year_value(year, f"the {match.group('season').lower()} of {year}")
    if match.group("same"):
        unit, count = match.group("unit3").lower(), 0
    elif match.group("unit"):
        unit = match.group("unit").lower()
        count = 1 if match.group("next") else -1
    else:
        raw = match.group("n").lower()
        number = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
        if number is None:
            return None
        unit = match.group("unit2").lower().rstrip("s")
        forward = match.group("dir").lower() in {"later", "after", "afterwards"}
        count = number if forward else -number
    if anchor.granularity not in _UNIT_NEEDS[unit]:
        return None
    year, month, day, _ = anchor.sort_key
    if unit in {"year", "decade"}:
        year += count * (10 if unit == "decade" else 1)
        if not _valid_year(year):
            return None
        # The value's text is the year itself: that is the answer a question can expect.
        return _year_value(year, str(year))
    if unit == "month":
        index = year * 12 + month - 1 + count
        year, month = divmod(index, 12)
        month += 1
        if not _valid_year(year):
            return None
        return DateValue(
            text=f"{MONTHS[month - 1]} {year}",
            value=f"{year:04d}-{month:02d}",
            start_year=year,
            end_year=year,
            granularity="month",
        )
    try:
        moved = date(year, month, day) + timedelta(days=count)
    except (ValueError, OverflowError):
        return None
    name = MONTHS[moved.month - 1]
    written = (
        f"{moved.day} {name} {moved.year}"
        if _day_first(anchor.text)
        else f"{name} {moved.day}, {moved.year}"
    )
    return DateValue(
        text=written,
        value=moved.isoformat(),
        start_year=moved.year,
        end_year=moved.year,
        granularity="day",
    )
