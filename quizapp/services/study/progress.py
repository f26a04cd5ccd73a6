"""Study progress: what a student's cards and reviews add up to, for them and their teacher.

For one student in one class, or every student of a class at once, in a fixed number of
SQL queries whatever the number of students, cards or reviews (students, card counts,
review counts, questions): counts are made by the database, grouped by student and study
day, and only those counts come back.

Study days start at 4 a.m. in the student's zone (`scheduling.study_day`), so "which day"
cannot be a SQL date function: SQLite knows no time zones, and a day with a clock change
lasts 23 or 25 hours. The day boundaries are computed here with `zoneinfo`, exactly as
`study_day` computes them, and sent to the database as a CASE expression over runs of days
of equal length: within a run, the day is (seconds since the run began) // (day length).
A year has a handful of runs (one per clock change, and the changing days themselves), so
the expression stays short and the grouping stays in SQL.

Which reviews count: only study reviews (`ReviewSource.STUDY`), for the heatmap, the streak,
the reviews of the last 7 days and true retention alike. A quiz mistake is logged as an Again
review so that the card comes back soon, but the student did not sit down to study: counting
it would paint a busy day on the heatmap, keep a streak alive and lower retention because of a
quiz. The figures answer "how is this student studying", and a quiz is not studying.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import fsrs
from markupsafe import Markup
from sqlalchemy import BigInteger, ColumnElement, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from quizapp.extensions import db
from quizapp.models import Card, Classroom, Enrollment, Question, Review, ReviewSource, User
from quizapp.services import study_charts
from quizapp.services.quizzes import zone
from quizapp.services.study.cards import studyable
from quizapp.services.study.scheduling import DAY_STARTS_AT_HOUR, study_day
from quizapp.services.study_charts import DayCount, RetentionFigures

FORECAST_DAYS = 30
"""Today (overdue included) and the 29 days after it: Anki's one-month forecast."""

RETENTION_DAYS = 30
"""True retention is measured over the last 30 study days, today included (as Anki's
"Today / Yesterday / Last week / Last month" table offers it)."""

RECENT_DAYS = 7
"""'Reviews in the last 7 days': today and the six study days before it."""

HEATMAP_WEEKS = 53
"""The heatmap's columns. Reviews are counted from its first cell, a Monday 364 to 370 days
back: a year, and no cell of the grid left empty for lack of data."""

OVERDUE_GRACE_DAYS = 3
"""A student is behind when a card has waited more than this many study days."""

AWAY_DAYS = 7
"""A student is behind when they have not studied for this many study days (today included)
while cards are due."""

_LATE = -(OVERDUE_GRACE_DAYS + 1)  # the bucket of cards due before the grace days
_HISTORY = 7 * HEATMAP_WEEKS  # study days of review history read, today included


# --------------------------------------------------------------------------- the study calendar


class epoch_seconds(FunctionElement[int]):
    """Whole seconds since 1970 of a stored UTC time, in SQL (each dialect spells it its way).

    Stored times are naive UTC text on SQLite (see `UTCDateTime`) and `timestamptz` on
    PostgreSQL; both give the true instant here. Fractions of a second are dropped (floor):
    boundaries are whole seconds, so a time just before one never rounds onto it.
    """

    type = BigInteger()
    inherit_cache = True
    name = "epoch_seconds"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(epoch_seconds)
