"""Self-assessments (issue 7, PRODUCT.md 3.10): taking a questionnaire, one's own history,
sharing a result with the space, and the shared-language view of expression styles.

The privacy rule, in one place:
- a person always reads their own results (answers with their data key; the summary always);
- the other member reads a result's summary (band, its words, the suggestions; for expression
  styles, the style profile) only while its author shares it, and never the answers;
- the other member never learns that an unshared result exists, nor when anything was taken.

Every write goes through `submit`, `share` or `unshare`; every read of a result by id goes
through `get_result_for_member`, which finds only the person's own results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from toward.accounts import vault
from toward.assessments import recommend, scoring, shared
from toward.assessments.models import Result
from toward.content.assessments_schema import Assessment, Band
from toward.content.library import assessments, practices
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import ServiceError
from toward.lib import crypto
from toward.lib.ids import new_public_id
from toward.spaces.models import Membership, Space

PURPOSE = "assessment"
RECENT_WINDOW = timedelta(days=28)  # "what you are already doing": the last four weeks
STYLES_ID = "expression-styles"


class UnknownAssessment(ServiceError):
    status = 404


# --- content --------------------------------------------------------------------------------


def available(membership: Membership) -> list[Assessment]:
    kind = membership.space.relationship_type
    return [a for a in assessments() if kind in a.relationship_types]


def get_assessment(assessment_id: object) -> Assessment:
    found = next((a for a in assessments() if a.id == assessment_id), None)
    if found is None:
        raise UnknownAssessment(
            "unknown_assessment", f"There is no questionnaire called {str(assessment_id)!r}."
        )
    return found


def available_practices() -> set[str]:
    """Ids of the practices whose pages exist in this build."""
    found = set()
    for practice in practices().items:
        try:
            reverse(practice.route)
        except NoReverseMatch:
            continue
        found.add(practice.id)
    return found


def recent_practices(membership: Membership, now: datetime | None = None) -> set[str]:
    from toward.reflections import pillars  # the shared registry of "used lately"

    return pillars.recent_practices(membership, (now or timezone.now()) - RECENT_WINDOW)


# --- sealing --------------------------------------------------------------------------------


def _summary_key() -> bytes:
    """For shared copies (text shared on purpose), and for the own copy of an author who has no
    key pair yet (see vault.seal_for)."""
    return crypto.subkey(settings.SECRET_KEY, "toward:assessments:summary")


def _summary_context(result: Result) -> str:
    return f"assessment:{result.id}:{result.author_id}"


def _shared_context(result: Result) -> str:
    return f"assessment-shared:{result.id}:{result.author_id}"


def _open_own_summary(result: Result, data_key: bytes | None) -> dict | None:
    return vault.open_json_for(
        result.author_id,
        data_key,
        result.summary,
        _summary_context(result),
        fallback_key=_summary_key(),
    )


def _open_shared_summary(result: Result) -> dict | None:
    if result.shared_at is None or not result.shared_summary:
        return None
    try:
        return json.loads(
            crypto.open_text(_summary_key(), result.shared_summary, _shared_context(result))
        )
    except (crypto.DecryptionError, ValueError):
        return None


def shared_copy(result: Result, summary: dict) -> str:
    """What the other member may read: everything but the safety flag, which is only ever the
    author's."""
    public = {k: v for k, v in summary.items() if k != "safety"}
    return crypto.seal_text(_summary_key(), json.dumps(public), _shared_context(result))


def _open_answers(result: Result, data_key: bytes | None) -> dict[str, int] | None:
    if data_key is None or not result.sealed_answers:
        return None
    text = vault.unseal(data_key, result.author, PURPOSE, result.id, result.sealed_answers)
    return json.loads(text) if text is not None else None


# --- what a person sees of a result ---------------------------------------------------------


@dataclass(frozen=True)
class ResultView:
    result: Result
    assessment: Assessment | None  # None once a questionnaire has been retired
    score: int | None
    band: Band | None
    suggestions: list[recommend.Suggestion]
    profile: dict[str, dict[str, int]] | None
    manner: dict[str, int]
    safety: bool
    answers: dict[str, int] | None  # the author's own, with their key; never the other's
    answers_kept: bool  # False when taken through the API
    locked: bool = False  # the author's own result, sealed to their key, which isn't in hand

    @property
    def shared(self) -> bool:
        return self.result.shared_at is not None

    @property
    def high(self) -> int | None:
        return self.assessment.score_range()[1] if self.assessment else None

    @property
    def answers_locked(self) -> bool:
        return self.answers_kept and self.answers is None


