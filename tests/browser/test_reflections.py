"""Two people write the first reflection in two browsers: nothing opens until both have written,
then both answers appear side by side with one small suggestion. Also looks at the Learn
library, the pillars map and the dreams board as a person would, on a phone."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_checkins import log_in
from tests.conftest import ApiClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOB_CLOSE = "Long walks where we talk about nothing 4b2e"
ALICE_MORE = "Time together in the evenings without phones"


def test_both_write_the_first_reflection_and_it_opens_only_after_both(new_page, pair):
    mine, _ = pair
    alice, bob = new_page(), new_page()
    for page in (alice, bob):
        page.emulate_media(reduced_motion="reduce")  # still screenshots, not mid-fade
    log_in(alice, "alice@example.com")
    log_in(bob, "bob@example.com")

    # Bob starts from his space's home page.
    bob.goto(f"/spaces/{mine.space_id}/")
    screenshot(bob, "reflection-00-space-home")
    bob.get_by_role("link", name="Begin the reflection").click()
    bob.get_by_label("What does emotional closeness look like to you?").fill(BOB_CLOSE)
    bob.get_by_label("What makes opening up hard for you?").fill("I worry about sounding needy.")
    screenshot(bob, "reflection-01-form-mobile")
    bob.get_by_role("button", name="Save my reflection").click()
    bob.get_by_text("Saved. Thank you for writing.").wait_for()
    screenshot(bob, "reflection-02-waiting-for-the-other")
    assert "One small thing to try" not in bob.content()

    # Alice learns only that Bob has written: not what, not when.
    alice.goto(f"/spaces/{mine.space_id}/reflection/")
    alice.get_by_text("has written their reflection").wait_for()
    assert BOB_CLOSE not in alice.content()
    assert not re.search(r"\b\d{1,2}:\d{2}\b", alice.locator("main").inner_text())
    api = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/reflection").json()
    assert api["theirs"] is None and BOB_CLOSE not in json.dumps(api)
    screenshot(alice, "reflection-03-other-has-written")

    alice.get_by_label("What would you like more of?").fill(ALICE_MORE)
    alice.get_by_role("button", name="Save my reflection").click()
    alice.get_by_text(BOB_CLOSE).wait_for()
    alice.get_by_role("heading", name="One small thing to try").wait_for()
    screenshot(alice, "reflection-04-revealed-with-suggestion")

    bob.reload()
    bob.get_by_text(ALICE_MORE).wait_for()
    bob.get_by_role("heading", name="One small thing to try").wait_for()

    # The space's home page now shows the pillars map, with the reflection under vulnerability.
    alice.goto(f"/spaces/{mine.space_id}/")
    panel = alice.locator("section.pillars")
    panel.get_by_text("A first reflection").wait_for()
    screenshot(alice, "reflection-05-pillars-map")


def test_learn_and_dreams_look_right_on_a_phone(new_page, pair):
    mine, _ = pair
    page = new_page()
    log_in(page, "alice@example.com")
    page.get_by_role("link", name="Learn").first.click()
    page.get_by_role("heading", name="Learn", exact=True).wait_for()
    screenshot(page, "learn-01-index")
    page.get_by_label("Search the library").fill("repair")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Rupture and repair").first.click()
    page.get_by_role("heading", name="Something to try").wait_for()
    screenshot(page, "learn-02-explainer")
    page.emulate_media(media="print")
    screenshot(page, "learn-03-explainer-print")
    assert not page.locator("nav.nav").is_visible()
    page.emulate_media(media="screen", color_scheme="dark")
    screenshot(page, "learn-04-explainer-dark")
    page.emulate_media(color_scheme="light")

    page.goto(f"/spaces/{mine.space_id}/dreams/")
    page.get_by_label("Your dream or goal").fill("Run a half marathon")
    page.get_by_label("Is there any help you'd like?").fill("Company on long runs")
    page.get_by_role("button", name="Share it").click()
    page.get_by_text("Shared on your board.").wait_for()
    page.get_by_label("A milestone on the way").fill("First 15 km")
    page.get_by_role("button", name="Add a milestone").click()
    page.get_by_role("button", name="Mark reached").click()
    page.get_by_text("Reached. That's worth a moment.").wait_for()
    screenshot(page, "dreams-01-dream")
    page.goto(f"/spaces/{mine.space_id}/dreams/")
    screenshot(page, "dreams-02-board")
