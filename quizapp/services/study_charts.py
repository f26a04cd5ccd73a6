"""Study progress: the due forecast, the review heatmap, streak and retention.

Pure functions of counts and dates, with no database: the study queries count, these draw and
compute. Like `charts.histogram_svg`, each chart is an `<svg role="img">` named by its `<title>`
and described by its `<desc>`, a sentence that says in words what the picture shows (a screen
reader reads only that). Every bar and cell also carries its own `<title>`, so pointing at it
shows its number and date: the colours and heights are never the only way to read a value.
Every text that could come from a user (a chart title with a student's name) is escaped.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from fsrs import Rating
from markupsafe import Markup, escape

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LEVELS = 5  # heatmap intensities: 0 for no reviews, 1–4 by quartile of the days with reviews


def day_text(day: date) -> str:
    """'3 Mar 2026': the same in every locale, unlike strftime's %b."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def weekday_text(day: date) -> str:
    """'Tue 3 Mar 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day_text(day)}"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _many(count: int, noun: str) -> str:
    """'No cards', '1 card', '1,234 cards'."""
    if count == 0:
        return f"No {noun}s"
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _check_counts(counts: Iterable[int]) -> None:
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")


def _svg_open(chart_id: str, css_class: str, width: int, height: int) -> str:
    cid = escape(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc">'
    )


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


# --- Forecast: cards due per day -------------------------------------------------------------

F_WIDTH, F_HEIGHT = 640, 240
F_LEFT, F_RIGHT, F_TOP, F_BOTTOM = 48, 12, 16, 40
MIN_BAR = 2.0  # px: a day with one card stays visible beside a day with thousands


def forecast_days(counts: Sequence[int], start: date) -> list[DayCount]:
    """The forecast as rows for a table beside the chart: day 0 is `start` (today)."""
    return [DayCount(start + timedelta(days=i), c) for i, c in enumerate(counts)]


def nice_axis(maximum: int, ticks: int = 4) -> tuple[int, int]:
    """(top, step) of a count axis: about `ticks` steps of 1, 2, 2.5 or 5 times a power of ten.

    37 → (40, 10), 90 → (100, 25), 3 → (3, 1). Counts are whole, so a step is never below 1.
    (0, 1) when there is nothing to count.
    """
    if maximum <= 0:
        return 0, 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    multipliers = (1, 2, 2.5, 5, 10) if magnitude >= 10 else (1, 2, 5, 10)
    step = next(int(m * magnitude) for m in multipliers if m * magnitude >= raw)
    return math.ceil(maximum / step) * step, step


def _label_step(days: int) -> int:
    """Every day for a week or so, then every week, then every few weeks: labels never crowd."""
    if days <= 8:
        return 1
    return 7 * math.ceil(days / 63)


def _span(days: int) -> str:
    return "today" if days == 1 else f"in the next {days} days"


def forecast_summary(counts: Sequence[int], start: date) -> str:
    """The forecast in one sentence, for the chart's description and the page."""
    total = sum(counts)
    span = _span(len(counts))
    if total == 0:
        return f"No cards due {span}."
    busiest = max(range(len(counts)), key=lambda i: (counts[i], -i))
    busiest_day = "today" if busiest == 0 else f"on {weekday_text(start + timedelta(busiest))}"
    week = sum(counts[:7])
    return (
        f"{total:,} card{'' if total == 1 else 's'} due {span}: {counts[0]:,} today "
        f"(overdue included), {week:,} within 7 days. "
        f"Busiest day: {counts[busiest]:,} {busiest_day}."
    )


def _bar_title(count: int, day: date, index: int) -> str:
    cards = _many(count, "card")
    if index == 0:
        return f"{cards} due today, {weekday_text(day)} (overdue included)"
    return f"{cards} due on {weekday_text(day)}"


