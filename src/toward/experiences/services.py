"""Shared experiences (PRODUCT.md 3.8): ideas, the planner and the timeline of memories.

- **Ideas** come from content (experiences.yaml), filtered by the space's relationship type.
- **The planner**: one person proposes (an idea or their own) with a time; the other accepts
  or suggests another time; whoever's answer is needed next is `awaiting`. Either can set a plan
  aside at any time. Nothing counts or shows who said no, or how often.
- **Memories** are a timeline both people see, each with an optional photo (see photos.py).
  Only the person who added a memory can remove it.
- Leaving: the leaver's memories (and their photos) and the plans they proposed leave with them;
  any other open plan in the space is set aside. A leaver who chooses to leave what they shared
  readable leaves their memories on the other person's timeline.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from toward.content.challenge_schema import ExperienceIdea
from toward.content.library import experiences_content
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import Conflict, ServiceError
from toward.experiences import photos
from toward.experiences.models import NOTE_MAX, TITLE_MAX, Memory, Plan
from toward.lib.ids import new_public_id
from toward.lib.text import clean_text
from toward.spaces.models import Membership, Space
from toward.spaces.services import other_member

PLAN_AHEAD = timedelta(days=2 * 366)  # two years: far enough for a trip, near enough to matter


# --- ideas ------------------------------------------------------------------------------------


def ideas(
    relationship_type: str,
    *,
    cost: str | None = None,
    time: str | None = None,
    place: str | None = None,
) -> list[ExperienceIdea]:
    """Ideas that suit the pair, narrowed by any of the three tags (empty: any)."""
    return [
        idea
        for idea in experiences_content().items
        if relationship_type in idea.relationship_types
        and (not cost or idea.cost == cost)
        and (not time or idea.time == time)
        and (not place or idea.place == place)
    ]


def idea(idea_id: str) -> ExperienceIdea | None:
    return next((i for i in experiences_content().items if i.id == idea_id), None)


# --- times ------------------------------------------------------------------------------------


def zone_of(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local(user, moment: datetime) -> datetime:
    return moment.astimezone(zone_of(user))


def parse_when(raw: object, user, *, now: datetime | None = None) -> datetime:
    """A time to meet, as "YYYY-MM-DDTHH:MM" in the person's own time zone (or with an offset):
    not in the past, and within two years."""
    if isinstance(raw, datetime):
        moment = raw
    elif isinstance(raw, str) and raw.strip():
        try:
            moment = datetime.fromisoformat(raw.strip())
        except ValueError:
            raise ServiceError(
                "invalid_time",
                "Please give a date and a time, like 2026-05-14 18:30.",
                field="when",
            ) from None
    else:
        raise ServiceError("invalid_time", "Please choose a date and a time.", field="when")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone_of(user))
    now = now or timezone.now()
    if moment < now:
        raise ServiceError(
            "time_passed", "That time has already passed. Please choose one ahead.", field="when"
        )
    if moment > now + PLAN_AHEAD:
        raise ServiceError(
            "too_far", "Please choose a time within the next two years.", field="when"
        )
    return moment


def _clean(raw: object, limit: int, field: str, *, required: str = "") -> str:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ServiceError("invalid_text", "Please write this as text.", field=field)
    text = clean_text(raw).strip()
    if required and not text:
        raise ServiceError("required", required, field=field)
    if len(text) > limit:
        raise ServiceError(
            "too_long",
            f"Please keep this to {limit:,} characters or fewer (this has {len(text):,}).",
            field=field,
        )
    return text


# --- telling the other person -----------------------------------------------------------------

# Neutral words only: a notice never carries what anyone wrote (PRODUCT.md 3.12).
NOTICE_TITLES = {
    "plan_proposed": "Something to plan together",
    "plan_accepted": "A plan is settled",
    "plan_new_time": "Another time was suggested",
}


def tell_other_person(membership: Membership, plan: Plan, kind: str) -> bool:
    """The one place the planner tells the other person about a plan, through the nudges app
    (an in-app notice, and an email where email is set up; nothing while they are recharging).
    Returns False when nobody was told."""
    from toward.nudges import services as nudges

    return nudges.notify_partner(
        membership,
        kind=kind,
        title=NOTICE_TITLES[kind],
        url=reverse("experiences:plan", args=[plan.space_id, plan.id]),
    )


# --- the planner ------------------------------------------------------------------------------


def get_plan_for_member(membership: Membership, plan_id: str) -> Plan:
    """A plan in the person's space (set-aside ones are gone), or 404."""
    if not isinstance(plan_id, str):
        raise Http404("No such plan")
    try:
        return Plan.objects.exclude(state=Plan.State.CANCELLED).get(
            pk=plan_id, space_id=membership.space_id
        )
    except Plan.DoesNotExist:
        raise Http404("No such plan") from None


def plans_for(membership: Membership, *, now: datetime | None = None) -> list[Plan]:
    """Plans still to come (or from the last day), soonest first."""
    since = (now or timezone.now()) - timedelta(days=1)
    return _QUERIES.objects("to_come", space=membership.space_id, since=since)


