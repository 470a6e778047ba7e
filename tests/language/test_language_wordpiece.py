"""The plain-Python word pieces match the reference tokenizer the patterns CNN was trained with.

wordpiece_reference.jsonl holds 266 texts (our own dev and held-out messages, and hard cases:
accents, emoji, right-to-left and CJK scripts, control characters, long words and long
texts) with the ids that all-MiniLM-L6-v2's tokenizer gave them (add_special_tokens=False,
truncated to 128), written once by hand with transformers installed.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from toward.language import wordpiece

REFERENCE = Path(__file__).with_name("wordpiece_reference.jsonl")


def test_matches_the_reference_tokenizer():
    rows = [json.loads(line) for line in REFERENCE.read_text("utf-8").splitlines()]
    assert len(rows) > 250
    mismatched = [r["text"][:60] for r in rows if wordpiece.encode(r["text"]) != r["ids"]]
    assert mismatched == []


def test_every_id_is_in_the_vocabulary_and_length_is_capped():
    size = len(wordpiece.vocabulary())
    ids = wordpiece.encode("supercalifragilistic " * 400)
    assert len(ids) == wordpiece.MAX_PIECES
    assert all(0 <= i < size for i in ids)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_valid_ids(text):
    ids = wordpiece.encode(text)
    size = len(wordpiece.vocabulary())
    assert len(ids) <= wordpiece.MAX_PIECES
    assert all(isinstance(i, int) and 0 <= i < size for i in ids)
