"""The documentation is checked like code: a setting, command or endpoint it does not describe
fails the build (the habit datasette keeps in its tests/test_docs.py)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from toward.cli import cli
from toward.lib.env import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _doc(name: str) -> str:
    return (ROOT / "docs" / name).read_text()


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented(name):
    assert f"`{name}`" in _doc("CONFIGURATION.md")


def _commands(group: click.Group, prefix: str = "toward"):
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _commands(command, full)
        else:
            yield full


@pytest.mark.parametrize("command", sorted(_commands(cli)))
def test_every_command_is_documented(command):
    assert f"`{command}" in _doc("CLI.md")


def _api_routes():
    from toward.api.main import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield method.upper(), path


@pytest.mark.parametrize(("method", "path"), sorted(_api_routes()))
def test_every_api_endpoint_is_documented(method, path):
    assert f"| {method} | `{path}` |" in _doc("API.md")


def test_readme_names_the_two_commands():
    assert "make run" in README and "make test" in README
    assert (ROOT / "docs" / "screenshot.png").exists()
