"""The Learn library: content that checks its own links, search without JavaScript, printable and
offline pages."""

from __future__ import annotations

import shutil

import pytest
from django.test import Client

from tests.conftest import client_for, page_text
from toward.content import library
from toward.content.loader import ContentError, load
from toward.content.schema import EXPLAINER_WORDS, Explainer
from toward.learn import services

ISSUE_TOPICS = [
    "what-intimacy-is",
    "four-pillars",
    "technique-and-attunement",
    "common-barriers",
    "bids-for-connection",
    "rupture-and-repair",
    "emotional-safety",
    "meta-communication",
    "emotional-resonance",
    "emotional-labour-and-burnout",
    "cultures-and-feeling",
    "friends-and-family",
    "when-to-see-a-therapist",
    "fear-or-control",
]


def test_the_library_has_twenty_explainers_covering_the_issue():
    ids = {e.id for e in library.explainers()}
    assert len(ids) >= 20
    assert set(ISSUE_TOPICS) <= ids


@pytest.mark.parametrize("explainer", library.explainers(), ids=lambda e: e.id)
def test_every_explainer_is_sourced_short_and_ends_with_a_practice(explainer):
    low, high = EXPLAINER_WORDS
    assert low <= explainer.words() <= high
    assert 2 <= explainer.minutes <= 4
    assert explainer.sources and all(s.cite for s in explainer.sources)
    practice_ids = {p.id for p in library.practices().items}
    assert 1 <= len(explainer.try_next) <= 2
    assert all(t.practice in practice_ids for t in explainer.try_next)


def test_the_faq_answers_the_questions_the_issue_names():
    ids = {item.id for item in library.learn_faq().items}
    assert {
        "how-long",
        "wont-try",
        "after-betrayal",
        "codependency",
        "introverts",
        "without-physical",
    } <= ids


def _copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(library.DATA_DIR, target)
    return target


def test_content_check_catches_a_link_to_a_practice_that_does_not_exist(tmp_path):
    data = _copy(tmp_path)
    path = data / "learn" / "meta-communication.yaml"
    path.write_text(path.read_text().replace("practice: message-coach", "practice: no-such-thing"))
    problems = [str(p) for p in library.check_all(data)]
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:")
    assert "no-such-thing" in problems[0]
    line = int(problems[0].split(":")[1])
    assert "no-such-thing" in path.read_text().splitlines()[line - 1]


def test_content_check_catches_an_explainer_without_sources(tmp_path):
    data = _copy(tmp_path)
    path = data / "learn" / "vulnerability.yaml"
    text = path.read_text()
    start, end = text.index("sources:"), text.index("try_next:")
    path.write_text(text[:start] + "sources: []\n" + text[end:])
    with pytest.raises(ContentError) as caught:
        load(path, Explainer)
    assert "sources" in str(caught.value)


def test_content_check_command_reports_a_broken_link(tmp_path):
    from click.testing import CliRunner

    from toward.cli import cli

    data = _copy(tmp_path)
    path = data / "pillars.yaml"
    path.write_text(path.read_text().replace("[check-in, listening", "[nope-practice, listening"))
    result = CliRunner().invoke(cli, ["content", "check", "--data-dir", str(data)])
    assert result.exit_code == 1
    assert "nope-practice" in result.output


def test_search_finds_by_title_keyword_and_body_and_ranks_the_title_first():
    results = services.search("repair")
    assert results.explainers[0].id == "rupture-and-repair"
    assert "trust" in {e.pillar for e in results.explainers if e.pillar}
    assert services.search("feelings").explainers
    assert services.search("Gottman bids").explainers[0].id == "bids-for-connection"
    assert services.search("zzzqqq").explainers == []
    assert services.search("").explainers == []
    assert services.search("introvert").faq


@pytest.mark.django_db
def test_index_search_works_without_javascript(alice):
    client = client_for(alice)
    response = client.get("/learn/", {"q": "rupture"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Rupture and repair" in text
    assert 'name="q" value="rupture"' in response.content.decode()
    nothing = page_text(client.get("/learn/", {"q": "x" * 5000}))
    assert "Nothing found" in nothing


@pytest.mark.django_db
def test_explainer_page_links_its_practices_and_sources(alice):
    response = client_for(alice).get("/learn/rupture-and-repair/")
    text = page_text(response)
    assert response.status_code == 200
    assert "Rupture and repair" in text and "Tronick" in text
    assert "Something to try" in text
    assert "minutes to read" in text


@pytest.mark.django_db
def test_fear_or_control_links_the_safety_page(alice):
    response = client_for(alice).get("/learn/fear-or-control/")
    assert 'href="/safety/"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_explainer_is_a_plain_404(alice):
    assert client_for(alice).get("/learn/no-such-thing/").status_code == 404


@pytest.mark.django_db
def test_the_faq_page_and_the_offline_file(alice):
    client = client_for(alice)
    faq = page_text(client.get("/learn/questions/"))
    assert "What if the other person won't try?" in faq
    offline = client.get("/learn/offline/")
    assert offline.status_code == 200
    assert offline["Content-Disposition"].startswith("attachment")
    body = offline.content.decode()
    assert "<style>" in body and "<script" not in body and "stylesheet" not in body
    assert body.count("<article") == len(library.explainers()) + 1


def test_learn_pages_are_public_content():
    assert Client().get("/learn/what-intimacy-is/").status_code == 200


def test_print_styles_exist_for_explainers():
    from pathlib import Path

    css = Path(library.__file__).parents[1] / "core" / "static" / "toward" / "toward.css"
    text = css.read_text()
    assert "@media print" in text and ".learn-article" in text


def test_the_index_groups_every_explainer_once_newcomers_first():
    groups = services.grouped()
    assert groups[0].title == "Start here"
    assert "what-intimacy-is" in {e.id for e in groups[0].explainers}
    listed = [e.id for g in groups for e in g.explainers]
    assert sorted(listed) == sorted(e.id for e in library.explainers())


@pytest.mark.django_db
def test_a_practice_can_link_to_why_it_works(alice):
    text = page_text(client_for(alice).get("/learn/", {"practice": "check-in"}))
    assert "Why daily check-in works" in text
    assert "Finding the words for what you feel" in text
    unknown = page_text(client_for(alice).get("/learn/", {"practice": "nope"}))
    assert "works" not in unknown.split("Search the library")[0]
