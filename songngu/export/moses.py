"""Pairs as Moses plain text: two line-aligned files, ``NAME.vi-en.vi`` and ``NAME.vi-en.en``."""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from songngu.atomic import atomic_open
from songngu.errors import InputError

_LINE_BREAKING = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r" {2,}")


def one_line(text: str) -> str:
    """``text`` as a single line: breaks and tabs become spaces, other control characters go."""
    text = _CONTROL.sub("", _LINE_BREAKING.sub(" ", text))
    return _SPACES.sub(" ", text).strip()


def moses_paths(directory: str | Path, name: str, source: str = "vi", target: str = "en") -> tuple[Path, Path]:
    """The two file paths of corpus ``name`` in ``directory``: ``NAME.vi-en.vi`` and ``NAME.vi-en.en``."""
    stem = Path(directory) / f"{name}.{source}-{target}"
    return stem.with_name(f"{stem.name}.{source}"), stem.with_name(f"{stem.name}.{target}")


def write_moses(rows: Iterable[dict], directory: str | Path, name: str) -> tuple[Path, Path]:
    """Write the Vietnamese and English sides of ``rows`` as two line-aligned files; return their paths.

    Only rows whose two sides are non-empty after ``one_line`` cleaning are written.
    Both files are written through temporary files and renamed only when every row
    has been written, so a failure midway leaves neither file behind or half-written.
    """
    vi_path, en_path = moses_paths(directory, name)
    with atomic_open(vi_path, "w") as vi_handle, atomic_open(en_path, "w") as en_handle:
        for row in rows:
            translation = row.get("translation") or {}
            vi = one_line(translation.get("vi") or "")
            en = one_line(translation.get("en") or "")
            if vi and en:
                vi_handle.write(vi + "\n")
                en_handle.write(en + "\n")
    return vi_path, en_path


def _read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file split on ``\\n`` only, without a trailing empty line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def read_moses(vi_path: str | Path, en_path: str | Path) -> list[tuple[str, str]]:
    """Read two line-aligned files back as ``(vi, en)`` pairs.

    Raises ``InputError`` naming the English file when the two differ in line count.
    """
    vi_lines = _read_lines(vi_path)
    en_lines = _read_lines(en_path)
    if len(vi_lines) != len(en_lines):
        raise InputError(en_path, f"has {len(en_lines)} lines but {vi_path} has {len(vi_lines)}")
    return list(zip(vi_lines, en_lines))
