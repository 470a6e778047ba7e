"""More than one machine: two `toward serve` processes (each with its own worker and its own data
folder, sharing only PostgreSQL and the secret key) behind a round-robin proxy. Two people sign
up, make a space, invite, join, check in and see each other's check-in revealed, with their
requests alternating between the servers. Nothing a request needs may live in one process: the
session, the data-key cookie, the CSRF token, login throttling and the sign-up email all have to
work whichever server answers (docs/DEPLOYMENT.md)."""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.roundrobin_proxy import RoundRobinProxy
from tests.test_database import scratch_postgres  # noqa: F401  (fixture)
from tests.test_durability import _free_port

pytestmark = pytest.mark.skipif(
    os.environ.get("TOWARD_TEST_DATABASE") == "postgres",
    reason="runs its own PostgreSQL database in the first pass",
)
SECRET = "two-servers-test-" + "q8Wz3Lk5Nx1Vb7Mc2Hg4Jd6Fs9Pt0Ry" * 2
PASSWORD = "a calm long phrase for two"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGNUP_LINK = re.compile(r"https?://[^/\s]+(/signup/[^/\s]+/[^/\s]+/\S*)")


def _env(tmp_path, name: str, database_url: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "TOWARD_DATABASE_REPLICA_URL"}
    }
    env.update(
        TOWARD_DATA_DIR=str(tmp_path / name),
        DATABASE_URL=database_url,
        TOWARD_SECRET_KEY=SECRET,
    )
    return env


class Browser:
    """One person's browser: its own cookies; one connection per request, so the proxy
    alternates servers request by request."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, form: dict, *, page: str | None = None) -> tuple[int, str, str]:
        """Post a form, with the CSRF token taken from the page it is on (GET first)."""
        _, body, _ = self.get(page or path)
        token = CSRF.search(body)
        assert token, f"no form on {page or path}"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **form}).encode()
        return self._open(urllib.request.Request(self.base + path, data=data, method="POST"))

    def _open(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                final = urllib.parse.urlparse(response.url).path
                return response.status, html.unescape(response.read().decode()), final
        except urllib.error.HTTPError as exc:
            return exc.code, html.unescape(exc.read().decode()), ""


def _sign_up(browser: Browser, email: str, name: str, logs: list) -> None:
    status, _, _ = browser.post(
        "/signup/", {"email": email, "display_name": name, "password": PASSWORD}
    )
    assert status == 200
    deadline = time.time() + 20
    link = None
    while link is None and time.time() < deadline:  # the email is sent by either worker
        for log in logs:
            text = log.read_text(errors="replace") if log.exists() else ""
            for found in SIGNUP_LINK.finditer(text):
                block = text[max(0, found.start() - 2000) : found.start()]
                if email in block:
                    link = found.group(1)
        time.sleep(0.2)
    assert link, f"no sign-up email for {email}"
    status, body, _ = browser.post(link, {"password": PASSWORD})
    assert status == 200 and "recovery" in body.lower()


def test_two_servers_behind_a_round_robin_proxy(tmp_path, scratch_postgres):  # noqa: F811
    first_env = _env(tmp_path, "one", scratch_postgres)
    subprocess.run(
        [sys.executable, "-m", "toward.cli", "migrate"],
        env=first_env,
        check=True,
        capture_output=True,
    )
    servers, logs = [], []
    try:
        ports = []
        for name in ("one", "two"):
            port = _free_port()
            log = tmp_path / f"{name}.log"
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "toward.cli", "serve", "--port", str(port)]
                    + ["--with-worker"],
                    env=_env(tmp_path, name, scratch_postgres),
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            ports.append(port)
            logs.append(log)
        for port in ports:
            deadline = time.time() + 30
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    assert time.time() < deadline, "a server did not start"
                    time.sleep(0.1)
        proxy = RoundRobinProxy([("127.0.0.1", p) for p in ports]).start_in_thread()
        base = f"http://127.0.0.1:{proxy.port}"
        alice, bob = Browser(base), Browser(base)

        _sign_up(alice, "alice@example.com", "Alice", logs)
        _sign_up(bob, "bob@example.com", "Bob", logs)

        status, _, space_path = alice.post(
            "/spaces/new/",
            {"relationship_type": "romantic", "name": "Bob and me"},
            page="/spaces/new/",
        )
        assert status == 200 and space_path.startswith("/spaces/"), space_path
        status, body, _ = alice.post(space_path + "invite/", {}, page=space_path)
        code = re.search(r'id="invite-code">([^<]+)<', body).group(1)
        status, _, bobs_path = bob.post("/join/", {"code": code, "name": "Alice and me"})
        assert status == 200 and bobs_path == space_path

        checkin = space_path + "checkin/"
        for browser, words in ((alice, "Alice liked the walk"), (bob, "Bob liked the soup")):
            status, body, _ = browser.post(checkin, {"went_well": words})
            assert status == 200, body[:500]
        _, alices_view, _ = alice.get(checkin)
        _, bobs_view, _ = bob.get(checkin)
        assert "Bob liked the soup" in alices_view
        assert "Alice liked the walk" in bobs_view

        # Every step above really alternated: both servers answered, in turn.
        assert min(proxy.served.values()) >= 10, proxy.served
        assert all(a != b for a, b in zip(proxy.order, proxy.order[1:], strict=False))
        proxy.stop()
    finally:
        for server in servers:
            os.killpg(server.pid, 15)
        for server in servers:
            server.wait(timeout=15)
