from __future__ import annotations

from django import forms

from toward.core.errors import ServiceError


def apply_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a service's error on the form field it concerns, keeping everything typed."""
    field = error.field if error.field in form.fields else None
    if not hasattr(form, "cleaned_data"):  # the view raised before validating the form
        form.errors  # noqa: B018 - runs the form's own checks first
        form.cleaned_data = getattr(form, "cleaned_data", {})
    form.add_error(field, error.message)
