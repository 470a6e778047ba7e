from __future__ import annotations

from django.http import HttpRequest

from toward.spaces.services import spaces_for_nav


def spaces(request: HttpRequest) -> dict:
    """The person's spaces, for the switcher in the page shell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_spaces": []}
    return {"my_spaces": spaces_for_nav(user)}
