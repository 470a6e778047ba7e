"""Start the 30-day challenge from the space page, do day 1, and see the progress; then look at
the shared-experiences pages (ideas, a plan, a memory with a photo) as a person would."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_the_challenge_do_a_day_and_see_progress(new_page, pair, tmp_path):
    mine, _ = pair
    alice = new_page()
    alice.emulate_media(reduced_motion="reduce")
    log_in(alice, "alice@example.com", PASSWORD)

    alice.goto(f"/spaces/{mine.space_id}/challenge/")
    screenshot(alice, "challenge-01-begin")
    alice.get_by_label("Together").check()
    alice.get_by_role("button", name="Begin the challenge").click()
    alice.get_by_text("Your challenge has begun").wait_for()
    assert "0 of 28 days" in alice.locator("main").inner_text()
    screenshot(alice, "challenge-02-day-one")

    alice.get_by_role("button", name="Mark day 1 as done").click()
    alice.get_by_text("Day 1 is done.").wait_for()
    text = alice.locator("main").inner_text()
    assert "1 of 28 days so far" in text
    assert "missed" not in text.lower() and "streak" not in text.lower()
    screenshot(alice, "challenge-03-progress")

    alice.goto(f"/spaces/{mine.space_id}/")
    alice.get_by_text("1 of 28 days").wait_for()
    screenshot(alice, "challenge-04-space-panel")

    # Shared experiences: ideas, proposing one, a memory with a photo; dark mode once.
    alice.goto(f"/spaces/{mine.space_id}/ideas/?place=outdoors")
    screenshot(alice, "experiences-01-ideas")
    alice.get_by_role("link", name="Plan this together").first.click()
    alice.get_by_label("When?").fill("2027-01-09T10:30")
    alice.get_by_role("button", name="Propose it").click()
    alice.get_by_text("With the other person for now").wait_for()
    screenshot(alice, "experiences-02-plans")

    photo = tmp_path / "walk.jpg"
    Image.new("RGB", (640, 420), (90, 140, 170)).save(photo, "JPEG")
    alice.goto(f"/spaces/{mine.space_id}/memories/")
    alice.get_by_text("Keep a memory").click()
    alice.get_by_label("What do you want to remember?").fill("The lighthouse walk")
    alice.get_by_label("When was it?").fill("2026-10-04")
    alice.get_by_label("A photo (optional)").set_input_files(str(photo))
    alice.get_by_role("button", name="Keep it").click()
    alice.get_by_text("Kept on your timeline.").wait_for()
    alice.locator("img.ex-photo").scroll_into_view_if_needed()
    # The photo has loaded (a string predicate would need eval, which our CSP refuses).
    expect(alice.locator("img.ex-photo")).to_have_js_property("naturalWidth", 640)
    screenshot(alice, "experiences-03-memories")
    alice.get_by_role("button", name="dark").click()
    alice.wait_for_load_state()
    screenshot(alice, "experiences-04-memories-dark")
    alice.goto(f"/spaces/{mine.space_id}/challenge/")
    screenshot(alice, "challenge-05-home-dark")
