"""Real self-assessment objects in alice's space, for the permission matrix."""

from __future__ import annotations

from toward.assessments import services


def assessment_id(pair) -> str:
    return "connection-builder"


def result_id(pair) -> str:
    answers = {item.id: 1 for item in services.get_assessment("connection-builder").items}
    return services.submit(pair[0], "connection-builder", answers, None, recent=set()).id
