"""Background work for the pause: the reminder at the agreed time (see pauses.py)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task


@task()
def remind_pause(*, pause_id: str, due: str) -> bool:
    """Run by the worker once the agreed time has come. Sends nothing for a pause that was ended
    early or extended since (a new reminder was scheduled for the new time)."""
    from toward.repair.pauses import deliver_reminder

    return deliver_reminder(pause_id, datetime.fromisoformat(due))
