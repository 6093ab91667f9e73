"""BLEU through sacrebleu (13a tokenisation, exponential smoothing)."""
from __future__ import annotations

from collections.abc import Sequence

from songngu.eval.base import MetricResult, References, sacrebleu_result


class Bleu:
    """Corpus BLEU."""

    name = "BLEU"

    def score(self, hypotheses: Sequence[str], references: References) -> MetricResult:
        """Corpus BLEU of ``hypotheses`` against ``references``."""
        from sacrebleu.metrics import BLEU

        return sacrebleu_result(self.name, BLEU(), hypotheses, references)
