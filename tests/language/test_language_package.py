from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "toward" / "language"
WEIGHTS = PACKAGE / "weights"


def test_weights_are_small_and_load_without_pickle():
    files = sorted(WEIGHTS.glob("*.npz"))
    heads = {"feelings", "listening", "patterns", "specificity"}
    assert {f.stem for f in files} == heads | {"patterns_cnn"}
    assert sum(f.stat().st_size for f in WEIGHTS.iterdir()) < 30 * 1024 * 1024
    for f in files:
        with np.load(f, allow_pickle=False) as data:
            if f.stem in heads:
                assert data["W"].dtype == np.int8
                assert data["W"].shape[1] == len(data["labels"]) == len(data["thresholds"])
            else:
                assert data["table"].dtype == np.int8
                assert data["table"].shape[0] == len(
                    (WEIGHTS / "wordpiece_vocab.txt").read_text("utf-8").split("\n")[:-1]
                )
                assert data["head_w"].shape[1] == 9


def test_no_django_or_other_toward_imports():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("django", "toward", "torch", "sklearn")), (path, name)


def test_importing_loads_nothing_until_first_use():
    code = (
        "import sys; import toward.language as L; "
        "from toward.language import _model; assert not _model._cache; "
        "L.feelings('hi'); assert len(_model._cache) == 1; "
        "assert 'django' not in sys.modules"
    )
    src = str(PACKAGE.parents[1])
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": src},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def test_make_models_says_clearly_when_datasets_are_absent(tmp_path):
    script = PACKAGE.parents[2] / "training" / "language" / "train_all.py"
    proc = subprocess.run(
        [sys.executable, str(script)],
        env={"TOWARD_DATASETS": str(tmp_path / "missing"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "datasets not found" in proc.stderr
