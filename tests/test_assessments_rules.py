"""The scoring and recommendation rules of the self-assessments, read from the content files.

No database: these are pure functions over content/data/assessments/*.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from toward.assessments import recommend, scoring, shared
from toward.assessments.recommend import Suggestion
from toward.content.assessments_schema import Assessment
from toward.content.library import assessments
from toward.content.loader import ContentError, load
from toward.core.errors import ServiceError

SCORED = [a for a in assessments() if a.kind == "score"]
STYLES = next(a for a in assessments() if a.kind == "styles")


def by_id(assessment_id: str) -> Assessment:
    return next(a for a in assessments() if a.id == assessment_id)


def answers_for(assessment: Assessment, target: int) -> dict[str, int]:
    """Answers whose total is exactly `target`: heaviest items first, each as high as fits."""
    values = assessment.values
    remaining = target - assessment.score_range()[0]
    answers = {}
    items = sorted(assessment.items, key=lambda i: -assessment.weight(i.id))
    for item in items:
        floor = min(assessment.points(item.id, v) for v in values)
        best = max(
            (v for v in values if assessment.points(item.id, v) - floor <= remaining),
            key=lambda v: assessment.points(item.id, v),
        )
        answers[item.id] = best
        remaining -= assessment.points(item.id, best) - floor
    assert remaining == 0, f"{assessment.id}: cannot reach {target}"
    return answers


def boundaries():
    """Every band's lowest and highest score, in every scored questionnaire."""
    for a in SCORED:
        for band in a.bands:
            for score in sorted({band.min, band.max}):
                yield pytest.param(a.id, score, band.id, id=f"{a.id}-{score}-{band.id}")


def test_every_questionnaire_of_the_product_is_there():
    assert {a.id for a in assessments()} == {
        "connection-builder",
        "meta-communication",
        "deep-connection",
        "missing-intimacy",
        "ready-to-rebuild",
        "expression-styles",
    }


@pytest.mark.parametrize(("assessment_id", "score", "band_id"), list(boundaries()))
def test_each_band_boundary_scores_into_its_band(assessment_id, score, band_id):
    a = by_id(assessment_id)
    answers = answers_for(a, score)
    scored = scoring.score(a, scoring.clean_answers(a, answers))
    assert scored.score == score
    assert scored.band.id == band_id


@pytest.mark.parametrize("assessment", SCORED, ids=lambda a: a.id)
def test_bands_tile_the_whole_range(assessment):
    low, high = assessment.score_range()
    covered = [s for b in assessment.bands for s in range(b.min, b.max + 1)]
    assert sorted(covered) == list(range(low, high + 1))


def test_the_connection_builder_follows_the_product_thresholds():
    a = by_id("connection-builder")
    band = {s: scoring.band_for(a, s).title for s in range(11)}
    assert {band[s] for s in range(0, 5)} == {"A good place to start"}  # below five
    assert {band[s] for s in range(5, 8)} == {"Keep going"}
    assert {band[s] for s in range(8, 11)} == {"On a good path"}  # eight or more


def test_a_reverse_scored_item_counts_the_other_way():
    a = by_id("meta-communication")
    calm = {i.id: 4 for i in a.items} | {"keep-going": 0}
    heated = calm | {"keep-going": 4}
    assert scoring.score(a, calm).score == 24
    assert scoring.score(a, heated).score == 20


def test_weights_count_double():
    a = by_id("deep-connection")
    none = {i.id: 0 for i in a.items}
    assert scoring.score(a, none | {"curious": 1}).score == 2
    assert scoring.score(a, none | {"ours": 1}).score == 1


@pytest.mark.parametrize(("value", "level"), [(0, "quieter"), (1, "quieter"), (2, "sometimes"),
                                              (3, "loud"), (4, "loud")])  # fmt: skip
def test_expression_style_levels_have_inclusive_boundaries(value, level):
    assert shared._level(STYLES, value).id == level


