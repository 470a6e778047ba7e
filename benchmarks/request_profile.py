"""What one request costs in Python: each core page and API endpoint of the load flows, in process,
next to the bare /bench/hello view measured in the same run (issue 10).

Run: python benchmarks/request_profile.py [--n 40] [--days 365] [--profile] [--only checkin]
     [--tiny] [--postgres] [--data-dir DIR | --database-url URL] [--plans]

A fresh SQLite database in a temporary folder (or with --postgres a fresh PostgreSQL database,
toward_bench_profile on TOWARD_BENCH_PG), base settings as `toward serve` runs them (DEBUG off,
so templates are cached), one pair made through the real services with `--days` of daily history
(benchmarks/seed_scale.py), logged in through the real login form so the session, CSRF and
data-key cookies are the ones a browser carries. Each page is requested through the whole
middleware stack with Django's test client, `--n` times in turn after one warm-up, so a busy
moment on the machine falls on every page alike. Reported per page: median and p95 wall ms, the
median CPU ms of this process (steadier than wall time on a shared machine; on PostgreSQL it leaves
out the database server's own work), the number of queries, and "hello ×": how many bare hello
requests fit in the CPU time of one request of the page (the load benchmark's throughput ratio is
roughly 1 / that). --data-dir (SQLite) or --database-url (PostgreSQL) runs against an existing
database instead of a fresh one (one filled by benchmarks/seed_scale.py, to compare a page on
10,000 pairs with the same page on 10; the pair is added to it). --plans prints each distinct
query of each page with its plan (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL) and
its time alone, and marks the plans that read a whole table or sort in a temporary tree.
--profile prints cProfile's
top 20 functions of our own code (by cumulative time) and the top 12 of
all code (by own time) for each page; PROFILE_FILTER (a regular expression on file paths, e.g.
"template|psycopg") and PROFILE_TOP (how many) change the first list.

The load flows' pages (benchmarks/locustfile.py) are all here, plus the notices page; the
POST of a check-in rewrites today's check-in each time, as the flow does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

PASSWORD = "a calm benchmark phrase"


def _setup(data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "toward.settings.base"
    os.environ["TOWARD_DATA_DIR"] = data_dir
    os.environ["TOWARD_ALLOWED_HOSTS"] = "testserver"
    os.environ["TOWARD_BENCH_HELLO"] = "1"
    os.environ.setdefault("TOWARD_SECRET_KEY", "bench-only-secret-" + "q8Wn3Lp6Zt1Rk4Xv" * 4)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _people(days: int):
    """One pair with `days` of history; a logged-in client for the first, their space, a token."""
    from django.test import Client, override_settings
    from seed_scale import add_history

    from toward.accounts import services as accounts
    from toward.lib.crypto import KdfParams
    from toward.spaces import services as spaces

    # Fast hashing for the made-up pair only; requests after log-in check the session and the
    # data-key cookie, which do not depend on how the password was hashed.
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TOWARD_KDF=KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1),
    ):
        run = secrets.token_hex(3)  # a database given with --data-dir may hold earlier runs
        first = accounts.sign_up(email=f"a{run}@bench.local", password=PASSWORD, display_name="Ana")
        second = accounts.sign_up(
            email=f"b{run}@bench.local", password=PASSWORD, display_name="Ben"
        )
        mine = spaces.create_space(first, relationship_type="romantic", name="Us")
        spaces.join_space(second, code=spaces.create_invitation(mine).code, name="Us")
        client = Client()
        response = client.post("/login/", {"username": first.email, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
    if days:
        add_history([mine.space_id], days, f"pr{run}")
    token = accounts.create_api_token(first, "request profile")[1]
    return client, mine.space_id, token


def _checkin_form(client, url: str) -> dict:
    from toward.content.library import checkin_content
    from toward.feelings import services as wheel

    form = {
        p.id: f"Something about {p.id} today, in a sentence." for p in checkin_content().prompts
    }
    feeling = next(iter(wheel.all_feelings().values())).id
    form.update(feeling_1=feeling, intensity_1="3", need_tonight="A quiet evening.")
    form.update(private_note="Only for me.", csrfmiddlewaretoken=client.cookies["csrftoken"].value)
    return form


def _exchange_url(client, space: str) -> str:
    page = client.get(f"/spaces/{space}/questions/").content.decode()
    found = re.search(r'name="question_id" value="([^"]+)"', page)
    asked = client.post(
        f"/spaces/{space}/questions/ask/",
        {
            "question_id": found.group(1) if found else "any",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    exchange = re.search(r"/questions/exchanges/([^/]+)/", asked.get("Location", ""))
    assert exchange, asked.status_code
    return f"/spaces/{space}/questions/exchanges/{exchange.group(1)}/"


def _requests(client, space: str, token: str):
    """(label, callable making one request, expected status)."""
    from django.test import Client

    anonymous = Client()
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    checkin = f"/spaces/{space}/checkin/"
    form = _checkin_form(client, checkin)
    exchange = _exchange_url(client, space)

    def get(path: str, who=client, **extra):
        return lambda: who.get(path, **extra)

    return [
        ("bare /bench/hello (no session)", get("/bench/hello", anonymous), 200),
        ("bare /bench/hello (logged in)", get("/bench/hello"), 200),
        ("/", get("/"), 200),
        ("/spaces/[space]/", get(f"/spaces/{space}/"), 200),
        ("/spaces/[space]/checkin/", get(checkin), 200),
        ("POST /spaces/[space]/checkin/", lambda: client.post(checkin, form), 302),
        ("/spaces/[space]/checkins/", get(f"/spaces/{space}/checkins/"), 200),
        ("/spaces/[space]/questions/", get(f"/spaces/{space}/questions/"), 200),
        ("/spaces/[space]/questions/exchanges/[exchange]/", get(exchange), 200),
        ("/spaces/[space]/insights/", get(f"/spaces/{space}/insights/"), 200),
        ("/spaces/[space]/appreciations/", get(f"/spaces/{space}/appreciations/"), 200),
        ("/notices/", get("/notices/"), 200),
        ("API /spaces", get("/api/v1/spaces", **api), 200),
        (
            "API /spaces/[space]/checkins/today",
            get(f"/api/v1/spaces/{space}/checkins/today", **api),
            200,
        ),
        ("API /spaces/[space]/checkins", get(f"/api/v1/spaces/{space}/checkins", **api), 200),
    ]


def _count_queries(request) -> int:
    from django.db import connection

    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        request()
    return len(captured)


def _plans(label: str, request) -> str:
    """Each distinct query of one request with its plan; `!` marks a scan or a temporary sort."""
    from django.db import connection

    captured: list[tuple[str, tuple]] = []

    def keep(execute, sql, params, many, context):
        if not many and sql.lstrip().upper().startswith("SELECT"):
            captured.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        request()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    out, seen, total = [], {}, 0.0
    for sql, params in captured:
        if sql in seen:
            total += seen[sql]
            continue
        with connection.cursor() as cursor:
            cursor.execute(explain + sql, params)
            plan = [str(row[-1] if connection.vendor == "sqlite" else row[0]) for row in cursor]
        bad = any(
            re.match(r"\s*(SCAN \w+$|SCAN \w+ USING|Seq Scan)", line) or "TEMP B-TREE" in line
            for line in plan
        )
        took = []
        for _ in range(5):  # the query alone, rows fetched: what the database spends on it
            with connection.cursor() as cursor:
                start = time.perf_counter()
                cursor.execute(sql, params)
                rows = len(cursor.fetchall())
                took.append((time.perf_counter() - start) * 1000)
        ms = seen[sql] = statistics.median(took)
        total += ms
        out.append(f"{'!' if bad else ' '} {ms:.3f} ms, {rows} rows: {sql[:400]}")
        out.extend(f"      {line}" for line in plan)
    head = f"\n### {label}: {len(captured)} SELECTs, {total:.2f} ms in the database alone\n"
    return "\n".join([head, *out])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


_OURS = r"toward/(?!accounts/vault|core/middleware|accounts/throttle)"


def _profile(label: str, request, n: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        request()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    # Our own functions by time spent in and under them (the middleware and the client that
    # wrap every request would otherwise fill the list), then everything by time spent in it.
    stats.print_stats(
        os.environ.get("PROFILE_FILTER", _OURS), int(os.environ.get("PROFILE_TOP", "20"))
    )
    stats.sort_stats("tottime").print_stats(12)
    return f"\n### {label} (cProfile, {n} requests)\n\n```\n{out.getvalue().strip()}\n```\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="requests per page")
    parser.add_argument("--days", type=int, default=365, help="days of history for the pair")
    parser.add_argument("--profile", action="store_true", help="cProfile top 20 per page")
    parser.add_argument(
        "--only",
        default="",
        help="only pages whose label contains this (with a leading =, only the page so labelled)",
    )
    parser.add_argument("--tiny", action="store_true", help="seconds-long smoke run")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--data-dir", help="an existing SQLite database folder (seed_scale.py)")
    parser.add_argument("--database-url", help="an existing PostgreSQL database (seed_scale.py)")
    parser.add_argument("--plans", action="store_true", help="each query of each page, planned")
    args = parser.parse_args()
    if args.tiny:
        args.n, args.days = 2, 3
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    elif args.postgres:
        from common import PG_SERVER
        from seed_scale import ensure_postgres_database

        os.environ["DATABASE_URL"] = f"{PG_SERVER}/toward_bench_profile"
        ensure_postgres_database(os.environ["DATABASE_URL"], fresh=True)

    with tempfile.TemporaryDirectory() as fresh_dir:
        _setup(args.data_dir or fresh_dir)
        from django.db import connection

        client, space, token = _people(args.days)
        pages = [
            page
            for page in _requests(client, space, token)
            if page[0].startswith("bare")
            or (page[0] == args.only[1:] if args.only.startswith("=") else args.only in page[0])
        ]
        for label, request, status in pages:  # warm: content files, templates, caches
            response = request()
            assert response.status_code == status, (label, response.status_code)
        counts = [_count_queries(request) for _, request, _ in pages]
        times: list[list[float]] = [[] for _ in pages]
        cpu: list[list[float]] = [[] for _ in pages]
        for _ in range(args.n):
            for i, (_, request, _) in enumerate(pages):
                start, start_cpu = time.perf_counter(), time.process_time()
                request()
                times[i].append((time.perf_counter() - start) * 1000)
                cpu[i].append((time.process_time() - start_cpu) * 1000)
        profiles = (
            [_profile(label, request, args.n) for label, request, _ in pages[1:]]
            if args.profile
            else []
        )
        plans = [_plans(label, request) for label, request, _ in pages[1:]] if args.plans else []
        vendor = connection.vendor

    hello = statistics.median(cpu[0])
    load = os.getloadavg()[0]
    lines = [
        f"{args.n} requests per page in turn after one warm-up, in process (Django test client, "
        f"whole middleware stack), {vendor} ({args.data_dir or args.database_url or 'fresh'}), "
        f"one pair with {args.days} days of history; "
        f"{os.cpu_count()} cores, load average {load:.1f} at the end.",
        "",
        "| page | median ms | p95 ms | CPU ms | queries | hello × |",
        "|---|---|---|---|---|---|",
    ]
    for (label, _, _), t, c, queries in zip(pages, times, cpu, counts, strict=True):
        median, median_cpu = statistics.median(t), statistics.median(c)
        lines.append(
            f"| `{label}` | {median:.1f} | {_p95(t):.1f} | {median_cpu:.1f} | {queries} "
            f"| {median_cpu / hello:.1f} |"
        )
    print("\n".join(lines))
    if args.plans:
        print("\n".join(plans))
    if args.profile:
        print("".join(profiles))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
