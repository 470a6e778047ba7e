"""Pages: the questions home of a space, decks, ask-each-other and the depth controls."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.content.library import three_level_conversation
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.decks import daily, services
from toward.decks.catalog import decks_for, disabled_refs, get_deck
from toward.decks.forms import AnswerForm, QuestionForm
from toward.spaces.services import get_space_for_member, other_member
from toward.spaces.views import remember_space, space_in_use

FEELINGS = [("comfortable", "Comfortable"), ("stretching", "Stretching"), ("too_much", "Too much")]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The practice's front door: the current space's questions, or a choice of space."""
    chosen, memberships = space_in_use(request)
    if chosen is not None:
        return redirect("decks:home", space_id=chosen.space_id)
    return render(request, "decks/index.html", {"memberships": memberships})


@login_required
def home(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    space = membership.space
    views = services.exchanges_for(membership)
    off = disabled_refs(space)
    pair = services.pair_members(space)  # for the pace and for today's question: asked once
    return render(
        request,
        "decks/home.html",
        {
            "membership": membership,
            "space": space,
            "depth": services.depth_for(membership, pair),
            "today": daily.question_for(space, daily.pair_today(space, pair)),
            "to_answer": [v for v in views if v.state == "to_answer"],
            "waiting": [v for v in views if v.state == "waiting"],
            "set_aside": [v for v in views if v.state == "set_aside"],
            "revealed": [v for v in views if v.state == "revealed"][:10],
            "decks": [(deck, deck.ref not in off) for deck in decks_for(space)],
            "conversation": three_level_conversation(),
        },
    )


DEPTH_LABELS = {"surface": "Surface", "personal": "Personal", "core": "Core"}


def deck_context(membership, found, form) -> dict:
    """A deck's page: its cards grouped by set (the closeness deck) or by depth."""
    if found.kind == "closeness":
        keys = sorted({card.set for card in found.cards})
        groups = [(f"Set {n}", [c for c in found.cards if c.set == n]) for n in keys]
    else:
        groups = [
            (label, [c for c in found.cards if c.depth == depth])
            for depth, label in DEPTH_LABELS.items()
        ]
    return {
        "membership": membership,
        "space": membership.space,
        "deck": found,
        "groups": [(label, cards) for label, cards in groups if cards],
        "enabled": found.ref not in disabled_refs(membership.space),
        "form": form,
    }


@login_required
def deck(request: HttpRequest, space_id: str, deck_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    found = get_deck(membership.space, deck_id)
    form = QuestionForm(initial={"depth": "surface"})
    return render(request, "decks/deck.html", deck_context(membership, found, form))


@login_required
@require_POST
def toggle_deck(request: HttpRequest, space_id: str, deck_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    found = get_deck(membership.space, deck_id)
    daily.set_deck_enabled(membership, found.ref, request.POST.get("enabled") == "1")
    return redirect("decks:deck", space_id=space_id, deck_id=found.ref)


@login_required
@require_POST
def depth(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    action = services.go_deeper if request.POST.get("action") == "deeper" else services.go_lighter
    try:
        action(membership)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Saved. You can change this whenever you like.")
    return redirect("decks:home", space_id=space_id)


@login_required
@require_POST
def ask(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    try:
        if request.POST.get("question_id") == "any":
            exchange = services.ask_any(membership)
        else:
            exchange = services.ask(membership, request.POST.get("question_id"))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("decks:home", space_id=space_id)
    return redirect("decks:exchange", space_id=space_id, exchange_id=exchange.id)


@login_required
def exchange(request: HttpRequest, space_id: str, exchange_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = services.get_exchange(membership, exchange_id)
    current = services.view_exchange(membership, row)
    form = AnswerForm(request.POST or None, initial={"text": current.my_answer or ""})
    if request.method == "POST" and form.is_valid():
        try:
            row = services.answer(membership, row, form.cleaned_data["text"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("decks:exchange", space_id=space_id, exchange_id=row.id)
    other = other_member(membership)
    return render(
        request,
        "decks/exchange.html",
        {
            "membership": membership,
            "space": membership.space,
            "view": current,
            "form": form,
            "editing": request.GET.get("edit") == "1" or form.errors,
            "other_name": other.user.name if other else "The other person",
            "feelings": FEELINGS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def not_now(request: HttpRequest, space_id: str, exchange_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = services.get_exchange(membership, exchange_id)
    try:
        services.not_right_now(membership, row)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("decks:exchange", space_id=space_id, exchange_id=row.id)
    messages.success(request, "Set aside. It will be here whenever you want it.")
    return redirect("decks:home", space_id=space_id)


@login_required
@require_POST
def rate_exchange(request: HttpRequest, space_id: str, exchange_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = services.get_exchange(membership, exchange_id)
    try:
        services.rate_exchange(membership, row, request.POST.get("feeling"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Thank you. This only sets the pace of your questions.")
    return redirect("decks:exchange", space_id=space_id, exchange_id=row.id)
