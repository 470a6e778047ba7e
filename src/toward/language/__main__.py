"""``python -m toward.language feelings|listening|patterns [--jsonl] [TEXT...]``."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
