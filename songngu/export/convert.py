"""Turn an output folder's pairs into the files translation tools read: TMX, Moses, JSONL.

Pairs are streamed from the shards the manifest lists, so a corpus of any size exports in
flat memory; each file is written atomically. Temporary files an export killed mid-write left
for the same files (``.NAME.vi-en.tmx.RANDOM.songngu-tmp``) are removed by the next export.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from songngu.atomic import remove_stale_temporaries
from songngu.errors import Interrupted, SetupError, UsageError
from songngu.export.jsonl import write_jsonl
from songngu.export.manifest import Manifest, iter_rows, read_manifest
from songngu.export.moses import moses_paths, write_moses
from songngu.export.output import run_part
from songngu.export.rows import is_pair
from songngu.export.tmx import write_tmx
from songngu.export.written import not_ours, note_written, refusal
from songngu.paths import given_path
from songngu.testpoint import pause_point

FORMATS = ("tmx", "moses", "jsonl")


def check_name(name: str) -> str:
    """``name`` if it can be a file name stem inside the destination folder, else a usage error."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise UsageError(f"--name {name!r}: give a file name stem (no folders); choose the folder with --to")
    return name


def iter_pairs(manifest: Manifest) -> Iterator[dict]:
    """The rows of a run that hold a pair (no repeats, no untranslated kinds), in order."""
    return (row for row in iter_rows(manifest) if is_pair(row))


def export_pairs(
    out_dir: str | Path, formats: Sequence[str], destination: str | Path, name: str = "songngu", *, overwrite: bool = False
) -> list[Path]:
    """Write the pairs of ``out_dir`` in each of ``formats`` into ``destination``; return the files written.

    A file already there of the same name is the user's until ``overwrite`` says otherwise (a
    :class:`SetupError` names it, before anything is written), except in the output folder itself
    a file an earlier export wrote, unchanged since (:mod:`songngu.export.written`): a new export
    replaces it.
    """
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}: choose from {', '.join(FORMATS)}")
    check_name(name)
    manifest = read_manifest(given_path(out_dir, "out_dir"))
    destination = given_path(destination, "destination")
    if part := run_part(destination):
        raise UsageError(f"{destination}: {part}: export never writes there, --overwrite or not; choose another --to")
    try:
        destination.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SetupError(f"{destination}: cannot write here ({error.strerror or error})") from None
    targets = _targets(destination, name, formats)
    present = [] if overwrite else not_ours(targets, manifest.folder)
    if present:
        raise SetupError(refusal(destination, present, "--to or --name", manifest.folder))
    remove_stale_temporaries(destination, targets)  # what a killed export left for them; nothing else
    written: list[Path] = []
    try:
        for fmt in formats:
            if fmt == "tmx":
                write_tmx(iter_pairs(manifest), destination / f"{name}.vi-en.tmx")
                files = [destination / f"{name}.vi-en.tmx"]
            elif fmt == "moses":
                files = list(write_moses(iter_pairs(manifest), destination, name))
            else:
                write_jsonl(iter_pairs(manifest), destination / f"{name}.vi-en.jsonl")
                files = [destination / f"{name}.vi-en.jsonl"]
            written.extend(files)
            note_written(files, manifest.folder)
            pause_point("exported", len(written))
    except KeyboardInterrupt:
        finished = ", ".join(path.name for path in written) or "no file"
        elsewhere = destination.resolve() != manifest.folder.resolve()
        again = "run the same command with --overwrite" if written and elsewhere else "run the same command again"
        raise Interrupted(
            f"interrupted: {finished} written whole in {destination}, nothing half-written left; {again} for the rest"
        ) from None
    return written


def _targets(destination: Path, name: str, formats: Sequence[str]) -> list[Path]:
    """The files an export of ``formats`` writes into ``destination``."""
    targets: list[Path] = []
    for fmt in formats:
        targets.extend(moses_paths(destination, name) if fmt == "moses" else [destination / f"{name}.vi-en.{fmt}"])
    return targets