# Asked on every visit to the space page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    to_come=lambda a: (
        Plan.objects.filter(space_id=a["space"], starts_at__gte=a["since"])
        .exclude(state=Plan.State.CANCELLED)
        .order_by("starts_at")
    ),
)


def past_plans(membership: Membership, *, now: datetime | None = None, limit: int = 10):
    """Settled plans whose time has passed: each could become a memory."""
    since = (now or timezone.now()) - timedelta(days=1)
    return list(
        Plan.objects.filter(
            space_id=membership.space_id, state=Plan.State.ACCEPTED, starts_at__lt=since
        ).order_by("-starts_at")[:limit]
    )


def _require_pair(membership: Membership) -> None:
    if membership.space.state != Space.State.ACTIVE:
        raise ServiceError(
            "not_together",
            "Planning needs both of you in the space. Once the other person has joined, you can "
            "propose something here.",
        )


def propose(
    membership: Membership,
    *,
    when: object,
    idea_id: str = "",
    title: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Plan:
    """Propose something to do together at a time; the other person is asked."""
    _require_pair(membership)
    chosen = idea(idea_id) if idea_id else None
    if idea_id and chosen is None:
        raise ServiceError("unknown_idea", "There is no idea with that name.", field="idea_id")
    clean_title = _clean(title, TITLE_MAX, "title") or (chosen.title if chosen else "")
    if not clean_title:
        raise ServiceError("required", "Say in a few words what you'd like to do.", field="title")
    clean_note = _clean(note, NOTE_MAX, "note")
    starts_at = parse_when(when, membership.user, now=now)
    other = other_member(membership)
    now = now or timezone.now()
    with transaction.atomic():
        plan = Plan.objects.create(
            space_id=membership.space_id,
            proposer=membership.user,
            awaiting_id=other.user_id if other else None,
            idea_id=chosen.id if chosen else "",
            title=clean_title,
            note=clean_note,
            starts_at=starts_at,
            created_at=now,
            updated_at=now,
        )
        tell_other_person(membership, plan, "plan_proposed")
    return plan


def _require_my_turn(membership: Membership, plan: Plan) -> None:
    if plan.state != Plan.State.PROPOSED:
        raise Conflict("settled", "This plan is already settled.")
    if plan.awaiting_id != membership.user_id:
        raise Conflict(
            "waiting_for_other",
            "This one is with the other person now. You'll see their answer here.",
        )


def accept(membership: Membership, plan: Plan, *, now: datetime | None = None) -> Plan:
    _require_pair(membership)
    _require_my_turn(membership, plan)
    with transaction.atomic():
        updated = Plan.objects.filter(
            pk=plan.pk, state=Plan.State.PROPOSED, awaiting_id=membership.user_id
        ).update(state=Plan.State.ACCEPTED, awaiting=None, updated_at=now or timezone.now())
        if updated != 1:
            raise Conflict("try_again", "This plan changed a moment ago. Please look again.")
        plan.refresh_from_db()
        tell_other_person(membership, plan, "plan_accepted")
    return plan


def suggest_another_time(
    membership: Membership, plan: Plan, when: object, *, now: datetime | None = None
) -> Plan:
    """Answer with another time; the plan goes back to the other person to accept."""
    _require_pair(membership)
    _require_my_turn(membership, plan)
    starts_at = parse_when(when, membership.user, now=now)
    other = other_member(membership)
    with transaction.atomic():
        updated = Plan.objects.filter(
            pk=plan.pk, state=Plan.State.PROPOSED, awaiting_id=membership.user_id
        ).update(
            starts_at=starts_at,
            awaiting_id=other.user_id if other else None,
            updated_at=now or timezone.now(),
        )
        if updated != 1:
            raise Conflict("try_again", "This plan changed a moment ago. Please look again.")
        plan.refresh_from_db()
        tell_other_person(membership, plan, "plan_new_time")
    return plan


def cancel(membership: Membership, plan: Plan, *, now: datetime | None = None) -> None:
    """Set a plan aside, whoever proposed it. The other person is not told why, or by whom."""
    updated = (
        Plan.objects.filter(pk=plan.pk)
        .exclude(state=Plan.State.CANCELLED)
        .update(state=Plan.State.CANCELLED, awaiting=None, updated_at=now or timezone.now())
    )
    if updated != 1:
        raise Http404("No such plan")


# --- memories ---------------------------------------------------------------------------------


def photo_storage():
    return storages["photos"]


def get_memory_for_member(membership: Membership, memory_id: str) -> Memory:
    if not isinstance(memory_id, str):
        raise Http404("No such memory")
    try:
        return Memory.objects.select_related("author").get(
            pk=memory_id, space_id=membership.space_id
        )
    except Memory.DoesNotExist:
        raise Http404("No such memory") from None


def timeline(membership: Membership) -> list[Memory]:
    return list(Memory.objects.filter(space_id=membership.space_id).select_related("author"))


def _clean_day(raw: object, user, now: datetime | None) -> date:
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        day = raw
    else:
        try:
            day = date.fromisoformat(str(raw or "").strip())
        except ValueError:
            raise ServiceError(
                "invalid_date", "Please give the date, like 2026-05-14.", field="happened_on"
            ) from None
    today = local(user, now or timezone.now()).date()
    if day > today + timedelta(days=1):  # a day of slack for time zones
        raise ServiceError(
            "future_date",
            "A memory is something that has happened. To look ahead, propose a plan instead.",
            field="happened_on",
        )
    return day


def add_memory(
    membership: Membership,
    *,
    title: str,
    happened_on: object,
    note: str = "",
    photo=None,
    now: datetime | None = None,
) -> Memory:
    """Keep a memory on the pair's timeline. Everything is checked before anything is stored;
    a photo is cleaned (photos.py) and stored only if the memory is saved."""
    if membership.space.state == Space.State.INACTIVE:
        raise ServiceError(
            "space_inactive", "This space is no longer active, so nothing new can be added."
        )
    clean_title = _clean(title, TITLE_MAX, "title", required="Give the memory a short title.")
    clean_note = _clean(note, NOTE_MAX, "note")
    day = _clean_day(happened_on, membership.user, now)
    cleaned = (
        photos.clean_photo(
            photo, max_bytes=settings.PHOTO_MAX_BYTES, max_pixels=settings.PHOTO_MAX_PIXELS
        )
        if photo
        else None
    )
    memory_id = new_public_id()
    name = ""
    storage = photo_storage()
    if cleaned:
        name = storage.save(
            f"memories/{membership.space_id}/{memory_id}.{cleaned.extension}",
            ContentFile(cleaned.data),
        )
    try:
        with transaction.atomic():
            return Memory.objects.create(
                id=memory_id,
                space_id=membership.space_id,
                author=membership.user,
                title=clean_title,
                happened_on=day,
                note=clean_note,
                photo=name,
                photo_type=cleaned.content_type if cleaned else "",
                photo_width=cleaned.width if cleaned else None,
                photo_height=cleaned.height if cleaned else None,
                photo_bytes=len(cleaned.data) if cleaned else None,
                created_at=now or timezone.now(),
            )
    except Exception:
        if name:
            storage.delete(name)
        raise


def _delete_files(names: list[str]) -> None:
    """Remove photo files once the rows are gone for good (after the commit)."""
    names = [n for n in names if n]
    if not names:
        return
    storage = photo_storage()

    def remove() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)


