"""Fill a benchmark database with many pairs, each with a year of daily activity.

Run (a separate database, never your real one or the test suite's):

    python benchmarks/seed_scale.py --pairs 10000 --days 365 --data-dir /tmp/toward-big
    python benchmarks/seed_scale.py --pairs 10000 --days 365 \
        --database-url postgres://postgres@127.0.0.1/toward_bench

Each pair is two people sharing one active space. For every day of the year each person has a
check-in with one feeling, and the pair has the day's question and an exchange both answered:
per pair and year 730 check-ins, 730 feelings, 365 daily questions, 365 exchanges and 730
answers (about 2,900 rows; 29 million for 10,000 pairs). The rows are generated inside the
database with INSERT … SELECT over a numbers table, one block of pairs per statement, so no
Python object is made per row (the same SQL runs on SQLite and PostgreSQL, apart from padding
numbers and date arithmetic). The simulated people of the load benchmark are made by
benchmarks/load_bench.py through the real services and then given the same history with
`add_history`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

TEXTS = {
    "went_well": "We had breakfast together without our phones and talked about the weekend.",
    "hard": "Work ran late again and I was short with you when I got home.",
    "worried": "The visit next month, and whether we will have any time for ourselves.",
    "pleased": "You remembered to ask how the appointment went.",
    "need_tonight": "An early night and a short walk after dinner.",
}
ANSWER = "Probably the summer we spent fixing the old bike; I felt useful and close to you."
BLOCK = 250  # pairs per statement: big enough to be fast, small enough to show progress


def setup(database_url: str | None, data_dir: str | None) -> None:
    """Point Django at the benchmark database (before django.setup)."""
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "toward.settings.base"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    if data_dir:
        os.environ["TOWARD_DATA_DIR"] = data_dir
    import django

    django.setup()


def ensure_postgres_database(url: str, *, fresh: bool) -> None:
    """Create the PostgreSQL database named in url (drop it first when fresh)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
        # The planner setting docs/DEPLOYMENT.md asks for on SSD storage (PostgreSQL's default
        # of 4 assumes spinning disks and picks hash joins over whole tables too early).
        admin.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


class Sql:
    """The few places where SQLite and PostgreSQL spell things differently."""

    def __init__(self, vendor: str) -> None:
        self.pg = vendor == "postgresql"

    def pad(self, expr: str, width: int) -> str:
        return f"lpad(({expr})::text, {width}, '0')" if self.pg else f"printf('%0{width}d', {expr})"

    def day_minus(self, today: str, expr: str) -> str:
        if self.pg:
            return f"(DATE '{today}' - ({expr}))"
        return f"date('{today}', '-' || ({expr}) || ' days')"

    def noon(self, day_expr: str) -> str:
        if self.pg:
            return f"(({day_expr})::timestamp + interval '12 hours')"
        return f"({day_expr} || ' 12:00:00')"


def _numbers(cursor, upto: int) -> None:
    cursor.execute("DROP TABLE IF EXISTS bench_n")
    cursor.execute("CREATE TEMPORARY TABLE bench_n (n integer PRIMARY KEY)")
    cursor.executemany("INSERT INTO bench_n (n) VALUES (%s)", [(n,) for n in range(upto)])


def _mod(expr: str, k: int) -> str:
    """expr modulo k without the % sign (a placeholder character for the database drivers)."""
    return f"(({expr}) - (({expr}) / {k}) * {k})"


def _feeling_case(expr: str) -> str:
    from toward.feelings import services as wheel

    ids = [f.id for f in wheel.all_feelings().values()][:12]
    whens = " ".join(f"WHEN {i} THEN '{fid}'" for i, fid in enumerate(ids))
    return f"CASE {_mod(expr, len(ids))} {whens} END"


def _question():
    from toward.decks.catalog import get_deck
    from toward.spaces.models import Space

    deck = get_deck(Space(relationship_type="romantic"), "inner-world")
    card = deck.cards[0]
    return card.ref, card.text.replace("'", "''")


