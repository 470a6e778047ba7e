"""The self-assessments over JSON.

API tokens carry no data key, so a questionnaire taken here keeps its summary (score, band,
suggestions) but not the answers, which only an unlocked browser can seal (`answers_kept: false`).
Results are the caller's own; the other member's appear only as the summaries they shared.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field, StrictInt

from toward.api.schemas import Error, Input
from toward.assessments import services
from toward.assessments.links import ritual_link
from toward.spaces.services import get_space_for_member

router = Router(tags=["self-assessments"])


class AssessmentOptionOut(Schema):
    value: int
    label: str


class AssessmentItemOut(Schema):
    id: str
    text: str


class AssessmentBandOut(Schema):
    id: str
    min: int
    max: int
    title: str
    text: str


class AssessmentOut(Schema):
    id: str
    kind: str
    title: str
    summary: str
    minutes: int


class AssessmentDefinitionOut(AssessmentOut):
    intro: str
    scale: list[AssessmentOptionOut]
    items: list[AssessmentItemOut]
    bands: list[AssessmentBandOut]


class AssessmentAnswersIn(Input):
    answers: dict[str, StrictInt] = Field(
        default_factory=dict, description="One value of the scale for every item id."
    )


class AssessmentSuggestionOut(Schema):
    practice: str
    reason: str
    keep: bool


class StyleAnswersOut(Schema):
    give: int
    receive: int


class AssessmentResultOut(Schema):
    id: str
    assessment: str
    taken_at: datetime
    score: int | None
    band: AssessmentBandOut | None
    suggestions: list[AssessmentSuggestionOut]
    profile: dict[str, StyleAnswersOut] | None
    shared: bool
    answers_kept: bool
    # Your own result is sealed to your key; a token made without it (not while unlocked on the
    # account page) sees `locked: true` and no score, band or suggestions.
    locked: bool


class SharedSummaryOut(Schema):
    """A summary the other member chose to share: never their answers, never a date."""

    assessment: str
    title: str
    band: AssessmentBandOut | None
    suggestions: list[AssessmentSuggestionOut]


class LanguageBridgeOut(Schema):
    text: str
    ritual: str | None


class SharedLanguageOut(Schema):
    ready: bool
    mine_shared: bool
    message: str | None
    meet: list[str]
    differ: list[str]
    manner: list[str]
    bridges: list[LanguageBridgeOut]


def _band(band) -> dict | None:
    if band is None:
        return None
    return {"id": band.id, "min": band.min, "max": band.max, "title": band.title, "text": band.text}


def _suggestions(view) -> list[dict]:
    return [{"practice": s.practice, "reason": s.reason, "keep": s.keep} for s in view.suggestions]


def _result(view) -> dict:
    return {
        "id": view.result.id,
        "assessment": view.result.assessment,
        "taken_at": view.result.taken_at,
        "score": view.score,
        "band": _band(view.band),
        "suggestions": _suggestions(view),
        "profile": view.profile,
        "shared": view.shared,
        "answers_kept": view.answers_kept,
        "locked": view.locked,
    }


@router.get(
    "/spaces/{space_id}/assessments",
    response={200: list[AssessmentOut], 404: Error},
    summary="The questionnaires you can take in this space",
)
def list_assessments(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [a.model_dump(include={"id", "kind", "title", "summary", "minutes"}) for a in
            services.available(membership)]  # fmt: skip


@router.get(
    "/spaces/{space_id}/assessments/{assessment_id}",
    response={200: AssessmentDefinitionOut, 404: Error},
    summary="One questionnaire: its items, answer scale and bands",
)
def get_assessment(request: HttpRequest, space_id: str, assessment_id: str):
    get_space_for_member(request.auth, space_id)
    a = services.get_assessment(assessment_id)
    return {
        **a.model_dump(include={"id", "kind", "title", "summary", "minutes", "intro"}),
        "scale": [{"value": o.value, "label": o.label} for o in a.scale],
        "items": [{"id": i.id, "text": i.text} for i in a.items],
        "bands": [_band(b) for b in a.bands],
    }


@router.post(
    "/spaces/{space_id}/assessments/{assessment_id}/results",
    response={201: AssessmentResultOut, 400: Error, 404: Error, 422: Error},
    summary="Take a questionnaire: every item answered, or nothing is saved",
)
def submit(request: HttpRequest, space_id: str, assessment_id: str, payload: AssessmentAnswersIn):
    membership = get_space_for_member(request.auth, space_id)
    result = services.submit(membership, assessment_id, payload.answers, None)
    return Status(201, _result(services.view_result(membership, result, request.data_key)))


@router.get(
    "/spaces/{space_id}/assessment-results",
    response={200: list[AssessmentResultOut], 404: Error},
    summary="Your own results in this space, oldest first",
)
def list_results(request: HttpRequest, space_id: str, assessment: str | None = None):
    membership = get_space_for_member(request.auth, space_id)
    return [_result(v) for v in services.history(membership, assessment, data_key=request.data_key)]


@router.get(
    "/spaces/{space_id}/assessment-results/{result_id}",
    response={200: AssessmentResultOut, 404: Error},
    summary="One of your own results",
)
def get_result(request: HttpRequest, space_id: str, result_id: str):
    membership = get_space_for_member(request.auth, space_id)
    row = services.get_result_for_member(membership, result_id)
    return _result(services.view_result(membership, row, request.data_key))


@router.post(
    "/spaces/{space_id}/assessment-results/{result_id}/share",
    response={200: AssessmentResultOut, 400: Error, 404: Error},
    summary="Share a result's summary (never the answers) with the other member",
)
def share(request: HttpRequest, space_id: str, result_id: str):
    membership = get_space_for_member(request.auth, space_id)
    row = services.share(
        membership, services.get_result_for_member(membership, result_id), request.data_key
    )
    return _result(services.view_result(membership, row, request.data_key))


@router.delete(
    "/spaces/{space_id}/assessment-results/{result_id}/share",
    response={200: AssessmentResultOut, 404: Error},
    summary="Stop sharing a result",
)
def unshare(request: HttpRequest, space_id: str, result_id: str):
    membership = get_space_for_member(request.auth, space_id)
    row = services.unshare(membership, services.get_result_for_member(membership, result_id))
    return _result(services.view_result(membership, row, request.data_key))


@router.get(
    "/spaces/{space_id}/assessments-shared",
    response={200: list[SharedSummaryOut], 404: Error},
    summary="Summaries the other member chose to share with you",
)
def shared_with_me(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [
        {
            "assessment": v.result.assessment,
            "title": v.assessment.title if v.assessment else v.result.assessment,
            "band": _band(v.band),
            "suggestions": _suggestions(v),
        }
        for v in services.shared_with_me(membership)
    ]


@router.get(
    "/spaces/{space_id}/shared-language",
    response={200: SharedLanguageOut, 404: Error},
    summary="Expression styles side by side, once both have chosen to share theirs",
)
def shared_language(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    state = services.shared_language(membership)
    language = state.language
    copy = state.assessment.shared
    return {
        "ready": language is not None,
        "mine_shared": state.mine_shared is not None,
        "message": None if language else (copy.waiting if copy else None),
        "meet": language.meet if language else [],
        "differ": language.differ if language else [],
        "manner": [text for _, text in language.manner] if language else [],
        "bridges": [
            {"text": b.text, "ritual": b.ritual if ritual_link(b.ritual) else None}
            for b in (language.bridges if language else [])
        ],
    }