def forecast_svg(
    counts: Sequence[int],
    start: date,
    *,
    title: str | None = None,
    chart_id: str = "forecast",
) -> Markup:
    """A bar chart of the cards due on each of the next `len(counts)` days.

    Day 0 is `start`, today, and includes every overdue card. The axis runs to a round number
    above the busiest day; each bar's `<title>` gives its count and date, and hovering anywhere
    in a day's column shows it, even when the bar is empty.
    """
    if not counts:
        raise ValueError("a forecast needs at least one day")
    _check_counts(counts)
    days = len(counts)
    title = title or f"Cards due {_span(days)}"
    plot_w, plot_h = F_WIDTH - F_LEFT - F_RIGHT, F_HEIGHT - F_TOP - F_BOTTOM
    base = F_TOP + plot_h
    top, step = nice_axis(max(counts))
    slot = plot_w / days
    cid = escape(chart_id)
    parts = [
        _svg_open(chart_id, "forecast", F_WIDTH, F_HEIGHT),
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(forecast_summary(counts, start))}</desc>',
    ]
    for tick in range(0, top + 1, step):
        y = base - plot_h * tick / top if top else base
        if tick:
            parts.append(
                f'<line class="grid" x1="{F_LEFT}" y1="{_num(y)}" x2="{F_LEFT + plot_w}" '
                f'y2="{_num(y)}"/>'
            )
        parts.append(
            f'<text class="tick" x="{F_LEFT - 6}" y="{_num(y + 4)}" '
            f'text-anchor="end">{tick:,}</text>'
        )
    for i, count in enumerate(counts):
        day = start + timedelta(days=i)
        x = F_LEFT + i * slot
        height = max(plot_h * count / top, MIN_BAR) if count else 0.0
        parts.append(
            f'<g class="day"><title>{escape(_bar_title(count, day, i))}</title>'
            f'<rect class="hit" x="{_num(x)}" y="{F_TOP}" width="{_num(slot)}" '
            f'height="{plot_h}" fill="transparent"/>'
            f'<rect class="bar" x="{_num(x + slot * 0.1)}" y="{_num(base - height)}" '
            f'width="{_num(slot * 0.8)}" height="{_num(height)}" data-count="{count}"/></g>'
        )
    label_step = _label_step(days)
    for i in range(0, days, label_step):
        day = start + timedelta(days=i)
        label = "Today" if i == 0 else f"{day.day} {MONTHS[day.month - 1]}"
        parts.append(
            f'<text class="tick day-label" x="{_num(F_LEFT + (i + 0.5) * slot)}" '
            f'y="{base + 16}" text-anchor="middle">{label}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{F_LEFT}" y1="{base}" x2="{F_LEFT + plot_w}" y2="{base}"/>'
    )
    if top == 0:
        parts.append(
            f'<text class="empty" x="{_num(F_LEFT + plot_w / 2)}" y="{_num(F_TOP + plot_h / 2)}" '
            f'text-anchor="middle">No cards due {_span(days)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


# --- Heatmap: reviews per day over a year ----------------------------------------------------

CELL, GAP = 10, 3
PITCH = CELL + GAP
H_LEFT, H_RIGHT, H_TOP = 30, 16, 20  # room on the right for a month name in the last week
H_LEGEND = 16  # the legend row under the grid
H_SUMMARY = 20  # the summary line under the legend


@dataclass(frozen=True)
class HeatCell:
    day: date
    count: int
    level: int  # 0 (no reviews) to 4 (the busiest quarter of the days with reviews)
    column: int  # weeks from the first column
    row: int  # 0 Monday … 6 Sunday


@dataclass(frozen=True)
class HeatmapSummary:
    first: date
    last: date
    days: int
    total: int
    active_days: int
    busiest: DayCount | None

    @property
    def line(self) -> str:
        """The short line printed under the heatmap."""
        if not self.total:
            return "No reviews in this period"
        assert self.busiest is not None
        return (
            f"{_many(self.total, 'review')} on {_many(self.active_days, 'day')} · busiest: "
            f"{self.busiest.count:,} on {day_text(self.busiest.day)}"
        )

    @property
    def sentence(self) -> str:
        """The whole summary, for the chart's description."""
        span = f"from {weekday_text(self.first)} to {weekday_text(self.last)}"
        if not self.total:
            return f"No reviews {span}."
        assert self.busiest is not None
        share = round(100 * self.active_days / self.days)
        return (
            f"{_many(self.total, 'review')} on {self.active_days:,} of the {self.days:,} days "
            f"{span} ({share} % of days). Busiest day: "
            f"{_many(self.busiest.count, 'review').lower()} on {day_text(self.busiest.day)}."
        )


def heatmap_first_day(end: date, weeks: int = 53) -> date:
    """The Monday that starts the first column: `weeks - 1` weeks before the Monday of `end`.

    53 columns always cover at least a year (364 days and the days of `end`'s own week).
    """
    if weeks < 1:
        raise ValueError("a heatmap needs at least one week")
    return end - timedelta(days=end.weekday() + 7 * (weeks - 1))


def quartiles(values: Sequence[int]) -> tuple[float, float, float]:
    """The three quartiles of `values` (inclusive method: they lie within the data)."""
    if not values:
        return (0.0, 0.0, 0.0)
    if len(values) == 1:
        return (float(values[0]),) * 3
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def heatmap_cells(counts: Mapping[date, int], end: date, weeks: int = 53) -> list[HeatCell]:
    """One cell per day from `heatmap_first_day` to `end`, with its intensity level.

    The levels are the quartiles of the days that have reviews: a day at or below the first
    quartile is level 1, above the third is level 4. Quantiles of the student's own days (rather
    than fixed numbers) make the picture useful at 5 reviews a day and at 500; days without
    reviews are level 0 and never count towards the quartiles, or a year with a few busy weeks
    would paint every study day the darkest colour.
    """
    first = heatmap_first_day(end, weeks)
    days = [first + timedelta(days=i) for i in range((end - first).days + 1)]
    values = [counts.get(day, 0) for day in days]
    _check_counts(values)
    thresholds = quartiles([v for v in values if v])
    return [
        HeatCell(
            day=day,
            count=value,
            level=1 + bisect_left(thresholds, value) if value else 0,
            column=i // 7,
            row=i % 7,
        )
        for i, (day, value) in enumerate(zip(days, values, strict=True))
    ]


def heatmap_summary(cells: Sequence[HeatCell]) -> HeatmapSummary:
    active = [c for c in cells if c.count]
    busiest = max(active, key=lambda c: (c.count, c.day), default=None)
    return HeatmapSummary(
        first=cells[0].day,
        last=cells[-1].day,
        days=len(cells),
        total=sum(c.count for c in active),
        active_days=len(active),
        busiest=DayCount(busiest.day, busiest.count) if busiest else None,
    )


def _cell_title(cell: HeatCell) -> str:
    return f"{_many(cell.count, 'review')} on {day_text(cell.day)}"


def _level_title(level: int, cells: Sequence[HeatCell]) -> str:
    """What a legend swatch stands for in this chart: 'No reviews', '4–7 reviews a day'."""
    if level == 0:
        return "No reviews"
    found = [c.count for c in cells if c.level == level]
    if not found:
        return f"Level {level} of 4: no day at this level"
    low, high = min(found), max(found)
    span = f"{low:,}" if low == high else f"{low:,}–{high:,}"
    return f"Level {level} of 4: {span} review{'' if high == 1 else 's'} a day"


def _month_labels(first: date, last: date) -> list[tuple[int, str]]:
    """(column, text) above the week in which each month begins.

    The first column is labelled with its own month too when it starts mid-month and the next
    label is far enough away not to collide. January and the first label name the year, so
    the two Marches of a year ending in March are told apart.
    """
    starts = [
        (offset // 7, day)
        for offset in range((last - first).days + 1)
        if (day := first + timedelta(days=offset)).day == 1
    ]
    if first.day != 1 and (not starts or starts[0][0] >= 5):
        starts.insert(0, (0, first))
    return [
        (
            column,
            f"{MONTHS[day.month - 1]} {day.year}"
            if i == 0 or day.month == 1
            else MONTHS[day.month - 1],
        )
        for i, (column, day) in enumerate(starts)
    ]


def heatmap_svg(
    counts: Mapping[date, int],
    end: date,
    weeks: int = 53,
    *,
    title: str | None = None,
    chart_id: str = "heatmap",
) -> Markup:
    """A calendar of reviews per day: columns are weeks, rows weekdays from Monday.

    The last column is the week of `end` (today), drawn up to `end`. Month names sit above the
    week in which each month begins; a legend "Less … More" and a summary line sit under the
    grid. Each cell's `<title>` reads "12 reviews on 3 Mar 2026" and each legend swatch's the
    counts it stands for, so nothing depends on telling greens apart. Dates outside the grid
    are ignored.
    """
    cells = heatmap_cells(counts, end, weeks)
    summary = heatmap_summary(cells)
    title = title or "Reviews per day"
    grid_w, grid_h = weeks * PITCH - GAP, 7 * PITCH - GAP
    width = H_LEFT + grid_w + H_RIGHT
    height = H_TOP + grid_h + H_LEGEND + H_SUMMARY
    cid = escape(chart_id)
    description = f"{summary.sentence} Darker cells mean more reviews that day."
    parts = [
        _svg_open(chart_id, "heatmap", width, height),
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]
    for column, text in _month_labels(summary.first, summary.last):
        parts.append(
            f'<text class="tick month" x="{H_LEFT + column * PITCH}" y="{H_TOP - 6}">{text}</text>'
        )
    for row in (0, 2, 4):
        parts.append(
            f'<text class="tick weekday" x="{H_LEFT - 4}" y="{H_TOP + row * PITCH + CELL - 1}" '
            f'text-anchor="end">{WEEKDAYS[row]}</text>'
        )
    for cell in cells:
        parts.append(
            f'<rect class="cell l{cell.level}" x="{H_LEFT + cell.column * PITCH}" '
            f'y="{H_TOP + cell.row * PITCH}" width="{CELL}" height="{CELL}" rx="2">'
            f"<title>{escape(_cell_title(cell))}</title></rect>"
        )
    legend_y = H_TOP + grid_h + 5
    more_x = H_LEFT + grid_w
    swatch_x = more_x - 30 - LEVELS * PITCH
    parts.append(
        f'<text class="tick legend" x="{swatch_x - 4}" y="{legend_y + CELL - 1}" '
        'text-anchor="end">Less</text>'
    )
    for level in range(LEVELS):
        parts.append(
            f'<rect class="cell l{level} swatch" x="{swatch_x + level * PITCH}" y="{legend_y}" '
            f'width="{CELL}" height="{CELL}" rx="2">'
            f"<title>{escape(_level_title(level, cells))}</title></rect>"
        )
    parts.append(
        f'<text class="tick legend" x="{more_x}" y="{legend_y + CELL - 1}" '
        'text-anchor="end">More</text>'
    )
    no_reviews = not any(v > 0 for v in counts.values())
    line = "No reviews yet" if no_reviews else summary.line
    parts.append(f'<text class="summary" x="{H_LEFT}" y="{height - 5}">{escape(line)}</text>')
    if not summary.total:
        note_w, note_h = 220, 30
        note_x, note_y = H_LEFT + (grid_w - note_w) / 2, H_TOP + (grid_h - note_h) / 2
        parts.append(
            f'<rect class="empty-note" x="{_num(note_x)}" y="{_num(note_y)}" width="{note_w}" '
            f'height="{note_h}" rx="4"/>'
            f'<text class="empty" x="{_num(H_LEFT + grid_w / 2)}" y="{_num(note_y + 20)}" '
            f'text-anchor="middle">{escape(line)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


# --- Streak and retention --------------------------------------------------------------------


def streak(days_with_reviews: Iterable[date], today: date) -> int:
    """Days in a row with at least one review, ending today, or yesterday if today has none yet.

    A streak is not broken until the day is over: a student who opens the app at breakfast,
    before studying, still has the streak they built and can keep it by studying tonight.
    Showing 0 then would punish the moment we want them to study. Days after `today` (a clock
    a little ahead elsewhere) are ignored. `today` is the study day (it starts at 4 a.m.).
    """
    days = set(days_with_reviews)
    day = today if today in days else today - timedelta(days=1)
    length = 0
    while day in days:
        length += 1
        day -= timedelta(days=1)
    return length


def true_retention(passed: int, failed: int) -> float | None:
    """Anki's true retention: the share of reviews not rated Again, from 0 to 1.

    Count only reviews of cards in the review state, over the period shown: learning steps
    would inflate it. None when there were no such reviews: "no data" is not "0 %".
    """
    if passed < 0 or failed < 0:
        raise ValueError("review counts cannot be negative")
    total = passed + failed
    return passed / total if total else None


@dataclass(frozen=True)
class RetentionFigures:
    """Reviews of cards in the review state over a period: passed (Hard, Good, Easy) or failed."""

    passed: int
    failed: int

    @classmethod
    def from_ratings(cls, ratings: Iterable[int]) -> RetentionFigures:
        """From the ratings of review-state reviews (1 Again … 4 Easy, as `fsrs.Rating`)."""
        failed = passed = 0
        for rating in ratings:
            if rating == Rating.Again:
                failed += 1
            else:
                passed += 1
        return cls(passed=passed, failed=failed)

    @property
    def reviews(self) -> int:
        return self.passed + self.failed

    @property
    def rate(self) -> float | None:
        return true_retention(self.passed, self.failed)

    @property
    def text(self) -> str:
        """'91.3 %', or '—' with no reviews. Never '100.0 %' after a failure, nor '0.0 %' after
        a pass: rounding must not claim a perfect or a hopeless record that is not."""
        rate = self.rate
        if rate is None:
            return "—"
        percent = round(100 * rate, 1)
        if self.failed and percent >= 100:
            percent = 99.9
        elif self.passed and percent <= 0:
            percent = 0.1
        return f"{percent:.1f} %"
