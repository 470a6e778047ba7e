"""Rituals of connection: the library, the pair's rituals, schedules and "we did it".

Missing a ritual is never recorded or shown: a mark says only that, on a day, the pair did it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from toward.content.library import rituals_content
from toward.content.rituals_schema import RitualIdea
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import Conflict, ServiceError
from toward.lib.text import clean_text
from toward.nudges import services as nudges
from toward.rituals import reminders, schedule
from toward.rituals.models import NOTE_MAX, TITLE_MAX, Mark, Ritual
from toward.spaces.models import Membership, Space

STYLES = {"words": "Words", "touch": "Touch", "time": "Time together", "gestures": "Gestures"}
RITUALS_MAX = 30  # per space: more than this is a to-do list, not a ritual


# --- the library ---------------------------------------------------------------------------------


def library(relationship_type: str | None = None, style: str | None = None) -> list[RitualIdea]:
    items = rituals_content().items
    if relationship_type:
        items = [i for i in items if relationship_type in i.relationship_types]
    if style:
        items = [i for i in items if style in i.styles]
    return items


def get_idea(idea_id: object) -> RitualIdea:
    for item in rituals_content().items:
        if item.id == idea_id:
            return item
    raise ServiceError(
        "unknown_ritual", "We don't have a ritual with that id in the library.", field="idea_id"
    )


# --- access --------------------------------------------------------------------------------------


def require_active(membership: Membership) -> None:
    row = Membership.objects.filter(pk=membership.pk).values_list("space__state", "left_at").first()
    space_state, left_at = row or (Space.State.INACTIVE, None)
    if space_state == Space.State.INACTIVE or left_at is not None:
        raise Conflict("space_inactive", "This space is no longer active.")
    if space_state != Space.State.ACTIVE:
        raise Conflict(
            "space_waiting", "Rituals are for both of you. They open once the other joins."
        )


def get_ritual(membership: Membership, ritual_id: object) -> Ritual:
    if not isinstance(ritual_id, str):
        raise Http404("No such ritual")
    try:
        return Ritual.objects.get(pk=ritual_id, space_id=membership.space_id)
    except Ritual.DoesNotExist:
        raise Http404("No such ritual") from None


def rituals_for(membership: Membership) -> list[Ritual]:
    return _QUERIES.objects("of_space", space=membership.space_id)


# Asked on every visit to the space page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(of_space=lambda a: Ritual.objects.filter(space_id=a["space"]))


# --- writing -------------------------------------------------------------------------------------


def _clean(raw: object, *, field: str, limit: int, what: str, required: bool) -> str:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ServiceError(f"invalid_{field}", f"Please write the {what} as text.", field=field)
    text = " ".join(clean_text(raw).split())
    if required and not text:
        raise ServiceError(f"{field}_missing", f"Please give the ritual a {what}.", field=field)
    if len(text) > limit:
        raise ServiceError(
            f"{field}_too_long",
            f"Please keep the {what} to {limit} characters or fewer (this has {len(text)}).",
            field=field,
        )
    return text


def _schedule_from(
    *, frequency, days, day_of_month, at_time, rrule, idea: RitualIdea | None
) -> schedule.Schedule:
    if at_time in (None, "") and idea is not None:
        at_time = idea.suggested.time
    if rrule:
        return schedule.schedule_from_rrule(rrule, at_time=at_time)
    if frequency in (None, "") and idea is not None:
        frequency, days = idea.suggested.frequency, list(idea.suggested.days)
    return schedule.clean_schedule(
        frequency=frequency, days=days or (), day_of_month=day_of_month, at_time=at_time
    )


def _apply(ritual: Ritual, plan: schedule.Schedule, now: datetime) -> None:
    ritual.frequency = plan.frequency
    ritual.days = ",".join(plan.days)
    ritual.day_of_month = plan.day_of_month
    ritual.at_time = plan.at_time
    ritual.scheduled_from = now


@transaction.atomic
def add_ritual(
    membership: Membership,
    *,
    idea_id: object = None,
    title: object = None,
    note: object = None,
    frequency: object = None,
    days: object = None,
    day_of_month: object = None,
    at_time: object = None,
    rrule: object = None,
) -> Ritual:
    """Add a ritual from the library (`idea_id`) or one of the pair's own (`title`)."""
    require_active(membership)
    idea = get_idea(idea_id) if idea_id not in (None, "") else None
    if idea is not None and not title:
        clean_title = idea.title
    else:
        clean_title = _clean(title, field="title", limit=TITLE_MAX, what="name", required=True)
    clean_note = _clean(note, field="note", limit=NOTE_MAX, what="note", required=False)
    now = timezone.now()
    if day_of_month in (None, "") and frequency == "monthly":
        day_of_month = min(now.astimezone(nudges.zone_for(membership.user)).day, 28)
    plan = _schedule_from(
        frequency=frequency,
        days=days,
        day_of_month=day_of_month,
        at_time=at_time,
        rrule=rrule,
        idea=idea,
    )
    if Ritual.objects.filter(space_id=membership.space_id).count() >= RITUALS_MAX:
        raise Conflict(
            "too_many_rituals",
            f"You have {RITUALS_MAX} rituals already. Letting one go makes room for a new one.",
        )
    ritual = Ritual(
        space_id=membership.space_id,
        idea_id=idea.id if idea else "",
        title=clean_title,
        note=clean_note,
        starts_on=now.astimezone(nudges.zone_for(membership.user)).date(),
        created_at=now,
    )
    _apply(ritual, plan, now)
    ritual.save()
    reminders.schedule_all(ritual)
    return ritual


