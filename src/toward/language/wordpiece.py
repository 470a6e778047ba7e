"""Word pieces for the patterns model's convolutional scorer, in plain Python.

The same splitting as BERT's uncased tokenizer (the one all-MiniLM-L6-v2 was trained with):
drop control characters, space out CJK ideographs, lower-case and strip accents, split on
whitespace and punctuation, then cut each word into the longest pieces found in the
vocabulary (continuations marked "##"), or [UNK]. tests/test_language_wordpiece.py checks it
against the reference tokenizer's output stored for a few hundred texts.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

VOCAB_PATH = Path(__file__).resolve().parent / "weights" / "wordpiece_vocab.txt"
# Pieces past this many are not read (the model was trained on the first 128).
MAX_PIECES = 128
# A word longer than this is one [UNK], as in the reference tokenizer.
_MAX_WORD = 100
# Text past this many characters is not read: 128 pieces never need more.
_MAX_CHARS = 2000

_vocab: dict[str, int] | None = None
_lock = threading.Lock()

# Plain ASCII text (most messages) takes a fast path with the same result: tab, newline and
# carriage return become spaces, other control characters go, and a word is a run of
# letters and digits or one punctuation mark (every printable ASCII non-alphanumeric is
# punctuation to BERT).
_ASCII_CLEAN = {cp: None for cp in (*range(0, 32), 127)} | {9: " ", 10: " ", 13: " "}
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+|[!-/:-@\[-`{-~]")


def vocabulary() -> dict[str, int]:
    global _vocab
    if _vocab is None:
        with _lock:
            if _vocab is None:
                lines = VOCAB_PATH.read_text("utf-8").split("\n")
                _vocab = {piece: i for i, piece in enumerate(lines) if piece}
    return _vocab


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _clean(text: str) -> str:
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif unicodedata.category(ch).startswith("C"):
            continue
        elif _is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    return "".join(out)


def _words(text: str) -> list[str]:
    if text.isascii():
        return _ASCII_WORD.findall(text.translate(_ASCII_CLEAN).lower())
    text = unicodedata.normalize("NFD", _clean(text).lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    words: list[str] = []
    for chunk in text.split():
        current = ""
        for ch in chunk:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                    current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


@lru_cache(maxsize=65536)
def _pieces(word: str) -> tuple[int, ...]:
    vocab = vocabulary()
    unk = vocab["[UNK]"]
    if len(word) > _MAX_WORD:
        return (unk,)
    out: list[int] = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            found = vocab.get(piece)
            if found is not None:
                break
            end -= 1
        if found is None:
            return (unk,)
        out.append(found)
        start = end
    return tuple(out)


def encode(text: str, limit: int = MAX_PIECES) -> list[int]:
    """Vocabulary ids of ``text``'s word pieces, at most ``limit`` of them."""
    ids: list[int] = []
    for word in _words(text[:_MAX_CHARS]):
        ids.extend(_pieces(word))
        if len(ids) >= limit:
            return ids[:limit]
    return ids
