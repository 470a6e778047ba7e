"""Dreams and growth: a shared board; the other person asks, cheers and offers only the help that
was asked for; milestones are celebrated; nothing is a duty."""

from __future__ import annotations

import pytest

from tests.conftest import ApiClient, client_for, page_text
from toward.core.errors import ServiceError
from toward.reflections import dreams
from toward.reflections.models import Dream, DreamNote

pytestmark = pytest.mark.django_db


def test_share_ask_cheer_and_help_only_where_asked(pair):
    mine, theirs = pair
    course = dreams.add_dream(mine, title="A pottery course", help_wanted="A lift on Tuesdays")
    quiet = dreams.add_dream(mine, title="Write a short story")
    dreams.add_note(theirs, course, kind="cheer", text="Yes!")
    dreams.add_note(theirs, course, kind="question", text="What would you make first?")
    dreams.add_note(theirs, course, kind="help", text="I can drive you.")
    with pytest.raises(ServiceError, match="No help was asked"):
        dreams.add_note(theirs, quiet, kind="help", text="I could edit it")
    with pytest.raises(ServiceError):
        dreams.add_note(mine, course, kind="cheer")  # not on your own dream
    with pytest.raises(ServiceError):
        dreams.add_note(theirs, course, kind="nag")
    with pytest.raises(ServiceError):
        dreams.add_note(theirs, course, kind="question", text="")
    assert [n.kind for n in dreams.view_dream(mine, course).notes] == ["cheer", "question", "help"]


def test_milestones_are_reached_by_the_author_and_celebrated_by_either(pair):
    mine, theirs = pair
    run = dreams.add_dream(mine, title="Run a half marathon")
    step = dreams.add_milestone(mine, run, text="First 15 km")
    with pytest.raises(ServiceError):
        dreams.add_milestone(theirs, run, text="Not mine to add")
    with pytest.raises(ServiceError):
        dreams.celebrate(theirs, step)  # not reached yet
    with pytest.raises(ServiceError):
        dreams.reach_milestone(theirs, step)
    dreams.reach_milestone(mine, step)
    dreams.celebrate(theirs, dreams.get_milestone(run, step.id), text="Brilliant")
    dreams.celebrate(mine, dreams.get_milestone(run, step.id))
    assert DreamNote.objects.filter(kind="celebrate").count() == 2


def test_bad_input_is_refused_with_a_clear_message(pair):
    mine, _ = pair
    with pytest.raises(ServiceError, match="characters or fewer"):
        dreams.add_dream(mine, title="x" * 141)
    with pytest.raises(ServiceError):
        dreams.add_dream(mine, title="   ")
    with pytest.raises(ServiceError):
        dreams.add_dream(mine, title="Fine", detail="d" * 1_000_000)
    assert not Dream.objects.exists()


def test_only_the_author_takes_a_dream_down_and_leavers_take_theirs(pair):
    from toward.spaces import services as spaces

    mine, theirs = pair
    one = dreams.add_dream(mine, title="Learn Welsh")
    other = dreams.add_dream(theirs, title="A garden")
    dreams.add_note(mine, other, kind="cheer")
    with pytest.raises(ServiceError):
        dreams.let_rest(theirs, one)
    dreams.let_rest(mine, one)
    spaces.leave_space(mine)
    assert not Dream.objects.filter(author=mine.user).exists()
    assert not DreamNote.objects.filter(author=mine.user).exists()
    assert Dream.objects.filter(pk=other.pk).exists()


def test_the_board_pages(pair):
    mine, theirs = pair
    alice, bob = client_for(mine.user), client_for(theirs.user)
    board = f"/spaces/{mine.space_id}/dreams/"
    response = alice.post(board, {"title": "Change careers", "detail": "", "help_wanted": "Ideas"})
    assert response.status_code == 302
    dream = Dream.objects.get()
    page = f"/spaces/{mine.space_id}/dreams/{dream.id}/"
    assert "Change careers" in page_text(bob.get(board))
    assert bob.post(page, {"kind": "help", "text": "I know someone to ask"}).status_code == 302
    assert "offered to help" in page_text(alice.get(page))
    long = alice.post(board, {"title": "t" * 500})
    assert long.status_code == 400 and "t" * 500 in long.content.decode()
    milestone = f"{page}milestones/"
    assert alice.post(milestone, {"text": "First interview"}).status_code == 302
    step = dream.milestones.get()
    alice.post(f"{milestone}{step.id}/", {"action": "reach"})
    bob.post(f"{milestone}{step.id}/", {"action": "celebrate", "text": "Proud of you"})
    assert "Proud of you" in page_text(alice.get(page))


def test_the_api(pair, mallory):
    mine, theirs = pair
    path = f"/spaces/{mine.space_id}/dreams"
    created = ApiClient(mine.user).post(path, {"title": "A long walk", "help_wanted": "Company"})
    assert created.status_code == 201
    dream_id = created.json()["id"]
    noted = ApiClient(theirs.user).post(
        f"{path}/{dream_id}/notes", {"kind": "help", "text": "I'll come"}
    )
    assert noted.status_code == 201 and noted.json()["notes"][0]["kind"] == "help"
    assert ApiClient(theirs.user).post(f"{path}/{dream_id}/notes", {"kind": "x"}).status_code == 400
    assert ApiClient(mallory).get(path).status_code == 404
    pillars = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/pillars").json()
    shared = next(p for p in pillars["pillars"] if p["id"] == "shared-experience")
    assert "Dreams and growth" in shared["visited"]
