"""Pages of the guided exercises: the list, an exercise's intro, the shared runner, reflections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from toward.accounts import vault
from toward.content.library import exercises_content
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.exercises import services
from toward.exercises.forms import GratitudeForm, ReflectionForm, StartForm
from toward.spaces.services import get_space_for_member
from toward.spaces.views import remember_space, space_in_use


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The practice's front door: the current space's exercises, or a choice of space."""
    chosen, memberships = space_in_use(request)
    if chosen is not None:
        return redirect("exercises:home", space_id=chosen.space_id)
    return render(request, "exercises/index.html", {"memberships": memberships})


@login_required
def home(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    return render(
        request,
        "exercises/home.html",
        {
            "membership": membership,
            "space": membership.space,
            "content": exercises_content(),
            "open": services.open_run(membership),
            "log": services.phone_free_log(membership),
        },
    )


@login_required
def intro(request: HttpRequest, space_id: str, exercise: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    guide = services.get_guide(exercise)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["minutes"] = data.pop("minutes_custom").strip() or data["minutes"]
        try:
            run = services.start(membership, guide.id, **data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("exercises:run", space_id=space_id, run_id=run.id)
    return render(
        request,
        "exercises/intro.html",
        {
            "membership": membership,
            "space": membership.space,
            "guide": guide,
            "form": form,
            "pace": form["pace"].value() or "slow",
            "minutes": form["minutes"].value() or str(guide.minutes_default or ""),
            "custom_minutes": form["minutes_custom"].value() or "",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def run(request: HttpRequest, space_id: str, run_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = services.get_run(membership, run_id)
    form = GratitudeForm(request.POST or None)
    hint = _vague_hint(request, form)
    if request.method == "POST" and hint is None:
        try:
            _act(membership, row, request.POST.get("action"), form)
        except ServiceError as exc:
            apply_service_error(form, exc)
            if exc.field is None:
                messages.error(request, exc.message)
                return redirect("exercises:run", space_id=space_id, run_id=row.id)
        else:
            return redirect("exercises:run", space_id=space_id, run_id=row.id)
    return render(
        request,
        "exercises/run.html",
        {
            "membership": membership,
            "space": membership.space,
            "view": services.view(membership, row),
            "content": exercises_content(),
            "form": form,
            "now": timezone.now(),
            "has_reflection": services.my_reflection(membership, row, None).exists,
            "hint": hint,
        },
        status=400 if form.errors else 200,
    )


def _vague_hint(request: HttpRequest, form: GratitudeForm) -> str | None:
    """Vague thanks get one gentle nudge before they are kept; pressing again keeps them."""
    wants_to_keep = request.method == "POST" and request.POST.get("action") == "appreciation"
    if not wants_to_keep or request.POST.get("as_it_is") == "1" or not form.is_valid():
        return None
    return services.gratitude_hint(form.cleaned_data["did"])


def _act(membership, row, action: str | None, form: GratitudeForm) -> None:
    if action == "ready":
        services.ready(membership, row)
    elif action == "ready_other":  # one phone shared: the other person taps their own name
        services.ready(membership, row, other=True)
    elif action == "stop":
        services.stop(membership, row)
    elif action == "finish":
        services.finish(membership, row)
    elif action == "said_aloud":
        services.gratitude_turn(membership, row, said_aloud=True)
    elif action == "appreciation" and form.is_valid():
        services.gratitude_turn(membership, row, **form.cleaned_data)
    else:
        raise ServiceError("unknown_action", "Please use one of the buttons.")


@login_required
@require_GET
def run_state(request: HttpRequest, space_id: str, run_id: str) -> HttpResponse:
    """What the runner's script polls on a second phone: only the state and a version number."""
    membership = get_space_for_member(request.user, space_id)
    row = services.get_run(membership, run_id)
    return JsonResponse({"state": row.state, "version": row.version})


@login_required
def reflect(request: HttpRequest, space_id: str, run_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    row = services.get_run(membership, run_id)
    return _reflect(request, membership, row)


@vault.unlock_required
def _reflect(request: HttpRequest, membership, row) -> HttpResponse:
    """Private: asks for the password again after ten quiet minutes (after the access check, so
    a stranger gets the same 404 as for a missing id)."""
    mine = services.my_reflection(membership, row, request.data_key)
    form = ReflectionForm(request.POST or None, initial={"text": mine.text or ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reflection(membership, row, request.data_key, form.cleaned_data["text"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Kept, just for you.")
            return redirect("exercises:home", space_id=membership.space_id)
    return render(
        request,
        "exercises/reflect.html",
        {
            "membership": membership,
            "space": membership.space,
            "view": services.view(membership, row),
            "content": exercises_content(),
            "form": form,
            "unreadable": mine.exists and mine.text is None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
