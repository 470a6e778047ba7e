"""Pages of the first reflection. Dreams have their own module, views_dreams.py."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.accounts import vault
from toward.content.library import reflection_content
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.learn.services import practice_links
from toward.reflections import services
from toward.reflections.forms import ReflectionForm
from toward.spaces.services import get_space_for_member, other_member
from toward.spaces.views import remember_space, space_in_use


def member_then_unlock(view):
    """Check membership first (a stranger gets the same 404 as a missing id), then ask for the
    password again if the data key has gone quiet (vault.unlock_required)."""
    locked = vault.unlock_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, space_id: str, **kwargs):
        get_space_for_member(request.user, space_id)
        return locked(request, space_id, **kwargs)

    return login_required(wrapper)


def pick_space(request: HttpRequest, route: str, template_title: str) -> HttpResponse:
    """Straight to the space in use, or a choice of spaces (shared with the dreams start)."""
    chosen, mine = space_in_use(request)
    if chosen is not None:
        return redirect(route, space_id=chosen.space_id)
    return render(
        request,
        "reflections/start.html",
        {"memberships": mine, "route": route, "title": template_title},
    )


@login_required
def start(request: HttpRequest) -> HttpResponse:
    return pick_space(request, "reflections:space", "A first reflection")


def _suggestion_link(view):
    if view.suggestion is None:
        return None
    from toward.content.schema import TryNext

    links = practice_links([TryNext(practice=view.suggestion.practice, why=view.suggestion.why)])
    return links[0] if links else None


@member_then_unlock
def space_reflection(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    round = services.current_round(membership)
    view = services.view_round(membership, round, request.data_key) if round else None
    form = ReflectionForm(request.POST or None, initial=(view.mine if view and view.mine else {}))
    if request.method == "POST" and form.is_valid():
        try:
            services.write_reflection(membership, request.data_key, form.answers())
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Saved. Thank you for writing.")
            return redirect("reflections:space", space_id=space_id)
    return render(
        request,
        "reflections/reflection.html",
        {
            "membership": membership,
            "space": membership.space,
            "other": other_member(membership),
            "view": view,
            "form": form,
            "copy": reflection_content(),
            "suggestion": _suggestion_link(view) if view else None,
            "past": services.past_rounds(membership),
            "prompts": reflection_content().prompts,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def begin_again(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    try:
        services.begin_again(membership)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("reflections:space", space_id=space_id)


@member_then_unlock
def past_round(request: HttpRequest, space_id: str, round_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    round = services.get_round_for_member(membership, round_id)
    view = services.view_round(membership, round, request.data_key)
    return render(
        request,
        "reflections/past.html",
        {
            "membership": membership,
            "space": membership.space,
            "other": other_member(membership),
            "view": view,
            "prompts": reflection_content().prompts,
            "suggestion": _suggestion_link(view),
        },
    )
