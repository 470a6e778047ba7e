"""Pages for repair after conflict and the pause."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.accounts import vault
from toward.content.library import repair_content
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.repair import pauses, services
from toward.repair.forms import PartsForm, PauseForm
from toward.spaces.services import get_space_for_member
from toward.spaces.views import remember_space, space_in_use


@login_required
def index(request: HttpRequest) -> HttpResponse:
    chosen, memberships = space_in_use(request)
    if chosen is not None:
        return redirect("repair:home", space_id=chosen.space_id)
    return render(request, "repair/index.html", {"memberships": memberships})


@login_required
def home(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    pauses.deliver_due(membership.space_id)
    running = pauses.running_pause(membership)
    return render(
        request,
        "repair/home.html",
        {
            "membership": membership,
            "space": membership.space,
            "content": repair_content(),
            "running": running,
            "back_at": running and pauses.local_time(request.user, running.return_at),
            "notices": [
                n for n in pauses.notices_for(membership) if not running or n.kind == "back"
            ],
            "repairs": services.repairs_for(membership, request.data_key),
        },
    )


@login_required
@require_POST
def notices_seen(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    pauses.dismiss_notices(membership)
    target = "spaces:detail" if request.POST.get("back") == "space" else "repair:home"
    return redirect(target, space_id=space_id)


@login_required
def pause_new(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = pauses.ask_for_pause(membership, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("repair:pause", space_id=space_id, pause_id=row.id)
    return render(
        request,
        "repair/pause_new.html",
        {
            "membership": membership,
            "space": membership.space,
            "copy": repair_content().pause,
            "form": form,
            "running": pauses.running_pause(membership),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def pause(request: HttpRequest, space_id: str, pause_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = pauses.get_pause(membership, pause_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "end":
                pauses.end_pause(membership, row)
            elif request.POST.get("action") == "extend":
                pauses.extend_pause(membership, row, minutes=request.POST.get("minutes"))
            else:
                raise ServiceError("unknown_action", "Please use one of the buttons.")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("repair:pause", space_id=space_id, pause_id=row.id)
    pauses.deliver_due(membership.space_id)
    row.refresh_from_db()
    return render(
        request,
        "repair/pause.html",
        {
            "membership": membership,
            "space": membership.space,
            "copy": repair_content().pause,
            "pause": row,
            "running": pauses.is_running(row),
            "back_at": pauses.local_time(request.user, row.return_at),
            "extend_default": pauses.EXTEND_DEFAULT,
        },
    )


@login_required
@require_POST
def repair_new(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    from_pause = request.POST.get("pause_id")
    linked = pauses.get_pause(membership, from_pause) if from_pause else None
    try:
        row = services.start_repair(membership, pause=linked)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("repair:home", space_id=space_id)
    return redirect("repair:repair", space_id=space_id, repair_id=row.id)


@login_required
def repair(request: HttpRequest, space_id: str, repair_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = services.get_repair(membership, repair_id)
    return _repair(request, membership, row)


@vault.unlock_required
def _repair(request: HttpRequest, membership, row) -> HttpResponse:
    """Private text: asks for the password again after ten quiet minutes (after the access
    check, so a stranger gets the same 404 as for a missing id)."""
    current = services.view_repair(membership, row, request.data_key)
    form = PartsForm(request.POST or None, initial=current.mine or {})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_parts(membership, row, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("repair:repair", space_id=membership.space_id, repair_id=row.id)
    copy = repair_content().repair
    return render(
        request,
        "repair/repair.html",
        {
            "membership": membership,
            "space": membership.space,
            "copy": copy,
            "view": current,
            "form": form,
            "parts": [
                (p, (current.mine or {}).get(p.id), (current.theirs or {}).get(p.id))
                for p in copy.parts
            ],
            "editing": request.GET.get("edit") == "1" or form.errors,
            "other_name": _other_name(membership),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _other_name(membership) -> str:
    other = next((m for m in pauses.members(membership.space_id) if m.pk != membership.pk), None)
    return other.user.name if other else "The other person"


@login_required
@require_POST
def reconnected(request: HttpRequest, space_id: str, repair_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = services.get_repair(membership, repair_id)
    try:
        services.mark_reconnected(membership, row)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("repair:repair", space_id=space_id, repair_id=row.id)


@login_required
def self_check(request: HttpRequest) -> HttpResponse:
    """Five private questions. Nothing is saved: the answers only shape what this page says."""
    check = repair_content().self_check
    answers = {q.id: request.POST.get(q.id, "") for q in check.questions}
    not_yet = [q for q in check.questions if answers[q.id] == "not_yet"]
    return render(
        request,
        "repair/self_check.html",
        {
            "check": check,
            "questions": [(q, answers[q.id]) for q in check.questions],
            "answered": request.method == "POST",
            "not_yet": not_yet,
            "choices": [("often", "Often"), ("sometimes", "Sometimes"), ("not_yet", "Not yet")],
        },
    )
