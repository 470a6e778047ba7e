"""A person takes a questionnaire on a phone, by keyboard where it matters: a missed answer is
pointed out with everything else still chosen; the result suggests one or two things; sharing
it adds it to the shared language once the other person has shared theirs (here in dark)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD
from toward.accounts import vault
from toward.assessments import services
from toward.assessments.models import Result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOB_STYLES = {
    "words-give": 1, "words-receive": 4, "touch-give": 4, "touch-receive": 4,
    "time-give": 3, "time-receive": 3, "gestures-give": 4, "gestures-receive": 1,
    "direct": 1, "quiet": 4,
}  # fmt: skip


def test_take_a_questionnaire_share_it_and_see_the_shared_language(new_page, pair):
    mine, theirs = pair
    bob_key = vault.unlock_with_password(theirs.user, PASSWORD)
    services.share(theirs, services.submit(theirs, "expression-styles", BOB_STYLES, bob_key))
    page = new_page()
    page.emulate_media(reduced_motion="reduce")
    log_in(page, "alice@example.com", PASSWORD)
    page.goto(f"/spaces/{mine.space_id}/assessments/")
    screenshot(page, "assessments-01-list")
    page.get_by_role("link", name="How you show and receive care", exact=True).click()

    # Radio groups are fieldsets named by their statement; leave one out on purpose.
    statements = services.get_assessment("expression-styles").items
    for item in statements[:-1]:
        group = page.get_by_role("group", name=item.text)
        group.get_by_label("Like me", exact=True).check()
    page.get_by_role("button", name="See my result").click()
    page.get_by_text("Please choose one answer here.").wait_for()
    assert Result.objects.filter(author=mine.user).count() == 0
    first = page.get_by_role("group", name=statements[0].text)
    assert first.get_by_label("Like me", exact=True).is_checked()
    screenshot(page, "assessments-02-missing-answer-kept-the-rest")
    last = page.get_by_role("group", name=statements[-1].text)
    last.get_by_label("Not like me").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="See my result").click()

    page.get_by_role("heading", name="Your ways of showing and receiving care").wait_for()
    assert page.locator(".as-suggestion-list li").count() == 2
    screenshot(page, "assessments-03-result")
    page.get_by_role("button", name="Add to our shared language").click()
    page.get_by_text("Shared. The other person sees the summary").wait_for()

    page.get_by_role("link", name="Shared language").click()
    page.get_by_role("heading", name="Where you meet").wait_for()
    assert 2 <= page.locator(".as-bridges li").count() <= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.emulate_media(color_scheme="dark")
    screenshot(page, "assessments-04-shared-language-dark")
