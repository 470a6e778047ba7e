"""Pages of the self-assessments. Every page shows private results, so every page asks for the
password again after ten quiet minutes (vault.unlock_required), after checking membership."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from toward.accounts import vault
from toward.assessments import services
from toward.assessments.forms import AssessmentForm
from toward.assessments.links import practice_link, ritual_link
from toward.content.library import safety_page
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.spaces.services import get_space_for_member, other_member
from toward.spaces.views import remember_space, space_in_use


def member_then_unlock(view):
    """Membership first (a stranger gets the same 404 as a missing id), then the unlock check;
    the view receives the membership."""

    @vault.unlock_required
    def locked(request: HttpRequest, space_id: str, **kwargs):
        membership = get_space_for_member(request.user, space_id)
        remember_space(request, membership)
        return view(request, membership, **kwargs)

    @wraps(view)
    def wrapper(request: HttpRequest, space_id: str, **kwargs):
        get_space_for_member(request.user, space_id)
        return locked(request, space_id, **kwargs)

    return login_required(wrapper)


def _assessment_or_404(assessment_id: str):
    try:
        return services.get_assessment(assessment_id)
    except services.UnknownAssessment:
        raise Http404("No such questionnaire") from None


def _decorate(view: services.ResultView) -> dict:
    return {
        "view": view,
        "suggestions": [(s, practice_link(s.practice)) for s in view.suggestions],
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    chosen, memberships = space_in_use(request)
    if chosen is not None:
        return redirect("assessments:space", space_id=chosen.space_id)
    return render(request, "assessments/start.html", {"memberships": memberships})


@member_then_unlock
def space(request: HttpRequest, membership) -> HttpResponse:
    latest = services.latest_by_assessment(membership, request.data_key)
    return render(
        request,
        "assessments/index.html",
        {
            "membership": membership,
            "space": membership.space,
            "other": other_member(membership),
            "rows": [(a, latest.get(a.id)) for a in services.available(membership)],
            "theirs": [_decorate(v) for v in services.shared_with_me(membership)],
            "styles_id": services.STYLES_ID,
        },
    )


@member_then_unlock
def take(request: HttpRequest, membership, assessment_id: str) -> HttpResponse:
    assessment = _assessment_or_404(assessment_id)
    form = AssessmentForm(assessment, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.submit(membership, assessment.id, form.answers(), request.data_key)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("assessments:result", space_id=membership.space_id, result_id=result.id)
    return render(
        request,
        "assessments/take.html",
        {"membership": membership, "space": membership.space, "a": assessment, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _style_rows(view: services.ResultView) -> list[tuple[str, str, str]]:
    if not view.profile or view.assessment is None:
        return []
    level = view.assessment.bands

    def title(value: int) -> str:
        return next((b.title for b in level if b.min <= value <= b.max), "")

    return [
        (s.title, title(view.profile[s.id]["give"]), title(view.profile[s.id]["receive"]))
        for s in view.assessment.styles
        if s.id in view.profile
    ]


@member_then_unlock
def result(request: HttpRequest, membership, result_id: str) -> HttpResponse:
    row = services.get_result_for_member(membership, result_id)
    view = services.view_result(membership, row, request.data_key)
    answers = []
    if view.answers and view.assessment:
        labels = {o.value: o.label for o in view.assessment.scale}
        answers = [(i.text, labels.get(view.answers.get(i.id))) for i in view.assessment.items]
    return render(
        request,
        "assessments/result.html",
        {
            "membership": membership,
            "space": membership.space,
            "other": other_member(membership),
            "answers": answers,
            "style_rows": _style_rows(view),
            "styles_id": services.STYLES_ID,
            "safety": safety_page(),
            **_decorate(view),
        },
    )


@login_required
@require_POST
def share(request: HttpRequest, space_id: str, result_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = services.get_result_for_member(membership, result_id)
    back = reverse("assessments:result", kwargs={"space_id": space_id, "result_id": row.id})
    if request.data_key is None:  # a borrowed phone must not share a private result
        return redirect(f"{reverse('accounts:unlock')}?{urlencode({'next': back})}")
    try:
        if request.POST.get("share") == "1":
            services.share(membership, row, request.data_key)
            messages.success(
                request, "Shared. The other person sees the summary, not your answers."
            )
        else:
            services.unshare(membership, row)
            messages.success(request, "No longer shared. It is yours alone again.")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(back)


@member_then_unlock
def history(request: HttpRequest, membership, assessment_id: str) -> HttpResponse:
    assessment = _assessment_or_404(assessment_id)
    views = services.history(membership, assessment.id, data_key=request.data_key)
    return render(
        request,
        "assessments/history.html",
        {
            "membership": membership,
            "space": membership.space,
            "a": assessment,
            "rows": list(reversed(views)),
            "styles_id": services.STYLES_ID,
        },
    )


@member_then_unlock
def shared_language(request: HttpRequest, membership) -> HttpResponse:
    state = services.shared_language(membership)
    return render(
        request,
        "assessments/shared_language.html",
        {
            "membership": membership,
            "space": membership.space,
            "other": other_member(membership),
            "state": state,
            "copy": state.assessment.shared,
            "bridges": [
                (b, ritual_link(b.ritual, membership.space_id))
                for b in (state.language.bridges if state.language else [])
            ],
            "mine_latest": services.latest_by_assessment(membership, request.data_key).get(
                services.STYLES_ID
            ),
        },
    )
