"""Text normalisation and hashed n-gram features shared by all three tools.

The same code turns text into features at training time and at run time, so a model
trained by ``training/language/train_all.py`` sees exactly what it will see in the app.
Features are hashed with CRC-32 (stable across processes and platforms, unlike ``hash()``)
into a fixed number of buckets; there is no vocabulary file to ship.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import unicodedata
import zlib
from collections.abc import Iterable

import numpy as np

# Long texts are cut before featurising: a check-in or a message is a few hundred
# characters, and a bound keeps latency flat for someone who pastes 100 KB.
MAX_FEATURE_CHARS = 2000

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]+|[^\w\s]", re.UNICODE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SENTENCE_RE = re.compile(r"[^.!?;\n]+[.!?;]*", re.UNICODE)
_CLAUSE_SPLIT_RE = re.compile(r",\s+(?=(?:and|but|so|because|then)\b)|\s+-{1,2}\s+|\s+—\s+")


def normalise(text: str) -> str:
    """Lower-case, fold compatibility characters and curly quotes, drop control characters."""
    text = text[:MAX_FEATURE_CHARS]
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = _CONTROL_RE.sub(" ", text)
    return text.lower()


def tokens(text: str) -> list[str]:
    """Word tokens of already-normalised text; runs of ! and ? are kept as tokens."""
    return _TOKEN_RE.findall(text)


def _bucket(feature: str, dim: int) -> int:
    return zlib.crc32(feature.encode("utf-8", "surrogatepass")) % dim


# Hashing a feature name and cutting a word into its character n-grams were two fifths of a
# message's time in the patterns tool (each sentence is featurised on its own and again inside
# the whole message). The same words and n-grams come back all the time, so both are
# remembered per process, up to bounds that keep the memory small (about 12 MB more than
# without, after 20,000 messages of made-up words); the features are exactly the same.
_BUCKET_CACHE_MAX = 32_768
_BUCKETS: dict[int, dict[str, int]] = {}


@functools.lru_cache(maxsize=4096)
def _char_grams(prefix: str, tok: str) -> tuple[str, ...]:
    w = f" {tok} "
    return tuple(f"{prefix}c:{w[i : i + n]}" for n in (3, 4, 5) for i in range(len(w) - n + 1))


def raw_features(text: str, prefix: str = "", chars: bool = True) -> dict[str, float]:
    """Named features (word 1-2 grams, in-word char 3-5 grams) with counts."""
    return ngram_features(tokens(normalise(text)), prefix, chars)


def ngram_features(toks: list[str], prefix: str = "", chars: bool = True) -> dict[str, float]:
    """Word 1-2 grams and in-word char 3-5 grams of a token list."""
    feats: dict[str, float] = {}
    padded = ["<s>", *toks, "</s>"]
    for tok in toks:
        key = f"{prefix}w:{tok}"
        feats[key] = feats.get(key, 0.0) + 1.0
    for a, b in zip(padded, padded[1:], strict=False):
        key = f"{prefix}b:{a} {b}"
        feats[key] = feats.get(key, 0.0) + 1.0
    if chars:
        for tok in toks:
            if len(tok) < 2 or not tok[0].isalnum():
                continue
            for key in _char_grams(prefix, tok):
                feats[key] = feats.get(key, 0.0) + 0.5
    return feats


def hash_features(groups: Iterable[dict[str, float]], dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Hash named feature groups into (indices, values); each group is L2-normalised.

    Counts are damped with log1p so a repeated word does not dominate.
    """
    acc: dict[int, float] = {}
    buckets = _BUCKETS.setdefault(dim, {})
    if len(buckets) > _BUCKET_CACHE_MAX:
        buckets.clear()
    for group in groups:
        if not group:
            continue
        vals = list(map(math.log1p, group.values()))
        norm = math.sqrt(sum(map(operator.mul, vals, vals))) or 1.0
        for key, v in zip(group, vals, strict=True):
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = _bucket(key, dim)
            acc[bucket] = acc.get(bucket, 0.0) + v / norm
    if not acc:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    idx = np.fromiter(acc.keys(), dtype=np.int64, count=len(acc))
    val = np.fromiter(acc.values(), dtype=np.float32, count=len(acc))
    return idx, val


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences and clauses, whitespace trimmed, inside ``text``."""
    spans: list[tuple[int, int]] = []
    limit = min(len(text), MAX_FEATURE_CHARS)
    view = text[:limit]
    for m in _SENTENCE_RE.finditer(view):
        start, end = m.start(), m.end()
        pieces: list[tuple[int, int]] = []
        cursor = start
        for c in _CLAUSE_SPLIT_RE.finditer(view, start, end):
            pieces.append((cursor, c.start()))
            cursor = c.end()
        pieces.append((cursor, end))
        for s, e in pieces:
            while s < e and view[s].isspace():
                s += 1
            while e > s and view[e - 1].isspace():
                e -= 1
            if e > s and any(ch.isalnum() for ch in view[s:e]):
                spans.append((s, e))
    return spans
