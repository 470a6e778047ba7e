"""A ritual from the library, "we did it", and rest: one person recharges and the other sees
only that they are taking some quiet time. Screenshots of each page (one in dark colours)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in as browser_log_in
from tests.browser.conftest import screenshot
from toward.accounts import services as accounts
from toward.nudges import services as nudges
from toward.spaces import services as spaces

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a calm long passphrase"  # noqa: S105


@pytest.fixture
def pair_space(db):
    river = accounts.sign_up(email="river@example.com", password=PASSWORD, display_name="River")
    sky = accounts.sign_up(email="sky@example.com", password=PASSWORD, display_name="Sky")
    mine = spaces.create_space(river, relationship_type="romantic", name="Sky")
    spaces.join_space(sky, code=spaces.create_invitation(mine).code, name="River")
    nudges.notify(sky, kind="ritual", title="A gentle reminder: A walk together, at 10:00")
    return mine.space_id


def test_add_a_ritual_mark_it_and_rest(new_page, pair_space):
    river = new_page()
    browser_log_in(river, "river@example.com", PASSWORD)
    river.goto("/rituals/")
    river.get_by_role("heading", name="Your rituals").wait_for()
    screenshot(river, "rituals-01-empty")
    river.get_by_role("link", name="Browse ritual ideas").click()
    river.get_by_role("heading", name="Ritual ideas").wait_for()
    screenshot(river, "rituals-02-library")
    river.get_by_role("link", name="Try this: Phone-free dinner").click()
    river.get_by_role("button", name="Add this ritual").wait_for()
    screenshot(river, "rituals-03-add")
    river.get_by_role("button", name="Add this ritual").click()
    river.get_by_text("is one of your rituals now").wait_for()
    river.get_by_role("button", name="We did it").click()
    river.get_by_text("You did this together today.").wait_for()
    screenshot(river, "rituals-04-we-did-it")
    river.get_by_role("link", name="Phone-free dinner").click()
    river.get_by_role("heading", name="When").wait_for()
    screenshot(river, "rituals-05-ritual")
    river.goto("/rituals/calendar/")
    river.get_by_role("button", name="Make my private address").click()
    river.locator("#feed-url").wait_for()
    screenshot(river, "rituals-06-calendar")

    river.goto("/rest/")
    river.get_by_role("button", name="dark").click()
    river.get_by_label("For a few days").check()
    river.get_by_role("button", name="Start recharging").click()
    river.get_by_role("button", name="I'm back").wait_for()
    screenshot(river, "rituals-07-rest-dark")

    sky = new_page()
    browser_log_in(sky, "sky@example.com", PASSWORD)
    sky.goto(f"/spaces/{pair_space}/")
    sky.get_by_text("River is taking some quiet time.").wait_for()
    screenshot(sky, "rituals-08-partner-sees-quiet-time")
    sky.get_by_role("link", name="Notices").click()
    sky.get_by_role("button", name="A gentle reminder: A walk together, at 10:00").wait_for()
    screenshot(sky, "rituals-09-notices")
