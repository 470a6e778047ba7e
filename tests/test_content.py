"""The content library: every shipped file is valid, and a bad file is reported with its line."""

from __future__ import annotations

import shutil
import subprocess
import sys

from toward.content import library
from toward.content.loader import ContentError, load
from toward.content.schema import RelationshipTypes, SafetyPage


def test_shipped_content_is_valid():
    assert library.check_all() == []
    assert {item.id for item in library.relationship_types()} == {
        "romantic",
        "friendship",
        "family",
    }
    assert library.safety_page().sources


def test_content_is_cached_after_the_first_load():
    assert library.safety_page() is library.safety_page()


def _copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(library.DATA_DIR, target)
    return target


def test_a_bad_file_is_refused_with_path_line_and_reason(tmp_path):
    bad = tmp_path / "relationship_types.yaml"
    bad.write_text(
        "version: 1\n"
        "items:\n"
        "  - id: romantic\n"
        "    label: Partners\n"
        "    description: Two people.\n"
        "    example: x\n"
        "  - id: rivals\n"
        "    label: Rivals\n"
        "    description: Not a kind we know.\n"
        "    example: y\n"
        "  - id: family\n"
        "    label: Family\n"
        "    description: Kin.\n"
        "    example: z\n"
        "    colour: blue\n"
    )
    try:
        load(bad, RelationshipTypes)
    except ContentError as exc:
        messages = [str(problem) for problem in exc.problems]
    else:
        raise AssertionError("the bad file was accepted")
    assert any(m.startswith(f"{bad}:7: items.1.id") for m in messages), messages
    assert any(m.startswith(f"{bad}:15: items.2.colour") for m in messages), messages


def test_broken_yaml_names_its_line(tmp_path):
    bad = tmp_path / "safety.yaml"
    bad.write_text("version: 1\ntitle: [unclosed\nintro: x\n")
    try:
        load(bad, SafetyPage)
    except ContentError as exc:
        assert exc.problems[0].line in (2, 3, 4)
        assert "not valid YAML" in exc.problems[0].message


def test_content_check_command_prints_file_and_line(tmp_path):
    data = _copy(tmp_path)
    text = (data / "safety.yaml").read_text().replace("title: Your safety comes first", "title: ''")
    (data / "safety.yaml").write_text(text)
    (data / "stray.yaml").write_text("version: 1\n")
    result = subprocess.run(
        [sys.executable, "-m", "toward.cli", "content", "check", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{data / 'safety.yaml'}:3: title:" in result.stderr
    assert f"{data / 'stray.yaml'}:1: no schema" in result.stderr


def test_content_check_command_passes_on_shipped_content():
    result = subprocess.run(
        [sys.executable, "-m", "toward.cli", "content", "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "content files are valid" in result.stdout
