"""Daily check-ins (PRODUCT.md 3.1). Every write goes through one function here, and every read
of a check-in by anyone goes through ``view_checkins``: the reveal rule and the private-note rule
live there and nowhere else. Pages, the API and the export all call it.

The reveal rule: a person always sees their own check-in in full. They see the other member's
check-in for a day only once they have checked in for that same day themselves, or once its
author chose to share it early. Until then they learn only that it is waiting (for today), never
when it was written. The private note is never shown to anyone but its author.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from toward.accounts import vault
from toward.checkins.models import (
    ANSWER_MAX,
    FEELINGS_MAX,
    INTENSITY_MAX,
    INTENSITY_MIN,
    CheckIn,
    CheckInFeeling,
)
from toward.core.errors import ServiceError
from toward.feelings import services as wheel
from toward.lib.ids import new_public_id
from toward.lib.text import clean_text
from toward.spaces import services as spaces

if TYPE_CHECKING:
    from toward.spaces.models import Membership

PROMPTS = ("went_well", "hard", "worried", "pleased")
TEXT_FIELDS = (*PROMPTS, "need_tonight")
NOTE_PURPOSE = "checkin-note"  # the vault context of a check-in's private note
# A check-in written after midnight still belongs to the evening it closes, so yesterday stays
# open; anything older is left as it was.
WRITABLE_DAYS_BACK = 1
HISTORY_DAYS = 92  # about three months: enough to see a rhythm, short enough to load at once
PAGE_DAYS = 31  # the history page shows about a month at a time, newest first


# --- days -----------------------------------------------------------------------------------


def local_today(user, now: datetime | None = None) -> date:
    """Today in the person's own time zone (set on their account page)."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return (now or timezone.now()).astimezone(zone).date()


def _clean_day(raw: object, today: date) -> date:
    if raw is None or raw == "":
        return today
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, str):
        try:
            raw = date.fromisoformat(raw.strip())
        except ValueError:
            raise ServiceError(
                "invalid_day", "Please give the day as YYYY-MM-DD.", field="day"
            ) from None
    if not isinstance(raw, date):
        raise ServiceError("invalid_day", "Please give the day as YYYY-MM-DD.", field="day")
    if raw > today:
        raise ServiceError(
            "future_day", "A check-in can't be for a day that hasn't come yet.", field="day"
        )
    if raw < today - timedelta(days=WRITABLE_DAYS_BACK):
        raise ServiceError(
            "day_closed",
            "Check-ins can be written or changed for today and yesterday only.",
            field="day",
        )
    return raw


# --- validation -----------------------------------------------------------------------------


def _clean_answer(name: str, raw: object) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ServiceError("invalid_text", "Please write this as text.", field=name)
    text = clean_text(raw).strip()
    if len(text) > ANSWER_MAX:
        raise ServiceError(
            "too_long",
            f"Please keep this to {ANSWER_MAX:,} characters or fewer (this has {len(text):,}).",
            field=name,
        )
    return text


def _clean_feelings(raw: object) -> list[tuple[str, int]]:
    """One to three (feeling id, intensity) pairs; ids from the wheel, intensity 1 to 5."""
    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        raise ServiceError("invalid_feelings", "Please choose feelings from the wheel.", "feelings")
    if len(raw) > FEELINGS_MAX:
        raise ServiceError(
            "too_many_feelings",
            f"Please choose up to {FEELINGS_MAX} feelings; the closest few say the most.",
            field="feelings",
        )
    chosen: list[tuple[str, int]] = []
    for item in raw:
        if isinstance(item, dict):
            feeling_id, intensity = item.get("id"), item.get("intensity")
        elif isinstance(item, list | tuple) and len(item) == 2:
            feeling_id, intensity = item
        else:
            raise ServiceError("invalid_feelings", "Please choose feelings from the wheel.")
        wheel.feeling(feeling_id)  # raises for an id the wheel doesn't have
        chosen.append((feeling_id, _clean_intensity(intensity)))
    if len({feeling_id for feeling_id, _ in chosen}) != len(chosen):
        raise ServiceError(
            "duplicate_feeling", "Each feeling can be chosen once.", field="feelings"
        )
    return chosen


def _clean_intensity(raw: object) -> int:
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if (
        isinstance(raw, bool)
        or not isinstance(raw, int)
        or not (INTENSITY_MIN <= raw <= INTENSITY_MAX)
    ):
        raise ServiceError(
            "invalid_intensity",
            f"Intensity goes from {INTENSITY_MIN} (a little) to {INTENSITY_MAX} (very strongly).",
            field="feelings",
        )
    return raw


# --- writing --------------------------------------------------------------------------------


