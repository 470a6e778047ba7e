"""Background work goes through django-tasks' database backend and the `toward worker` loop."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The worker closes its database connection between tasks, as it should in production, so these
# tests commit for real instead of running inside a rolled-back transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_queued_email_waits_for_the_worker_and_is_then_sent():
    from django_tasks_db.models import DBTaskResult

    from toward.core.tasks import send_email

    send_email.enqueue(subject="Toward: hello", body="A neutral message.", to=["a@example.com"])
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Toward: hello"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@override_settings(TASKS=DATABASE_TASKS)
def test_password_reset_mail_is_queued_not_sent_inline(alice, client):
    from django_tasks_db.models import DBTaskResult

    client.post("/password-reset/", {"email": "alice@example.com"})
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(mail.outbox) == 1
    assert "alice" not in mail.outbox[0].subject.lower()