def _epoch_standard(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


@dataclass(frozen=True)
class _Run:
    """Consecutive study days of one length: day `first` starts at `start`."""

    first: int
    days: int
    start: datetime
    seconds: int


@dataclass(frozen=True)
class StudyCalendar:
    """The study days of one time zone around `today`, by index: 0 is today, -1 yesterday.

    `starts[i]` is when day `lo + i` starts (UTC); the last entry is when day `hi - 1` ends.
    Each start is 4 a.m. on the wall clock, as `study_day` has it.
    """

    today: date
    lo: int
    starts: tuple[datetime, ...]

    @property
    def hi(self) -> int:
        return self.lo + len(self.starts) - 1

    def start(self, index: int) -> datetime:
        """When study day `index` starts (`hi` gives the end of the last day)."""
        if not self.lo <= index <= self.hi:
            raise IndexError(index)
        return self.starts[index - self.lo]

    def date_of(self, index: int) -> date:
        return self.today + timedelta(days=index)

    def runs(self, lo: int, hi: int) -> list[_Run]:
        """Days lo … hi-1 grouped into runs of equal length (a clock change ends a run)."""
        found: list[_Run] = []
        for index in range(lo, hi):
            seconds = int((self.start(index + 1) - self.start(index)).total_seconds())
            last = found[-1] if found else None
            if last is not None and last.seconds == seconds:
                found[-1] = _Run(last.first, last.days + 1, last.start, seconds)
            else:
                found.append(_Run(index, 1, self.start(index), seconds))
        return found


def study_calendar(at: datetime, tz_name: str | None, lo: int, hi: int) -> StudyCalendar:
    """The calendar of study days lo … hi-1 around the study day holding `at`."""
    tz = zone(tz_name)
    day = study_day(at, tz_name)
    today = day.start.astimezone(tz).date()
    starts = tuple(
        datetime.combine(today + timedelta(days=i), time(DAY_STARTS_AT_HOUR), tzinfo=tz).astimezone(
            UTC
        )
        for i in range(lo, hi + 1)
    )
    calendar = StudyCalendar(today=today, lo=lo, starts=starts)
    assert calendar.start(0) == day.start and calendar.start(1) == day.end
    return calendar


def _seconds(moment: datetime) -> ColumnElement[int]:
    return literal(int(moment.timestamp()), BigInteger)


def day_number(
    column: ColumnElement[datetime] | InstrumentedAttribute[datetime],
    calendar: StudyCalendar,
    lo: int,
    hi: int,
) -> ColumnElement[int]:
    """SQL: the index of the study day holding `column`, for days lo … hi-1 of `calendar`;
    `lo - 1` for any earlier time and `hi` for any later one."""
    whens: list[tuple[ColumnElement[bool], ColumnElement[int] | int]] = [
        (column < calendar.start(lo), lo - 1)
    ]
    for run in calendar.runs(lo, hi):
        elapsed = epoch_seconds(column) - _seconds(run.start)
        whens.append(
            (
                column < calendar.start(run.first + run.days),
                elapsed // literal(run.seconds, BigInteger) + literal(run.first, BigInteger),
            )
        )
    return case(*whens, else_=hi)


@dataclass(frozen=True)
class _Zone:
    """The students of one stored time zone, and that zone's calendar."""

    student_ids: tuple[int, ...]
    calendar: StudyCalendar


def _per_zone(
    student_column: ColumnElement[int] | InstrumentedAttribute[int],
    zones: Sequence[_Zone],
    expression: Callable[[StudyCalendar], ColumnElement[int]],
) -> ColumnElement[int]:
    """SQL: `expression` with each student's own calendar (one CASE branch per zone)."""
    *others, last = zones
    if not others:
        return expression(last.calendar)
    return case(
        *[(student_column.in_(z.student_ids), expression(z.calendar)) for z in others],
        else_=expression(last.calendar),
    )


# --------------------------------------------------------------------------- the figures


class Behind(enum.StrEnum):
    """Why a student is flagged as behind (a teacher sees these first).

    * `OVERDUE`: a card has been due for more than `OVERDUE_GRACE_DAYS` study days. A day or
      two of delay is normal (a weekend); after that the backlog grows faster than it is
      cleared, and FSRS's intervals were chosen for reviews on time. A student who studies
      every day but whose backlog exceeds the daily review limit is caught by this too.
    * `AWAY`: no study review in the last `AWAY_DAYS` study days while cards are due today.
      It catches the student who stopped before any card got very late, and the student who
      has never studied although quiz mistakes put cards in front of them.
    """

    OVERDUE = "overdue"
    AWAY = "away"


@dataclass(frozen=True)
class StudentProgress:
    """One student's study in one class, on their own study day `today` (local date).

    `forecast[0]` is today with every overdue card; `forecast[i]` the cards due on day i.
    `reviews_by_day` holds the study reviews of each study day with any, over the heatmap's
    year; `retention` the review-state reviews of the last `RETENTION_DAYS` days. The streak
    is counted within that year: a longer one shows as the year's length.
    """

    student_id: int
    name: str
    email: str
    timezone: str
    today: date
    forecast: tuple[int, ...]
    overdue: int
    overdue_long: int
    studied: int
    new_left: int
    reviews_by_day: Mapping[date, int]
    retention: RetentionFigures
    streak: int
    reviews_recent: int
    last_studied: datetime | None
    behind: tuple[Behind, ...]

    @property
    def due_today(self) -> int:
        return self.forecast[0]

    @property
    def is_behind(self) -> bool:
        return bool(self.behind)


@dataclass(frozen=True)
class ClassProgress:
    """A class's study, summed over its students, and each student's own figures.

    `students` come behind first (most overdue first), then by name. The forecast adds up
    each student's own days (day 0 is each one's today); `reviews_by_day` adds up reviews by
    the date of the study day they fall in. `today` is the viewer's study day.
    """

    class_id: int
    today: date
    students: tuple[StudentProgress, ...]
    forecast: tuple[int, ...]
    reviews_by_day: Mapping[date, int]
    retention: RetentionFigures

    @property
    def behind(self) -> list[StudentProgress]:
        return [s for s in self.students if s.is_behind]

    @property
    def due_today(self) -> int:
        return sum(s.due_today for s in self.students)

    @property
    def overdue(self) -> int:
        return sum(s.overdue for s in self.students)

    @property
    def reviews_recent(self) -> int:
        return sum(s.reviews_recent for s in self.students)

    @property
    def studied(self) -> int:
        return sum(s.studied for s in self.students)

    @property
    def heatmap_end(self) -> date:
        """The heatmap's last day: today, or a student's later date in a zone ahead of ours."""
        return max([self.today, *(s.today for s in self.students)])


@dataclass(frozen=True)
class _Student:
    id: int
    name: str
    email: str
    timezone: str
    last_studied: datetime | None
    cards: int  # questions that are their cards now


@dataclass
class _ReviewTotals:
    by_day: dict[date, int]
    passed: int = 0
    failed: int = 0
    recent: int = 0


def student_progress(student: User, classroom: Classroom, at: datetime) -> StudentProgress:
    """One enrolled student's progress in the class at `at`."""
    found = _progress(classroom.id, at, student_id=student.id)
    if not found:
        raise LookupError(f"student {student.id} is not in class {classroom.id}")
    return found[0]


def class_progress(classroom: Classroom, at: datetime, tz_name: str | None) -> ClassProgress:
    """Every student's progress in the class, and the class's totals, for a viewer in
    zone `tz_name` (the teacher: their today labels the class's charts)."""
    students = tuple(sorted(_progress(classroom.id, at), key=_table_order))
    forecast = [0] * FORECAST_DAYS
    by_day: Counter[date] = Counter()
    passed = failed = 0
    for s in students:
        forecast = [a + b for a, b in zip(forecast, s.forecast, strict=True)]
        by_day.update(s.reviews_by_day)
        passed += s.retention.passed
        failed += s.retention.failed
    return ClassProgress(
        class_id=classroom.id,
        today=study_calendar(at, tz_name, 0, 1).today,
        students=students,
        forecast=tuple(forecast),
        reviews_by_day=dict(by_day),
        retention=RetentionFigures(passed=passed, failed=failed),
    )


def _table_order(s: StudentProgress) -> tuple[int, int, str, int]:
    """Behind first, the most overdue of them first; everyone else by name."""
    if s.is_behind:
        return (0, -s.overdue, s.name.casefold(), s.student_id)
    return (1, 0, s.name.casefold(), s.student_id)


def _progress(class_id: int, at: datetime, student_id: int | None = None) -> list[StudentProgress]:
    """The figures of the class's students (or of one), from four queries in all."""
    students = _students(class_id, student_id, at)
    if not students:
        return []
    by_zone: dict[str, list[int]] = defaultdict(list)
    for s in students:
        by_zone[s.timezone].append(s.id)
    zones = [
        _Zone(tuple(ids), study_calendar(at, name, -_HISTORY, FORECAST_DAYS))
        for name, ids in sorted(by_zone.items())
    ]
    calendars = {sid: z.calendar for z in zones for sid in z.student_ids}
    buckets = _card_buckets(class_id, zones, at)
    reviews = _review_totals(class_id, zones)
    result = []
    for s in students:
        calendar = calendars[s.id]
        counts = buckets.get(s.id, Counter())
        totals = reviews.get(s.id) or _ReviewTotals(by_day={})
        overdue_long = sum(n for bucket, n in counts.items() if bucket <= _LATE)
        overdue = overdue_long + sum(n for bucket, n in counts.items() if _LATE < bucket < 0)
        forecast = [counts.get(i, 0) for i in range(FORECAST_DAYS)]
        forecast[0] += overdue
        studied = sum(counts.values())
        behind: list[Behind] = []
        if overdue_long:
            behind.append(Behind.OVERDUE)
        away_since = calendar.start(1 - AWAY_DAYS)
        if forecast[0] and (s.last_studied is None or s.last_studied < away_since):
            behind.append(Behind.AWAY)
        result.append(
            StudentProgress(
                student_id=s.id,
                name=s.name,
                email=s.email,
                timezone=s.timezone,
                today=calendar.today,
                forecast=tuple(forecast),
                overdue=overdue,
                overdue_long=overdue_long,
                studied=studied,
                new_left=max(0, s.cards - studied),
                reviews_by_day=totals.by_day,
                retention=RetentionFigures(passed=totals.passed, failed=totals.failed),
                streak=study_charts.streak(totals.by_day, calendar.today),
                reviews_recent=totals.recent,
                last_studied=s.last_studied,
                behind=tuple(behind),
            )
        )
    return result


# --------------------------------------------------------------------------- the queries


def _students(class_id: int, student_id: int | None, at: datetime) -> list[_Student]:
    """The class's students (or the one asked for, if enrolled), with their last study
    review and how many questions are their cards at `at`.

    The last review is a correlated `ORDER BY reviewed_at DESC LIMIT 1`, which the index on
    (student, class, reviewed_at) answers without reading the student's history.
    """
    last = (
        select(Review.reviewed_at)
        .where(
            Review.student_id == User.id,
            Review.class_id == class_id,
            Review.source == ReviewSource.STUDY,
        )
        .order_by(Review.reviewed_at.desc())
        .limit(1)
        .correlate(User)
        .scalar_subquery()
    )
    cards = (
        select(func.count(Question.id))
        .where(studyable(class_id, User.id, at))
        .correlate(User)
        .scalar_subquery()
    )
    query = (
        select(
            User.id, User.name, User.email, User.timezone, last.label("last"), cards.label("cards")
        )
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.class_id == class_id)
        .order_by(User.name, User.id)
    )
    if student_id is not None:
        query = query.where(User.id == student_id)
    return [
        _Student(row.id, row.name, row.email, row.timezone or "UTC", row.last, row.cards)
        for row in db.session.execute(query)
    ]


