"""The page shell: safety controls on every page, privacy headers, no third-party requests."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from django.test import Client

from tests.conftest import client_for, page_text

PUBLIC_PAGES = ["/", "/login/", "/signup/", "/password-reset/", "/safety/", "/join/"]
MEMBER_PAGES = ["/", "/account/", "/account/password/", "/spaces/new/", "/safety/", "/join/"]


def _member_pages(pair):
    space = pair[0].space_id
    return [
        *MEMBER_PAGES,
        f"/spaces/{space}/",
        f"/spaces/{space}/settings/",
        f"/spaces/{space}/leave/",
    ]


def test_every_page_has_quick_exit_and_a_safety_link(pair, db):
    pages = [(Client(), url) for url in PUBLIC_PAGES]
    pages += [(client_for(pair[0].user), url) for url in _member_pages(pair)]
    for client, url in pages:
        body = page_text(client.get(url))
        assert "data-quick-exit" in body, url
        assert 'href="https://neutral.example/"' in body, url
        assert 'href="/safety/"' in body, url


def test_pages_load_nothing_from_other_origins(pair):
    client = client_for(pair[0].user)
    for url in _member_pages(pair):
        body = client.get(url).content.decode()
        loaded = re.findall(r'src="([^"]+)"', body) + re.findall(r'<link[^>]*href="([^"]+)"', body)
        assert loaded
        for src in loaded:
            assert src.startswith("/"), (url, src)


def test_privacy_headers_on_every_page(pair):
    client = client_for(pair[0].user)
    for url in _member_pages(pair):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]:
            assert directive in csp, (url, csp)
        assert "unsafe-inline" not in csp
        assert response["Cache-Control"] == "no-store, private"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "ETag" not in response and "Last-Modified" not in response


def test_titles_are_neutral(pair):
    client = client_for(pair[0].user)
    for url in _member_pages(pair):
        title = re.search(r"<title>(.*?)</title>", client.get(url).content.decode()).group(1)
        assert title == "Toward"


def test_home_says_what_works_alone_and_what_waits(alice):
    body = page_text(client_for(alice).get("/"))
    assert "What you can do on your own" in body
    assert "What waits for the two of you" in body
    assert "Create a space" in body


def test_an_active_space_with_no_activity_suggests_one_small_step(pair):
    body = page_text(client_for(pair[0].user).get(f"/spaces/{pair[0].space_id}/"))
    assert "One small first step" in body
    assert "phones in another room" in body  # the romantic first step from first_steps.yaml


def test_safety_page_explains_control_and_where_to_get_help(db):
    body = page_text(Client().get("/safety/"))
    assert "Fear of closeness is not the same as control" in body
    assert "Where to get help" in body
    assert "Shift three times" in body


def test_quick_exit_endpoint_ends_the_session(alice):
    client = client_for(alice)
    response = client.post("/quick-exit/")
    assert response.status_code == 204
    assert "storage" in response["Clear-Site-Data"]
    assert client.get("/account/").status_code == 302


def test_a_post_without_csrf_token_is_refused_kindly(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/spaces/new/", {"relationship_type": "romantic", "name": "x"})
    assert response.status_code == 403
    assert "This form had gone stale" in page_text(response)


def test_unknown_pages_and_api_paths_are_404(db):
    assert "nothing here" in page_text(Client().get("/no/such/page/"))
    assert Client().get("/api/v1/nope").status_code == 404


def test_health_check(db):
    assert Client().get("/healthz").json() == {"ok": True}


@pytest.mark.parametrize(
    "path", ["/static/toward/toward.css", "/static/toward/vendor/htmx/htmx.min.js"]
)
def test_static_files_are_served_by_the_app(path, db):
    response = Client().get(path)
    assert response.status_code == 200


def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "toward.settings.production",
        "TOWARD_SECRET_KEY": "k" * 20 + "Zq8-w_Yx3" * 5,
        "TOWARD_DATA_DIR": str(tmp_path),
        "TOWARD_ALLOWED_HOSTS": "toward.example.org",
        "TOWARD_BASE_URL": "https://toward.example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_a_placeholder_secret(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "toward.settings.production",
        "TOWARD_SECRET_KEY": "change-me",
        "TOWARD_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "TOWARD_SECRET_KEY" in result.stderr


def test_a_manual_theme_choice_is_remembered(db):
    client = Client()
    client.post("/theme/", {"theme": "dark", "next": "/safety/"})
    assert '<html lang="en" data-theme="dark">' in client.get("/safety/").content.decode()
    client.post("/theme/", {"theme": "auto", "next": "https://evil.example/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_production_cookies_are_host_prefixed_secure_and_httponly(alice, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-toward_session"
    settings.CSRF_COOKIE_NAME = "__Host-toward_csrf"
    client = Client()
    client.get("/login/")
    client.post("/login/", {"username": "alice@example.com", "password": "correct horse battery"})
    cookies = client.cookies
    session = cookies["__Host-toward_session"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    csrf = cookies["__Host-toward_csrf"]
    assert csrf["secure"] and csrf["samesite"] == "Lax" and csrf["path"] == "/"
    for name in ("toward_device", "toward_known", "toward_key"):
        assert cookies[name]["secure"] and cookies[name]["httponly"], name
