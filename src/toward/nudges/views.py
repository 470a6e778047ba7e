"""The notices page (the bell) and the rest page: recharging, quiet hours, time zone, pace."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.nudges import services
from toward.nudges.forms import PaceForm, QuietHoursForm, RechargeForm
from toward.spaces.services import get_space_for_member, spaces_for_nav


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    return render(request, "nudges/notices.html", {"notices": services.notices_for(request.user)})


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_read(request.user)
    return redirect("nudges:notices")


@login_required
@require_POST
def open_notice(request: HttpRequest, notice_id: str) -> HttpResponse:
    notice = services.get_notice(request.user, notice_id)
    services.mark_read(request.user, notice)
    target = notice.url
    if not target.startswith("/") or target.startswith("//"):
        target = "/notices/"
    return redirect(target)


def _rest_page(request: HttpRequest, *, quiet_form=None, pace_forms=None, status=200):
    user = request.user
    rest = services.rest_settings(user)
    memberships = [m for m in spaces_for_nav(user) if m.space.state == "active"]
    if pace_forms is None:
        pace_forms = {}
    paces = services.space_paces(m.space_id for m in memberships)
    for m in memberships:
        if m.space_id not in pace_forms:
            limit = paces[m.space_id].deep_dives_per_week
            pace_forms[m.space_id] = PaceForm(
                prefix=f"pace-{m.space_id}", initial={"deep_dives_per_week": limit or ""}
            )
    return render(
        request,
        "nudges/rest.html",
        {
            "recharging": services.is_recharging(user),
            "until": services.recharging_until(user),
            "recharge_form": RechargeForm(),
            "quiet_form": quiet_form
            or QuietHoursForm(
                initial={
                    "quiet_start": rest.quiet_start.strftime("%H:%M"),
                    "quiet_end": rest.quiet_end.strftime("%H:%M"),
                    "time_zone": user.time_zone,
                }
            ),
            "paces": [(m, pace_forms[m.space_id]) for m in memberships],
        },
        status=status,
    )


@login_required
def rest(request: HttpRequest) -> HttpResponse:
    return _rest_page(request)


@login_required
@require_POST
def recharging(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "stop":
        services.stop_recharging(request.user)
        messages.success(request, "Welcome back. Reminders and invitations reach you again.")
        return redirect("nudges:rest")
    try:
        services.start_recharging(request.user, duration=request.POST.get("duration"))
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("nudges:rest")
    messages.success(
        request,
        "Rest well. Reminders, invitations and nudges wait until you're back; the other person "
        "sees only that you're taking some quiet time.",
    )
    return redirect("nudges:rest")


@login_required
@require_POST
def quiet_hours(request: HttpRequest) -> HttpResponse:
    form = QuietHoursForm(request.POST)
    form.is_valid()
    try:
        services.set_quiet_hours(
            request.user,
            start=request.POST.get("quiet_start", ""),
            end=request.POST.get("quiet_end", ""),
            time_zone=request.POST.get("time_zone", ""),
        )
    except ServiceError as error:
        apply_service_error(form, error)
        return _rest_page(request, quiet_form=form, status=400)
    messages.success(request, "Saved. Nothing will reach you in your quiet hours.")
    return redirect("nudges:rest")


@login_required
@require_POST
def pace(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    form = PaceForm(request.POST, prefix=f"pace-{membership.space_id}")
    form.is_valid()
    try:
        services.set_deep_dive_limit(
            membership.space_id, request.POST.get(f"pace-{membership.space_id}-deep_dives_per_week")
        )
    except ServiceError as error:
        apply_service_error(form, error)
        return _rest_page(request, pace_forms={membership.space_id: form}, status=400)
    messages.success(request, f"Saved for {membership.name}.")
    return redirect("nudges:rest")
