"""A reproducible, stratified sample of a run's pairs, each knowing the weight of its stratum.

Strata: a published pair falls in ``published · KIND LINK · BAND``, where BAND is the quartile of
the run's published pairs its model score falls in (``q_logprob``, else ``q_align_score``;
``no score`` when it has neither), so low-scoring pairs and rare kinds and links are seen; a
dropped pair falls in ``dropped · CODE``, its first filter code. Half of the sample is spread
evenly over the strata (at most a stratum's size), the rest in proportion to the strata's
remaining rows. Within a stratum the pairs with the smallest seeded hash of their id are taken,
so the same run, size and seed give the same sample whatever the order of the rows. A sampled
pair's weight is ``N_h / n_h``: how many of the run's pairs it stands for.

The run is read four times (whole-run figures, strata sizes, the sample, the sampled articles' context),
keeping only numbers per pair in memory, never the whole run's text.
"""
from __future__ import annotations

import hashlib
import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from songngu.errors import UsageError
from songngu.eval.review.rundata import (
    DROPPED, PUBLISHED, SIGNALS, counted, describe_run, drop_codes, iter_candidate_pairs, iter_run_rows, open_run, run_rows,
)
from songngu.eval.review.signals_words import signal_words
from songngu.export.manifest import Manifest
from songngu.export.rows import is_pair
from songngu.progress import Progress

DEFAULT_SIZE = 200
DEFAULT_SEED = 0
BANDS = ("q1 lowest score", "q2", "q3", "q4 highest score")
NO_SCORE = "no score"
STRATUM_COLUMNS = ["id", "article_id", "kind", "link", "q_logprob", "q_align_score", *SIGNALS]


@dataclass(frozen=True)
class Context:
    """A neighbouring segment of the article: its Vietnamese and English."""

    vi: str
    en: str


@dataclass(frozen=True)
class SampledPair:
    """One pair of the sample, with what a reviewer sees and what the estimate needs."""

    id: str
    article_id: str
    source: str
    kind: str
    link: str
    vi: str
    en: str
    outcome: str
    drop_reason: str
    codes: tuple[str, ...]
    signals: dict
    words: tuple[str, ...]
    stratum: str
    weight: float
    stratum_rows: int
    before: Context | None = None
    after: Context | None = None


@dataclass
class RunOverview:
    """Whole-run figures for the page's charts: rows (every row: its kind, the filter codes of the
    dropped ones) and candidate pairs (published or dropped)."""

    rows_by_kind: Counter = field(default_factory=Counter)
    dropped_by_filter: Counter = field(default_factory=Counter)
    dropped_rows: int = 0
    published_pairs: int = 0
    dropped_pairs: int = 0
    pairs_per_article: Counter = field(default_factory=Counter)
    """Published pairs per article, every article of the run counted (0 for one with none)."""
    signal_values: dict = field(default_factory=dict)
    truncated: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Sample:
    """A stratified sample of a run: the run's description, strata sizes, pairs and overview."""

    run: dict
    size: int
    seed: int
    strata: dict
    pairs: list
    overview: RunOverview