def add_pairs(tag: str, pairs: int) -> list[str]:
    """Make `pairs` pairs of people with an active space each; returns the space ids."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    sql = Sql(connection.vendor)
    now = timezone.now().isoformat()
    password = make_password(None)  # unusable: these people are only rows to search through
    with transaction.atomic(), connection.cursor() as cursor:
        _numbers(cursor, pairs * 2)
        cursor.execute(
            "INSERT INTO accounts_user (password, last_login, is_superuser, email, display_name,"
            " time_zone, is_active, is_staff, date_joined)"
            f" SELECT %s, NULL, FALSE, '{tag}-' || n || '@example.com', 'Person ' || n, 'UTC',"
            f" TRUE, FALSE, %s FROM bench_n WHERE n < {pairs * 2}",
            [password, now],
        )
        space_id = f"'{tag}s' || {sql.pad('n', 12)}"
        cursor.execute(
            "INSERT INTO spaces_space (id, relationship_type, state, created_at)"
            f" SELECT {space_id}, 'romantic', 'active', %s FROM bench_n WHERE n < {pairs}",
            [now],
        )
        for k in (0, 1):
            cursor.execute(
                "INSERT INTO spaces_membership (id, name, joined_at, left_at, user_id, space_id)"
                f" SELECT '{tag}m{k}' || {sql.pad('n', 12)}, 'Our space', %s, NULL, u.id,"
                f" {space_id} FROM bench_n JOIN accounts_user u"
                f" ON u.email = '{tag}-' || (2 * n + {k}) || '@example.com' WHERE n < {pairs}",
                [now],
            )
    return [f"{tag}s{n:012d}" for n in range(pairs)]


def add_history(
    space_ids: list[str], days: int, tag: str, progress=None, *, analyze: bool = True
) -> int:
    """A year (or `days`) of daily activity for each space; returns the number of rows."""
    from django.db import connection, transaction

    sql = Sql(connection.vendor)
    today = date.today().isoformat()
    ref, question = _question()
    rows = 0
    with connection.cursor() as cursor:
        _numbers(cursor, days)
        cursor.execute("DROP TABLE IF EXISTS bench_m")
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_m (idx integer, user_id bigint, space_id varchar(22),"
            " first boolean)"
        )
    for start in range(0, len(space_ids), BLOCK):
        block = space_ids[start : start + BLOCK]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM bench_m")
            members = []
            memberships = (
                _memberships_of(block) if block else []
            )  # (space_id, user_id) ordered by join
            for i, (space_id, user_id, first) in enumerate(memberships):
                members.append((start * 2 + i, user_id, space_id, first))
            cursor.executemany(
                "INSERT INTO bench_m (idx, user_id, space_id, first) VALUES (%s, %s, %s, %s)",
                members,
            )
            day = sql.day_minus(today, "d.n + 1")  # up to yesterday: today is left to the flows
            cid = f"'{tag}c' || {sql.pad('m.idx', 9)} || {sql.pad('d.n', 4)}"
            cursor.execute(
                "INSERT INTO checkins_checkin (id, day, went_well, hard, worried, pleased,"
                " need_tonight, sealed_note, shared_early, created_at, updated_at, author_id,"
                f" space_id) SELECT {cid}, {day}, %s, %s, %s, %s, %s, '', FALSE, {sql.noon(day)},"
                f" {sql.noon(day)}, m.user_id, m.space_id FROM bench_m m CROSS JOIN bench_n d",
                [TEXTS[k] for k in ("went_well", "hard", "worried", "pleased", "need_tonight")],
            )
            rows += cursor.rowcount
            cursor.execute(
                "INSERT INTO checkins_checkinfeeling (feeling_id, intensity, position, checkin_id)"
                f" SELECT {_feeling_case('m.idx + d.n')}, 1 + {_mod('m.idx + d.n', 5)}, 0, {cid}"
                " FROM bench_m m CROSS JOIN bench_n d"
            )
            rows += cursor.rowcount
            cursor.execute(
                "INSERT INTO decks_dailyquestion (day, question_ref, question_text, depth,"
                f" space_id) SELECT {day}, '{ref}', '{question}', 'surface', m.space_id"
                " FROM bench_m m CROSS JOIN bench_n d WHERE m.first"
            )
            rows += cursor.rowcount
            xid = f"'{tag}x' || {sql.pad('m.idx', 9)} || {sql.pad('d.n', 4)}"
            cursor.execute(
                "INSERT INTO decks_exchange (id, question_ref, question_text, depth, created_at,"
                f" revealed_at, asked_by_id, space_id) SELECT {xid}, '{ref}', '{question}',"
                f" 'surface', {sql.noon(day)}, {sql.noon(day)}, m.user_id, m.space_id"
                " FROM bench_m m CROSS JOIN bench_n d WHERE m.first"
            )
            rows += cursor.rowcount
            # Both members answer: the exchange id is the first member's (idx even, the pair's).
            first_idx = f"m.idx - {_mod('m.idx', 2)}"
            cursor.execute(
                "INSERT INTO decks_answer (id, text, user_id, exchange_id)"
                f" SELECT '{tag}a' || {sql.pad('m.idx', 9)} || {sql.pad('d.n', 4)}, %s,"
                f" m.user_id, '{tag}x' || {sql.pad(first_idx, 9)} || {sql.pad('d.n', 4)}"
                " FROM bench_m m CROSS JOIN bench_n d",
                [ANSWER],
            )
            rows += cursor.rowcount
        if progress:
            progress(min(start + BLOCK, len(space_ids)), len(space_ids), rows)
    if analyze:  # fresh planner statistics (sampled: a few seconds even for 29 million rows)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA analysis_limit=2000")
            cursor.execute("ANALYZE")
    return rows


def _memberships_of(space_ids: list[str]) -> list[tuple[str, int, bool]]:
    """Each space's two members, the one who made it first (the one who 'asks')."""
    from toward.spaces.models import Membership

    found = []
    last = None
    for space_id, user_id in (
        Membership.objects.filter(space_id__in=space_ids)
        .order_by("space_id", "joined_at", "id")
        .values_list("space_id", "user_id")
    ):
        found.append((space_id, user_id, space_id != last))
        last = space_id
    # Keep pairs together and in order: idx 2k is the first member, 2k+1 the second.
    return found


