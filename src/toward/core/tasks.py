"""Background work that every app may use."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one email from the worker, so a slow mail server never holds up a page.

    Subjects and bodies never carry entry text or the other person's name (PRODUCT.md 3.12).
    """
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
