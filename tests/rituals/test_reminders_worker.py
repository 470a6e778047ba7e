"""Ritual reminders through the real database task queue and `db_worker`, with a controlled clock
across daylight-saving changes in two time zones: every reminder goes out once, at the ritual's
time on each person's own clock (moved out of their quiet hours), and none while recharging."""

from __future__ import annotations

import zoneinfo
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from toward.nudges import services as nudges
from toward.nudges.models import Notice
from toward.rituals import services as rituals
from toward.rituals.models import Reminder

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = zoneinfo.ZoneInfo("UTC")

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


class Clock:
    def __init__(self, monkeypatch, start: datetime) -> None:
        self.monkeypatch = monkeypatch
        self.set(start)

    def set(self, moment: datetime) -> None:
        self.now = moment
        self.monkeypatch.setattr(timezone, "now", lambda: moment)


def _next_task():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").order_by("run_after").first()


def _drive(clock: Clock, until: datetime, events: dict, early_checks: set[date]) -> int:
    """Move the clock to each waiting reminder in turn and run the worker there. On the days in
    `early_checks` (the clock changes), a second before, the worker must find nothing to do.
    `events` run when the clock passes their moment."""
    runs = 0
    while (task := _next_task()) is not None and task.run_after <= until:
        for moment in sorted(events):
            if moment <= task.run_after:
                clock.set(moment)
                events.pop(moment)()
        task = _next_task()
        if task.run_after.date() in early_checks:
            before = Notice.objects.count()
            clock.set(task.run_after - timedelta(seconds=1))
            run_worker()
            task.refresh_from_db()
            assert task.status == "READY" and Notice.objects.count() == before  # not early
        clock.set(task.run_after)
        run_worker()
        task.refresh_from_db()
        assert task.status == "SUCCESSFUL"
        runs += 1
    return runs


def _local_times(user, zone) -> list[datetime]:
    return [
        n.created_at.astimezone(zone)
        for n in Notice.objects.filter(user=user, kind="ritual").order_by("created_at")
    ]


@override_settings(TASKS=DATABASE_TASKS)
def test_reminders_across_clock_changes_in_berlin_and_new_york(pair, monkeypatch):
    """One test, two seasons (the worker tests commit for real, so each test costs a flush)."""
    mine, theirs = pair
    alice, bob = mine.user, theirs.user
    alice.time_zone, bob.time_zone = "Europe/Berlin", "America/New_York"
    alice.save()
    bob.save()

    # --- spring: 14 March in New York, 28 March in Berlin ----------------------------------------
    nudges.set_quiet_hours(bob, start="23:00", end="07:00")  # alice keeps 22:00–08:00
    clock = Clock(monkeypatch, datetime(2027, 3, 10, 12, 0, tzinfo=UTC))
    ritual = rituals.add_ritual(mine, idea_id="morning-hello", frequency="daily", at_time="07:30")
    rest_from = datetime(2027, 3, 20, 0, 0, tzinfo=UTC)
    events = {rest_from: lambda: nudges.start_recharging(bob, duration="few_days")}
    changes = {date(2027, 3, d) for d in (13, 14, 15, 27, 28, 29)}
    _drive(clock, datetime(2027, 4, 1, tzinfo=UTC), events, changes)

    # Alice: 07:30 falls in her quiet hours, so 08:00 Berlin, every day, before and after 28 March
    at_alice = _local_times(alice, BERLIN)
    assert [t.date() for t in at_alice] == [date(2027, 3, d) for d in range(11, 32)]
    assert {t.strftime("%H:%M") for t in at_alice} == {"08:00"}
    assert {t.utcoffset() for t in at_alice} == {timedelta(hours=1), timedelta(hours=2)}

    # Bob: 07:30 New York, across 14 March; nothing on the three days he was recharging
    at_bob = _local_times(bob, NEW_YORK)
    resting = {date(2027, 3, d) for d in (20, 21, 22)}
    expected = [date(2027, 3, d) for d in range(10, 32) if date(2027, 3, d) not in resting]
    assert [t.date() for t in at_bob] == expected
    assert {t.strftime("%H:%M") for t in at_bob} == {"07:30"}
    assert {t.utcoffset() for t in at_bob} == {timedelta(hours=-5), timedelta(hours=-4)}

    # once each: one row per person and occurrence, the resting ones held back, not sent later
    states = Counter(Reminder.objects.filter(ritual=ritual).values_list("user_id", "state"))
    assert states == {(alice.pk, "sent"): 21, (bob.pk, "sent"): 19, (bob.pk, "resting"): 3}
    assert Notice.objects.filter(kind="ritual").count() == 40

    # --- autumn: 02:30 happens twice in Berlin on 31 October; New York changes on 7 November ----
    rituals.remove_ritual(mine, ritual)
    Notice.objects.all().delete()
    nudges.set_quiet_hours(alice, start="00:00", end="00:00")  # no quiet hours
    nudges.set_quiet_hours(bob, start="22:00", end="08:00")
    clock.set(datetime(2027, 10, 29, 12, 0, tzinfo=UTC))
    rituals.add_ritual(mine, title="Night-shift hello", frequency="daily", at_time="02:30")
    changes = {date(2027, 10, 31), date(2027, 11, 7)}
    _drive(clock, datetime(2027, 11, 9, 12, 0, tzinfo=UTC), {}, changes)

    at_alice = _local_times(alice, BERLIN)  # once on the 31st, though 02:30 came twice
    assert [t.date() for t in at_alice] == [date(2027, 10, 30), date(2027, 10, 31)] + [
        date(2027, 11, d) for d in range(1, 10)
    ]
    assert {t.strftime("%H:%M") for t in at_alice} == {"02:30"}
    at_bob = _local_times(bob, NEW_YORK)  # 02:30 is in his quiet hours: 08:00 his time
    assert [t.date() for t in at_bob] == [date(2027, 10, 30), date(2027, 10, 31)] + [
        date(2027, 11, d) for d in range(1, 9)
    ]
    assert {t.strftime("%H:%M") for t in at_bob} == {"08:00"}
    assert {t.utcoffset() for t in at_bob} == {timedelta(hours=-4), timedelta(hours=-5)}
