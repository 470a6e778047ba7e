"""Train the listening model on our composed pairs; measure on the hand-written dev set.

Thresholds are tuned on pairs composed from disclosures held out of fitting (the last
TUNE_DISCLOSURES of listening_disclosures.jsonl), so listening_dev.jsonl, which is written by
hand on other disclosures, is only used to report numbers.
"""

from __future__ import annotations

import json

import numpy as np
from common import (
    DATA,
    WEIGHTS,
    f1,
    featurise_all,
    fit_heads,
    macro_f1,
    matrix,
    read_jsonl,
    tune_thresholds,
    write_metrics,
)
from sklearn.metrics import roc_auc_score

from toward.language._model import load_heads, save_heads
from toward.language.listening import FEATURE_DIM, HEADS, MOVES, featurise, pair_probabilities

C = 1.0
TUNE_DISCLOSURES = 8


def targets(rows: list[dict]) -> np.ndarray:
    y = np.zeros((len(rows), len(HEADS)), dtype=bool)
    for i, r in enumerate(rows):
        for k, key in (
            ("er", "emotional_reactions"),
            ("ip", "interpretations"),
            ("ex", "explorations"),
        ):
            y[i, HEADS.index(f"{k}1")] = r[key] >= 1
            y[i, HEADS.index(f"{k}2")] = r[key] >= 2
        y[i, HEADS.index("attuned")] = bool(r["attuned"])
        for m in r["moves"]:
            y[i, HEADS.index(m)] = True
    return y


def levels(p: np.ndarray, thr: np.ndarray, k: str) -> np.ndarray:
    i1, i2 = HEADS.index(f"{k}1"), HEADS.index(f"{k}2")
    return np.where(p[:, i2] >= thr[i2], 2, np.where(p[:, i1] >= thr[i1], 1, 0))


def pair_probs(rows: list[dict], w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Probabilities exactly as the package computes them (moves: best sentence or whole)."""

    def prob(idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        z = val @ w[idx] + b if idx.size else b.astype(np.float64)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    return np.stack([pair_probabilities(r["disclosure"], r["reply"], prob) for r in rows])


def main() -> int:
    disclosures = [json.loads(x) for x in (DATA / "listening_disclosures.jsonl").open()]
    tune_texts = {d["text"] for d in disclosures[-TUNE_DISCLOSURES:]}
    rows = read_jsonl(DATA / "listening_train.jsonl")
    fit_rows = [r for r in rows if r["disclosure"] not in tune_texts]
    tune_rows = [r for r in rows if r["disclosure"] in tune_texts]
    dev = read_jsonl(DATA / "listening_dev.jsonl")

    def feats(rs: list[dict]):
        return matrix(
            featurise_all([(r["disclosure"], r["reply"]) for r in rs], lambda p: featurise(*p)),
            FEATURE_DIM,
        )

    x_fit = feats(fit_rows)
    y_fit, y_tune, y_dev = targets(fit_rows), targets(tune_rows), targets(dev)
    w, b = fit_heads(x_fit, y_fit, C)
    thr = tune_thresholds(y_tune, pair_probs(tune_rows, w, b))
    save_heads(WEIGHTS / "listening.npz", list(HEADS), w, b, thr)

    heads = load_heads("listening")
    p = pair_probs(dev, heads.weights.astype(np.float32) * heads.scale, heads.bias)
    pred = p >= heads.thresholds
    mv = [HEADS.index(m) for m in MOVES]
    level_acc = {
        k: round(
            float(np.mean(levels(p, heads.thresholds, k) == np.array([r[key] for r in dev]))), 4
        )
        for k, key in (
            ("er", "emotional_reactions"),
            ("ip", "interpretations"),
            ("ex", "explorations"),
        )
    }
    ia = HEADS.index("attuned")
    metrics = {
        "dev_pairs": len(dev),
        "dev_moves_macro_f1": round(macro_f1(y_dev[:, mv], pred[:, mv]), 4),
        "dev_moves_f1": {
            m: round(f1(y_dev[:, HEADS.index(m)], pred[:, HEADS.index(m)]), 4) for m in MOVES
        },
        "dev_attunement_auc": round(float(roc_auc_score(y_dev[:, ia], p[:, ia])), 4),
        "dev_level_accuracy": level_acc,
        "train_pairs": len(fit_rows),
        "tune_pairs": len(tune_rows),
        "C": C,
    }
    write_metrics("listening", metrics)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
