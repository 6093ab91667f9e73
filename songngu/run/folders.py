"""Input folders walked, and what their files are called: article ids, labels for rows, suffixes.

Folders are walked one directory at a time in sorted order, symbolic links followed once; an
article file's id is its path relative to the inputs' base folder without its suffix, in Unicode
NFC (:func:`relative_id`), and two entries of one folder whose ids would be the same are found as
they are listed (:func:`id_key`). :mod:`songngu.run.sources` builds a run's articles on these.
"""
from __future__ import annotations

import glob
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from songngu.errors import SURROGATE
from songngu.export.manifest import own_outputs

ARTICLE_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
CORPUS_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES
FOLDER_SUFFIXES = ARTICLE_SUFFIXES + CORPUS_SUFFIXES

Note = Callable[[str], None]
"""Receives one line about something skipped on purpose (a FIFO in a folder, a symlink loop)."""


def glob_root(pattern: str) -> Path:
    """The fixed folder a glob starts from: its parts before the first wildcard."""
    parts = Path(os.path.abspath(os.path.expanduser(pattern))).parts
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path.cwd()


def walk_folder(
    folder: Path, note: Note, skipped: list[str], suffixes: tuple[str, ...] = FOLDER_SUFFIXES,
) -> Iterator[tuple[Path, Path | None]]:
    """Files with ``suffixes`` below ``folder`` in sorted order, following symbolic links once.

    Each comes with None, or with the file (or folder) listed before it in its folder whose article
    ids it would repeat (:func:`id_key`); a folder that repeats an earlier one's ids is listed so,
    once, and not entered. Special files, broken links and links back into a folder already walked
    are skipped with a note; other files without a known suffix are collected in ``skipped``.
    """
    visited: set[tuple[int, int]] = set()

    def walk(directory: Path) -> Iterator[Path]:
        try:
            info = directory.stat()
        except OSError as error:
            note(f"{directory}: skipped, cannot be read ({error.strerror or error})")
            return
        key = (info.st_dev, info.st_ino)
        if key in visited:
            note(f"{directory}: skipped, a symbolic link back to a folder already read")
            return
        visited.add(key)
        try:
            names = sorted(os.listdir(directory))
        except OSError as error:
            note(f"{directory}: skipped, cannot be listed ({error.strerror or error})")
            return
        own = own_outputs(directory)
        if own:
            note(f"{directory}: skipped {', '.join(own)}, a songngu output folder's own files, not inputs")
        firsts: dict[tuple[str, str], Path] = {}  # id key -> the first entry of this folder with it
        for name in names:
            if name.startswith(".") or name in own:
                continue
            path = directory / name
            try:
                mode = path.stat().st_mode
            except FileNotFoundError:
                note(f"{path}: skipped, a broken symbolic link")
                continue
            except OSError as error:
                note(f"{path}: skipped, {error.strerror or error}")
                continue
            is_folder = stat.S_ISDIR(mode)
            if stat.S_ISREG(mode) and not name.lower().endswith(suffixes):
                skipped.append(name)
                continue
            if is_folder or stat.S_ISREG(mode):
                first = firsts.setdefault(id_key(name, is_folder=is_folder), path)
                if first is not path:
                    yield path, first
                elif is_folder:
                    yield from walk(path)
                else:
                    yield path, None
            else:
                note(f"{path}: skipped, {special_kind(path)} is not a regular file")

    yield from walk(folder)


def output_folder_of(path: Path, owned: dict[Path, tuple[str, ...]]) -> Path | None:
    """The songngu output folder that wrote ``path`` (its run.json, card, dropped rows or a shard), or None.

    ``owned`` caches :func:`own_outputs` by folder.
    """
    folder = path.parent
    for owner, name in ((folder, path.name), (folder.parent, folder.name)):
        if owner not in owned:
            owned[owner] = own_outputs(owner)
        if name in owned[owner]:
            return owner
    return None


def utf8_name(name: str) -> bool:
    """False for a name holding bytes that are not UTF-8 (which Python holds as surrogate escapes)."""
    return not SURROGATE.search(name)


def walk_files(folder: Path, suffixes: tuple[str, ...], note: Note) -> Iterator[tuple[Path, Path | None]]:
    """Files with ``suffixes`` below ``folder``, sorted, symbolic links followed once; skips are noted.

    Each comes with the earlier entry whose ids it would repeat, or None (see :func:`walk_folder`).
    """
    return walk_folder(folder, note, [], suffixes)


def relative_id(path: Path, base: Path) -> str:
    """The article id of ``path`` under ``base``: its relative path without its suffix, in Unicode NFC."""
    relative = strip_suffixes(relative_path(Path(os.path.abspath(path)), Path(os.path.abspath(base))))
    return unicodedata.normalize("NFC", relative)


def repeated_name_problem(path: Path, first: Path, first_label: str) -> str:
    """Why ``path`` is refused: its name gives the ids of ``first`` (:func:`id_key`), listed before it."""
    what = "folder" if path.is_dir() else "file"
    differ = "Unicode form (NFC and NFD)" if nfc(path.name) == nfc(first.name) else "suffix"
    return (f"its article ids would repeat those of {first_label}: the two {what} names differ only in their {differ};"
            f" rename one of them")


def id_key(name: str, *, is_folder: bool) -> tuple[str, str]:
    """What a folder entry's article ids are made of: two entries of one folder with the same key share ids.

    An article file's id is its name without the suffix (``a.txt`` and ``a.TXT`` give ``a``), a corpus
    file's ids that plus ``:LINE`` (``b.jsonl`` and ``b.jsonl.gz``), a folder's its name; all in NFC.
    """
    if is_folder:
        return "folder", nfc(name)
    return ("records" if name.lower().endswith(CORPUS_SUFFIXES) else "article"), nfc(strip_suffixes(name))


def nfc(name: str) -> str:
    """``name`` in Unicode NFC, the form ids are kept in."""
    return unicodedata.normalize("NFC", name)


def relative_label(path: Path, base: Path) -> str:
    """How rows name ``path``: relative to the parent of ``base``."""
    return relative_path(Path(os.path.abspath(path)), Path(os.path.abspath(base)).parent)


def special_kind(path: Path | None) -> str:
    """What ``path`` is when it is no regular file or folder, for a message: a FIFO, a socket, a device..."""
    try:
        mode = path.stat().st_mode if path is not None else 0
    except OSError:
        return "an unreadable entry"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def relative_path(path: Path, base: Path) -> str:
    """``path`` relative to ``base``, with forward slashes; its bare name where no relative path exists (another drive)."""
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        return path.name


def strip_suffixes(relative: str) -> str:
    """``2020/01/tin.txt`` → ``2020/01/tin``; ``corpus.jsonl.gz`` → ``corpus``; other names lose their last suffix."""
    lowered = relative.lower()
    for suffix in sorted(FOLDER_SUFFIXES, key=len, reverse=True):
        if lowered.endswith(suffix):
            return relative[: -len(suffix)]
    path = PurePosixPath(relative)
    return path.with_suffix("").as_posix() if path.suffix and path.stem else relative
