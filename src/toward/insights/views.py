"""The insights pages: "Your insights" for one space, its front door, and the PNG download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from toward.insights import charts, services
from toward.spaces.services import get_space_for_member
from toward.spaces.views import remember_space, space_in_use


@login_required
def index(request: HttpRequest) -> HttpResponse:
    chosen, memberships = space_in_use(request)
    if chosen is not None:
        return redirect("insights:space", space_id=chosen.space_id)
    return render(request, "insights/index.html", {"memberships": memberships})


@login_required
def space(request: HttpRequest, space_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    remember_space(request, membership)
    range_key = services.clean_range(request.GET.get("range"))
    insights = services.insights_for(membership, range_key)
    return render(
        request,
        "insights/space.html",
        {
            "membership": membership,
            "insights": insights,
            "content": insights.content,
            "ranges": [(key, services.RANGE_LABELS[key]) for key in services.RANGES],
            "charts": [
                (s, charts.svg(s, dom_id=f"chart-{s.id}"), charts.table(s))
                for s in insights.personal
                if s.has_any
            ],
            "not_yet": [s for s in insights.personal if not s.has_any],
            "together_chart": charts.svg(insights.together, dom_id="chart-together"),
            "together_table": charts.table(insights.together),
        },
    )


@login_required
def chart_png(request: HttpRequest, space_id: str, chart_id: str) -> HttpResponse:
    membership = get_space_for_member(request.user, space_id)
    range_key = services.clean_range(request.GET.get("range"))
    series = services.series_by_id(services.insights_for(membership, range_key), chart_id)
    theme = "dark" if request.GET.get("theme") == "dark" else "light"
    response = HttpResponse(charts.png(series, theme=theme), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="toward-{series.id}.png"'
    return response
