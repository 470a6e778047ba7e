"""The 30-day connection challenge (PRODUCT.md 3.9). Every write goes through a function here.

- A challenge is **shared** (the pair's: either person's "done" counts for both) or **solo**
  (one person's own, in a space where they are alone or beside someone who is not taking part;
  only its owner ever learns it exists).
- Days are counted from the start, less days spent paused, in the viewer's time zone. A day
  can be marked done or let go once it has come, at any time after (late is fine); nothing is
  ever called missed. Progress is the number of days done so far, never a streak.
- A day's note is private to its author, sealed with their data key.
- Weekly reflections and the end reflection follow the reveal rule of the first reflection:
  your own you always read; the other person's only once you have both written that week.
- The end suggestion (one or two practices to keep) follows `suggest_practices`.
"""

from __future__ import annotations

import json
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from toward.accounts import vault
from toward.challenge.models import (
    END_WEEK,
    NOTE_MAX,
    REFLECTION_MAX,
    Challenge,
    DayMark,
    WeekReflection,
)
from toward.content.challenge_schema import CHALLENGE_DAYS, DAYS_PER_WEEK, ChallengeDay
from toward.content.library import challenge_content, practices
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import Conflict, ServiceError
from toward.lib import crypto
from toward.lib.ids import new_public_id
from toward.lib.text import clean_text
from toward.spaces.models import Membership, Space

NOTE_PURPOSE = "challenge-note"
REFLECTION_PURPOSE = "challenge-reflection"
MARK_STATES = ("done", "let_go", "open")
MAX_SUGGESTIONS = 2  # PRODUCT.md 3.10: one or two practices, never ten
OPEN_EARLIER_SHOWN = 3  # a gentle offer, not a to-do list


# --- days and dates ---------------------------------------------------------------------------


def local_today(user, now: datetime | None = None) -> date:
    """Today in the person's own time zone (set on their account page)."""
    try:
        zone = zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return (now or timezone.now()).astimezone(zone).date()


def day_number(challenge: Challenge, today: date) -> int:
    """The challenge's day today (1 to 28): days since the start, less the days spent paused.
    After the 28th it stays at 28: every day is open, for as long as the pair likes."""
    paused = challenge.paused_days
    if challenge.state == Challenge.State.PAUSED and challenge.paused_on:
        paused += max(0, (today - challenge.paused_on).days)
    elapsed = (today - challenge.started_on).days - paused
    return max(1, min(CHALLENGE_DAYS, elapsed + 1))


def week_of(day: int) -> int:
    return (day - 1) // DAYS_PER_WEEK + 1


def parse_day(raw: object) -> int:
    """A day number from a URL or a form; 404 for anything that is not a day of the challenge."""
    try:
        number = int(str(raw))
    except (TypeError, ValueError):
        raise Http404("No such day") from None
    if not 1 <= number <= CHALLENGE_DAYS:
        raise Http404("No such day")
    return number


# --- links to the practices -------------------------------------------------------------------


def _reverse(route: str, kwargs: dict[str, str]) -> str | None:
    try:
        return reverse(route, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def practice_titles() -> dict[str, str]:
    return {p.id: p.title for p in practices().items}


def practice_link(practice_id: str) -> str | None:
    """The practice's own page, or None while it does not exist in this build."""
    practice = next((p for p in practices().items if p.id == practice_id), None)
    return _reverse(practice.route, {}) if practice else None


def task_link(day: ChallengeDay, space_id: str) -> str | None:
    """The most exact page for a day's task that exists: its route with the space, its route
    alone, the practice's page, or nothing (a page still being built, such as rituals)."""
    if day.route:
        for kwargs in ({**day.route_args, "space_id": space_id}, dict(day.route_args)):
            url = _reverse(day.route, kwargs)
            if url:
                return url
    return practice_link(day.practice)


def available_practices() -> set[str]:
    return {p.id for p in practices().items if practice_link(p.id)}


# --- reading ----------------------------------------------------------------------------------


def _visible(membership: Membership):
    return Challenge.objects.filter(space_id=membership.space_id).filter(
        Q(owner__isnull=True) | Q(owner_id=membership.user_id)
    )


def get_challenge_for_member(membership: Membership, challenge_id: str) -> Challenge:
    """A challenge this person may see (the pair's, or their own solo one), else 404 — the
    same 404 for a missing id and for someone else's solo challenge."""
    if not isinstance(challenge_id, str):
        raise Http404("No such challenge")
    try:
        return _visible(membership).get(pk=challenge_id)
    except Challenge.DoesNotExist:
        raise Http404("No such challenge") from None


# Asked on every visit to the space page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    open=lambda a: (
        Challenge.objects.filter(space_id=a["space"])
        .filter(Q(owner__isnull=True) | Q(owner_id=a["user"]))
        .exclude(state=Challenge.State.ENDED)
    ),
)


