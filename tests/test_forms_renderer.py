"""The form renderer writes text inputs and text areas itself (toward.core.forms.WidgetRenderer,
docs/PERFORMANCE.md): its HTML must be exactly what Django's own widget templates give, for
every kind of value and attribute, and every other widget must still go through the templates."""

from __future__ import annotations

import itertools

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

from toward.core.forms import WidgetRenderer

VALUES = [
    None,
    True,
    False,
    "",
    "plain",
    "  spaced  \n",
    "line one\nline two\r\nthree",
    "<script>alert('x')</script> & \"quoted\"",
    mark_safe("<b>already safe</b>"),  # noqa: S308 - the case being tested
    0,
    3,
    1.5,
    ("a", "b"),
]
ATTRS = [
    {},
    {"rows": 3},
    {"required": True, "disabled": False, "id": "id_x", "aria-describedby": "x_help x_error"},
    {"placeholder": 'for example: <tired> & "let down"', "maxlength": 400, "autofocus": True},
    {"data-x": mark_safe("<i>safe</i>"), "class": lazy(lambda: "lazy & class", str)()},  # noqa: S308
]
WIDGETS = [
    forms.TextInput,
    forms.EmailInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.NumberInput,
    forms.URLInput,
    forms.SearchInput,
    forms.TelInput,
    forms.CheckboxInput,
    forms.Textarea,
]


def test_the_project_uses_it():
    assert settings.FORM_RENDERER == "toward.core.forms.WidgetRenderer"


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda w: w.__name__)
def test_text_inputs_and_areas_are_exactly_what_the_templates_give(widget_class):
    fast, slow = WidgetRenderer(), DjangoTemplates()
    compared = 0
    for value, attrs, name in itertools.product(VALUES, ATTRS, ["text", 'a<b>&"c']):
        widget = widget_class(attrs=dict(attrs))
        if isinstance(widget, forms.PasswordInput):
            widget.render_value = True
        assert widget.render(name, value, renderer=fast) == widget.render(
            name, value, renderer=slow
        ), (value, attrs, name)
        compared += 1
    assert compared == len(VALUES) * len(ATTRS) * 2


def test_other_widgets_still_render_through_their_templates():
    fast, slow = WidgetRenderer(), DjangoTemplates()
    choices = [("1", "one"), ("2", "<two>")]
    for widget in [
        forms.Select(choices=choices),
        forms.RadioSelect(choices=choices),
        forms.DateInput(),
        forms.ClearableFileInput(),
    ]:
        assert widget.render("x", "2", renderer=fast) == widget.render("x", "2", renderer=slow)


def test_a_form_renders_the_same_whole():
    class Sample(forms.Form):
        text = forms.CharField(max_length=20, help_text="A hint <here>.")
        area = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
        email = forms.EmailField()
        hidden = forms.CharField(widget=forms.HiddenInput, required=False)

    for data in [None, {"text": "x" * 30, "area": "<a>\nb", "email": "nope"}]:
        fast = Sample(data, renderer=WidgetRenderer()).as_div()
        slow = Sample(data, renderer=DjangoTemplates()).as_div()
        assert fast == slow


def test_text_inputs_and_areas_skip_the_template_engine(monkeypatch):
    def refuse(self, template_name, context, request=None):
        raise AssertionError(f"rendered {template_name} through a template")

    monkeypatch.setattr(DjangoTemplates, "render", refuse)
    for widget_class in WIDGETS:
        assert widget_class().render("x", "y", renderer=WidgetRenderer()).startswith("<")
