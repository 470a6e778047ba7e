"""Pages of the 30-day connection challenge."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.accounts import vault
from toward.challenge import services
from toward.challenge.forms import DayForm, EndReflectionForm, StartForm, WeekReflectionForm
from toward.challenge.models import END_WEEK
from toward.content.library import challenge_content
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.spaces.models import Space
from toward.spaces.services import get_space_for_member, other_member
from toward.spaces.views import remember_space, space_in_use


def member_then_unlock(view):
    """Membership (and the challenge) first, so a stranger gets the same 404 as a missing id;
    then the password again if the data key has gone quiet."""
    locked = vault.unlock_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, space_id: str, challenge_id: str, **kwargs):
        membership = get_space_for_member(request.user, space_id)
        services.get_challenge_for_member(membership, challenge_id)
        return locked(request, space_id, challenge_id, **kwargs)

    return login_required(wrapper)


def _load(request: HttpRequest, space_id: str, challenge_id: str):
    membership = get_space_for_member(request.user, space_id)
    return membership, services.get_challenge_for_member(membership, challenge_id)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    chosen, memberships = space_in_use(request)
    if chosen is not None:
        return redirect("challenge:home", space_id=chosen.space_id)
    return render(request, "challenge/start.html", {"memberships": memberships})


@login_required
def home(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    going = services.open_challenges(membership)
    form = StartForm(
        request.POST or None,
        initial={"together": "1" if membership.space.state == Space.State.ACTIVE else "0"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.start_challenge(membership, together=form.cleaned_data["together"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Your challenge has begun. Here is day 1.")
            return redirect("challenge:challenge", space_id=space_id, challenge_id=challenge.id)
    return render(
        request,
        "challenge/home.html",
        {
            "membership": membership,
            "space": membership.space,
            "copy": challenge_content(),
            "going": [services.view_challenge(membership, c) for c in going],
            "has_shared": any(c.owner_id is None for c in going),
            "has_solo": any(c.owner_id is not None for c in going),
            "earlier": services.earlier_challenges(membership),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def challenge(request: HttpRequest, space_id: str, challenge_id: str) -> HttpResponse:
    membership, found = _load(request, space_id, challenge_id)
    remember_space(request, membership)
    view = services.view_challenge(membership, found, request.data_key)
    reflections = services.view_reflections(membership, found, request.data_key)
    return render(
        request,
        "challenge/challenge.html",
        {
            "membership": membership,
            "space": membership.space,
            "copy": challenge_content(),
            "view": view,
            "reflections": reflections,
            "weeks": [
                {
                    "content": week,
                    "days": view.week_days(week.number),
                    "reflection": reflections[week.number],
                    "opens_on": services.reflection_opens_on(week.number),
                }
                for week in challenge_content().weeks
            ],
            "end": reflections[END_WEEK],
            "suggestion": services.end_suggestion(view, reflections),
        },
    )


@login_required
@require_POST
def mark(request: HttpRequest, space_id: str, challenge_id: str, day: str) -> HttpResponse:
    """The quick mark from the challenge page: done, let go, or open again (no note)."""
    membership, found = _load(request, space_id, challenge_id)
    number = services.parse_day(day)
    try:
        services.mark_day(membership, found, number, request.POST.get("state", "done"))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _marked_message(request.POST.get("state", "done"), number))
    return redirect("challenge:challenge", space_id=space_id, challenge_id=challenge_id)


def _marked_message(state: str, number: int) -> str:
    return {
        "done": f"Day {number} is done.",
        "let_go": f"Day {number} is let go. That's fine; there's always tomorrow's.",
        "open": f"Day {number} is open again.",
    }.get(state, "Saved.")


@member_then_unlock
def day_page(request: HttpRequest, space_id: str, challenge_id: str, day: str) -> HttpResponse:
    membership, found = _load(request, space_id, challenge_id)
    number = services.parse_day(day)
    view = services.view_challenge(membership, found, request.data_key)
    day_view = view.days[number - 1]
    form = DayForm(request.POST or None, initial={"note": day_view.note or ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_day(
                membership,
                found,
                number,
                form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                data_key=request.data_key,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _marked_message(form.cleaned_data["state"], number))
            return redirect("challenge:challenge", space_id=space_id, challenge_id=challenge_id)
    return render(
        request,
        "challenge/day.html",
        {
            "membership": membership,
            "space": membership.space,
            "view": view,
            "day": day_view,
            "week": challenge_content().week(day_view.week),
            "form": form,
            "practice_title": view.practice_titles.get(day_view.content.practice, ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _parse_week(raw: str) -> int:
    if raw == "end":
        return END_WEEK
    if raw in {"1", "2", "3", "4"}:
        return int(raw)
    raise Http404("No such week")


@member_then_unlock
def reflect(request: HttpRequest, space_id: str, challenge_id: str, week: str) -> HttpResponse:
    membership, found = _load(request, space_id, challenge_id)
    number = _parse_week(week)
    content = challenge_content()
    reflection = services.view_reflections(membership, found, request.data_key)[number]
    initial = dict(reflection.mine or {})
    if number == END_WEEK:
        form = EndReflectionForm(request.POST or None, initial=initial)
        week_copy = None
    else:
        week_copy = content.week(number)
        form = WeekReflectionForm(
            request.POST or None,
            initial=initial,
            prompt=week_copy.reflection_prompt,
            hint=week_copy.reflection_hint,
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.write_reflection(
                membership, found, request.data_key, number, dict(form.cleaned_data)
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Saved. Thank you for writing.")
            return redirect("challenge:challenge", space_id=space_id, challenge_id=challenge_id)
    view = services.view_challenge(membership, found, request.data_key)
    return render(
        request,
        "challenge/reflect.html",
        {
            "membership": membership,
            "space": membership.space,
            "view": view,
            "week": week_copy,
            "end_copy": content.end,
            "is_end": number == END_WEEK,
            "reflection": reflection,
            "other": other_member(membership),
            "form": form,
            "opens_on": services.reflection_opens_on(min(number, 4)),
            "is_open": view.end_open
            if number == END_WEEK
            else (view.today >= services.reflection_opens_on(number)),
            "practice_titles": view.practice_titles,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def change_state(request: HttpRequest, space_id: str, challenge_id: str) -> HttpResponse:
    """Rest (pause), carry on (resume), or close the challenge."""
    membership, found = _load(request, space_id, challenge_id)
    action = request.POST.get("action")
    actions = {"pause": services.pause, "resume": services.resume, "close": services.close}
    if action not in actions:
        messages.error(request, "Choose to rest, carry on, or close the challenge.")
        return redirect("challenge:challenge", space_id=space_id, challenge_id=challenge_id)
    try:
        actions[action](membership, found)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            {
                "pause": "Resting. The days wait for you; carry on whenever you're ready.",
                "resume": "Welcome back. The days carry on from where you left them.",
                "close": "The challenge is closed. You can begin a new one whenever you like.",
            }[action],
        )
    if action == "close":
        return redirect("challenge:home", space_id=space_id)
    return redirect("challenge:challenge", space_id=space_id, challenge_id=challenge_id)