def open_challenges(membership: Membership) -> list[Challenge]:
    """The challenges going or resting now: the pair's first, then the person's own."""
    rows = _QUERIES.objects("open", space=membership.space_id, user=membership.user_id)
    return sorted(rows, key=lambda c: (c.owner_id is not None, c.created_at))


def earlier_challenges(membership: Membership) -> list[Challenge]:
    return list(_visible(membership).filter(state=Challenge.State.ENDED).order_by("-created_at"))


def _members(challenge: Challenge) -> list[int]:
    """Whose marks count: the owner of a solo challenge; the members of a shared one. A member
    who left counts too: their marks are still here only when they chose to leave what the pair
    shared readable (remove_for_leaver)."""
    if challenge.owner_id is not None:
        return [challenge.owner_id]
    return list(
        Membership.objects.filter(space_id=challenge.space_id).values_list("user_id", flat=True)
    )


@dataclass(frozen=True)
class DayView:
    number: int
    week: int
    content: ChallengeDay
    status: str  # done | let_go | open | ahead   (never "missed")
    mine: str | None  # this person's own mark
    note: str | None  # this person's own note, opened
    note_locked: bool
    link: str | None
    today: bool
    practice_title: str = ""


@dataclass(frozen=True)
class ChallengeView:
    challenge: Challenge
    today: int
    days: list[DayView]
    done: int
    let_go: int
    practice_titles: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return CHALLENGE_DAYS

    @property
    def percent(self) -> int:
        return round(100 * self.done / CHALLENGE_DAYS)

    @property
    def week(self) -> int:
        return week_of(self.today)

    @property
    def open_earlier(self) -> list[DayView]:
        """The latest few days that have come and are still open: offered, never counted
        against anyone. The rest wait, as links, in the weeks below."""
        earlier = [d for d in self.days if d.status == "open" and d.number < self.today]
        return earlier[-OPEN_EARLIER_SHOWN:]

    @property
    def today_day(self) -> DayView:
        return self.days[self.today - 1]

    @property
    def all_marked(self) -> bool:
        return all(d.status in ("done", "let_go") for d in self.days)

    @property
    def end_open(self) -> bool:
        """The end reflection opens on day 28, or earlier once every day is done or let go."""
        return self.today >= CHALLENGE_DAYS or self.all_marked

    def week_days(self, week: int) -> list[DayView]:
        return [d for d in self.days if d.week == week]


def _status(marks: list[DayMark], viewer_id: int) -> str:
    """Done when either person did it. Let go only when *you* let it go: the other person's
    "let go" stays theirs (you still see the day as open, and can do it), so nothing ever shows
    one person what the other let pass (PRODUCT.md principle 3)."""
    if any(m.state == DayMark.State.DONE for m in marks):
        return "done"
    if any(m.state == DayMark.State.LET_GO and m.author_id == viewer_id for m in marks):
        return "let_go"
    return "open"


def view_challenge(
    membership: Membership,
    challenge: Challenge,
    data_key: bytes | None = None,
    *,
    now: datetime | None = None,
) -> ChallengeView:
    """Everything one person may see of a challenge: the pair's progress (either person's
    "done" counts), their own marks and notes, never the other person's notes."""
    content = challenge_content()
    titles = practice_titles()
    today = day_number(challenge, local_today(membership.user, now))
    counted = set(_members(challenge))
    by_day: dict[int, list[DayMark]] = {}
    for mark in challenge.marks.filter(author_id__in=counted):
        by_day.setdefault(mark.day, []).append(mark)
    days = []
    for day in content.days:
        marks = by_day.get(day.day, [])
        mine = next((m for m in marks if m.author_id == membership.user_id), None)
        note = None
        if mine and mine.note and data_key is not None:
            note = vault.unseal(data_key, membership.user, NOTE_PURPOSE, mine.id, mine.note)
        status = _status(marks, membership.user_id)
        if status == "open" and day.day > today:
            status = "ahead"
        days.append(
            DayView(
                number=day.day,
                week=day.week,
                content=day,
                status=status,
                mine=mine.state if mine else None,
                note=note,
                note_locked=bool(mine and mine.note and data_key is not None and note is None),
                link=task_link(day, challenge.space_id),
                today=day.day == today,
                practice_title=titles.get(day.practice, ""),
            )
        )
    return ChallengeView(
        challenge=challenge,
        today=today,
        days=days,
        done=sum(d.status == "done" for d in days),
        let_go=sum(d.status == "let_go" for d in days),
        practice_titles=titles,
    )


