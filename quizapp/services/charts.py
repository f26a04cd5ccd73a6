"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable by screen readers.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`;
pages put a data table beside it for anyone who cannot see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 48


@dataclass(frozen=True)
class Bin:
    label: str  # "0–9 %", "90–100 %"
    count: int


def percent_bins(counts: Sequence[int]) -> list[Bin]:
    """Name the bins of `analysis.histogram`: ten equal bins over 0–100 %."""
    width = 100 // len(counts)
    last = len(counts) - 1
    return [
        Bin(f"{i * width}–{100 if i == last else (i + 1) * width - 1} %", c)
        for i, c in enumerate(counts)
    ]


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def histogram_svg(bins: Sequence[Bin], *, title: str, chart_id: str = "histogram") -> Markup:
    """A bar chart of `bins`; each bar's height is proportional to its count."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max((b.count for b in bins), default=0) or 1
    slot = plot_w / max(len(bins), 1)
    total = sum(b.count for b in bins)
    described = "; ".join(f"{b.label}: {b.count}" for b in bins)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{total} attempts by percentage score. {escape(described)}.'
        "</desc>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" '
        f'y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
    ]
    for i, b in enumerate(bins):
        h = plot_h * b.count / top
        x = LEFT + i * slot + slot * 0.1
        y = TOP + plot_h - h
        parts.append(
            f'<rect class="bar" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(slot * 0.8)}" '
            f'height="{_fmt(h)}" data-count="{b.count}"/>'
        )
        if b.count:
            parts.append(
                f'<text class="count" x="{_fmt(x + slot * 0.4)}" y="{_fmt(y - 4)}" '
                f'text-anchor="middle">{b.count}</text>'
            )
        parts.append(
            f'<text class="tick" x="{_fmt(x + slot * 0.4)}" y="{TOP + plot_h + 16}" '
            f'text-anchor="middle">{escape(b.label.split("–")[0])}</text>'
        )
    parts.append(
        f'<text class="tick" x="{LEFT + plot_w / 2}" y="{HEIGHT - 8}" '
        'text-anchor="middle">Percentage score (bins of 10 points)</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
