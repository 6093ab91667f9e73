"""The one interface every metric module implements."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class MetricResult:
    """A corpus score with the sacrebleu signature that makes it reproducible."""

    name: str
    score: float
    signature: str
    detail: str

    def line(self) -> str:
        """``NAME = SCORE (detail)  signature``, for printing."""
        return f"{self.name:<5} {self.score:6.2f}  {self.detail}  [{self.signature}]"


class Metric(Protocol):
    """A corpus-level metric of hypotheses against one set of references."""

    name: str

    def score(self, hypotheses: Sequence[str], references: Sequence[str]) -> MetricResult:
        """Score ``hypotheses`` against line-aligned ``references``."""
        ...


def sacrebleu_result(name: str, metric, hypotheses: Sequence[str], references: Sequence[str]) -> MetricResult:
    """Run a sacrebleu metric object and wrap its score and signature."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    result = metric.corpus_score(list(hypotheses), [list(references)])
    return MetricResult(name, float(result.score), str(metric.get_signature()), str(result))
