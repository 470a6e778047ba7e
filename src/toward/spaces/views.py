from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from toward.content.library import first_steps, relationship_type, relationship_types
from toward.core import hooks
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error
from toward.spaces import services
from toward.spaces.forms import JoinForm, LeaveForm, RenameForm, SpaceForm
from toward.spaces.models import Membership, Space

CURRENT_SPACE_KEY = "current_space"


def space_in_use(request: HttpRequest) -> tuple[Membership | None, list[Membership]]:
    """For a practice's front door: the space in use this session (or the person's only one),
    and all their spaces for a chooser when there is no obvious one."""
    memberships = services.spaces_for_nav(request.user)
    current = request.session.get(CURRENT_SPACE_KEY)
    chosen = next((m for m in memberships if m.space_id == current), None)
    if chosen is None and len(memberships) == 1:
        chosen = memberships[0]
    return chosen, memberships


def remember_space(request: HttpRequest, membership: Membership) -> None:
    """Make this the space in use for the session; written only when it changes, so visiting a
    page does not save the session row on every request."""
    if request.session.get(CURRENT_SPACE_KEY) != membership.space_id:
        request.session[CURRENT_SPACE_KEY] = membership.space_id


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.create_space(request.user, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            request.session[CURRENT_SPACE_KEY] = membership.space_id
            return redirect("spaces:detail", space_id=membership.space_id)
    return render(
        request,
        "spaces/create.html",
        {"form": form, "kinds": relationship_types()},
        status=_status(form),
    )


@login_required
def detail(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = services.get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    space = membership.space
    other = services.other_member(membership)
    request.other_member = (membership.pk, other)  # the rest panel needs them too: asked once
    state = space.state
    steps = [
        step
        for step in first_steps().items
        if step.when == ("waiting" if state == Space.State.WAITING else "active")
        and space.relationship_type in step.relationship_types
    ]
    return render(
        request,
        "spaces/detail.html",
        {
            "membership": membership,
            "space": space,
            "kind": relationship_type(space.relationship_type),
            "other": other if state == Space.State.ACTIVE else None,
            # Shown only while the space waits for the other person.
            "invitation": services.open_invitation(membership)
            if state == Space.State.WAITING
            else None,
            "first_steps": steps,
            "panels": _panels(request, membership),
            "quiet": not any(
                panel.has_activity(membership)
                for panel in hooks.space_panels()
                if panel.has_activity is not None
            ),
        },
    )


def _panels(request: HttpRequest, membership) -> list[dict]:
    """Blocks that practices add to the space's home page (see core.hooks.SpacePanel)."""
    shown = []
    for panel in hooks.space_panels():
        context = panel.context(request, membership)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown


@login_required
@require_POST
def invite(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = services.get_space_for_member(request.user, space_id)
    try:
        issued = services.create_invitation(membership)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("spaces:detail", space_id=space_id)
    link = request.build_absolute_uri(reverse("spaces:join_link", args=[issued.code]))
    context = {"membership": membership, "issued": issued, "link": link}
    template = (
        "spaces/_invite_code.html" if request.headers.get("HX-Request") else "spaces/invite.html"
    )
    return render(request, template, context)


@login_required
def settings_view(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = services.get_space_for_member(request.user, space_id)
    form = RenameForm(request.POST or None, initial={"name": membership.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_space(membership, form.cleaned_data["name"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("spaces:detail", space_id=space_id)
    return render(
        request,
        "spaces/settings.html",
        {"membership": membership, "space": membership.space, "form": form},
        status=_status(form),
    )


@sensitive_post_parameters("password")
@login_required
def leave(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = services.get_space_for_member(request.user, space_id)
    other = services.other_member(membership)
    other_name = other.user.name if other is not None and other.left_at is None else None
    form = LeaveForm(request.POST or None, other_name=other_name)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_space_with_password(
                membership,
                form.cleaned_data["password"],
                keep_shared=form.cleaned_data.get("keep_shared", False),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            if request.session.get(CURRENT_SPACE_KEY) == space_id:
                del request.session[CURRENT_SPACE_KEY]
            messages.success(request, "You have left the space.")
            return redirect("core:home")
    return render(
        request,
        "spaces/leave.html",
        {"membership": membership, "form": form, "other_name": other_name},
        status=_status(form),
    )


def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Enter a code (or arrive by link). Someone without an account signs up first, then returns."""
    if not request.user.is_authenticated:
        here = reverse("spaces:join_link", args=[code]) if code else reverse("spaces:join")
        return render(request, "spaces/join_welcome.html", {"next": here}, status=200)
    initial = {"code": code}
    preview = None
    if code and request.method != "POST":
        try:
            preview = services.find_invitation(code)
            initial["name"] = f"With {preview.created_by.name}"
        except ServiceError as exc:
            messages.error(request, exc.message)
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.join_space(request.user, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            request.session[CURRENT_SPACE_KEY] = membership.space_id
            messages.success(request, "You're in. This space is now for the two of you.")
            return redirect("spaces:detail", space_id=membership.space_id)
    return render(
        request,
        "spaces/join.html",
        {
            "form": form,
            "preview": preview,
            "kind": preview and relationship_type(preview.space.relationship_type),
        },
        status=_status(form),
    )


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
