"""Exit 0 when a PostgreSQL server answers at 127.0.0.1:5432, 1 otherwise."""

import socket
import sys

try:
    with socket.create_connection(("127.0.0.1", 5432), timeout=2):
        pass
except OSError:
    sys.exit(1)
sys.exit(0)
