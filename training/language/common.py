"""Helpers shared by the training scripts: paths, feature matrices, fitting, thresholds."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from paths import DATA, REPO, WEIGHTS, datasets_dir  # noqa: F401 - re-exported

SEED = 20261122

sys.path.insert(0, str(REPO / "src"))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def matrix(rows: Sequence[tuple[np.ndarray, np.ndarray]], dim: int) -> sp.csr_matrix:
    indptr = [0]
    indices: list[np.ndarray] = []
    data: list[np.ndarray] = []
    for idx, val in rows:
        indices.append(idx)
        data.append(val)
        indptr.append(indptr[-1] + len(idx))
    ind = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    dat = np.concatenate(data) if data else np.zeros(0, dtype=np.float32)
    m = sp.csr_matrix((dat, ind, np.array(indptr)), shape=(len(rows), dim), dtype=np.float32)
    m.sum_duplicates()
    return m


def featurise_all(texts: Sequence, fn: Callable) -> list[tuple[np.ndarray, np.ndarray]]:
    return [fn(t) for t in texts]


def fit_heads(
    x: sp.csr_matrix,
    y: np.ndarray,
    c: float | Sequence[float],
    weights: np.ndarray | None = None,
    balanced: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per column of y; returns W (dim, heads) and bias (heads,)."""
    from sklearn.linear_model import LogisticRegression

    cs = [c] * y.shape[1] if isinstance(c, (int, float)) else list(c)
    w = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    b = np.zeros(y.shape[1], dtype=np.float32)
    for j in range(y.shape[1]):
        col = y[:, j]
        if col.min() == col.max():
            b[j] = 10.0 if col[0] else -10.0
            continue
        clf = LogisticRegression(
            C=cs[j],
            solver="liblinear",
            max_iter=200,
            class_weight="balanced" if balanced else None,
            random_state=SEED,
        )
        clf.fit(x, col, sample_weight=weights)
        w[:, j] = clf.coef_[0]
        b[j] = clf.intercept_[0]
    return w, b


def probs(x: sp.csr_matrix, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    z = np.asarray(x @ w) + b
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float((y & pred).sum())
    fp = float((~y & pred).sum())
    fn = float((y & ~pred).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    return float(np.mean([f1(y[:, j], pred[:, j]) for j in range(y.shape[1])]))


def tune_thresholds(
    y: np.ndarray, p: np.ndarray, calm: np.ndarray | None = None, penalty: float = 0.0
) -> np.ndarray:
    """Per-label threshold maximising F1; with ``calm`` (rows that must stay unflagged) each
    false alarm on them costs ``penalty`` times its share of those rows."""
    grid = np.arange(0.05, 0.96, 0.01)
    out = np.zeros(y.shape[1], dtype=np.float32)
    for j in range(y.shape[1]):

        def score(t: float, j: int = j) -> tuple[float, float]:
            s = f1(y[:, j], p[:, j] >= t)
            if calm is not None and calm.any():
                s -= penalty * float((p[calm, j] >= t).mean())
            return (s, -abs(t - 0.5))

        out[j] = max(grid, key=score)
    return out


def write_metrics(name: str, metrics: dict) -> None:
    path = REPO / "training" / "language" / "metrics" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(metrics, indent=2, sort_keys=True))
