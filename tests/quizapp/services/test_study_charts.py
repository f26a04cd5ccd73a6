"""Study progress charts read as a user reads them: bars, cells, titles, labels and the legend.

The SVG is parsed as XML, so a stray `<` from data would fail the parse before any assertion.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.services import study_charts as sc
from quizapp.services.study_charts import RetentionFigures, streak, true_retention

NS = "{http://www.w3.org/2000/svg}"
CSS = Path(__file__).resolve().parents[3] / "static" / "css" / "app.css"
TODAY = date(2026, 3, 3)  # a Tuesday
PLOT_H = sc.F_HEIGHT - sc.F_TOP - sc.F_BOTTOM


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(str(markup))
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert root.find(f"{NS}title").get("id") == title_id  # type: ignore[union-attr]
    assert root.find(f"{NS}desc").get("id") == desc_id  # type: ignore[union-attr]
    return root


def texts(root: ET.Element, css_class: str) -> list[str]:
    return [
        t.text or "" for t in root.iter(f"{NS}text") if css_class in (t.get("class") or "").split()
    ]


def desc(root: ET.Element) -> str:
    return root.findtext(f"{NS}desc") or ""


# --- Forecast -----------------------------------------------------------------------------


def bars(root: ET.Element) -> list[tuple[str, float, int]]:
    """(hover title, bar height, count) for each day, in order."""
    found = []
    for group in root.iter(f"{NS}g"):
        bar = next(r for r in group.iter(f"{NS}rect") if r.get("class") == "bar")
        found.append(
            (
                group.findtext(f"{NS}title") or "",
                float(bar.get("height", "")),
                int(bar.get("data-count", "")),
            )
        )
    return found


def test_forecast_has_a_bar_per_day_titled_with_its_count_and_date() -> None:
    counts = [12, 0, 1, 37, 5] + [2] * 25
    root = parse(sc.forecast_svg(counts, TODAY))
    found = bars(root)
    assert [c for _, _, c in found] == counts
    assert found[0][0] == "12 cards due today, Tue 3 Mar 2026 (overdue included)"
    assert found[1][0] == "No cards due on Wed 4 Mar 2026"
    assert found[2][0] == "1 card due on Thu 5 Mar 2026"
    assert found[3][0] == "37 cards due on Fri 6 Mar 2026"
    assert found[29][0] == "2 cards due on Wed 1 Apr 2026"
    # The axis runs to 40, a round number above the busiest day, in steps of 10.
    assert texts(root, "tick")[:5] == ["0", "10", "20", "30", "40"]
    heights = [h for _, h, _ in found]
    assert max(heights) == heights[3]
    for height, count in zip(heights, counts, strict=True):
        assert height == pytest.approx(PLOT_H * count / 40, abs=0.01)
    assert root.findtext(f"{NS}title") == "Cards due in the next 30 days"
    assert desc(root) == (
        "105 cards due in the next 30 days: 12 today (overdue included), 59 within 7 days. "
        "Busiest day: 37 on Fri 6 Mar 2026."
    )


def test_forecast_labels_today_and_every_week_across_the_new_year() -> None:
    root = parse(sc.forecast_svg([1] * 30, date(2025, 12, 29)))
    assert texts(root, "day-label") == ["Today", "5 Jan", "12 Jan", "19 Jan", "26 Jan"]
    assert bars(root)[3][0] == "1 card due on Thu 1 Jan 2026"
    week = parse(sc.forecast_svg([1] * 7, TODAY))
    assert texts(week, "day-label") == [
        "Today",
        "4 Mar",
        "5 Mar",
        "6 Mar",
        "7 Mar",
        "8 Mar",
        "9 Mar",
    ]


def test_forecast_with_nothing_due_says_so() -> None:
    root = parse(sc.forecast_svg([0] * 30, TODAY))
    assert texts(root, "empty") == ["No cards due in the next 30 days"]
    assert all(h == 0 for _, h, _ in bars(root))
    assert desc(root) == "No cards due in the next 30 days."
    assert texts(root, "tick")[0] == "0"


def test_a_one_day_forecast_speaks_of_today() -> None:
    root = parse(sc.forecast_svg([0], TODAY))
    assert root.findtext(f"{NS}title") == "Cards due today"
    assert texts(root, "empty") == ["No cards due today"] and desc(root) == "No cards due today."
    assert sc.forecast_summary([1], TODAY).startswith("1 card due today: 1 today")


def test_a_single_huge_day_fills_the_axis_and_small_days_stay_visible() -> None:
    root = parse(sc.forecast_svg([10_000, 1, 0, 250], TODAY))
    (_, huge, _), (_, one, _), (_, zero, _), (_, some, _) = bars(root)
    assert huge == pytest.approx(PLOT_H)
    assert one == sc.MIN_BAR and zero == 0
    assert some == pytest.approx(PLOT_H * 250 / 10_000)
    assert texts(root, "tick")[:2] == ["0", "2,500"] and "10,000" in texts(root, "tick")
    assert "Busiest day: 10,000 today." in desc(root)


@pytest.mark.parametrize(
    ("maximum", "top", "step"),
    [(0, 0, 1), (1, 1, 1), (3, 3, 1), (4, 4, 1), (5, 6, 2), (37, 40, 10), (90, 100, 25),
     (100, 100, 25), (101, 150, 50), (10_000, 10_000, 2_500)],
)  # fmt: skip
def test_nice_axis(maximum: int, top: int, step: int) -> None:
    assert sc.nice_axis(maximum) == (top, step)


def test_forecast_refuses_no_days_and_negative_counts() -> None:
    with pytest.raises(ValueError):
        sc.forecast_svg([], TODAY)
    with pytest.raises(ValueError):
        sc.forecast_svg([1, -1], TODAY)


def test_forecast_days_are_rows_for_the_table_beside_the_chart() -> None:
    assert sc.forecast_days([3, 0], date(2024, 2, 28)) == [
        sc.DayCount(date(2024, 2, 28), 3),
        sc.DayCount(date(2024, 2, 29), 0),
    ]


# --- Heatmap ------------------------------------------------------------------------------

TITLE = re.compile(r"^(No|[\d,]+) reviews? on (\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$")


def grid(root: ET.Element) -> list[tuple[date, int, int, float, float]]:
    """(day, count, level, x, y) for each day cell, read back from its title and class."""
    found = []
    for rect in root.iter(f"{NS}rect"):
        classes = (rect.get("class") or "").split()
        if "cell" not in classes or "swatch" in classes:
            continue
        match = TITLE.match(rect.findtext(f"{NS}title") or "")
        assert match, rect.findtext(f"{NS}title")
        amount, day, month, year = match.groups()
        found.append(
            (
                date(int(year), sc.MONTHS.index(month) + 1, int(day)),
                0 if amount == "No" else int(amount.replace(",", "")),
                int(next(c for c in classes if re.fullmatch(r"l\d", c))[1]),
                float(rect.get("x", "")),
                float(rect.get("y", "")),
            )
        )
    return found


def test_heatmap_has_a_cell_per_day_in_weeks_starting_monday() -> None:
    counts = {TODAY: 12, date(2026, 3, 1): 1, date(2025, 3, 3): 4}
    cells = grid(parse(sc.heatmap_svg(counts, TODAY)))
    # 52 full weeks before this one, then Monday and Tuesday of this week.
    assert len(cells) == 52 * 7 + 2
    assert cells[0][0] == date(2025, 3, 3) and cells[-1][0] == TODAY
    assert [c[0] for c in cells] == [date(2025, 3, 3) + timedelta(days=i) for i in range(366)]
    for day, _, _, x, y in cells:
        assert y == sc.H_TOP + day.weekday() * sc.PITCH  # Monday on top
        assert x == sc.H_LEFT + ((day - date(2025, 3, 3)).days // 7) * sc.PITCH
    titled = {c[0]: c[1] for c in cells}
    assert titled[TODAY] == 12 and titled[date(2026, 3, 1)] == 1 and titled[date(2025, 3, 3)] == 4
    root = parse(sc.heatmap_svg(counts, TODAY))
    titles = [r.findtext(f"{NS}title") for r in root.iter(f"{NS}rect")]
    assert "12 reviews on 3 Mar 2026" in titles
    assert "1 review on 1 Mar 2026" in titles
    assert "No reviews on 2 Mar 2026" in titles
    assert texts(root, "weekday") == ["Mon", "Wed", "Fri"]


def test_month_labels_sit_above_the_week_each_month_begins() -> None:
    root = parse(sc.heatmap_svg({}, TODAY))
    labels = [
        (t.text, float(t.get("x", "")))
        for t in root.iter(f"{NS}text")
        if "month" in (t.get("class") or "")
    ]
    # The grid starts Mon 3 Mar 2025; April begins in its fifth week, too close for a
    # "Mar 2025" label on the first, so the first label is April's and names the year.
    names = [
        "Apr 2025",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Jan 2026",
        "Feb",
        "Mar",
    ]
    assert [text for text, _ in labels] == names
    first = date(2025, 3, 3)
    for (_, x), month in zip(labels, [*range(4, 13), 1, 2, 3], strict=True):
        begins = date(2025 if month >= 4 else 2026, month, 1)
        assert x == sc.H_LEFT + ((begins - first).days // 7) * sc.PITCH


def test_a_grid_starting_early_in_a_month_labels_its_first_column() -> None:
    # Ends Sun 31 Aug 2025: the grid starts Mon 2 Sep 2024, four weeks and more before October.
    root = parse(sc.heatmap_svg({}, date(2025, 8, 31)))
    months = texts(root, "month")
    assert months[:3] == ["Sep 2024", "Oct", "Nov"] and months[-1] == "Aug"
    assert months.count("Sep 2024") == 1 and "Sep" not in months


def test_levels_are_the_quartiles_of_the_days_with_reviews() -> None:
    counts = {TODAY - timedelta(days=i): i for i in range(1, 9)}  # 1 … 8 reviews
    cells = grid(parse(sc.heatmap_svg(counts, TODAY)))
    levels = {count: level for _, count, level, _, _ in cells}
    # Quartiles of 1…8 (inclusive): 2.75, 4.5, 6.25.
    assert levels == {0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 3, 7: 4, 8: 4}


def test_many_light_days_stay_light_beside_a_few_heavy_ones() -> None:
    counts = {TODAY - timedelta(days=i): 1 for i in range(90)}
    counts.update({TODAY - timedelta(days=100 + i): 40 for i in range(10)})
    levels = {count: level for _, count, level, _, _ in grid(parse(sc.heatmap_svg(counts, TODAY)))}
    assert levels == {0: 0, 1: 1, 40: 4}


def test_legend_reads_less_to_more_and_names_the_counts_of_each_level() -> None:
    counts = {TODAY - timedelta(days=i): i for i in range(1, 9)}
    root = parse(sc.heatmap_svg(counts, TODAY))
    assert texts(root, "legend") == ["Less", "More"]
    swatches = [r for r in root.iter(f"{NS}rect") if "swatch" in (r.get("class") or "")]
    assert [s.get("class") for s in swatches] == [f"cell l{i} swatch" for i in range(5)]
    assert [s.findtext(f"{NS}title") for s in swatches] == [
        "No reviews",
        "Level 1 of 4: 1–2 reviews a day",
        "Level 2 of 4: 3–4 reviews a day",
        "Level 3 of 4: 5–6 reviews a day",
        "Level 4 of 4: 7–8 reviews a day",
    ]
    same = parse(sc.heatmap_svg({TODAY: 5, TODAY - timedelta(days=1): 5}, TODAY))
    titles = [
        r.findtext(f"{NS}title")
        for r in same.iter(f"{NS}rect")
        if "swatch" in (r.get("class") or "")
    ]
    assert titles[1:] == ["Level 1 of 4: 5 reviews a day"] + [
        f"Level {n} of 4: no day at this level" for n in (2, 3, 4)
    ]


def test_summary_line_and_description_say_what_the_colours_show() -> None:
    counts = {TODAY: 3, date(2025, 12, 25): 2, date(2024, 1, 1): 99}  # the last is outside
    root = parse(sc.heatmap_svg(counts, TODAY))
    assert texts(root, "summary") == ["5 reviews on 2 days · busiest: 3 on 3 Mar 2026"]
    assert desc(root) == (
        "5 reviews on 2 of the 366 days from Mon 3 Mar 2025 to Tue 3 Mar 2026 (1 % of days). "
        "Busiest day: 3 reviews on 3 Mar 2026. Darker cells mean more reviews that day."
    )


def test_a_heatmap_without_reviews_says_no_reviews_yet() -> None:
    root = parse(sc.heatmap_svg({}, TODAY))
    assert texts(root, "empty") == ["No reviews yet"] and texts(root, "summary") == [
        "No reviews yet"
    ]
    assert {level for _, _, level, _, _ in grid(root)} == {0}
    assert desc(root).startswith("No reviews from Mon 3 Mar 2025 to Tue 3 Mar 2026.")
    older = parse(sc.heatmap_svg({date(2020, 5, 1): 7, TODAY: 0}, TODAY))
    assert texts(older, "empty") == ["No reviews in this period"]


def test_leap_day_has_its_cell_only_in_a_leap_year() -> None:
    leap = grid(parse(sc.heatmap_svg({date(2024, 2, 29): 29}, date(2024, 12, 31))))
    assert (date(2024, 2, 29), 29) in [(d, c) for d, c, _, _, _ in leap]
    assert len(leap) == 52 * 7 + 2  # 31 Dec 2024 is a Tuesday
    plain = grid(parse(sc.heatmap_svg({}, date(2025, 12, 31))))
    assert not any(d.month == 2 and d.day == 29 for d, _, _, _, _ in plain)
    assert date(2025, 2, 28) in [d for d, _, _, _, _ in plain]


def test_the_new_year_falls_inside_one_week_column() -> None:
    end = date(2026, 1, 2)  # Friday
    root = parse(sc.heatmap_svg({date(2025, 12, 31): 5, end: 1}, end))
    cells = {d: (x, y) for d, _, _, x, y in grid(root)}
    (x_eve, y_eve), (x_day, y_day) = cells[date(2025, 12, 31)], cells[date(2026, 1, 1)]
    assert x_eve == x_day and (y_eve, y_day) == (sc.H_TOP + 2 * sc.PITCH, sc.H_TOP + 3 * sc.PITCH)
    assert max(cells) == end and len(cells) == 52 * 7 + 5
    assert texts(root, "month")[-1] == "Jan 2026"


def test_chart_titles_with_user_data_are_escaped() -> None:
    name = "<script>alert('x')</script> & \"Ana\""
    for markup in (
        sc.forecast_svg([1], TODAY, title=f"Due for {name}", chart_id='f"x'),
        sc.heatmap_svg({TODAY: 1}, TODAY, title=f"Reviews by {name}", chart_id="h<1>"),
    ):
        assert "<script" not in str(markup) and "&lt;script&gt;" in str(markup)
        root = parse(markup)  # well-formed despite the quotes and brackets
        assert name in (root.findtext(f"{NS}title") or "")


def test_heatmap_refuses_negative_counts_and_no_weeks() -> None:
    with pytest.raises(ValueError):
        sc.heatmap_svg({TODAY: -1}, TODAY)
    with pytest.raises(ValueError):
        sc.heatmap_svg({}, TODAY, weeks=0)


def _css_colours() -> dict[str, str]:
    """The palette's custom properties, '#fff' spelled out as '#ffffff'."""
    found = re.findall(r"--([\w-]+):\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", CSS.read_text())
    return {
        name: "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)
        for name, digits in found
    }


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        def channel(i: int) -> float:
            c = int(colour[i : i + 2], 16) / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)

    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def test_days_with_reviews_stand_out_at_3_to_1_against_the_page_and_empty_days() -> None:
    colours = _css_colours()
    for level in range(1, 5):
        heat = colours[f"heat-{level}"]
        for background in (colours["card"], colours["bg"], colours["heat-0"]):
            assert _contrast(heat, background) >= 3.0, (level, background)
    assert all(
        _contrast(colours[f"heat-{n}"], colours["card"])
        < _contrast(colours[f"heat-{n + 1}"], colours["card"])
        for n in range(4)
    )  # darker means more


