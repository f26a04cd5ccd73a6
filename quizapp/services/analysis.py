"""Item analysis and summary statistics, as pure functions over plain numbers.

The definitions follow Moodle's quiz statistics report (docs.moodle.org "Quiz statistics
calculations", and `question/classes/statistics/questions/calculator.php`), so a teacher
who knows Moodle reads the same numbers here:

- **Facility index** F = 100 × mean(item mark) / item max mark.
- **Discrimination index** (what Moodle's statistics report shows under that name) =
  100 × Pearson correlation between the item mark and the *rest of the test* score (the
  total minus this item), so an item is not correlated with itself. Undefined (None) when
  either has no variance, e.g. everyone got the item right.
- **Discriminative efficiency** = 100 × cov(item, rest) / cov_max, where cov_max pairs the
  item marks and rest scores each sorted ascending: the largest covariance these marks
  could have had. It corrects the index for very easy or hard items.
- **Upper–lower index** (Moodle 1.x "Item analysis" report's discrimination index) =
  100 × (mean fractional mark of the top third − that of the bottom third), students ranked
  by total score; each third has ⌊n/3⌋ students, ties broken by input order.

Callers pass one row per student: the marks of their *first* attempt (Moodle's default),
since later attempts build on the first and break the assumptions behind these numbers.
"""

from __future__ import annotations

import enum
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# Moodle flags discrimination below 20 % as weak and below 0 as a likely broken question;
# facility above 90 % or below 10 % says little about who knows the material.
WEAK_DISCRIMINATION = 20.0
VERY_EASY = 90.0
VERY_HARD = 10.0


class Flag(enum.StrEnum):
    NEGATIVE = "negative discrimination"
    WEAK = "weak discrimination"
    VERY_EASY = "very easy"
    VERY_HARD = "very hard"


@dataclass(frozen=True)
class ItemStats:
    """The statistics of one question (item), percentages in [−100, 100]."""

    index: int  # 0-based position in the quiz
    count: int
    mean: float
    facility: float | None
    discrimination: float | None
    efficiency: float | None
    upper_lower: float | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class Summary:
    count: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None


def summarise(values: Sequence[float]) -> Summary:
    """Count, mean, median, min and max; None for each when there is nothing to summarise."""
    if not values:
        return Summary(0, None, None, None, None)
    return Summary(
        len(values), statistics.fmean(values), statistics.median(values), min(values), max(values)
    )


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The product-moment correlation; None with fewer than two pairs or no variance."""
    if len(xs) < 2:
        return None
    vx, vy = _covariance(xs, xs), _covariance(ys, ys)
    if vx <= 0 or vy <= 0:
        return None
    return _covariance(xs, ys) / math.sqrt(vx * vy)


def discriminative_efficiency(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """cov(x, y) / the covariance of x and y each sorted ascending, as Moodle does."""
    if len(xs) < 2:
        return None
    top = _covariance(sorted(xs), sorted(ys))
    if top <= 0:
        return None
    return _covariance(xs, ys) / top


def upper_lower(fractions: Sequence[float], totals: Sequence[float]) -> float | None:
    """Mean fractional mark of the top third minus that of the bottom third, by total."""
    third = len(totals) // 3
    if third == 0:
        return None
    ranked = sorted(range(len(totals)), key=lambda s: -totals[s])  # stable: input order on ties
    top = statistics.fmean(fractions[s] for s in ranked[:third])
    bottom = statistics.fmean(fractions[s] for s in ranked[-third:])
    return top - bottom


def flags_for(facility: float | None, discrimination: float | None) -> tuple[Flag, ...]:
    found: list[Flag] = []
    if discrimination is not None:
        if discrimination < 0:
            found.append(Flag.NEGATIVE)
        elif discrimination < WEAK_DISCRIMINATION:
            found.append(Flag.WEAK)
    if facility is not None:
        if facility >= VERY_EASY:
            found.append(Flag.VERY_EASY)
        elif facility <= VERY_HARD:
            found.append(Flag.VERY_HARD)
    return tuple(found)


def _pct(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


def item_analysis(marks: Sequence[Sequence[float]], max_marks: Sequence[float]) -> list[ItemStats]:
    """Statistics per item from `marks[student][item]` (one first attempt per student).

    A question a student left unanswered counts as 0, as in Moodle for finished attempts.
    """
    totals = [sum(row) for row in marks]
    result: list[ItemStats] = []
    for i, top_mark in enumerate(max_marks):
        item = [row[i] for row in marks]
        rest = [total - x for total, x in zip(totals, item, strict=True)]
        mean = statistics.fmean(item) if item else 0.0
        facility = 100.0 * mean / top_mark if item and top_mark > 0 else None
        fractions = [x / top_mark if top_mark > 0 else 0.0 for x in item]
        discrimination = _pct(pearson(item, rest))
        result.append(
            ItemStats(
                index=i,
                count=len(item),
                mean=mean,
                facility=facility,
                discrimination=discrimination,
                efficiency=_pct(discriminative_efficiency(item, rest)),
                upper_lower=_pct(upper_lower(fractions, totals)) if top_mark > 0 else None,
                flags=flags_for(facility, discrimination),
            )
        )
    return result


def histogram(percentages: Sequence[float], bins: int = 10) -> list[int]:
    """Counts of percentages in equal bins over 0–100; 100 falls in the last bin."""
    counts = [0] * bins
    for value in percentages:
        clamped = min(max(round(value, 6), 0.0), 100.0)  # 69.999… is 70 %
        counts[min(int(clamped * bins // 100), bins - 1)] += 1
    return counts
