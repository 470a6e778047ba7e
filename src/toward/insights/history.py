"""Plausible past activity for a pair, written in bulk: the demo's months of history, the query
tests' two years and the benchmark's three years (benchmarks/insights_bench.py).

Only practices whose past rows hold no sealed text are backfilled (check-ins without a private
note, feelings, questions both answered, exercises, sessions together), so nothing written here
ever needs a data key to read. Rows go in with ``bulk_create`` through ``apps.get_model``, like
demo.py assembling the apps; nothing here runs in a request.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.utils import timezone

from toward.content.library import decks, feelings_wheel
from toward.lib.ids import new_public_id

_DAY_NOTES = [
    ("A slow breakfast together.", "Work ran late.", "", "Finished the book."),
    ("A long walk after dinner.", "", "A deadline on Friday.", "The garden is coming up."),
    ("Laughed at the same joke twice.", "Tired all afternoon.", "", ""),
    ("A kind message from a friend.", "Traffic.", "Family visit soon.", "Cooked something new."),
    ("", "A hard conversation at work.", "", "Got it done anyway."),
]


def _feeling_ids() -> list[str]:
    return [p.id for core in feelings_wheel().cores for s in core.feelings for p in s.feelings]


def _questions() -> list[tuple[str, str, str]]:
    return [(q.id, q.text, q.depth) for deck in decks() for q in deck.items][:200]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def backfill(
    memberships, *, days: int, end: date | None = None, seed: int = 7, rhythm=None, solo=False
):
    """Write ``days`` days of history ending the day before ``end`` (default today) for the
    members given. ``rhythm(back)`` gives the chance (0..1) that a thing happens ``back`` days
    ago, so a caller can shape a gentle rise or a quiet stretch; the default is a steady,
    lived-in rhythm. ``solo`` writes only each person's own check-ins, nothing done together.
    Returns how many rows were written."""
    rng = random.Random(seed)
    end = end or timezone.localdate()
    rhythm = rhythm or (lambda back: 0.7)
    feelings, questions = _feeling_ids(), _questions()
    space_id = memberships[0].space_id
    CheckIn = apps.get_model("checkins", "CheckIn")
    CheckInFeeling = apps.get_model("checkins", "CheckInFeeling")
    Exchange = apps.get_model("decks", "Exchange")
    Answer = apps.get_model("decks", "Answer")
    Session = apps.get_model("decks", "Session")
    Run = apps.get_model("exercises", "Run")
    Ready = apps.get_model("exercises", "Ready")
    checkins, checkin_feelings, exchanges, answers, sessions, runs, readies = ([] for _ in range(7))
    taken_days = set(
        CheckIn.objects.filter(space_id=space_id).values_list("author_id", "day").order_by()
    )
    for back in range(days, 0, -1):
        day = end - timedelta(days=back)
        chance = rhythm(back)
        for m in memberships:
            if (m.user_id, day) in taken_days or rng.random() > chance:
                continue
            went, hard, worried, pleased = rng.choice(_DAY_NOTES)
            checkin = CheckIn(
                id=new_public_id(),
                space_id=space_id,
                author_id=m.user_id,
                day=day,
                went_well=went,
                hard=hard,
                worried=worried,
                pleased=pleased,
                created_at=_at(day, 21),
                updated_at=_at(day, 21),
            )
            checkins.append(checkin)
            for position, feeling in enumerate(rng.sample(feelings, rng.randint(1, 2))):
                checkin_feelings.append(
                    CheckInFeeling(
                        checkin=checkin,
                        feeling_id=feeling,
                        intensity=rng.randint(1, 5),
                        position=position,
                    )
                )
        if solo:
            continue
        if questions and rng.random() < chance * 0.4:
            ref, text, depth = rng.choice(questions)
            exchange = Exchange(
                id=new_public_id(),
                space_id=space_id,
                question_ref=ref,
                question_text=text,
                depth=depth,
                created_at=_at(day, 19),
                revealed_at=_at(day, 22),
            )
            exchanges.append(exchange)
            for m in memberships:
                answers.append(
                    Answer(id=new_public_id(), exchange=exchange, user_id=m.user_id, text="Later.")
                )
        if rng.random() < chance * 0.12:
            sessions.append(
                Session(
                    id=new_public_id(),
                    space_id=space_id,
                    started_at=_at(day, 20),
                    ended_at=_at(day, 20) + timedelta(minutes=25),
                )
            )
        if rng.random() < chance * 0.15:
            started = _at(day, 18)
            run = Run(
                id=new_public_id(),
                space_id=space_id,
                exercise="breathing-together",
                kind="breathing",
                state="finished",
                breathe_in=4,
                breathe_out=6,
                breaths=6,
                created_at=started,
                started_at=started,
                ends_at=started + timedelta(minutes=5),
                ended_at=started + timedelta(minutes=5),
            )
            runs.append(run)
            readies += [Ready(run=run, user_id=m.user_id) for m in memberships]
    batch = 1000
    for model, rows in (
        (CheckIn, checkins),
        (CheckInFeeling, checkin_feelings),
        (Exchange, exchanges),
        (Answer, answers),
        (Session, sessions),
        (Run, runs),
        (Ready, readies),
    ):
        model.objects.bulk_create(rows, batch_size=batch)
    return sum(map(len, (checkins, checkin_feelings, exchanges, answers, sessions, runs, readies)))


def reach_back(memberships, days: int, end: date | None = None) -> None:
    """Move the space's start and both memberships back, so the insights count the weeks the
    backfilled history covers (insights start at the week a person joined)."""
    end = end or timezone.localdate()
    started = _at(end - timedelta(days=days + 1), 12)
    Membership = apps.get_model("spaces", "Membership")
    Space = apps.get_model("spaces", "Space")
    Space.objects.filter(pk=memberships[0].space_id, created_at__gt=started).update(
        created_at=started
    )
    Membership.objects.filter(pk__in=[m.pk for m in memberships], joined_at__gt=started).update(
        joined_at=started
    )
    for m in memberships:
        m.refresh_from_db()
