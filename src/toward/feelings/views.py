from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from toward.checkins.services import feelings_named_by
from toward.feelings import services
from toward.lib.text import clean_text

SEARCH_MAX = 100  # characters: a word or two is all a search needs


@login_required
def wheel(request: HttpRequest) -> HttpResponse:
    """The wheel to browse: drawn, as an accessible list, and searchable (works without JS)."""
    query = " ".join(request.GET.get("q", "")[:SEARCH_MAX].split())
    return render(
        request,
        "feelings/wheel.html",
        {
            "query": query,
            "results": services.search(query) if query else None,
            "tree": services.tree(),
            "segments": services.wheel_segments(),
        },
    )


@login_required
def vocabulary(request: HttpRequest) -> HttpResponse:
    """The person's own vocabulary, month by month. Only ever their own."""
    months = services.vocabulary(feelings_named_by(request.user))
    return render(
        request,
        "feelings/vocabulary.html",
        {
            "months": months,
            "chart": services.bar_chart(months),
            "total": sum(m.new for m in months),
        },
    )


SUGGEST_TEXT_MAX = 8000  # the four check-in answers together; longer text is cut, not refused


@login_required
@require_POST
def suggest(request: HttpRequest) -> HttpResponse:
    """Feelings that might fit what a person is typing (htmx, debounced). Nothing is stored,
    and only the check-in's four answers are sent here, never the private note."""
    text = " ".join(
        clean_text(request.POST.get(name, ""))
        for name in ("went_well", "hard", "worried", "pleased")
    )[:SUGGEST_TEXT_MAX]
    found = services.suggest_from_text(text) if text.strip() else []
    return render(request, "feelings/_suggestions.html", {"suggestions": found})
