from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict:
    """What every page's shell needs: the quick-exit address and the chosen theme."""
    theme = request.COOKIES.get("toward_theme", "auto")
    return {
        "exit_url": settings.EXIT_URL,
        "theme": theme if theme in ("light", "dark") else "auto",
        "theme_choices": [("auto", "like my device"), ("light", "light"), ("dark", "dark")],
    }
