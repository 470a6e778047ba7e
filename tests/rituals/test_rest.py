"""Rest (PRODUCT.md 3.14): recharging pauses every notice and email to that person, the other
member sees only "taking some quiet time", quiet hours on each person's clock, the bell, and a
pair's own weekly limit on deep conversations."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

import pytest
from django.core import mail

from tests.conftest import ApiClient, client_for, page_text
from toward.decks import together
from toward.nudges import services as nudges
from toward.nudges.models import Notice
from toward.repair import pauses

pytestmark = pytest.mark.django_db


def test_notify_is_skipped_while_recharging_and_emails_are_neutral(pair):
    mine, theirs = pair
    bob = theirs.user
    nudges.start_recharging(bob, duration="day")
    assert nudges.is_recharging(bob)
    assert nudges.notify(bob, kind="ritual", title="A gentle reminder", url="/rituals/") is False
    assert not Notice.objects.filter(user=bob).exists() and mail.outbox == []
    nudges.stop_recharging(bob)
    assert nudges.notify(bob, kind="ritual", title="A gentle reminder", url="/rituals/") is True
    assert Notice.objects.filter(user=bob).count() == 1
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    assert "gentle reminder" not in mail.outbox[0].body  # same neutral words for everything
    assert mail.outbox[0].subject == "Toward — something new for you"


def test_the_pause_reminder_waits_too_while_recharging(pair):
    mine, theirs = pair
    nudges.start_recharging(theirs.user, duration="until_off")
    pauses.ask_for_pause(mine, minutes=30)
    assert pauses.notices_for(theirs) == [] and mail.outbox == []


def test_the_other_member_sees_only_the_neutral_line(pair):
    mine, theirs = pair
    client = client_for(theirs.user)
    response = client.post("/rest/recharging/", {"duration": "few_days"})
    assert response.status_code == 302
    own = page_text(client.get("/rest/"))
    assert "You're recharging until" in own and "I'm back" in own
    seen = page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/"))
    assert "Bob is taking some quiet time." in seen
    assert "until" not in seen.split("taking some quiet time")[1][:80]
    assert "recharging" not in seen.lower()
    pace = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/pace").json()
    assert pace["partner_rest"] == "taking some quiet time"
    assert set(pace) == {
        "deep_dives_per_week",
        "deep_dives_this_week",
        "deep_dive_allowed",
        "partner_rest",
    }
    # back again: the line is gone
    client.post("/rest/recharging/", {"action": "stop"})
    assert "quiet time" not in page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/"))
    assert ApiClient(mine.user).get(f"/spaces/{mine.space_id}/pace").json()["partner_rest"] is None


def test_quiet_hours_on_each_persons_clock(alice):
    alice.time_zone = "America/New_York"
    alice.save()
    utc = zoneinfo.ZoneInfo("UTC")
    late = datetime(2027, 1, 5, 3, 30, tzinfo=utc)  # 22:30 on 4 January in New York
    moved = nudges.next_allowed_time(alice, late)
    assert (
        moved.astimezone(zoneinfo.ZoneInfo("America/New_York")).isoformat()
        == "2027-01-05T08:00:00-05:00"
    )
    midday = datetime(2027, 1, 5, 17, 0, tzinfo=utc)
    assert nudges.next_allowed_time(alice, midday) == midday
    nudges.set_quiet_hours(alice, start="01:00", end="06:00")  # within one night
    assert nudges.next_allowed_time(alice, late) == late
    nudges.set_quiet_hours(alice, start="09:00", end="09:00")  # none
    assert nudges.next_allowed_time(alice, late) == late


def test_rest_page_bad_input_keeps_what_was_typed(alice):
    client = client_for(alice)
    bad = client.post(
        "/rest/quiet-hours/",
        {"quiet_start": "half ten", "quiet_end": "07:00", "time_zone": "Europe/Berlin"},
    )
    assert bad.status_code == 400
    text = page_text(bad)
    assert "should look like 07:30" in text and 'value="half ten"' in text
    zone = client.post(
        "/rest/quiet-hours/",
        {"quiet_start": "22:00", "quiet_end": "07:00", "time_zone": "Mars/Olympus"},
    )
    assert zone.status_code == 400 and "time zone" in page_text(zone)
    ok = client.post(
        "/rest/quiet-hours/",
        {"quiet_start": "21:30", "quiet_end": "07:00", "time_zone": "Europe/Berlin"},
    )
    assert ok.status_code == 302
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/Berlin"
    api = ApiClient(alice)
    assert api.get("/rest").json()["quiet_start"] == "21:30"
    assert (
        api.patch("/rest/recharging", {"recharging": True, "duration": "forever"}).json()["error"][
            "code"
        ]
        == "invalid_duration"
    )
    assert (
        api.patch("/rest/quiet-hours", {"quiet_start": "22", "quiet_end": "07:00"}).status_code
        == 400
    )


def test_the_bell_counts_unread_notices_and_opening_one_reads_it(alice):
    nudges.notify(
        alice, kind="ritual", title="A gentle reminder: A walk together, at 10:00", url="/rituals/"
    )
    client = client_for(alice)
    home = page_text(client.get("/"))
    assert 'aria-label="1 new"' in home
    notice = Notice.objects.get(user=alice)
    opened = client.post(f"/notices/{notice.id}/open/")
    assert opened.status_code == 302 and opened["Location"] == "/rituals/"
    assert 'aria-label="1 new"' not in page_text(client.get("/notices/"))
    listed = ApiClient(alice).get("/notices").json()
    assert listed[0]["read"] is True and listed[0]["title"].startswith("A gentle reminder")


def test_a_pair_can_set_a_weekly_limit_on_deep_conversations(pair):
    mine, theirs = pair
    client = client_for(mine.user)
    bad = client.post(
        f"/spaces/{mine.space_id}/pace/", {f"pace-{mine.space_id}-deep_dives_per_week": "12"}
    )
    assert bad.status_code == 400 and "from 1 to 7 a week" in page_text(bad)
    client.post(
        f"/spaces/{mine.space_id}/pace/", {f"pace-{mine.space_id}-deep_dives_per_week": "1"}
    )
    together.start_three_level(mine)
    response = client.post(f"/spaces/{mine.space_id}/questions/conversation/", follow=True)
    text = page_text(response)
    assert "You set a limit of 1 deep conversation a week" in text and "Rest is part of it" in text
    assert 'class="error"' not in text.split("You set a limit")[0][-200:]
    assert (
        ApiClient(theirs.user).get(f"/spaces/{theirs.space_id}/pace").json()["deep_dive_allowed"]
        is False
    )
