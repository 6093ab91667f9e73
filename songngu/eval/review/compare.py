"""A blind comparison of two runs over the same Vietnamese: which English is better, pair by pair.

Pairs match by id when their Vietnamese is the same (so two settings or two models of one corpus
compare; a ``--context paragraph`` run compares where its links are the same as the other's).
Pairs whose English is the same in both runs are counted, not shown. Among the others, the
``size`` with the smallest seeded hash of their id are shown, each with its two English versions
in a seeded random order (``left`` says which run is on the left), so neither run is always first.
"""
from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import InputError
from songngu.eval.review.rundata import counted, describe_run, iter_run_rows, open_run, run_rows
from songngu.eval.review.sample import DEFAULT_SEED, DEFAULT_SIZE, Context, article_segments, neighbours, seeded_hash
from songngu.progress import Progress


@dataclass(frozen=True)
class ComparedPair:
    """One Vietnamese segment with the English of run A and of run B, and which one is shown left."""

    id: str
    vi: str
    en_a: str
    en_b: str
    left: str
    before: Context | None
    after: Context | None


@dataclass(frozen=True)
class Comparison:
    """The compared runs, how many pairs matched and differed, and the pairs to judge."""

    run_a: dict
    run_b: dict
    seed: int
    matched: int
    identical: int
    pairs: list


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=12).digest()


COMPARED_COLUMNS = ("translated", "repeat_of", "translation")
"""The columns :func:`is_compared` reads."""


def is_compared(row: dict) -> bool:
    """Whether a run's row can be a compared pair: a translated segment with Vietnamese, not a repeat."""
    translation = row.get("translation") or {}
    return bool(row.get("translated") and row.get("repeat_of") == -1 and translation.get("vi"))


def build_comparison(folder_a: str | Path, folder_b: str | Path, size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED,
                     *, show_progress: bool = False) -> Comparison:
    """Match the translated segments of two runs by id and Vietnamese; sample ``size`` that differ.

    ``show_progress``: rows read on stderr (run A is read three times, run B once). Two runs with
    no segment in common are a one-line ``InputError`` (exit 1): they share no article.
    """
    manifest_a, manifest_b = open_run(folder_a), open_run(folder_b)
    progress = Progress("review: reading the runs", 3 * run_rows(manifest_a) + run_rows(manifest_b), unit="rows",
                        rate_unit="rows", enabled=show_progress)
    try:
        return _compare(manifest_a, manifest_b, size, seed, progress)
    finally:
        progress.close()


def _compare(manifest_a, manifest_b, size: int, seed: int, progress: Progress) -> Comparison:
    columns = ["id", "article_id", "segment", "translated", "repeat_of", "translation"]
    digests: dict[str, tuple[bytes, bytes]] = {}
    for row, _ in counted(iter_run_rows(manifest_a, columns), progress):
        if is_compared(row):
            digests[row["id"]] = (_digest(row["translation"]["vi"]), _digest(row["translation"]["en"] or ""))
    matched = identical = 0
    heap: list = []
    for row, _ in counted(iter_run_rows(manifest_b, columns), progress):
        if not is_compared(row) or row["id"] not in digests:
            continue
        vi_digest, en_digest = digests[row["id"]]
        if vi_digest != _digest(row["translation"]["vi"]):
            continue
        matched += 1
        if en_digest == _digest(row["translation"]["en"] or ""):
            identical += 1
            continue
        entry = (-seeded_hash(seed, row["id"]), row["id"], row)
        if len(heap) < size:
            heapq.heappush(heap, entry)
        elif size and entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)
    if not matched:
        raise InputError(manifest_a.folder, f"shares no article with {manifest_b.folder} (no translated segment has the same id "
                                            "and Vietnamese in both); compare two runs of the same articles")
    chosen = {row_id: row for _, row_id, row in heap}
    english_a = {row["id"]: row["translation"]["en"] or "" for row, _ in counted(iter_run_rows(manifest_a, columns), progress)
                 if row["id"] in chosen}
    contexts = article_segments(manifest_a, {row["article_id"] for row in chosen.values()}, progress)
    pairs = []
    for _, row_id, row in sorted(heap, key=lambda entry: (-entry[0], entry[1])):
        before, after = neighbours(contexts.get(row["article_id"], []), row["segment"])
        left = "a" if seeded_hash(seed + 1, row_id) % 2 == 0 else "b"
        pairs.append(ComparedPair(row_id, row["translation"]["vi"], english_a[row_id], row["translation"]["en"] or "", left, before, after))
    return Comparison(describe_run(manifest_a), describe_run(manifest_b), seed, matched, identical, pairs)
