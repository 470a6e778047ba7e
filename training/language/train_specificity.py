"""Train the appreciation-specificity model from our own labelled examples.

training/data/appreciations.txt holds answers to "what did they do?" under ``## vague`` and
``## specific``; each is also written the ways people start one ("thanks for …", "thank you
for …", lower case, a full stop). The threshold is chosen on five-fold cross-validated
predictions over the training lines (grouped, so a line's variants stay in one fold); the
hand-written appreciations_dev.jsonl is used for the reported numbers only, never to fit or tune.
"""

from __future__ import annotations

import random

import numpy as np
from common import DATA, SEED, WEIGHTS, f1, fit_heads, matrix, probs, read_jsonl, write_metrics
from gen_checkins import read_fragments

from toward.language._model import load_heads, save_heads
from toward.language.specificity import FEATURE_DIM, featurise

C = 2.0
FOLDS = 5


def variants(line: str, rng: random.Random) -> list[str]:
    out = [line]
    low = line.lower()
    if not low.startswith(("thank", "thanks", "you", "for ")):
        out.append(rng.choice(["thanks for ", "thank you for ", "Thank you for "]) + line)
    elif low.startswith("for "):
        out.append(rng.choice(["thanks ", "thank you ", "Thank you "]) + line)
    out.append(line[:1].upper() + line[1:] + ("" if line.endswith(".") else "."))
    return out


def auc(y: np.ndarray, p: np.ndarray) -> float:
    pos, neg = p[y], p[~y]
    if not len(pos) or not len(neg):
        return 0.0
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def report(y: np.ndarray, p: np.ndarray, t: float) -> dict:
    pred = p >= t
    return {
        "accuracy": round(float((pred == y).mean()), 4),
        "f1_specific": round(f1(y, pred), 4),
        "f1_vague": round(f1(~y, ~pred), 4),
        "roc_auc": round(auc(y, p), 4),
        "vague_hinted": round(float((~pred[~y]).mean()), 4),
        "specific_hinted": round(float((~pred[y]).mean()), 4),
    }


def main() -> int:
    rng = random.Random(SEED)
    sections = read_fragments(DATA / "appreciations.txt")
    lines = [(s, False) for s in sections["vague"]] + [(s, True) for s in sections["specific"]]
    texts, labels, groups = [], [], []
    for g, (line, specific) in enumerate(lines):
        for v in variants(line, rng):
            texts.append(v)
            labels.append(specific)
            groups.append(g)
    y = np.array(labels)
    groups_arr = np.array(groups)
    x = matrix([featurise(t) for t in texts], FEATURE_DIM)

    order = np.random.default_rng(SEED).permutation(len(lines))
    fold_of = np.empty(len(lines), dtype=int)
    fold_of[order] = np.arange(len(lines)) % FOLDS
    cv = np.zeros(len(texts))
    for k in range(FOLDS):
        test = fold_of[groups_arr] == k
        w, b = fit_heads(x[~test], y[~test, None], C, balanced=True)
        cv[test] = probs(x[test], w, b)[:, 0]
    grid = np.arange(0.2, 0.81, 0.01)
    thr = float(max(grid, key=lambda t: (f1(y, cv >= t) + f1(~y, cv < t), -abs(t - 0.5))))
    w, b = fit_heads(x, y[:, None], C, balanced=True)
    save_heads(WEIGHTS / "specificity.npz", ["specific"], w, b, np.array([thr]))

    heads = load_heads("specificity")
    dev = read_jsonl(DATA / "appreciations_dev.jsonl")
    y_dev = np.array([bool(r["specific"]) for r in dev])
    p_dev = np.array([heads.probabilities(*featurise(r["text"]))[0] for r in dev])
    metrics = {
        "train_lines": len(lines),
        "train_texts": len(texts),
        "threshold": round(thr, 4),
        "C": C,
        "train_cross_validated": report(y, cv, thr),
        "dev": report(y_dev, p_dev, thr),
        "dev_texts": len(dev),
    }
    write_metrics("specificity", metrics)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