def submit_checkin(
    membership: Membership,
    *,
    feelings: Sequence | None = None,
    day: object = None,
    private_note: object = None,
    data_key: bytes | None = None,
    now: datetime | None = None,
    **answers: object,
) -> CheckIn:
    """Write (or rewrite) the person's check-in for a day. Everything is checked before anything
    is saved, and the save is one transaction: a bad field leaves nothing half-written.

    The private note is sealed with the author's data key, so writing one needs it; leaving
    ``private_note`` as None keeps the note as it was, an empty string removes it."""
    unknown = set(answers) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown check-in fields: {sorted(unknown)}")
    if membership.space.state == "inactive":
        raise ServiceError(
            "space_inactive", "This space is no longer active, so check-ins here are closed."
        )
    now = now or timezone.now()
    the_day = _clean_day(day, local_today(membership.user, now))
    texts = {name: _clean_answer(name, answers.get(name)) for name in TEXT_FIELDS}
    note = None if private_note is None else _clean_answer("private_note", private_note)
    if note and data_key is None:
        raise ServiceError(
            "locked",
            "Private notes are locked with your password. Please unlock to write one.",
            field="private_note",
        )
    chosen = _clean_feelings(feelings)
    if not chosen and not any(texts[name] for name in PROMPTS):
        raise ServiceError(
            "empty_checkin",
            "Name one feeling or answer one question, and that's a check-in.",
            field="feelings",
        )
    try:
        with transaction.atomic():
            return _write(membership, the_day, texts, note, data_key, chosen, now)
    except IntegrityError:  # the same person saving twice at the same moment
        raise ServiceError("try_again", "That didn't save. Please try once more.") from None


def _write(membership, day, texts, note, data_key, chosen, now) -> CheckIn:
    checkin = CheckIn.objects.filter(
        space_id=membership.space_id, author_id=membership.user_id, day=day
    ).first()
    row_id = checkin.id if checkin else new_public_id()
    fields = {**texts, "updated_at": now}
    if note is not None:
        fields["sealed_note"] = (
            vault.seal(data_key, membership.user, NOTE_PURPOSE, row_id, note) if note else ""
        )
    if checkin is None:
        checkin = CheckIn.objects.create(
            id=row_id,
            space_id=membership.space_id,
            author_id=membership.user_id,
            day=day,
            created_at=now,
            **fields,
        )
    else:
        for name, value in fields.items():
            setattr(checkin, name, value)
        checkin.save(update_fields=list(fields))
        checkin.feelings.all().delete()
    CheckInFeeling.objects.bulk_create(
        CheckInFeeling(checkin=checkin, feeling_id=f, intensity=i, position=n)
        for n, (f, i) in enumerate(chosen)
    )
    return checkin


def clean_typed_answer(name: str, raw: object) -> str:
    """One answer typed in "together now", checked as a check-in answer is (control characters
    out, at most ``ANSWER_MAX`` characters) while it is carried from turn to turn unsaved."""
    return _clean_answer(name, raw)


def keep_together_answers(
    membership: Membership, answers: dict[str, str], *, now: datetime | None = None
) -> CheckIn:
    """Keep what the person typed for themselves in "together now" as their own check-in for
    today. Only ever their own part: the other person keeps theirs by checking in on their own
    device. It goes through ``submit_checkin``, so every rule (and the reveal rule) applies.

    If they have already checked in today, a typed answer takes the place of the same question's
    answer; a question left empty here, the feelings, what they need tonight and the private note
    stay as they were."""
    unknown = set(answers) - set(PROMPTS)
    if unknown:
        raise TypeError(f"unknown together-now answers: {sorted(unknown)}")
    now = now or timezone.now()
    typed = {name: _clean_answer(name, answers.get(name)) for name in PROMPTS}
    existing = own_checkin(membership, local_today(membership.user, now))
    if existing is None:
        return submit_checkin(membership, now=now, **typed)
    merged = {name: typed[name] or getattr(existing, name) for name in PROMPTS}
    feelings = [
        (f.feeling_id, f.intensity)
        for f in existing.feelings.all()
        if wheel.is_feeling(f.feeling_id)  # a retired word simply drops out, as when read
    ]
    return submit_checkin(
        membership, now=now, feelings=feelings, need_tonight=existing.need_tonight, **merged
    )


def share_now(membership: Membership, *, now: datetime | None = None) -> CheckIn:
    """Let the other person read today's check-in before they have written their own."""
    day = local_today(membership.user, now)
    updated = CheckIn.objects.filter(
        space_id=membership.space_id, author_id=membership.user_id, day=day
    ).update(shared_early=True)
    if not updated:
        raise ServiceError("no_checkin", "Check in first, then you can share it.")
    return own_checkin(membership, day)  # type: ignore[return-value]


# --- reading: the one rule --------------------------------------------------------------------


@dataclass(frozen=True)
class FeelingNamed:
    feeling: wheel.Feeling
    intensity: int


