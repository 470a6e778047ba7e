"""Two people, two browsers: sign up, create a space, invite, join, leave, quick exit."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import signup_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page, email: str, name: str, next_url: str = "/signup/") -> None:
    page.goto(next_url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password").fill("a calm long passphrase")
    page.get_by_role("button", name="Create account").click()
    finish_sign_up(page, email, "a calm long passphrase")


def finish_sign_up(page, email: str, password: str) -> None:
    """Open the emailed link, type the password again, pass the recovery code page."""
    page.get_by_role("heading", name="Check your email").wait_for()
    page.goto(signup_link(email))
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Finish").click()
    page.get_by_role("link", name="I've saved it, continue").click()


def test_two_people_join_a_space_and_one_leaves(new_page):
    river = new_page()
    sign_up(river, "river@example.com", "River")
    river.get_by_role("link", name="Create a space").first.click()
    river.get_by_text("Friends", exact=True).click()
    river.get_by_label("Name this space").fill("Sky")
    river.get_by_role("button", name="Create the space").click()
    river.get_by_role("button", name="Make an invitation code").click()
    code = river.locator("#invite-code").inner_text()
    link = river.locator("#invite-link").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    screenshot(river, "01-invite-code")

    sky = new_page()
    sky.goto(link)
    sky.get_by_role("link", name="Create an account").click()
    sky.get_by_label("Email").fill("sky@example.com")
    sky.get_by_label("Your name").fill("Sky")
    sky.get_by_label("Password").fill("another calm passphrase")
    sky.get_by_role("button", name="Create account").click()
    finish_sign_up(sky, "sky@example.com", "another calm passphrase")
    assert sky.get_by_label("Invitation code").input_value() == code
    sky.get_by_label("Name this space").fill("River")
    sky.get_by_role("button", name="Join").click()
    sky.get_by_role("heading", name="You and River").wait_for()
    screenshot(sky, "02-joined")

    river.reload()
    river.get_by_role("heading", name="You and Sky").wait_for()
    screenshot(river, "03-space-active")

    sky.get_by_role("link", name="Leave this space").click()
    sky.get_by_label("Your password").fill("another calm passphrase")
    sky.get_by_role("button", name="Leave the space").click()
    sky.get_by_text("You have left the space.").wait_for()
    assert "River" not in sky.locator("nav").inner_text()

    river.reload()
    river.get_by_role("heading", name="This space is no longer active").wait_for()
    screenshot(river, "04-space-inactive")


def test_quick_exit_by_three_shift_presses_leaves_no_way_back(new_page):
    page = new_page()
    sign_up(page, "quiet@example.com", "Quiet")
    page.goto("/account/")
    page.get_by_role("heading", name="Your account").wait_for()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://neutral.example/")
    assert "weather" in page.content()
    page.go_back()
    page.wait_for_load_state()
    assert "Your account" not in page.content()
    assert "Your spaces" not in page.content()


def test_quick_exit_button_on_a_public_page(new_page):
    page = new_page()
    page.goto("/safety/")
    page.get_by_role("link", name=re.compile("Leave quickly")).click()
    page.wait_for_url("https://neutral.example/")


def test_forms_keep_what_was_typed_and_say_what_is_wrong(new_page):
    page = new_page(width=360, height=740)
    sign_up(page, "forms@example.com", "Forms")
    page.goto("/spaces/new/")
    page.get_by_text("Family", exact=True).click()
    page.get_by_label("Name this space").fill("n" * 200)
    page.get_by_role("button", name="Create the space").click()
    page.get_by_text("80 characters or fewer").wait_for()
    assert page.get_by_label("Name this space").input_value() == "n" * 200
    assert page.get_by_label("Family").is_checked()
    screenshot(page, "05-form-error-mobile")
