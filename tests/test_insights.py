"""Insights (issue 7, PRODUCT.md 3.11): each person's own practice and the pair's shared rhythm,
through real requests. The trend method itself is tested in tests/test_insights_trends.py."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from tests.conftest import ApiClient, client_for, page_text
from toward.checkins import services as checkins
from toward.decks import services as decks
from toward.exercises import services as exercises
from toward.insights import history, sources

# Words a view of one person's insights must never use about the other person (principle 3).
FORBIDDEN = ["declin", "not right now", "missed", "skipped", "late answer", "you missed"]
FORBIDDEN_KEYS = re.compile(r"other|partner|their|declin|miss|skip|late|pass", re.I)


def _page(membership, query: str = ""):
    response = client_for(membership.user).get(f"/spaces/{membership.space_id}/insights/{query}")
    assert response.status_code == 200
    text = page_text(response)
    main = text[text.index("<main") : text.index("</main>")]
    return main.replace(membership.name, "")  # the space's own name may name the other person


def _api(membership, query: str = "") -> dict:
    response = ApiClient(membership.user).get(f"/spaces/{membership.space_id}/insights{query}")
    assert response.status_code == 200
    return response.json()


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def _quiet_in_the_last_months(back: int) -> float:
    return 0.9 if back > 120 else 0.12


# --- what a person sees --------------------------------------------------------------------


def test_a_new_pair_is_told_it_is_too_early(pair):
    mine, _ = pair
    text = _page(mine)
    assert "Your insights" in text and "Only you see this page" in text
    assert "Too early to tell" in text
    assert _api(mine)["together"]["finding"]["kind"] == "too_little_data"


def test_months_of_history_give_charts_numbers_and_steady_statements(pair):
    mine, theirs = pair
    history.reach_back(pair, 200)
    history.backfill(pair, days=200)
    text = _page(mine)
    assert text.count('role="img"') >= 5
    assert "<title id=" in text and "<desc id=" in text
    assert "<summary>Show numbers</summary>" in text and "<table>" in text
    assert "looks steady" in text
    body = _api(mine, "?range=1y")
    assert body["range"] == "1y" and 28 <= len(body["together"]["values"]) <= 31
    checkins_series = next(s for s in body["personal"] if s["id"] == "checkins")
    assert sum(checkins_series["values"]) > 50
    assert body["conversation"] is None


def test_a_sustained_quieter_rhythm_suggests_a_kind_conversation(pair):
    mine, _ = pair
    history.reach_back(pair, 240)
    history.backfill(pair, days=240, rhythm=_quiet_in_the_last_months)
    text = _page(mine)
    assert "A quieter season together" in text
    assert "not a verdict on either of you" in text
    assert "therapist" in text
    assert text.count("<li>") >= 3  # the scripts for starting the conversation
    body = _api(mine)
    assert body["together"]["finding"]["kind"] == "pattern"
    assert body["together"]["finding"]["direction"] == "falling"
    assert len(body["conversation"]["scripts"]) >= 2


def test_the_months_it_takes_are_a_setting(pair, settings):
    # Quiet for the last fourteen weeks: held for three months, not yet for six. (A quiet
    # stretch much nearer half the longer period would make the answer hang on the random
    # history and on the weekday the test runs.)
    mine, _ = pair
    history.reach_back(pair, 240)
    history.backfill(pair, days=240, rhythm=lambda back: 0.9 if back > 100 else 0.12)
    settings.INSIGHT_DECLINE_MONTHS = 3
    assert _api(mine)["conversation"] is not None
    settings.INSIGHT_DECLINE_MONTHS = 6
    assert _api(mine)["conversation"] is None


# --- no scorekeeping (principle 3) -----------------------------------------------------------


def test_the_other_persons_declines_and_quiet_days_change_nothing_for_me(pair):
    mine, theirs = pair
    history.reach_back(pair, 100)
    history.backfill([mine], days=90, seed=3, solo=True)  # only my own check-ins
    checkins.submit_checkin(mine, went_well="A good day.", feelings=[("calm", 3)])
    asked = decks.ask_any(mine)
    decks.answer(mine, asked, "Mine.")
    before_page, before_api = _page(mine), _api(mine)

    # The other person sets my question aside, leaves others unanswered, stops an exercise
    # before it begins, and checks in (or not) on days of their own.
    decks.not_right_now(theirs, asked)
    for _ in range(3):
        decks.not_right_now(theirs, decks.ask_any(mine))
    run = exercises.start(mine, "breathing-together")
    exercises.stop(theirs, run)
    history.backfill([theirs], days=90, seed=4, solo=True)

    after_page, after_api = _page(mine), _api(mine)
    assert after_api == before_api
    assert after_page == before_page
    for text in (after_page, json.dumps(after_api)):
        lowered = text.lower()
        assert "bob" not in lowered
        for word in FORBIDDEN:
            assert word not in lowered, word
    assert not [key for key in _keys(after_api) if FORBIDDEN_KEYS.search(key)]


def test_what_the_two_of_us_did_together_counts_once_for_both(pair):
    mine, theirs = pair
    asked = decks.ask_any(mine)
    decks.answer(mine, asked, "Mine.")
    assert sum(_api(mine)["together"]["values"]) == 0  # waiting for the other is not counted
    decks.answer(theirs, asked, "Theirs.")
    assert sum(_api(mine)["together"]["values"]) == 1
    assert sum(_api(theirs)["together"]["values"]) == 1


def test_insights_are_private_to_each_person(pair):
    mine, theirs = pair
    history.reach_back(pair, 20)  # the insights count from the week each person joined
    history.backfill([mine], days=20, seed=5, solo=True)
    mine_total = sum(next(s for s in _api(mine)["personal"] if s["id"] == "checkins")["values"])
    theirs_total = sum(next(s for s in _api(theirs)["personal"] if s["id"] == "checkins")["values"])
    assert mine_total > 0 and theirs_total == 0


# --- charts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_chart_downloads_as_a_png(pair, theme):
    mine, _ = pair
    history.reach_back(pair, 60)
    history.backfill(pair, days=60)
    for chart in ("checkins", "together", "depth", "feeling-words"):
        url = f"/spaces/{mine.space_id}/insights/{chart}.png?theme={theme}"
        response = client_for(mine.user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "attachment" in response["Content-Disposition"]
        image = Image.open(io.BytesIO(response.content))
        image.verify()
        assert image.size[0] >= 640


def test_an_unknown_chart_is_not_found(pair):
    mine, _ = pair
    response = client_for(mine.user).get(f"/spaces/{mine.space_id}/insights/nothing.png")
    assert response.status_code == 404


def test_a_new_source_plugs_in_through_the_registry(pair):
    """How rituals and the challenge add their own series later."""
    mine, _ = pair
    source = sources.Source(
        "test-kept", "Rituals you kept", sources.SHARED, lambda m, start, end: {}, order=99
    )
    sources.register_source(source)
    try:
        assert "Rituals you kept" in _api(mine)["together_includes"]
    finally:
        sources.unregister_source("test-kept")


# --- query discipline ------------------------------------------------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_two_years_of_history(pair):
    mine, _ = pair
    page = client_for(mine.user)
    api = ApiClient(mine.user)
    page_url = f"/spaces/{mine.space_id}/insights/?range=3y"
    api_url = f"/api/v1/spaces/{mine.space_id}/insights?range=3y"
    history.reach_back(pair, 7)
    history.backfill(pair, days=7, seed=1)
    page.get(page_url)  # warm caches (content files, session)
    small_page = _count(page, page_url)
    small_api = len(_captured(api, f"/spaces/{mine.space_id}/insights?range=3y"))
    history.reach_back(pair, 730)
    history.backfill(pair, days=720, end=_days_ago(8), seed=2)
    assert _count(page, page_url) == small_page
    assert len(_captured(api, f"/spaces/{mine.space_id}/insights?range=3y")) == small_api
    assert api_url  # the same endpoint documented in docs/API.md


def _captured(api, path):
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return captured


def _days_ago(days: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() - timedelta(days=days)


def test_weeks_run_monday_to_sunday_on_every_database(pair):
    """The database groups by week (one query per chart): a Sunday and the Monday after it land
    in different weeks, the same weeks the statistics use."""
    from datetime import timedelta

    from django.utils import timezone

    mine, _ = pair
    history.reach_back(pair, 21)
    today = timezone.localdate()
    last_monday = today - timedelta(days=today.weekday()) - timedelta(weeks=1)
    sunday_before = last_monday - timedelta(days=1)
    for day in (sunday_before, last_monday, last_monday + timedelta(days=6)):
        checkins.submit_checkin(mine, went_well="A day.", now=_evening(day), day=day)
    series = next(s for s in _api(mine, "?range=3m")["personal"] if s["id"] == "checkins")
    by_week = dict(zip(series["starts"], series["values"], strict=True))
    assert by_week[(sunday_before - timedelta(days=6)).isoformat()] == 1
    assert by_week[last_monday.isoformat()] == 2


def _evening(day):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(21, 0)))


@pytest.mark.parametrize("zone", ["UTC", "America/Sao_Paulo"])
def test_every_source_gives_the_same_counts_from_its_compiled_sql_as_from_the_orm(
    db, settings, zone
):
    """counts() compiles each source's SQL once and then only fills in its parameters; it must
    agree with the ORM, for both people, on every database and in another time zone too."""
    from datetime import timedelta

    from django.utils import timezone

    from toward.demo import create_demo

    settings.TIME_ZONE = zone
    demo = create_demo()  # every practice's demo activity: pauses, repairs, rituals, ...
    pair = demo.memberships
    history.reach_back(pair, 400)
    history.backfill(pair, days=380, end=timezone.localdate() - timedelta(days=30), seed=3)
    today = timezone.localdate()
    compiled, with_data = 0, set()
    for source in sources.sources():
        for membership in pair:
            for start in (today - timedelta(days=400), today - timedelta(days=20)):
                orm = sources.rows_to_counts(source.fn(membership, start, today))
                assert sources.counts(source, membership, start, today) == orm, source.id
                if orm:
                    with_data.add(source.id)
        compiled += sources.compiled_for(source) is not None
    assert compiled == len(sources.sources())  # none fell back to the ORM
    assert with_data == {s.id for s in sources.sources()}  # each compared on real rows
