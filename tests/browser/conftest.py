"""Real headless Chromium (Debian's package) driven by Playwright against a live Toward server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM (used by fixtures in the
# same thread) refuses that unless told it is safe, which it is here: one test, one thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = "Chromium is not installed (apt-get install chromium): browser tests skipped"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " — and CI requires them")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (a separate person with their own cookies)."""
    contexts = []

    def open_page(width: int = 390, height: int = 844):
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=live_server.url
        )
        # The neutral exit page is served locally so tests never touch the network.
        context.route(
            "https://neutral.example/**",
            lambda route: route.fulfill(
                status=200, content_type="text/html", body="<h1>Today's weather</h1>"
            ),
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, email: str, password: str) -> None:
    """Log in through the form; the first login of an account shows its recovery code once."""
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "recovery-code" in page.url:
        page.get_by_role("link", name="I've saved it, continue").click()
        page.wait_for_load_state()
