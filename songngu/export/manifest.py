"""An output folder's manifest (``run.json``): what a finished run wrote, checked before it is read.

A run writes its Parquet shards first and ``run.json`` last; the manifest lists every shard
with its row count, size and SHA-256. Everything that reads an output folder (``export``,
``push``, ``eval``, and ``load_dataset`` through the card's ``configs``) reads only what the
manifest lists, after checking that each listed file is there whole and unchanged, so a folder
left half-written by a killed run or a full disk, or a file damaged since, is named as such and
never read as if complete.

A shard's name carries the start of its SHA-256, so a run that writes other rows writes other
file names: a ``datasets`` cache keyed by the card's file list never serves an earlier run's rows.

Layout of an output folder::

    OUT/run.json                     the manifest (written last)
    OUT/README.md                    the dataset card; its configs list the shards
    OUT/data/segments-00000-3f2a9c1b7d4e8a60.parquet   one shard per chunk of articles, every segment a row
    OUT/dropped.jsonl                with --filter: the rows left out, each with its reason
    OUT/.songngu/                    work in progress of an unfinished run (resumable)
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from songngu.errors import InputError, SetupError
from songngu.export.checksums import ALGORITHM, file_checksum
from songngu.export.written import LEDGER, written_here

RUN_FILE = "run.json"
CARD_FILE = "README.md"
DATA_DIR = "data"
DROPPED_FILE = "dropped.jsonl"
WORK_DIR = ".songngu"
CHUNKS_DIR = "chunks"
"""In ``WORK_DIR``: the finished chunks of the run writing the folder, kept while it has not finished."""
FORMAT = "songngu-run/2"
LEGACY_OUTPUTS = ("dataset", "segments.jsonl")
"""What songngu 0.1 wrote besides run.json, README.md and dropped.jsonl."""


SHARD_NAME_DIGITS = 16
"""Hex digits of a shard's SHA-256 in its file name (64 bits: distinct contents, distinct names)."""


def shard_name(index: int, checksum: str) -> str:
    """The path, relative to the output folder, of shard ``index`` whose SHA-256 is ``checksum``."""
    return f"{DATA_DIR}/segments-{index:05d}-{checksum[:SHARD_NAME_DIGITS]}.parquet"


_EXPORT_FILE = re.compile(r".+\.vi-en\.(?:tmx|jsonl|vi|en)")
"""The files ``songngu export`` writes (:mod:`songngu.export.convert`), by default into the output folder itself."""
_SHARD_FILE = re.compile(r"segments-\d{5,}(?:-[0-9a-f]{%d})?\.parquet" % SHARD_NAME_DIGITS)
"""A shard's file name as songngu writes it (without the checksum part before this version)."""


def own_outputs(folder: Path) -> tuple[str, ...]:
    """The names in ``folder`` that songngu wrote as a run's output (``run.json``, ``README.md``, ``data``,
    ``dropped.jsonl``) or exported there (``NAME.vi-en.tmx``, ``.jsonl``, ``.vi``, ``.en``), and the review
    pages and other files its ledger lists (:mod:`songngu.export.written`), present there.

    Empty unless ``folder`` is a songngu output folder, finished or in progress: it holds
    songngu's ``run.json``, a ``.songngu/`` work folder, or a ``data/`` of shards named as songngu
    names them. Readers of input folders leave these names out, so an output folder inside an
    input folder is never read as input.
    """
    data = folder / DATA_DIR
    owned = (folder / WORK_DIR).is_dir() or load_run_file(folder) is not None
    if not owned and data.is_dir():
        try:
            with os.scandir(data) as entries:
                owned = any(_SHARD_FILE.fullmatch(entry.name) for entry in entries)
        except OSError:
            owned = False
    if not owned:
        return ()
    try:
        with os.scandir(folder) as entries:
            exported = sorted(entry.name for entry in entries if _EXPORT_FILE.fullmatch(entry.name))
    except OSError:
        exported = []
    written = [name for name in (RUN_FILE, CARD_FILE, DATA_DIR, DROPPED_FILE, LEDGER) if os.path.lexists(folder / name)]
    return tuple(sorted({*written, *exported, *written_here(folder)}))


@dataclass(frozen=True)
class ListedFile:
    """A file the manifest lists: its path relative to the folder, row count, size and SHA-256.

    ``sha256`` is None only in folders written before checksums were recorded (their files are
    checked by size alone).
    """

    path: str
    rows: int
    bytes: int
    pairs: int = 0
    articles: int = 0
    sha256: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The entry as written in run.json."""
        return {"path": self.path, "rows": self.rows, "pairs": self.pairs, "articles": self.articles, "bytes": self.bytes,
                ALGORITHM: self.sha256}


@dataclass(frozen=True)
class Manifest:
    """A finished run's run.json, its shards checked to be present and whole."""

    folder: Path
    data: dict[str, Any]
    shards: tuple[ListedFile, ...]
    dropped: ListedFile | None

    @property
    def counts(self) -> dict[str, int]:
        """Articles, segments (rows, kept and dropped), pairs, dropped rows and failed inputs."""
        return dict(self.data.get("counts") or {})

    def shard_paths(self) -> list[Path]:
        """The shards' paths, in order."""
        return [self.folder / shard.path for shard in self.shards]


