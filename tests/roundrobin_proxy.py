"""A small round-robin TCP proxy: each new connection goes to the next backend in turn.

Used by tests/test_two_servers.py (a client that opens one connection per request, like
urllib, has its requests alternate between the servers); runnable by hand too:

    python tests/roundrobin_proxy.py 8080 127.0.0.1:8001 127.0.0.1:8002
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sys
import threading
from collections import Counter


class RoundRobinProxy:
    def __init__(self, backends: list[tuple[str, int]], port: int = 0) -> None:
        self.backends = backends
        self.port = port
        self.served: Counter = Counter()  # connections per backend port
        self.order: list[int] = []  # the backend port of each connection, in order
        self._next = itertools.cycle(backends)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._ready = threading.Event()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_r, client_w) -> None:
        host, port = next(self._next)
        self.served[port] += 1
        self.order.append(port)
        try:
            backend_r, backend_w = await asyncio.open_connection(host, port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(self._pipe(client_r, backend_w), self._pipe(backend_r, client_w))

    async def _main(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        async with self._server:
            await self._server.serve_forever()

    def start_in_thread(self) -> RoundRobinProxy:
        def run() -> None:
            self._loop = asyncio.new_event_loop()
            with contextlib.suppress(asyncio.CancelledError):
                self._loop.run_until_complete(self._main())

        threading.Thread(target=run, daemon=True).start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop and self._server:
            self._loop.call_soon_threadsafe(self._server.close)


if __name__ == "__main__":
    listen, *targets = sys.argv[1:]
    backends = [(t.rsplit(":", 1)[0], int(t.rsplit(":", 1)[1])) for t in targets]
    proxy = RoundRobinProxy(backends, int(listen))
    print(f"round-robin on 127.0.0.1:{listen} to {', '.join(targets)}")
    asyncio.run(proxy._main())
