from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from toward.language import EMOTIONS, LABELS
from toward.language.cli import MAX_TEXT_CHARS, main

SRC = Path(__file__).resolve().parents[2] / "src"


def run(argv: list[str], stdin: str | bytes = "") -> tuple[int, str]:
    raw = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    out = io.StringIO()
    code = main(argv, stdin=io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"), stdout=out)
    return code, out.getvalue()


def jsonl(argv: list[str], lines: list[object] | bytes) -> list[dict]:
    if isinstance(lines, bytes):
        data: str | bytes = lines
    else:
        data = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    code, out = run([*argv, "--jsonl"], data)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_feelings_jsonl_contract():
    out = jsonl(
        ["feelings"], [{"id": "a", "text": "I'm so grateful for you"}, {"id": 2, "text": ""}]
    )
    assert [o["id"] for o in out] == ["a", 2]
    assert set(out[0]) == {"id", "labels", "scores", "feelings"}
    assert list(out[0]["scores"]) == list(EMOTIONS)
    assert out[1]["labels"] == [] and out[1]["feelings"] == []


def test_patterns_jsonl_contract():
    text = "You never listen. Whatever."
    out = jsonl(["patterns"], [{"id": 1, "text": text}])[0]
    assert set(out) == {"id", "labels", "scores", "spans", "rewrite"}
    assert list(out["scores"]) == list(LABELS)
    for span in out["spans"]:
        assert set(span) == {"label", "start", "end"}
        assert 0 <= span["start"] < span["end"] <= len(text)


def test_listening_jsonl_contract():
    out = jsonl(["listening"], [{"id": 7, "disclosure": "I lost my job.", "reply": "Oh no."}])[0]
    assert set(out) == {
        "id",
        "emotional_reactions",
        "interpretations",
        "explorations",
        "attunement",
        "moves",
    }


def test_bad_lines_get_errors_and_processing_continues():
    lines = [
        "this is not json",
        {"text": "no id here"},
        {"id": 1},
        {"id": 2, "text": 42},
        {"id": 3, "text": "x" * (MAX_TEXT_CHARS + 1)},
        [1, 2, 3],
        {"id": 4, "text": "still works"},
    ]
    out = jsonl(["feelings"], lines)
    assert len(out) == 7
    assert all("error" in o for o in out[:6])
    assert [o["id"] for o in out[:6]] == [None, None, 1, 2, 3, None]
    assert "labels" in out[6] and out[6]["id"] == 4


def test_one_megabyte_line_is_an_error_not_a_crash():
    big = json.dumps({"id": "big", "text": "a" * 1_000_000})
    out = jsonl(["patterns"], [big, {"id": "next", "text": "hi"}])
    assert out[0] == {"id": "big", "error": out[0]["error"]}
    assert out[1]["id"] == "next"


def test_listening_missing_reply():
    out = jsonl(["listening"], [{"id": 1, "disclosure": "hi"}])
    assert out == [{"id": 1, "error": "missing field: reply"}]


def test_invalid_utf8_line():
    out = jsonl(["feelings"], b'\xff\xfe{"id": 1}\n{"id": 2, "text": "ok"}\n')
    assert "error" in out[0] and out[1]["id"] == 2


def test_lone_surrogate_escape_is_handled():
    out = jsonl(["patterns"], ['{"id": 1, "text": "You always \\ud800 leave"}'])
    assert out[0]["id"] == 1 and "labels" in out[0]


def test_blank_lines_are_skipped():
    out = jsonl(["feelings"], ["", {"id": 1, "text": "hi"}, "   "])
    assert [o["id"] for o in out] == [1]


def test_readable_reports():
    code, out = run(["patterns", "You always forget. Whatever."])
    assert code == 0 and "gentler" in out
    code, out = run(["feelings", "I'm so nervous about tomorrow"])
    assert code == 0 and "apprehensive" in out
    code, out = run(["listening", "I lost my job.", "Oh no, how are you doing?"])
    assert code == 0 and "attunement" in out


def test_text_from_stdin_without_args():
    code, out = run(["feelings"], "thank you so much")
    assert code == 0 and "thank you so much" in out


@pytest.mark.parametrize(
    "argv", [[], ["nope"], ["listening", "only one"], ["feelings", "--jsonl", "x"]]
)
def test_usage_errors(argv):
    code, _ = run(argv)
    assert code == 2


def test_help():
    code, out = run(["--help"])
    assert code == 0 and "usage" in out


def test_stdin_failure_exits_non_zero():
    class Broken(io.StringIO):
        def __iter__(self):
            raise OSError("broken pipe")

    assert main(["feelings", "--jsonl"], stdin=Broken(), stdout=io.StringIO()) == 1


def test_python_dash_m():
    proc = subprocess.run(
        [sys.executable, "-m", "toward.language", "feelings", "--jsonl"],
        input='{"id": 1, "text": "so happy"}\n',
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC)},
        timeout=60,
    )
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["id"] == 1
