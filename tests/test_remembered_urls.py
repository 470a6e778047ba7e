"""{% url %} remembers addresses per process (core/templatetags/remembered_urls.py) and must
answer exactly as Django's own tag does, whatever it is given."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, set_script_prefix

SPACE = "GPy9iY63WLLgR2xbhXrOWw"


def ours(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def djangos(source: str, **context) -> str:
    return (
        Engine.get_default()
        .__class__(libraries={}, builtins=[])
        .from_string(source)
        .render(Context(context))
    )


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'core:home' %}",
        "{% url 'spaces:detail' space %}",
        "{% url 'spaces:detail' space_id=space %}",
        "{% url 'spaces:detail' space as there %}<{{ there }}>",
        "{% url 'no:such-page' as there %}<{{ there }}>",
        "{% url 'spaces:detail' odd %}",
        "{% for s in several %}{% url 'spaces:detail' s %} {% endfor %}",
    ],
)
def test_the_url_tag_answers_as_djangos_own(source):
    context = {"space": SPACE, "odd": "x&y", "several": ["a1", "b2", "a1"]}
    assert ours(source, **context) == djangos(source, **context)
    assert ours(source, **context) == ours(source, **context)  # remembered: still the same


def test_an_object_argument_is_worked_out_as_djangos_own_tag_does():
    class Odd:
        def __str__(self):
            return "a<b"

    assert ours("{% url 'spaces:detail' odd %}", odd=Odd()) == djangos(
        "{% url 'spaces:detail' odd %}", odd=Odd()
    )


def test_an_address_that_does_not_exist_is_an_error_as_before():
    with pytest.raises(NoReverseMatch):
        ours("{% url 'no:such-page' %}")
    with pytest.raises(NoReverseMatch):
        ours("{% url 'spaces:detail' %}")  # its argument missing


def test_a_different_script_prefix_gives_a_different_address():
    """Behind a proxy that mounts Toward under a path, the addresses follow the prefix."""
    before = ours("{% url 'spaces:detail' space %}", space=SPACE)
    try:
        set_script_prefix("/toward/")
        assert ours("{% url 'spaces:detail' space %}", space=SPACE) == "/toward" + before
    finally:
        set_script_prefix("/")
    assert ours("{% url 'spaces:detail' space %}", space=SPACE) == before


def test_every_template_uses_the_remembering_tag():
    node = engines["django"].from_string("{% url 'core:home' %}").template.nodelist[0]
    assert type(node).__name__ == "RememberedURLNode"
