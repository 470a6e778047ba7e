"""Two people check in on the same day in two browsers: answers open only when both have checked
in, the private note never reaches the other person, and the wheel works by keyboard."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.conftest import log_in as browser_log_in
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD, ApiClient
from toward.checkins import appreciations, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOB_NOTE = "bob-only-note-5d1e"
BOB_ANSWER = "The long walk by the river"


def log_in(page, email: str) -> None:
    browser_log_in(page, email, PASSWORD)
    page.get_by_role("heading", name=re.compile("^Hello")).wait_for()


def test_two_people_check_in_and_see_each_other_only_after_both(new_page, pair):
    mine, theirs = pair
    alice, bob = new_page(), new_page()
    log_in(alice, "alice@example.com")
    log_in(bob, "bob@example.com")

    # Bob checks in first, picking a feeling from the drawn wheel with the keyboard.
    bob.get_by_role("link", name="Daily check-in").click()
    bob.get_by_role("heading", name="Today's check-in").wait_for()
    bob.get_by_text("Or find it on the wheel").click()
    first_core = bob.locator("[data-wheel] .seg").first
    first_core.focus()
    for key in ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp", "ArrowRight", "Enter"]:
        bob.keyboard.press(key)
    chosen = bob.locator("#feeling_1").input_value()
    assert chosen and chosen != ""
    bob.locator("#intensity_1").select_option("4")
    bob.get_by_label("What went well today?").fill(BOB_ANSWER)
    bob.get_by_label("A private note, just for you").fill(BOB_NOTE)
    screenshot(bob, "checkin-01-form-mobile")
    bob.get_by_role("button", name="Save my check-in").click()
    bob.get_by_text("Saved. Thank you for checking in.").wait_for()
    screenshot(bob, "checkin-02-waiting-for-the-other")

    # Alice sees only that something is waiting: no answers, no note, no time.
    alice.goto(f"/spaces/{mine.space_id}/checkin/")
    alice.get_by_text("has checked in today").wait_for()
    html = alice.content()
    assert BOB_ANSWER not in html and BOB_NOTE not in html
    assert not re.search(r"\b\d{1,2}:\d{2}\b", alice.locator("main").inner_text())
    api = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins/today").json()
    assert api["theirs"]["waiting"] and BOB_ANSWER not in json.dumps(api)
    screenshot(alice, "checkin-03-other-is-waiting")

    # Alice finds a feeling by searching, then both check-ins are open to both.
    alice.get_by_label("Find a feeling by name").fill("let down")
    alice.get_by_role("button", name="sad › disappointed › let down").click()
    assert alice.locator("#feeling_1").input_value() == "let-down"
    screenshot(alice, "checkin-03b-search-picked")
    alice.get_by_label("What was hard or frustrating?").fill("A slow afternoon")
    alice.get_by_role("button", name="Save my check-in").click()
    alice.get_by_text(BOB_ANSWER).wait_for()
    html = alice.content()
    assert BOB_NOTE not in html
    alice.wait_for_timeout(1000)  # let the gentle reveal finish before the picture
    screenshot(alice, "checkin-04-revealed")
    api = json.dumps(ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins/today").json())
    assert BOB_ANSWER in api and BOB_NOTE not in api

    bob.reload()
    bob.get_by_text("A slow afternoon").wait_for()
    assert BOB_NOTE in bob.content()  # your own note stays yours to read


def test_wheel_history_vocabulary_and_appreciations_look_right(new_page, pair):
    mine, theirs = pair
    now = datetime.now(UTC)
    for n, (a, b) in enumerate(
        [("content", "apprehensive"), ("weary", "relieved"), ("delighted", "let-down")], start=1
    ):
        when = now - timedelta(days=n)
        services.submit_checkin(mine, went_well="Coffee in the garden", feelings=[(a, 3)], now=when)
        services.submit_checkin(theirs, hard="A tricky call", feelings=[(b, 4)], now=when)
    appreciations.add_appreciation(
        theirs,
        did="You waited up with tea when my train was late.",
        felt="Looked after",
        says="You notice what I need before I ask.",
    )
    page = new_page()
    log_in(page, "alice@example.com")
    page.goto("/feelings/")
    page.locator("[data-wheel] .seg").first.focus()
    page.keyboard.press("ArrowUp")
    assert "›" in page.locator("[data-wheel-detail]").inner_text()
    screenshot(page, "feelings-01-wheel")
    page.get_by_label("Find a feeling").fill("tired")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("Feelings that match").wait_for()
    screenshot(page, "feelings-02-search")
    page.goto(f"/spaces/{mine.space_id}/checkins/")
    page.get_by_text("A tricky call").first.wait_for()
    screenshot(page, "checkin-05-history")
    page.locator("#feeling-filter").select_option("afraid")
    page.get_by_role("button", name="Show").click()
    assert page.locator(".ci-day").count() == 1
    page.goto("/feelings/vocabulary/")
    screenshot(page, "feelings-03-vocabulary")
    page.goto(f"/spaces/{mine.space_id}/appreciations/")
    page.get_by_label("What did they do?").fill("thanks for everything")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("more specific").wait_for()
    screenshot(page, "appreciations-01-hint")
    page.goto(f"/spaces/{mine.space_id}/checkin/together/?step=1")
    screenshot(page, "checkin-06-together")


def test_together_now_typing_without_javascript_keeps_only_my_own_part(browser, live_server, pair):
    """A pair on one phone, with JavaScript off: each types on their turn, the typed text travels
    in plain form posts, the summary shows both sides, and keeping saves only Alice's part."""
    mine, theirs = pair
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, "alice@example.com")
        page.goto(f"/spaces/{mine.space_id}/checkin/together/")
        page.get_by_text("keep the logistics for afterwards").wait_for()
        page.get_by_role("button", name="Begin").click()
        page.get_by_text("Alice's turn").wait_for()
        page.get_by_label("Or type it, Alice (optional)").fill("A slow breakfast\nand sun")
        page.get_by_role("button", name="Next turn").click()
        page.get_by_text("Bob's turn").wait_for()
        page.get_by_label("Or type it, Bob (optional)").fill("bob-said-this-4e2")
        screenshot(page, "checkin-08-together-typing")
        page.get_by_role("button", name="Back").click()  # what was typed is still there
        assert page.get_by_label("Or type it, Alice (optional)").input_value() == (
            "A slow breakfast\nand sun"
        )
        page.get_by_role("button", name="Next turn").click()
        assert page.get_by_label("Or type it, Bob (optional)").input_value() == "bob-said-this-4e2"
        for turn in range(3, 9):  # the rest aloud
            page.get_by_role("button", name="Next turn").click()
            page.get_by_text(f"Turn {turn} of 8").wait_for()
        page.get_by_role("button", name="Finish").click()
        page.get_by_role("heading", name="That's the check-in").wait_for()
        sides = page.locator(".ci-typed")
        assert sides.count() == 2
        assert "A slow breakfast" in sides.nth(0).inner_text()
        assert "bob-said-this-4e2" in sides.nth(1).inner_text()
        box0, box1 = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
        assert box1["y"] > box0["y"]  # stacked on a phone
        page.wait_for_timeout(1000)  # let the gentle reveal finish before the picture
        screenshot(page, "checkin-07-together-typed-summary")
        page.get_by_role("button", name="Keep mine as today's check-in").click()
        page.get_by_text("Kept as your check-in for today.").wait_for()
    finally:
        context.close()
    kept = services.own_checkin(mine, services.local_today(mine.user))
    assert kept.went_well == "A slow breakfast\nand sun"
    assert not services.own_checkin(theirs, services.local_today(theirs.user))
    assert "bob-said-this-4e2" not in json.dumps(
        ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins/today").json()
    )
