"""The feelings wheel: its content, search, the drawn wheel, colours, and a person's vocabulary."""

from __future__ import annotations

import builtins
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import ApiClient, client_for, page_text
from toward.checkins import services as checkins
from toward.content.library import feelings_wheel
from toward.core.errors import ServiceError
from toward.feelings import services

CSS = Path(__file__).resolve().parents[1] / "src/toward/core/static/toward/toward.css"


def test_the_wheel_has_the_promised_shape():
    wheel = feelings_wheel()
    assert 6 <= len(wheel.cores) <= 8
    for core in wheel.cores:
        assert 4 <= len(core.feelings) <= 8
        for second in core.feelings:
            assert 2 <= len(second.feelings) <= 4
    assert len(services.all_feelings()) >= 130
    assert all(f.definition for f in services.all_feelings().values())
    assert len({core.colour for core in wheel.cores}) == len(wheel.cores)


def test_paths_run_from_core_to_precise():
    assert [f.label for f in services.feeling("apprehensive").path] == [
        "afraid",
        "anxious",
        "apprehensive",
    ]
    assert services.feeling("let-down").label == "let down"
    with pytest.raises(ServiceError):
        services.feeling("no-such-word")


@pytest.mark.parametrize(
    ("query", "first"), [("let down", "let-down"), ("tired", "weary"), ("PROUD", "proud")]
)
def test_search_finds_names_first_then_definitions(query, first):
    assert services.search(query)[0].id == first


def test_search_of_nothing_finds_nothing():
    assert services.search("   ") == [] and services.search("zzzzqqq") == []


def test_the_wheel_page_searches_without_javascript(alice):
    client = client_for(alice)
    page = page_text(client.get("/feelings/?q=let+down"))
    assert "Feelings that match" in page and "sad › disappointed › let down" in page
    assert page_text(client.get("/feelings/?q=" + "x" * 5000)).count("Nothing matches") == 1


def test_every_feeling_is_drawn_and_listed(alice):
    body = client_for(alice).get("/feelings/").content.decode()
    for feeling_id in services.all_feelings():
        assert f'data-id="{feeling_id}"' in body
        assert f'id="f-{feeling_id}"' in body


def test_api_lists_and_searches_the_wheel(alice):
    api = ApiClient(alice)
    everything = api.get("/feelings").json()
    assert len(everything) == len(services.all_feelings())
    assert api.get("/feelings?q=weary").json()[0]["id"] == "weary"


def test_vocabulary_counts_distinct_feelings_per_month_with_quiet_months():
    named = [
        (date(2026, 1, 3), "content"),
        (date(2026, 1, 9), "content"),
        (date(2026, 1, 9), "weary"),
        (date(2026, 3, 1), "weary"),
        (date(2026, 3, 2), "let-down"),
    ]
    months = services.vocabulary(named)
    assert [(m.month.month, m.distinct, m.new) for m in months] == [(1, 2, 2), (2, 0, 0), (3, 2, 1)]


def test_vocabulary_is_only_ever_your_own(pair):
    mine, theirs = pair
    now = datetime.now(UTC)
    checkins.submit_checkin(mine, feelings=[("content", 3)], now=now - timedelta(days=1))
    checkins.submit_checkin(theirs, feelings=[("trapped", 3), ("weary", 2)])
    alice_api = ApiClient(mine.user).get("/me/feelings/vocabulary").json()
    assert [m["distinct"] for m in alice_api] == [1]
    page = page_text(client_for(mine.user).get("/feelings/vocabulary/"))
    assert "1 different feeling" in page and "Show the numbers" in page


def test_suggestions_are_empty_without_the_language_tools(monkeypatch):
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name.startswith("toward.language"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    assert services.suggest_from_text("work has been crushing me") == []


def test_suggestions_are_words_on_our_wheel():
    for found in services.suggest_from_text("I am so scared about tomorrow's results"):
        assert found.id in services.all_feelings()


# --- colours ----------------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _theme_blocks() -> list[dict[str, str]]:
    css = CSS.read_text()
    blocks = []
    for body in re.findall(r"\{([^{}]*--f-ink:[^{}]*)\}", css):
        blocks.append(dict(re.findall(r"--(f-[a-z]+(?:-\d)?):\s*(#[0-9a-fA-F]{6})", body)))
    return blocks


def test_feeling_colours_keep_text_readable_in_both_themes():
    blocks = _theme_blocks()
    assert len(blocks) == 3  # light, dark by preference, dark by choice
    for palette in blocks:
        ink = palette["f-ink"]
        tints = {name: value for name, value in palette.items() if name != "f-ink"}
        assert len(tints) == 21
        for name, value in tints.items():
            assert _contrast(ink, value) >= 4.5, (name, value, round(_contrast(ink, value), 2))


def test_every_word_the_language_tools_suggest_is_on_our_wheel():
    from toward.content.library import feelings_wheel
    from toward.language import WHEEL

    def words(node):
        yield node.label
        for child in getattr(node, "feelings", []):
            yield from words(child)

    wheel = {word for core in feelings_wheel().cores for word in words(core)}
    missing = {word for mapped in WHEEL.values() for word in mapped} - wheel
    assert not missing, f"not on the wheel: {sorted(missing)}"


def test_feelings_are_suggested_from_what_was_typed_never_from_the_private_note(pair):
    from tests.conftest import client_for

    client = client_for(pair[0].user)
    response = client.post(
        "/feelings/suggest/",
        {"hard": "I'm so nervous about tomorrow's meeting", "private_note": "ignored"},
    )
    assert response.status_code == 200
    assert 'data-suggest-feeling="apprehensive"' in response.content.decode()
    empty = client.post("/feelings/suggest/", {"private_note": "I'm so nervous about it"})
    assert "data-suggest-feeling" not in empty.content.decode()
    assert client.get("/feelings/suggest/").status_code == 405