review_maps = st.dictionaries(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)),
    st.integers(min_value=0, max_value=5_000),
    max_size=60,
)


@settings(max_examples=25, deadline=None)
@given(
    counts=review_maps,
    end=st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)),
    weeks=st.integers(min_value=1, max_value=53),
)
def test_heatmap_cells_round_trip_their_counts_from_the_titles(
    counts: dict[date, int], end: date, weeks: int
) -> None:
    cells = grid(parse(sc.heatmap_svg(counts, end, weeks)))
    first = end - timedelta(days=end.weekday() + 7 * (weeks - 1))
    assert len(cells) == (end - first).days + 1
    assert [d for d, _, _, _, _ in cells] == [first + timedelta(days=i) for i in range(len(cells))]
    for day, count, _, _, _ in cells:
        assert count == counts.get(day, 0)
    # More reviews never means a lighter cell, and only empty days are level 0.
    ordered = sorted((count, level) for _, count, level, _, _ in cells)
    assert [level for _, level in ordered] == sorted(level for _, level in ordered)
    assert all((level == 0) == (count == 0) for count, level in ordered)


@settings(max_examples=25, deadline=None)
@given(counts=st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=60))
def test_the_tallest_bar_is_the_busiest_day_and_fits_the_axis(counts: list[int]) -> None:
    found = bars(parse(sc.forecast_svg(counts, TODAY)))
    heights = [h for _, h, _ in found]
    assert len(found) == len(counts)
    assert all(0 <= h <= PLOT_H + 1e-6 for h in heights)
    if max(counts):
        assert heights[counts.index(max(counts))] == max(heights)
    assert all((h > 0) == (c > 0) for h, c in zip(heights, counts, strict=True))


