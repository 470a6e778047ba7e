"""Accounts as a person meets them: sign up, log in and out, passwords, tokens, lockouts."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core import mail
from django.test import Client, override_settings

from tests.conftest import PASSWORD, client_for, page_text, signup_link
from tests.test_permissions import normalised
from toward.accounts.models import User


def test_sign_up_confirms_by_email_and_keeps_typed_values_on_error(db):
    client = Client()
    short = client.post(
        "/signup/", {"email": "new@example.com", "display_name": "Robin", "password": "short"}
    )
    assert short.status_code == 200
    body = page_text(short)
    assert "too short" in body
    assert 'value="new@example.com"' in body and 'value="Robin"' in body
    sent = client.post(
        "/signup/",
        {
            "email": " New@Example.com ",
            "display_name": "Robin",
            "password": "a long passphrase",
            "time_zone": "America/Chicago",
        },
    )
    assert sent["Location"] == "/signup/sent/"
    assert "Check your email" in page_text(client.get("/signup/sent/"))
    user = User.objects.get()
    assert user.email == "new@example.com" and user.time_zone == "America/Chicago"
    assert not user.is_active  # nobody can log in until the owner of the address says so
    refused = Client().post(
        "/login/", {"username": "new@example.com", "password": "a long passphrase"}
    )
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    link = signup_link("new@example.com")
    opened = client.get(link)  # opening the link (a mail scanner might) changes nothing
    assert "Finish making your account" in page_text(opened)
    assert not User.objects.get().is_active
    wrong = client.post(link, {"password": "not what I chose"})
    assert wrong.status_code == 400 and "isn't the password you chose" in page_text(wrong)
    done = client.post(link, {"password": "a long passphrase"})
    assert done["Location"].startswith("/account/recovery-code/")
    assert "Hello, Robin" in page_text(client.get("/"))
    again = Client().get(link)  # a used link is dead
    assert again.status_code == 404 and "doesn't work any more" in page_text(again)


def _work_done_by_sign_up(email: str) -> tuple[int, int]:
    """How many passwords one sign-up hashes and how many emails it queues: the two costly
    steps. Equal work on both paths keeps their timing in one class without a timed test
    (timings belong in benchmarks/, and a shared CI machine makes them flaky)."""
    from unittest import mock

    from django.contrib.auth.hashers import get_hasher

    hasher = type(get_hasher())
    before = len(mail.outbox)
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as spy:
        Client().post("/signup/", {"email": email, "password": "a long passphrase"})
    return spy.call_count, len(mail.outbox) - before


def test_sign_up_never_says_whether_an_address_has_an_account(alice):
    """Item 17: a taken and a free address give the same status, page and email count; the
    owner of a taken address is told someone tried, and nothing of their account changes."""
    mail.outbox.clear()
    taken, free = Client(), Client()
    answers = [
        taken.post("/signup/", {"email": "Alice@example.com", "password": "someone else's"}),
        free.post("/signup/", {"email": "new@example.com", "password": "someone else's"}),
    ]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"] == "/signup/sent/"
    pages = [
        normalised(c.get(a["Location"]).content)
        for c, a in zip([taken, free], answers, strict=True)
    ]
    assert pages[0] == pages[1]
    assert [m.to for m in mail.outbox] == [["alice@example.com"], ["new@example.com"]]
    assert "You already have one" in mail.outbox[0].body
    assert "/signup/" not in mail.outbox[0].body
    assert mail.outbox[0].subject == "Toward: about your account"
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD) and alice.is_active
    # timing class: both paths hash one password and queue one email
    assert _work_done_by_sign_up("alice@example.com") == _work_done_by_sign_up("free@example.com")
    assert _work_done_by_sign_up("alice@example.com") == (1, 1)


@pytest.mark.parametrize("address", ["alice@example.com", "new@example.com"])
def test_sign_up_cannot_flood_a_mailbox(alice, address):
    """A few sign-up emails an hour reach an address, taken or free alike; after that the page
    is the same and nothing more is sent. Erasing the account lets its rows go."""
    from toward.accounts.models import SignupEmail
    from toward.accounts.services import SIGNUP_EMAILS_PER_HOUR

    mail.outbox.clear()
    answers = [
        Client().post("/signup/", {"email": address, "password": "a long passphrase"})
        for _ in range(SIGNUP_EMAILS_PER_HOUR + 3)
    ]
    assert {a["Location"] for a in answers} == {"/signup/sent/"}
    assert len(mail.outbox) == SIGNUP_EMAILS_PER_HOUR
    assert not SignupEmail.objects.filter(address__icontains="example").exists()  # hashed
    if address == alice.email:
        from toward.accounts.services import erase_account

        erase_account(alice, PASSWORD)
        assert not SignupEmail.objects.exists()


def test_someone_who_signed_up_first_with_my_address_never_learns_my_password(db):
    Client().post("/signup/", {"email": "sam@example.com", "password": "the squatter's pick"})
    first_link = signup_link("sam@example.com")
    mine = Client()
    mine.post("/signup/", {"email": "sam@example.com", "password": "what sam really chose"})
    assert Client().get(first_link).status_code == 404  # the earlier link died
    done = mine.post(signup_link("sam@example.com"), {"password": "what sam really chose"})
    assert done.status_code == 302
    user = User.objects.get()
    assert user.is_active and not user.check_password("the squatter's pick")


def test_login_logout_and_clear_site_data(alice):
    client = Client()
    response = client.post("/login/", {"username": "ALICE@example.com", "password": PASSWORD})
    assert response.status_code == 302
    session_before = client.cookies["sessionid"].value
    assert client.get("/account/").status_code == 200
    out = client.post("/logout/")
    assert out["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    replay = Client()
    replay.cookies["sessionid"] = session_before
    assert replay.get("/account/").status_code == 302


def test_login_rotates_the_session(alice):
    client = Client()
    client.get("/login/")
    client.session["probe"] = 1
    before = client.cookies.get("sessionid")
    client.post("/login/", {"username": "alice@example.com", "password": PASSWORD})
    assert client.cookies["sessionid"].value != (before.value if before else None)


def test_wrong_password_says_so_without_revealing_accounts(alice):
    known = Client().post("/login/", {"username": "alice@example.com", "password": "nope nope"})
    unknown = Client().post("/login/", {"username": "nobody@example.com", "password": "nope nope"})
    assert known.status_code == unknown.status_code == 200
    assert "don't match an account" in page_text(known)
    assert "don't match an account" in page_text(unknown)


def test_change_password_signs_out_other_devices(alice):
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post("/login/", {"username": "alice@example.com", "password": PASSWORD})
    wrong = laptop.post(
        "/account/password/",
        {
            "old_password": "not it",
            "new_password1": "another long one",
            "new_password2": "another long one",
        },
    )
    assert "incorrectly" in page_text(wrong)
    changed = laptop.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another long one",
            "new_password2": "another long one",
        },
    )
    assert changed.status_code == 302
    assert laptop.get("/account/").status_code == 200
    assert phone.get("/account/").status_code == 302


def test_forgotten_password_reset_by_email_through_the_worker(alice):
    client = Client()
    response = client.post("/password-reset/", {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Toward: reset your password"
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in page_text(form)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand new words", "new_password2": "brand new words"},
    )
    assert done.status_code == 302
    assert (
        Client()
        .post("/login/", {"username": "alice@example.com", "password": "brand new words"})
        .status_code
        == 302
    )
    # Unknown addresses get the same answer and no email.
    mail.outbox.clear()
    same = Client().post("/password-reset/", {"email": "nobody@example.com"})
    assert same.status_code == 302 and mail.outbox == []


def test_production_hashing_is_argon2id_with_strong_parameters(db):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        user = User.objects.create_user("hash@example.com", "a long passphrase")
        algorithm, variety, version, params, *_ = user.password.split("$")
        assert algorithm == "argon2" and variety == "argon2id"
        settings = dict(item.split("=") for item in params.split(","))
        assert int(settings["t"]) >= 2 and int(settings["m"]) >= 19456 and int(settings["p"]) >= 1
    from toward.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert Argon2PasswordHasher.time_cost >= 2


def _device(name: str) -> Client:
    client = Client(HTTP_USER_AGENT=f"Browser {name}")
    client.get("/login/")  # receives its own device cookie
    return client


@pytest.fixture
def no_waits(monkeypatch):
    """Skip the growing waits between attempts, to reach the lockout quickly."""
    from toward.accounts import throttle

    monkeypatch.setattr(throttle, "seconds_to_wait", lambda request, username: 0)


def test_hammering_from_one_device_locks_only_that_device(alice, settings, no_waits):
    attacker = _device("same")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/login/", {"username": "alice@example.com", "password": "guess guess"})
    refused = attacker.post("/login/", {"username": "alice@example.com", "password": PASSWORD})
    assert refused.status_code == 429
    assert "too many attempts" in page_text(refused)
    # Same network, same browser build, but the owner's own device: still gets in.
    owner = _device("same")
    assert (
        owner.post("/login/", {"username": "alice@example.com", "password": PASSWORD}).status_code
        == 302
    )


def test_failures_slow_down_before_the_lockout(alice):
    device = _device("x")
    statuses = [
        device.post(
            "/login/", {"username": "alice@example.com", "password": "guess guess"}
        ).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert 429 in statuses[3:]
    slowed = device.post("/login/", {"username": "alice@example.com", "password": "guess guess"})
    assert "Please wait" in page_text(slowed)
    assert 'value="alice@example.com"' in page_text(slowed)


def test_hourly_cap_spares_devices_the_owner_has_used(alice, settings, monkeypatch, no_waits):
    from toward.accounts import throttle

    monkeypatch.setattr(throttle, "ACCOUNT_HOURLY_CAP", 5)
    usual = _device("usual")
    assert (
        usual.post("/login/", {"username": "alice@example.com", "password": PASSWORD}).status_code
        == 302
    )
    usual.post("/logout/")
    for n in range(6):  # many devices, each throwing its cookie away
        _device(f"bot {n}").post(
            "/login/", {"username": "alice@example.com", "password": "guess guess"}
        )
    stranger = _device("new")
    assert (
        stranger.post(
            "/login/", {"username": "alice@example.com", "password": PASSWORD}
        ).status_code
        == 429
    )
    usual_again = Client(HTTP_USER_AGENT="Browser usual")
    usual_again.cookies = usual.cookies
    assert (
        usual_again.post(
            "/login/", {"username": "alice@example.com", "password": PASSWORD}
        ).status_code
        == 302
    )


def test_api_tokens_from_the_account_page(alice):
    client = client_for(alice)
    made = client.post("/account/tokens/", {"name": "my script"})
    secret = made.context["new_secret"]
    assert secret in page_text(made)
    assert secret not in page_text(client.get("/account/"))  # shown once
    token = alice.api_tokens.get(name="my script")
    assert client.post(f"/account/tokens/{token.id}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_profile_keeps_typed_input_on_error(alice):
    response = client_for(alice).post("/account/", {"display_name": "x" * 500, "time_zone": "UTC"})
    assert response.status_code == 200
    assert "x" * 500 in page_text(response)


@pytest.mark.parametrize("path", ["/signup/sent/", "/password-reset/sent/"])
def test_without_mail_set_up_the_page_says_where_the_link_is(db, settings, path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    text = page_text(Client().get(path))
    assert "isn't set up to send email yet" in text and "make run" in text
    assert "We've sent" not in text and "spam folder" not in text
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    text = page_text(Client().get(path))
    assert "Check your email" in text and "isn't set up" not in text
