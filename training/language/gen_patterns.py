"""Compose communication-pattern training messages from our sentences (seeded).

Reads training/data/patterns_sentences.txt and patterns_topics.jsonl; writes
training/data/patterns_train.jsonl with labels and the character spans of each labelled
sentence. Kind sentences (specific complaints said kindly, warm teasing, apologies, pauses in
good faith, calm boundaries) are mixed in everywhere so the model learns they are not
patterns. The dev set (patterns_dev.jsonl) is written by hand and never generated.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from gen_checkins import read_fragments

DATA = Path(__file__).resolve().parents[2] / "training" / "data"
N_MESSAGES = 6000
CONTEXT = [
    "Can we talk about last night?",
    "About this morning.",
    "I just got home.",
    "So the plumber came today.",
    "Hey.",
    "Listen.",
    "Okay.",
    "Look,",
    "We need to talk about the weekend.",
    "It's about the trip.",
    "Re: the kids' pickup.",
    "I've been thinking about yesterday.",
    "So.",
    "Before I forget,",
]


def fill(template: str, topic: dict) -> str:
    return template.format(**topic)


def variant(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.12:
        return text.lower()
    if r < 0.17:
        return text.rstrip(".")
    if r < 0.2:
        return text.replace("You ", "U ").replace("you ", "u ")
    return text


def compose(sents: dict[str, list[str]], topics: list[dict], rng: random.Random) -> dict:
    topic = rng.choice(topics)
    labels = [k for k in sents if k != "kind"]
    parts: list[tuple[str, str | None]] = []
    if rng.random() < 0.3:
        for _ in range(rng.choice([1, 1, 2, 3])):
            parts.append((fill(rng.choice(sents["kind"]), topic), None))
    else:
        chosen = [rng.choice(labels)]
        if rng.random() < 0.2:
            chosen.append(rng.choice([x for x in labels if x != chosen[0]]))
        for lab in chosen:
            parts.append((fill(rng.choice(sents[lab]), topic), lab))
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            pool = sents["kind"] if rng.random() < 0.5 else CONTEXT
            parts.insert(rng.randrange(len(parts) + 1), (fill(rng.choice(pool), topic), None))
    text, spans = "", []
    for sentence, lab in parts:
        sentence = variant(sentence, rng)
        if text:
            text += " "
        if lab:
            spans.append({"label": lab, "start": len(text), "end": len(text) + len(sentence)})
        text += sentence
    return {"text": text, "labels": sorted({s["label"] for s in spans}), "spans": spans}


def main(seed: int = 13) -> None:
    sents = read_fragments(DATA / "patterns_sentences.txt")
    topics = [json.loads(x) for x in (DATA / "patterns_topics.jsonl").open()]
    rng = random.Random(seed)
    rows = [compose(sents, topics, rng) for _ in range(N_MESSAGES)]
    with (DATA / "patterns_train.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} pattern messages")


if __name__ == "__main__":
    main()
