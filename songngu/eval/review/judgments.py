"""Reading verdict files (JSON Lines), checking them, and checking them against the run they judge.

A review line: ``{"id": ROW_ID, "verdict": "good"|"minor"|"bad"|"not_a_pair", "labels": [...],
"stratum": ..., "weight": ..., "stratum_rows": ..., "outcome": "published"|"dropped",
"drop_codes": [...], "signals": {...}, "run": RUN_KEY}``; only ``id`` and ``verdict`` are required
(without ``stratum`` and ``weight`` a pair counts once; a stratum's size ``N_h`` is its
``stratum_rows``, else the sum of its judged pairs' weights). A comparison line:
``{"id": ROW_ID, "verdict": "a"|"b"|"same", "comparison": true, "run_a": {...}, "run_b": {...}}``.
Every problem is one ``InputError`` naming the file and line.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from songngu.errors import InputError
from songngu.eval.review.compare import COMPARED_COLUMNS, is_compared
from songngu.eval.review.rundata import (
    DROPPED, PUBLISHED, SIGNALS, drop_codes, iter_candidate_pairs, iter_run_rows, open_run, run_key,
)
from songngu.eval.review.vocabulary import COMPARE_OUTCOMES, LABELS, VERDICTS
from songngu.textfiles import read_text_file


@dataclass(frozen=True)
class Judgment:
    """One reviewer's verdict on one pair, with the sample's stratum and weight when known."""

    id: str
    verdict: str
    labels: tuple[str, ...] = ()
    stratum: str | None = None
    weight: float | None = None
    stratum_rows: float | None = None
    outcome: str = PUBLISHED
    drop_codes: tuple[str, ...] = ()
    signals: dict = field(default_factory=dict)
    run: str | None = None


@dataclass(frozen=True)
class JudgmentFile:
    """The verdicts of one file: ``kind`` is ``review`` or ``compare``."""

    path: Path
    kind: str
    items: tuple

    def runs(self) -> tuple[dict | None, dict | None]:
        """The two compared runs a comparison file names (None where it does not)."""
        first = self.items[0] if self.items else {}
        return first.get("run_a"), first.get("run_b")


MOST_PAIRS = 10**12
"""The largest weight or stratum size taken: more pairs than any run holds (1e308 summed to infinity)."""


def _shown(value) -> str:
    """A value read from a verdict line as JSON writes it (``null``, ``"goood"``), for messages."""
    return json.dumps(value, ensure_ascii=False)


def _number(value, path: Path, number: int, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise InputError(path, f"line {number}: {name} {_shown(value)} is not a positive number")
    if value > MOST_PAIRS:
        raise InputError(path, f"line {number}: {name} {_shown(value)} is more pairs than a run holds (at most {MOST_PAIRS:.0e})")
    return float(value)


def _review_line(record: dict, path: Path, number: int) -> Judgment:
    verdict = record.get("verdict")
    if verdict not in VERDICTS:
        raise InputError(path, f"line {number}: verdict {_shown(verdict)} is not one of {', '.join(VERDICTS)}")
    labels = record.get("labels") or []
    if not isinstance(labels, list) or any(label not in LABELS for label in labels):
        raise InputError(path, f"line {number}: labels {_shown(labels)} must be a list of {', '.join(LABELS)}")
    outcome = record.get("outcome") or PUBLISHED
    if outcome not in (PUBLISHED, DROPPED):
        raise InputError(path, f"line {number}: outcome {_shown(outcome)} is not published or dropped")
    codes = record.get("drop_codes")
    if codes is None:
        codes = drop_codes(record.get("drop_reason"))
    signals = record.get("signals") or {}
    stratum = record.get("stratum")
    return Judgment(
        id=record["id"], verdict=verdict, labels=tuple(sorted(set(labels))),
        stratum=None if stratum is None else str(stratum),
        weight=_number(record.get("weight"), path, number, "weight"),
        stratum_rows=_number(record.get("stratum_rows"), path, number, "stratum_rows"),
        outcome=outcome, drop_codes=tuple(str(code) for code in codes),
        signals={key: value for key, value in signals.items() if key in SIGNALS} if isinstance(signals, dict) else {},
        run=record.get("run"),
    )


def read_judgments(path: str | Path) -> JudgmentFile:
    """Read and check one verdict file (review or comparison lines, not both)."""
    path = Path(path)
    text = read_text_file(path, "the .jsonl file the review page downloaded")
    items: list = []
    seen: dict[str, int] = {}
    kind = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise InputError(path, f"line {number} is not JSON: one JSON object per line expected") from None
        if not isinstance(record, dict) or not isinstance(record.get("id"), str) or not record["id"]:
            raise InputError(path, f"line {number}: a JSON object with an \"id\" (the pair's row id) expected")
        line_kind = "compare" if record.get("comparison") or record.get("verdict") in COMPARE_OUTCOMES else "review"
        if kind is not None and line_kind != kind:
            raise InputError(path, f"line {number}: mixes comparison and review verdicts; keep them in separate files")
        kind = line_kind
        if record["id"] in seen:
            raise InputError(path, f"line {number}: pair {record['id']} was already judged on line {seen[record['id']]}")
        seen[record["id"]] = number
        if kind == "compare":
            if record.get("verdict") not in COMPARE_OUTCOMES:
                raise InputError(path, f"line {number}: comparison verdict {_shown(record.get('verdict'))} is not one of a, b, same")
            items.append(record)
        else:
            items.append(_review_line(record, path, number))
    if not items:
        raise InputError(path, "holds no verdict: judge some pairs on the review page and download them")
    return JudgmentFile(path, kind, tuple(items))


def check_against_run(judgments: JudgmentFile, folder: str | Path) -> JudgmentFile:
    """Check a review file against the run it judged, filling what the file left out from the run.

    The file's run key must be this run's, and every id a candidate pair of it; a pair's outcome,
    filter codes and signals come from the run. A comparison file must name this run as A or B
    (when it names its runs), and every id must be a segment this run translated (a pair of both
    runs). Raises a one-line ``InputError`` otherwise.
    """
    manifest = open_run(folder)
    if judgments.kind == "compare":
        keys = {run.get("key") for run in judgments.runs() if isinstance(run, dict)} - {None}
        if keys and run_key(manifest) not in keys:
            raise InputError(judgments.path, f"compares other runs than {folder}: give no folder, or one of the two compared runs")
        _check_compared_ids(judgments, manifest, folder)
        return judgments
    key = run_key(manifest)
    foreign = next((item for item in judgments.items if item.run and item.run != key), None)
    if foreign is not None:
        raise InputError(judgments.path, f"judges another run (run {foreign.run}), not {folder} (run {key}): give the folder "
                         "the review page was made from; a rerun is a new run")
    wanted = {item.id for item in judgments.items}
    found: dict[str, tuple[str, dict]] = {}
    columns = ["id", *SIGNALS]
    for row, outcome in iter_candidate_pairs(manifest, columns):
        if row["id"] in wanted:
            found[row["id"]] = (outcome, row)
    missing = [item.id for item in judgments.items if item.id not in found]
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise InputError(judgments.path, f"pair {missing[0]}{more} is not a pair of {folder}: give the run the verdicts were made on")
    items = []
    for item in judgments.items:
        outcome, row = found[item.id]
        signals = {column: row.get(column) for column in SIGNALS if row.get(column) is not None}
        items.append(replace(item, outcome=outcome, drop_codes=tuple(drop_codes(row.get("drop_reason"))), signals=signals))
    return replace(judgments, items=tuple(items))


def _check_compared_ids(judgments: JudgmentFile, manifest, folder: str | Path) -> None:
    """Every id of a comparison file must be a pair both runs translated, so a pair of either run given:
    a one-line ``InputError`` naming the first that is not a translated segment of ``folder``."""
    wanted = {item["id"] for item in judgments.items}
    found = {row["id"] for row, _ in iter_run_rows(manifest, ["id", *COMPARED_COLUMNS]) if row["id"] in wanted and is_compared(row)}
    missing = [item["id"] for item in judgments.items if item["id"] not in found]
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise InputError(judgments.path, f"pair {missing[0]}{more} is not a pair of {folder}: give one of the two runs "
                         "the comparison page was made from")
