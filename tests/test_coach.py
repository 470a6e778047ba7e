"""The coach pages and API: what a person sees, that nothing typed is stored, and bad input."""

from __future__ import annotations

from django.apps import apps
from django.test import Client

from tests.conftest import ApiClient, client_for, page_text
from toward.content.library import listening_practice

HARSH = "You never listen to me. You're so selfish, whatever."


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_message_coach_highlights_explains_and_rewords_without_storing(alice):
    client = client_for(alice)
    before = _row_counts()
    response = client.post("/coach/message/", {"text": HARSH})
    body = page_text(response)
    assert response.status_code == 200
    assert '<mark class="coach-mark"' in response.content.decode()
    assert "A gentler way to start" in body
    assert "Criticism." in body
    assert _row_counts() == before
    assert HARSH not in str(alice.__dict__)


KIND = "I felt a bit lonely at dinner tonight. Could we put our phones away tomorrow?"


def test_kind_messages_stay_unflagged(alice):
    body = page_text(client_for(alice).post("/coach/message/", {"text": KIND}))
    assert "Nothing here tends to wound" in body


def test_message_coach_bad_input_is_clear_and_keeps_the_text(alice):
    client = client_for(alice)
    long = "a" * 5000
    response = client.post("/coach/message/", {"text": long})
    assert response.status_code == 400
    assert "4,000 characters or fewer" in page_text(response)
    assert long in page_text(response)
    nul = client.post("/coach/message/", {"text": "hi\x00there"})
    assert nul.status_code == 400


def test_listening_practice_gives_what_went_well_first(alice):
    client = client_for(alice)
    landing = client.get("/coach/listening/")
    assert landing.status_code == 302
    page = client.get(landing["Location"])
    assert "How would you reply?" in page_text(page)
    share = listening_practice().items[0]
    warm = client.post(
        f"/coach/listening/{share.id}/",
        {"reply": "That sounds so lonely and exhausting. What has been the hardest part for you?"},
    )
    body = page_text(warm)
    assert "What went well" in body
    assert body.index("What went well") < body.index("Try another one")
    fixing = page_text(
        client.post(
            f"/coach/listening/{share.id}/",
            {"reply": "You should just set up a rota and tell them to step up."},
        )
    )
    assert "Something to try" in fixing


def test_there_are_at_least_sixty_things_to_practise_with():
    assert len(listening_practice().items) >= 60


def test_coach_pages_need_an_account(db):
    assert Client().get("/coach/message/").status_code == 302


def test_coach_api(alice):
    api = ApiClient(alice)
    patterns = api.post("/coach/patterns", {"text": HARSH}).json()
    assert "criticism" in patterns["labels"]
    assert all(0 <= s["start"] < s["end"] <= len(HARSH) for s in patterns["spans"])
    feelings = api.post("/coach/feelings", {"text": "I got the job, I can't believe it!"}).json()
    assert len(feelings["scores"]) == 28
    listening = api.post(
        "/coach/listening",
        {
            "disclosure": "I failed my driving test again.",
            "reply": "Oh no, that's so frustrating. How are you feeling?",
        },
    ).json()
    assert 0 <= listening["attunement"] <= 1 and listening["went_well"]
    empty = api.post("/coach/patterns", {"text": "   "})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty_text"
    assert api.post("/coach/feelings", {"text": 5}).status_code == 422
