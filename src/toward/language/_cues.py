"""Hand-written cue features that help the linear models generalise past their examples.

A cue only adds a feature; how much it counts is learned in training, so a cue that misleads
on real text is simply weighted down. The phrase lists come from the relationship
literature's descriptions of each pattern (Gottman's four horsemen and the "you always /
you never" form of criticism) and from everyday emotion words, written by us.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_TRAITS = [
    "selfish",
    "lazy",
    "useless",
    "hopeless",
    "thoughtless",
    "careless",
    "inconsiderate",
    "irresponsible",
    "rude",
    "mean",
    "pathetic",
    "stupid",
    "dumb",
    "thick",
    "idiot",
    "moron",
    "loser",
    "joke",
    "slob",
    "mess",
    "failure",
    "liar",
    "cheat",
    "flake",
    "childish",
    "immature",
    "disgusting",
    "embarrassing",
    "impossible",
    "unbearable",
    "cold",
    "heartless",
    "cruel",
    "controlling",
    "clueless",
    "incompetent",
    "spineless",
    "weak",
    "worthless",
    "ungrateful",
    "arrogant",
    "fake",
    "dramatic",
    "crazy",
    "insane",
    "nuts",
    "psycho",
    "jerk",
    "baby",
    "coward",
    "hypocrite",
    "snob",
    "pig",
    "user",
    "waste",
    # round four: more words that turn a situation into a verdict on the person
    "unreliable",
    "untrustworthy",
    "dishonest",
    "insensitive",
    "disorganised",
    "disorganized",
    "messy",
    "sloppy",
    "bossy",
    "nasty",
    "petty",
    "stingy",
    "tight",
    "moody",
    "negative",
    "stubborn",
    "manipulative",
    "toxic",
    "entitled",
    "vain",
    "shallow",
    "needy",
    "clingy",
    "paranoid",
    "bully",
    "nag",
    "disrespectful",
    "unbelievable",
    "ridiculous",
    "difficult",
    "impatient",
    "self-centred",
    "self-absorbed",
    "greedy",
    "jealous",
    "possessive",
    "two-faced",
    "hypocritical",
]
_YOU = r"(?:you(?:'re| are| r)?|u(?:'re| r)?|ur|youre)"

PATTERN_CUES: dict[str, re.Pattern[str]] = {
    "always_never": re.compile(r"\b(?:you|u)\s+(?:always|never|constantly|keep)\b"),
    "every_time": re.compile(r"\bevery\s+(?:single\s+)?(?:time|day|week)\b"),
    "trait": re.compile(
        rf"\b{_YOU}\s+(?:(?:so|such|a|an|really|just|being|the\s+most|totally|completely|"
        rf"honestly)\s+)*(?:{'|'.join(_TRAITS)})\b"
    ),
    "verdict": re.compile(
        r"\b(?:the\s+problem\s+is\s+you|(?:the\s+trouble|your\s+problem)\s+(?:is|with\s+you)|"
        r"(?:you're|you\s+are|ur|youre)\s+(?:\w+\s+){0,2}the\s+(?:most\s+\w+|\w+est|worst)\s+"
        r"(?:person|man|woman|human|partner|housemate|flatmate|roommate|friend|husband|wife|"
        r"boyfriend|girlfriend|dad|mum|mom|father|mother|brother|sister|driver|cook|listener)|"
        r"what(?:'s|\s+is)\s+wrong\s+with\s+you|"
        r"typical\s+you|why\s+are\s+you\s+(?:always\s+)?like\s+this)\b"
    ),
    "insult": re.compile(
        r"\b(?:idiot|moron|pathetic|loser|stupid|dumb|useless|embarrassment|grow up|"
        r"make me sick|disgust me|a joke|beneath me|waste of|rolls eyes|pfft|ugh you)\b"
    ),
    "threat": re.compile(
        r"\b(?:if you\b.*\b(?:i'm|i am|i'll|we're|we are|don't|dont)|either\b.*\bor\b|"
        r"or else|one more time|last chance|last warning|or i'm|or we're|or it's over|"
        r"or i'll|we're done|we're through|it's over|i'm leaving|i'm out|walk out)"
    ),
    "count": re.compile(
        r"\b(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+times|"
        r"(?:second|third|fourth|fifth|sixth|tenth)\s+time|times\s+this\s+(?:week|month|year)"
        r"|i've\s+(?:been\s+)?(?:count|kept\s+track|keeping\s+(?:count|track))|you\s+owe\s+me|"
        r"after\s+(?:everything|all)\s+(?:i've|i)|my\s+turn|your\s+turn|strike)"
    ),
    "mind": re.compile(
        r"\b(?:you\s+(?:don't|do not|dont)\s+(?:even\s+)?(?:care|love|want|like)|"
        r"you\s+(?:just|only)\s+(?:want|said|did|care|say)|on\s+purpose|"
        r"i\s+know\s+you(?:'re|\s+are)?\s+(?:just|only|lying|doing|not|bored|hate|don't|"
        r"never|secretly|blame|want|think)|"
        r"you\s+(?:obviously|clearly|secretly)|you\s+think\s+(?:i'm|i\s+am|you're)|"
        r"i\s+can\s+tell|you'd\s+rather|admit\s+it|you\s+must\s+think)"
    ),
    "dismiss": re.compile(
        r"\b(?:too\s+sensitive|overreact\w*|calm\s+down|get\s+over\s+it|not\s+a\s+big\s+deal|"
        r"no\s+big\s+deal|relax|dramatic|chill|lighten\s+up|over\s+nothing|"
        r"not\s+that\s+(?:deep|serious|bad)|let\s+it\s+go|get\s+a\s+grip|toughen\s+up|"
        r"imagining\s+things|so\s+emotional|touchy|hysterical|making\s+a\s+fuss|"
        r"blowing\s+this|mountain\s+out\s+of)"
    ),
    "defend": re.compile(
        r"\b(?:not\s+my\s+fault|what\s+about\s+you|i\s+didn't\s+do\s+anything|don't\s+blame\s+me|"
        r"you're\s+the\s+one|it's\s+not\s+like\s+you|you\s+do\s+it\s+too|that's\s+rich|"
        r"so\s+now\s+it's\s+my|how\s+was\s+i\s+supposed|i\s+was\s+going\s+to|excuse\s+me\s+for|"
        r"you're\s+not\s+(?:exactly\s+)?perfect|i\s+did\s+my\s+best|can't\s+win\s+with\s+you|"
        r"you\s+never\s+told\s+me|don't\s+look\s+at\s+me|what\s+was\s+i\s+supposed)"
    ),
    "sarcasm": re.compile(
        r"(?:\boh\s+(?:great|sure|brilliant|wonderful|fantastic|yeah|yes|of\s+course|lovely|"
        r"perfect|how)|\bthanks\s+(?:a\s+lot|so\s+much|for\s+nothing)|\bwow\b|"
        r"\bcongratulations\b|\bnice\s+of\s+you|\bhow\s+(?:thoughtful|generous|kind|nice)\s+of"
        r"|\bwant\s+a\s+medal|\bshould\s+i\s+throw|\bsilly\s+me|\byeah\s+right|"
        r"\bwell\s+done\b|\bgenius\b|\bshocking\b|\bwhat\s+a\s+surprise)"
    ),
}
# Second-round cues (2026-11): broader phrasings of each pattern and the marks of a kind
# message (a feeling owned, a request, an apology, affection, a pause with a way back), so
# the model can tell "I'm sorry, can we talk at eight?" from a wall or a threat.
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|easter|january|"
_DAYS += r"february|march|april|june|july|august|september|october|november|december)"
_LABEL_WORDS = [
    *_TRAITS,
    "bore",
    "boring",
    "brat",
    "spoilt",
    "spoiled",
    "clown",
    "tragic",
    "disgrace",
    "parasite",
    "toddler",
    "imbecile",
    "halfwit",
    "ego",
    "snobby",
    "arrogance",
]
PATTERN_CUES.update(
    {
        "threat2": re.compile(
            r"\b(?:unless\s+you|don't\s+bother\s+(?:coming|calling|texting)|or\s+don't|"
            r"and\s+see\s+what\s+happens|(?:i'll|i\s+will)\s+(?:tell|report|call|leave|walk|"
            r"cut)|that's\s+final|you've\s+got\s+(?:until|till|one)|final\s+warning|i\s+swear)"
        ),
        "dismiss2": re.compile(
            r"(?:\bover\s+(?:a|an|one|some)\s+\w+\s*\?|\bcome\s+on\b|\bover\s+it\b|"
            r"\bnot\s+important\b|\bit's\s+(?:only|just)\s+(?:a|an|one)\b|\bno\s+point\s+(?:being|"
            r"getting)|\bthicker\s+skin|\bso\s+personally|\bmoved\s+on\b|\bsurely\s+you)"
        ),
        "defend2": re.compile(
            r"\b(?:can't\s+be\s+blamed|if\s+you'd|i\s+only\s+did|having\s+a\s+go|"
            r"did(?:\s+nothing|n't\s+do\s+anything)\s+wrong|don't\s+start|like\s+you've\s+never|"
            r"get\s+the\s+blame|i\s+did\s+tell\s+you|not\s+going\s+to\s+apologi[sz]e)"
        ),
        "wall": re.compile(
            r"\b(?:not\s+(?:replying|responding|answering|discussing|reading)|"
            r"don't\s+have\s+time\s+for\s+this|not\s+having\s+this|i'm\s+not\s+doing\s+this|"
            r"don't\s+want\s+to\s+(?:hear|discuss)|can't\s+be\s+bothered|leave\s+me\s+alone|"
            r"nothing\s+to\s+say|drop\s+it|conversation\s+over|stopped\s+listening)\b"
        ),
        "tally": re.compile(
            rf"\b(?:since\s+{_DAYS}|since\s+(?:we|last)|every\s+single\s+(?:night|morning|day|"
            r"week|time)|for\s+the\s+record|none\s+of\s+(?:mine|my)|in\s+a\s+row|"
            r"the\s+last\s+(?:two|three|four|five|six|\d+)|who\s+(?:paid|did|booked|cooked))\b"
        ),
        "kind_feeling": re.compile(
            r"\bi\s+(?:feel|felt|get|got|was|am|'m)\s+(?:a\s+bit\s+|really\s+|so\s+|quite\s+)?"
            r"(?:hurt|sad|upset|worried|anxious|frustrated|annoyed|lonely|left\s+out|small|"
            r"ignored|overwhelmed|disappointed|embarrassed|jealous|nervous|stretched)\b"
        ),
        "kind_request": re.compile(
            r"\b(?:could|can|would|shall)\s+(?:we|you)\b|\bplease\b|\blet's\b|\bhow\s+about\b"
        ),
        "kind_apology": re.compile(
            r"\b(?:i'm\s+sorry\s+(?:i|for|that)|sorry\s+i\b|i\s+apologi[sz]e|that's\s+on\s+me|"
            r"i\s+was\s+wrong|i\s+shouldn't\s+have|my\s+fault)"
        ),
        "kind_affection": re.compile(
            r"\b(?:love\s+you|adore|miss\s+you|proud\s+of\s+you|thank\s+you|thanks\s+for)\b"
        ),
        "kind_pause": re.compile(
            r"\b(?:back\s+(?:in|by)|come\s+back\s+to|pick\s+(?:this|it)\s+up|"
            r"talk\s+(?:later|tomorrow|tonight|in\s+the\s+morning|after)|"
            r"(?:in|for)\s+(?:\d+|ten|twenty|thirty|half\s+an|an)\s+(?:min|minutes|hour))"
        ),
    }
)
_SHUTDOWN = re.compile(
    r"^\W*(?:whatever|fine|k|ok|okay|sure|nope|mm+|forget\s+it|i'm\s+done|done|no\s+comment|"
    r"leave\s+me\s+alone|doesn't\s+matter|don't\s+bother|not\s+listening)\W*$"
)


# A word that labels a person, anywhere in the text (a set lookup: a 100-way regex is slow).
_LABEL_SET = frozenset(_LABEL_WORDS)
_WORD_RE = re.compile(r"[a-z]+")


def pattern_cues(norm: str) -> dict[str, float]:
    """Cue features for already-normalised (lower-cased) text."""
    feats = {f"cue:{name}": 1.0 for name, rx in PATTERN_CUES.items() if rx.search(norm)}
    if not _LABEL_SET.isdisjoint(_WORD_RE.findall(norm)):
        feats["cue:label_word"] = 1.0
    if _SHUTDOWN.match(norm) or (norm.strip(" .") == "" and norm.count(".") >= 3):
        feats["cue:shutdown"] = 1.0
    return feats


LISTENING_CUES: dict[str, re.Pattern[str]] = {
    "advice": re.compile(
        r"\b(?:you\s+should|you\s+need\s+to|have\s+you\s+(?:tried|thought\s+about)|"
        r"why\s+don't\s+you|why\s+not|you\s+could\s+(?:always|just|try)|if\s+i\s+were\s+you|"
        r"i'd\s+(?:just|try)|my\s+advice|here's\s+what|step\s+one|the\s+answer\s+is|"
        r"what\s+you\s+need|easy\s+fix|^\s*just\s+\w+)"
    ),
    "minimise": re.compile(
        r"\b(?:not\s+(?:that\s+)?(?:a\s+)?big\s+deal|don't\s+worry|probably\s+(?:just|nothing)|"
        r"it's\s+(?:fine|normal|nothing)|everyone\s+(?:goes|feels|has|is)|overthinking|"
        r"could\s+be\s+worse|have\s+it\s+worse|you'll\s+be\s+(?:fine|over)|"
        r"end\s+of\s+the\s+world|don't\s+dwell|read\s+(?:too\s+much\s+)?into|"
        r"worth\s+getting\s+upset|just\s+life|it\s+happens)"
    ),
    "bright": re.compile(
        r"\b(?:bright\s+side|happens\s+for\s+a\s+reason|stay\s+positive|think\s+positive|"
        r"good\s+vibes|silver\s+lining|chin\s+up|be\s+grateful|happiness\s+is|"
        r"choose\s+happiness|at\s+least\b.*!|smile)"
    ),
    "blame": re.compile(
        r"\b(?:your\s+(?:own\s+)?fault|on\s+you|brought\s+this|should\s+have|"
        r"what\s+did\s+you\s+expect|you're\s+being|you\s+always|a\s+you\s+problem|"
        r"get\s+your\s+act|asked\s+for\s+it|known\s+better|too\s+sensitive|dramatic)"
    ),
    "self": re.compile(
        r"\b(?:same\s+here|me\s+too|reminds\s+me|i'm\s+dealing|let\s+me\s+tell\s+you|"
        r"did\s+i\s+tell\s+you|anyway|speaking\s+of|you\s+think\s+that's\s+bad|"
        r"mine\s+was\s+worse|i\s+had\s+it)"
    ),
}


def listening_cues(norm: str) -> dict[str, float]:
    """Cue features for an already-normalised reply."""
    return {f"cue:{name}": 1.0 for name, rx in LISTENING_CUES.items() if rx.search(norm)}


@lru_cache(maxsize=1)
def _emotion_lexicon() -> dict[str, tuple[str, ...]]:
    path = Path(__file__).resolve().parent / "weights" / "emotion_lexicon.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    index: dict[str, list[str]] = {}
    for label, words in data.items():
        for word in words:
            index.setdefault(word, []).append(label)
    return {w: tuple(labels) for w, labels in index.items()}


def emotion_cues(toks: list[str]) -> dict[str, float]:
    """One feature per emotion whose everyday words appear (``lex:<label>``)."""
    lexicon = _emotion_lexicon()
    feats: dict[str, float] = {}
    for i, tok in enumerate(toks):
        labels = lexicon.get(tok)
        if labels is None and i + 1 < len(toks):
            labels = lexicon.get(f"{tok} {toks[i + 1]}")
        if not labels:
            continue
        negated = i > 0 and toks[i - 1] in ("not", "never", "no", "isn't", "wasn't", "don't")
        for label in labels:
            key = f"lex:{'not_' if negated else ''}{label}"
            feats[key] = feats.get(key, 0.0) + 1.0
    return feats
