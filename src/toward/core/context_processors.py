from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict:
    """What every page's shell needs: the quick-exit address."""
    return {"exit_url": settings.EXIT_URL}
