"""Split a sentence that is too long for a model into pieces that fit, at clause boundaries."""
from __future__ import annotations

import re
from collections.abc import Callable

_CLAUSE_BREAK = re.compile(r"(?<=[;:,–—)\]])\s+|\s+(?=[–—(\[])")
_SPACE = re.compile(r"\s+")


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut ``text`` into consecutive pieces for which ``fits`` holds.

    Prefers clause punctuation (; : , dashes, brackets) nearest the middle, then the
    space nearest the middle, then the middle character. Joining the pieces with single
    spaces gives back ``text`` up to whitespace.
    """
    text = text.strip()
    if not text or fits(text):
        return [text] if text else []
    cut = _best_cut(text)
    return split_to_fit(text[:cut], fits) + split_to_fit(text[cut:], fits)


def _best_cut(text: str) -> int:
    middle = len(text) / 2
    for pattern in (_CLAUSE_BREAK, _SPACE):
        cuts = [match.start() for match in pattern.finditer(text) if 0 < match.start() < len(text)]
        if cuts:
            return min(cuts, key=lambda position: abs(position - middle))
    return max(1, len(text) // 2)