def test_the_safety_note_follows_the_fear_item():
    a = by_id("missing-intimacy")
    base = {i.id: 0 for i in a.items}
    assert not scoring.score(a, base | {"wary": 2}).safety
    assert scoring.score(a, base | {"wary": 3}).safety


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        ("not a dict", "invalid_answers", None),
        ({}, "missing_answers", "check-feelings"),
        ({"check-feelings": 1}, "missing_answers", "nonverbal"),
        ({"nope": 1}, "unknown_item", "nope"),
        ("all", "out_of_range", "check-feelings"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_reason(raw, code, field):
    a = by_id("connection-builder")
    if raw == "all":
        raw = {i.id: 1 for i in a.items} | {"check-feelings": 2}
    with pytest.raises(ServiceError) as caught:
        scoring.clean_answers(a, raw)
    assert caught.value.code == code
    assert caught.value.field == field


def test_booleans_and_strings_that_are_not_numbers_are_out_of_range():
    a = by_id("connection-builder")
    for bad in (True, "yes", 1.5, None):
        raw = {i.id: 1 for i in a.items} | {"rituals": bad}
        with pytest.raises(ServiceError):
            scoring.clean_answers(a, raw)


# --- the content checks -----------------------------------------------------------------------

VALID = Path(__file__).resolve().parents[1] / "src/toward/content/data/assessments"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("max: 4\n", "max: 5\n"), "overlap"),
        (("min: 5\n", "min: 6\n"), "gap"),
        (("max: 10\n", "max: 9\n"), "highest possible score is 10"),
        (("groups:\n", "weights:\n  no-such-item: 2\ngroups:\n"), "no-such-item"),
        (("reverse: [keep-going]", "reverse: [keep-gone]"), "keep-gone"),
        (("practices: [check-in, rituals, questions]", "practices: [check-in, knitting]"),
         "knitting"),
        (("    items: [rituals]\n", "    items: [ritual]\n"), "does not exist: 'ritual'"),
    ],
)  # fmt: skip
def test_broken_scoring_rules_are_refused_at_load(tmp_path, change, message):
    name = "meta-communication.yaml" if "keep-go" in change[0] else "connection-builder.yaml"
    text = (VALID / name).read_text()
    assert change[0] in text
    broken = tmp_path / name
    broken.write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(ContentError) as caught:
        load(broken, Assessment)
    assert message in str(caught.value)


def test_a_bridge_to_an_unknown_ritual_is_refused(tmp_path):
    text = (VALID / "expression-styles.yaml").read_text()
    broken = tmp_path / "x.yaml"
    broken.write_text(text.replace("ritual: weekly-walk", "ritual: moon-landing", 1))
    with pytest.raises(ContentError, match="moon-landing"):
        load(broken, Assessment)


# --- the recommendation rule ------------------------------------------------------------------

ALL_NO = {i.id: 0 for i in by_id("connection-builder").items}
ALL_YES = {i.id: 1 for i in by_id("connection-builder").items}
SIX = ALL_YES | {"rituals": 0, "unplugging": 0, "silence": 0, "nonverbal": 0}  # 6: keep going
FEELINGS = 'Asking about feelings and saying "that makes sense" are small habits that grow fast.'
GOOD_PATH = "It keeps alive what is already working between you."
KEEP = "You've been doing this lately; keeping it going is worth more than adding more."
ATTENTION = "A few minutes of full, unplugged attention is where noticing each other begins."