def seed(pairs: int, days: int, tag: str = "scale", quiet: bool = False) -> dict:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:  # bench data: durability does not matter here
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
        else:
            # The rows are consistent by construction: skip the per-row foreign key triggers
            # (needs a superuser, as in the benchmark's local PostgreSQL) and the commit flush.
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET session_replication_role = replica")
    started = time.perf_counter()

    def progress(done, total, rows):
        if not quiet:
            elapsed = time.perf_counter() - started
            print(f"  {done}/{total} pairs, {rows:,} activity rows, {elapsed:.0f} s", flush=True)

    space_ids = add_pairs(tag, pairs)
    rows = add_history(space_ids, days, tag, progress)
    return {
        "pairs": pairs,
        "days": days,
        "rows": rows,
        "seconds": round(time.perf_counter() - started, 1),
        "database": connection.vendor,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--database-url", help="a PostgreSQL database (created if missing)")
    parser.add_argument("--data-dir", help="folder for a SQLite database (when no URL)")
    parser.add_argument("--fresh", action="store_true", help="drop the PostgreSQL database first")
    parser.add_argument("--record", type=Path, help="also write the figures to this JSON file")
    opts = parser.parse_args()
    if not opts.database_url and not opts.data_dir:
        parser.error("give --data-dir (SQLite) or --database-url (PostgreSQL)")
    if opts.database_url:
        ensure_postgres_database(opts.database_url, fresh=opts.fresh)
    setup(opts.database_url, opts.data_dir)
    info = seed(opts.pairs, opts.days)
    if opts.record:
        opts.record.write_text(json.dumps(info, indent=2) + "\n")
    print(
        f"seeded {info['pairs']:,} pairs x {info['days']} days on {info['database']}: "
        f"{info['rows']:,} activity rows in {info['seconds']} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
