"""Rituals of connection, as a pair uses them: the library, adding and changing rituals, "we did
it" without streaks, bad input, and the calendar (.ics) that round-trips through icalendar."""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, time

import pytest
from django.test import Client
from icalendar import Calendar

from tests.conftest import ApiClient, client_for, page_text
from toward.content.library import rituals_content
from toward.core import hooks
from toward.rituals import services
from toward.rituals.models import CalendarFeed, Mark, Ritual

pytestmark = pytest.mark.django_db


def test_the_library_has_twenty_rituals_of_our_own_each_with_a_why_and_tags():
    items = rituals_content().items
    assert len(items) >= 20
    for item in items:
        assert item.why and item.styles and item.relationship_types
    styles = {s for item in items for s in item.styles}
    assert styles == {"words", "touch", "time", "gestures"}
    # romantic-only rituals are not offered to friends
    friends = {i.id for i in services.library("friendship")}
    assert "back-rub" not in friends and "friday-catch-up" in friends


def test_library_page_filters_by_way_of_showing_care(pair):
    mine, _ = pair
    client = client_for(mine.user)
    everything = page_text(client.get(f"/spaces/{mine.space_id}/rituals/library/"))
    touch = page_text(client.get(f"/spaces/{mine.space_id}/rituals/library/?style=touch"))
    assert "Phone-free dinner" in everything and "A secret signal" in everything
    assert "A secret signal" in touch and "Phone-free dinner" not in touch


def test_add_from_the_library_mark_it_and_see_a_gentle_history(pair):
    mine, theirs = pair
    client = client_for(mine.user)
    form = page_text(client.get(f"/spaces/{mine.space_id}/rituals/new/?idea=phone-free-dinner"))
    assert "Phone-free dinner" in form
    response = client.post(
        f"/spaces/{mine.space_id}/rituals/new/",
        {"idea_id": "phone-free-dinner", "frequency": "weekly", "days": ["WE"], "at_time": "19:00"},
    )
    assert response.status_code == 302
    ritual = Ritual.objects.get(space_id=mine.space_id)
    assert (ritual.title, ritual.days, ritual.at_time) == ("Phone-free dinner", "WE", time(19))

    # the other member sees it and marks it; nobody's name is kept on the mark
    other = client_for(theirs.user)
    home = page_text(other.get(f"/spaces/{theirs.space_id}/rituals/"))
    assert "Phone-free dinner" in home and "Wednesdays at 19:00" in home
    assert other.post(f"/spaces/{theirs.space_id}/rituals/{ritual.id}/done/").status_code == 302
    page = page_text(client.get(f"/spaces/{mine.space_id}/rituals/"))
    assert "You did this together today." in page
    again = other.post(f"/spaces/{theirs.space_id}/rituals/{ritual.id}/done/", follow=True)
    assert "already marked" in page_text(again)
    assert Mark.objects.filter(ritual=ritual).count() == 1

    # no streaks, no misses, anywhere
    for text in (page, page_text(client.get(f"/spaces/{mine.space_id}/rituals/{ritual.id}/"))):
        lowered = text.lower()
        assert "streak" not in lowered.replace("no streaks", "")
        assert "missed" not in lowered and "failed" not in lowered


def test_a_ritual_of_our_own_with_bad_input_keeps_what_was_typed(pair):
    mine, _ = pair
    client = client_for(mine.user)
    url = f"/spaces/{mine.space_id}/rituals/new/"
    bad_time = client.post(
        url, {"title": "Sunday call", "frequency": "weekly", "days": ["SU"], "at_time": "25:00"}
    )
    assert bad_time.status_code == 400
    text = page_text(bad_time)
    assert "HH:MM on a 24-hour clock" in text and 'value="Sunday call"' in text
    no_days = client.post(url, {"title": "Sunday call", "frequency": "weekly", "at_time": "18:00"})
    assert "at least one day" in page_text(no_days)
    no_name = client.post(url, {"title": " ", "frequency": "daily", "at_time": "18:00"})
    assert "Please give the ritual a name" in page_text(no_name)
    assert not Ritual.objects.exists()