def _card_buckets(class_id: int, zones: Sequence[_Zone], at: datetime) -> dict[int, Counter[int]]:
    """Per student: how many of their cards (questions still their cards at `at`) fall due
    in each bucket: 0 … FORECAST_DAYS-1 the study days from today, FORECAST_DAYS any later,
    -1 … _LATE+1 the grace days before today, and _LATE anything earlier."""

    def bucket(calendar: StudyCalendar) -> ColumnElement[int]:
        return day_number(Card.due, calendar, _LATE + 1, FORECAST_DAYS)

    ids = [sid for z in zones for sid in z.student_ids]
    cards = (
        select(
            Card.student_id.label("student_id"),
            _per_zone(Card.student_id, zones, bucket).label("bucket"),
        )
        .join(Question, Question.id == Card.question_id)
        .where(
            Card.class_id == class_id,
            Card.student_id.in_(ids),
            studyable(class_id, Card.student_id, at),
        )
        .subquery()
    )
    found: dict[int, Counter[int]] = defaultdict(Counter)
    rows = db.session.execute(
        select(cards.c.student_id, cards.c.bucket, func.count()).group_by(
            cards.c.student_id, cards.c.bucket
        )
    )
    for student_id, day, count in rows:
        found[student_id][int(day)] += count
    return found


