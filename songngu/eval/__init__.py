"""Stage 5: BLEU, chrF and TER with sacrebleu signatures, and spot-check samples."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from songngu.errors import InputError
from songngu.eval.base import Metric, MetricResult
from songngu.eval.bleu import Bleu
from songngu.eval.chrf import ChrF
from songngu.eval.spotcheck import spot_check
from songngu.eval.ter import Ter

METRICS: dict[str, Metric] = {"bleu": Bleu(), "chrf": ChrF(), "ter": Ter()}

__all__ = ["METRICS", "MetricResult", "evaluate", "evaluate_files", "read_lines", "spot_check"]


def evaluate(hypotheses: Sequence[str], references: Sequence[str], metrics: Sequence[str] = ("bleu", "chrf", "ter")) -> list[MetricResult]:
    """Score line-aligned hypotheses against references with each named metric."""
    unknown = [name for name in metrics if name.lower() not in METRICS]
    if unknown:
        raise ValueError(f"unknown metric {unknown[0]!r}: choose from {', '.join(METRICS)}")
    return [METRICS[name.lower()].score(hypotheses, references) for name in metrics]


def read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file, without line endings."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 (byte {error.start})") from None


def evaluate_files(hypothesis_file: str | Path, reference_file: str | Path, metrics: Sequence[str] = ("bleu", "chrf", "ter")) -> list[MetricResult]:
    """Score a hypothesis file against a reference file, one segment per line."""
    hypotheses, references = read_lines(hypothesis_file), read_lines(reference_file)
    if len(hypotheses) != len(references):
        raise InputError(hypothesis_file, f"has {len(hypotheses)} lines but {reference_file} has {len(references)}")
    return evaluate(hypotheses, references, metrics)
