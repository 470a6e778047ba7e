"""Everything that changes a space goes through these functions; views, API and CLI call them.

`get_space_for_member` is the only way to fetch a space by id for a person: it answers 404 for a
space that does not exist and for one that is not theirs alike, so ids reveal nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from toward.content.library import relationship_type_ids
from toward.core import hooks
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import Conflict, Gone, ServiceError
from toward.lib.ids import new_invite_code, normalise_invite_code, secret_hash
from toward.lib.text import clean_text
from toward.spaces.models import SPACE_NAME_MAX, Invitation, Membership, Space

log = logging.getLogger(__name__)

INVITE_TTL = timedelta(days=7)  # a week: long enough to reach someone who is travelling
MEMBERS_PER_SPACE = 2  # a space is for one pair, never a group


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    code: str  # shown once; only its hash is stored

    @property
    def expires_at(self) -> datetime:
        return self.invitation.expires_at


# --- reading -------------------------------------------------------------------------------


def get_space_for_member(user, space_id: str) -> Membership:
    """The person's current membership of the space, or 404 — the same 404 whether the space is
    missing, belongs to others, or was left."""
    if not getattr(user, "is_authenticated", False) or not isinstance(space_id, str):
        raise Http404("No such space")
    found = _QUERIES.first("member", user=user.pk, space=space_id)
    if found is None:
        raise Http404("No such space")
    return found


def spaces_for_nav(user) -> list[Membership]:
    return _QUERIES.objects("nav", user=user.pk)


def other_members(memberships: list[Membership]) -> dict[str, Membership]:
    """The other person of each of these spaces, in one query: {space_id: their membership}."""
    others = (
        Membership.objects.select_related("user")
        .filter(space_id__in=[m.space_id for m in memberships])
        .exclude(pk__in=[m.pk for m in memberships])
    )
    return {other.space_id: other for other in others}


def other_member(membership: Membership) -> Membership | None:
    """The other person of the pair, whether or not they are still here."""
    return _QUERIES.first("other", space=membership.space_id, membership=membership.pk)


# Nearly every page asks the first three of these (the membership behind the URL, the spaces in
# the navigation, the other person), and building each through the ORM cost 0.4-0.5 ms of
# Python, a good part of a page: each is compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    # The person comes with it: nearly every page reads membership.user (their time zone,
    # their name), which would otherwise be one more query. The unique constraint on
    # (space, user) means at most one row.
    member=lambda a: Membership.objects.select_related("space", "user").filter(
        space_id=a["space"], user_id=a["user"], left_at__isnull=True
    ),
    nav=lambda a: (
        Membership.objects.select_related("space")
        .filter(user_id=a["user"], left_at__isnull=True)
        .order_by("joined_at")
    ),
    other=lambda a: (
        Membership.objects.select_related("user")
        .filter(space_id=a["space"])
        .exclude(pk=a["membership"])[:1]
    ),  # as .first(): the model's order, joined_at
)


def open_invitation(membership: Membership) -> Invitation | None:
    return (
        Invitation.objects.filter(
            space_id=membership.space_id,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


# --- validation ----------------------------------------------------------------------------


def clean_space_name(raw: object) -> str:
    if not isinstance(raw, str):
        raise ServiceError("invalid_name", "The name needs to be text.", field="name")
    name = " ".join(clean_text(raw).split())
    if not name:
        raise ServiceError("invalid_name", "Please give the space a name.", field="name")
    if len(name) > SPACE_NAME_MAX:
        raise ServiceError(
            "invalid_name",
            f"Please keep the name to {SPACE_NAME_MAX} characters or fewer "
            f"(this one has {len(name)}).",
            field="name",
        )
    return name


def clean_relationship_type(raw: object) -> str:
    if raw not in relationship_type_ids():
        raise ServiceError(
            "invalid_relationship_type",
            "Please choose romantic, friendship or family.",
            field="relationship_type",
        )
    return str(raw)


# --- writing -------------------------------------------------------------------------------


@transaction.atomic
def create_space(user, *, relationship_type: str, name: str) -> Membership:
    kind = clean_relationship_type(relationship_type)
    clean_name = clean_space_name(name)
    space = Space.objects.create(relationship_type=kind)
    return Membership.objects.create(space=space, user=user, name=clean_name)


def rename_space(membership: Membership, name: str) -> Membership:
    """Each member names the space for themselves; the other person never sees this name."""
    membership.name = clean_space_name(name)
    membership.save(update_fields=["name"])
    return membership


@transaction.atomic
def create_invitation(membership: Membership) -> IssuedInvitation:
    """Issue a fresh code for the space, replacing any earlier open one."""
    space = membership.space
    if space.state != Space.State.WAITING:
        raise Conflict(
            "space_not_waiting",
            "This space already has two people, so there is no one left to invite.",
        )
    now = timezone.now()
    Invitation.objects.filter(space=space, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    code = new_invite_code()
    invitation = Invitation.objects.create(
        space=space,
        created_by=membership.user,
        code_hash=secret_hash(normalise_invite_code(code)),
        created_at=now,
        expires_at=now + INVITE_TTL,
    )
    return IssuedInvitation(invitation=invitation, code=code)


def revoke_invitations(membership: Membership) -> int:
    return Invitation.objects.filter(
        space_id=membership.space_id, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def find_invitation(code: object) -> Invitation:
    """The open invitation for a code, or a ServiceError that says plainly what is wrong."""
    if not isinstance(code, str) or not normalise_invite_code(code):
        raise ServiceError("invite_unknown", "Please enter the code you were given.", field="code")
    normalised = normalise_invite_code(code)
    invitation = (
        Invitation.objects.select_related("space", "created_by")
        .filter(code_hash=secret_hash(normalised))
        .first()
    )
    if invitation is None:
        raise ServiceError(
            "invite_unknown",
            "We couldn't find that code. Check it with the person who sent it, "
            "or ask for a new one.",
            field="code",
        )
    if invitation.used_at is not None:
        raise Gone(
            "invite_used", "This code has already been used. Ask for a new one.", field="code"
        )
    if invitation.revoked_at is not None:
        raise Gone(
            "invite_revoked",
            "This code is no longer valid. Ask for a new one.",
            field="code",
        )
    if invitation.expires_at <= timezone.now():
        raise Gone(
            "invite_expired",
            "This code has expired (codes last 7 days). Ask for a new one.",
            field="code",
        )
    return invitation


def join_space(user, *, code: str, name: str) -> Membership:
    """Use an invitation. Compare-and-set updates make two people racing for one code safe on
    SQLite and PostgreSQL alike: exactly one of them gets in."""
    invitation = find_invitation(code)
    clean_name = clean_space_name(name)
    space = invitation.space
    if invitation.created_by_id == user.pk or space.memberships.filter(user=user).exists():
        raise Conflict(
            "own_space", "You are already in this space; the code is for the other person."
        )
    if space.state == Space.State.INACTIVE:
        raise Gone("invite_revoked", "This code is no longer valid. Ask for a new one.")
    if space.state != Space.State.WAITING:
        raise Conflict("space_full", "This space already has two people in it.")
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = Invitation.objects.filter(
                pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
            ).update(used_at=now)
            if claimed != 1:
                raise Gone("invite_used", "This code has just been used. Ask for a new one.")
            activated = Space.objects.filter(pk=space.pk, state=Space.State.WAITING).update(
                state=Space.State.ACTIVE
            )
            if activated != 1:
                raise Conflict("space_full", "This space already has two people in it.")
            if space.memberships.count() >= MEMBERS_PER_SPACE:
                raise Conflict("space_full", "This space already has two people in it.")
            space.state = Space.State.ACTIVE
            membership = Membership.objects.create(space=space, user=user, name=clean_name)
    except IntegrityError:
        raise Conflict("own_space", "You are already in this space.") from None
    return membership


def leave_space_with_password(
    membership: Membership, password: object, *, keep_shared: object = False
) -> None:
    """Leaving from a page or the API: the person types their password once (SAFETY-CHECKLIST
    items 8 and 23), so someone holding their unlocked phone cannot end the space for them.
    Nothing else is asked, and nothing waits for the other person. `keep_shared`: see
    `leave_space`."""
    if not isinstance(keep_shared, bool):
        raise ServiceError(
            "invalid_keep_shared",
            "Please say yes or no to leaving what you shared readable.",
            field="keep_shared",
        )
    if not isinstance(password, str) or not membership.user.check_password(password):
        raise ServiceError(
            "wrong_password",
            "That isn't your password. Please type it again to leave.",
            field="password",
        )
    leave_space(membership, keep_shared=keep_shared)


@transaction.atomic
def leave_space(membership: Membership, *, keep_shared: bool = False) -> None:
    """Leave at once. The other person sees the space as inactive and is told nothing else —
    no email, no notification, no reason (PRODUCT.md principle 5).

    The leaver's private and unrevealed entries always leave with them. What the pair already
    shared (answers both saw, shared appreciations, memories …) leaves too, unless the leaver
    chooses `keep_shared`: then it stays readable for the other person (PRODUCT.md section 2,
    SAFETY-CHECKLIST item 12). Each app's leave handler decides what "shared" means there."""
    now = timezone.now()
    updated = Membership.objects.filter(pk=membership.pk, left_at__isnull=True).update(left_at=now)
    if updated != 1:
        raise Http404("No such space")
    Space.objects.filter(pk=membership.space_id).update(state=Space.State.INACTIVE)
    Invitation.objects.filter(
        space_id=membership.space_id, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    membership.left_at = now
    # Kept only for someone still here to read it. What an earlier leaver kept for this person
    # goes once they leave too: no one is left to read it.
    someone_stays = Membership.objects.filter(
        space_id=membership.space_id, left_at__isnull=True
    ).exists()
    for handler in hooks.leave_handlers():
        handler(membership, keep_shared=keep_shared and someone_stays)
    if not someone_stays:
        earlier = Membership.objects.filter(space_id=membership.space_id).exclude(pk=membership.pk)
        for gone in earlier.select_related("user"):
            for handler in hooks.leave_handlers():
                handler(gone, keep_shared=False)
