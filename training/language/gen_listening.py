"""Compose listening-practice training pairs from our disclosures and reply parts (seeded).

Each reply is built from parts whose labels are known: emotional reactions (ER), interpretations
(IP) and explorations (EX) at level 1 (generic) or 2 (specific to the disclosure), and the six
unhelpful moves. Levels follow EPITOME (Sharma et al., 2020); the moves follow PRODUCT.md 3.5.
A pair is attuned when it has a specific (level 2) part, at least two levels overall and no
unhelpful move. Reads training/data/listening_disclosures.jsonl, writes listening_train.jsonl.
The dev set (listening_dev.jsonl) is hand-written on other disclosures and never generated.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "training" / "data"
PER_DISCLOSURE = 90

ER1 = [
    "Aw no.",
    "Oh gosh.",
    "That stinks, I'm sorry.",
    "Ugh, poor you.",
    "Oh my goodness.",
    "Oh no.",
    "I'm so sorry.",
    "That sounds really hard.",
    "Ugh, that's rough.",
    "Oh, that's awful.",
    "Sending you a big hug.",
    "Oof. I'm sorry.",
    "That's so hard.",
    "Oh love, I'm sorry.",
    "That really sucks.",
    "I'm sorry you're going through this.",
    "That's a lot.",
    "My heart goes out to you.",
    "Aw, that's horrible.",
]
ER2 = [
    "I'm so sorry you're feeling {feeling} about {topic}.",
    "My heart hurts for you, feeling {feeling} like this.",
    "That sounds so painful, and I'm sorry you're feeling {feeling}.",
    "Oh, feeling {feeling} about {topic} is so hard. I'm really sorry.",
    "I'm sad with you about {topic}. Feeling {feeling} like that is a heavy thing to hold.",
    "I'm really sorry, {topic} sounds like it's hitting you hard and of course you feel {feeling}.",
    "I care about you, and it hurts to hear you're so {feeling} about {topic}.",
]
IP1 = [
    "Yeah, I get that.",
    "That totally makes sense.",
    "I can imagine.",
    "I understand.",
    "I get it.",
    "That makes sense.",
    "I hear you.",
    "I can see why.",
    "I know what you mean.",
    "Makes total sense.",
    "I understand how you feel.",
]
IP2 = [
    "It sounds like you're feeling {feeling} because {situation}.",
    "Of course you feel {feeling}, {situation}.",
    "So it's not just {topic}, it's that {situation}. No wonder you feel {feeling}.",
    "It makes sense you'd feel {feeling} when {situation}.",
    "I hear that {situation}, and that would leave anyone feeling {feeling}.",
    "When my {rel} went through something like this I felt {feeling} too, so I have a small "
    "sense of how heavy this is for you.",
    "I remember feeling {feeling} when something similar happened with my {rel}, and it took "
    "a while before it eased. How is it for you?",
]
EX1 = [
    "What's on your mind?",
    "Do you want to tell me about it?",
    "How are you feeling?",
    "Do you want to talk about it?",
    "What happened?",
    "How are you doing?",
    "Want to tell me more?",
    "How are you holding up?",
    "What's going on?",
    "Do you want to talk?",
    "How do you feel?",
]
EX2 = [
    "What's been the hardest part of {topic} for you?",
    "How are you feeling about {topic} today?",
    "What do you need most right now with {topic}?",
    "When you think about {topic}, what comes up for you?",
    "What would help you feel a little less {feeling} this week?",
    "How long have you been carrying this about {topic}?",
    "What was it like for you when it happened?",
]
FIXING = [
    "Have you thought about trying to {advice}?",
    "I'd {advice} if I were you.",
    "Best thing to do is {advice}.",
    "You could always {advice}.",
    "Right, here's what you do: {advice}.",
    "You should {advice}.",
    "Have you tried to {advice}?",
    "Just {advice}.",
    "Why don't you {advice}?",
    "Honestly the answer is simple: {advice}.",
    "What you need to do is {advice}.",
    "My advice? {Advice}.",
    "Easy fix: {advice}.",
    "You need to {advice} asap.",
    "Step one, {advice}.",
]
JUDGING = [
    "Sounds like you need to get your act together.",
    "Well, maybe you should have tried harder.",
    "Honestly that was a silly choice.",
    "You kind of asked for it, no offence.",
    "That's what you get for trusting people.",
    "If you'd listened to me this wouldn't have happened.",
    "Tbh you overdo everything.",
    "You should have known better.",
    "Honestly, that's partly on you.",
    "Well, you kind of brought this on yourself.",
    "I mean, what did you expect?",
    "You really should have seen this coming.",
    "To be fair, you're not easy to deal with either.",
    "That's what happens when you let people walk all over you.",
    "Maybe if you'd tried harder this wouldn't have happened.",
    "You're being a bit dramatic, if I'm honest.",
    "Sounds like a you problem.",
    "You always make things so complicated.",
]
EXPLAINING = [
    "Everyone goes through that, it's totally normal.",
    "It's probably nothing, honestly.",
    "You'll laugh about this in a year.",
    "That's just life, it happens to everyone.",
    "I wouldn't read too much into it.",
    "It's really not worth getting upset over.",
    "Honestly {brush}, it's fine.",
    "Lots of people have it worse.",
    "You're probably just tired.",
    "I'm sure {brush}.",
    "Don't worry about it, {brush}.",
    "It's not that big a deal.",
    "You're overthinking it.",
    "Honestly, {brush}, so try not to dwell on it.",
    "It's fine, {brush}.",
    "Don't be upset, {brush}.",
    "Meh, {brush}. You'll be over it in a week.",
    "Come on, it's not the end of the world.",
]
TOXIC = [
    "Good things are coming, I can feel it!! 🙌",
    "Positive mind, positive life!",
    "No bad days! Just look for the silver lining!",
    "Just choose happiness!",
    "Everything will be perfect, don't worry!",
    "Look on the bright side, {silver}!",
    "Everything happens for a reason!",
    "Just stay positive!",
    "Good vibes only!",
    "Be grateful, {silver}!",
    "Smile, things could be so much worse!",
    "Don't be sad, {silver}!",
    "Chin up! Happiness is a choice!",
    "Every cloud has a silver lining!",
    "Think positive and it'll all work out!",
]
PARROT = [
    "So {echo}.",
    "You said {echo}.",
    "Okay, so {echo}.",
    "{Echo}.",
    "Right, {echo}.",
    "So basically {echo}.",
    "I see, {echo}.",
]
SELF = [
    "Honestly I've been so stressed myself, I haven't slept properly in weeks.",
    "Omg that reminds me, guess what happened to me today.",
    "I had it so much worse when I was your age.",
    "Same, but mine was with my landlord, it went on for months.",
    "That reminds me of my week, my boss has been a nightmare and I barely slept.",
    "Ugh, same. I've got so much going on myself, my landlord is driving me mad.",
    "Oh I know exactly, the same thing happened to me and honestly mine was worse.",
    "Haha that's like me last year, anyway did I tell you about my holiday?",
    "I'm dealing with my own stuff right now too, my car broke down again.",
    "Speaking of which, I have news, I'm getting a new job!",
    "You think that's bad, wait till you hear about my day.",
    "That's nothing, my family is way more of a mess.",
    "Same here, I'm exhausted too. Let me tell you what happened to me.",
]
NEUTRAL_FILLER = ["Okay.", "Hm.", "Right.", "Wow.", "Ok.", "I see.", "Hmm."]
RELS = ["sister", "dad", "best friend", "mum", "brother", "partner", "cousin", "flatmate"]


def _fill(template: str, d: dict, rng: random.Random) -> str:
    advice = d["advice"]
    echo = d["echo"]
    return template.format(
        feeling=d["feeling"],
        topic=d["topic"],
        situation=d["situation"],
        advice=advice,
        Advice=advice[0].upper() + advice[1:],
        brush=d["brush"],
        silver=d["silver"],
        echo=echo,
        Echo=echo[0].upper() + echo[1:],
        rel=rng.choice(RELS),
    )


def _casual(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.12:
        return text.lower().replace("i'm", "im").rstrip(".")
    if r < 0.18:
        return text.replace(".", "!", 1)
    return text


def compose(d: dict, rng: random.Random) -> dict:
    levels = {"er": 0, "ip": 0, "ex": 0}
    moves: list[str] = []
    parts: list[tuple[int, str]] = []  # (order key, text)
    good = rng.random() < 0.55
    n_moves = 0 if (good and rng.random() < 0.7) else rng.choice([1, 1, 1, 2])
    pools = {"er": (ER1, ER2, 0), "ip": (IP1, IP2, 1), "ex": (EX1, EX2, 3)}
    for key, (gen, spec, order) in pools.items():
        p_present = 0.65 if good else 0.3
        if rng.random() < p_present:
            level = 2 if rng.random() < (0.6 if good else 0.25) else 1
            pool = spec if level == 2 else gen
            parts.append((order, _fill(rng.choice(pool), d, rng)))
            levels[key] = level
    move_pools = {
        "fixing": FIXING,
        "judging": JUDGING,
        "explaining_away": EXPLAINING,
        "toxic_positivity": TOXIC,
        "parroting": PARROT,
        "self_focus": SELF,
    }
    for move in rng.sample(list(move_pools), n_moves):
        moves.append(move)
        parts.append((rng.choice([0, 2, 2, 4]), _fill(rng.choice(move_pools[move]), d, rng)))
    if not parts:
        parts.append((0, rng.choice(NEUTRAL_FILLER)))
    parts.sort(key=lambda p: p[0])
    reply = " ".join(_casual(t, rng) for _, t in parts)
    total = levels["er"] + levels["ip"] + levels["ex"]
    attuned = int(not moves and total >= 2 and max(levels.values()) == 2)
    return {
        "disclosure": d["text"],
        "reply": reply,
        "emotional_reactions": levels["er"],
        "interpretations": levels["ip"],
        "explorations": levels["ex"],
        "moves": sorted(moves),
        "attuned": attuned,
    }


def main(seed: int = 11) -> None:
    rng = random.Random(seed)
    disclosures = [json.loads(x) for x in (DATA / "listening_disclosures.jsonl").open()]
    rows = [compose(d, rng) for d in disclosures for _ in range(PER_DISCLOSURE)]
    rng.shuffle(rows)
    with (DATA / "listening_train.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} listening pairs from {len(disclosures)} disclosures")


if __name__ == "__main__":
    main()
