"""Whole-run charts as inline SVG: histograms with the filter's thresholds marked, and bar charts.

Every text is escaped; the SVG has a title and labelled axes, and needs no script or font. Each
bar's tooltip says what it counts, and each chart comes with its numbers as a visually hidden table
(the SVG itself is hidden from screen readers, which read the table).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

WIDTH, HEIGHT = 340, 190
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 28, 40
BINS = 24


def data_table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A chart's numbers as a table for screen readers (in a ``visually-hidden`` box); every cell escaped."""
    header = "".join(f'<th scope="col">{escape(name)}</th>' for name in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return (f'<div class="visually-hidden"><table><caption>{escape(caption)}</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>")


def _frame(title: str, body: str, x_label: str, y_label: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" aria-hidden="true" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title>'
        f'<text class="chart-title" x="{LEFT}" y="16">{escape(title)}</text>'
        f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}"/>'
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>'
        f'<text class="axis-label" x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle">{escape(x_label)}</text>'
        f'<text class="axis-label" x="12" y="{(TOP + HEIGHT - BOTTOM) / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {(TOP + HEIGHT - BOTTOM) / 2:.0f})">{escape(y_label)}</text>'
        f"{body}</svg>"
    )


def _number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def histogram(title: str, values: Sequence[float], low: float, high: float, x_label: str,
              thresholds: Sequence[tuple[float, str]] = (), y_label: str = "pairs", empty: str = "no values") -> str:
    """A histogram of ``values`` over ``[low, high]`` (values outside go to the end bins), thresholds as
    dashed lines, then its numbers as a hidden table; ``y_label`` names what the bars count, ``empty``
    is the sentence shown without values."""
    counts = [0] * BINS
    span = high - low
    for value in values:
        index = int((value - low) / span * BINS)
        counts[min(BINS - 1, max(0, index))] += 1
    top = max(counts) or 1
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bar = plot_width / BINS
    parts, rows = [], []
    for index, count in enumerate(counts):
        if count:
            height = count / top * plot_height
            start = "below" if index == 0 and min(values) < low else _number(low + index * span / BINS)
            end = "above" if index == BINS - 1 and max(values) > high else _number(low + (index + 1) * span / BINS)
            rows.append((start, end, f"{count:,}"))
            parts.append(f'<rect class="bar" x="{LEFT + index * bar + 0.5:.1f}" y="{HEIGHT - BOTTOM - height:.1f}" '
                         f'width="{bar - 1:.1f}" height="{height:.1f}"><title>{escape(f"{count:,} {y_label}: {x_label} from {start} to {end}")}'
                         "</title></rect>")
    for tick in (low, (low + high) / 2, high):
        x = LEFT + (tick - low) / span * plot_width
        parts.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 13}" text-anchor="middle">{escape(_number(tick))}</text>')
    parts.append(f'<text class="tick" x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{escape(_number(top))}</text>')
    parts.append(f'<text class="tick" x="{LEFT - 4}" y="{HEIGHT - BOTTOM}" text-anchor="end">0</text>')
    for value, label in thresholds:
        if low <= value <= high:
            x = LEFT + (value - low) / span * plot_width
            parts.append(f'<line class="threshold" x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM}"/>'
                         f'<text class="threshold-label" x="{x + 3:.1f}" y="{TOP + 6}">{escape(label)}</text>')
    if not values:
        parts.append(f'<text class="empty" x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{(TOP + HEIGHT - BOTTOM) / 2:.0f}" '
                     f'text-anchor="middle">{escape(empty)}</text>')
    marks = "; ".join(f"dashed line: {label}" for value, label in thresholds if low <= value <= high)
    caption = f"{title}: {y_label} by {x_label}" + (f" ({marks})" if marks else "") + ("" if values else f": {empty}")
    return _frame(title, "".join(parts), x_label, y_label) + data_table(caption, (f"{x_label} from", "to", y_label), rows)


def bars(title: str, counts: Mapping[str, int], x_label: str = "rows", empty: str = "none") -> str:
    """Horizontal bars, one per key of ``counts`` (largest first), each labelled with its count; with no
    counts, the ``empty`` sentence alone (no axis)."""
    items = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
    row = 18
    height = max(110, TOP + 30 + row * max(1, len(items)))
    label_width = 120
    plot_width = WIDTH - label_width - RIGHT - 40
    top = max((count for _, count in items), default=0) or 1
    parts = []
    for index, (name, count) in enumerate(items):
        y = TOP + index * row
        width = count / top * plot_width
        parts.append(f'<text class="tick" x="{label_width - 4}" y="{y + 12}" text-anchor="end">{escape(str(name)[:22])}</text>'
                     f'<rect class="bar" x="{label_width}" y="{y + 2}" width="{max(width, 1):.1f}" height="{row - 5}">'
                     f'<title>{escape(f"{name}: {count:,} {x_label}")}</title></rect>'
                     f'<text class="tick" x="{label_width + width + 4:.1f}" y="{y + 12}">{count:,}</text>')
    if items:
        parts.append(f'<line class="axis" x1="{label_width}" y1="{TOP}" x2="{label_width}" y2="{TOP + row * len(items)}"/>'
                     f'<text class="axis-label" x="{label_width + plot_width / 2:.0f}" y="{height - 6}" '
                     f'text-anchor="middle">{escape(x_label)}</text>')
    else:
        parts.append(f'<text class="empty" x="{WIDTH / 2:.0f}" y="{height / 2 + 6:.0f}" text-anchor="middle">{escape(empty)}</text>')
    caption = f"{title}: {x_label}" if items else f"{title}: {empty}"
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" aria-hidden="true" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<text class="chart-title" x="8" y="16">{escape(title)}</text>'
        f"{''.join(parts)}</svg>"
        + data_table(caption, ("label", x_label), [(str(name), f"{count:,}") for name, count in items])
    )
