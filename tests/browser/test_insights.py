"""A person opens their insights from the space page after months of history in which the two of
them did less together: charts drawn on the server, the numbers behind them, the kind suggestion
of a conversation, in light and dark, on a phone and a wide screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot
from toward.insights import history

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _quieter_lately(back: int) -> float:
    return 0.9 if back > 120 else 0.12


def test_insights_in_light_and_dark(new_page, pair):
    mine, _ = pair
    history.reach_back(pair, 240)
    history.backfill(pair, days=240, rhythm=_quieter_lately)
    page = new_page(width=1280, height=900)
    page.emulate_media(reduced_motion="reduce")
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    log_in(page, "alice@example.com", "correct horse battery")

    page.goto(f"/spaces/{mine.space_id}/")
    page.get_by_role("link", name="Your insights").click()
    page.get_by_role("heading", name="Your shared rhythm").wait_for()
    page.get_by_role("heading", name="A quieter season together").wait_for()
    assert page.locator("svg[role=img] title").count() >= 5
    page.get_by_text("Show numbers").first.click()  # a <details>: no JavaScript needed
    assert page.locator("details[open] table tbody tr").count() >= 20
    screenshot(page, "insights-01-wide-light")

    page.get_by_role("button", name="dark").click()
    page.wait_for_load_state()
    bar = page.locator(".chart-bar").first
    fill = bar.evaluate("el => getComputedStyle(el).fill")
    assert fill == "rgb(124, 194, 185)"  # the dark theme's accent, from toward.css
    screenshot(page, "insights-02-wide-dark")

    phone = new_page()
    log_in(phone, "alice@example.com", "correct horse battery")
    phone.goto(f"/spaces/{mine.space_id}/insights/?range=1y")
    screenshot(phone, "insights-03-phone")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="light").first.click()
    assert download.value.suggested_filename == "toward-together.png"
    assert not errors, errors
