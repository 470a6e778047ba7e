"""The optional language-model coach: off by default; the person sees exactly what would be sent,
and it is sent only when they press the button. A fake endpoint on loopback stands in."""

from __future__ import annotations

import html
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.conftest import client_for, page_text

HARSH = "You never listen to me. Whatever."


class FakeModel(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeModel.received.append(body)
        answer = {"choices": [{"message": {"content": "I feel unheard lately. Could we talk?"}}]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_model(settings):
    FakeModel.received = []
    server = HTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    yield FakeModel
    server.shutdown()


def test_off_by_default(alice):
    body = page_text(client_for(alice).post("/coach/message/", {"text": HARSH}))
    assert "Ask the connected coach" not in body


def test_shows_exactly_what_would_be_sent_and_sends_only_on_request(alice, fake_model):
    client = client_for(alice)
    page = client.post("/coach/message/", {"text": HARSH}).content.decode()
    assert fake_model.received == []  # looking is not sending
    shown = html.unescape(
        re.search(r'<pre class="llm-preview" id="llm-body">(.*?)</pre>', page, re.S).group(1)
    )
    assert json.loads(shown)["messages"][1]["content"] == HARSH
    sent = client.post("/coach/message/", {"text": HARSH, "llm_body": shown, "send_to_llm": "1"})
    assert "I feel unheard lately" in page_text(sent)
    assert fake_model.received == [shown.encode()]


def test_an_unreachable_coach_says_so_and_loses_nothing(alice, settings):
    settings.LLM_URL = "http://127.0.0.1:9/v1"  # nothing listens on the discard port
    client = client_for(alice)
    body = client.post(
        "/coach/message/",
        {"text": HARSH, "llm_body": json.dumps({"model": "m", "messages": []}), "send_to_llm": "1"},
    )
    assert "didn't answer" in page_text(body)
    assert HARSH in page_text(body)
