"""Every write in the guided exercises goes through these functions; views, API and demo call them.

A run moves waiting → running → finished, or to stopped from either of the first two. It starts
only when both members are ready; "not right now" from either ends it for both, and nothing
records which of them it was. Changes are compare-and-set on ``state`` so two phones pressing at
once are safe on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from toward.accounts import vault
from toward.checkins import appreciations
from toward.content.library import exercises_content
from toward.content.schema import ExerciseGuide
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import Conflict, ServiceError
from toward.exercises.models import Ready, Reflection, Run
from toward.lib.ids import new_public_id
from toward.lib.text import clean_text
from toward.spaces.models import Membership, Space

LEAD_IN = timedelta(seconds=5)  # both phones show "starting…" first, so two devices begin together
WAITING_TTL = timedelta(hours=1)  # an unanswered "ready?" quietly lapses instead of lingering
BREATHS = 7
PACES = {"slow": (5, 5), "medium": (4, 4)}  # seconds in, seconds out
BREATH_SECONDS_MIN, BREATH_SECONDS_MAX = 2, 10
GRATITUDE_EACH = 3  # three appreciations each, turn by turn
REFLECTION_MAX = 4000
REFLECTION_PURPOSE = "exercise-reflection"
OPEN_STATES = (Run.State.WAITING, Run.State.RUNNING)


# --- content and access ------------------------------------------------------------------------


def guides() -> list[ExerciseGuide]:
    return list(exercises_content().items)


def find_guide(ref: object) -> ExerciseGuide | None:
    return next((g for g in guides() if g.id == ref), None)


def get_guide(ref: str) -> ExerciseGuide:
    guide = find_guide(ref)
    if guide is None:
        raise Http404("No such exercise")
    return guide


def get_run(membership: Membership, run_id: str) -> Run:
    """Access function: a run in this person's space, or the same 404 for missing and not yours."""
    if not isinstance(run_id, str):
        raise Http404("No such exercise")
    try:
        run = Run.objects.get(pk=run_id, space_id=membership.space_id)
    except Run.DoesNotExist:
        raise Http404("No such exercise") from None
    return settle(run)


def require_active(membership: Membership) -> None:
    state = Membership.objects.filter(pk=membership.pk).values_list("space__state", "left_at")
    space_state, left_at = state.first() or (Space.State.INACTIVE, None)
    if space_state == Space.State.INACTIVE or left_at is not None:
        raise Conflict(
            "space_inactive", "This space is no longer active, so nothing new can start here."
        )
    if space_state != Space.State.ACTIVE:
        raise Conflict(
            "space_waiting", "Exercises need both of you. Once the other person joins, they open."
        )


def pair_members(space_id: str) -> list[Membership]:
    """Both current members, the one who made the space first (the gratitude round's order)."""
    return list(
        Membership.objects.select_related("user")
        .filter(space_id=space_id, left_at__isnull=True)
        .order_by("joined_at", "id")
    )


# --- validation ----------------------------------------------------------------------------------


