from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from toward.accounts.services import record_session


@receiver(user_logged_in)
def remember_this_browser(sender, request, user, **kwargs) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        if request.session.session_key is None:
            request.session.save()
        record_session(user, request.session.session_key, request.headers.get("User-Agent", ""))
