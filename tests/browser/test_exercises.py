"""Two people, two browsers: an exercise starts only once both are ready, and "not right now"
from either ends it for both; the breathing pacer; a pause and a repair opened together."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in as browser_log_in
from tests.browser.conftest import screenshot
from toward.accounts import services as accounts
from toward.spaces import services as spaces

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm long passphrase"  # noqa: S105


def log_in(page, email: str) -> None:
    browser_log_in(page, email, PASSWORD)


@pytest.fixture
def pair_space(db):
    river = accounts.sign_up(email="river@example.com", password=PASSWORD, display_name="River")
    sky = accounts.sign_up(email="sky@example.com", password=PASSWORD, display_name="Sky")
    mine = spaces.create_space(river, relationship_type="romantic", name="Sky")
    spaces.join_space(sky, code=spaces.create_invitation(mine).code, name="River")
    return mine.space_id


def test_readiness_on_two_devices_and_stop_from_either(new_page, pair_space):
    river = new_page()
    log_in(river, "river@example.com")
    river.goto("/exercises/")
    river.get_by_role("heading", name="Guided exercises").wait_for()
    screenshot(river, "exercises-01-home")
    river.get_by_role("link", name="Eye gazing").click()
    river.get_by_role("heading", name="Why it works").wait_for()
    screenshot(river, "exercises-02-intro")
    river.get_by_role("button", name="Open it for both of us").click()
    river.get_by_role("button", name="River is ready").click()
    river.get_by_text("Waiting for the other person").wait_for()
    expect(river.get_by_role("button", name="River is ready")).to_have_count(0)
    screenshot(river, "exercises-03-waiting-for-the-other")

    sky = new_page()
    log_in(sky, "sky@example.com")
    sky.goto(f"/spaces/{pair_space}/")
    sky.get_by_text("whenever you're both ready").wait_for()
    screenshot(sky, "exercises-04-space-panel")
    sky.get_by_role("link", name="Go to it").click()
    assert river.locator("[data-countdown]").count() == 0  # not started while one is missing
    # River's tap shows as a quiet mark on Sky's phone, not as a button.
    expect(sky.get_by_role("button", name="River is ready")).to_have_count(0)
    sky.get_by_role("button", name="Sky is ready").click()
    sky.locator("[data-countdown]").wait_for()
    # River's phone notices on its own (it polls the run's state) and starts too.
    river.locator("[data-countdown]").wait_for(timeout=10_000)
    expect(river.locator("[data-time]")).to_contain_text(":", timeout=10_000)
    screenshot(river, "exercises-05-timer")

    sky.get_by_role("button", name="Stop — not right now").click()
    sky.get_by_role("heading", name="Stopped for now").wait_for()
    river.get_by_role("heading", name="Stopped for now").wait_for(timeout=10_000)
    assert "Sky" not in river.locator("main").inner_text().split("Stopped for now", 1)[1]
    screenshot(river, "exercises-06-stopped-kindly")


def test_breathing_pacer_on_one_phone(new_page, pair_space):
    river = new_page()
    log_in(river, "river@example.com")
    river.goto(f"/spaces/{pair_space}/exercises/breathing-together/")
    river.get_by_text("Your own", exact=True).click()
    river.get_by_label("Seconds breathing in").fill("4")
    river.get_by_label("Seconds breathing out").fill("6")
    river.get_by_role("button", name="Open it for both of us").click()
    # One phone, two taps: each person taps their own name, and only both together start it.
    river.get_by_role("button", name="Sky is ready").click()
    river.get_by_text("The other person is ready").wait_for()
    assert river.locator("[data-pacer]").count() == 0
    expect(river.get_by_role("button", name="Stop — not right now")).to_be_visible()
    screenshot(river, "exercises-06b-one-phone-one-tapped")
    river.get_by_role("button", name="River is ready").click()
    expect(river.locator("[data-count]")).to_contain_text("of 7", timeout=10_000)
    river.wait_for_timeout(2500)
    assert "scale(" in (river.locator("[data-circle]").get_attribute("style") or "")
    screenshot(river, "exercises-07-breathing")
    # With reduced motion the circle stays still and only the words change (here in dark).
    river.emulate_media(reduced_motion="reduce", color_scheme="dark")
    river.reload()
    expect(river.locator("[data-count]")).to_contain_text("of 7", timeout=10_000)
    assert "scale(" not in (river.locator("[data-circle]").get_attribute("style") or "")
    expect(river.locator("[data-pacer]")).to_have_class(re.compile("is-still"))
    screenshot(river, "exercises-07b-breathing-reduced-motion-dark")


def test_readiness_taps_mix_one_phone_and_two(new_page, pair_space):
    """Sky taps her name on River's phone; River taps hers on Sky's. Both phones begin."""
    river = new_page()
    log_in(river, "river@example.com")
    river.goto(f"/spaces/{pair_space}/exercises/eye-gazing/")
    river.get_by_role("button", name="Open it for both of us").click()
    river.get_by_role("button", name="Sky is ready").wait_for()
    screenshot(river, "exercises-03b-two-named-taps")
    sky = new_page()
    log_in(sky, "sky@example.com")
    sky.goto(f"/spaces/{pair_space}/exercises/")
    sky.get_by_role("link", name="Go to it").click()
    river.get_by_role("button", name="Sky is ready").click()
    # Sky's own phone notices (it polls) and now waits for River.
    sky.get_by_text("Waiting for the other person").wait_for(timeout=10_000)
    assert sky.locator("[data-countdown]").count() == 0
    sky.get_by_role("button", name="River is ready").click()
    sky.locator("[data-countdown]").wait_for()
    river.locator("[data-countdown]").wait_for(timeout=10_000)


def test_pause_then_repair_opened_together(new_page, pair_space):
    river = new_page()
    log_in(river, "river@example.com")
    river.goto(f"/spaces/{pair_space}/")
    river.get_by_role("link", name="We need a pause").click()
    river.get_by_label("How long a break?").fill("10")
    river.get_by_role("button", name="Ask for the pause").click()
    river.get_by_text("A pause can be from 20 to 240 minutes").wait_for()
    screenshot(river, "repair-01-pause-error")
    river.get_by_label("How long a break?").fill("30")
    river.get_by_label("A short note").fill("I'm getting flooded and want to come back to this.")
    river.get_by_role("button", name="Ask for the pause").click()
    river.get_by_role("heading", name="Back at").wait_for()
    screenshot(river, "repair-02-pause")

    sky = new_page()
    log_in(sky, "sky@example.com")
    sky.goto(f"/spaces/{pair_space}/")
    sky.get_by_text("A pause was asked for. Back at").wait_for()
    assert "flooded" not in sky.locator("main").inner_text()
    screenshot(sky, "repair-03-notice")
    sky.get_by_role("link", name="Open the pause").click()
    sky.get_by_role("button", name="We're ready to come back now").click()
    sky.get_by_role("button", name="Start a repair").click()
    sky.get_by_label("My part in it").fill("I kept checking my phone while you talked.")
    sky.get_by_label("How I felt during it").fill("Defensive, then sad.")
    sky.get_by_label("What I'd like to ask about your experience").fill("How did it feel?")
    sky.get_by_label("How I'd like to reconnect").fill("Cook dinner together.")
    screenshot(sky, "repair-04-writing")
    sky.get_by_role("button", name="Keep mine").click()
    sky.get_by_role("heading", name="Yours is kept").wait_for()

    river.goto(f"/spaces/{pair_space}/repair/")
    river.get_by_role("link", name="Open: write your part").click()
    assert "checking my phone" not in river.content()
    river.get_by_label("My part in it").fill("I raised my voice.")
    river.get_by_label("How I felt during it").fill("Ignored.")
    river.get_by_label("What I'd like to ask about your experience").fill("What was your day like?")
    river.get_by_label("How I'd like to reconnect").fill("A walk.")
    river.get_by_role("button", name="Keep mine").click()
    river.get_by_role("heading", name="Both of yours").wait_for()
    assert "checking my phone" in river.content()
    river.wait_for_timeout(1200)  # let the gentle reveal finish before the picture
    screenshot(river, "repair-05-open-together")
    river.get_by_role("button", name="We reconnected").click()
    river.get_by_text("You came back to each other").wait_for()


def test_gratitude_round_and_a_private_reflection(new_page, pair_space):
    river = new_page()
    log_in(river, "river@example.com")
    river.goto(f"/spaces/{pair_space}/exercises/gratitude-round/")
    river.get_by_role("button", name="Open it for both of us").click()
    river.get_by_role("button", name="Sky is ready").click()
    river.get_by_role("button", name="River is ready").click()
    river.get_by_role("heading", name="Your turn").wait_for()
    river.get_by_label("What did they do?").fill("You waited up for me when my train was late.")
    river.get_by_label("How did it make you feel?").fill("Cared for.")
    river.get_by_label("What does it say about them?").fill("You're steady when it counts.")
    screenshot(river, "exercises-08-gratitude-turn")
    river.get_by_role("button", name="Keep it and pass the turn").click()
    river.get_by_role("heading", name="Sky's turn").wait_for()
    screenshot(river, "exercises-09-gratitude-listening")
    for _ in range(5):
        river.locator("button[value=said_aloud]").click()
        river.wait_for_load_state()
    river.get_by_role("heading", name="Let them land").wait_for()
    river.get_by_role("link", name="Write a few words").click()
    river.get_by_label("Your reflection").fill("Hearing it out loud was harder than writing it.")
    screenshot(river, "exercises-10-reflection")
    river.get_by_role("button", name="Keep it, just for me").click()
    river.get_by_text("Kept, just for you.").wait_for()
    river.goto(f"/spaces/{pair_space}/repair/")
    screenshot(river, "repair-06-home")
