"""Reproduce every committed weight file of toward.language (``make models``).

Steps, each seeded: compose the training sets from our hand-written sources in
training/data/, then train feelings, listening, patterns and appreciation specificity.
Public datasets are read from ../shared/datasets beside the repository or from
$TOWARD_DATASETS; without them this exits with a message and status 2. One thread only:
this runs on shared two-core machines.
Metrics land in training/language/metrics/*.json and are printed at the end.

Training-only requirements: training/requirements.txt. The patterns model's word-piece CNN
is distilled from a fine-tuned sentence encoder (train_patterns_encoder.py), which also needs
training/requirements-encoder.txt (torch, transformers and the offline all-MiniLM-L6-v2
package); without them that step keeps the committed patterns_cnn.npz and says so, and the
thresholds and every metric are still reproduced from it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
STEPS = [
    "gen_checkins.py",
    "gen_listening.py",
    "gen_patterns.py",
    "train_feelings.py",
    "train_listening.py",
    "train_patterns_encoder.py",
    "train_patterns.py",
    "train_specificity.py",
]
HEADLINE = {
    "feelings": [
        "goemotions_dev_macro_f1",
        "goemotions_dev_macro_f1_cross_tuned",
        "checkin_heldout_macro_f1_labels_present",
        "checkin_heldout_top1_hit",
    ],
    "listening": ["dev_moves_macro_f1", "dev_attunement_auc"],
    "patterns": [
        "dev_cross_tuned",
        "dev_tuned_on_dev",
        "heldout",
        "heldout2",
        "heldout3",
        "heldout4",
        "heldout5",
        "heldout6",
        "heldout7",
        "heldout8",
        "heldout_blind_pooled",
        "heldout_fresh_pooled",
        "public_goemotions_dev_warm_flagged",
        "public_paradetox_heldback_toxic_flagged",
    ],
    "specificity": ["train_cross_validated", "dev"],
}


def main() -> int:
    sys.path.insert(0, str(HERE))
    from paths import datasets_dir

    datasets_dir()  # exits with a clear message when the public datasets are absent
    env = dict(os.environ)
    env.update(
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONHASHSEED="0",
        PYTHONPATH=str(REPO / "src"),
    )
    for step in STEPS:
        t0 = time.time()
        print(f"== {step}", flush=True)
        proc = subprocess.run(
            [sys.executable, str(HERE / step)],
            cwd=HERE,
            env=env,
            stdout=subprocess.DEVNULL if step.startswith("train") else None,
        )
        if proc.returncode != 0:
            print(f"{step} failed with status {proc.returncode}", file=sys.stderr)
            return proc.returncode
        print(f"   done in {time.time() - t0:.0f} s", flush=True)
    print("\nsummary")
    for model, keys in HEADLINE.items():
        metrics = json.loads((HERE / "metrics" / f"{model}.json").read_text("utf-8"))
        for key in keys:
            value = metrics.get(key)
            if isinstance(value, dict):
                value = {k: v for k, v in value.items() if not isinstance(v, dict)}
            print(f"  {model}.{key}: {value}")
    weights = REPO / "src" / "toward" / "language" / "weights"
    size = sum(f.stat().st_size for f in weights.iterdir())
    print(f"  committed weights: {size / 2**20:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