@dataclass(frozen=True)
class CheckInView:
    """What one person may see of one check-in. Built only by ``view_checkins``."""

    day: date
    mine: bool
    author_name: str
    revealed: bool  # False: the viewer may know only that it is waiting
    id: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    feelings: tuple[FeelingNamed, ...] = ()
    need_tonight: str = ""
    # The author's own note, opened with their key; None when there is none or it is locked.
    private_note: str | None = None
    note_locked: bool = False  # the author has a note, but their key was not at hand
    shared_early: bool = False

    @property
    def waiting(self) -> bool:
        return not self.revealed

    def feeling_ids(self) -> set[str]:
        return {named.feeling.id for named in self.feelings}


def view_checkins(
    viewer: Membership,
    checkins: Iterable[CheckIn],
    data_key: bytes | None = None,
    *,
    whole_days: bool = False,
) -> list[CheckInView]:
    """THE reveal and private-note rule. Every page, API response and export builds what a person
    sees of a check-in here. Check-ins should come with ``author`` and ``feelings`` loaded.
    ``data_key`` is the viewer's own: it opens only their own notes. ``whole_days``: the caller
    gives every check-in of the space on each day it gives any, so the viewer's own days are
    read from the list instead of asked for (a day missing from it only keeps the other's entry
    hidden, never reveals it)."""
    checkins = [c for c in checkins if c.space_id == viewer.space_id]
    others_days = {c.day for c in checkins if c.author_id != viewer.user_id}
    my_days = {c.day for c in checkins if c.author_id == viewer.user_id} & others_days
    if others_days - my_days and not whole_days:
        my_days |= set(
            CheckIn.objects.filter(
                space_id=viewer.space_id, author_id=viewer.user_id, day__in=others_days - my_days
            ).values_list("day", flat=True)
        )

    def shown(c: CheckIn) -> bool:
        return c.author_id == viewer.user_id or c.shared_early or c.day in my_days

    _load_feelings([c for c in checkins if shown(c)])
    views = []
    for c in checkins:
        mine = c.author_id == viewer.user_id
        if not shown(c):
            views.append(
                CheckInView(day=c.day, mine=False, author_name=c.author.name, revealed=False)
            )
            continue
        views.append(
            CheckInView(
                day=c.day,
                mine=mine,
                author_name=c.author.name,
                revealed=True,
                id=c.id,
                answers={name: getattr(c, name) for name in PROMPTS},
                feelings=tuple(
                    FeelingNamed(wheel.feeling(f.feeling_id), f.intensity)
                    for f in _feeling_rows(c)
                    if wheel.is_feeling(f.feeling_id)  # a retired word simply drops out
                ),
                need_tonight=c.need_tonight,
                private_note=_open_note(c, viewer, data_key) if mine else None,
                note_locked=mine and bool(c.sealed_note) and data_key is None,
                shared_early=c.shared_early if mine else False,
            )
        )
    return views


def _open_note(checkin: CheckIn, viewer: Membership, data_key: bytes | None) -> str | None:
    if not checkin.sealed_note or data_key is None or checkin.author_id != viewer.user_id:
        return None
    return vault.unseal(data_key, checkin.author, NOTE_PURPOSE, checkin.id, checkin.sealed_note)


class _FeelingRow(NamedTuple):
    feeling_id: str
    intensity: int


def _load_feelings(checkins: list[CheckIn]) -> None:
    """The feelings of the check-ins shown, in order, as plain rows (`feeling_rows`): one query
    for all of them. Django's prefetch built a model object per feeling and per check-in linked
    them up: half of the API's 92 days (docs/PERFORMANCE.md). Hidden check-ins are not read."""
    todo = {c.id: c for c in checkins if getattr(c, "feeling_rows", None) is None}
    if not todo:
        return
    for c in todo.values():
        c.feeling_rows = []
    rows = (
        CheckInFeeling.objects.filter(checkin_id__in=list(todo))
        .order_by("checkin_id", "position")
        .values_list("checkin_id", "feeling_id", "intensity")
    )
    for checkin_id, feeling_id, intensity in rows:
        todo[checkin_id].feeling_rows.append(_FeelingRow(feeling_id, intensity))


def _feeling_rows(checkin: CheckIn) -> Iterable[CheckInFeeling | _FeelingRow]:
    """A check-in's feelings in order: the rows `_load_feelings` read, else asked for."""
    loaded = getattr(checkin, "feeling_rows", None)
    return loaded if loaded is not None else checkin.feelings.all()


def _checkins(space_id: str, *, many: bool = True):
    # For many days the authors are asked for apart (a space has two): joined, every row built
    # its own copy of its author, a fifth of the API's 92 days; for one day, joined is one query
    # fewer. Nothing shown reads when a row was written. The feelings are read by view_checkins,
    # for the check-ins it shows.
    rows = CheckIn.objects.filter(space_id=space_id).defer("created_at", "updated_at")
    if many:
        return rows.prefetch_related("author")
    return rows.select_related("author")


