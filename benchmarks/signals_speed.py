"""Speed of the pair quality signals: the single-module implementation against batch scoring.

    python benchmarks/signals_speed.py [--data ../shared/data] [--repeat 5]

Reads the FLORES-200 devtest pairs (first 500) from the shared data folder; nothing is
downloaded. Two row sets are scored on one core:

- ``flores``: the 500 gold pairs, typical news-length sentences;
- ``mixed``: 5,000 rows, 60% FLORES pairs and 40% untranslated kinds (captions, bylines:
  the first few words of a FLORES sentence) with empty English, like a real article's rows.

"before" is ``add_signals`` of ``songngu/align/quality.py`` at the reference commit of
``tests.signals_reference`` (loaded from git); "after" is today's ``add_signals`` and
``score_columns`` (ratio against "before"), and ``filter_rows`` on rows already scored
(before, it scored every row again). Times are CPU time of this process: the first pass
(the per-word caches start empty for ``flores``; ``mixed`` reuses its words) and the
fastest of ``--repeat`` passes.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from songngu.align.filtering import filter_rows  # noqa: E402
from songngu.align.quality import add_signals, score_columns  # noqa: E402
from tests.signals_reference import REFERENCE_COMMIT, read_pairs, reference_module  # noqa: E402

UNTRANSLATED_SHARE = 0.4
MIXED_ROWS = 5000


def flores_rows(pairs: list[tuple[str, str]]) -> list[dict]:
    """One translated row per pair, shaped like the pipeline's rows (logprob known, no alignment)."""
    return [
        {"id": str(index), "translated": True, "repeat_of": -1, "logprob": -0.5, "align_score": None,
         "translation": {"vi": vi, "en": en}}
        for index, (vi, en) in enumerate(pairs)
    ]  # fmt: skip


def mixed_rows(pairs: list[tuple[str, str]], rng: random.Random) -> list[dict]:
    """``MIXED_ROWS`` rows: translated FLORES pairs and, ``UNTRANSLATED_SHARE`` of them, captions with empty English."""
    rows = []
    for index in range(MIXED_ROWS):
        vi, en = rng.choice(pairs)
        if rng.random() < UNTRANSLATED_SHARE:
            caption = " ".join(vi.split()[: rng.randint(2, 12)])
            rows.append({"id": str(index), "kind": "caption", "translated": False, "repeat_of": -1, "logprob": None,
                         "align_score": None, "translation": {"vi": caption, "en": ""}})  # fmt: skip
        else:
            rows.append({"id": str(index), "kind": "sentence", "translated": True, "repeat_of": -1, "logprob": -0.5,
                         "align_score": None, "translation": {"vi": vi, "en": en}})  # fmt: skip
    return rows


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """CPU seconds of the first call and of the fastest of ``repeat`` calls.

    CPU time of this process, not wall time, so other work on a shared machine does not count.
    """
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return times[0], min(times)


def columns_of(rows: list[dict]) -> Callable[[], object]:
    """``score_columns`` over the columns of ``rows`` (as the pipeline calls it per chunk)."""
    vi = [row["translation"]["vi"] for row in rows]
    en = [row["translation"]["en"] for row in rows]
    logprob = [row["logprob"] for row in rows]
    align_score = [row["align_score"] for row in rows]
    return lambda: score_columns(vi, en, logprob, align_score)


def main() -> None:
    """Print rows/s before and after for each row set."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="folder with the FLORES files")
    parser.add_argument("--repeat", type=int, default=5, help="passes per measurement (default 5)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    pairs = read_pairs("flores200-devtest-first500") if args.data.is_dir() else []
    if not pairs:
        sys.exit(f"no FLORES pairs in {args.data}")
    before = reference_module().add_signals
    print(f"before: songngu/align/quality.py at {REFERENCE_COMMIT[:7]}; after: this tree; CPU time, one core")
    print(f"{'rows':<8}{'n':>6}  {'measure':<27}{'first pass':>13}{'best':>13}{'vs before':>11}")
    for name, rows in (("flores", flores_rows(pairs)), ("mixed", mixed_rows(pairs, random.Random(7)))):
        scoring: dict[str, Callable[[], object]] = {
            "before add_signals": partial(before, rows),
            "after add_signals": partial(add_signals, rows),
            "after score_columns": columns_of(rows),
        }
        baseline = None
        for label, work in scoring.items():
            first, best = timed(work, args.repeat)
            baseline = baseline or best
            report(name, len(rows), label, first, best, f"{baseline / best:.1f}x")
        first, best = timed(partial(filter_rows, add_signals(rows)), args.repeat)
        report(name, len(rows), "after filter_rows (scored)", first, best, "")


def report(name: str, count: int, label: str, first: float, best: float, ratio: str) -> None:
    """Print one measurement as rows per CPU second."""
    print(f"{name:<8}{count:>6}  {label:<27}{count / first:>11,.0f}/s{count / best:>11,.0f}/s{ratio:>11}")


if __name__ == "__main__":
    main()