@transaction.atomic
def change_schedule(
    membership: Membership,
    ritual: Ritual,
    *,
    frequency: object = None,
    days: object = None,
    day_of_month: object = None,
    at_time: object = None,
    rrule: object = None,
) -> Ritual:
    require_active(membership)
    if at_time in (None, ""):
        at_time = ritual.at_time.strftime("%H:%M")
    if frequency == "monthly" and day_of_month in (None, ""):
        day_of_month = ritual.day_of_month or min(ritual.starts_on.day, 28)
    plan = _schedule_from(
        frequency=frequency,
        days=days,
        day_of_month=day_of_month,
        at_time=at_time,
        rrule=rrule,
        idea=None,
    )
    now = timezone.now()
    _apply(ritual, plan, now)
    changed = Ritual.objects.filter(pk=ritual.pk, schedule_version=ritual.schedule_version).update(
        frequency=ritual.frequency,
        days=ritual.days,
        day_of_month=ritual.day_of_month,
        at_time=ritual.at_time,
        scheduled_from=now,
        schedule_version=ritual.schedule_version + 1,
    )
    if changed != 1:
        raise Conflict("ritual_changed", "This ritual was just changed. Have a look again.")
    ritual.refresh_from_db()
    reminders.schedule_all(ritual)
    return ritual


@transaction.atomic
def remove_ritual(membership: Membership, ritual: Ritual) -> None:
    """Let a ritual go. Its reminders stop; its marks go with it."""
    Ritual.objects.filter(pk=ritual.pk, space_id=membership.space_id).delete()


def local_today(user) -> date:
    return timezone.now().astimezone(nudges.zone_for(user)).date()


@transaction.atomic
def we_did_it(membership: Membership, ritual: Ritual, on: object = None) -> Mark:
    """Mark that the pair did this ritual today (or on an earlier day, up to a week back)."""
    require_active(membership)
    today = local_today(membership.user)
    day = today
    if on not in (None, ""):
        try:
            day = on if isinstance(on, date) else date.fromisoformat(str(on))
        except ValueError:
            raise ServiceError(
                "invalid_date", "Please give the day as YYYY-MM-DD.", field="on"
            ) from None
        if day > today or (today - day).days > 7:
            raise ServiceError(
                "invalid_date", "You can mark today or any day in the last week.", field="on"
            )
    try:
        with transaction.atomic():
            return Mark.objects.create(ritual=ritual, done_on=day)
    except IntegrityError:
        raise Conflict(
            "already_marked", "That day is already marked. Lovely that you did it."
        ) from None


# --- what a person sees --------------------------------------------------------------------------


@dataclass(frozen=True)
class RitualView:
    ritual: Ritual
    schedule: str
    next_at: datetime | None  # the next time, on the viewer's clock
    last_done: date | None
    done_today: bool
    why: str


def view_ritual(
    membership: Membership, ritual: Ritual, *, now: datetime | None = None
) -> RitualView:
    now = now or timezone.now()
    zone = nudges.zone_for(membership.user)
    last = ritual.marks.values_list("done_on", flat=True).first()
    why = ""
    if ritual.idea_id:
        why = next((i.why for i in rituals_content().items if i.id == ritual.idea_id), "")
    return RitualView(
        ritual=ritual,
        schedule=schedule.schedule_of(ritual).describe(),
        next_at=schedule.next_occurrence(ritual, zone, now),
        last_done=last,
        done_today=last == now.astimezone(zone).date(),
        why=why,
    )


def recent_marks(ritual: Ritual, limit: int = 12) -> list[date]:
    return list(ritual.marks.values_list("done_on", flat=True)[:limit])


def marks_since(membership: Membership, since: datetime) -> list[QuerySet]:
    """For the pillars map: the rituals the pair marked since then."""
    return [Mark.objects.filter(ritual__space_id=membership.space_id, created_at__gte=since)]


def marked_since(membership: Membership, since: datetime) -> bool:
    return any(rows.exists() for rows in marks_since(membership, since))