def _view(result: Result, data_key: bytes | None, *, own: bool) -> ResultView:
    """The author opens their own copy with their key (or, without it, reads a shared result as
    the other member does); the other member only ever reads the shared copy."""
    found = None
    if own:
        # just taken in this request: the summary is at hand even without the key
        found = getattr(result, "fresh_summary", None) or _open_own_summary(result, data_key)
    if found is None:
        found = _open_shared_summary(result)
    locked = own and found is None and data_key is None and vault.needs_key(result.summary)
    summary = found or {}
    assessment = next((a for a in assessments() if a.id == result.assessment), None)
    band = None
    if assessment is not None and summary.get("band"):
        band = next((b for b in assessment.bands if b.id == summary["band"]), None)
    return ResultView(
        result=result,
        assessment=assessment,
        score=summary.get("score"),
        band=band,
        suggestions=[recommend.Suggestion(**s) for s in summary.get("suggestions", [])],
        profile=summary.get("profile"),
        manner=summary.get("manner") or {},
        safety=bool(summary.get("safety")) and own,
        answers=_open_answers(result, data_key) if own else None,
        answers_kept=bool(result.sealed_answers),
        locked=locked,
    )


def get_result_for_member(membership: Membership, result_id: object) -> Result:
    """One of the person's own results in this space, or 404 (missing, or not theirs)."""
    if not isinstance(result_id, str):
        raise Http404("No such result")
    try:
        return Result.objects.select_related("author").get(
            pk=result_id, space_id=membership.space_id, author_id=membership.user_id
        )
    except Result.DoesNotExist:
        raise Http404("No such result") from None


def view_result(membership: Membership, result: Result, data_key: bytes | None) -> ResultView:
    return _view(result, data_key, own=result.author_id == membership.user_id)


def history(
    membership: Membership, assessment_id: str | None = None, *, data_key: bytes | None = None
) -> list[ResultView]:
    """The person's own results in this space, oldest first (their own trend over time)."""
    rows = Result.objects.filter(space_id=membership.space_id, author_id=membership.user_id)
    if assessment_id is not None:
        rows = rows.filter(assessment=assessment_id)
    rows = rows.select_related("author").order_by("taken_at")
    return [_view(r, data_key, own=True) for r in rows]


def latest_by_assessment(
    membership: Membership, data_key: bytes | None = None
) -> dict[str, ResultView]:
    return {view.result.assessment: view for view in history(membership, data_key=data_key)}


def _their_shared(membership: Membership) -> list[Result]:
    return list(
        Result.objects.filter(space_id=membership.space_id, shared_at__isnull=False)
        .exclude(author_id=membership.user_id)
        .select_related("author")
        .order_by("assessment")
    )


def shared_with_me(membership: Membership) -> list[ResultView]:
    """What the other member chose to share: summaries only, never answers, never dates. In a
    space they left, only what they chose to leave readable is still here (remove_for_leaver)."""
    return [
        _view(r, None, own=False) for r in _their_shared(membership) if r.assessment != STYLES_ID
    ]


# Asked on every visit to the space page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    shared=lambda a: (
        Result.objects.filter(space_id=a["space"], shared_at__isnull=False)
        .select_related("author")
        .order_by("assessment")
    ),
)


def shared_in_space(membership: Membership) -> tuple[list[ResultView], bool]:
    """For the space's home page, in one query: what the other shared with you, and whether the
    shared-language view is open (both have shared their expression styles)."""
    rows = _QUERIES.objects("shared", space=membership.space_id)
    theirs = [
        _view(r, None, own=False)
        for r in rows
        if r.author_id != membership.user_id and r.assessment != STYLES_ID
    ]
    styles_by = {r.author_id for r in rows if r.assessment == STYLES_ID}
    return theirs, len(styles_by) == 2


# --- writing --------------------------------------------------------------------------------


def _require_open(membership: Membership) -> None:
    if membership.space.state == Space.State.INACTIVE:
        raise ServiceError(
            "space_inactive", "This space is no longer active, so nothing new can be saved."
        )


def submit(
    membership: Membership,
    assessment_id: object,
    answers: object,
    data_key: bytes | None,
    *,
    recent: set[str] | None = None,
    now: datetime | None = None,
) -> Result:
    """Check, score, suggest and save in one go; anything wrong raises before a row exists.
    With no data key (the API) the answers are not kept; the summary always is."""
    assessment = get_assessment(assessment_id)
    _require_open(membership)
    if membership.space.relationship_type not in assessment.relationship_types:
        raise UnknownAssessment(
            "unknown_assessment", f"There is no questionnaire called {assessment.id!r} here."
        )
    clean = scoring.clean_answers(assessment, answers)
    scored = scoring.score(assessment, clean)
    suggestions = recommend.recommend(
        scored,
        recent=recent if recent is not None else recent_practices(membership, now),
        available=available_practices(),
    )
    summary = {
        "score": scored.score,
        "band": scored.band.id if scored.band else None,
        "suggestions": [s.__dict__ for s in suggestions],
        "profile": scored.profile,
        "manner": scored.manner,
        "safety": scored.safety,
    }
    result = Result(
        id=new_public_id(),
        space_id=membership.space_id,
        author=membership.user,
        assessment=assessment.id,
        taken_at=now or timezone.now(),
    )
    if data_key is not None:
        result.sealed_answers = vault.seal(
            data_key, membership.user, PURPOSE, result.id, json.dumps(clean)
        )
    result.summary = vault.seal_for(
        [membership.user_id],
        json.dumps(summary),
        _summary_context(result),
        fallback_key=_summary_key(),
    )
    result.save(force_insert=True)
    result.fresh_summary = summary
    return result


