from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field, StrictBool

from toward.api.schemas import Error, Input, Ok, Text
from toward.spaces import services
from toward.spaces.models import Membership, Space

router = Router(tags=["spaces"])


class SpaceOut(Schema):
    id: str
    name: str
    relationship_type: str
    state: str
    other_member_name: str | None


class SpaceIn(Input):
    relationship_type: Text
    name: Text


class RenameIn(Input):
    name: Text


class InvitationOut(Schema):
    code: str
    link: str
    expires_at: datetime


class OpenInvitationOut(Schema):
    id: str
    expires_at: datetime


class JoinIn(Input):
    code: Text
    name: Text


def _space(membership: Membership, others: dict[str, Membership] | None = None) -> dict:
    space = membership.space
    if others is None:
        others = services.other_members([membership])
    other = others.get(space.id) if space.state == Space.State.ACTIVE else None
    return {
        "id": space.id,
        "name": membership.name,
        "relationship_type": space.relationship_type,
        "state": space.state,
        "other_member_name": other.user.name if other else None,
    }


@router.get("/spaces", response=list[SpaceOut], summary="Spaces you are in")
def list_spaces(request: HttpRequest):
    memberships = services.spaces_for_nav(request.auth)
    others = services.other_members(memberships)
    return [_space(m, others) for m in memberships]


@router.post("/spaces", response={201: SpaceOut, 400: Error, 422: Error}, summary="Create a space")
def create_space(request: HttpRequest, payload: SpaceIn):
    membership = services.create_space(
        request.auth, relationship_type=payload.relationship_type, name=payload.name
    )
    return Status(201, _space(membership))


@router.get("/spaces/{space_id}", response={200: SpaceOut, 404: Error}, summary="One space")
def get_space(request: HttpRequest, space_id: str):
    return _space(services.get_space_for_member(request.auth, space_id))


@router.patch(
    "/spaces/{space_id}",
    response={200: SpaceOut, 400: Error, 404: Error, 422: Error},
    summary="Rename a space (your own name for it)",
)
def rename_space(request: HttpRequest, space_id: str, payload: RenameIn):
    membership = services.get_space_for_member(request.auth, space_id)
    return _space(services.rename_space(membership, payload.name))


@router.post(
    "/spaces/{space_id}/invitations",
    response={201: InvitationOut, 404: Error, 409: Error},
    summary="Make an invitation code (replaces any earlier one; shown only once)",
)
def create_invitation(request: HttpRequest, space_id: str):
    membership = services.get_space_for_member(request.auth, space_id)
    issued = services.create_invitation(membership)
    link = request.build_absolute_uri(reverse("spaces:join_link", args=[issued.code]))
    return Status(201, {"code": issued.code, "link": link, "expires_at": issued.expires_at})


@router.get(
    "/spaces/{space_id}/invitations",
    response={200: list[OpenInvitationOut], 404: Error},
    summary="The open invitation, if any (its code cannot be shown again)",
)
def list_invitations(request: HttpRequest, space_id: str):
    membership = services.get_space_for_member(request.auth, space_id)
    invitation = services.open_invitation(membership)
    return [invitation] if invitation else []


@router.delete(
    "/spaces/{space_id}/invitations",
    response={200: Ok, 404: Error},
    summary="Withdraw the open invitation",
)
def revoke_invitations(request: HttpRequest, space_id: str):
    services.revoke_invitations(services.get_space_for_member(request.auth, space_id))
    return {"ok": True}


@router.post(
    "/join",
    response={201: SpaceOut, 400: Error, 409: Error, 410: Error, 422: Error},
    summary="Join a space with an invitation code",
)
def join(request: HttpRequest, payload: JoinIn):
    membership = services.join_space(request.auth, code=payload.code, name=payload.name)
    return Status(201, _space(membership))


class LeaveIn(Input):
    password: Text
    keep_shared: StrictBool = Field(
        default=False,
        description="true: what you both already saw stays readable for the other person. "
        "Private and unopened entries always leave with you.",
    )


@router.post(
    "/spaces/{space_id}/leave",
    response={200: Ok, 400: Error, 404: Error, 422: Error},
    summary="Leave a space at once, with your password (the other person is not notified)",
)
def leave(request: HttpRequest, space_id: str, payload: LeaveIn):
    membership = services.get_space_for_member(request.auth, space_id)
    services.leave_space_with_password(
        membership, payload.password, keep_shared=payload.keep_shared
    )
    return {"ok": True}
