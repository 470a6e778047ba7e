"""Compose check-in style training texts from our hand-written fragments (seeded).

Reads training/data/checkin_fragments.txt and writes training/data/checkins_train.jsonl.
The dev and held-out check-in sets are written by hand separately and never generated.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "training" / "data"
N_TEXTS = 6000

OPENERS = [
    "",
    "",
    "",
    "Today: ",
    "Honestly, ",
    "Long day. ",
    "Okay so ",
    "Check-in: ",
    "Not gonna lie, ",
    "Today was a lot. ",
    "Quick one tonight. ",
    "Hmm. ",
]
JOINERS = [". ", ". ", ", and ", ". Also ", " - ", ". But ", "; ", "... "]
ENDINGS = [".", ".", ".", "!", "", " :)", "..", " tbh.", " lol", "!!"]


def read_fragments(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = []
        elif current:
            out[current].append(line)
    return out


def style(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        return text.lower()
    if r < 0.2:
        return text.replace("I'm", "im").replace("I ", "i ").lower()
    return text[0].upper() + text[1:]


def compose(frags: dict[str, list[str]], rng: random.Random) -> dict:
    emotions = [e for e in frags if e != "neutral"]
    r = rng.random()
    if r < 0.08:
        parts = rng.sample(frags["neutral"], rng.choice([1, 2]))
        labels = ["neutral"]
    else:
        first = rng.choice(emotions)
        chosen = [first]
        if rng.random() < 0.3:
            chosen.append(rng.choice([e for e in emotions if e != first]))
        parts = [rng.choice(frags[e]) for e in chosen]
        if rng.random() < 0.35:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(frags["neutral"]))
        labels = sorted(set(chosen))
    text = parts[0]
    for p in parts[1:]:
        j = rng.choice(JOINERS)
        text += j + (p[0].upper() + p[1:] if j.endswith(". ") else p)
    opener = rng.choice(OPENERS)
    text = style(text, rng)
    if opener and not opener.endswith(". ") and not text.startswith("I "):
        text = text[0].lower() + text[1:]
    text = opener + text + rng.choice(ENDINGS)
    return {"text": text.strip(), "labels": labels}


def main(seed: int = 7) -> None:
    frags = read_fragments(DATA / "checkin_fragments.txt")
    rng = random.Random(seed)
    rows = [compose(frags, rng) for _ in range(N_TEXTS)]
    with (DATA / "checkins_train.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} check-in texts from {sum(map(len, frags.values()))} fragments")


if __name__ == "__main__":
    main()
