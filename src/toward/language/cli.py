"""``toward coach feelings|listening|patterns [--jsonl] [TEXT...]``.

The JSON-lines contract is a stable interface other tools rely on: one output line per input
line, in order, with the same ``id``; a bad line yields ``{"id", "error"}`` and processing goes
on; the exit code is 0 unless reading stdin itself fails.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from .feelings import feelings
from .listening import listening
from .patterns import patterns

# A message or check-in is a few hundred characters; past this a line is refused so one
# pasted file cannot hold up the stream. Texts under it always get a result.
MAX_TEXT_CHARS = 256 * 1024

USAGE = """usage: coach feelings|listening|patterns [--jsonl] [TEXT...]

  feelings TEXT...             feelings suggested for each text
  listening DISCLOSURE REPLY   how the reply listens to the disclosure
  patterns TEXT...             communication patterns and a gentler rewording

  --jsonl   read JSON lines from stdin, write one JSON line per input:
            feelings/patterns take {"id", "text"}; listening takes {"id", "disclosure", "reply"}
"""

FIELDS: dict[str, tuple[str, ...]] = {
    "feelings": ("text",),
    "listening": ("disclosure", "reply"),
    "patterns": ("text",),
}


class LineError(ValueError):
    """A problem with one input line, reported on that line's output."""


def _run_tool(tool: str, values: list[str]) -> dict[str, Any]:
    if tool == "feelings":
        return feelings(values[0]).to_dict()
    if tool == "listening":
        return listening(values[0], values[1]).to_dict()
    return patterns(values[0]).to_dict()


def _values(tool: str, obj: Any) -> list[str]:
    if not isinstance(obj, dict):
        raise LineError("each line must be a JSON object")
    if "id" not in obj:
        raise LineError("missing field: id")
    values = []
    for name in FIELDS[tool]:
        if name not in obj:
            raise LineError(f"missing field: {name}")
        value = obj[name]
        if not isinstance(value, str):
            raise LineError(f"field {name} must be a string")
        if len(value) > MAX_TEXT_CHARS:
            raise LineError(
                f"field {name} is too long ({len(value)} characters; the limit is {MAX_TEXT_CHARS})"
            )
        values.append(value)
    return values


def handle_line(tool: str, line: str | bytes) -> dict[str, Any]:
    """Turn one input line into one output object; never raises."""
    ident: Any = None
    try:
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                raise LineError("line is not valid UTF-8") from None
        if len(line) > 4 * MAX_TEXT_CHARS:
            raise LineError("line is too long")
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            raise LineError("line is not valid JSON") from None
        if isinstance(obj, dict):
            ident = obj.get("id")
        values = _values(tool, obj)
        return {"id": ident, **_run_tool(tool, values)}
    except LineError as exc:
        return {"id": ident, "error": str(exc)}
    except Exception:  # noqa: BLE001 - one bad line must never stop the stream
        return {"id": ident, "error": "could not analyse this line"}


def _dump(obj: dict[str, Any]) -> str:
    text = json.dumps(obj, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from \\ud800-style escapes
        text = json.dumps(obj, ensure_ascii=True)
    return text


def _lines(stdin: IO[Any]) -> Iterator[str | bytes]:
    source = getattr(stdin, "buffer", stdin)
    yield from source


def run_jsonl(tool: str, stdin: IO[Any], stdout: IO[str]) -> int:
    try:
        for line in _lines(stdin):
            if not line.strip():
                continue
            stdout.write(_dump(handle_line(tool, line)) + "\n")
            stdout.flush()
    except OSError as exc:
        print(f"coach: could not read input: {exc}", file=sys.stderr)
        return 1
    return 0


def _report_feelings(text: str, out: Callable[[str], None]) -> None:
    result = feelings(text)
    out(f"{text!r}")
    if result.feelings:
        out("  feelings it might hold: " + ", ".join(result.feelings))
        out("  " + ", ".join(f"{lab} {result.scores[lab]:.2f}" for lab in result.labels))
    else:
        out("  no particular feeling stands out")


def _report_patterns(text: str, out: Callable[[str], None]) -> None:
    result = patterns(text)
    out(f"{text!r}")
    if not result.labels:
        out("  nothing here tends to wound")
        return
    for span in result.spans:
        out(f'  {span.label.replace("_", " ")}: "{text[span.start : span.end]}"')
        out(f"    {span.explanation}")
    out(f"  a gentler way to say it: {result.rewrite}")


_WELL = (
    ("emotional_reactions", "you responded to the feeling", "you responded to their feeling"),
    ("interpretations", "you showed you understood", "you reflected what they are going through"),
    ("explorations", "you invited them to say more", "you asked about something they said"),
)
_MOVE_NOTES = {
    "fixing": "advice came before they asked for it",
    "judging": "part of it may sound like blame",
    "explaining_away": "part of it may make the feeling sound smaller",
    "toxic_positivity": "cheering up can skip past how they feel",
    "parroting": "repeating their words without the feeling can sound hollow",
    "self_focus": "the reply turns toward your own story",
}


def _report_listening(disclosure: str, reply: str, out: Callable[[str], None]) -> None:
    result = listening(disclosure, reply)
    out(f"disclosure: {disclosure!r}")
    out(f"reply: {reply!r}")
    out(f"  attunement: {result.attunement:.2f}")
    levels: dict[str, int] = {key: getattr(result, key) for key, _, _ in _WELL}
    went_well = [
        (generic, specific)[levels[key] - 1] for key, generic, specific in _WELL if levels[key]
    ]
    if went_well:
        out("  what went well: " + "; ".join(went_well))
    if result.moves:
        out("  something to notice: " + "; ".join(_MOVE_NOTES[m] for m in result.moves))
    if not went_well and not result.moves:
        out("  try naming the feeling you hear, or asking what it was like for them")


def run_text(tool: str, args: list[str], stdin: IO[Any], stdout: IO[str]) -> int:
    def out(line: str) -> None:
        stdout.write(line + "\n")

    if not args:
        try:
            data = stdin.read()
        except OSError as exc:
            print(f"coach: could not read input: {exc}", file=sys.stderr)
            return 1
        args = [data.decode("utf-8", "replace") if isinstance(data, bytes) else data]
    if tool == "listening":
        if len(args) != 2:
            print("coach listening: give a DISCLOSURE and a REPLY", file=sys.stderr)
            return 2
        _report_listening(args[0], args[1], out)
        return 0
    for text in args:
        (_report_feelings if tool == "feelings" else _report_patterns)(text, out)
    return 0


def main(argv: list[str], stdin: IO[Any] = sys.stdin, stdout: IO[str] = sys.stdout) -> int:
    """Entry point; ``argv`` starts at the tool name, e.g. ``["feelings", "--jsonl"]``."""
    if not argv or argv[0] in ("-h", "--help", "help"):
        stdout.write(USAGE)
        return 0 if argv else 2
    tool, rest = argv[0], argv[1:]
    if tool not in FIELDS:
        print(f"coach: unknown tool {tool!r}\n{USAGE}", file=sys.stderr)
        return 2
    if "-h" in rest or "--help" in rest:
        stdout.write(USAGE)
        return 0
    jsonl = "--jsonl" in rest
    args = [a for a in rest if a != "--jsonl"]
    if jsonl:
        if args:
            print("coach: --jsonl reads stdin; give no TEXT", file=sys.stderr)
            return 2
        return run_jsonl(tool, stdin, stdout)
    return run_text(tool, args, stdin, stdout)
