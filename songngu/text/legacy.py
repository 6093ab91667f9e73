"""Recognise Vietnamese typed in legacy 8-bit font encodings (TCVN3/ABC and VNI).

Before Unicode, Vietnamese was typed with fonts such as ``.VnTime`` (TCVN3, also called ABC)
or ``VNI-Times`` (VNI) that draw Vietnamese letters in place of Latin-1 ones. Read as Latin-1
or Windows-1252 that text becomes mojibake: TCVN3 ``Việt Nam`` is ``ViÖt Nam`` (``ệ`` is byte
0xD6) and VNI ``Việt Nam`` is ``Vieät Nam`` (``e`` + 0xE4). songngu refuses such files rather
than translating gibberish; the tables here only serve to recognise them.

Recognition compares how Vietnamese a text reads as it is and after each legacy conversion,
counting common Vietnamese words that carry diacritics (:func:`vietnamese_score`).
"""
from __future__ import annotations

import re
import unicodedata

from songngu.wordlists import load_words

# TCVN3 (TCVN 5712:1993, VN3 / "ABC"): one byte per letter, shown here as the Latin-1
# character with that byte value. Capitals with tone marks are drawn by separate fonts
# (.VnTimeH) using the same bytes as the lowercase letters.
_TCVN3_LETTERS = {
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "®": "đ",
    "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    "«": "ô", "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "\xad": "ư", "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư",
}
_TCVN3_TABLE = str.maketrans(_TCVN3_LETTERS)

# VNI (VNI-Windows): a base letter followed by a modifier byte; a few letters are one byte.
_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_VNI_SINGLE = {
    "ô": "ơ", "ö": "ư", "ñ": "đ",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}


def _build_vni_pairs() -> dict[str, str]:
    """Every two-character VNI sequence (either case) and the Vietnamese letter it stands for."""
    pairs: dict[str, str] = {}

    def add(base: str, modifier: str, marks: str) -> None:
        for base_form in (base, base.upper()):
            for modifier_form in (modifier, modifier.upper()):
                pairs[base_form + modifier_form] = unicodedata.normalize("NFC", base_form + marks)

    for base in "aeouy":
        for modifier, tone in _VNI_TONES.items():
            add(base, modifier, tone)
    for base in "aeo":
        for modifier, tone in _VNI_CIRCUMFLEX.items():
            add(base, modifier, _CIRCUMFLEX + tone)
    for modifier, tone in _VNI_BREVE.items():
        add("a", modifier, _BREVE + tone)
    for vni_base, letter in (("ô", "ơ"), ("ö", "ư")):
        for modifier, tone in _VNI_TONES.items():
            for base_form, letter_form in ((vni_base, letter), (vni_base.upper(), letter.upper())):
                for modifier_form in (modifier, modifier.upper()):
                    pairs[base_form + modifier_form] = unicodedata.normalize("NFC", letter_form + tone)
    return pairs


_VNI_PAIRS = _build_vni_pairs()
_VNI_SINGLES = {**_VNI_SINGLE, **{key.upper(): value.upper() for key, value in _VNI_SINGLE.items()}}
_VNI_PATTERN = re.compile(
    "|".join(re.escape(key) for key in sorted({**_VNI_PAIRS, **_VNI_SINGLES}, key=len, reverse=True))
)
_VNI_ALL = {**_VNI_SINGLES, **_VNI_PAIRS}

COMMON_WORDS_FILE = "common_vietnamese_words.tsv"
"""Common Vietnamese words with diacritics (``songngu/data/common_vietnamese_words.tsv``): what :func:`vietnamese_score` counts."""
_WORD = re.compile(r"[^\W\d_]+")


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 text (bytes read as Latin-1 characters) to Unicode Vietnamese."""
    return text.translate(_TCVN3_TABLE)


def vni_to_unicode(text: str) -> str:
    """Convert VNI text (bytes read as Latin-1 characters) to Unicode Vietnamese."""
    return _VNI_PATTERN.sub(lambda match: _VNI_ALL[match.group()], text)


def vietnamese_score(text: str) -> tuple[int, float]:
    """Count and share of words in ``text`` that are common Vietnamese words with diacritics.

    Real Vietnamese prose scores well above 0.1; mojibake and other languages score near 0.
    """
    words = _WORD.findall(text.casefold())
    common = load_words(COMMON_WORDS_FILE)
    hits = sum(1 for word in words if word in common and not word.isascii())
    return hits, hits / len(words) if words else 0.0


def legacy_reading(text: str) -> tuple[str | None, float]:
    """The legacy encoding ``text`` reads best in, and the :func:`vietnamese_score` share it reaches.

    Returns ``("TCVN3" | "VNI", share)`` when ``text`` reads as Vietnamese only after that
    conversion (at least two common words, share at least 0.1 and more than twice the share of
    ``text`` as it is), else ``(None, share of text as it is)``. ``text`` is the file as decoded:
    UTF-8 text holding mojibake, or raw bytes read as Latin-1.
    """
    _, share = vietnamese_score(text)
    best_name, best_share = None, share
    for name, convert in (("TCVN3", tcvn3_to_unicode), ("VNI", vni_to_unicode)):
        converted_hits, converted_share = vietnamese_score(convert(text))
        if converted_hits >= 2 and converted_share >= 0.1 and converted_share > 2 * best_share:
            best_name, best_share = name, converted_share
    return best_name, best_share
