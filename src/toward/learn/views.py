from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from toward.content.library import learn_faq, pillars
from toward.learn import services


def index(request: HttpRequest) -> HttpResponse:
    results = services.search(request.GET.get("q")) if request.GET.get("q") else None
    # ?practice=<id>: "why this works", the explainers behind one practice, for its pages to link
    practice = services.practice_title(request.GET.get("practice"))
    return render(
        request,
        "learn/index.html",
        {
            "results": results,
            "query": services.clean_query(request.GET.get("q")),
            "groups": services.grouped(),
            "practice": practice,
            "behind": services.for_practice(request.GET["practice"]) if practice else [],
            "pillars": pillars().items,
            "faq": learn_faq(),
        },
    )


def explainer(request: HttpRequest, slug: str) -> HttpResponse:
    item = services.get_explainer(slug)
    return render(request, "learn/explainer.html", _explainer_context(item))


def _explainer_context(item) -> dict:
    return {
        "explainer": item,
        "pillar": services.pillar_title(item),
        "try_next": services.practice_links(item.try_next),
        "related": services.related(item),
    }


def faq(request: HttpRequest) -> HttpResponse:
    items = [
        {"item": item, "try_next": services.practice_links(item.try_next)}
        for item in learn_faq().items
    ]
    return render(request, "learn/faq.html", {"faq": learn_faq(), "items": items})


def offline(request: HttpRequest) -> HttpResponse:
    """The whole library as one self-contained file, to keep and read without a connection."""
    response = render(
        request,
        "learn/offline.html",
        {
            "explainers": [_explainer_context(e) for e in services.all_explainers()],
            "faq": learn_faq(),
            "base": request.build_absolute_uri("/").rstrip("/"),
        },
    )
    response["Content-Disposition"] = 'attachment; filename="toward-learn.html"'
    return response