def _int(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def clean_minutes(guide: ExerciseGuide, raw: object) -> int:
    if raw in (None, ""):
        return guide.minutes_default  # type: ignore[return-value]
    low, high = guide.minutes_min, guide.minutes_max
    minutes = _int(raw)
    if minutes is None or not low <= minutes <= high:  # type: ignore[operator]
        raise ServiceError(
            "invalid_minutes", f"Choose between {low} and {high} minutes.", field="minutes"
        )
    return minutes


def clean_pace(pace: object, breathe_in: object, breathe_out: object) -> tuple[int, int]:
    if pace in (None, ""):
        pace = "slow"
    if pace in PACES:
        return PACES[pace]  # type: ignore[index]
    if pace != "custom":
        raise ServiceError("invalid_pace", "Choose slow, medium or your own pace.", field="pace")
    seconds = (_int(breathe_in), _int(breathe_out))
    low, high = BREATH_SECONDS_MIN, BREATH_SECONDS_MAX
    for value, field in zip(seconds, ("breathe_in", "breathe_out"), strict=True):
        if value is None or not low <= value <= high:
            raise ServiceError(
                "invalid_pace",
                f"Choose between {low} and {high} seconds for each breath in and out.",
                field=field,
            )
    return seconds  # type: ignore[return-value]


# --- the runner -----------------------------------------------------------------------------------


def _bump(run: Run, old_states, **changes) -> bool:
    """Compare-and-set: apply `changes` only if the run is still in one of `old_states`."""
    updated = Run.objects.filter(pk=run.pk, state__in=old_states).update(
        version=F("version") + 1, **changes
    )
    run.refresh_from_db()
    return updated == 1


def settle(run: Run, now: datetime | None = None) -> Run:
    """Bring a run up to date with the clock: a guided part whose time is over has finished, and
    a "ready?" nobody answered within the hour has lapsed."""
    now = now or timezone.now()
    if run.state == Run.State.RUNNING and run.ends_at and now >= run.ends_at:
        _bump(run, [Run.State.RUNNING], state=Run.State.FINISHED, ended_at=run.ends_at)
    elif run.state == Run.State.WAITING and now - run.created_at > WAITING_TTL:
        _bump(run, [Run.State.WAITING], state=Run.State.STOPPED, ended_at=now)
    return run


# Asked on every visit to the space page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    open=lambda a: Run.objects.filter(space_id=a["space"], state__in=OPEN_STATES),
)


def open_run(membership: Membership) -> Run | None:
    for run in _QUERIES.objects("open", space=membership.space_id):
        if settle(run).state in OPEN_STATES:
            return run
    return None


@transaction.atomic
def start(
    membership: Membership,
    exercise: object,
    *,
    minutes: object = None,
    pace: object = None,
    breathe_in: object = None,
    breathe_out: object = None,
) -> Run:
    """Open an exercise for the pair; it waits until both are ready. Whoever opens a breathing
    exercise sets its pace; the other follows."""
    require_active(membership)
    guide = find_guide(exercise)
    if guide is None:
        raise ServiceError("unknown_exercise", "Please choose an exercise.", field="exercise")
    run = Run(space_id=membership.space_id, exercise=guide.id, kind=guide.kind)
    if guide.kind in ("timer", "phone_free"):
        run.minutes = clean_minutes(guide, minutes)
    elif guide.kind == "breathing":
        run.breathe_in, run.breathe_out = clean_pace(pace, breathe_in, breathe_out)
        run.breaths = BREATHS
    current = open_run(membership)
    if current is not None:
        if current.exercise == guide.id and current.state == Run.State.WAITING:
            return current
        raise Conflict(
            "exercise_open",
            "Another exercise is open in this space. Finish it or stop it first.",
        )
    run.save()
    _tell_the_others(membership, run, guide)
    return run


def _tell_the_others(membership: Membership, run: Run, guide: ExerciseGuide) -> None:
    """An in-app notice for the other member, held back while they are recharging."""
    from django.urls import reverse

    from toward.nudges.services import notify_partner

    notify_partner(
        membership,
        kind="exercise_opened",
        title=f"{guide.title} is open for the two of you, whenever you're ready",
        url=reverse("exercises:run", args=[membership.space_id, run.id]),
        email=False,
    )


def _guided_length(run: Run) -> timedelta | None:
    if run.kind in ("timer", "phone_free"):
        return timedelta(minutes=run.minutes or 0)
    if run.kind == "breathing":
        return timedelta(seconds=(run.breathe_in + run.breathe_out) * run.breaths)  # type: ignore[operator]
    return None  # the gratitude round ends after its turns