def delete_memory(membership: Membership, memory: Memory) -> None:
    if memory.author_id != membership.user_id:
        raise ServiceError("not_yours", "Only the person who added a memory can remove it.")
    with transaction.atomic():
        Memory.objects.filter(pk=memory.pk).delete()
        _delete_files([memory.photo])


def open_photo(memory: Memory):
    if not memory.photo:
        raise Http404("No photo")
    return photo_storage().open(memory.photo, "rb")


# --- the account-wide actions -----------------------------------------------------------------


def export_for(user) -> dict:
    """Plans and memories of the spaces the person is in now (both people see those), with
    photo metadata; the photos themselves stay in the app."""
    space_ids = list(
        Membership.objects.filter(user=user, left_at__isnull=True).values_list(
            "space_id", flat=True
        )
    )
    memories = Memory.objects.filter(space_id__in=space_ids).order_by("happened_on")
    plans = Plan.objects.filter(space_id__in=space_ids).exclude(state=Plan.State.CANCELLED)
    return {
        "memories": [
            {
                "space_id": m.space_id,
                "id": m.id,
                "mine": m.author_id == user.pk,
                "title": m.title,
                "happened_on": m.happened_on.isoformat(),
                "note": m.note,
                "photo": (
                    {
                        "type": m.photo_type,
                        "width": m.photo_width,
                        "height": m.photo_height,
                        "bytes": m.photo_bytes,
                    }
                    if m.photo
                    else None
                ),
            }
            for m in memories
        ],
        "plans": [
            {
                "space_id": p.space_id,
                "id": p.id,
                "mine": p.proposer_id == user.pk,
                "title": p.title,
                "note": p.note,
                "starts_at": p.starts_at.isoformat(),
                "state": p.state,
            }
            for p in plans.order_by("starts_at")
        ],
    }


def remove_for_leaver(membership: Membership, *, keep_shared: bool = False) -> None:
    """The leaver's memories (with their photos) and proposals leave with them; other open plans
    in the space are set aside (see the module docstring). With `keep_shared`, their memories
    stay on the pair's timeline for the other person (memories are shared on purpose); plans
    are set aside either way, so nothing of them is left to read."""
    if not keep_shared:
        mine = Memory.objects.filter(space_id=membership.space_id, author_id=membership.user_id)
        _delete_files(list(mine.values_list("photo", flat=True)))
        mine.delete()
    Plan.objects.filter(space_id=membership.space_id, proposer_id=membership.user_id).delete()
    Plan.objects.filter(space_id=membership.space_id).exclude(state=Plan.State.CANCELLED).update(
        state=Plan.State.CANCELLED, awaiting=None
    )


def erase_for(user) -> None:
    """Everything of the person's left anywhere, with the photo files."""
    mine = Memory.objects.filter(author=user)
    _delete_files(list(mine.values_list("photo", flat=True)))
    mine.delete()
