"""Charts as inline SVG (the HTML page loads nothing from outside) and as text for Markdown.

Every label and tooltip is escaped here: outlet names and figures come from articles.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from flows.digest.records import DriftPoint, WeekValue

INK = "#1f4e79"
HIGHLIGHT = "#d9822b"  # this week's bar or point
FAINT = "#c9d3de"
TEXT_BLOCKS = "▁▂▃▄▅▆▇█"


def compact_number(value: float) -> str:
    """1234567 -> '1.23M': short enough for an axis label."""
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}" if value != int(value) else str(int(value))


def text_sparkline(values: list[float]) -> str:
    """'·▂▅█': a middle dot for nothing, otherwise a block scaled to the largest value."""
    peak = max(values, default=0) or 1
    return "".join("·" if v <= 0 else TEXT_BLOCKS[max(1, round(v / peak * 7))] for v in values)


def sparkline(series: list[WeekValue], *, width: int = 156, height: int = 28,
              label: str = "per week") -> Markup:
    """Bars per week, the last (the digest's week) highlighted, each with a tooltip."""
    if not series:
        return Markup("")
    peak = max((p.value for p in series), default=0) or 1
    step = width / len(series)
    bar = max(step - 1, 1)
    parts = []
    for i, point in enumerate(series):
        h = 0 if point.value <= 0 else max(2.0, point.value / peak * (height - 2))
        colour = HIGHLIGHT if i == len(series) - 1 else INK
        parts.append(
            f'<rect x="{i * step:.1f}" y="{height - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{escape(point.week)}: '
            f'{escape(compact_number(point.value))}</title></rect>')
    first, last = series[0], series[-1]
    return Markup(
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}, {escape(first.week)} to {escape(last.week)}">'
        f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" stroke="{FAINT}"/>'
        + "".join(parts) + "</svg>")


def drift_chart(points: list[DriftPoint], *, width: int = 520, height: int = 150) -> Markup:
    """The first figure of each sentence over time, one dot per sentence, joined by a line."""
    plotted = [(i, p) for i, p in enumerate(points) if p.values]
    if not plotted:
        return Markup("")
    left, right, top, bottom = 56, 12, 12, 26
    values = [p.values[0] for _, p in plotted]
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1

    # Spaced by date when every point has one, so a long silence shows as a long gap.
    dated = all(p.published_at for p in points)
    first_time = points[0].published_at.timestamp() if dated else 0
    length = (points[-1].published_at.timestamp() - first_time) if dated else len(points) - 1

    def x(i: int) -> float:
        position = points[i].published_at.timestamp() - first_time if dated else i
        return left + (position / (length or 1)) * (width - left - right)

    def y(v: float) -> float:
        return top + (1 - (v - low) / span) * (height - top - bottom)

    line = " ".join(f"{x(i):.1f},{y(p.values[0]):.1f}" for i, p in plotted)
    dots = []
    for i, p in plotted:
        when = f"{p.published_at:%Y-%m-%d}" if p.published_at else p.week
        figures = ", ".join(p.figures)
        dots.append(
            f'<circle cx="{x(i):.1f}" cy="{y(p.values[0]):.1f}" r="4" '
            f'fill="{HIGHLIGHT if p.this_week else INK}"><title>{escape(when)} '
            f'{escape(p.outlet)}: {escape(figures)}</title></circle>')
    first_when = _when(points[0])
    last_when = _when(points[-1])
    return Markup(
        f'<svg class="drift" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="figure over time, {escape(first_when)} to {escape(last_when)}">'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="{FAINT}"/>'
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        f'stroke="{FAINT}"/>'
        f'<text x="{left - 6}" y="{y(high) + 4:.1f}" text-anchor="end" font-size="11">'
        f'{escape(compact_number(high))}</text>'
        f'<text x="{left - 6}" y="{y(low) + 4:.1f}" text-anchor="end" font-size="11">'
        f'{escape(compact_number(low))}</text>'
        f'<text x="{left}" y="{height - 8}" font-size="11">{escape(first_when)}</text>'
        f'<text x="{width - right}" y="{height - 8}" text-anchor="end" font-size="11">'
        f'{escape(last_when)}</text>'
        f'<polyline points="{line}" fill="none" stroke="{INK}" stroke-width="1.5"/>'
        + "".join(dots) + "</svg>")


def _when(point: DriftPoint) -> str:
    return f"{point.published_at:%Y-%m-%d}" if point.published_at else point.week
