"""Neutral surfaces (SAFETY-CHECKLIST item 29): what can be seen outside the app — a page's title
in a tab or history, a URL, an email's subject and body, a notice's words — never carries what
someone wrote, the question being asked, or the other person's name. Canaries are planted in
everything the pair writes, every kind of invitation is sent through the real services, then
every outbound artefact is scanned."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.formwalk import page_routes
from toward.accounts import services as accounts
from toward.checkins import appreciations
from toward.decks import services as decks
from toward.exercises import services as exercises
from toward.experiences import services as experiences
from toward.nudges.models import Notice
from toward.repair import pauses
from toward.repair import services as repair
from toward.spaces import services as spaces

NAMES = ("Philippa", "Zebulon")
CANARY = "canary-surface-"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HREF = re.compile(r'(?:href|action|src)="([^"]+)"')


@pytest.fixture
def named_pair(db):
    first = accounts.sign_up(email="p@example.com", password=PASSWORD, display_name=NAMES[0])
    second = accounts.sign_up(email="z@example.com", password=PASSWORD, display_name=NAMES[1])
    mine = spaces.create_space(first, relationship_type="friendship", name="Our corner")
    theirs = spaces.join_space(second, code=spaces.create_invitation(mine).code, name="Corner")
    mine.space.refresh_from_db()
    return mine, theirs


def _send_every_kind_of_invitation(mine, theirs) -> list[str]:
    """Everything that tells the other person something, with canaries in all that is typed.
    Returns the question texts asked, which must not travel either."""
    asked = []
    for n, (asker, answerer) in enumerate(((mine, theirs), (theirs, mine))):
        exchange = decks.ask_any(asker)
        asked.append(exchange.question_text)
        decks.answer(asker, exchange, f"{CANARY}answer-{n}")
        decks.answer(answerer, exchange, f"{CANARY}reply-{n}")
    exercises.start(mine, exercises.guides()[0].id, minutes=5)
    plan = experiences.propose(
        mine,
        when=timezone.now() + timedelta(days=3),
        title=f"{CANARY}plan",
        note=f"{CANARY}plan-note",
    )
    experiences.accept(theirs, plan)
    pause = pauses.ask_for_pause(theirs, minutes=30, note=f"{CANARY}pause-note")
    pauses.end_pause(theirs, pause)
    row = repair.start_repair(mine)
    parts = {k: f"{CANARY}{k}" for k in repair.PART_IDS}
    repair.write_parts(mine, row, **parts)
    appreciations.add_appreciation(
        theirs, did=f"{CANARY}did", felt=f"{CANARY}felt", says=f"{CANARY}says"
    )
    return asked


def _client(user) -> Client:
    client = Client()
    assert client.post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def test_titles_urls_emails_and_notices_carry_no_words_names_or_questions(named_pair):
    mine, theirs = named_pair
    mail.outbox.clear()
    asked = _send_every_kind_of_invitation(mine, theirs)
    notices = list(Notice.objects.all())
    assert len(notices) >= 4 and len(mail.outbox) >= 2  # the scan has something to read

    outbound = []
    for notice in notices:
        outbound += [("notice title", notice.title), ("notice link", notice.url)]
    for message in mail.outbox:
        outbound += [("email subject", message.subject), ("email body", message.body)]

    urls = page_routes((mine, theirs))
    for who, membership in ((NAMES[0], mine), (NAMES[1], theirs)):
        client = _client(membership.user)
        for url in urls:
            response = client.get(url)
            outbound.append((f"url seen by {who}", url))
            if "Location" in response:
                outbound.append((f"redirect for {who} from {url}", response["Location"]))
            if response.get("Content-Type", "").startswith("text/html"):
                body = response.content.decode()
                outbound += [(f"title of {url}", t) for t in TITLE.findall(body)]
                outbound += [(f"link on {url}", link) for link in HREF.findall(body)]

    forbidden = [CANARY, *NAMES, *(q for q in asked if q)]
    leaks = [
        (where, text[:120])
        for where, text in outbound
        for word in forbidden
        if word.lower() in text.lower()
    ]
    assert not leaks, leaks
    titles = {text for where, text in outbound if where.startswith("title of")}
    assert titles and all(t.startswith("Toward") for t in titles), titles  # "Toward — Learn"
