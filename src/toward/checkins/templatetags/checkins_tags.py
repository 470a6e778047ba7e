from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def answered(view, prompts) -> list[tuple]:
    """(prompt, answer) for each prompt the check-in view answers, in the prompts' order."""
    answers = (view.answers or {}) if view else {}
    return [(prompt, answers[prompt.id]) for prompt in prompts if answers.get(prompt.id)]
