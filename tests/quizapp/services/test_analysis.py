"""Item analysis and the histogram against values computed by hand."""

from __future__ import annotations

import math
import re

import pytest

from quizapp.services import analysis, charts
from quizapp.services.analysis import Flag

# Three students, three items worth 1, 1 and 2 points; totals 4, 2 and 1.
MARKS = [[1, 1, 2], [1, 0, 1], [0, 1, 0]]
MAXIMA = [1, 1, 2]


def test_item_analysis_matches_hand_computed_values() -> None:
    q1, q2, q3 = analysis.item_analysis(MARKS, MAXIMA)
    # Q1: marks 1,1,0 against rest-of-test 3,1,1: r = (2/3) / sqrt(2/3 · 8/3) = 0.5.
    assert q1.facility == pytest.approx(200 / 3)
    assert q1.discrimination == pytest.approx(50.0)
    assert q1.efficiency == pytest.approx(100.0)
    assert q1.upper_lower == pytest.approx(100.0)
    assert q1.flags == ()
    # Q2: marks 1,0,1 against rest 3,2,0: r = (−1/3) / sqrt(2/3 · 14/3) = −1/√28.
    assert q2.facility == pytest.approx(200 / 3)
    assert q2.discrimination == pytest.approx(-100 / math.sqrt(28))
    assert q2.efficiency == pytest.approx(-20.0)  # cov_max pairs 0,1,1 with 0,2,3: 5/3
    assert q2.upper_lower == pytest.approx(0.0)
    assert q2.flags == (Flag.NEGATIVE,)
    # Q3: marks 2,1,0 out of 2 against rest 2,1,1: r = 1 / sqrt(2 · 2/3) = √3/2.
    assert q3.facility == pytest.approx(50.0)
    assert q3.mean == pytest.approx(1.0)
    assert q3.discrimination == pytest.approx(100 * math.sqrt(3) / 2)
    assert q3.efficiency == pytest.approx(100.0)
    assert q3.upper_lower == pytest.approx(100.0)


def test_items_everyone_got_right_have_no_discrimination_and_are_flagged_easy() -> None:
    (item, hard) = analysis.item_analysis([[1, 0], [1, 0], [1, 0]], [1, 1])
    assert item.facility == 100.0 and item.discrimination is None and item.efficiency is None
    assert item.flags == (Flag.VERY_EASY,)
    assert hard.facility == 0.0 and hard.flags == (Flag.VERY_HARD,)


@pytest.mark.parametrize(
    ("facility", "discrimination", "flags"),
    [
        (50.0, 35.0, ()),
        (50.0, 19.9, (Flag.WEAK,)),
        (50.0, 0.0, (Flag.WEAK,)),
        (50.0, -0.1, (Flag.NEGATIVE,)),
        (90.0, 30.0, (Flag.VERY_EASY,)),
        (89.9, 30.0, ()),
        (10.0, -5.0, (Flag.NEGATIVE, Flag.VERY_HARD)),
        (None, None, ()),
    ],
)
def test_flags_follow_moodle_thresholds(
    facility: float | None, discrimination: float | None, flags: tuple[Flag, ...]
) -> None:
    assert analysis.flags_for(facility, discrimination) == flags


def test_upper_lower_uses_thirds_of_the_ranked_students() -> None:
    # Six students ranked by total: thirds of two. Top two got 1 and 1, bottom two 0 and 1.
    fractions = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0]
    totals = [1.0, 9.0, 8.0, 5.0, 2.0, 4.0]
    assert analysis.upper_lower(fractions, totals) == pytest.approx(0.5)
    assert analysis.upper_lower([1.0, 0.0], [2.0, 1.0]) is None  # fewer than three students


def test_pearson_needs_two_pairs_and_variance() -> None:
    assert analysis.pearson([1.0], [2.0]) is None
    assert analysis.pearson([1.0, 1.0], [1.0, 2.0]) is None
    assert analysis.pearson([1.0, 2.0, 3.0], [2.0, 4.0, 6.5]) == pytest.approx(
        4.5 / math.sqrt(2 * 61 / 6)
    )


def test_summary_and_histogram_bins() -> None:
    summary = analysis.summarise([100.0, 50.0, 100.0, 25.0])
    assert (summary.count, summary.mean, summary.median) == (4, 68.75, 75.0)
    assert (summary.minimum, summary.maximum) == (25.0, 100.0)
    assert analysis.summarise([]).mean is None
    counts = analysis.histogram([0.0, 9.99, 10.0, 70 - 1e-12, 99.9, 100.0, 100.0])
    assert counts == [2, 1, 0, 0, 0, 0, 0, 1, 0, 3]


def test_histogram_svg_has_ten_accessible_bars_proportional_to_counts() -> None:
    counts = [0, 1, 0, 2, 0, 4, 0, 0, 0, 3]
    svg = str(charts.histogram_svg(charts.percent_bins(counts), title="Scores on <Quiz & co>"))
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "&lt;Quiz &amp; co&gt;" in svg  # the title is escaped
    bars = re.findall(r'<rect class="bar"[^>]*height="([\d.]+)" data-count="(\d+)"', svg)
    assert [int(c) for _, c in bars] == counts
    heights = [float(h) for h, _ in bars]
    tallest = max(heights)
    for height, count in zip(heights, counts, strict=True):
        assert height == pytest.approx(tallest * count / 4, abs=0.01)
    assert "90–100 %: 3" in svg  # the description carries the data
