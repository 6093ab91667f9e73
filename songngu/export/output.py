"""Write a run's output folder: the dataset, a JSONL copy, run metadata and the dataset card."""
from __future__ import annotations

import json
from pathlib import Path

from songngu.atomic import atomic_directory, atomic_open
from songngu.export.card import render_card
from songngu.export.jsonl import write_jsonl
from songngu.export.schema import FEATURES

DATASET_DIR = "dataset"
JSONL_FILE = "segments.jsonl"
RUN_FILE = "run.json"
CARD_FILE = "README.md"
DROPPED_FILE = "dropped.jsonl"


def build_dataset(rows: list[dict]):
    """A ``datasets.Dataset`` of ``rows`` with songngu's features."""
    import datasets

    datasets.disable_progress_bars()
    return datasets.Dataset.from_list(rows, features=FEATURES)


def write_output(out_dir: Path, rows: list[dict], run: dict, dropped: list[dict] | None = None) -> None:
    """Write ``OUT/dataset`` (save_to_disk), ``segments.jsonl``, ``run.json`` and ``README.md``, each atomically.

    With ``dropped`` (rows a filter left out, each with its ``drop_reason``), also ``dropped.jsonl``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    dataset = build_dataset(rows)
    with atomic_directory(out_dir / DATASET_DIR) as staging:
        dataset.save_to_disk(str(staging))
    write_jsonl(rows, out_dir / JSONL_FILE)
    if dropped is not None:
        write_jsonl(dropped, out_dir / DROPPED_FILE)
    with atomic_open(out_dir / RUN_FILE) as handle:
        json.dump(run, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    with atomic_open(out_dir / CARD_FILE) as handle:
        handle.write(render_card(run))
