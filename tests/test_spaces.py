"""Spaces from a person's point of view: create, invite, join, switch, rename, leave."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import PASSWORD, client_for, page_text, sign_up_through_pages
from tests.test_compiled_sql import as_seen
from toward.spaces import services
from toward.spaces.models import Invitation, Membership, Space


def test_create_space_shows_an_invitation_step(alice):
    client = client_for(alice)
    response = client.post("/spaces/new/", {"relationship_type": "friendship", "name": "Jo"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Invite the other person" in page_text(page)
    assert Membership.objects.get(user=alice).space.relationship_type == "friendship"


def test_invite_by_link_and_join(alice, bob):
    membership = services.create_space(alice, relationship_type="family", name="My sister")
    page = client_for(alice).post(f"/spaces/{membership.space_id}/invite/")
    code = page.context["issued"].code
    assert code in page_text(page)

    bob_client = client_for(bob)
    landing = bob_client.get(f"/join/{code}/")
    assert "Alice has invited you" in page_text(landing)
    joined = bob_client.post("/join/", {"code": code.lower().replace("-", " "), "name": "Big sis"})
    assert joined.status_code == 302
    assert Space.objects.get(pk=membership.space_id).state == "active"
    bob_page = page_text(bob_client.get(joined["Location"]))
    assert "Big sis" in bob_page and "You and Alice" in bob_page
    alice_page = page_text(client_for(alice).get(f"/spaces/{membership.space_id}/"))
    assert "You and Bob" in alice_page


def test_each_member_names_the_space_for_themselves(pair):
    mine, theirs = pair
    services.rename_space(mine, "Us")
    assert Membership.objects.get(pk=theirs.pk).name == "Our space"


def test_anonymous_invitee_is_welcomed_and_returns_after_signup(alice, db):
    membership = services.create_space(alice, relationship_type="romantic", name="B")
    code = services.create_invitation(membership).code
    from django.test import Client

    client = Client()
    welcome = client.get(f"/join/{code}/")
    assert "create an account" in page_text(welcome).lower()
    signup = sign_up_through_pages(
        client, "new@example.com", "a long passphrase", next=f"/join/{code}/"
    )
    recovery = client.get(signup["Location"])
    assert "Your recovery code" in page_text(recovery)
    assert f'href="/join/{code}/"' in recovery.content.decode()
    joined = client.post("/join/", {"code": code, "name": "With Alice"})
    assert joined.status_code == 302
    assert Space.objects.get(pk=membership.space_id).state == "active"


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("unknown", "couldn't find that code"),
        ("expired", "has expired"),
        ("used", "already been used"),
        ("replaced", "no longer valid"),
    ],
)
def test_bad_invitations_say_what_is_wrong(alice, bob, make_user, setup, expected):
    membership = services.create_space(alice, relationship_type="romantic", name="B")
    code = services.create_invitation(membership).code
    if setup == "unknown":
        code = "AAAA-BBBB-CCCC-DDDD"
    elif setup == "expired":
        Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    elif setup == "used":
        services.join_space(make_user("carol@example.com"), code=code, name="x")
    elif setup == "replaced":
        services.create_invitation(membership)
    response = client_for(bob).post("/join/", {"code": code, "name": "Mine"})
    assert response.status_code == 400
    body = page_text(response)
    assert expected in body
    assert 'value="Mine"' in body  # what was typed is kept
    assert not Membership.objects.filter(user=bob).exists()


def test_invitations_last_seven_days(alice):
    membership = services.create_space(alice, relationship_type="romantic", name="B")
    issued = services.create_invitation(membership)
    assert issued.expires_at - issued.invitation.created_at == timedelta(days=7)
    assert issued.code not in Invitation.objects.values_list("code_hash", flat=True)


def test_joining_your_own_space_is_refused(alice):
    membership = services.create_space(alice, relationship_type="romantic", name="B")
    code = services.create_invitation(membership).code
    response = client_for(alice).post("/join/", {"code": code, "name": "Again"})
    assert response.status_code == 400
    assert "already in this space" in page_text(response)
    assert Invitation.objects.get().used_at is None  # the code still works for the other person


def test_a_full_space_takes_no_third_person(pair, make_user):
    mine, _ = pair
    response = client_for(mine.user).post(f"/spaces/{mine.space_id}/invite/", follow=True)
    assert "no one left to invite" in page_text(response)
    with pytest.raises(services.Conflict):
        services.create_invitation(mine)


def test_a_person_can_be_in_several_spaces_and_switch(pair, make_user):
    mine, _ = pair
    carol = make_user("carol@example.com", "Carol")
    second = services.create_space(mine.user, relationship_type="friendship", name="Carol")
    services.join_space(carol, code=services.create_invitation(second).code, name="Alice")
    client = client_for(mine.user)
    home = page_text(client.get("/"))
    assert "Bob and me" in home and "Carol" in home
    assert client.get(f"/spaces/{second.space_id}/").status_code == 200
    assert client.session["current_space"] == second.space_id
    assert client.get(f"/spaces/{mine.space_id}/").status_code == 200
    assert client.session["current_space"] == mine.space_id


def test_leaving_is_immediate_quiet_and_final(pair):
    mine, theirs = pair
    alice_client, bob_client = client_for(mine.user), client_for(theirs.user)
    confirm = alice_client.get(f"/spaces/{mine.space_id}/leave/")
    assert "won't get a message" in page_text(confirm)
    assert 'type="password"' in confirm.content.decode()
    # Someone holding Alice's unlocked phone cannot end the space for her (item 8, 23).
    refused = alice_client.post(f"/spaces/{mine.space_id}/leave/", {"password": "a guess"})
    assert refused.status_code == 400 and "isn't your password" in page_text(refused)
    assert alice_client.get(f"/spaces/{mine.space_id}/").status_code == 200
    left = alice_client.post(f"/spaces/{mine.space_id}/leave/", {"password": PASSWORD})
    assert left.status_code == 302
    assert alice_client.get(f"/spaces/{mine.space_id}/").status_code == 404
    bob_page = page_text(bob_client.get(f"/spaces/{theirs.space_id}/"))
    assert "no longer active" in bob_page
    main = bob_page.split("<main", 1)[1]
    assert "Alice" not in main and "left" not in main  # no name, no reason
    assert mail.outbox == []
    assert Space.objects.get(pk=mine.space_id).state == "inactive"


def test_leaving_a_waiting_space_withdraws_its_code(alice, bob):
    membership = services.create_space(alice, relationship_type="romantic", name="B")
    code = services.create_invitation(membership).code
    services.leave_space(membership)
    response = client_for(bob).post("/join/", {"code": code, "name": "x"})
    assert response.status_code == 400
    assert "no longer valid" in page_text(response)


def test_a_ten_thousand_character_name_is_refused_and_kept(alice):
    name = "n" * 10_000
    response = client_for(alice).post(
        "/spaces/new/", {"relationship_type": "romantic", "name": name}
    )
    assert response.status_code == 400
    body = page_text(response)
    assert "80 characters or fewer" in body
    assert 'value="romantic"' in body and "checked" in body
    assert not Space.objects.exists()


def test_null_bytes_and_broken_utf8_get_a_clear_message(alice):
    client = client_for(alice)
    response = client.post("/spaces/new/", {"relationship_type": "romantic", "name": "a\x00b"})
    assert response.status_code == 400
    assert "Null characters are not allowed" in page_text(response)
    raw = client.post(
        "/spaces/new/",
        data=b"relationship_type=romantic&name=%FF%FEcaf%E9",
        content_type="application/x-www-form-urlencoded",
    )
    assert raw.status_code in (302, 400)
    assert raw.status_code != 500


def test_two_people_racing_for_one_code_exactly_one_joins(alice, make_user):
    membership = services.create_space(alice, relationship_type="romantic", name="B")
    code = services.create_invitation(membership).code
    first, second = make_user("p1@example.com"), make_user("p2@example.com")
    services.join_space(first, code=code, name="x")
    with pytest.raises(services.ServiceError):
        services.join_space(second, code=code, name="y")
    assert Membership.objects.filter(space_id=membership.space_id).count() == 2


# --- the membership lookups every page makes, compiled once per process ----------------------


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
def test_the_membership_lookups_compiled_once_answer_as_the_orm_does(
    pair, mallory, settings, zone, django_assert_num_queries
):
    """get_space_for_member, spaces_for_nav and other_member run SQL compiled once per process
    (core.compiled_sql); for members, people who left and strangers alike they must give what the
    ORM gives, with the space and the person already loaded, on every database."""
    settings.TIME_ZONE = zone
    mine, theirs = pair
    alice, bob = mine.user, theirs.user
    second = services.create_space(alice, relationship_type="friendship", name="Second")
    third = services.create_space(alice, relationship_type="family", name="Third")
    services.leave_space(third)
    queries = services._QUERIES.builders
    for name in queries:
        assert services._QUERIES.compiled(name) is not None, name  # none left to the ORM

    for person in (alice, bob, mallory):
        for membership in (mine, second, third):
            space_id = membership.space_id
            orm = list(queries["member"]({"user": person.pk, "space": space_id}))
            try:
                with django_assert_num_queries(1):
                    found = services.get_space_for_member(person, space_id)
                    found.space.relationship_type, found.user.time_zone  # noqa: B018
            except Exception as refused:  # noqa: BLE001
                assert orm == [] and refused.__class__.__name__ == "Http404", (person, space_id)
            else:
                assert as_seen(found) == as_seen(orm[0])
        with django_assert_num_queries(1):
            nav = services.spaces_for_nav(person)
            [m.space.state for m in nav]
        orm_nav = list(queries["nav"]({"user": person.pk}))
        assert [as_seen(m) for m in nav] == [as_seen(m) for m in orm_nav]
    assert [m.pk for m in services.spaces_for_nav(alice)] == [mine.pk, second.pk]
    assert mine.space_id not in {m.space_id for m in services.spaces_for_nav(mallory)}

    for membership in (mine, theirs, second):
        with django_assert_num_queries(1):
            other = services.other_member(membership)
            other and other.user.display_name  # noqa: B018
        orm = (
            Membership.objects.select_related("user")
            .filter(space_id=membership.space_id)
            .exclude(pk=membership.pk)
            .first()
        )
        assert as_seen(other) == as_seen(orm)
    assert services.other_member(mine).user == bob and services.other_member(second) is None
    services.leave_space(theirs, keep_shared=True)
    assert services.other_member(mine).left_at is not None  # whether or not they are still here


def test_the_bell_count_compiled_once_counts_as_the_orm_does(alice, bob):
    from toward.nudges import services as nudges
    from toward.nudges.models import Notice

    def orm(user):
        return Notice.objects.filter(user_id=user.pk, read_at__isnull=True).count()

    assert nudges.unread_count(alice) == orm(alice) == 0
    for n in range(3):
        nudges.notify(alice, kind="test", title=f"Notice {n}", email=False)
    nudges.notify(bob, kind="test", title="For Bob", email=False)
    assert nudges.unread_count(alice) == orm(alice) == 3
    assert nudges.unread_count(bob) == orm(bob) == 1
    nudges.mark_read(alice, Notice.objects.filter(user=alice).first())
    assert nudges.unread_count(alice) == orm(alice) == 2
    nudges.mark_read(alice)
    assert nudges.unread_count(alice) == orm(alice) == 0
    assert nudges._compiled_unread() is not None
