"""Turn a songngu output folder into the files translation tools read: TMX, Moses, JSONL."""
from __future__ import annotations

from pathlib import Path

from songngu.errors import InputError
from songngu.export.jsonl import read_jsonl, write_jsonl
from songngu.export.moses import write_moses
from songngu.export.output import JSONL_FILE
from songngu.export.tmx import write_tmx

FORMATS = ("tmx", "moses", "jsonl")


def load_pairs(out_dir: Path) -> list[dict]:
    """The rows of ``OUT/segments.jsonl`` that hold a pair (no repeats, no untranslated kinds)."""
    from songngu.export.rows import is_pair

    source = out_dir / JSONL_FILE
    if not source.is_file():
        raise InputError(out_dir, f"no {JSONL_FILE}: not a folder written by songngu translate or align")
    return [row for row in read_jsonl(source) if is_pair(row)]


def export_pairs(out_dir: Path, formats: list[str], destination: Path, name: str = "songngu") -> list[Path]:
    """Write the pairs of ``out_dir`` in each of ``formats`` into ``destination``; return the files written."""
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}: choose from {', '.join(FORMATS)}")
    pairs = load_pairs(out_dir)
    written: list[Path] = []
    for fmt in formats:
        if fmt == "tmx":
            write_tmx(pairs, destination / f"{name}.vi-en.tmx")
            written.append(destination / f"{name}.vi-en.tmx")
        elif fmt == "moses":
            written.extend(write_moses(pairs, destination, name))
        else:
            write_jsonl(pairs, destination / f"{name}.vi-en.jsonl")
            written.append(destination / f"{name}.vi-en.jsonl")
    return written