def is_songngu_manifest(data: object) -> bool:
    """Whether ``data`` (a parsed run.json) was written by songngu."""
    return isinstance(data, dict) and "songngu_version" in data


def load_run_file(folder: Path) -> dict[str, Any] | None:
    """The parsed run.json of ``folder`` if songngu wrote it, else None (missing, invalid or foreign)."""
    try:
        data = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if is_songngu_manifest(data) else None


def read_manifest(folder: str | Path, *, newer_run_ok: bool = False) -> Manifest:
    """Read and check the manifest of output folder ``folder`` and every file it lists.

    Raises a one-line ``InputError`` (exit 1) for a folder that is not a finished songngu run, or
    whose finished run a newer, unfinished one is replacing (its chunks kept in ``.songngu/``:
    reading the folder would serve the older run's rows as current; ``newer_run_ok`` for that run
    itself), and a one-line ``SetupError`` (exit 2) naming the first listed file that is missing, has
    another size, or another SHA-256 than recorded (damaged since it was written). Checking
    reads every listed file once (see the README for the cost per GB).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "no such folder" if not folder.exists() else "is not a folder")
    path = folder / RUN_FILE
    if not path.is_file():
        if (folder / WORK_DIR).is_dir():
            raise InputError(
                folder, f"the run writing here did not finish (no {RUN_FILE}; its finished chunks are in "
                f"{WORK_DIR}/): run the same command again to finish it"
            )
        raise InputError(folder, f"no {RUN_FILE}: not a folder written by songngu translate or align")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"not valid JSON ({error}): damaged or half-written") from None
    if not is_songngu_manifest(data):
        raise InputError(path, "not written by songngu")
    if data.get("format") != FORMAT:
        raise InputError(folder, f"written by songngu {data.get('songngu_version')} in an older layout; run it again with this version")
    if not data.get("complete"):
        raise InputError(folder, "the run writing here did not finish: run the same command again to finish it")
    if not newer_run_ok and _newer_run_writing(folder):
        raise InputError(
            folder, f"a newer run writing here has not finished ({WORK_DIR}/ keeps its finished chunks), so {RUN_FILE} and "
            f"{DATA_DIR}/ are the run before it: run the newer run's command again to finish it, or remove {WORK_DIR}/ "
            "to use the run before"
        )
    shards = tuple(_listed(entry, path) for entry in data.get("shards") or [])
    dropped = _listed(data["dropped"], path) if data.get("dropped") else None
    rewrite = f"run the songngu {data.get('command') or 'translate'} command that wrote this folder again"
    for listed in shards + ((dropped,) if dropped else ()):
        _check_whole(folder, listed, rewrite)
    return Manifest(folder, data, shards, dropped)


def _newer_run_writing(folder: Path) -> bool:
    """Whether a run writing ``folder`` has finished chunks kept in ``.songngu/chunks`` (it has not published them yet)."""
    try:
        return any((folder / WORK_DIR / CHUNKS_DIR).iterdir())
    except OSError:  # no such folder
        return False


def _listed(entry: object, run_file: Path) -> ListedFile:
    try:
        checksum = entry.get(ALGORITHM)
        return ListedFile(str(entry["path"]), int(entry["rows"]), int(entry["bytes"]), int(entry.get("pairs", 0)),
                          int(entry.get("articles", 0)), None if checksum is None else str(checksum))
    except (TypeError, KeyError, ValueError, AttributeError):
        raise InputError(run_file, f"malformed file entry {entry!r}") from None


def _check_whole(folder: Path, listed: ListedFile, rewrite: str) -> None:
    """Refuse a listed file that is missing, of another size, or (where recorded) of another SHA-256."""
    path = folder / listed.path
    if not path.is_file():
        raise SetupError(f"{path}: listed in {RUN_FILE} but missing: the folder is incomplete; {rewrite}")
    size = path.stat().st_size
    if size != listed.bytes:
        raise SetupError(f"{path}: has {size} bytes but {RUN_FILE} lists {listed.bytes}: damaged or half-written; {rewrite}")
    if listed.sha256 is not None:
        try:
            checksum = file_checksum(path)
        except OSError as error:
            raise SetupError(f"{path}: cannot be read ({error.strerror or error})") from None
        if checksum != listed.sha256:
            raise SetupError(f"{path}: damaged since it was written (its SHA-256 differs from the one in {RUN_FILE}); {rewrite}")


def iter_rows(manifest: Manifest, columns: Sequence[str] | None = None) -> Iterator[dict]:
    """Every row of the run, shard after shard, in order (memory stays flat).

    A shard that cannot be read because a newer run replaced the folder's files meanwhile (its
    ``run.json`` is another now, or its chunks are being written) is a :class:`SetupError` saying
    so, not one calling the shard damaged.
    """
    from songngu.export.shards import read_shard

    for path in manifest.shard_paths():
        try:
            yield from read_shard(path, columns)
        except SetupError:
            if load_run_file(manifest.folder) != manifest.data or _newer_run_writing(manifest.folder):
                raise SetupError(f"{manifest.folder}: a newer run replaced its files while they were being read; "
                                 "run this command again once that run has finished") from None
            raise
