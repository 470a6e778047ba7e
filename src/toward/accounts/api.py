from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from toward.accounts import services
from toward.api.schemas import Error, Input, Ok, Text

router = Router(tags=["account"])


class MeOut(Schema):
    email: str
    display_name: str
    name: str
    time_zone: str


class MeIn(Input):
    display_name: Text | None = None
    time_zone: Text | None = None


class TokenOut(Schema):
    id: str
    name: str
    prefix: str
    created_at: datetime


class TokenIn(Input):
    name: Text = ""


class NewTokenOut(TokenOut):
    token: str


def _me(user) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "name": user.name,
        "time_zone": user.time_zone,
    }


@router.get("/me", response=MeOut, summary="The person this token belongs to")
def get_me(request: HttpRequest):
    return _me(request.auth)


@router.patch(
    "/me", response={200: MeOut, 400: Error, 422: Error}, summary="Change name or time zone"
)
def patch_me(request: HttpRequest, payload: MeIn):
    user = services.update_profile(
        request.auth, display_name=payload.display_name, time_zone=payload.time_zone
    )
    return _me(user)


@router.get("/tokens", response=list[TokenOut], summary="Your active API tokens")
def list_tokens(request: HttpRequest):
    return list(request.auth.api_tokens.filter(revoked_at__isnull=True))


@router.post("/tokens", response={201: NewTokenOut, 400: Error, 422: Error}, summary="Make a token")
def create_token(request: HttpRequest, payload: TokenIn):
    token, secret = services.create_api_token(
        request.auth, payload.name, data_key=getattr(request, "data_key", None)
    )
    return Status(
        201,
        {
            "id": token.id,
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at,
            "token": secret,
        },
    )


@router.delete("/tokens/{token_id}", response={200: Ok, 404: Error}, summary="Revoke a token")
def revoke_token(request: HttpRequest, token_id: str):
    services.revoke_api_token(request.auth, token_id)
    return {"ok": True}
