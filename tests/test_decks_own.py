"""A pair's own decks: write questions, import and export deck files, and refuse bad files whole."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import client_for, page_text
from toward.core.errors import ServiceError
from toward.decks import fileformat, services
from toward.decks.models import CustomDeck, CustomQuestion

HEADER = "id,depth,text\n"


def _rows(n: int) -> str:
    depths = ["surface", "personal", "core"]
    return "".join(
        f"q{i},{depths[i % 3]},Which small thing number {i} made you smile?\n" for i in range(n)
    )


def _import_page(member, content: bytes, title: str = "Our list", name: str = "ours.csv"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return client_for(member.user).post(
        f"/spaces/{member.space_id}/questions/decks/import/", {"title": title, "file": upload}
    )


def test_write_a_deck_and_ask_from_it(pair):
    alice_m, bob_m = pair
    client = client_for(alice_m.user)
    made = client.post(f"/spaces/{alice_m.space_id}/questions/decks/new/", {"title": "Road trips"})
    assert made.status_code == 302
    deck = CustomDeck.objects.get()
    added = client_for(bob_m.user).post(
        f"/spaces/{bob_m.space_id}/questions/decks/{deck.id}/questions/",
        {"text": "Which song would you put on our playlist?", "depth": "surface"},
    )
    assert added.status_code == 302
    page = page_text(client.get(made["Location"]))
    assert "Which song would you put on our playlist?" in page
    question = CustomQuestion.objects.get()
    exchange = services.ask(alice_m, f"c:{question.id}")
    assert exchange.question_text == question.text


def test_a_question_form_error_keeps_what_was_typed(pair):
    deck = services.create_deck(pair[0], "Ours")
    response = client_for(pair[0].user).post(
        f"/spaces/{pair[0].space_id}/questions/decks/{deck.id}/questions/",
        {"text": "x" * 400, "depth": "surface"},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "300 characters or fewer" in text and "x" * 400 in text


def test_import_then_export_round_trips(pair):
    content = (HEADER + _rows(30)).encode()
    response = _import_page(pair[0], content)
    assert response.status_code == 302
    deck = CustomDeck.objects.get()
    assert deck.title == "Our list" and deck.questions.count() == 30
    exported = client_for(pair[1].user).get(
        f"/spaces/{pair[1].space_id}/questions/decks/{deck.id}/export/"
    )
    assert exported["Content-Type"].startswith("text/csv")
    assert fileformat.parse(exported.content) == fileformat.parse(content)


def test_a_built_in_deck_exports_in_the_same_format(pair, api):
    response = api(pair[0].user).get(f"/spaces/{pair[0].space_id}/decks/play/export")
    rows = fileformat.parse(response.json()["content"].encode())
    assert len(rows) == 36 and rows[0].key == "pl-01"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            HEADER + _rows(250) + "bad,surface,\n" + _rows(249).replace("q", "r"),
            "line 252: the question is empty",
        ),
        (
            HEADER + "a,surface,What lifts you?\nb,deep,What weighs on you?\n",
            "line 3: unknown depth 'deep'",
        ),
        (
            HEADER + "a,surface,What lifts you?\na,core,What weighs on you?\n",
            "line 3: the id 'a' is already used by line 2",
        ),
        (HEADER + "a,surface,\n", "line 2: the question is empty"),
        ("question,depth\nWhat lifts you?,surface\n", "line 1: The first line must be the header"),
        (HEADER, "line 2: There are no questions"),
        (HEADER + "a,surface,What?,extra\n", "line 2: expected 3 values"),
        (HEADER + "-a,surface,What lifts you?\n", "line 2: the id must be"),
    ],
)
def test_a_bad_file_is_refused_whole_with_line_numbers(pair, content, expected):
    response = _import_page(pair[0], content.encode())
    assert response.status_code == 400
    text = page_text(response)
    assert expected in text, text[text.find("Nothing was imported") :][:600]
    assert "Nothing was imported" in text
    assert not CustomDeck.objects.exists() and not CustomQuestion.objects.exists()


def test_an_empty_file_is_refused(pair):
    response = _import_page(pair[0], b"")
    assert response.status_code == 400
    assert "empty" in page_text(response)
    with pytest.raises(fileformat.DeckFileError, match="The file is empty"):
        fileformat.parse(b"")
    assert not CustomDeck.objects.exists()


def test_one_bad_row_among_500_imports_nothing(pair):
    rows = _rows(500).splitlines(keepends=True)
    rows[316] = "q316,bottomless,What is under everything?\n"
    with pytest.raises(fileformat.DeckFileError) as caught:
        services.import_deck(pair[0], (HEADER + "".join(rows)).encode(), title="Five hundred")
    assert [str(p) for p in caught.value.problems] == [
        "line 318: unknown depth 'bottomless': use surface, personal or core"
    ]
    assert not CustomDeck.objects.exists() and not CustomQuestion.objects.exists()


def test_a_duplicate_of_a_question_already_in_the_deck_is_refused(pair):
    deck, _ = services.import_deck(pair[0], (HEADER + _rows(3)).encode(), title="Ours")
    with pytest.raises(fileformat.DeckFileError) as caught:
        services.import_deck(
            pair[0], (HEADER + "new,core,What now?\nq1,core,x?\n").encode(), deck=deck
        )
    assert "line 3: the id 'q1' is already used by a question already in this deck" in str(
        caught.value
    )
    assert deck.questions.count() == 3


def test_a_50_mb_file_is_refused_before_it_is_read(pair):
    big = (HEADER + "a,surface," + "x" * (50 * 1024 * 1024) + "\n").encode()
    response = _import_page(pair[0], big)
    assert response.status_code == 400
    assert "the limit is 1 MB" in page_text(response)
    assert not CustomDeck.objects.exists()


def test_a_file_just_over_the_limit_is_refused_by_the_parser(pair):
    with pytest.raises(fileformat.DeckFileError) as caught:
        fileformat.parse(b"x" * (fileformat.MAX_BYTES + 1))
    assert "up to 1 MB" in str(caught.value)


def test_a_file_that_is_not_text_is_refused(pair):
    response = _import_page(pair[0], b"\xff\xfe\x00\x00binary")
    assert "UTF-8" in page_text(response)


def test_import_through_the_api(pair, api):
    client = api(pair[0].user)
    url = f"/spaces/{pair[0].space_id}/decks/import"
    bad = client.post(url, {"title": "Ours", "csv": HEADER + "a,surface,Fine?\nb,nope,Bad?\n"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_file"
    assert "line 3: unknown depth 'nope'" in bad.json()["error"]["message"]
    assert not CustomDeck.objects.exists()
    good = client.post(url, {"title": "Ours", "csv": HEADER + _rows(4)})
    assert good.status_code == 201
    body = good.json()
    assert body["title"] == "Ours" and len(body["questions"]) == 4
    listed = client.get(f"/spaces/{pair[0].space_id}/decks").json()
    assert any(d["id"] == body["id"] and d["kind"] == "custom" for d in listed)
    added = client.post(
        f"/spaces/{pair[0].space_id}/decks/{body['id']}/questions",
        {"depth": "core", "text": "What do you hope for?"},
    )
    assert added.status_code == 201 and added.json()["id"].startswith("c:")
    bad_depth = client.post(
        f"/spaces/{pair[0].space_id}/decks/{body['id']}/questions",
        {"depth": "abyss", "text": "What?"},
    )
    assert bad_depth.status_code == 400 and bad_depth.json()["error"]["fields"] == {
        "depth": "Please choose surface, personal or core."
    }


def test_an_oversized_api_import_gets_a_clear_error(pair, api):
    response = api(pair[0].user).post(
        f"/spaces/{pair[0].space_id}/decks/import",
        {"title": "Big", "csv": HEADER + "a,surface," + "x" * (3 * 1024 * 1024)},
    )
    assert 400 <= response.status_code < 500
    assert "error" in response.json()
    assert not CustomDeck.objects.exists()


def test_built_in_decks_take_no_new_questions(pair):
    response = client_for(pair[0].user).post(
        f"/spaces/{pair[0].space_id}/questions/decks/play/questions/",
        {"text": "What?", "depth": "surface"},
    )
    assert response.status_code == 404


def test_an_empty_deck_name_is_refused(pair):
    with pytest.raises(ServiceError) as caught:
        services.create_deck(pair[0], "   ")
    assert caught.value.field == "title"


def test_import_more_questions_into_an_existing_deck(pair, mallory):
    deck, _ = services.import_deck(pair[0], (HEADER + _rows(2)).encode(), title="Ours")
    url = f"/spaces/{pair[1].space_id}/questions/decks/import/"
    form = client_for(pair[1].user).get(f"{url}?deck={deck.id}")
    assert "Import questions into “Ours”" in page_text(form)
    upload = SimpleUploadedFile("more.csv", b"id,depth,text\nnew,core,What now?\n")
    response = client_for(pair[1].user).post(url, {"deck": deck.id, "file": upload})
    assert response.status_code == 302
    assert deck.questions.count() == 3 and CustomDeck.objects.count() == 1
    # Someone else's deck id is a 404 like any unknown one.
    other = client_for(mallory).get(
        f"/spaces/{pair[1].space_id}/questions/decks/import/?deck={deck.id}"
    )
    assert other.status_code == 404
    stranger_deck = client_for(pair[0].user).get(f"{url}?deck=not-a-deck")
    assert stranger_deck.status_code == 404