def test_api_add_change_and_clear_errors(pair):
    mine, _ = pair
    api = ApiClient(mine.user)
    base = f"/spaces/{mine.space_id}/rituals"
    cases = [
        ({"title": "Call", "rrule": "FREQ=HOURLY", "time": "18:00"}, "invalid_rrule"),
        ({"title": "Call", "rrule": "FREQ=WEEKLY;BYDAY=XX", "time": "18:00"}, "invalid_days"),
        (
            {"title": "Call", "frequency": "weekly", "days": ["Funday"], "time": "18:00"},
            "invalid_days",
        ),
        ({"title": "Call", "frequency": "daily", "time": "7pm"}, "invalid_time"),
        (
            {"title": "Call", "frequency": "monthly", "day_of_month": 31, "time": "18:00"},
            "invalid_day_of_month",
        ),
        ({"idea_id": "no-such-ritual"}, "unknown_ritual"),
        ({"title": "Call", "frequency": "fortnightly", "time": "18:00"}, "invalid_frequency"),
    ]
    for body, code in cases:
        response = api.post(base, body)
        assert response.status_code == 400, body
        error = response.json()["error"]
        assert error["code"] == code and error["message"]
    assert api.post(base, {"title": "Call", "time": 5}).status_code == 422
    assert api.get("/rituals/library?style=hugs").json()["error"]["code"] == "invalid_style"
    assert len(api.get("/rituals/library?style=touch&relationship_type=family").json()) >= 3
    assert not Ritual.objects.exists()

    made = api.post(
        base, {"title": "Sunday call", "rrule": "FREQ=WEEKLY;BYDAY=SU,WE", "time": "18:30"}
    )
    assert made.status_code == 201
    body = made.json()
    assert (
        body["rrule"] == "FREQ=WEEKLY;BYDAY=WE,SU"
        and body["schedule"] == "Wednesdays and Sundays at 18:30"
    )
    changed = api.patch(
        f"{base}/{body['id']}/schedule", {"frequency": "monthly", "day_of_month": 3}
    )
    assert changed.status_code == 200
    assert (
        changed.json()["rrule"] == "FREQ=MONTHLY;BYMONTHDAY=3" and changed.json()["time"] == "18:30"
    )
    assert Ritual.objects.get().schedule_version == 2
    assert api.get(f"{base}/{body['id']}").json()["frequency"] == "monthly"
    done = api.post(f"{base}/{body['id']}/done", {})
    assert done.status_code == 201
    assert api.post(f"{base}/{body['id']}/done", {}).status_code == 409
    assert (
        api.post(f"{base}/{body['id']}/done", {"on": "yesterday"}).json()["error"]["code"]
        == "invalid_date"
    )
    assert api.get(f"{base}/unknown-ritual-id").status_code == 404
    assert api.delete(f"{base}/{body['id']}").status_code == 200
    assert not Ritual.objects.exists()


def _parse(ics: bytes) -> list:
    cal = Calendar.from_ical(ics)
    return list(cal.walk("VEVENT"))


def test_ics_round_trips_with_the_same_recurrence_on_each_persons_clock(pair):
    mine, theirs = pair
    theirs.user.time_zone = "America/New_York"
    theirs.user.save()
    services.add_ritual(
        mine,
        title="Sunday call",
        note="our secret words",
        frequency="weekly",
        days=["SU", "WE"],
        at_time="18:30",
    )
    services.add_ritual(
        mine, idea_id="handwritten-note", frequency="monthly", day_of_month=15, at_time="10:00"
    )
    services.add_ritual(mine, idea_id="photo-of-my-day")  # weekdays at 13:00

    response = client_for(theirs.user).get("/rituals/calendar/toward-rituals.ics")
    assert (
        response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    )
    events = {str(e["SUMMARY"]): e for e in _parse(response.content)}
    assert set(events) == {"Sunday call", "A handwritten note", "A photo from my day"}
    rules = {name: e["RRULE"].to_ical().decode() for name, e in events.items()}
    assert rules == {
        "Sunday call": "FREQ=WEEKLY;BYDAY=WE,SU",
        "A handwritten note": "FREQ=MONTHLY;BYMONTHDAY=15",
        "A photo from my day": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    }
    start = events["Sunday call"]["DTSTART"].dt
    assert start.tzinfo is not None and str(start.tzinfo) == "America/New_York"
    assert start.time() == time(18, 30)
    assert start.strftime("%a") in ("Wed", "Sun")  # DTSTART is itself an occurrence
    assert events["A handwritten note"]["DTSTART"].dt.day == 15
    assert events["A photo from my day"]["DTSTART"].dt.weekday() < 5
    assert "VTIMEZONE" in response.content.decode()
    assert b"secret words" not in response.content and b"Bob" not in response.content

    # the API gives the same calendar for Alice, on her clock
    ics = ApiClient(mine.user).get("/rituals/calendar").json()["ics"].encode()
    alice = {str(e["SUMMARY"]): e for e in _parse(ics)}
    assert alice["Sunday call"]["RRULE"].to_ical() == events["Sunday call"]["RRULE"].to_ical()
    assert str(alice["Sunday call"]["DTSTART"].dt.tzinfo) == "UTC"


