"""Pages for the pair's own decks: write, import and export questions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.decks import fileformat, services
from toward.decks.catalog import get_deck
from toward.decks.forms import DeckForm, ImportForm, QuestionForm
from toward.decks.views import deck_context
from toward.spaces.services import get_space_for_member

# Refuse an oversized upload from its declared length, before reading a byte of it.
_UPLOAD_ALLOWANCE = fileformat.MAX_BYTES + 64 * 1024


@login_required
def new_deck(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    form = DeckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_deck(membership, form.cleaned_data["title"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("decks:deck", space_id=space_id, deck_id=created.id)
    return render(
        request,
        "decks/new_deck.html",
        {"membership": membership, "space": membership.space, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def add_question(request: HttpRequest, space_id: str, deck_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    deck = services.get_custom_deck(membership, deck_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(membership, deck, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Added to the deck.")
            return redirect("decks:deck", space_id=space_id, deck_id=deck.id)
    context = deck_context(membership, get_deck(membership.space, deck.id), form)
    return render(request, "decks/deck.html", context, status=400)


@login_required
@require_POST
def remove_question(request: HttpRequest, space_id: str, question_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    question = services.get_custom_question(membership, question_id)
    services.remove_question(membership, question)
    messages.success(request, "Removed from the deck.")
    return redirect("decks:deck", space_id=space_id, deck_id=question.deck_id)


@login_required
def import_deck(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    into_id = request.POST.get("deck") or request.GET.get("deck")
    into = services.get_custom_deck(membership, into_id) if into_id else None
    problems: list = []
    if request.method == "POST" and _declared_size(request) > _UPLOAD_ALLOWANCE:
        size = _declared_size(request) // (1024 * 1024)
        problems = [fileformat.Problem(0, f"This file is about {size} MB; the limit is 1 MB.")]
        form = ImportForm()
    else:
        form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not problems and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read(fileformat.MAX_BYTES + 1)
            deck, count = services.import_deck(
                membership,
                data,
                title=form.cleaned_data["title"] or _title_from(upload.name),
                deck=into,
            )
        except fileformat.DeckFileError as exc:
            problems = exc.problems
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Imported {count} questions.")
            return redirect("decks:deck", space_id=space_id, deck_id=deck.id)
    failed = request.method == "POST" and (problems or form.errors)
    return render(
        request,
        "decks/import.html",
        {
            "membership": membership,
            "space": membership.space,
            "form": form,
            "problems": problems,
            "into": into,
        },
        status=400 if failed else 200,
    )


@login_required
def export_deck(request: HttpRequest, space_id: str, deck_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    found = get_deck(membership.space, deck_id)
    if found.custom is not None:
        body = services.export_deck(found.custom)
    else:
        body = services.export_builtin(found.cards)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toward-deck.csv"'
    return response


def _declared_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _title_from(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").replace("_", " ")
    return stem.strip()[:80] or "Our questions"