# --- Streak and retention -----------------------------------------------------------------


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([], 0),
        (days_ago(0), 1),
        (days_ago(1), 1),  # today is not over: yesterday's streak still stands
        (days_ago(2), 0),
        (days_ago(0, 1, 2, 3), 4),
        (days_ago(1, 2, 3), 3),
        (days_ago(0, 2, 3, 4), 1),  # a gap yesterday ends it
        (days_ago(0, 0, 1, 1), 2),  # several reviews a day count once
        (days_ago(-1, 0), 1),  # a day ahead (another clock) is ignored
    ],
)
def test_streak(days: list[date], expected: int) -> None:
    assert streak(days, TODAY) == expected
    assert streak(iter(days), TODAY) == expected  # any iterable, read once


def test_streak_runs_through_leap_day_and_new_year() -> None:
    assert streak([date(2024, 3, 1), date(2024, 2, 29), date(2024, 2, 28)], date(2024, 3, 1)) == 3
    assert streak([date(2026, 1, 1), date(2025, 12, 31)], date(2026, 1, 2)) == 2


@pytest.mark.parametrize(
    ("passed", "failed", "rate", "text"),
    [
        (0, 0, None, "—"),
        (0, 5, 0.0, "0.0 %"),
        (5, 0, 1.0, "100.0 %"),
        (2, 1, 2 / 3, "66.7 %"),
        (9, 1, 0.9, "90.0 %"),
        (1999, 1, 0.9995, "99.9 %"),  # not "100.0 %" after a failure
        (1, 1999, 0.0005, "0.1 %"),  # not "0.0 %" after a pass
    ],
)
def test_true_retention(passed: int, failed: int, rate: float | None, text: str) -> None:
    assert true_retention(passed, failed) == (None if rate is None else pytest.approx(rate))
    figures = RetentionFigures(passed=passed, failed=failed)
    assert figures.text == text and figures.reviews == passed + failed