@transaction.atomic
def ready(membership: Membership, run: Run, *, other: bool = False) -> Run:
    """Say "I'm ready". Sitting together on one phone, each person taps their own name: the
    holder's tap is theirs, and the other person's tap (`other=True`) marks the other member.
    Taps from one phone and from two phones mix freely. The guided part begins when both members
    are ready, and only then."""
    require_active(membership)
    if run.state != Run.State.WAITING:
        raise Conflict("not_waiting", "This exercise is no longer waiting to start.")
    members = pair_members(membership.space_id)
    if other:
        others = [m for m in members if m.user_id != membership.user_id]
        if not others:
            raise Conflict(
                "space_waiting",
                "Exercises need both of you. Once the other person joins, they open.",
            )
        user_id = others[0].user_id
    else:
        user_id = membership.user_id
    Ready.objects.get_or_create(run=run, user_id=user_id)
    marked = set(run.ready_marks.values_list("user_id", flat=True))
    if len(members) == 2 and {m.user_id for m in members} <= marked:
        started = timezone.now() + LEAD_IN
        length = _guided_length(run)
        _bump(
            run,
            [Run.State.WAITING],
            state=Run.State.RUNNING,
            started_at=started,
            ends_at=started + length if length is not None else None,
        )
    else:
        _bump(run, [Run.State.WAITING])
    return run


def stop(membership: Membership, run: Run) -> Run:
    """ "Not right now": ends the run for both. Stopping twice, or after the end, is harmless."""
    _bump(run, OPEN_STATES, state=Run.State.STOPPED, ended_at=timezone.now())
    return run


def finish(membership: Membership, run: Run) -> Run:
    """End the guided part now, as done (for example, breathing done before the circle is)."""
    if run.state == Run.State.WAITING:
        raise Conflict("not_started", "This exercise hasn't started yet.")
    _bump(run, [Run.State.RUNNING], state=Run.State.FINISHED, ended_at=timezone.now())
    return run


def whose_turn(run: Run) -> Membership | None:
    members = pair_members(run.space_id)
    return members[run.turn % len(members)] if members else None


def gratitude_hint(did: object) -> str | None:
    """A gentle nudge from the appreciations practice when thanks are vague ("for everything"),
    or None when they are specific enough."""
    if not isinstance(did, str) or not did.strip():
        return None
    return appreciations.vague_hint(clean_text(did))


def gratitude_turn(
    membership: Membership,
    run: Run,
    *,
    did: object = "",
    felt: object = "",
    says: object = "",
    said_aloud: bool = False,
) -> Run:
    """One appreciation in the gratitude round. Whoever's turn it is may write it down (it is
    kept with the pair's appreciations) or simply say it aloud; either way the turn passes."""
    require_active(membership)
    if run.kind != "gratitude":
        raise Conflict("not_gratitude", "This exercise has no turns.")
    if run.state != Run.State.RUNNING:
        raise Conflict("not_running", "The round isn't under way just now.")
    holder = whose_turn(run)
    if not said_aloud:
        if holder is None or holder.user_id != membership.user_id:
            raise Conflict(
                "not_your_turn",
                "It's the other person's turn. They can write theirs, or say it aloud.",
            )
        appreciations.add_appreciation(membership, did=did, felt=felt, says=says)
    turn = run.turn
    done = turn + 1 >= GRATITUDE_EACH * 2
    changes = {"turn": turn + 1}
    if done:
        changes |= {"state": Run.State.FINISHED, "ended_at": timezone.now()}
    if not Run.objects.filter(pk=run.pk, state=Run.State.RUNNING, turn=turn).update(
        version=F("version") + 1, **changes
    ):
        raise Conflict("turn_taken", "That turn has just been taken. Here is the next one.")
    run.refresh_from_db()
    return run


# --- reflections ----------------------------------------------------------------------------------


def save_reflection(membership: Membership, run: Run, data_key: bytes, text: object) -> Reflection:
    """Keep a private reflection, sealed with the author's own key. Writing again replaces it."""
    if run.state in OPEN_STATES:
        raise Conflict("not_ended", "You can write a reflection once the exercise has ended.")
    if not isinstance(text, str):
        raise ServiceError("invalid_text", "Please write this as text.", field="text")
    clean = clean_text(text).strip()
    if not clean:
        raise ServiceError("empty", "Write a few words, or simply leave it.", field="text")
    if len(clean) > REFLECTION_MAX:
        raise ServiceError(
            "too_long",
            f"Please keep this to {REFLECTION_MAX:,} characters or fewer "
            f"(this has {len(clean):,}).",
            field="text",
        )
    existing = Reflection.objects.filter(run=run, user_id=membership.user_id).first()
    row_id = existing.id if existing else new_public_id()
    sealed = vault.seal(data_key, membership.user, REFLECTION_PURPOSE, row_id, clean)
    if existing:
        Reflection.objects.filter(pk=row_id).update(sealed_text=sealed)
        existing.sealed_text = sealed
        return existing
    return Reflection.objects.create(
        id=row_id, run=run, user_id=membership.user_id, sealed_text=sealed
    )


