"""Two people, two browsers: ask each other a question; answers open only once both answered."""

from __future__ import annotations

import pytest

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
    mine = spaces.create_space(river, relationship_type="friendship", name="Sky")
    spaces.join_space(sky, code=spaces.create_invitation(mine).code, name="River")
    return mine.space_id


def test_ask_each_other_reveals_only_after_both_answer(new_page, pair_space):
    river = new_page()
    log_in(river, "river@example.com")
    river.goto("/questions/")
    river.get_by_role("heading", name="Questions", exact=True).wait_for()
    screenshot(river, "decks-01-home")
    river.get_by_role("link", name="Between friends").click()
    screenshot(river, "decks-02-deck")
    question = "Which of our jokes would confuse anyone else?"
    river.get_by_role("listitem").filter(has_text=question).get_by_role(
        "button", name="Ask each other"
    ).click()
    river.get_by_role("heading", name=question).wait_for()
    river.get_by_label("Your answer").fill("The one about the lighthouse keeper.")
    screenshot(river, "decks-03-answer")
    river.get_by_role("button", name="Keep my answer").click()
    river.get_by_role("heading", name="Your answer is kept").wait_for()
    screenshot(river, "decks-04-waiting")

    sky = new_page()
    log_in(sky, "sky@example.com")
    sky.goto(f"/spaces/{pair_space}/questions/")
    sky.get_by_role("heading", name="Waiting for your answer").wait_for()
    sky.get_by_role("link", name=question).click()
    assert "lighthouse keeper" not in sky.content()
    sky.get_by_label("Your answer").fill("Anything involving a goose.")
    sky.get_by_role("button", name="Keep my answer").click()
    sky.get_by_role("heading", name="Your answers").wait_for()
    assert "lighthouse keeper" in sky.content() and "goose" in sky.content()
    sky.wait_for_timeout(1000)  # let the gentle reveal finish before the picture
    screenshot(sky, "decks-05-revealed")

    river.reload()
    river.get_by_role("heading", name="Your answers").wait_for()
    assert "goose" in river.content()
    river.get_by_role("button", name="Comfortable").click()
    river.get_by_text("This only sets the pace").wait_for()
    screenshot(river, "decks-06-rated")


def test_not_right_now_and_together_mode(new_page, pair_space):
    river = new_page()
    log_in(river, "river@example.com")
    river.goto(f"/spaces/{pair_space}/questions/")
    river.get_by_role("button", name="Answer it together").click()
    river.get_by_role("button", name="Not right now").click()
    river.get_by_text("Set aside. It will be here").wait_for()
    screenshot(river, "decks-07-set-aside")

    river.get_by_role("link", name="Deal some cards").click()
    river.get_by_text("Play and humour").click()
    screenshot(river, "decks-08-together-start")
    river.get_by_role("button", name="Start").click()
    river.get_by_text("River's turn to answer").wait_for()
    river.get_by_role("button", name="Next card").click()
    river.get_by_text("Sky's turn to answer").wait_for()
    # One phone, both people: Sky rates on River's screen, and the screen never echoes it.
    river.get_by_role("form", name="How did that one feel for Sky?").get_by_role(
        "button", name="Stretching"
    ).click()
    river.get_by_text("Kept for Sky.").wait_for()
    river.get_by_role("form", name="How did that one feel for River?").get_by_role(
        "button", name="Comfortable"
    ).click()
    river.get_by_text("Kept for River.").wait_for()
    assert river.locator(".rate-together [aria-pressed='true']").count() == 1
    assert river.get_by_role("link", name="Why this works").count() == 1
    screenshot(river, "decks-09-together-card")
    river.get_by_role("button", name="End for now").click()
    river.get_by_role("heading", name="Thank you both").wait_for()

    river.goto(f"/spaces/{pair_space}/questions/")
    river.get_by_role("button", name="A conversation in three steps").click()
    river.get_by_role("heading", name="Check in").wait_for()
    river.locator(".timer-text").wait_for()
    assert "left for this step" in river.locator(".timer-text").inner_text()
    screenshot(river, "decks-10-three-level")


def test_import_errors_are_listed_by_line(new_page, pair_space, tmp_path):
    river = new_page()
    log_in(river, "river@example.com")
    river.goto(f"/spaces/{pair_space}/questions/decks/import/")
    bad = tmp_path / "ours.csv"
    bad.write_text(
        "id,depth,text\na,surface,What lifts you?\nb,deep,What weighs on you?\nc,core,\n"
    )
    river.get_by_label("Deck file (CSV)").set_input_files(str(bad))
    river.get_by_role("button", name="Import").click()
    river.get_by_text("Nothing was imported").wait_for()
    assert "line 3: unknown depth 'deep'" in river.content()
    assert "line 4: the question is empty" in river.content()
    screenshot(river, "decks-11-import-errors")
