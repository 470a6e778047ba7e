"""The `toward` command: run, maintain and inspect a Toward installation.

Each subcommand is a thin shell over the same service functions the pages and the API use.
Errors a person can fix end in one readable line on stderr and exit code 1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

DEFAULT_SETTINGS = "toward.settings.base"


def _setup(production: bool = False) -> None:
    if production:
        os.environ["DJANGO_SETTINGS_MODULE"] = "toward.settings.production"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    from toward.lib.env import ConfigError

    try:
        django.setup()
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None


def _fail(message: str) -> None:
    raise click.ClickException(message)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="toward")
def cli() -> None:
    """Toward: a private companion for two people who want to grow closer.

    Configuration comes from environment variables (see docs/CONFIGURATION.md); data lives in
    TOWARD_DATA_DIR unless DATABASE_URL points at PostgreSQL.
    """


# With --workers (production), each process works on one request at a time, as gunicorn's sync
# workers do. Pages are CPU-bound Python and a process's threads share one core: with 8 or 2
# threads, requests that arrived together each took longer, and at 50 people the slowest pages'
# p95 rose with the threads on both databases (docs/PERFORMANCE.md, "the third pass"). A deployment
# whose requests wait on the network (the optional LLM coach, photos in object storage) runs
# more processes than cores, or raises --threads (docs/DEPLOYMENT.md).
WORKER_THREADS = 1


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Serve with this many worker processes (production). One when not given.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=None,
    help="Requests each process works on at once (default 4 with one process, 1 with --workers).",
)
@click.option("--with-worker", is_flag=True, help="Also run the background worker.")
@click.option("--production", is_flag=True, help="Use production settings (HTTPS, secret key).")
def serve(
    host: str,
    port: int,
    workers: int | None,
    threads: int | None,
    with_worker: bool,
    production: bool,
) -> None:
    """Serve the web app and API with the granian server."""
    _setup(production)
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from granian import Granian
    from granian.constants import Interfaces

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        _fail("the database needs migrating first: run `toward migrate`")
    connection.close()

    worker = None
    if with_worker:
        worker = subprocess.Popen([sys.executable, "-m", "toward.cli", "worker"])  # noqa: S603
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"Toward is running at http://{shown_host}:{port}/  (Ctrl+C to stop)")
    try:
        Granian(
            "toward.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers or 1,
            blocking_threads=threads or (WORKER_THREADS if workers else 4),
            respawn_failed_workers=bool(workers),
            log_access=False,
        ).serve()
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)


@cli.command()
@click.option("--batch", is_flag=True, help="Work through waiting tasks, then stop.")
def worker(batch: bool) -> None:
    """Run the background worker (reminders, emails)."""
    _setup()
    from django.core.management import call_command

    args = ["--batch"] if batch else []
    call_command("db_worker", *args, "--no-startup-delay", "--interval=1", "--no-reload")


@cli.command()
def migrate() -> None:
    """Create or update the database tables."""
    _setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@cli.group()
def content() -> None:
    """Work with the content library (questions, prompts, exercises, pages)."""


@content.command("check")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Check another folder of content files instead of the built-in one.",
)
def content_check(data_dir: Path | None) -> None:
    """Validate every content file; print file:line for each problem."""
    from toward.content.library import DATA_DIR, FILES, check_all

    problems = check_all(data_dir or DATA_DIR)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"All {len(FILES)} content files are valid.")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def backup(path: Path, force: bool) -> None:
    """Write a consistent backup of the database to PATH (works while Toward runs)."""
    _setup()
    from toward.core import backups

    if path.exists() and not force:
        _fail(f"{path} already exists; choose another name or pass --force")
    try:
        info = backups.backup(path)
    except backups.BackupError as exc:
        _fail(str(exc))
    click.echo(f"Backed up {info} to {path}")


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Don't ask for confirmation.")
def restore(path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH."""
    _setup()
    from toward.core import backups

    if not yes:
        click.confirm("This replaces everything in the current database. Continue?", abort=True)
    try:
        info = backups.restore(path)
    except backups.BackupError as exc:
        _fail(str(exc))
    click.echo(f"Restored {info} from {path}")


@cli.command()
@click.argument("email")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
def export(email: str, path: Path) -> None:
    """Write all of one person's data as JSON to PATH (- for standard output)."""
    _setup()
    from toward.accounts.services import export_user, find_user
    from toward.core.errors import ServiceError

    try:
        data = export_user(find_user(email))
    except ServiceError as exc:
        _fail(exc.message)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if str(path) == "-":
        click.echo(text)
        return
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror}")
    click.echo(f"Exported the data of {email} to {path}")


@cli.group()
def rituals() -> None:
    """Rituals of connection (docs/RITUALS.md)."""


@rituals.command("calendar")
@click.argument("email")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
def rituals_calendar(email: str, path: Path) -> None:
    """Write one person's rituals as an iCalendar (.ics) file to PATH (- for standard output)."""
    _setup()
    from toward.accounts.services import find_user
    from toward.core.errors import ServiceError
    from toward.rituals.calendar import build_calendar

    try:
        data = build_calendar(find_user(email))
    except ServiceError as exc:
        _fail(exc.message)
    if str(path) == "-":
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        path.write_bytes(data)
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror}")
    click.echo(f"Wrote the rituals of {email} to {path}")


@cli.command()
def demo() -> None:
    """Create a demo pair with a few weeks of activity, and print how to log in."""
    _setup()
    from toward.demo import create_demo

    result = create_demo()
    click.echo("Demo pair ready. Log in as either person, each in their own browser:")
    for person in result.people:
        click.echo(f"  {person.name:<6} {person.email}  password: {person.password}")
    click.echo(f"Their space: {result.space_url}")


@cli.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.pass_context
def coach(ctx: click.Context) -> None:
    """Offline language tools: feelings, listening, patterns (see `toward coach --help`)."""
    try:
        from toward.language.cli import main as language_main
    except ImportError:
        _fail("the language tools are not installed in this build")
    raise SystemExit(language_main(list(ctx.args)))


@cli.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.pass_context
def manage(ctx: click.Context) -> None:
    """Run a Django management command (for operators; e.g. `toward manage check --deploy`)."""
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["toward manage", *ctx.args])


def main() -> None:
    cli(prog_name="toward")


if __name__ == "__main__":
    main()