@dataclass(frozen=True)
class MyReflection:
    exists: bool
    text: str | None  # None when it was sealed under a key that has since been replaced


def my_reflection(membership: Membership, run: Run, data_key: bytes | None) -> MyReflection:
    row = Reflection.objects.filter(run=run, user_id=membership.user_id).first()
    if row is None:
        return MyReflection(False, None)
    if data_key is None:
        return MyReflection(True, None)
    text = vault.unseal(data_key, membership.user, REFLECTION_PURPOSE, row.id, row.sealed_text)
    return MyReflection(True, text)


# --- what a page shows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadyTap:
    """One member's "ready" button on the readiness step, labelled with their name so that two
    people sharing one phone each tap their own."""

    label: str  # "Sam is ready"
    mine: bool  # the person holding this phone
    ready: bool


@dataclass(frozen=True)
class RunView:
    run: Run
    guide: ExerciseGuide
    i_am_ready: bool
    other_is_ready: bool
    taps: list[ReadyTap]  # the holder's own first
    turn_name: str | None  # gratitude: whose turn it is
    my_turn: bool
    given: int  # gratitude: appreciations given in this round, by both together
    total: int


def _ready_taps(membership: Membership, members: list[Membership], marked: set) -> list[ReadyTap]:
    mine = [m for m in members if m.user_id == membership.user_id]
    others = [m for m in members if m.user_id != membership.user_id]
    names = [m.user.name.strip() for m in mine + others]
    distinct = all(names) and len(set(names)) == len(names)
    taps = []
    for m, name in zip(mine + others, names, strict=True):
        is_me = m.user_id == membership.user_id
        if distinct:
            label = f"{name} is ready"
        else:  # two people with one name: say which is which another way
            label = "I'm ready" if is_me else "The other person is ready"
        taps.append(ReadyTap(label=label, mine=is_me, ready=m.user_id in marked))
    return taps


def view(membership: Membership, run: Run) -> RunView:
    members = pair_members(run.space_id)
    holder = members[run.turn % len(members)] if run.kind == "gratitude" and members else None
    marked = set(run.ready_marks.values_list("user_id", flat=True))
    return RunView(
        run=run,
        guide=get_guide(run.exercise),
        i_am_ready=membership.user_id in marked,
        other_is_ready=any(m.user_id in marked for m in members if m.user_id != membership.user_id),
        taps=_ready_taps(membership, members, marked),
        turn_name=holder.user.name if holder else None,
        my_turn=bool(holder and holder.user_id == membership.user_id),
        given=run.turn,
        total=GRATITUDE_EACH * 2,
    )


@dataclass(frozen=True)
class PhoneFreeWindow:
    day: datetime
    planned_minutes: int
    minutes: int
    completed: bool


def phone_free_log(membership: Membership, *, limit: int = 30) -> list[PhoneFreeWindow]:
    """The pair's phone-free windows, newest first: a log, never a streak."""
    rows = Run.objects.filter(
        space_id=membership.space_id,
        kind="phone_free",
        state__in=[Run.State.FINISHED, Run.State.STOPPED],
        started_at__isnull=False,
    ).order_by("-started_at")[:limit]
    out = []
    for run in rows:
        end = run.ended_at or run.ends_at or run.started_at
        minutes = max(0, int((end - run.started_at).total_seconds() // 60))
        out.append(
            PhoneFreeWindow(run.started_at, run.minutes or 0, minutes, run.state == "finished")
        )
    return out
