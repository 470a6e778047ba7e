"""Feelings suggested as a person types their check-in, from the offline language tools."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_checkins import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_suggests_feelings_and_a_tap_adds_one(new_page, pair):
    mine, _ = pair
    page = new_page()
    log_in(page, "alice@example.com")
    page.goto(f"/spaces/{mine.space_id}/checkin/")
    page.get_by_role("heading", name="Today's check-in").wait_for()
    hard = page.locator("textarea[name='hard']")
    hard.click()
    hard.type("I'm so nervous about tomorrow's meeting", delay=10)
    chip = page.locator("[data-suggest-feeling='apprehensive']")
    chip.wait_for()
    screenshot(page, "checkin-09-suggested-feelings")
    chip.click()
    assert page.locator("#feeling_1").input_value() == "apprehensive"
    assert chip.is_disabled()