# --- writing: starting, pausing, closing ------------------------------------------------------


def _require_open_space(membership: Membership) -> None:
    if membership.space.state == Space.State.INACTIVE:
        raise ServiceError(
            "space_inactive", "This space is no longer active, so nothing new can start here."
        )


def start_challenge(
    membership: Membership, *, together: bool, now: datetime | None = None
) -> Challenge:
    """Begin a fresh challenge: the pair's (only once both are in the space), or one's own."""
    _require_open_space(membership)
    if together and membership.space.state != Space.State.ACTIVE:
        raise ServiceError(
            "not_together_yet",
            "The other person hasn't joined this space yet. You can start the challenge on your "
            "own now, and another one together later.",
            field="together",
        )
    try:
        with transaction.atomic():
            return Challenge.objects.create(
                space_id=membership.space_id,
                owner=None if together else membership.user,
                started_on=local_today(membership.user, now),
            )
    except IntegrityError:
        raise Conflict(
            "already_going",
            "There is already a challenge going here. You can carry on with it, or close it "
            "and begin again.",
        ) from None


def _today(membership: Membership, now: datetime | None) -> date:
    return local_today(membership.user, now)


def pause(membership: Membership, challenge: Challenge, *, now: datetime | None = None) -> None:
    """Rest: the days stop counting until you carry on. Nothing is lost."""
    updated = Challenge.objects.filter(pk=challenge.pk, state=Challenge.State.ACTIVE).update(
        state=Challenge.State.PAUSED, paused_on=_today(membership, now)
    )
    if updated != 1:
        raise Conflict("not_going", "This challenge is not going right now, so it can't rest.")


def resume(membership: Membership, challenge: Challenge, *, now: datetime | None = None) -> None:
    challenge.refresh_from_db()
    if challenge.state != Challenge.State.PAUSED or challenge.paused_on is None:
        raise Conflict(
            "not_resting", "This challenge is not resting, so there's nothing to resume."
        )
    rested = max(0, (_today(membership, now) - challenge.paused_on).days)
    updated = Challenge.objects.filter(
        pk=challenge.pk, state=Challenge.State.PAUSED, paused_on=challenge.paused_on
    ).update(state=Challenge.State.ACTIVE, paused_on=None, paused_days=F("paused_days") + rested)
    if updated != 1:
        raise Conflict("try_again", "That changed a moment ago. Please look again.")


def close(membership: Membership, challenge: Challenge, *, now: datetime | None = None) -> None:
    """Close the challenge (finished, or stopped early: both fine). A new one can begin."""
    updated = (
        Challenge.objects.filter(pk=challenge.pk)
        .exclude(state=Challenge.State.ENDED)
        .update(state=Challenge.State.ENDED, ended_at=now or timezone.now())
    )
    if updated != 1:
        raise Conflict("already_closed", "This challenge is already closed.")


# --- writing: marking days --------------------------------------------------------------------


def _require_writable(membership: Membership, challenge: Challenge) -> None:
    _require_open_space(membership)
    if challenge.state == Challenge.State.ENDED:
        raise ServiceError(
            "closed", "This challenge is closed. You can begin a new one whenever you like."
        )


def clean_note(raw: object, limit: int = NOTE_MAX, field_name: str = "note") -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ServiceError("invalid_text", "Please write this as text.", field=field_name)
    text = clean_text(raw).strip()
    if len(text) > limit:
        raise ServiceError(
            "too_long",
            f"Please keep this to {limit:,} characters or fewer (this has {len(text):,}).",
            field=field_name,
        )
    return text


