from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def answer(view, prompt_id: str) -> str:
    """The answer to one prompt in a check-in view (empty when there is none)."""
    return (view.answers or {}).get(prompt_id, "") if view else ""
