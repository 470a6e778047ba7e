from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from toward.checkins.services import feelings_named_by
from toward.feelings import services

router = Router(tags=["feelings"])


class FeelingNode(Schema):
    id: str
    name: str
    definition: str
    colour: str
    level: int
    parent: str | None
    children: list[str]


class MonthOut(Schema):
    month: date
    distinct: int
    new: int


def _node(f: services.Feeling) -> dict:
    return {
        "id": f.id,
        "name": f.label,
        "definition": f.definition,
        "colour": f.colour,
        "level": f.level,
        "parent": f.parent_id,
        "children": list(f.children),
    }


@router.get("/feelings", response=list[FeelingNode], summary="The whole feelings wheel, flat")
def list_feelings(request: HttpRequest, q: str = ""):
    found = services.search(q[:100]) if q.strip() else services.all_feelings().values()
    return [_node(f) for f in found]


@router.get(
    "/me/feelings/vocabulary",
    response=list[MonthOut],
    summary="How many distinct feelings you named each month (only ever your own)",
)
def my_vocabulary(request: HttpRequest):
    return services.vocabulary(feelings_named_by(request.auth))
