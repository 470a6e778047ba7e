"""Whether a PostgreSQL server answers at 127.0.0.1:5432. Run as a script: exit 0 if it does."""

from __future__ import annotations

import socket
import sys


def reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(0 if reachable() else 1)
