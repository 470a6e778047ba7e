"""Where training reads and writes; no third-party imports, so the dataset check runs first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "training" / "data"
WEIGHTS = REPO / "src" / "toward" / "language" / "weights"


def datasets_dir() -> Path:
    """../shared/datasets from the repo root, or $TOWARD_DATASETS; exit clearly if absent."""
    env = os.environ.get("TOWARD_DATASETS")
    path = Path(env) if env else (REPO / ".." / "shared" / "datasets").resolve()
    if not (path / "goemotions" / "train.tsv").is_file():
        print(
            f"error: public datasets not found at {path}.\n"
            "make models needs the shared datasets folder beside the repository "
            "(../shared/datasets) or TOWARD_DATASETS set to its path; the committed weights "
            "are unchanged.",
            file=sys.stderr,
        )
        sys.exit(2)
    return path
