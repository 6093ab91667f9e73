"""Rows as JSON Lines: one UTF-8 JSON object per line, Vietnamese kept readable."""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from songngu.atomic import atomic_open
from songngu.errors import InputError, json_problem


def write_jsonl(rows: Iterable[dict], path: str | Path) -> int:
    """Write ``rows`` to ``path`` atomically, one JSON object per line; return how many were written.

    Text stays UTF-8 (``ensure_ascii=False``); line breaks inside strings are
    escaped by JSON, so each row is exactly one line. If ``rows`` raises midway,
    ``path`` is left untouched and no temporary file remains.
    """
    count = 0
    with atomic_open(path, "w") as handle:
        for row in rows:
            handle.write(json.dumps(dict(row), ensure_ascii=False))
            handle.write("\n")
            count += 1
    return count


def read_jsonl(path: str | Path) -> list[dict]:
    """Read the rows of a JSON Lines file; blank lines are skipped.

    Raises ``InputError`` naming the file and line when a line is not a JSON object.
    """
    rows: list[dict] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError as error:
        raise InputError(path, f"is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(path, f"line {number} is not valid JSON ({json_problem(error)})") from None
        if not isinstance(row, dict):
            raise InputError(path, f"line {number} is not a JSON object")
        rows.append(row)
    return rows