def allocate(sizes: Mapping[str, int], size: int) -> dict[str, int]:
    """How many pairs to draw from each stratum: half evenly (capped by the stratum), the rest proportionally.

    The proportional part goes by largest remainder over the strata's rows not yet drawn; the
    total is ``min(size, Σ sizes)``. With more strata than ``size``, the largest strata get one each.
    """
    names = sorted(sizes, key=lambda name: (-sizes[name], name))
    total = min(size, sum(sizes.values()))
    if not names or total <= 0:
        return {name: 0 for name in sizes}
    even = max(1, total // (2 * len(names)))
    counts = {name: 0 for name in sizes}
    left = total
    for name in names:
        take = min(sizes[name], even, left)
        counts[name] = take
        left -= take
    while left > 0:
        room = {name: sizes[name] - counts[name] for name in names if sizes[name] > counts[name]}
        room_total = sum(room.values())
        shares = {name: left * rows / room_total for name, rows in room.items()}
        given = {name: min(room[name], math.floor(share)) for name, share in shares.items()}
        if sum(given.values()) == 0:
            for name in sorted(room, key=lambda name: (-(shares[name] - given[name]), name))[:left]:
                given[name] = 1
        for name, extra in given.items():
            counts[name] += extra
            left -= extra
    return counts


def stratum_of(row: dict, outcome: str, score_edges: list[float]) -> str:
    """The stratum name of a candidate pair (see the module docstring)."""
    if outcome == DROPPED:
        codes = drop_codes(row.get("drop_reason"))
        return f"dropped · {codes[0] if codes else 'unknown'}"
    score = _score(row)
    band = NO_SCORE if score is None else BANDS[_band(score, score_edges)]
    return f"published · {row.get('kind')} {row.get('link')} · {band}"


def _score(row: dict) -> float | None:
    for column in ("q_logprob", "q_align_score"):
        value = row.get(column)
        if value is not None and not math.isnan(value):
            return float(value)
    return None


def _band(score: float, edges: list[float]) -> int:
    return sum(score > edge for edge in edges)


def _quartile_edges(scores: array) -> list[float]:
    if not scores:
        return []
    ordered = sorted(scores)
    return [ordered[min(len(ordered) - 1, (len(ordered) * q) // 4)] for q in (1, 2, 3)]


def seeded_hash(seed: int, row_id: str) -> int:
    """A 64-bit hash of ``row_id`` under ``seed``: the order pairs are drawn in, whatever the rows' order."""
    return int.from_bytes(hashlib.blake2b(f"{seed}\x00{row_id}".encode(), digest_size=8).digest(), "big")


def build_sample(folder: str | Path, size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED, *, show_progress: bool = False) -> Sample:
    """Draw the stratified sample of the run in ``folder`` (see the module docstring).

    ``show_progress``: rows read (the run is read four times) on stderr.
    """
    if not isinstance(size, int) or size < 1:
        raise UsageError(f"size {size!r}: give at least 1 pair")
    manifest = open_run(folder)
    progress = Progress("review: reading the run", 4 * run_rows(manifest), unit="rows", rate_unit="rows", enabled=show_progress)
    try:
        return _build(manifest, size, seed, progress)
    finally:
        progress.close()


def _build(manifest: Manifest, size: int, seed: int, progress: Progress) -> Sample:
    overview, scores = _survey(manifest, progress)
    edges = _quartile_edges(scores)
    strata_sizes: Counter = Counter()
    for row, outcome in iter_candidate_pairs(manifest, STRATUM_COLUMNS + ["drop_reason"], progress):
        strata_sizes[stratum_of(row, outcome, edges)] += 1
    wanted = allocate(strata_sizes, size)
    heaps: dict[str, list] = defaultdict(list)
    for row, outcome in iter_candidate_pairs(manifest, None, progress):
        stratum = stratum_of(row, outcome, edges)
        if not wanted.get(stratum):
            continue
        entry = (-seeded_hash(seed, row["id"]), row["id"], row, outcome)
        heap = heaps[stratum]
        if len(heap) < wanted[stratum]:
            heapq.heappush(heap, entry)
        elif entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)
    chosen = []
    for stratum, heap in heaps.items():
        weight = strata_sizes[stratum] / len(heap)
        for negative_key, _, row, outcome in heap:
            chosen.append((-negative_key, stratum, weight, row, outcome))
    chosen.sort(key=lambda item: (item[0], item[3]["id"]))
    contexts = article_segments(manifest, {item[3]["article_id"] for item in chosen}, progress)
    pairs = [_pair(row, outcome, stratum, weight, strata_sizes[stratum], contexts) for _, stratum, weight, row, outcome in chosen]
    strata = {name: {"rows": strata_sizes[name], "sampled": wanted.get(name, 0)} for name in sorted(strata_sizes)}
    return Sample(describe_run(manifest), size, seed, strata, pairs, overview)


def _survey(manifest: Manifest, progress: Progress | None = None) -> tuple[RunOverview, array]:
    """Pass one: whole-run figures and the published pairs' scores (for the quartiles)."""
    overview = RunOverview(signal_values={column: array("f") for column in SIGNALS if column != "q_truncated"})
    scores = array("d")
    columns = ["id", "article_id", "kind", "translated", "repeat_of", "translation", "drop_reason", *SIGNALS]
    for row, outcome in counted(iter_run_rows(manifest, columns), progress):
        overview.rows_by_kind[row.get("kind") or "unknown"] += 1
        overview.pairs_per_article[row["article_id"]] += 0
        if outcome == DROPPED:
            overview.dropped_rows += 1
            overview.dropped_by_filter.update(drop_codes(row.get("drop_reason")))
        if not is_pair(row):
            continue
        if outcome == PUBLISHED:
            overview.published_pairs += 1
            overview.pairs_per_article[row["article_id"]] += 1
            score = _score(row)
            if score is not None:
                scores.append(score)
        else:
            overview.dropped_pairs += 1
        for column, values in overview.signal_values.items():
            value = row.get(column)
            if value is not None and not math.isnan(value):
                values.append(value)
        overview.truncated[bool(row.get("q_truncated"))] += 1
    return overview, scores


def article_segments(manifest: Manifest, article_ids: set[str], progress: Progress | None = None) -> dict[str, list[tuple[int, str, str]]]:
    """The last pass: every segment of the sampled articles, ``(segment, vi, en)`` in order."""
    segments: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    if not article_ids:
        return segments
    for row, _ in counted(iter_run_rows(manifest, ["article_id", "segment", "translation"]), progress):
        if row["article_id"] in article_ids:
            translation = row.get("translation") or {}
            segments[row["article_id"]].append((row["segment"], translation.get("vi") or "", translation.get("en") or ""))
    for rows in segments.values():
        rows.sort(key=lambda item: item[0])
    return segments


def neighbours(segments: list[tuple[int, str, str]], segment: int) -> tuple[Context | None, Context | None]:
    """The segments just before and just after ``segment`` in an article's ``(segment, vi, en)`` list."""
    before = [item for item in segments if item[0] < segment]
    after = [item for item in segments if item[0] > segment]
    return (Context(before[-1][1], before[-1][2]) if before else None,
            Context(after[0][1], after[0][2]) if after else None)


def _pair(row: dict, outcome: str, stratum: str, weight: float, stratum_rows: int, contexts) -> SampledPair:
    translation = row["translation"]
    signals = {column: _plain(row.get(column)) for column in SIGNALS}
    before, after = neighbours(contexts.get(row["article_id"], []), row["segment"])
    return SampledPair(
        id=row["id"], article_id=row["article_id"], source=row.get("source") or "", kind=row.get("kind") or "",
        link=row.get("link") or "", vi=translation["vi"], en=translation["en"], outcome=outcome,
        drop_reason=row.get("drop_reason") or "", codes=tuple(drop_codes(row.get("drop_reason"))), signals=signals,
        words=tuple(signal_words(translation["vi"], translation["en"], signals)), stratum=stratum, weight=weight,
        stratum_rows=stratum_rows, before=before, after=after,
    )


def _plain(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
