"""``q_logprob`` and ``q_align_score``: scores the model and the aligner gave the pair, passed through."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal, optional_float


@dataclass(frozen=True)
class PassedThrough(RangeSignal):
    """A score computed elsewhere: the :class:`PairBatch` attribute named like the signal, None when unknown or NaN."""

    def score(self, batch: PairBatch) -> list[float | None]:
        """Each pair's score as a float, None when unknown."""
        return [optional_float(value) for value in getattr(batch, self.name)]


@dataclass(frozen=True)
class LogProb(PassedThrough):
    """The model's mean token log-probability (≤ 0)."""

    name: ClassVar[str] = "logprob"


@dataclass(frozen=True)
class AlignScore(PassedThrough):
    """The aligner's score of the pair: its link posterior, 0–1."""

    name: ClassVar[str] = "align_score"
