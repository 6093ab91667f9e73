"""``q_truncated``: does the English look cut short?"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from songngu.align.quality.base import PairBatch, Signal, Value
from songngu.align.quality.length import length_ratio

TRUNCATION_MIN_VI_CHARS = 30
"""Below this many Vietnamese characters the length test for truncation is not applied."""
TRUNCATION_LENGTH_RATIO = 0.5
"""English shorter than this share of a long Vietnamese sentence counts as truncated."""

_CLOSERS = "\"'”’»)]}*"
_VI_SENTENCE_END = frozenset(".!?…")
_EN_SENTENCE_END = frozenset(".!?…:;")


def _last_mark(text: str) -> str:
    """The last character of ``text`` before any closing quotes or brackets ('' when empty)."""
    return text.rstrip().rstrip(_CLOSERS + " ")[-1:]


def is_truncated(vi: str, en: str) -> bool:
    """True when the English looks cut short.

    Either the Vietnamese is long (at least ``TRUNCATION_MIN_VI_CHARS`` characters) and the
    English is under ``TRUNCATION_LENGTH_RATIO`` of its length, or the Vietnamese ends a
    sentence (``.!?…``, closing quotes and brackets aside) and the English does not.
    """
    vi_chars = len(vi.strip())
    if not en.strip():
        return vi_chars > 0
    if vi_chars >= TRUNCATION_MIN_VI_CHARS and length_ratio(vi, en) < TRUNCATION_LENGTH_RATIO:
        return True
    return _last_mark(vi) in _VI_SENTENCE_END and _last_mark(en) not in _EN_SENTENCE_END


@dataclass(frozen=True)
class Truncated(Signal):
    """Whether the English looks cut short (see ``is_truncated``); ``drop`` makes the filter drop such pairs."""

    name: ClassVar[str] = "truncated"
    dtype: ClassVar[str] = "bool"
    drop: bool = False

    def score(self, batch: PairBatch) -> list[bool]:
        """Whether each pair's English looks truncated."""
        return [is_truncated(vi, en) for vi, en in zip(batch.vi, batch.en)]

    def accept(self, value: Value) -> bool:
        """False for a truncated pair when ``drop`` is on."""
        return not (self.drop and value)

    def reason(self, value: Value) -> str:
        """``truncated`` when the pair fails, else ``""``."""
        return "" if self.accept(value) else "truncated"
