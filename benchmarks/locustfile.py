"""The simulated people of the load benchmark (run by benchmarks/load_bench.py, in its own
process: `locust -f benchmarks/locustfile.py --headless …`).

BENCH_MODE picks who runs:
- hello: requests the bare /bench/hello view as fast as it answers (the baseline);
- hello-signed-in: the same view requested with a signed-in person's cookies, so the session,
  the person and the data key are read as for every page: what a page costs before its own work;
- flows: each simulated person runs the FLOWS below, one after another, chosen by weight.
BENCH_THINK (seconds, default 0) is the pause between two flows and BENCH_READ (seconds, default
0) the pause before each page of a flow after its first, while the person reads the page they
are on or writes in its form: both 0 measure throughput; the latency figures are taken with
people who pause like people do. API calls within a flow never pause (an app asks for them
together when it opens).
BENCH_PEOPLE is the JSON file from benchmarks/common.py prepare (cookies, space ids, tokens).

Adding a practice to the benchmark is one function and one line in FLOWS. Requests are named by
their route with ids replaced ("/spaces/[space]/checkin/"), so each page gets its own figures.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import gevent
from locust import HttpUser, between, constant, task

MODE = os.environ.get("BENCH_MODE", "flows")
THINK = float(os.environ.get("BENCH_THINK", "0"))
READ = float(os.environ.get("BENCH_READ", "0"))
PEOPLE = json.loads(open(os.environ["BENCH_PEOPLE"]).read()) if "BENCH_PEOPLE" in os.environ else {}  # noqa: SIM115
_next_person = itertools.count()


class Person:
    """One simulated person: their cookies, space and API token, and helpers for pages."""

    def __init__(self, user: HttpUser, record: dict) -> None:
        self.user, self.client = user, user.client
        self.space = record["space"]
        self.token = record["token"]
        self.first_page = True  # of the flow under way: no reading pause before it
        host = urlparse(user.host).hostname
        for name, value in record["cookies"].items():
            # The same domain and path the server's own cookies get, so a cookie the server
            # sets later (a new CSRF token, the data key's sliding window) replaces this one.
            self.client.cookies.set(name, value, domain=host, path="/")

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.client.cookies if c.name == name), "")

    def read(self) -> None:
        """Before every page of a flow but its first: the time spent on the page before."""
        if READ and not self.first_page:
            gevent.sleep(random.uniform(READ / 2, READ * 1.5))  # noqa: S311
        self.first_page = False

    def get(self, path: str, name: str, **kwargs):
        self.read()
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {name}")
            return response

    def post(self, path: str, name: str, data: dict, expect: int = 302):
        self.read()
        data = {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} for {name}")
            return response

    def api(self, path: str, name: str):
        with self.client.get(
            "/api/v1" + path,
            name=name,
            headers={"Authorization": f"Bearer {self.token}"},
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {name}")
            return response


# --- the flows ---------------------------------------------------------------------------------


def check_in(p: Person) -> None:
    """Open the home page and the space, write today's check-in (or rewrite it), see it saved."""
    p.get("/", "/")
    p.get(f"/spaces/{p.space}/", "/spaces/[space]/")
    url = f"/spaces/{p.space}/checkin/"
    p.get(url, "/spaces/[space]/checkin/")
    prompts, feelings = PEOPLE["prompts"], PEOPLE["feelings"]
    form = {prompt: f"Something about {prompt} today, in a sentence or two." for prompt in prompts}
    form.update(
        feeling_1=random.choice(feelings),  # noqa: S311
        intensity_1=str(random.randint(1, 5)),  # noqa: S311
        need_tonight="A quiet evening.",
        private_note="Only for me.",
    )
    p.post(url, "POST /spaces/[space]/checkin/", form)
    p.get(url, "/spaces/[space]/checkin/")


_QUESTION = re.compile(r'name="question_id" value="([^"]+)"')
_EXCHANGE = re.compile(r"/questions/exchanges/([^/]+)/")


