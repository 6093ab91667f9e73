"""Stage 5: BLEU, chrF and TER with sacrebleu signatures; spot checks a person judges are in ``songngu.eval.review``."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from songngu.errors import InputError, UsageError
from songngu.eval.base import Metric, MetricResult, References
from songngu.eval.bleu import Bleu
from songngu.eval.chrf import ChrF
from songngu.eval.ter import Ter
from songngu.paths import given_path
from songngu.textfiles import read_text_file

METRICS: dict[str, Metric] = {"bleu": Bleu(), "chrf": ChrF(), "ter": Ter()}

__all__ = ["METRICS", "MetricResult", "dropped_by_reason", "evaluate", "evaluate_files", "read_lines", "run_english"]


def evaluate(hypotheses: Sequence[str], references: References, metrics: Sequence[str] = ("bleu", "chrf", "ter")) -> list[MetricResult]:
    """Score line-aligned hypotheses against references with each named metric.

    ``references`` is one reference per hypothesis, or a list of such sets (several
    references per segment, as sacrebleu takes them).
    """
    unknown = [name for name in metrics if name.lower() not in METRICS]
    if unknown:
        raise UsageError(f"unknown metric {unknown[0]!r}: choose from {', '.join(METRICS)}")
    return [METRICS[name.lower()].score(hypotheses, references) for name in metrics]


def read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file, split at ``\\n`` only (a final line break ends the last line).

    Other characters that ``str.splitlines`` breaks at (U+2028, form feed…) stay inside their
    line, so the line numbers match those of ``wc -l`` and of the tools that wrote the file.
    """
    text = read_text_file(path, "a text file with one segment per line")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def run_english(folder: str | Path) -> list[str]:
    """The English of an output folder, one line per paragraph of each article, in order.

    For a test set translated as one article of one sentence per line, these lines match the
    reference file's. English sentences an ``align`` run found no Vietnamese for (``0-1``) have no
    paragraph and no line. Only what the folder's manifest lists is read. The rows a ``--filter`` run
    dropped (``dropped.jsonl``) keep their place: a reference has a line for every paragraph.
    With several articles, one whose every row was dropped has no place to keep, and the folder
    cannot be lined up with a reference (an :class:`InputError`).
    """
    from songngu.export.manifest import iter_rows, read_manifest

    manifest = read_manifest(folder)
    columns = ["article_id", "paragraph", "segment", "translation"]
    articles: dict[str, list[tuple[int, int, str]]] = {}  # (segment, paragraph, English) by article
    for row in iter_rows(manifest, columns=columns):
        if row["paragraph"] is not None and row["paragraph"] < 0:  # English an aligned run found no Vietnamese for (0-1)
            continue
        articles.setdefault(row["article_id"], []).append(_placed_english(row))
    if manifest.dropped is not None:
        dropped_only = []
        for row in dropped_rows(manifest.folder / manifest.dropped.path, columns):
            if row["article_id"] not in articles:
                dropped_only.append(row["article_id"])
            articles.setdefault(row["article_id"], []).append(_placed_english(row))
        if dropped_only and len(articles) > 1:
            raise InputError(folder, f"article {dropped_only[0]} lost every row to the filter, so its place among the "
                             "run's articles is unknown: give eval a run without --filter, or one article per run")
    lines: list[str] = []
    for rows in articles.values():
        current: int | None = None
        for _, paragraph, english in sorted(rows):
            if paragraph != current:
                lines.append("")
                current = paragraph
            if english:
                lines[-1] = f"{lines[-1]} {english}" if lines[-1] else english
    return lines


def _placed_english(row: dict) -> tuple[int, int, str]:
    return row["segment"], row["paragraph"], (row["translation"] or {}).get("en") or ""


def dropped_rows(path: Path, columns: Sequence[str]) -> Iterator[dict]:
    """The ``columns`` of each row of a run's ``dropped.jsonl`` (checked against its manifest already), streamed."""
    import json

    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                yield {name: row.get(name) for name in columns}


def evaluate_files(
    hypothesis_file: str | Path,
    reference_files: str | Path | Sequence[str | Path],
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
) -> list[MetricResult]:
    """Score a hypothesis file (or a songngu output folder) against one or several reference files, one segment per line."""
    hypothesis_path = given_path(hypothesis_file, "hypothesis_file")
    hypotheses = run_english(hypothesis_path) if hypothesis_path.is_dir() else read_lines(hypothesis_path)
    paths = [reference_files] if isinstance(reference_files, (str, Path)) else list(reference_files)
    reference_sets = []
    for path in paths:
        references = read_lines(given_path(path, "reference_files"))
        if len(hypotheses) != len(references):
            raise InputError(hypothesis_file, f"has {len(hypotheses)} lines but {path} has {len(references)}")
        if not references:
            raise InputError(path, "has no lines to score")
        reference_sets.append(references)
    return evaluate(hypotheses, reference_sets, metrics)


def dropped_by_reason(folder: str | Path) -> dict[str, int] | None:
    """Rows the quality filter dropped from an output folder, per ``drop_reason`` code; None when it was not filtered.

    Counted from the folder's ``dropped.jsonl`` (a row failing several filters counts for each).
    """
    from songngu.align.filtering import count_reasons
    from songngu.export.manifest import read_manifest

    manifest = read_manifest(folder)
    if manifest.dropped is None:
        return None
    rows = dropped_rows(manifest.folder / manifest.dropped.path, ["drop_reason"])
    return count_reasons(row["drop_reason"] or "" for row in rows)
