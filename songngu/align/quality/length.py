"""``q_length_ratio``: English characters per Vietnamese character."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal


def length_ratio(vi: str, en: str) -> float:
    """English characters per Vietnamese character, ignoring surrounding whitespace; 0.0 when ``vi`` is empty."""
    vi_chars = len(vi.strip())
    return len(en.strip()) / vi_chars if vi_chars else 0.0


@dataclass(frozen=True)
class LengthRatio(RangeSignal):
    """English/Vietnamese length in characters; human translations have a median of 0.95.

    The bounds apply only when the Vietnamese has at least ``min_vi_chars`` characters:
    short sentences vary too much (``Tôi hứa.`` → ``I give you my word.``).
    """

    name: ClassVar[str] = "length_ratio"
    min_vi_chars: int = 0

    def score(self, batch: PairBatch) -> list[float]:
        """The length ratio of every pair."""
        return [length_ratio(vi, en) for vi, en in zip(batch.vi, batch.en)]

    def applies_to(self, vi: str) -> bool:
        """True when ``vi`` has at least ``min_vi_chars`` characters, surrounding whitespace aside."""
        return len(vi.strip()) >= self.min_vi_chars