def answer_question(p: Person) -> None:
    """Open the questions, ask today's question (both in a pair get the same open exchange),
    answer it, and read the exchange."""
    home = p.get(f"/spaces/{p.space}/questions/", "/spaces/[space]/questions/")
    found = _QUESTION.search(home.text or "")
    asked = p.post(
        f"/spaces/{p.space}/questions/ask/",
        "POST /spaces/[space]/questions/ask/",
        {"question_id": found.group(1) if found else "any"},
    )
    exchange = _EXCHANGE.search(asked.headers.get("Location", ""))
    if not exchange:
        return
    url = f"/spaces/{p.space}/questions/exchanges/{exchange.group(1)}/"
    page = p.get(url, "/spaces/[space]/questions/exchanges/[exchange]/")
    if 'name="text"' not in (page.text or ""):
        return  # answered already (waiting for the other, or both open): nothing to write
    answer = "The first time we cooked for friends together; I loved how we moved around."
    p.post(url, "POST /spaces/[space]/questions/exchanges/[exchange]/", {"text": answer})
    p.get(url, "/spaces/[space]/questions/exchanges/[exchange]/")


def look_back(p: Person) -> None:
    """Open what the pair has been through: insights, the check-in history, appreciations."""
    p.get(f"/spaces/{p.space}/insights/", "/spaces/[space]/insights/")
    p.get(f"/spaces/{p.space}/checkins/", "/spaces/[space]/checkins/")
    p.get(f"/spaces/{p.space}/appreciations/", "/spaces/[space]/appreciations/")


def use_api(p: Person) -> None:
    """What a companion app does on opening: spaces, today's check-ins, the history."""
    p.api("/spaces", "API /spaces")
    p.api(f"/spaces/{p.space}/checkins/today", "API /spaces/[space]/checkins/today")
    p.api(f"/spaces/{p.space}/checkins", "API /spaces/[space]/checkins")


@dataclass(frozen=True)
class Flow:
    name: str
    weight: int
    run: Callable[[Person], None]


FLOWS = [
    Flow("check in", 3, check_in),
    Flow("answer a question", 2, answer_question),
    Flow("look back", 2, look_back),
    Flow("use the API", 1, use_api),
]


# --- the simulated people ------------------------------------------------------------------


class Hello(HttpUser):
    """The baseline: the same server and middleware, no template, no query."""

    wait_time = constant(0)

    @task
    def hello(self) -> None:
        self.client.get("/bench/hello", name="/bench/hello")


class SignedInHello(HttpUser):
    """The floor of a page: the bare view with a signed-in person's cookies, no pause."""

    wait_time = constant(0)

    def on_start(self) -> None:
        people = PEOPLE["people"]
        self.person = Person(self, people[next(_next_person) % len(people)])

    @task
    def hello(self) -> None:
        with self.client.get(
            "/bench/hello?signed-in", name="/bench/hello signed in", catch_response=True
        ) as response:
            if response.status_code != 200 or response.text != "hello":
                response.failure(f"{response.status_code} for /bench/hello signed in")


class Someone(HttpUser):
    # People pause between THINK/2 and 3*THINK/2 seconds, so they do not move in step.
    wait_time = between(THINK / 2, THINK * 1.5) if THINK else constant(0)

    def on_start(self) -> None:
        people = PEOPLE["people"]
        self.person = Person(self, people[next(_next_person) % len(people)])

    @task
    def one_flow(self) -> None:
        flow = random.choices(FLOWS, weights=[f.weight for f in FLOWS])[0]  # noqa: S311
        self.person.first_page = True
        flow.run(self.person)


# locust runs every HttpUser class left in this module: keep the one MODE asks for.
if MODE != "hello":
    del Hello
if MODE != "hello-signed-in":
    del SignedInHello
if MODE != "flows":
    del Someone
