"""Turn command-line inputs (files, folders, globs) into article files, reporting bad ones."""
from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path

from songngu.errors import InputError

ARTICLE_SUFFIXES = (".txt",)


@dataclass
class FoundInputs:
    """Article files to read, in order, and the inputs that named nothing usable."""

    files: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def find_inputs(patterns: list[str]) -> FoundInputs:
    """Expand files, folders (``*.txt`` below them, sorted) and globs; each path once, in order."""
    found = FoundInputs()
    seen: set[Path] = set()
    for pattern in patterns:
        try:
            paths = _expand(pattern)
        except InputError as error:
            found.errors.append(error)
            continue
        for path in paths:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.files.append(path)
    return found


def _expand(pattern: str) -> list[Path]:
    path = Path(pattern).expanduser()
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        if not files:
            raise InputError(path, f"folder holds no {'/'.join(ARTICLE_SUFFIXES)} files")
        return files
    if glob.has_magic(pattern):
        matches = sorted(Path(match) for match in glob.glob(pattern, recursive=True) if Path(match).is_file())
        if not matches:
            raise InputError(pattern, "no files match this pattern")
        return matches
    raise InputError(path, "no such file or directory")


def article_ids(files: list[Path]) -> list[str]:
    """File stems as article ids, made unique with a numeric suffix where two files share a stem."""
    ids: list[str] = []
    used: set[str] = set()
    for path in files:
        candidate, counter = path.stem, 2
        while candidate in used:
            candidate, counter = f"{path.stem}-{counter}", counter + 1
        used.add(candidate)
        ids.append(candidate)
    return ids