def mark_day(
    membership: Membership,
    challenge: Challenge,
    day: int,
    state: str,
    *,
    note: str | None = None,
    data_key: bytes | None = None,
    now: datetime | None = None,
) -> DayMark | None:
    """Mark a day done or let go, or open it again ("open" removes your own mark). Late is
    always fine; days that have not come yet wait. A note is private and needs the key."""
    _require_writable(membership, challenge)
    if state not in MARK_STATES:
        raise ServiceError("invalid_state", "Choose done, let go, or open again.", field="state")
    today = day_number(challenge, local_today(membership.user, now))
    if day > today:
        raise ServiceError(
            "not_yet",
            f"Day {day} hasn't come yet. Today is day {today}; it will be here soon.",
            field="day",
        )
    text = clean_note(note)
    if text and data_key is None:
        raise ServiceError(
            "locked",
            "Please unlock with your password first; notes are sealed with it.",
            field="note",
        )
    existing = DayMark.objects.filter(
        challenge=challenge, day=day, author_id=membership.user_id
    ).first()
    if state == "open":
        if existing:
            existing.delete()
        return None
    mark = existing or DayMark(
        id=new_public_id(), challenge=challenge, day=day, author_id=membership.user_id
    )
    mark.state = state
    mark.marked_at = now or timezone.now()
    if note is not None:  # None keeps the note as it was; "" clears it
        mark.note = (
            vault.seal(data_key, membership.user, NOTE_PURPOSE, mark.id, text)
            if text and data_key is not None
            else ""
        )
    try:
        with transaction.atomic():
            mark.save()
    except IntegrityError:
        raise ServiceError("try_again", "That didn't save. Please try once more.") from None
    return mark


# --- the weekly and end reflections -----------------------------------------------------------


def _reveal_key() -> bytes:
    """Only for a pair where someone has no key pair yet (see vault.seal_for)."""
    return crypto.subkey(settings.SECRET_KEY, "toward:challenge:reveal")


def _reveal_context(row: WeekReflection) -> str:
    return f"challenge-reveal:{row.challenge_id}:{row.week}:{row.author_id}:{row.id}"


def _open_for_reveal(row: WeekReflection, reader_id, data_key: bytes | None) -> dict | None:
    return vault.open_json_for(
        reader_id, data_key, row.for_reveal, _reveal_context(row), fallback_key=_reveal_key()
    )


def _open_own(row: WeekReflection, data_key: bytes | None) -> dict | None:
    if data_key is not None:
        text = vault.unseal(data_key, row.author, REFLECTION_PURPOSE, row.id, row.sealed)
        if text is not None:
            return json.loads(text)
    return _open_for_reveal(row, row.author_id, data_key)


@dataclass(frozen=True)
class ReflectionView:
    week: int
    mine: dict | None
    mine_locked: bool
    other_written: bool  # only ever True in a shared challenge
    theirs: dict | None  # only once both have written
    # both have written, but theirs is sealed to the reader's own key, not in hand
    theirs_locked: bool = False

    @property
    def revealed(self) -> bool:
        return self.theirs is not None or self.theirs_locked


def view_reflections(
    membership: Membership, challenge: Challenge, data_key: bytes | None
) -> dict[int, ReflectionView]:
    """THE reveal rule for the challenge's reflections (see the module docstring)."""
    counted = set(_members(challenge))
    rows = list(challenge.reflections.filter(author_id__in=counted).select_related("author"))
    views = {}
    for week in range(1, END_WEEK + 1):
        mine_row = next(
            (r for r in rows if r.week == week and r.author_id == membership.user_id), None
        )
        other_row = next(
            (r for r in rows if r.week == week and r.author_id != membership.user_id), None
        )
        mine = _open_own(mine_row, data_key) if mine_row else None
        shared = challenge.owner_id is None
        both = shared and mine_row is not None and other_row is not None
        theirs = _open_for_reveal(other_row, membership.user_id, data_key) if both else None
        views[week] = ReflectionView(
            week=week,
            mine=mine,
            mine_locked=mine_row is not None and mine is None and data_key is not None,
            other_written=shared and other_row is not None,
            theirs=theirs,
            theirs_locked=both and data_key is None and vault.needs_key(other_row.for_reveal),
        )
    return views


