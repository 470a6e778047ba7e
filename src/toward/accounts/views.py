from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from toward.accounts import services, throttle, vault
from toward.accounts.forms import (
    EraseForm,
    LoginForm,
    ProfileForm,
    QueuedPasswordResetForm,
    ResetWithRecoveryForm,
    SignupForm,
    TokenForm,
    UnlockForm,
)
from toward.accounts.models import normalise_email
from toward.core.errors import ServiceError
from toward.core.forms import apply_service_error


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            next_url = request.POST.get("next") or request.GET.get("next") or ""
            services.request_sign_up(**form.cleaned_data, next_url=next_url)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            # The same page whether or not the address already had an account (item 17).
            return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form, "next": _next_url(request)})


def _printed_to_console() -> bool:
    # Without SMTP settings the message goes to the console of `toward serve --with-worker`
    # (`make run`): say so, or a self-hoster would wait for an email that never comes.
    return settings.EMAIL_BACKEND.endswith("console.EmailBackend")


@never_cache
def signup_sent(request: HttpRequest) -> HttpResponse:
    context = {"printed_to_console": _printed_to_console()}
    return render(request, "accounts/signup_sent.html", context)


@never_cache
def password_reset_done(request: HttpRequest) -> HttpResponse:
    context = {"printed_to_console": _printed_to_console()}
    return render(request, "accounts/password_reset_done.html", context)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the sign-up email. Opening it changes nothing (mail scanners open links);
    typing the chosen password opens the account, logs in and shows the recovery code once."""
    user = services.user_for_signup_link(uidb64, token)
    form = UnlockForm(request.POST or None)
    form.fields["password"].label = "Your password"
    if user is not None and request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        try:
            services.confirm_sign_up(user, password)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.data_key, code = vault.create_keys(user, password)
            messages.success(request, "Welcome to Toward. Take your time and look around.")
            response = _show_recovery_code(user, code, _next_url(request))
            throttle.remember_device(request, response, user.email)
            return response
    status = 200 if user is not None else 404
    if user is not None and request.method == "POST" and not form.is_valid():
        status = 400
    return render(
        request,
        "accounts/signup_confirm.html",
        {"form": form, "link_ok": user is not None, "next": _next_url(request)},
        status=status,
    )


def _show_recovery_code(user, code: str, next_url: str) -> HttpResponse:
    response = redirect(f"{reverse('accounts:recovery_code')}?{urlencode({'next': next_url})}")
    vault.hand_over_recovery_code(response, user, code)
    return response


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST":
        username = normalise_email(str(request.POST.get("username", "")))
        wait = throttle.seconds_to_wait(request, username)
        if wait:
            form.is_valid()  # keep what was typed and its field errors
            form.add_error(None, f"Please wait {wait} seconds before trying again.")
            status = 429
        elif throttle.account_over_hourly_cap(username) and not throttle.is_known_device(
            request, username
        ):
            form.is_valid()
            form.add_error(
                None,
                "There have been many attempts to log in to this account. "
                "Please try again in an hour, or from a device you have used before.",
            )
            status = 429
        elif form.is_valid():
            user = form.get_user()
            login(request, user)
            password = form.cleaned_data["password"]
            request.data_key = vault.unlock_with_password(user, password)
            if request.data_key is None and not vault.has_keys(user):
                request.data_key, code = vault.create_keys(user, password)
                response = _show_recovery_code(user, code, _next_url(request))
            else:
                response = redirect(_next_url(request))
            throttle.remember_device(request, response, user.email)
            return response
    return render(
        request, "accounts/login.html", {"form": form, "next": _next_url(request)}, status=status
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    request.forget_data_key = True
    response = redirect("accounts:login")
    # Wipe anything the browser kept, so the next person at this device finds nothing.
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "time_zone": user.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user, **form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("accounts:account")
    return render(request, "accounts/account.html", _account_context(request, form=form))


def _account_context(request: HttpRequest, **extra) -> dict:
    return {
        "form": extra.pop("form", None)
        or ProfileForm(
            initial={"display_name": request.user.display_name, "time_zone": request.user.time_zone}
        ),
        "token_form": extra.pop("token_form", None) or TokenForm(),
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
        "unlocked": getattr(request, "data_key", None) is not None,
        **extra,
    }


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    new_secret = None
    if form.is_valid():
        try:
            _, new_secret = services.create_api_token(
                request.user, form.cleaned_data["name"], data_key=request.data_key
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
    status = 200 if new_secret else 400
    return render(
        request,
        "accounts/account.html",
        _account_context(request, token_form=form, new_secret=new_secret),
        status=status,
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: str) -> HttpResponse:
    services.revoke_api_token(request.user, token_id)
    messages.success(request, "The token no longer works.")
    return redirect("accounts:account")


@sensitive_post_parameters()
@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data_key = vault.unlock_with_password(request.user, form.cleaned_data["old_password"])
        user = form.save()
        # Keeps this session; every other session of this account is signed out.
        update_session_auth_hash(request, user)
        services.forget_other_sessions(user, keep=request.session.session_key)
        new_password = form.cleaned_data["new_password1"]
        messages.success(request, "Your password is changed. Other devices have been signed out.")
        if data_key is None:
            request.data_key, code = vault.create_keys(user, new_password)
            return _show_recovery_code(user, code, reverse("accounts:account"))
        vault.rewrap(user, data_key, new_password)
        request.data_key = data_key
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_extra_email_context(self) -> dict:
        return {"base_url": settings.BASE_URL}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password. With the recovery code, private entries stay readable; without it,
    the person is told plainly, before saving, that earlier private entries will stay locked."""

    form_class = ResetWithRecoveryForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        user, password = form.user, form.cleaned_data["new_password1"]
        services.forget_other_sessions(user, keep=None)
        if form.data_key is not None:
            vault.rewrap(user, form.data_key, password)
        else:
            _, code = vault.replace_key(user, password)
            vault.hand_over_recovery_code(response, user, code)
        return response


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/password_reset_complete.html",
        {"recovery_code": vault.take_recovery_code(request)},
    )


