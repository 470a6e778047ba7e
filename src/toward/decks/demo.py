"""A few weeks of plausible question exchanges for ``toward demo`` (Sam and Alex, partners)."""

from __future__ import annotations

from datetime import timedelta

from toward.decks import services
from toward.decks.models import Exchange, PairDepth, Rating

# (question id, days after the space began, Sam's answer, Alex's answer, feelings)
_SURFACE = [
    (
        "iw-02",
        2,
        "The bus driver waited for me when I was running. Tiny, but it set the tone.",
        "Finding the last good pear in the fruit bowl.",
        ("comfortable", "comfortable"),
    ),
    (
        "pl-02",
        3,
        "A kettle. Slow to start, then very enthusiastic.",
        "A toaster. Reliable, occasionally dramatic.",
        ("comfortable", "comfortable"),
    ),
    (
        "iw-09",
        5,
        "A long shower and a podcast I only half listen to.",
        "Cooking something with a lot of chopping.",
        ("comfortable", "stretching"),
    ),
    (
        "ap-05",
        6,
        "The way you narrate what the cat is thinking.",
        "How you hum when you read.",
        ("comfortable", "comfortable"),
    ),
    (
        "fu-01",
        8,
        "A walk somewhere we have never been, and chips after.",
        "Learn to make proper bread together.",
        ("comfortable", "comfortable"),
    ),
    (
        "dv-09",
        9,
        "Pottery. I want something lopsided that I made.",
        "Climbing, the indoor kind, with a lot of chalk.",
        ("comfortable", "comfortable"),
    ),
]
_PERSONAL = [
    (
        "iw-15",
        13,
        "When I'm fixing something with my hands and nobody is waiting on me.",
        "Early on a Saturday, before the day has asked anything of me.",
        ("comfortable", "stretching"),
    ),
    (
        "cf-14",
        16,
        "Hugs were rare, but my gran always saved me the crispy bits.",
        "Loud, lots of teasing. It took me years to see that was affection.",
        ("stretching", "comfortable"),
    ),
    (
        "ap-16",
        19,
        "When you sat with me in the hospital waiting room and didn't try to fix it.",
        "The week you took over dinners without saying anything.",
        ("comfortable", "comfortable"),
    ),
]


def _exchange(pair, ref, day, answers, feelings):
    sam, alex = pair.memberships
    row = services.ask(sam if day % 2 else alex, ref)
    when = pair.started + timedelta(days=day, hours=19)
    Exchange.objects.filter(pk=row.pk).update(created_at=when)
    for membership, text in zip((sam, alex), answers, strict=True):
        row = services.answer(membership, row, text)
    Exchange.objects.filter(pk=row.pk).update(revealed_at=when + timedelta(hours=20))
    row.refresh_from_db()
    for membership, feeling in zip((sam, alex), feelings, strict=True):
        rating = services.rate_exchange(membership, row, feeling)
        Rating.objects.filter(pk=rating.pk).update(
            rated_on=(when + timedelta(hours=20)).date(), created_at=when + timedelta(hours=21)
        )


def seed(pair) -> None:
    sam, alex = pair.memberships
    sam.space.refresh_from_db()
    depth = PairDepth.objects.create(space=sam.space, level="surface", changed_at=pair.started)
    for ref, day, first, second, feelings in _SURFACE:
        _exchange(pair, ref, day, (first, second), feelings)
    services.go_deeper(sam)
    services.go_deeper(alex)
    depth.refresh_from_db()
    PairDepth.objects.filter(pk=depth.pk).update(changed_at=pair.started + timedelta(days=11))
    for ref, day, first, second, feelings in _PERSONAL:
        _exchange(pair, ref, day, (first, second), feelings)
    waiting = services.ask(sam, "dv-15")
    services.answer(sam, waiting, "Helping people feel less alone when things go wrong.")
    services.ask(alex, "fu-17")
    own = services.create_deck(alex, "Questions for long drives")
    for text in (
        "Which song would you put on the soundtrack of this year?",
        "What is a place from your past you would like to drive past again?",
        "Which small luxury would you never give up on a trip?",
    ):
        services.add_question(alex, own, depth="surface", text=text)