def reflection_opens_on(week: int) -> int:
    """A week's reflection opens on its last day; the end reflection on day 28."""
    return min(CHALLENGE_DAYS, week * DAYS_PER_WEEK)


def clean_reflection(week: int, raw: dict[str, object]) -> dict:
    if week < END_WEEK:
        text = clean_note(raw.get("text"), REFLECTION_MAX, "text")
        if not text:
            raise ServiceError(
                "empty_reflection", "Write a line or two, and that is a reflection.", field="text"
            )
        return {"text": text}
    answers: dict = {
        name: clean_note(raw.get(name), REFLECTION_MAX, name)
        for name in ("worked", "not_worked", "note")
    }
    keep = raw.get("keep") or []
    if not isinstance(keep, list | tuple) or not all(isinstance(k, str) for k in keep):
        raise ServiceError("invalid_keep", "Choose practices from the list.", field="keep")
    known = challenge_content().practice_ids()
    unknown = [k for k in keep if k not in known]
    if unknown:
        raise ServiceError(
            "invalid_keep", f"There is no practice called {unknown[0]!r} here.", field="keep"
        )
    answers["keep"] = list(dict.fromkeys(keep))
    if not (answers["worked"] or answers["not_worked"] or answers["note"] or answers["keep"]):
        raise ServiceError(
            "empty_reflection",
            "Write a line for any one question, or choose something to keep.",
            field="worked",
        )
    return answers


def write_reflection(
    membership: Membership,
    challenge: Challenge,
    data_key: bytes | None,
    week: int,
    raw: dict[str, object],
    *,
    now: datetime | None = None,
) -> WeekReflection:
    """Write or rewrite your reflection on a week (1-4) or on the whole challenge (5)."""
    if data_key is None:
        raise ServiceError(
            "locked", "Please unlock with your password first; reflections are sealed with it."
        )
    _require_writable(membership, challenge)
    if week not in range(1, END_WEEK + 1):
        raise Http404("No such week")
    view = view_challenge(membership, challenge, data_key, now=now)
    opens = reflection_opens_on(min(week, 4))
    if week == END_WEEK and not view.end_open or week < END_WEEK and view.today < opens:
        raise ServiceError(
            "not_yet",
            f"This reflection opens on day {opens}. Today is day {view.today}.",
        )
    payload = json.dumps(clean_reflection(week, raw), ensure_ascii=False)
    now = now or timezone.now()
    row = WeekReflection.objects.filter(
        challenge=challenge, week=week, author_id=membership.user_id
    ).first() or WeekReflection(
        id=new_public_id(),
        challenge=challenge,
        week=week,
        author_id=membership.user_id,
        created_at=now,
    )
    row.author = membership.user
    row.sealed = vault.seal(data_key, membership.user, REFLECTION_PURPOSE, row.id, payload)
    row.for_reveal = (
        vault.seal_for(
            set(_members(challenge)) | {membership.user_id},
            payload,
            _reveal_context(row),
            fallback_key=_reveal_key(),
        )
        if challenge.owner_id is None
        else ""
    )
    row.updated_at = now
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ServiceError("try_again", "That didn't save. Please try once more.") from None
    return row


# --- the end suggestion -----------------------------------------------------------------------


def suggest_practices(
    keep_choices: list[list[str]],
    done_days: dict[str, int],
    order: list[str],
    available: set[str],
    fallback: str,
) -> list[str]:
    """One or two practices to keep (documented in docs/CHALLENGE.md):

    1. If anyone chose practices to keep (in the end reflections the viewer may read), suggest
       up to two of them: chosen by more people first, then the ones used on more days marked
       done, then the earlier in the challenge.
    2. If nobody chose any, suggest the one practice used on the most days marked done (ties:
       the earlier in the challenge).
    3. If no day was marked done either, suggest the fallback (the daily check-in).
    Practices whose page does not exist in this build are left out.
    """
    position = {practice: index for index, practice in enumerate(order)}
    votes: dict[str, int] = {}
    for choice in keep_choices:
        for practice in set(choice):
            if practice in available:
                votes[practice] = votes.get(practice, 0) + 1

    def rank(practice: str) -> tuple:
        return (-votes.get(practice, 0), -done_days.get(practice, 0), position.get(practice, 99))

    if votes:
        return sorted(votes, key=rank)[:MAX_SUGGESTIONS]
    used = [p for p, n in done_days.items() if n > 0 and p in available]
    if used:
        return sorted(used, key=rank)[:1]
    return [fallback] if fallback in available else []


