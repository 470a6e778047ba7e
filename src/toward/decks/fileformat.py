"""The deck file format: CSV with a header row, UTF-8. Documented in docs/DECKS.md.

    id,depth,text
    morning-1,surface,What made you smile this morning?

``id`` is the question's own name within the file (letters, digits, - and _), ``depth`` is
surface, personal or core, ``text`` is the question. Parsing is all-or-nothing: every bad row is
reported with its line number, and a file with any problem imports nothing. No Django here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from toward.lib.text import clean_text

COLUMNS = ("id", "depth", "text")
DEPTHS = ("surface", "personal", "core")
MAX_BYTES = 1024 * 1024  # 1 MB holds thousands of questions; anything bigger is not a deck
MAX_ROWS = 2000
TEXT_MAX = 300
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_REPORTED = 50  # enough to fix a file; a file of nothing but errors needs only the first few


@dataclass(frozen=True)
class Row:
    line: int
    key: str
    depth: str
    text: str


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class DeckFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def parse(data: bytes, *, existing_keys: Iterable[str] = ()) -> list[Row]:
    """Every row of a deck file, or DeckFileError listing each problem by line."""
    if len(data) > MAX_BYTES:
        raise DeckFileError(
            [Problem(0, f"This file is {_size(len(data))}; deck files can be up to 1 MB.")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeckFileError([Problem(0, "Please save the file as UTF-8 text (CSV).")]) from None
    if "\x00" in text:
        raise DeckFileError([Problem(0, "This does not look like a text (CSV) file.")])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DeckFileError([Problem(1, "The file is empty.")]) from None
    except csv.Error as exc:
        raise DeckFileError([Problem(1, f"This line cannot be read as CSV ({exc}).")]) from None
    names = [name.strip().lower() for name in header]
    if sorted(names) != sorted(COLUMNS):
        raise DeckFileError([Problem(1, "The first line must be the header: id,depth,text.")])
    position = {name: names.index(name) for name in COLUMNS}
    problems: list[Problem] = []
    rows: list[Row] = []
    seen = {key: 0 for key in existing_keys}
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(line, f"this line cannot be read as CSV ({exc})"))
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        problem = _check(record, position, start, seen)
        if isinstance(problem, Problem):
            problems.append(problem)
        else:
            rows.append(problem)
            seen[problem.key] = start
        if len(rows) + len(problems) > MAX_ROWS:
            problems.append(Problem(start, f"a deck can hold up to {MAX_ROWS} questions"))
            break
    if not rows and not problems:
        problems.append(Problem(2, "There are no questions under the header."))
    if problems:
        raise DeckFileError(problems[:MAX_REPORTED])
    return rows


def _check(record: list[str], position: dict[str, int], line: int, seen: dict) -> Row | Problem:
    if len(record) != len(COLUMNS):
        return Problem(line, f"expected 3 values (id, depth, text), found {len(record)}")
    key = record[position["id"]].strip().lower()
    depth = record[position["depth"]].strip().lower()
    text = " ".join(clean_text(record[position["text"]]).split())
    if not KEY.match(key):
        return Problem(
            line, "the id must be 1 to 40 letters, digits, - or _, starting with a letter or digit"
        )
    if key in seen:
        where = f"line {seen[key]}" if seen[key] else "a question already in this deck"
        return Problem(line, f"the id {key!r} is already used by {where}")
    if depth not in DEPTHS:
        return Problem(line, f"unknown depth {depth!r}: use surface, personal or core")
    if not text:
        return Problem(line, "the question is empty")
    if len(text) > TEXT_MAX:
        return Problem(line, f"the question is {len(text)} characters; the limit is {TEXT_MAX}")
    return Row(line, key, depth, text)


def write(rows: Iterable[tuple[str, str, str]]) -> str:
    """A deck file for (id, depth, text) rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(row)
    return out.getvalue()
