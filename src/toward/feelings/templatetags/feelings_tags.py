"""The wheel's feelings as HTML built once per process (docs/PERFORMANCE.md).

The check-in form has three selects of every feeling and the history filter one more, and the
history shows a chip for every feeling named in a month: written as template loops they cost more
than the rest of those pages together. The wheel changes only with the content files, which load
once per process, so each option's HTML is built once, selected and not, and each chip once per
feeling and intensity; a request only picks among them.
"""

from __future__ import annotations

from functools import cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from toward.feelings import services as wheel

register = template.Library()

_CORE_LABELS = {
    # how a core feeling reads in its own option: in a picker just its name; in a filter it
    # stands for everything under it
    "picker": "{label}",
    "filter": "{label} (and everything under it)",
}


@cache
def _options(flavour: str) -> tuple[tuple[str | None, SafeString, SafeString], ...]:
    """(feeling id or None for markup around the options, HTML not selected, HTML selected)."""

    def option(feeling_id: str, label: str) -> tuple[str, SafeString, SafeString]:
        return (
            feeling_id,
            format_html('<option value="{}">{}</option>', feeling_id, label),
            format_html('<option value="{}" selected>{}</option>', feeling_id, label),
        )

    parts: list[tuple[str | None, SafeString, SafeString]] = []
    for core in wheel.tree():
        group = format_html('<optgroup label="{}">', capfirst(core.feeling.label))
        parts.append((None, group, group))
        parts.append(
            option(core.feeling.id, _CORE_LABELS[flavour].format(label=core.feeling.label))
        )
        for second in core.branches:
            parts.append(option(second.feeling.id, second.feeling.label))
            for precise in second.branches:
                label = f"{second.feeling.label} › {precise.feeling.label}"
                parts.append(option(precise.feeling.id, label))
        parts.append((None, mark_safe("</optgroup>"), mark_safe("</optgroup>")))  # noqa: S308
    return tuple(parts)


@cache
def _chip(feeling: wheel.Feeling, intensity: int) -> SafeString:
    dots = "".join(
        '<span class="dot on"></span>' if n <= intensity else '<span class="dot"></span>'
        for n in range(1, 6)
    )
    return format_html(
        '<span class="feeling-chip c-{}" title="{}">{}<span class="dots" role="img" '
        'aria-label=", {} of 5">{}</span></span>',
        feeling.colour,
        feeling.definition,
        feeling.label,
        intensity,
        mark_safe(dots),  # noqa: S308 - fixed markup
    )


@register.simple_tag
def feeling_chip(named) -> SafeString:
    """A named feeling (checkins' FeelingNamed) as a chip: its colour family, its name, and the
    intensity as five dots."""
    return _chip(named.feeling, named.intensity)


@register.simple_tag
def feeling_options(selected: object = None, flavour: str = "picker") -> SafeString:
    """Every feeling of the wheel grouped by core feeling, `selected` (an id) marked selected."""
    chosen = selected if isinstance(selected, str) and selected else None
    return mark_safe(  # noqa: S308 - joined from format_html's escaped parts
        "".join(
            on if chosen is not None and key == chosen else off
            for key, off, on in _options(flavour)
        )
    )