@dataclass(frozen=True)
class Suggestion:
    practice: str
    title: str
    link: str | None


def end_suggestion(
    view: ChallengeView, reflections: dict[int, ReflectionView]
) -> list[Suggestion] | None:
    """The suggestion, once the end reflection is readable: your own in a solo challenge, both
    in a shared one. None before that."""
    end = reflections[END_WEEK]
    if end.mine is None or (view.challenge.owner_id is None and end.theirs is None):
        return None
    content = challenge_content()
    done_days: dict[str, int] = {}
    for day in view.days:
        if day.status == "done":
            done_days[day.content.practice] = done_days.get(day.content.practice, 0) + 1
    keep = [r.get("keep", []) for r in (end.mine, end.theirs) if r]
    chosen = suggest_practices(
        keep, done_days, content.practice_ids(), available_practices(), content.fallback_practice
    )
    titles = practice_titles()
    return [Suggestion(p, titles.get(p, p), practice_link(p)) for p in chosen]


# --- the account-wide actions -----------------------------------------------------------------


def export_for(user, data_key: bytes | None) -> list[dict]:
    """Each challenge the person took part in: their own marks and notes, their reflections,
    and the other person's reflections only where both had written."""
    ids = set(DayMark.objects.filter(author=user).values_list("challenge_id", flat=True)) | set(
        WeekReflection.objects.filter(author=user).values_list("challenge_id", flat=True)
    )
    ids |= set(Challenge.objects.filter(owner=user).values_list("id", flat=True))
    out = []
    for challenge in Challenge.objects.filter(pk__in=ids).order_by("created_at"):
        marks = []
        for mark in DayMark.objects.filter(challenge=challenge, author=user).order_by("day"):
            note = None
            if mark.note and data_key is not None:
                note = vault.unseal(data_key, user, NOTE_PURPOSE, mark.id, mark.note)
            marks.append({"day": mark.day, "state": mark.state, "note": note})
        reflections = []
        for row in WeekReflection.objects.filter(challenge=challenge).select_related("author"):
            if row.author_id == user.pk:
                reflections.append(
                    {"week": row.week, "mine": True, "text": _open_own(row, data_key)}
                )
            elif (
                challenge.owner_id is None
                and WeekReflection.objects.filter(
                    challenge=challenge, week=row.week, author=user
                ).exists()
            ):
                reflections.append(
                    {
                        "week": row.week,
                        "mine": False,
                        "text": _open_for_reveal(row, user.pk, data_key),
                    }
                )
        out.append(
            {
                "id": challenge.id,
                "space_id": challenge.space_id,
                "kind": "solo" if challenge.owner_id else "shared",
                "state": challenge.state,
                "started_on": challenge.started_on.isoformat(),
                "my_days": marks,
                "reflections": reflections,
            }
        )
    return out


def remove_for_leaver(membership: Membership, *, keep_shared: bool = False) -> None:
    """The leaver's solo challenges, day marks, notes and reflections leave with them.

    With `keep_shared`, what the other person could already see of a shared challenge stays:
    the days the leaver marked done (they count for the pair), without the private note, and
    the weeks both wrote about, as the reveal copy only. Days let go (only ever the leaver's),
    weeks only the leaver wrote and their own sealed copies still go."""
    Challenge.objects.filter(space_id=membership.space_id, owner_id=membership.user_id).delete()
    marks = DayMark.objects.filter(
        challenge__space_id=membership.space_id, author_id=membership.user_id
    )
    reflections = WeekReflection.objects.filter(
        challenge__space_id=membership.space_id, author_id=membership.user_id
    )
    if not keep_shared:
        marks.delete()
        reflections.delete()
        return
    marks.exclude(state=DayMark.State.DONE).delete()
    marks.update(note="")
    both_wrote = WeekReflection.objects.filter(
        challenge=OuterRef("challenge"), week=OuterRef("week")
    ).exclude(author_id=membership.user_id)
    reflections.exclude(Exists(both_wrote)).delete()
    reflections.update(sealed="")
