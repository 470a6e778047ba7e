"""Together mode (one device, turns) and the three-level conversation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.content.library import three_level_conversation
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.decks import together
from toward.decks.catalog import decks_for
from toward.decks.forms import TogetherForm
from toward.decks.views import FEELINGS
from toward.spaces.services import get_space_for_member


@login_required
def start(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    form = TogetherForm(request.POST or None, initial={"deck": request.GET.get("deck", "")})
    if request.method == "POST" and form.is_valid():
        try:
            session = together.start(
                membership,
                deck_ref=form.cleaned_data["deck"] or request.POST.get("deck_choice"),
                minutes=form.cleaned_data["minutes"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("decks:session", space_id=space_id, session_id=session.id)
    return render(
        request,
        "decks/together_start.html",
        {
            "membership": membership,
            "space": membership.space,
            "form": form,
            "decks": [d for d in decks_for(membership.space) if d.cards],
            "chosen": form["deck"].value() or request.POST.get("deck_choice", ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def start_conversation(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    try:
        session = together.start_three_level(membership)
    except ServiceError as exc:
        # the pair's own weekly limit is a kind word, not an error
        (messages.info if exc.code == "deep_dive_limit" else messages.error)(request, exc.message)
        return redirect("decks:home", space_id=space_id)
    return redirect("decks:session", space_id=space_id, session_id=session.id)


@login_required
def session(request: HttpRequest, space_id: str, session_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = together.get_session(membership, session_id)
    if request.method == "POST":
        try:
            _act(membership, row, request.POST.get("action"))
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("decks:session", space_id=space_id, session_id=row.id)
    conversation = three_level_conversation()
    return render(
        request,
        "decks/session.html",
        {
            "membership": membership,
            "space": membership.space,
            "view": together.view(membership, row),
            "conversation": conversation,
            "step": conversation.items[min(row.step, len(conversation.items) - 1)],
            "feelings": FEELINGS,
        },
    )


def _act(membership, row, action: str | None) -> None:
    if action == "end":
        together.end(membership, row)
    elif action == "skip":
        together.deal(membership, row, skip=True)
    elif action == "next_step":
        together.next_step(membership, row)
    elif action == "next":
        together.deal(membership, row)
    else:
        raise ServiceError("unknown_action", "Please use one of the buttons.")


@login_required
@require_POST
def rate_card(request: HttpRequest, space_id: str, session_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = together.get_session(membership, session_id)
    try:
        rater = together.rater_for(membership, request.POST.get("member"))
        together.rate_card(membership, row, request.POST.get("feeling"), for_member=rater.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        # The same words whatever was chosen: on a shared screen nothing echoes anyone's rating.
        messages.success(request, f"Kept for {rater.user.name}. It only sets the pace.")
    return redirect("decks:session", space_id=space_id, session_id=row.id)