def checkins_seen_since(membership: Membership, day: date) -> QuerySet[CheckIn]:
    """The check-ins that make `history` show the person a day on or after `day`: their own, or
    ones the other person shared early (a day both wrote has the viewer's own)."""
    return CheckIn.objects.filter(space_id=membership.space_id, day__gte=day).filter(
        Q(author_id=membership.user_id) | Q(shared_early=True)
    )


def checked_in_since(membership: Membership, day: date) -> bool:
    """Whether `history` would show the person a day on or after `day`. One indexed query, for
    other practices' summaries on the space page."""
    return checkins_seen_since(membership, day).exists()


def checked_in_before(membership: Membership, day: date) -> bool:
    """Whether `history` would show the person a day before `day` (the history page's "earlier
    days" link): the same rule as `checked_in_since`, one indexed query."""
    return (
        CheckIn.objects.filter(space_id=membership.space_id, day__lt=day)
        .filter(Q(author_id=membership.user_id) | Q(shared_early=True))
        .exists()
    )


def own_checkin(membership: Membership, day: date) -> CheckIn | None:
    """The person's own check-in for a day (for filling the form they edit)."""
    return (
        CheckIn.objects.filter(space_id=membership.space_id, author_id=membership.user_id, day=day)
        .prefetch_related("feelings")
        .first()
    )


@dataclass(frozen=True)
class Today:
    day: date
    mine: CheckInView | None
    theirs: CheckInView | None  # waiting or revealed; None when they have not checked in


def today(
    membership: Membership, *, data_key: bytes | None = None, now: datetime | None = None
) -> Today:
    """Today's check-ins in the space as this person may see them. The other person's entry for
    the viewer's today counts; nothing says when it was written."""
    day = local_today(membership.user, now)
    views = view_checkins(
        membership,
        _checkins(membership.space_id, many=False).filter(day=day),
        data_key,
        whole_days=True,
    )
    mine = next((v for v in views if v.mine), None)
    theirs = next((v for v in views if not v.mine), None)
    return Today(day=day, mine=mine, theirs=theirs)


@dataclass(frozen=True)
class HistoryDay:
    day: date
    mine: CheckInView | None
    theirs: CheckInView | None


def history(
    membership: Membership,
    *,
    feeling_id: str | None = None,
    data_key: bytes | None = None,
    now: datetime | None = None,
    until: date | None = None,
    days: int = HISTORY_DAYS,
) -> list[HistoryDay]:
    """Past days, newest first, each with both check-ins side by side as far as the viewer may
    see them: from `days` days before today up to today, or before `until` up to `until`. The
    other person's unrevealed entries are left out entirely, and the filter runs after the reveal
    rule, so it can never find a hidden feeling."""
    if feeling_id:
        wheel.feeling(feeling_id)
    since = (until or local_today(membership.user, now)) - timedelta(days=days)
    checkins = _checkins(membership.space_id).filter(day__gte=since)
    if until is not None:
        checkins = checkins.filter(day__lte=until)
    views = [
        v
        for v in view_checkins(membership, checkins.order_by("-day"), data_key, whole_days=True)
        if v.revealed
    ]
    if feeling_id:
        wanted = _with_descendants(feeling_id)
        views = [v for v in views if v.feeling_ids() & wanted]
    days: dict[date, dict[str, CheckInView]] = {}
    for v in views:
        days.setdefault(v.day, {})["mine" if v.mine else "theirs"] = v
    return [
        HistoryDay(day=d, mine=pair.get("mine"), theirs=pair.get("theirs"))
        for d, pair in sorted(days.items(), reverse=True)
    ]


def _with_descendants(feeling_id: str) -> set[str]:
    found = {feeling_id}
    for child in wheel.children(feeling_id):
        found |= _with_descendants(child.id)
    return found


def feelings_named_by(user) -> list[tuple[date, str]]:
    """Every (day, feeling) the person named in their own check-ins, for their vocabulary."""
    return list(
        CheckInFeeling.objects.filter(checkin__author=user).values_list(
            "checkin__day", "feeling_id"
        )
    )


def checkin_views_for_export(
    user, data_key: bytes | None = None
) -> list[tuple[Membership, list[CheckInView]]]:
    """For the person's export: their own check-ins in full, and the other person's only as far
    as the reveal rule allows (never a private note, never an unrevealed answer)."""
    return [
        (
            membership,
            view_checkins(
                membership,
                _checkins(membership.space_id).order_by("day"),
                data_key,
                whole_days=True,
            ),
        )
        for membership in spaces.spaces_for_nav(user)
    ]
