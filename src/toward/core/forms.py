from __future__ import annotations

from html import escape

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeData

from toward.core.errors import ServiceError


def apply_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a service's error on the form field it concerns, keeping everything typed."""
    field = error.field if error.field in form.fields else None
    if not hasattr(form, "cleaned_data"):  # the view raised before validating the form
        form.errors  # noqa: B018 - runs the form's own checks first
        form.cleaned_data = getattr(form, "cleaned_data", {})
    form.add_error(field, error.message)


# --- rendering the plainest widgets without the template engine ------------------------------

# Widgets whose Django template is exactly `{% include "django/forms/widgets/input.html" %}`.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text",
        "email",
        "password",
        "hidden",
        "number",
        "url",
        "search",
        "tel",
        "checkbox",
    )
)
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _escaped(value) -> str:
    """`{{ value }}` in a template: escaped unless already safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe."""
    text = "%s" % (value,)  # noqa: UP031 - what the filter does, tuples included
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"` each; True alone, False left out."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_escaped(name)}")
        else:
            out.append(f' {_escaped(name)}="{_formatted(value)}"')
    return "".join(out)


class WidgetRenderer(DjangoTemplates):
    """Django's form renderer, with text inputs and text areas written directly: the same HTML
    as Django's widget templates (tests/test_forms_renderer.py compares them), without an
    include per attribute. A form's fields were most of the check-in page's rendering
    (docs/PERFORMANCE.md). Any other template, or one a project overrides, renders as before."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and widget.get("template_name") == template_name:
            if template_name in _INPUT_TEMPLATES:
                value = widget["value"]
                shown = "" if value is None else f' value="{_formatted(value)}"'
                return (
                    f'<input type="{_escaped(widget["type"])}" name="{_escaped(widget["name"])}"'
                    f"{shown}{_attrs(widget['attrs'])}>"
                )
            if template_name == _TEXTAREA_TEMPLATE:
                value = widget["value"]
                return (
                    f'<textarea name="{_escaped(widget["name"])}"{_attrs(widget["attrs"])}>\n'
                    f"{_escaped(value) if value else ''}</textarea>"
                )
        return super().render(template_name, context, request)
