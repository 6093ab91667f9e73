"""Text helpers the signals share: words, diacritic stripping, Vietnamese letters and syllables.

Signals look at text one whitespace-separated chunk at a time (``str.split``): no word
spans two chunks, so what a signal needs of a text is what it needs of each chunk, in
order. A corpus repeats its chunks (``của``, ``the``, ``said.``), so per-chunk and per-word
results are cached (``functools.lru_cache``) and each distinct one is analysed once.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CACHE_SIZE = 1 << 16
"""How many distinct chunks (or words) each cache keeps."""

_UNDECOMPOSABLE = str.maketrans(
    {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss"}
)


class _StrippedCharacters(dict):
    """``str.translate`` table: code point → that character without diacritics, filled on first use.

    Stripping works character by character: NFD decomposes each character on its own and
    canonical reordering only moves combining marks, which are all dropped, so mapping
    every character separately gives the same text as stripping the whole string.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).translate(_UNDECOMPOSABLE))
        stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
        self[code] = stripped
        return stripped


_STRIPPED = _StrippedCharacters()


def strip_diacritics(text: str) -> str:
    """``text`` without combining marks: ``Hà Nội`` → ``Ha Noi``; ``đ``, ``ł``, ``ø``… become plain letters."""
    return text if text.isascii() else text.translate(_STRIPPED)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The words of ``text`` (letters only, apostrophes inside kept), in order."""
    return _WORD.findall(text)


@lru_cache(maxsize=CACHE_SIZE)
def chunk_words(chunk: str) -> tuple[str, ...]:
    """The words of one whitespace-free chunk; ``words(text)`` are those of its chunks, in order."""
    return tuple(_WORD.findall(chunk))


_VI_ONLY_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_VI_TONED = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ")
VIETNAMESE_LETTERS = frozenset(_VI_ONLY_LETTERS | _VI_TONED | {char.upper() for char in _VI_TONED})
"""Letters that mark a word as Vietnamese: Vietnamese-only letters and tone-marked vowels."""

_VI_INITIALS = frozenset("b c ch d g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x".split() + [""])
_VI_FINALS = frozenset("c ch m n ng nh p t".split() + [""])
_FOREIGN_LETTER = re.compile(r"[fjwz]")
_SYLLABLE_PARTS = re.compile(r"([^aeiouy]*)([aeiouy]+)([^aeiouy]*)")


@lru_cache(maxsize=CACHE_SIZE)
def looks_foreign(word: str) -> bool:
    """True when ``word`` (letters, no Vietnamese diacritics) cannot be one Vietnamese syllable.

    A Vietnamese syllable has one vowel group, a Vietnamese initial and final consonant
    and no f/j/w/z; ``Baghdad``, ``Soleimani``, ``Bob`` and ``Trump`` fail that test,
    ``Nga``, ``Nguyen`` and ``Minh`` pass it.
    """
    lowered = word.lower()
    if _FOREIGN_LETTER.search(lowered):
        return True
    parts = _SYLLABLE_PARTS.fullmatch(lowered)
    if parts is None:
        return True
    return parts.group(1) not in _VI_INITIALS or parts.group(3) not in _VI_FINALS
