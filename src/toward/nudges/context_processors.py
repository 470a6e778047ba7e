from __future__ import annotations

from django.http import HttpRequest


def notices(request: HttpRequest) -> dict:
    """How many unread notices the bell in the page header shows."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": 0}
    from toward.nudges.services import unread_count

    return {"unread_notices": unread_count(user)}