@transaction.atomic
def share(
    membership: Membership,
    result: Result,
    data_key: bytes | None = None,
    *,
    now: datetime | None = None,
) -> Result:
    """Share a result with the space. It replaces any earlier shared result of the same
    questionnaire, so the other person sees one, the newest chosen. Only the author, with their
    key in hand, can make the shared copy (without the safety flag)."""
    _require_open(membership)
    if result.author_id != membership.user_id:
        raise Http404("No such result")
    summary = _open_own_summary(result, data_key)
    if summary is None:
        raise ServiceError(
            "locked",
            "Please enter your password again first: this result is sealed with it, so only "
            "you can share it.",
        )
    Result.objects.filter(
        space_id=membership.space_id,
        author_id=membership.user_id,
        assessment=result.assessment,
        shared_at__isnull=False,
    ).exclude(pk=result.pk).update(shared_at=None, shared_summary="")
    when = now or timezone.now()
    Result.objects.filter(pk=result.pk).update(
        shared_at=result.shared_at or when, shared_summary=shared_copy(result, summary)
    )
    result.refresh_from_db(fields=["shared_at", "shared_summary"])
    return result


def unshare(membership: Membership, result: Result) -> Result:
    if result.author_id != membership.user_id:
        raise Http404("No such result")
    Result.objects.filter(pk=result.pk).update(shared_at=None, shared_summary="")
    result.shared_at = None
    result.shared_summary = ""
    return result


# --- the shared-language view ---------------------------------------------------------------


@dataclass(frozen=True)
class LanguageState:
    assessment: Assessment
    mine_shared: ResultView | None
    language: shared.SharedLanguage | None  # None: waiting until both have shared


def shared_language(membership: Membership) -> LanguageState:
    assessment = get_assessment(STYLES_ID)
    rows = Result.objects.filter(
        space_id=membership.space_id, assessment=STYLES_ID, shared_at__isnull=False
    ).select_related("author")
    mine = next((r for r in rows if r.author_id == membership.user_id), None)
    theirs = next((r for r in rows if r.author_id != membership.user_id), None)
    my_view = _view(mine, None, own=True) if mine else None
    # Both shared: in a space the other person left, theirs is still here only when they chose
    # to leave what they shared readable (remove_for_leaver).
    if not (mine and theirs):
        return LanguageState(assessment, my_view, None)
    their_view = _view(theirs, None, own=False)
    if not (my_view and my_view.profile and their_view.profile):
        return LanguageState(assessment, my_view, None)
    language = shared.compare(
        assessment,
        my_view.profile,
        their_view.profile,
        my_view.manner,
        their_view.manner,
        theirs.author.name,
    )
    return LanguageState(assessment, my_view, language)


# --- the account-wide actions ---------------------------------------------------------------


def export_for(user, data_key: bytes | None = None) -> list[dict]:
    """The person's own results only (answers where their key can open them)."""
    out = []
    for row in Result.objects.filter(author=user).select_related("author").order_by("taken_at"):
        view = _view(row, data_key, own=True)
        entry = {
            "space_id": row.space_id,
            "result_id": row.id,
            "assessment": row.assessment,
            "taken_at": row.taken_at.isoformat(),
            "score": view.score,
            "band": view.band.title if view.band else None,
            "suggestions": [s.__dict__ for s in view.suggestions],
            "profile": view.profile,
            "shared": view.shared,
            "answers": view.answers,
        }
        if view.answers is None:
            entry["note"] = (
                "Answers sealed: export from your account page after unlocking to include them."
                if view.answers_kept
                else "Taken through the API, so the answers were not kept."
            )
        out.append(entry)
    return out


def remove_for_leaver(membership: Membership, *, keep_shared: bool) -> None:
    """A person's results leave with them, shared or not (PRODUCT.md section 2). With
    `keep_shared`, results they shared stay for the other person as the shared copy only: their
    own summary (with the safety flag) and their answers go, as do results never shared."""
    mine = Result.objects.filter(space_id=membership.space_id, author_id=membership.user_id)
    if not keep_shared:
        mine.delete()
        return
    mine.filter(shared_at__isnull=True).delete()
    mine.update(summary="", sealed_answers="")


def erase(user) -> None:
    Result.objects.filter(author=user).delete()


def activity_since(membership: Membership, since: datetime) -> list[QuerySet]:
    """For the four pillars map: own results, or the other's shared ones, since then."""
    return [
        Result.objects.filter(
            space_id=membership.space_id, author_id=membership.user_id, taken_at__gte=since
        ),
        Result.objects.filter(space_id=membership.space_id, shared_at__gte=since).exclude(
            author_id=membership.user_id
        ),
    ]


def used_since(membership: Membership, since: datetime) -> bool:
    return any(rows.exists() for rows in activity_since(membership, since))
