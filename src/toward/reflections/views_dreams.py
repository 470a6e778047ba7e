"""Pages of the dreams and growth board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.reflections import dreams
from toward.reflections.forms import CelebrateForm, DreamForm, MilestoneForm, NoteForm
from toward.reflections.views import pick_space
from toward.spaces.services import get_space_for_member, other_member


@login_required
def start(request: HttpRequest) -> HttpResponse:
    return pick_space(request, "reflections:dreams", "Dreams and growth")


@login_required
def board(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    form = DreamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dream = dreams.add_dream(membership, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Shared on your board.")
            return redirect("reflections:dream", space_id=space_id, dream_id=dream.id)
    return render(
        request,
        "reflections/dreams.html",
        {
            "membership": membership,
            "space": membership.space,
            "other": other_member(membership),
            "dreams": dreams.board(membership),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _dream_page(request, membership, dream, status=200, **forms):
    return render(
        request,
        "reflections/dream.html",
        {
            "membership": membership,
            "space": membership.space,
            "view": dreams.view_dream(membership, dream),
            "note_form": forms.get("note_form") or NoteForm(),
            "milestone_form": forms.get("milestone_form") or MilestoneForm(),
            "celebrate_form": CelebrateForm(),
        },
        status=status,
    )


@login_required
def dream(request: HttpRequest, space_id: str, dream_id: str) -> HttpResponse:
    """The dream, its milestones and notes; a POST here adds a note (ask, cheer, offer help)."""
    membership = get_space_for_member(request.user, space_id)
    item = dreams.get_dream_for_member(membership, dream_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dreams.add_note(membership, item, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Sent. It's on the dream's page.")
            return redirect("reflections:dream", space_id=space_id, dream_id=dream_id)
    status = 400 if form.is_bound and form.errors else 200
    return _dream_page(request, membership, item, status, note_form=form)


@login_required
@require_POST
def add_milestone(request: HttpRequest, space_id: str, dream_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    item = dreams.get_dream_for_member(membership, dream_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            dreams.add_milestone(membership, item, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("reflections:dream", space_id=space_id, dream_id=dream_id)
    return _dream_page(request, membership, item, 400, milestone_form=form)


@login_required
@require_POST
def milestone(request: HttpRequest, space_id: str, dream_id: str, milestone_id: str):
    """Mark a milestone reached (its author), or celebrate a reached one (either of you)."""
    membership = get_space_for_member(request.user, space_id)
    item = dreams.get_dream_for_member(membership, dream_id)
    step = dreams.get_milestone(item, milestone_id)
    try:
        if request.POST.get("action") == "reach":
            dreams.reach_milestone(membership, step)
            messages.success(request, "Reached. That's worth a moment.")
        else:
            form = CelebrateForm(request.POST)
            text = form.cleaned_data["text"] if form.is_valid() else ""
            dreams.celebrate(membership, step, text=text)
            messages.success(request, "Celebrated.")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("reflections:dream", space_id=space_id, dream_id=dream_id)


@login_required
@require_POST
def let_rest(request: HttpRequest, space_id: str, dream_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    item = dreams.get_dream_for_member(membership, dream_id)
    try:
        dreams.let_rest(membership, item)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("reflections:dream", space_id=space_id, dream_id=dream_id)
    messages.success(request, "Taken off the board. Dreams change, and that's fine.")
    return redirect("reflections:dreams", space_id=space_id)
