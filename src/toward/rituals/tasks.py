"""Background work for rituals: each member's reminder at the ritual's time (see reminders.py)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task


@task()
def remind_ritual(*, ritual_id: str, user_id: int, occurrence: str, version: int) -> bool:
    """Run by the worker when this person's reminder is due; then schedules their next one."""
    from toward.rituals.reminders import run_task

    return run_task(ritual_id, user_id, datetime.fromisoformat(occurrence), version)
