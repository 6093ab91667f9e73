"""The one interface every metric module implements."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, Union

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric as SacrebleuMetric

References = Union[Sequence[str], Sequence[Sequence[str]]]
"""One reference per hypothesis, or several line-aligned reference sets (each one per hypothesis)."""


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
    """A corpus-level metric of hypotheses against one or several sets of references."""

    name: str

    def score(self, hypotheses: Sequence[str], references: References) -> MetricResult:
        """Score ``hypotheses`` against line-aligned ``references`` (one set, or a list of sets)."""
        ...


def reference_sets(references: References) -> list[list[str]]:
    """``references`` as a list of reference sets: one set of strings becomes a list of one."""
    if references and isinstance(references[0], str):
        return [list(references)]
    return [list(stream) for stream in references]


def sacrebleu_result(name: str, metric: SacrebleuMetric, hypotheses: Sequence[str], references: References) -> MetricResult:
    """Run a sacrebleu metric object on one or several reference sets and wrap its score and signature."""
    sets = reference_sets(references)
    for stream in sets:
        if len(hypotheses) != len(stream):
            raise ValueError(f"{len(hypotheses)} hypotheses but {len(stream)} references")
    result = metric.corpus_score(list(hypotheses), sets)
    return MetricResult(name, float(result.score), str(metric.get_signature()), str(result))
