"""The person's own data for export, and what leaves with them when they leave a space."""

from __future__ import annotations

from toward.decks.models import Answer, CustomQuestion, DepthVote, NotRightNow, Rating


def export_questions(user) -> dict:
    """Only what this person wrote or chose: their answers (never the other's), the questions
    they wrote, and their own ratings."""
    answers = Answer.objects.select_related("exchange").filter(user=user)
    questions = CustomQuestion.objects.select_related("deck").filter(created_by=user)
    ratings = Rating.objects.filter(user=user)
    return {
        "answers": [
            {
                "space_id": a.exchange.space_id,
                "question": a.exchange.question_text,
                "depth": a.exchange.depth,
                "answer": a.text,
                "revealed": a.exchange.revealed_at is not None,
            }
            for a in answers
        ],
        "questions_written": [
            {
                "space_id": q.deck.space_id,
                "deck": q.deck.title,
                "id": q.key,
                "depth": q.depth,
                "text": q.text,
            }
            for q in questions
        ],
        "ratings": [
            {
                "space_id": r.space_id,
                "question_id": r.question_ref,
                "depth": r.depth,
                "feeling": r.feeling,
                "day": r.rated_on.isoformat(),
            }
            for r in ratings
        ],
    }


def remove_on_leave(membership, *, keep_shared: bool) -> None:
    """The leaver's answers, set-asides, ratings and votes in that space leave with them.
    Answers already opened go too, unless the leaver chooses `keep_shared` (PRODUCT.md
    section 2): then answers to exchanges that opened for both stay readable for the other
    person. Unopened answers, set-asides, ratings and votes always go."""
    space_id, user_id = membership.space_id, membership.user_id
    answers = Answer.objects.filter(exchange__space_id=space_id, user_id=user_id)
    if keep_shared:
        answers = answers.filter(exchange__revealed_at__isnull=True)
    answers.delete()
    NotRightNow.objects.filter(exchange__space_id=space_id, user_id=user_id).delete()
    Rating.objects.filter(space_id=space_id, user_id=user_id).delete()
    DepthVote.objects.filter(space_id=space_id, user_id=user_id).delete()