@pytest.mark.parametrize(
    ("answers", "recent", "available", "expected"),
    [
        # starting out: the lowest groups first, something new, two of them
        (ALL_NO, set(), None,
         [Suggestion("check-in", FEELINGS), Suggestion("listening", FEELINGS)]),
        # already checking in: prefer what they are not doing yet
        (ALL_NO, {"check-in"}, None,
         [Suggestion("listening", FEELINGS), Suggestion("exercises", ATTENTION)]),
        # on a good path: one suggestion, and keeping what works comes first
        (ALL_YES, set(), None, [Suggestion("rituals", GOOD_PATH)]),
        (ALL_YES, {"check-in"}, None, [Suggestion("check-in", KEEP, keep=True)]),
        # a practice whose page is not built is never suggested
        (ALL_YES, set(), {"check-in", "questions"}, [Suggestion("check-in", GOOD_PATH)]),
        # keep going: the group that scored low (attention) leads
        (SIX, set(), None,
         [Suggestion("exercises", ATTENTION), Suggestion("rituals", ATTENTION)]),
        # doing everything suggested already: encouragement to keep two of them
        (SIX, {"exercises", "rituals", "check-in", "questions"}, None,
         [Suggestion("exercises", KEEP, keep=True), Suggestion("rituals", KEEP, keep=True)]),
        # doing one: the new one first, then the one to keep
        (SIX, {"exercises", "check-in", "questions"}, {"exercises", "rituals", "check-in"},
         [Suggestion("rituals", ATTENTION), Suggestion("exercises", KEEP, keep=True)]),
    ],
)  # fmt: skip
def test_the_recommendation_rule(answers, recent, available, expected):
    a = by_id("connection-builder")
    scored = scoring.score(a, answers)
    assert recommend.recommend(scored, recent=recent, available=available) == expected


def test_expression_styles_suggest_for_the_style_received_most():
    answers = {i.id: 1 for i in STYLES.items} | {"time-receive": 4, "words-receive": 3}
    found = recommend.recommend(scoring.score(STYLES, answers), recent=set())
    assert [s.practice for s in found] == ["rituals", "check-in"]  # time first, then words
    assert found[0].reason.startswith("Time together speaks loudest")
    assert found[1].reason.startswith("Words speak loudest")


@pytest.mark.parametrize("assessment", assessments(), ids=lambda a: a.id)
@pytest.mark.parametrize("value_index", [0, 1, -1])
def test_never_more_than_two_suggestions(assessment, value_index):
    answers = {i.id: assessment.values[value_index] for i in assessment.items}
    for recent in (set(), {"check-in", "rituals", "repair", "questions"}):
        found = recommend.recommend(scoring.score(assessment, answers), recent=recent)
        assert 1 <= len(found) <= 2
        assert all(s.reason for s in found)


# --- the shared language ------------------------------------------------------------------------


def profile(**high) -> dict[str, dict[str, int]]:
    """Everyone at 2 ("sometimes") except the given style_direction=value."""
    out = {s: {"give": 2, "receive": 2} for s in ("words", "touch", "time", "gestures")}
    for key, value in high.items():
        style, direction = key.split("_")
        out[style][direction] = value
    return out


def test_where_they_meet_and_differ():
    mine = profile(words_give=4, touch_receive=4, time_receive=3)
    theirs = profile(words_receive=4, touch_give=0, time_receive=4)
    found = shared.compare(STYLES, mine, theirs, {"direct": 4}, {"direct": 0}, "Bob")
    assert "What you give through words is just what Bob likes to receive." in found.meet
    assert "You both feel cared for through time together." in found.meet
    assert found.differ == [
        "You like to receive care through touch; Bob shows care that way less often."
    ]
    touch = next(s for s in STYLES.styles if s.id == "touch")
    assert found.bridges[:2] == touch.bridges[:2]
    assert len(found.bridges) == 3
    assert [title for title, _ in found.manner] == ["Saying it straight out"]


def test_the_same_language_has_no_gap_and_general_bridges():
    same = profile(time_give=4, time_receive=4)
    found = shared.compare(STYLES, same, same, {"quiet": 4}, {"quiet": 3}, "Sam")
    assert found.meet == ["You both feel cared for through time together."]
    assert found.differ == [STYLES.shared.no_gap]
    assert found.bridges == STYLES.general_bridges[:3]
    assert found.manner == [("Closeness in quiet", STYLES.manner[1].both_high)]


def test_two_gaps_give_one_bridge_each_first():
    mine = profile(words_receive=4, gestures_give=0)
    theirs = profile(words_give=0, gestures_receive=4)
    found = shared.compare(STYLES, mine, theirs, {}, {}, "Sam")
    words = next(s for s in STYLES.styles if s.id == "words")
    gestures = next(s for s in STYLES.styles if s.id == "gestures")
    assert found.bridges == [words.bridges[0], gestures.bridges[0], words.bridges[1]]
    assert found.meet == [STYLES.shared.no_meeting]