def test_retention_counts_again_as_failed_and_the_rest_as_passed() -> None:
    assert RetentionFigures.from_ratings([1, 2, 3, 4, 3, 1]) == RetentionFigures(passed=4, failed=2)
    assert RetentionFigures.from_ratings([]).rate is None
    with pytest.raises(ValueError):
        true_retention(-1, 3)


# --- A page to look at --------------------------------------------------------------------


def test_demo_page_with_both_charts(tmp_path: Path) -> None:
    """Both charts on a page with the app's stylesheet: open demo.html from the pytest tmp dir
    (or screenshot it with headless Chromium) to look at them."""
    reviews = {TODAY - timedelta(days=i): 1 + (i * 37) % 23 for i in range(400) if i % 11 != 7}
    due = [41] + [(i * 7) % 19 for i in range(1, 30)]
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Study progress</title>'
        f'<link rel="stylesheet" href="{CSS.as_uri()}"></head><body><main class="container">'
        '<section class="card"><h2>Cards due</h2><figure class="chart-figure">'
        f"{sc.forecast_svg(due, TODAY)}<figcaption>{sc.forecast_summary(due, TODAY)}</figcaption>"
        '</figure></section><section class="card"><h2>Reviews</h2>'
        f'<figure class="chart-figure chart-scroll">{sc.heatmap_svg(reviews, TODAY)}</figure>'
        f"<p>Streak: {streak([d for d, n in reviews.items() if n], TODAY)} days · true retention "
        f"{RetentionFigures(passed=412, failed=38).text}</p></section></main></body></html>"
    )
    path = tmp_path / "demo.html"
    path.write_text(page, encoding="utf-8")
    assert path.stat().st_size > 10_000
    assert page.count("<svg") == 2 and "Streak: 7 days" in page and "91.6 %" in page
