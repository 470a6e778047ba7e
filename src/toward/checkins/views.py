from __future__ import annotations

from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from toward.accounts import vault
from toward.checkins import appreciations, services
from toward.checkins.forms import (
    INTENSITY_CHOICES,
    AppreciationForm,
    CheckInForm,
    TogetherForm,
)
from toward.content.library import appreciations_content, checkin_content
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.feelings import services as wheel
from toward.spaces.services import get_space_for_member, other_member
from toward.spaces.views import remember_space, space_in_use


def member_then_unlock(view):
    """Check membership first (a stranger gets the same 404 as a missing id), then ask for the
    password again if the data key has gone quiet: these pages show the person's private notes.
    The view finds the membership on `request.membership` (read once per request)."""
    locked = vault.unlock_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, space_id: str, **kwargs):
        request.membership = get_space_for_member(request.user, space_id)
        return locked(request, space_id, **kwargs)

    return login_required(wrapper)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The home page's "Daily check-in": straight to the space in use, or a choice of spaces."""
    chosen, mine = space_in_use(request)
    if chosen is not None:
        return redirect("checkins:space", space_id=chosen.space_id)
    return render(request, "checkins/start.html", {"memberships": mine})


@member_then_unlock
def space_today(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = request.membership
    remember_space(request, membership)
    # A filled-in form shows what was sent, never today's saved answers, so today's check-ins
    # are read only when the page is shown (not for a save that goes straight on).
    form = CheckInForm(request.POST) if request.POST else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.submit_checkin(
                membership, data_key=request.data_key, **form.service_arguments()
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Saved. Thank you for checking in.")
            return redirect("checkins:space", space_id=space_id)
    now = services.today(membership, data_key=request.data_key)
    if form is None:
        form = CheckInForm(initial=CheckInForm.initial_from(now.mine))
    return render(
        request,
        "checkins/today.html",
        {
            "membership": membership,
            "space": membership.space,
            "today": now,
            "other": other_member(membership),
            "form": form,
            "editing": now.mine is not None,
            "copy": checkin_content(),
            "tree": wheel.tree(),
            "segments": wheel.wheel_segments(),
            "intensity_choices": INTENSITY_CHOICES,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def share(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    try:
        services.share_now(membership)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Shared. The other person can read your check-in now.")
    return redirect("checkins:space", space_id=space_id)


@member_then_unlock
def history_view(request: HttpRequest, space_id: str) -> HttpResponse:
    """About a month of past days at a time, newest first; ?until=YYYY-MM-DD goes further back."""
    membership = request.membership
    feeling_id = request.GET.get("feeling") or None
    chosen = wheel.all_feelings().get(feeling_id) if feeling_id else None
    today = services.local_today(request.user)
    until = _day_param(request.GET.get("until"))
    if until is not None and until >= today:
        until = None  # the newest page is the one without ?until
    window = services.PAGE_DAYS - 1  # days before the last one shown
    days = services.history(
        membership,
        feeling_id=chosen.id if chosen else None,
        data_key=request.data_key,
        until=until,
        days=window,
    )
    first = (until or today) - timedelta(days=window)
    later = until + timedelta(days=services.PAGE_DAYS) if until is not None else None
    earlier = first - timedelta(days=1)
    return render(
        request,
        "checkins/history.html",
        {
            "membership": membership,
            "space": membership.space,
            "days": days,
            "chosen": chosen,
            "unknown_feeling": feeling_id is not None and chosen is None,
            "copy": checkin_content(),
            "first": first,
            "last": until,
            "earlier_url": _history_url(space_id, earlier, chosen)
            if services.checked_in_before(membership, first)
            else None,
            "later_url": _history_url(space_id, later if later and later < today else None, chosen)
            if until is not None
            else None,
        },
    )


def _history_url(space_id: str, until: date | None, chosen: wheel.Feeling | None) -> str:
    query = {"until": until.isoformat()} if until else {}
    if chosen:
        query["feeling"] = chosen.id
    url = reverse("checkins:history", args=[space_id])
    return f"{url}?{urlencode(query)}" if query else url


def _day_param(raw: str | None) -> date | None:
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    return day if day is None or day >= date(2000, 1, 1) else None  # nothing older exists


@login_required
def together(request: HttpRequest, space_id: str) -> HttpResponse:
    """Prompts on one screen for two people side by side, taking turns, answering aloud or typing.
    What is typed travels from turn to turn in hidden fields (plain form posts, no JavaScript
    needed) and is never saved, unless the person logged in keeps their own part at the end."""
    membership = get_space_for_member(request.user, space_id)
    other = other_member(membership)
    names = [request.user.name, other.user.name if other else "the other person"]
    prompts = checkin_content().prompts
    # (prompt, who): who is 0 for the person logged in, 1 for the other; they take turns first.
    turns = [(prompt, (i + turn) % 2) for i, prompt in enumerate(prompts) for turn in (0, 1)]
    steps = {TogetherForm.answer_name(who, p.id): n for n, (p, who) in enumerate(turns, start=1)}
    posted = request.method == "POST"
    form = TogetherForm(request.POST if posted else None)
    step = _together_step((request.POST if posted else request.GET).get("step"), len(turns))
    if posted:
        action = request.POST.get("go", "next")
        if action == "let_go":
            messages.success(request, "Let go. Nothing you typed was kept.")
            return redirect("checkins:space", space_id=space_id)
        if not form.is_valid():
            # Back to the turn whose answer needs a change, with everything typed still there.
            step = min((steps[name] for name in form.errors if name in steps), default=step)
        elif action == "keep":
            try:
                services.keep_together_answers(membership, form.typed(0))
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Kept as your check-in for today. Thank you both.")
                return redirect("checkins:space", space_id=space_id)
        else:
            step = _together_step(step + (-1 if action == "back" else 1), len(turns))
    done = step > len(turns)
    turn = turns[step - 1] if 1 <= step <= len(turns) else None
    current = form[TogetherForm.answer_name(turn[1], turn[0].id)] if turn else None
    return render(
        request,
        "checkins/together.html",
        {
            "membership": membership,
            "space": membership.space,
            "copy": checkin_content(),
            "step": step,
            "turn": (turn[0], names[turn[1]]) if turn else None,
            "total": len(turns),
            "names": names,
            "previous": step - 1,
            "next": step + 1,
            "done": done,
            "form": form,
            "current": current,
            "carried": [
                form[name]
                for name in TogetherForm.answer_names()
                if form.is_bound
                and form[name].value()
                and (current is None or name != current.name)
            ],
            "sides": _together_sides(form, names, prompts) if done and form.is_bound else [],
            "already_in": done
            and services.own_checkin(membership, services.local_today(request.user)) is not None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _together_step(raw: object, total: int) -> int:
    try:
        return max(0, min(int(raw or 0), total + 1))
    except (TypeError, ValueError):
        return 0


def _together_sides(form: TogetherForm, names: list[str], prompts) -> list[dict]:
    """What each person typed, prompt by prompt, for the side-by-side summary at the end."""
    sides = []
    for who, name in enumerate(names):
        typed = form.typed(who)
        sides.append(
            {
                "name": name,
                "mine": who == 0,
                "answers": [(p.label, typed[p.id]) for p in prompts if p.id in typed],
            }
        )
    return sides if any(side["answers"] for side in sides) else []


@login_required
def appreciations_view(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    form = AppreciationForm(request.POST or None)
    hint = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hint = None if data["as_it_is"] else appreciations.vague_hint(data["did"])
        if hint is None:
            try:
                appreciations.add_appreciation(
                    membership,
                    did=data["did"],
                    felt=data["felt"],
                    says=data["says"],
                    is_private=data["is_private"],
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request,
                    "Kept as a private draft." if data["is_private"] else "Shared. Thank you.",
                )
                return redirect("checkins:appreciations", space_id=space_id)
    views = appreciations.view_appreciations(membership, request.data_key)
    return render(
        request,
        "checkins/appreciations.html",
        {
            "membership": membership,
            "space": membership.space,
            "other": other_member(membership),
            "form": form,
            "hint": hint,
            "copy": appreciations_content(),
            "items": views,
            "written_today": appreciations.written_today(membership, views),
            "daily_count": appreciations.DAILY_PROMPT_COUNT,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def share_appreciation(request: HttpRequest, space_id: str, appreciation_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    appreciation = appreciations.get_own_appreciation(membership, appreciation_id)
    back = reverse("checkins:appreciations", args=[space_id])
    try:
        appreciations.share_appreciation(appreciation, request.data_key)
    except ServiceError as exc:
        if exc.code == "locked":  # the draft is sealed with the password: ask for it, then back
            return redirect(f"{reverse('accounts:unlock')}?{urlencode({'next': back})}")
        messages.error(request, exc.message)
    else:
        messages.success(request, "Shared. Thank you.")
    return redirect(back)