@sensitive_post_parameters()
@login_required
def unlock(request: HttpRequest) -> HttpResponse:
    """Ask for the password again before private pages (PRODUCT.md principle 4)."""
    form = UnlockForm(request.POST or None)
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        secret = form.cleaned_data["password"]
        key = vault.unlock_with_password(request.user, secret)
        if key is None:
            key = vault.unlock_with_recovery_code(request.user, secret)
        if key is None and not vault.has_keys(request.user) and request.user.check_password(secret):
            key, code = vault.create_keys(request.user, secret)
            request.data_key = key
            return _show_recovery_code(request.user, code, next_url)
        if key is None:
            form.add_error("password", "That isn't your password or recovery code.")
        else:
            request.data_key = key
            request.session.cycle_key()
            return redirect(next_url)
    return render(request, "accounts/unlock.html", {"form": form, "next": next_url})


@login_required
def recovery_code(request: HttpRequest) -> HttpResponse:
    """Shows a new recovery code once; it is never stored anywhere it could be shown again."""
    code = vault.take_recovery_code(request)
    response = render(
        request,
        "accounts/recovery_code.html",
        {"code": code, "next": _next_url(request)},
    )
    response.delete_cookie(vault.RECOVERY_COOKIE, samesite="Strict")
    return response


@login_required
@vault.unlock_required
@require_POST
def replace_recovery_code(request: HttpRequest) -> HttpResponse:
    code = vault.new_recovery_code(request.user, request.data_key)
    return _show_recovery_code(request.user, code, reverse("accounts:account"))


@login_required
@vault.unlock_required
def sessions(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("everywhere"):
            count = services.forget_other_sessions(request.user, keep=request.session.session_key)
            messages.success(
                request, f"Signed out of {count} other browser{'s' if count != 1 else ''}."
            )
        elif request.POST.get("session"):
            services.end_session(request.user, request.POST["session"])
            messages.success(request, "That browser is signed out.")
        return redirect("accounts:sessions")
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": services.active_sessions(request.user),
            "current": request.session.session_key,
        },
    )


@sensitive_post_parameters()
@login_required
@vault.unlock_required
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_account(request.user, form.cleaned_data["password"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            logout(request)
            request.forget_data_key = True
            response = render(request, "accounts/erased.html")
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
            return response
    return render(request, "accounts/erase.html", {"form": form})


@login_required
@vault.unlock_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Everything this person wrote, as JSON or as a page to read, save or print."""
    data = services.export_user(request.user, data_key=request.data_key)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="toward-export.json"'
        return response
    return render(request, "accounts/export.html", {"data": data})
