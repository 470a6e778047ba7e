"""Pages for rituals of connection: the pair's rituals, the library, a ritual, the calendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from toward.content.library import rituals_content
from toward.core.errors import Conflict, ServiceError
from toward.core.forms import apply_service_error
from toward.rituals import calendar, reminders, services
from toward.rituals.forms import RitualForm, ScheduleForm
from toward.spaces.services import get_space_for_member
from toward.spaces.views import remember_space, space_in_use


@login_required
def index(request: HttpRequest) -> HttpResponse:
    chosen, memberships = space_in_use(request)
    if chosen is not None:
        return redirect("rituals:home", space_id=chosen.space_id)
    return render(request, "rituals/index.html", {"memberships": memberships})


def _member(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    return membership


@login_required
def home(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = _member(request, space_id)
    reminders.deliver_due(membership.space_id)
    views = [services.view_ritual(membership, r) for r in services.rituals_for(membership)]
    return render(
        request,
        "rituals/home.html",
        {
            "membership": membership,
            "space": membership.space,
            "rituals": views,
            "intro": rituals_content().intro,
        },
    )


@login_required
def library(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = _member(request, space_id)
    style = request.GET.get("style")
    style = style if style in services.STYLES else None
    return render(
        request,
        "rituals/library.html",
        {
            "membership": membership,
            "space": membership.space,
            "ideas": services.library(membership.space.relationship_type, style),
            "styles": services.STYLES,
            "style": style,
        },
    )


def _form_values(form) -> dict:
    data = form.data
    return {
        "frequency": data.get("frequency"),
        "days": data.getlist("days") if hasattr(data, "getlist") else data.get("days"),
        "day_of_month": data.get("day_of_month"),
        "at_time": data.get("at_time"),
    }


@login_required
def new(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = _member(request, space_id)
    idea = None
    idea_id = request.POST.get("idea_id") or request.GET.get("idea")
    if idea_id:
        try:
            idea = services.get_idea(idea_id)
        except ServiceError:
            idea = None
    if request.method == "POST":
        form = RitualForm(request.POST)
        form.is_valid()
        try:
            ritual = services.add_ritual(
                membership,
                idea_id=idea.id if idea else None,
                title=request.POST.get("title", ""),
                note=request.POST.get("note", ""),
                **_form_values(form),
            )
        except Conflict as error:
            messages.info(request, error.message)
            return redirect("rituals:home", space_id=space_id)
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"“{ritual.title}” is one of your rituals now.")
            return redirect("rituals:home", space_id=space_id)
    else:
        initial = {"frequency": "weekly", "at_time": "19:00", "days": ["SA"]}
        if idea is not None:
            initial = {
                "idea_id": idea.id,
                "title": idea.title,
                "frequency": idea.suggested.frequency,
                "days": list(idea.suggested.days),
                "at_time": idea.suggested.time,
            }
        form = RitualForm(initial=initial)
    return render(
        request,
        "rituals/new.html",
        {"membership": membership, "space": membership.space, "form": form, "idea": idea},
        status=400 if form.errors else 200,
    )


@login_required
def ritual(request: HttpRequest, space_id: str, ritual_id: str) -> HttpResponse:
    membership = _member(request, space_id)
    row = services.get_ritual(membership, ritual_id)
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        form.is_valid()
        try:
            services.change_schedule(membership, row, **_form_values(form))
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Saved. Reminders follow the new time.")
            return redirect("rituals:ritual", space_id=space_id, ritual_id=row.id)
    else:
        form = ScheduleForm(
            initial={
                "frequency": row.frequency,
                "days": [d for d in row.days.split(",") if d],
                "day_of_month": row.day_of_month or "",
                "at_time": row.at_time.strftime("%H:%M"),
            }
        )
    return render(
        request,
        "rituals/ritual.html",
        {
            "membership": membership,
            "space": membership.space,
            "view": services.view_ritual(membership, row),
            "marks": services.recent_marks(row),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def done(request: HttpRequest, space_id: str, ritual_id: str) -> HttpResponse:
    membership = _member(request, space_id)
    row = services.get_ritual(membership, ritual_id)
    try:
        services.we_did_it(membership, row, request.POST.get("on"))
    except ServiceError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, f"Marked: you did “{row.title}” together.")
    if request.POST.get("back") == "ritual":
        return redirect("rituals:ritual", space_id=space_id, ritual_id=row.id)
    return redirect("rituals:home", space_id=space_id)


@login_required
@require_POST
def remove(request: HttpRequest, space_id: str, ritual_id: str) -> HttpResponse:
    membership = _member(request, space_id)
    row = services.get_ritual(membership, ritual_id)
    services.remove_ritual(membership, row)
    messages.success(request, f"You let “{row.title}” go. You can add it again any time.")
    return redirect("rituals:home", space_id=space_id)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.revoke_feed(request.user)
            messages.success(
                request, "The private address is turned off. Calendars using it stop updating."
            )
            return redirect("rituals:calendar")
        feed_url = calendar.new_feed(request.user)
    return render(
        request,
        "rituals/calendar.html",
        {
            "feed": calendar.feed_for(request.user),
            "feed_url": feed_url,
            "count": len(calendar.rituals_of(request.user)),
        },
    )


@login_required
@never_cache
def download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        calendar.build_calendar(request.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="toward-rituals.ics"'
    return response


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar.user_for_feed(token)
    response = HttpResponse(
        calendar.build_calendar(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="toward-rituals.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
