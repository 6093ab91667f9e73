"""``q_punct_match``: do both sides use the same kinds of punctuation?"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal

_PUNCT_KINDS = {
    "quote": "\"“”«»„",
    "bracket": "()\\[\\]",
    "question": "?？",
    "exclamation": "!！",
}
_KIND_PATTERNS = [re.compile(f"[{characters}]") for characters in _PUNCT_KINDS.values()]
_ANY_KIND = re.compile(f"[{''.join(_PUNCT_KINDS.values())}]")


def punct_match(vi: str, en: str) -> float:
    """Share of punctuation kinds (quotes, brackets, ``?``, ``!``) used by either side that both sides use; 1.0 when none."""
    if not (_ANY_KIND.search(vi) or _ANY_KIND.search(en)):
        return 1.0
    present = [(bool(pattern.search(vi)), bool(pattern.search(en))) for pattern in _KIND_PATTERNS]
    used = [pair for pair in present if any(pair)]
    return sum(all(pair) for pair in used) / len(used)


@dataclass(frozen=True)
class PunctMatch(RangeSignal):
    """Share of the punctuation kinds present on one side that are present on both, in [0, 1].

    Kinds: quotes, brackets, ``?``, ``!``; 1.0 when neither side has any. Human translators
    often add or drop quotes and ``!``.
    """

    name: ClassVar[str] = "punct_match"

    def score(self, batch: PairBatch) -> list[float]:
        """The punctuation match of every pair; pairs without any of the marks skip the per-kind tests."""
        return [punct_match(vi, en) for vi, en in zip(batch.vi, batch.en)]
