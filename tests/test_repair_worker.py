"""The pause reminder through the real database task queue and `db_worker`, with a controlled
clock: it fires at the agreed time and not before, and a pause ended early sends nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from toward.repair import pauses
from toward.repair.models import Notice

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The worker closes its database connection between tasks, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def at(monkeypatch, moment) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_reminds_both_at_the_agreed_time_and_not_before(pair, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    mine, theirs = pair
    pause = pauses.ask_for_pause(mine, minutes=30)
    reminder = DBTaskResult.objects.get(task_path="toward.repair.tasks.remind_pause")
    assert reminder.run_after == pause.return_at

    at(monkeypatch, pause.return_at - timedelta(minutes=1))
    run_worker()
    assert not Notice.objects.filter(kind="back").exists()
    reminder.refresh_from_db()
    assert reminder.status == "READY"  # still waiting for its time

    at(monkeypatch, pause.return_at + timedelta(seconds=1))
    run_worker()
    reminder.refresh_from_db()
    assert reminder.status == "SUCCESSFUL" and reminder.return_value is True
    back = Notice.objects.filter(kind="back")
    assert {n.user_id for n in back} == {mine.user_id, theirs.user_id}
    texts = [n.text for n in pauses.notices_for(theirs)]
    assert "It's time to come back to your conversation, whenever you're both ready." in texts


@override_settings(TASKS=DATABASE_TASKS)
def test_a_cancelled_pause_sends_nothing(pair, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    mine, theirs = pair
    pause = pauses.ask_for_pause(mine, minutes=20)
    pauses.end_pause(theirs, pause)
    at(monkeypatch, pause.return_at + timedelta(minutes=5))
    run_worker()
    reminder = DBTaskResult.objects.get(task_path="toward.repair.tasks.remind_pause")
    assert reminder.status == "SUCCESSFUL" and reminder.return_value is False
    assert not Notice.objects.filter(kind="back").exists()
