"""A small convolutional scorer over word pieces, loaded lazily from package data.

``weights/<name>.npz`` (numpy's format, read with ``allow_pickle=False``) holds the word-piece
embedding table already projected to the model's width, in int8 with a scale per row
(``table``, ``table_scale``), the convolution widths, one weight matrix and bias per width
(``conv<k>_w`` of shape (k * dim, filters): row j * dim + c multiplies piece t + j, channel c)
and the heads (``head_w``, ``head_b``). Each width's outputs are max- and mean-pooled over the
text. training/language/train_patterns_encoder.py writes it; docs/models/patterns.md says how
it was trained.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._model import load_once


@dataclass(frozen=True)
class ConvScorer:
    table: np.ndarray  # int8 (vocabulary, dim)
    table_scale: np.ndarray  # float32 (vocabulary,)
    widths: tuple[int, ...]
    # All widths' weights side by side: column block (k, j) is width k's weights for piece
    # t + j, so one matrix product serves every width and the shifted sums do the rest.
    fused: np.ndarray  # float32 (dim, sum(widths) * filters)
    blocks: tuple[tuple[int, int, slice], ...]  # (width index, offset j, columns)
    biases: tuple[np.ndarray, ...]  # per width (filters,)
    head_w: np.ndarray  # float32 (2 * len(widths) * filters, heads)
    head_b: np.ndarray  # float32 (heads,)

    @property
    def min_length(self) -> int:
        # Short texts are padded with zero vectors to this many pieces, as in training.
        return max(self.widths) + 1

    def project(self, ids: list[int]) -> np.ndarray:
        """Every width's per-piece products at once: (pieces, sum(widths) * filters).

        Rows depend only on their own piece, so the rows of a slice of a text are the rows of
        that slice on its own: one product can serve a message and each of its sentences.
        """
        idx = np.asarray(ids, dtype=np.int64)
        x = self.table[idx].astype(np.float32) * self.table_scale[idx, None]
        return x @ self.fused

    def pool(self, rows_list: list[np.ndarray]) -> np.ndarray:
        """Scores (texts, heads) from each text's projected rows."""
        filters = self.biases[0].shape[0]
        pooled = np.empty((len(rows_list), self.head_w.shape[0]), dtype=np.float32)
        for row, y in enumerate(rows_list):
            length = max(len(y), self.min_length)
            if len(y) < length:
                y = np.vstack([y, np.zeros((length - len(y), self.fused.shape[1]), np.float32)])
            sums: list[np.ndarray | None] = [None] * len(self.widths)
            for w_index, j, cols in self.blocks:
                part = y[j : j + length - self.widths[w_index] + 1, cols]
                total = sums[w_index]
                sums[w_index] = part if total is None else total + part
            for w_index, total in enumerate(sums):
                h = np.maximum(total + self.biases[w_index], 0.0)
                base = 2 * w_index * filters
                pooled[row, base : base + filters] = h.max(axis=0)
                pooled[row, base + filters : base + 2 * filters] = h.mean(axis=0)
        z = pooled @ self.head_w + self.head_b
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def probabilities(self, ids: list[int]) -> np.ndarray:
        return self.pool([self.project(ids)])[0]

    def probabilities_many(self, texts_ids: list[list[int]]) -> np.ndarray:
        """Scores for several texts' pieces with one matrix product over all of them."""
        y = self.project([i for ids in texts_ids for i in ids])
        starts = np.cumsum([0] + [len(ids) for ids in texts_ids])
        return self.pool([y[a:b] for a, b in zip(starts, starts[1:], strict=False)])


def _scorer(data) -> ConvScorer:
    widths = tuple(int(k) for k in data["widths"])
    dim = data["table"].shape[1]
    parts, blocks, col = [], [], 0
    for w_index, k in enumerate(widths):
        w = np.asarray(data[f"conv{k}_w"], dtype=np.float32)  # (k * dim, filters)
        for j in range(k):
            parts.append(w[j * dim : (j + 1) * dim])
            blocks.append((w_index, j, slice(col, col + w.shape[1])))
            col += w.shape[1]
    return ConvScorer(
        table=np.ascontiguousarray(data["table"]),
        table_scale=data["table_scale"].astype(np.float32),
        widths=widths,
        fused=np.ascontiguousarray(np.concatenate(parts, axis=1)),
        blocks=tuple(blocks),
        biases=tuple(data[f"conv{k}_b"].astype(np.float32) for k in widths),
        head_w=np.ascontiguousarray(data["head_w"], dtype=np.float32),
        head_b=data["head_b"].astype(np.float32),
    )


def load_convnet(name: str, directory: Path | None = None) -> ConvScorer:
    """Load ``<name>.npz`` once per process (thread-safe) and keep it."""
    return load_once(name, directory, _scorer)
