"""Pages for shared experiences: ideas, the planner, and the timeline of memories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from toward.content.challenge_schema import COST_LABELS, PLACE_LABELS, TIME_LABELS
from toward.content.library import experiences_content
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.experiences import services
from toward.experiences.forms import AnotherTimeForm, IdeaFilterForm, MemoryForm, PlanForm
from toward.spaces.services import get_space_for_member
from toward.spaces.views import remember_space, space_in_use

LABELS = {"cost": COST_LABELS, "time": TIME_LABELS, "place": PLACE_LABELS}


def _context(membership, **extra) -> dict:
    return {"membership": membership, "space": membership.space, **extra}


@login_required
def start(request: HttpRequest) -> HttpResponse:
    chosen, memberships = space_in_use(request)
    if chosen is not None:
        return redirect("experiences:home", space_id=chosen.space_id)
    return render(request, "experiences/start.html", {"memberships": memberships})


@login_required
def ideas(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    form = IdeaFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    found = services.ideas(membership.space.relationship_type, **chosen)
    return render(
        request,
        "experiences/ideas.html",
        _context(
            membership,
            form=form,
            ideas=found,
            intro=experiences_content().intro,
            labels=LABELS,
            filtered=any(chosen.values()) if chosen else False,
        ),
    )


def _plan_rows(request: HttpRequest, membership, plans) -> list[dict]:
    return [
        {
            "plan": p,
            "when": services.local(request.user, p.starts_at),
            "my_turn": p.state == "proposed" and p.awaiting_id == request.user.pk,
            "mine": p.proposer_id == request.user.pk,
        }
        for p in plans
    ]


@login_required
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    picked = services.idea(request.GET.get("idea", "")) if request.method == "GET" else None
    form = PlanForm(
        request.POST or None,
        initial={"idea_id": picked.id, "title": picked.title} if picked else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.propose(membership, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Proposed. The other person will see it here.")
            return redirect("experiences:plans", space_id=space_id)
    return render(
        request,
        "experiences/plans.html",
        _context(
            membership,
            form=form,
            picked=picked,
            plans=_plan_rows(request, membership, services.plans_for(membership)),
            past=_plan_rows(request, membership, services.past_plans(membership)),
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, space_id: str, plan_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    found = services.get_plan_for_member(membership, plan_id)
    action = request.POST.get("action") if request.method == "POST" else None
    form = AnotherTimeForm(request.POST if action == "another_time" else None)
    try:
        if action == "accept":
            services.accept(membership, found)
            messages.success(request, "It's settled. Enjoy it.")
            return redirect("experiences:plan", space_id=space_id, plan_id=plan_id)
        if action == "cancel":
            services.cancel(membership, found)
            messages.success(request, "Set aside. There's always another time.")
            return redirect("experiences:plans", space_id=space_id)
        if action == "another_time" and form.is_valid():
            services.suggest_another_time(membership, found, form.cleaned_data["when"])
            messages.success(request, "Suggested. The other person will see your new time.")
            return redirect("experiences:plan", space_id=space_id, plan_id=plan_id)
    except ServiceError as exc:
        if action == "another_time":
            apply_service_error(form, exc)
        else:
            messages.error(request, exc.message)
    row = _plan_rows(request, membership, [found])[0]
    return render(
        request,
        "experiences/plan.html",
        _context(
            membership,
            row=row,
            idea=services.idea(found.idea_id) if found.idea_id else None,
            form=form,
            past=found.starts_at < timezone.now(),
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def memories(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    initial = {}
    from_plan = request.GET.get("plan")
    if from_plan:
        try:
            source = services.get_plan_for_member(membership, from_plan)
        except Http404:  # a stale link just starts an empty form
            source = None
        if source is not None:
            initial = {
                "title": source.title,
                "happened_on": services.local(request.user, source.starts_at).date().isoformat(),
            }
    form = MemoryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_memory(membership, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Kept on your timeline.")
            return redirect("experiences:memories", space_id=space_id)
    return render(
        request,
        "experiences/memories.html",
        _context(membership, form=form, memories=services.timeline(membership)),
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def memory(request: HttpRequest, space_id: str, memory_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    found = services.get_memory_for_member(membership, memory_id)
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.delete_memory(membership, found)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Removed from your timeline.")
            return redirect("experiences:memories", space_id=space_id)
    return render(
        request,
        "experiences/memory.html",
        _context(membership, memory=found, mine=found.author_id == request.user.pk),
    )


@login_required
def photo(request: HttpRequest, space_id: str, memory_id: str) -> HttpResponse:
    """The photo, only for the space's members, never cached anywhere on the way."""
    membership = get_space_for_member(request.user, space_id)
    found = services.get_memory_for_member(membership, memory_id)
    response = FileResponse(services.open_photo(found), content_type=found.photo_type)
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = "inline"
    return response
