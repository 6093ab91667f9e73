"""``q_punct_match``: do both sides use the same kinds of punctuation?"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal

_PUNCT_KINDS = {
    "quote": "\"“”«»„",
    "bracket": "()[]",
    "question": "?？",
    "exclamation": "!！",
}
_ALL_MARKS = "".join(_PUNCT_KINDS.values())


def _uses(text: str, marks: str) -> bool:
    """True when ``text`` contains one of the characters ``marks`` (each looked for with ``in``: fast)."""
    return any(map(text.__contains__, marks))


def punct_match(vi: str, en: str) -> float:
    """Share of punctuation kinds (quotes, brackets, ``?``, ``!``) used by either side that both sides use; 1.0 when none."""
    if not (_uses(vi, _ALL_MARKS) or _uses(en, _ALL_MARKS)):
        return 1.0
    present = [(_uses(vi, marks), _uses(en, marks)) for marks in _PUNCT_KINDS.values()]
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
