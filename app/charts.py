"""Charts drawn on the server as SVG: no JavaScript, no chart library, nothing to download.
No Flask here. Each chart has a text alternative, and its figures are also shown as a table.
"""

from __future__ import annotations

from html import escape

# Colours that stay apart for the common colour-vision deficiencies (Okabe & Ito), each with
# its own dash pattern so lines can be told apart without colour too.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999999")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3")
MAX_SERIES = len(PALETTE)


def _nice_top(value: int) -> int:
    """A round number at or above ``value`` for the top of the scale."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 5, 10):
        if value <= factor * step:
            return factor * step
    return 10 * step


def limit_series(series: dict[str, list[int]], keep: int = MAX_SERIES) -> dict[str, list[int]]:
    """The biggest ``keep - 1`` series and the rest added up as "other"."""
    if len(series) <= keep:
        return series
    names = list(series)
    kept = {name: series[name] for name in names[: keep - 1]}
    rest = [series[name] for name in names[keep - 1 :]]
    kept["other"] = [sum(values) for values in zip(*rest, strict=True)]
    return kept


def line_chart(
    chart_id: str, title: str, labels: list[str], series: dict[str, list[int]], width: int = 760, height: int = 320
) -> str:
    """An SVG line chart: one line per series over ``labels`` (for example weeks)."""
    series = limit_series(series)
    left, right, top, bottom = 56, 16, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_top(max((v for values in series.values() for v in values), default=0))
    step = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return left + i * step

    def y(value: int) -> float:
        return top + plot_h - plot_h * value / peak

    total = sum(sum(values) for values in series.values())
    full_height = height + 24 * ((len(series) + 3) // 4)
    summary = f"{title}: {len(series)} series over {len(labels)} periods, {total} in all."
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {full_height}"'
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    # Every top of the scale (5, 10, 20, 50, 100…) splits into five round steps.
    for n in range(6):
        value = peak * n // 5
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#d0d0d0"/>'
            f'<text x="{left - 8}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12" fill="#333">{value}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="end" font-size="11" fill="#333"'
            f' transform="rotate(-40 {x(i):.1f} {top + plot_h + 18})">{escape(label)}</text>'
        )
    legend_top = height
    for n, (name, values) in enumerate(series.items()):
        colour, dash = PALETTE[n], DASHES[n]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} points="{points}"/>')
        for i, v in enumerate(values):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(name)}, {escape(labels[i])}: {v}</title></circle>"
            )
        lx, ly = left + (n % 4) * (plot_w / 4), legend_top + 24 * (n // 4)
        parts.append(
            f'<line x1="{lx:.1f}" x2="{lx + 28:.1f}" y1="{ly:.1f}" y2="{ly:.1f}"'
            f' stroke="{colour}" stroke-width="3"{dash_attr}/>'
            f'<text x="{lx + 34:.1f}" y="{ly + 4:.1f}" font-size="12" fill="#111">{escape(name[:28])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
