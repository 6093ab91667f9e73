"""Character classes and patterns shared by the sentence splitter and the labeller.

Everything here works on NFC text. The word lists are data, not logic
(``songngu/data/text_cues.tsv``): extend them when a new title, credit label or agency shows
up in real articles.
"""
from __future__ import annotations

import re

from songngu.wordlists import load_wordlist

LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
"""The characters ``str.splitlines`` breaks at: every one of them ends a paragraph line."""

OPENERS = "“‘\"'«‹([{„‚¿¡"
"""Characters that may stand before the first letter of a sentence."""

CLOSERS = "”’\"'»›)]}"
"""Characters that stay with the sentence they close (``.”``, ``?)``)."""

DASHES = "-–—•·*►▪●+"
"""List bullets and dialogue dashes that open a sentence when followed by a space."""

TEXT_CUES_FILE = "text_cues.tsv"
"""The text stage's word lists (``songngu/data/text_cues.tsv``): one ``kind<TAB>entry`` row each."""


def text_cues(kind: str) -> frozenset[str]:
    """The entries of one kind of ``songngu/data/text_cues.tsv`` (plus the user's, see ``songngu.wordlists``)."""
    return frozenset(row[1] for row in load_wordlist(TEXT_CUES_FILE) if len(row) > 1 and row[0] == kind and row[1])


TITLE_ABBREVIATIONS = text_cues("title_abbreviation")
"""Abbreviations that never end a sentence: a title, place prefix or reference before a name or number.

Matched case-sensitively against the last dot-separated part of the word before the full stop,
so ``PGS.TS.`` and ``ThS.BS.`` are covered by ``TS`` and ``BS``.
"""

AMBIGUOUS_ABBREVIATIONS = text_cues("ambiguous_abbreviation")
"""Abbreviations that may end a sentence; they do when a Vietnamese sentence clearly starts next."""

ASCII_SENTENCE_STARTERS = text_cues("ascii_sentence_starter")
"""Common capitalised Vietnamese sentence openers written without diacritics.

A capitalised word with Vietnamese letters (``Ông``, ``Đây``) already shows that a Vietnamese
sentence starts; these words show it too although they look like English names.
"""

CREDIT_LABEL = re.compile(
    r"\(?\s*(?:Nguồn\s+ảnh|Ảnh\s+minh\s+h(?:ọa|oạ)|Ảnh\s*/\s*Video|Ảnh\s*&\s*Video|Ảnh|Đồ\s+họa|Đồ\s+hoạ"
    r"|Video|Clip|Nguồn|Photo|Credit)\s*:\s*"
)
"""A photo or source credit label (``Ảnh:``, ``Nguồn ảnh:``, ``(Ảnh minh họa:``)."""

INLINE_CREDIT_LABEL = re.compile(r"(?:Nguồn\s+ảnh|Ảnh)\s*:")
"""A credit label glued after caption text without a full stop (``... Baghdad Ảnh: AP``)."""

DATE_STAMP = re.compile(
    r"date\s+\d{4}-\d{1,2}(?:-\d{1,2})?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?=\s|$)", re.IGNORECASE
)
"""A scraper's date stamp at the start of a line (``date 2020-02``)."""

_INVISIBLE_CHARACTERS = (
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff"
)
INVISIBLE = re.compile(f"[{_INVISIBLE_CHARACTERS}]")
"""Characters that show nothing: soft hyphen, zero-width space, word joiner, byte-order mark, bidi marks;
and those that are no text at all: control characters other than tab and line breaks, Unicode
noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF), which XML (TMX) cannot hold either.

Not the zero-width joiner and non-joiner (U+200D, U+200C) nor variation selectors: emoji
sequences (``👨‍👩‍👧``, ``❤️``) need them.
"""

LINE_BREAK = re.compile(f"\r\n|[{re.escape(LINE_BREAKS.replace(chr(10), ''))}]")
r"""A line break other than ``\n`` (:data:`LINE_BREAKS`; CR LF as one): normalisation makes each ``\n``, so
that a line of the text is a line of every tool that reads it (``wc -l``, Moses files, ``splitlines``)."""

_NO_BREAK_SPACES = "\u00a0\u2007\u202f"
NO_BREAK_SPACE = re.compile(f"[{_NO_BREAK_SPACES}]")
"""No-break spaces (``&nbsp;``, figure and narrow no-break space); normalisation makes them plain spaces."""
_INVISIBLE_OR_NO_BREAK_SPACE = re.compile(f"[{_INVISIBLE_CHARACTERS}{_NO_BREAK_SPACES}]")

PICTOGRAPHS = "\u231a\u231b\u23e9-\u23fa\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
"""A character class (for ``[...]``) of emoji and pictographs: ``🎉 😍 ❤ ★ ✅ ⭐ 🇻``.

Chosen narrowly: ``©``, ``°``, arrows and bullets such as ``•`` or ``●`` are not in it.
"""

EMOJI_COMPONENTS = "\u200d\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f"
"""Characters that continue an emoji: zero-width joiner, variation selectors, keycap, tags."""

PICTOGRAPH_RUN = re.compile(
    f"[{PICTOGRAPHS}](?:[{PICTOGRAPHS}{EMOJI_COMPONENTS}]|\\s+(?=[{PICTOGRAPHS}]))*"
)
"""Emoji and pictographs in a row, with spaces between them (``🎉🎉``, ``👍🏽 ❤️``)."""
_PICTOGRAPH = re.compile(f"[{PICTOGRAPHS}]")
_FIRST_PICTOGRAPH = "\u231a"

_VIETNAMESE_LETTERS = (
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)
VIETNAMESE_LETTERS = frozenset(_VIETNAMESE_LETTERS + _VIETNAMESE_LETTERS.upper())
"""Letters (precomposed, NFC) that only Vietnamese among Latin-script languages uses so freely."""


def has_vietnamese_letter(word: str) -> bool:
    """Whether ``word`` contains a Vietnamese letter with a diacritic (``ô``, ``đ``, ``ệ``...)."""
    return any(char in VIETNAMESE_LETTERS for char in word)


_WORD = re.compile(r"\w+")


def vietnamese_word_share(text: str) -> float:
    """The share of ``text``'s words that hold a Vietnamese letter: 0.64–0.97 for ten lines of FLORES-200 or
    Tatoeba Vietnamese, at most 0.005 for their English (names written with diacritics add a little)."""
    words = _WORD.findall(text)
    return sum(map(has_vietnamese_letter, words)) / len(words) if words else 0.0


def clean_characters(text: str) -> str:
    """``text`` without :data:`INVISIBLE` characters and with no-break spaces made plain spaces."""
    return _INVISIBLE_OR_NO_BREAK_SPACE.sub(_cleaned, text)


def _cleaned(match: re.Match[str]) -> str:
    """What replaces one invisible character or no-break space."""
    return " " if match.group() in _NO_BREAK_SPACES else ""


def is_pictograph(char: str) -> bool:
    """Whether ``char`` (one character) is an emoji or pictograph (see :data:`PICTOGRAPHS`)."""
    return char >= _FIRST_PICTOGRAPH and _PICTOGRAPH.match(char) is not None
