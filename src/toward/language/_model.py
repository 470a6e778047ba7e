"""Linear heads over hashed features, loaded lazily from package data.

Weights live in ``weights/<name>.npz`` (numpy's format, read with ``allow_pickle=False``):
``W`` int8 of shape (dim, heads) with a per-head ``scale``, ``bias``, ``thresholds`` and the
head ``labels``. Int8 keeps the committed files small; the quantisation error is measured in
training and is far below the thresholds' resolution.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"

T = TypeVar("T")
_cache: dict[str, Any] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class LinearHeads:
    labels: tuple[str, ...]
    weights: np.ndarray  # int8 (dim, heads)
    scale: np.ndarray  # float32 (heads,)
    bias: np.ndarray  # float32 (heads,)
    thresholds: np.ndarray  # float32 (heads,)
    dim: int

    def logits(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        if idx.size == 0:
            return self.bias.astype(np.float64)
        rows = self.weights[idx].astype(np.float32)
        return (val @ rows) * self.scale + self.bias

    def probabilities(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        z = np.clip(self.logits(idx, val), -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-z))

    def batch_probabilities(self, rows: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        return (
            np.stack([self.probabilities(i, v) for i, v in rows])
            if rows
            else np.zeros((0, len(self.labels)))
        )


def save_heads(
    path: Path, labels: list[str], weights: np.ndarray, bias: np.ndarray, thresholds: np.ndarray
) -> None:
    """Quantise float weights (dim, heads) to int8 per head and write an .npz file."""
    weights = np.asarray(weights, dtype=np.float32)
    scale = np.abs(weights).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(weights / scale), -127, 127).astype(np.int8)
    np.savez_compressed(
        path,
        W=q,
        scale=scale.astype(np.float32),
        bias=np.asarray(bias, dtype=np.float32),
        thresholds=np.asarray(thresholds, dtype=np.float32),
        labels=np.array(labels, dtype=str),
    )


def load_once(name: str, directory: Path | None, build: Callable[[Any], T]) -> T:
    """``build`` over ``<name>.npz`` (read without pickle) once per process, thread-safe, kept:
    what every language model's weights loader shares."""
    key = f"{directory or WEIGHTS_DIR}/{name}"
    found = _cache.get(key)
    if found is not None:
        return found
    with _lock:
        found = _cache.get(key)
        if found is None:
            with np.load((directory or WEIGHTS_DIR) / f"{name}.npz", allow_pickle=False) as data:
                found = build(data)
            _cache[key] = found
    return found


def _heads(data) -> LinearHeads:
    weights = np.ascontiguousarray(data["W"])
    return LinearHeads(
        labels=tuple(str(x) for x in data["labels"]),
        weights=weights,
        scale=data["scale"].astype(np.float32),
        bias=data["bias"].astype(np.float32),
        thresholds=data["thresholds"].astype(np.float32),
        dim=int(weights.shape[0]),
    )


def load_heads(name: str, directory: Path | None = None) -> LinearHeads:
    """Load ``<name>.npz`` once per process (thread-safe) and keep it."""
    return load_once(name, directory, _heads)
