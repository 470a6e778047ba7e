"""Charts drawn on the server: accessible SVG for the page, PNG (Pillow) for download.

The SVG takes its colours from the page's CSS custom properties through classes (toward.css,
"insights" section), so it follows the light and dark themes; it carries a <title> and a <desc>
and is labelled with aria-labelledby. The numbers behind it are in a table under "show numbers"
on the page. No JavaScript and nothing fetched from elsewhere.
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 520, 210  # narrow enough that labels stay legible on a phone
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 40, 12, 16, 34
PAD_LEFT_LEVEL = 76  # room for "personal" on the depth chart's axis
LEVELS = {0: "none", 1: "surface", 2: "personal", 3: "core"}

# The palette of toward.css, for the PNG (which has no stylesheet): background, text, muted
# text, grid lines, bars.
PNG_THEMES = {
    "light": ("#ffffff", "#2b2521", "#5f554d", "#e2d8cc", "#2f6f6a"),
    "dark": ("#2a2420", "#f1e9e1", "#c9bcb0", "#4a4039", "#7cc2b9"),
}


def period_label(start: date, period: str) -> str:
    return start.strftime("%b %Y") if period == "month" else start.strftime("%-d %b")


def value_label(value: float, unit: str) -> str:
    if unit == "level":
        return LEVELS.get(int(value), str(int(value)))
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _scale_top(series) -> float:
    top = max(series.values, default=0)
    if series.unit == "level":
        return 3.0
    return float(max(1, top))


def describe(series) -> str:
    """The <desc>: what the chart shows in one or two sentences, for a screen reader."""
    if not series.starts:
        return "No weeks to show yet."
    unit = "month" if series.period == "month" else "week"
    first = period_label(series.starts[0], series.period)
    last = period_label(series.starts[-1], series.period)
    values = series.values
    if series.unit == "level":
        deepest = value_label(max(values, default=0), "level")
        span = f"the deepest level reached was {deepest}"
    else:
        span = (
            f"between {value_label(min(values), 'count')} and "
            f"{value_label(max(values), 'count')} a {unit}"
        )
    so_far = f" The last bar, paler, is this {unit} so far." if series.current_partial else ""
    return f"Bars for each {unit} from {first} to {last}: {span}.{so_far} {series.statement}"


def svg(series, *, dom_id: str) -> SafeString:
    """One bar chart as inline SVG."""
    left = PAD_LEFT_LEVEL if series.unit == "level" else PAD_LEFT
    n = max(1, len(series.values))
    top = _scale_top(series)
    plot_w = WIDTH - left - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.72)
    title_id, desc_id = f"{dom_id}-title", f"{dom_id}-desc"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMidYMid meet" focusable="false">',
        f'<title id="{title_id}">{escape(series.title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(series))}</desc>',
    ]
    ticks = [0, 1, 2, 3] if series.unit == "level" else sorted({0, round(top / 2), int(top)})
    for tick in ticks:
        y = PAD_TOP + plot_h - (tick / top) * plot_h
        label = value_label(tick, series.unit)
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{WIDTH - PAD_RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-label" x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    for i, value in enumerate(series.values):
        h = (value / top) * plot_h
        x = left + i * slot + (slot - bar_w) / 2
        partial = series.current_partial and i == len(series.values) - 1
        css = "chart-bar partial" if partial else "chart-bar"
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{PAD_TOP + plot_h - h:.1f}" '
            f'width="{bar_w:.1f}" height="{h:.1f}" rx="2"/>'
        )
    for i in _label_positions(len(series.starts)):
        x = left + i * slot + slot / 2
        anchor = "start" if i == 0 else ("end" if i == len(series.starts) - 1 else "middle")
        x = left if anchor == "start" else (WIDTH - PAD_RIGHT if anchor == "end" else x)
        parts.append(
            f'<text class="chart-label" x="{x:.1f}" y="{HEIGHT - 10}" text-anchor="{anchor}">'
            f"{escape(period_label(series.starts[i], series.period))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def table(series) -> SafeString:
    """The numbers behind a chart (built here rather than in a template loop: with three years
    of weeks and ten charts, the template loop was a third of the page's time)."""
    monthly = series.period == "month"
    body = format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', series.rows)
    return format_html(
        '<table><caption class="visually-hidden">{}, {}</caption>'
        '<thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
        "<tbody>{}</tbody></table>",
        series.title,
        "each month" if monthly else "each week",
        "Month" if monthly else "Week of",
        "Deepest level" if series.unit == "level" else "How many",
        body,
    )


def _label_positions(n: int) -> list[int]:
    if n <= 1:
        return [0] if n else []
    return sorted({0, n // 2, n - 1})


def png(series, *, theme: str = "light", scale: int = 2) -> bytes:
    """The same chart as a PNG, with its title and period labels, for download."""
    left = PAD_LEFT_LEVEL if series.unit == "level" else PAD_LEFT
    from PIL import Image, ImageDraw, ImageFont

    background, text, muted, grid, bar = PNG_THEMES.get(theme, PNG_THEMES["light"])
    head = 40
    width, height = WIDTH * scale, (HEIGHT + head) * scale
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=16 * scale)
    font = ImageFont.load_default(size=11 * scale)
    draw.text((left * scale, 12 * scale), series.title, fill=text, font=title_font)
    n = max(1, len(series.values))
    top = _scale_top(series)
    plot_w = (WIDTH - left - PAD_RIGHT) * scale
    plot_h = (HEIGHT - PAD_TOP - PAD_BOTTOM) * scale
    origin_y = (head + PAD_TOP) * scale + plot_h
    slot = plot_w / n
    ticks = [0, 1, 2, 3] if series.unit == "level" else sorted({0, round(top / 2), int(top)})
    for tick in ticks:
        y = origin_y - (tick / top) * plot_h
        draw.line([(left * scale, y), ((WIDTH - PAD_RIGHT) * scale, y)], fill=grid, width=1)
        label = value_label(tick, series.unit)
        draw.text((left * scale - 6 * scale, y), label, fill=muted, font=font, anchor="rm")
    for i, value in enumerate(series.values):
        h = (value / top) * plot_h
        x0 = left * scale + i * slot + slot * 0.14
        x1 = x0 + max(1.0, slot * 0.72)
        if h > 0:
            draw.rectangle([(x0, origin_y - h), (x1, origin_y)], fill=bar)
    for i in _label_positions(len(series.starts)):
        x = left * scale + i * slot + slot / 2
        anchor = "lm" if i == 0 else ("rm" if i == len(series.starts) - 1 else "mm")
        if anchor == "lm":
            x = left * scale
        elif anchor == "rm":
            x = (WIDTH - PAD_RIGHT) * scale
        label = period_label(series.starts[i], series.period)
        draw.text((x, height - 14 * scale), label, fill=muted, font=font, anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
