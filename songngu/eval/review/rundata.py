"""Reading a finished run for review: its candidate pairs, published or dropped, through the manifest.

Everything is read through ``songngu.export.manifest`` (the shards the manifest lists, checked
whole, and its dropped-rows file), never by file-name patterns. A *candidate pair* is a row that
holds a Vietnamese–English pair (``songngu.export.rows.is_pair``: translated, both sides
non-empty, not a repeat); it is *published* when it is in the run's shards and *dropped* when the
filter wrote it to ``dropped.jsonl``.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from songngu.align.quality import SIGNAL_COLUMNS
from songngu.errors import InputError
from songngu.export.manifest import RUN_FILE, Manifest, iter_rows, read_manifest
from songngu.export.rows import is_pair
from songngu.progress import Progress

PUBLISHED = "published"
DROPPED = "dropped"


def open_run(folder: str | Path) -> Manifest:
    """The checked manifest of a finished run (a one-line ``InputError`` for a half-written folder)."""
    return read_manifest(folder)


def published_pair_count(folder: str | Path) -> int:
    """The pairs a finished run published (its manifest's count)."""
    return int(open_run(folder).counts.get("pairs", 0))


def run_key(manifest: Manifest) -> str:
    """A short key naming this exact run: a hash of its run.json (a rerun gets a new key)."""
    return hashlib.sha256((manifest.folder / RUN_FILE).read_bytes()).hexdigest()[:16]


def describe_run(manifest: Manifest) -> dict:
    """The run's model and settings, as a page or a report names them."""
    data = manifest.data
    settings = data.get("settings") or {}
    return {
        "folder": str(manifest.folder),
        "key": run_key(manifest),
        "command": data.get("command"),
        "model": data.get("model"),
        "model_revision": data.get("model_revision"),
        "backend": data.get("backend"),
        "context": settings.get("context"),
        "num_beams": settings.get("num_beams"),
        "compute_type": settings.get("compute_type"),
        "filtered": bool(data.get("filtered")),
        "created": data.get("created"),
    }


def drop_codes(reason: str | None) -> list[str]:
    """The filter codes of a ``drop_reason``: each ``"; "``-separated part's name.

    Works for fixed codes (``untranslated; length_ratio``) and for worded reasons
    (``untranslated=0.62>0.20``, ``not translated (kind=caption)``, ``repeat of segment 3``,
    ``duplicate of ID``, ``empty en``): the text before any ``=``, `` (`` or `` of ``, spaces
    as underscores.
    """
    codes = []
    for part in (reason or "").split(";"):
        code = part.strip().split("=", 1)[0].split(" (", 1)[0].split(" of ", 1)[0].strip()
        if code:
            codes.append(code.replace(" ", "_"))
    return codes


def run_rows(manifest: Manifest) -> int:
    """How many rows the run holds: its shards' and its dropped rows."""
    return sum(shard.rows for shard in manifest.shards) + (manifest.dropped.rows if manifest.dropped else 0)


def counted(items: Iterable, progress: Progress | None, step: int = 4096) -> Iterator:
    """``items`` unchanged, advancing ``progress`` (if any) by every ``step`` items passed on."""
    if progress is None:
        yield from items
        return
    pending = 0
    for item in items:
        yield item
        pending += 1
        if pending == step:
            progress.advance(pending, pending)
            pending = 0
    progress.advance(pending, pending)


def iter_run_rows(manifest: Manifest, columns: Sequence[str] | None = None) -> Iterator[tuple[dict, str]]:
    """Every row of the run with its outcome: the shards' rows (published), then dropped.jsonl's (dropped)."""
    shard_columns = None if columns is None else [name for name in dict.fromkeys(columns) if name != "drop_reason"]
    for row in iter_rows(manifest, shard_columns):
        yield row, PUBLISHED
    if manifest.dropped is None:
        return
    path = manifest.folder / manifest.dropped.path
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                raise InputError(path, f"line {number} is not JSON: damaged; run the same command again") from None
            yield (row if columns is None else {name: row.get(name) for name in (*columns, "drop_reason")}), DROPPED


def iter_candidate_pairs(manifest: Manifest, columns: Sequence[str] | None = None,
                         progress: Progress | None = None) -> Iterator[tuple[dict, str]]:
    """The run's candidate pairs (see the module docstring) with their outcome; ``progress`` counts every row read."""
    needed = None if columns is None else list(dict.fromkeys([*columns, "translated", "repeat_of", "translation"]))
    for row, outcome in counted(iter_run_rows(manifest, needed), progress):
        if is_pair(row):
            yield row, outcome


SIGNALS = tuple(SIGNAL_COLUMNS)
"""The ``q_*`` columns, in the schema's order."""
