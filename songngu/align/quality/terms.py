"""``q_terms``: does the English carry every required glossary term?"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal


@dataclass(frozen=True)
class TermAccuracy(RangeSignal):
    """Share of the required glossary term occurrences of the Vietnamese that the English has exactly, in [0, 1].

    1.0 when the Vietnamese has no glossary term; None (unknown) when the batch has no glossary.
    Matching is that of ``songngu.translate.glossary`` (the WMT 2023 terminology measure).
    """

    name: ClassVar[str] = "terms"

    def score(self, batch: PairBatch) -> list[float | None]:
        """The term accuracy of every pair, or None for each when ``batch.glossary`` is None."""
        if batch.glossary is None:
            return [None] * len(batch)
        scores: list[float | None] = []
        for vi, en in zip(batch.vi, batch.en):
            kept, required = batch.glossary.terms_kept(vi, en)
            scores.append(kept / required if required else 1.0)
        return scores
