"""chrF through sacrebleu (character 6-grams, beta 2)."""
from __future__ import annotations

from collections.abc import Sequence

from songngu.eval.base import MetricResult, References, sacrebleu_result


class ChrF:
    """Corpus chrF."""

    name = "chrF"

    def score(self, hypotheses: Sequence[str], references: References) -> MetricResult:
        """Corpus chrF of ``hypotheses`` against ``references``."""
        from sacrebleu.metrics import CHRF

        return sacrebleu_result(self.name, CHRF(), hypotheses, references)
