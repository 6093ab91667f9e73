"""TER through sacrebleu (lower is better)."""
from __future__ import annotations

from collections.abc import Sequence

from songngu.eval.base import MetricResult, References, sacrebleu_result


class Ter:
    """Corpus translation edit rate."""

    name = "TER"

    def score(self, hypotheses: Sequence[str], references: References) -> MetricResult:
        """Corpus TER of ``hypotheses`` against ``references``."""
        from sacrebleu.metrics import TER

        return sacrebleu_result(self.name, TER(), hypotheses, references)
