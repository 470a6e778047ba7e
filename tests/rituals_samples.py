"""Real rituals and notices in alice's space, for the permission matrix."""

from __future__ import annotations

from toward.nudges import services as nudges
from toward.nudges.models import Notice
from toward.rituals import services as rituals


def ritual_id(pair) -> str:
    return rituals.add_ritual(pair[0], idea_id="phone-free-dinner").id


def notice_id(pair) -> str:
    nudges.notify(pair[0].user, kind="sample", title="A gentle reminder", space=pair[0].space)
    return Notice.objects.filter(user_id=pair[0].user_id).first().id
