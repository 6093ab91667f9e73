"""Text folding used to compare Vietnamese and English surface forms."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)


def strip_diacritics(text: str) -> str:
    """``text`` without accents and with ``đ`` read as ``d``: "Hà Nội" -> "Ha Noi"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics, the form anchors are compared in (cached: call it on words)."""
    return strip_diacritics(text).lower()


def words(text: str) -> list[tuple[int, str]]:
    """Letter runs of ``text`` (apostrophes kept inside words) with their offsets."""
    return [(match.start(), match.group()) for match in _WORD.finditer(text)]


def looks_vietnamese(word: str) -> bool:
    """Whether ``word`` could be one Vietnamese syllable (names like "Siminoff" cannot)."""
    folded = fold(word)
    if folded != word.lower():
        return True
    return _VIETNAMESE_SYLLABLE.fullmatch(folded) is not None


_OLD_STYLE_TONES = {
    f"{first}{unicodedata.normalize('NFC', second + mark)}": f"{unicodedata.normalize('NFC', first + mark)}{second}"
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
}


def canonical_tones(syllable: str) -> str:
    """``syllable`` with the tone mark of a final "oa", "oe" or "uy" on its first vowel.

    Vietnamese is written both ways ("hoà" and "hòa", "thuỷ" and "thủy"); this gives one form.
    """
    ending = syllable[-2:]
    return syllable[:-2] + _OLD_STYLE_TONES[ending] if ending in _OLD_STYLE_TONES else syllable
