from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from toward.feelings.templatetags.feelings_tags import feeling_chip

register = template.Library()


@register.filter
def answered(view, prompts) -> list[tuple]:
    """(prompt, answer) for each prompt the check-in view answers, in the prompts' order."""
    answers = (view.answers or {}) if view else {}
    return [(prompt, answers[prompt.id]) for prompt in prompts if answers.get(prompt.id)]


def _lines(text: str) -> str:
    """`text|linebreaksbr` (escaped, each line break a <br>), without the template machinery."""
    return escape(str(text).replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


@register.simple_tag
def checkin_entry(v, copy) -> SafeString:
    """One check-in as the viewer may see it (a CheckInView; never more than view_checkins
    allows), with the check-in copy for its labels: the author ("You" for the viewer's own), the
    feelings as chips, each answered prompt, what would help tonight, and the private note only
    on the author's own entry ("Locked with your password." when their key is not at hand).

    Built in Python rather than as an included template: the history page shows one per person
    per day, and as a template loop they cost more than the rest of that page together
    (docs/PERFORMANCE.md). Every value is escaped here (`escape`, as the template did)."""
    out = [f'<article class="ci-entry{" mine" if v.mine else ""}">\n']
    out.append(f"  <h3>{'You' if v.mine else escape(v.author_name)}</h3>\n")
    if v.feelings:
        out.append(f'  <p class="chips">{"".join(feeling_chip(n) for n in v.feelings)}</p>\n')
    out.append("  <dl>\n")
    for prompt, text in answered(v, copy.prompts):
        out.append(f"    <dt>{escape(prompt.label)}</dt><dd>{_lines(text)}</dd>\n")
    if v.need_tonight:
        out.append(f"    <dt>{escape(copy.need_label)}</dt><dd>{_lines(v.need_tonight)}</dd>\n")
    if v.mine and (v.private_note or v.note_locked):
        note = (
            f"<dd>{_lines(v.private_note)}</dd>"
            if v.private_note
            else '<dd class="muted">Locked with your password.</dd>'
        )
        out.append(
            f'    <dt>{escape(copy.private_label)} <span class="badge">only you</span></dt>{note}\n'
        )
    out.append("  </dl>\n</article>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
