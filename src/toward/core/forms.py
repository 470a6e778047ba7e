from __future__ import annotations

from django import forms

from toward.core.errors import ServiceError


def apply_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a service's error on the form field it concerns, keeping everything typed."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