def _review_totals(class_id: int, zones: Sequence[_Zone]) -> dict[int, _ReviewTotals]:
    """Per student: study reviews per study day over the history read, and the pass/fail
    counts of true retention, from one query grouped by student and day."""
    ids = [sid for z in zones for sid in z.student_ids]
    in_review = Review.prior_state == int(fsrs.State.Review)
    again = Review.rating == int(fsrs.Rating.Again)
    reviews = (
        select(
            Review.student_id.label("student_id"),
            _per_zone(
                Review.student_id,
                zones,
                lambda c: day_number(Review.reviewed_at, c, _heatmap_start(c), 1),
            ).label("day"),
            (in_review & again).label("failed"),
            (in_review & ~again).label("passed"),
        )
        .where(
            Review.class_id == class_id,
            Review.student_id.in_(ids),
            Review.source == ReviewSource.STUDY,
            Review.reviewed_at >= min(z.calendar.start(_heatmap_start(z.calendar)) for z in zones),
            Review.reviewed_at < max(z.calendar.start(1) for z in zones),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(
            reviews.c.student_id,
            reviews.c.day,
            func.count(),
            func.count().filter(reviews.c.failed),
            func.count().filter(reviews.c.passed),
        ).group_by(reviews.c.student_id, reviews.c.day)
    )
    calendars = {sid: z.calendar for z in zones for sid in z.student_ids}
    found: dict[int, _ReviewTotals] = {}
    for student_id, day, count, failed, passed in rows:
        index = int(day)
        if not _heatmap_start(calendars[student_id]) <= index <= 0:  # another zone's window
            continue
        totals = found.setdefault(student_id, _ReviewTotals(by_day={}))
        totals.by_day[calendars[student_id].date_of(index)] = count
        if index > -RETENTION_DAYS:
            totals.failed += failed
            totals.passed += passed
        if index > -RECENT_DAYS:
            totals.recent += count
    return found


def _heatmap_start(calendar: StudyCalendar) -> int:
    """The index of the heatmap's first day (a Monday 364 to 370 days before today)."""
    first = study_charts.heatmap_first_day(calendar.today, HEATMAP_WEEKS)
    return (first - calendar.today).days


# --------------------------------------------------------------------------- for the pages


@dataclass(frozen=True)
class MonthTotal:
    """One month of the heatmap, in words: the table beside the picture."""

    label: str
    reviews: int
    days: int


@dataclass(frozen=True)
class ForecastRow:
    """One day of the forecast, in words: the table beside the chart."""

    label: str
    count: int


@dataclass(frozen=True)
class ProgressCharts:
    """The two charts of a progress page, and their data in words for the tables under them."""

    forecast: Markup
    forecast_rows: list[ForecastRow]
    forecast_summary: str
    heatmap: Markup
    months: list[MonthTotal]


def forecast_rows(days: Sequence[DayCount]) -> list[ForecastRow]:
    """'Today, Mon 10 Mar 2025 (overdue included)' then 'Tue 11 Mar 2025', …"""
    return [
        ForecastRow(
            f"Today, {study_charts.weekday_text(d.day)} (overdue included)"
            if i == 0
            else study_charts.weekday_text(d.day),
            d.count,
        )
        for i, d in enumerate(days)
    ]


def months(reviews_by_day: Mapping[date, int], first: date, last: date) -> list[MonthTotal]:
    """Reviews and days studied per calendar month from `first` to `last`, newest first."""
    totals: dict[tuple[int, int], list[int]] = {}
    day = first
    while day <= last:
        totals.setdefault((day.year, day.month), [0, 0])
        day += timedelta(days=1)
    for day, count in reviews_by_day.items():
        if first <= day <= last and count:
            entry = totals[(day.year, day.month)]
            entry[0] += count
            entry[1] += 1
    return [
        MonthTotal(f"{study_charts.MONTHS[month - 1]} {year}", reviews, days)
        for (year, month), (reviews, days) in sorted(totals.items(), reverse=True)
    ]


def charts(
    forecast: Sequence[int],
    reviews_by_day: Mapping[date, int],
    today: date,
    *,
    who: str | None = None,
    heatmap_end: date | None = None,
) -> ProgressCharts:
    """The forecast and the heatmap; `who` (a student's or class's name) ends their titles."""
    suffix = f": {who}" if who else ""
    end = heatmap_end or today
    return ProgressCharts(
        forecast=study_charts.forecast_svg(
            forecast, today, title=f"Cards due in the next {len(forecast)} days{suffix}"
        ),
        forecast_rows=forecast_rows(study_charts.forecast_days(forecast, today)),
        forecast_summary=study_charts.forecast_summary(forecast, today),
        heatmap=study_charts.heatmap_svg(
            reviews_by_day, end, HEATMAP_WEEKS, title=f"Study reviews per day{suffix}"
        ),
        months=months(reviews_by_day, study_charts.heatmap_first_day(end, HEATMAP_WEEKS), end),
    )
