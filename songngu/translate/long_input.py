"""Split a text that is too long for a model into pieces that fit: between sentences, else at clause boundaries."""
from __future__ import annotations

import re
from collections.abc import Callable

from songngu.text.patterns import CLOSERS

_SENTENCE_BREAK = re.compile(f"(?<=[.?!…])[{re.escape(CLOSERS)}]*\\s+")
"""After a sentence's end: a paragraph translated as one text (``--context paragraph``) is cut between its sentences."""
_CLAUSE_BREAK = re.compile(r"(?<=[;:,–—)\]])\s+|\s+(?=[–—(\[])")
_SPACE = re.compile(r"\s+")


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut ``text`` into consecutive pieces for which ``fits`` holds.

    Prefers a sentence end nearest the middle (a paragraph is cut between its sentences), then
    clause punctuation (; : , dashes, brackets), then a space, then the middle character.
    Joining the pieces with single spaces gives back ``text`` up to whitespace.
    """
    text = text.strip()
    if not text or fits(text):
        return [text] if text else []
    cut = _best_cut(text)
    return split_to_fit(text[:cut], fits) + split_to_fit(text[cut:], fits)


def _best_cut(text: str) -> int:
    middle = len(text) / 2
    for pattern in (_SENTENCE_BREAK, _CLAUSE_BREAK, _SPACE):
        cuts = [match.end() for match in pattern.finditer(text) if 0 < match.start() and match.end() < len(text)]
        if cuts:
            return min(cuts, key=lambda position: abs(position - middle))
    return max(1, len(text) // 2)
