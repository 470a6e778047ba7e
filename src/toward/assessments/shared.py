"""The shared-language view of expression styles: where two people meet, where they differ, and
two or three habits that bridge the gap. A pure function of two shared results.

- Each answer (0 to 4) reads through the file's bands: the top band ("speaks loudest") is high,
  the bottom band ("quieter") is low.
- They meet on a style both like to receive (both high), or where one gives a lot of what the
  other likes to receive.
- They differ where one likes to receive a style (high) that the other gives little of (low).
- Directness and quiet: both high, both low, or two steps or more apart.
- Bridges: the first bridge of each style where they differ, then the second ones, then the
  general bridges; three in all, each said once.

Never a score of the other person: only words, and only from results both chose to share.
"""

from __future__ import annotations

from dataclasses import dataclass

from toward.content.assessments_schema import Assessment, Band, Bridge, StyleInfo

BRIDGES = 3  # two or three habits: enough to choose from, few enough to try


@dataclass(frozen=True)
class StyleRow:
    style: StyleInfo
    mine: dict[str, Band]  # {"give": band, "receive": band}
    theirs: dict[str, Band]


@dataclass(frozen=True)
class SharedLanguage:
    rows: list[StyleRow]
    meet: list[str]
    differ: list[str]
    manner: list[tuple[str, str]]  # (title, sentence)
    bridges: list[Bridge]


def _level(assessment: Assessment, value: int) -> Band:
    return next(b for b in assessment.bands if b.min <= value <= b.max)


def compare(
    assessment: Assessment,
    mine: dict[str, dict[str, int]],
    theirs: dict[str, dict[str, int]],
    my_manner: dict[str, int],
    their_manner: dict[str, int],
    name: str,
) -> SharedLanguage:
    copy = assessment.shared
    assert copy is not None  # the content checks require it for kind: styles
    ordered = sorted(assessment.bands, key=lambda b: b.min)
    low, high = ordered[0], ordered[-1]
    rows, meet, differ, gaps = [], [], [], []
    for style in assessment.styles:
        me = {d: _level(assessment, mine[style.id][d]) for d in ("give", "receive")}
        them = {d: _level(assessment, theirs[style.id][d]) for d in ("give", "receive")}
        rows.append(StyleRow(style, me, them))
        fill = {"phrase": style.receive_phrase, "name": name}
        if me["receive"] == high and them["receive"] == high:
            meet.append(copy.both_receive.format(**fill))
        elif me["give"] == high and them["receive"] == high:
            meet.append(copy.you_give_they_receive.format(**fill))
        elif them["give"] == high and me["receive"] == high:
            meet.append(copy.they_give_you_receive.format(**fill))
        if me["receive"] == high and them["give"] == low:
            differ.append(copy.you_receive_they_give_less.format(**fill))
            gaps.append(style)
        if them["receive"] == high and me["give"] == low:
            differ.append(copy.they_receive_you_give_less.format(**fill))
            if style not in gaps:
                gaps.append(style)
    manner = []
    for way in assessment.manner:
        a, b = my_manner.get(way.item), their_manner.get(way.item)
        if a is None or b is None:
            continue
        if _level(assessment, a) == high and _level(assessment, b) == high:
            manner.append((way.title, way.both_high))
        elif _level(assessment, a) == low and _level(assessment, b) == low:
            manner.append((way.title, way.both_low))
        elif abs(a - b) >= 2:
            manner.append((way.title, way.differ))
    pool = [s.bridges[0] for s in gaps] + [s.bridges[1] for s in gaps]
    bridges: list[Bridge] = []
    for bridge in pool + list(assessment.general_bridges):
        if bridge not in bridges and len(bridges) < BRIDGES:
            bridges.append(bridge)
    return SharedLanguage(
        rows=rows,
        meet=meet or [copy.no_meeting],
        differ=differ or [copy.no_gap],
        manner=manner,
        bridges=bridges,
    )