def test_private_feed_address_works_until_revoked_and_only_its_hash_is_kept(pair):
    mine, _ = pair
    services.add_ritual(mine, idea_id="weekly-walk")
    client = client_for(mine.user)
    page = page_text(client.post("/rituals/calendar/"))
    url = re.search(r"http://\S+/rituals/feed/(\S+)\.ics", page)
    assert url is not None
    token = url.group(1)
    assert not CalendarFeed.objects.filter(token_hash=token).exists()  # a hash, not the secret
    anonymous = Client()
    feed = anonymous.get(f"/rituals/feed/{token}.ics")
    assert feed.status_code == 200
    assert [str(e["SUMMARY"]) for e in _parse(feed.content)] == ["A walk together"]

    newer = ApiClient(mine.user).post("/rituals/calendar/feed")
    assert newer.status_code == 201
    assert anonymous.get(f"/rituals/feed/{token}.ics").status_code == 404  # the old one stopped
    new_token = newer.json()["url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert anonymous.get(f"/rituals/feed/{new_token}.ics").status_code == 200
    client.post("/rituals/calendar/", {"action": "revoke"})
    assert anonymous.get(f"/rituals/feed/{new_token}.ics").status_code == 404
    assert anonymous.get("/rituals/feed/not-a-real-token-at-all-xyz.ics").status_code == 404


def test_export_leave_and_the_space_panel(pair):
    mine, theirs = pair
    ritual = services.add_ritual(mine, idea_id="three-good-things")
    services.we_did_it(theirs, ritual)
    exported = hooks.exporters()["rituals"](theirs.user)
    assert exported["rituals"][0]["title"] == "Three good things"
    assert len(exported["rituals"][0]["done_on"]) == 1
    space_page = page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/"))
    assert "Three good things" in space_page
    from toward.spaces import services as spaces

    spaces.leave_space(theirs)
    assert hooks.exporters()["rituals"](theirs.user)["rituals"] == []


def test_next_time_is_read_on_each_persons_own_clock(pair):
    mine, theirs = pair
    theirs.user.time_zone = "Asia/Tokyo"
    theirs.user.save()
    ritual = services.add_ritual(mine, title="Call", frequency="daily", at_time="21:00")
    now = datetime(2026, 12, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    mine_next = services.view_ritual(mine, ritual, now=now).next_at
    theirs_next = services.view_ritual(theirs, ritual, now=now).next_at
    assert mine_next.astimezone(zoneinfo.ZoneInfo("UTC")).hour == 21
    assert theirs_next.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).hour == 21


def test_cli_writes_the_same_calendar(pair, tmp_path):
    from click.testing import CliRunner

    from toward.cli import cli

    mine, _ = pair
    services.add_ritual(mine, idea_id="slow-breakfast")
    target = tmp_path / "rituals.ics"
    result = CliRunner().invoke(cli, ["rituals", "calendar", "alice@example.com", str(target)])
    assert result.exit_code == 0, result.output
    [event] = _parse(target.read_bytes())
    assert str(event["SUMMARY"]) == "A slow breakfast together"
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=SU"
    unknown = CliRunner().invoke(cli, ["rituals", "calendar", "nobody@example.com", "-"])
    assert unknown.exit_code == 1 and "No account uses the email" in unknown.output
