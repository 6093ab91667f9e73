"""Cheap lexical anchors: what a sentence and its translation are likely to share.

An :class:`Anchor` is one thing a sentence mentions (a number, a name, a question
mark, a photo credit, a lexicon concept) together with the keys under which a
translation would show it. Keys are namespaced strings compared across the
languages: numbers as ``#`` plus their value in a canonical form (Vietnamese
``1.000`` and English ``1,000`` are both ``#1000``), names as ``n:`` plus the
word lower-cased with diacritics stripped ("Hà Nội" also gives ``n:hanoi``),
punctuation as ``p:``, lexicon concepts as ``l:``, photo credits as ``c:credit``
and, for machine translations, content words as ``w:`` plus a crude stem.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from songngu.align.lexicon import english_concept, vietnamese_concepts
from songngu.align.normalize import fold, looks_vietnamese, words
from songngu.wordlists import load_words

VIETNAMESE = "vi"
ENGLISH = "en"

NUMBER = "number"
SMALL_NUMBER = "small_number"
FOREIGN_NAME = "foreign_name"
VIETNAMESE_NAME = "vietnamese_name"
VIETNAMESE_PROPER_NAME = "vietnamese_proper_name"
ENGLISH_NAME = "english_name"
ENGLISH_PROPER_NAME = "english_proper_name"
PUNCTUATION = "punctuation"
CONCEPT = "concept"
CREDIT = "credit"
CONTENT_WORD = "content_word"
ANCHOR_KINDS = (
    NUMBER, SMALL_NUMBER, FOREIGN_NAME, VIETNAMESE_PROPER_NAME, VIETNAMESE_NAME, ENGLISH_NAME,
    ENGLISH_PROPER_NAME, PUNCTUATION, CONCEPT, CREDIT, CONTENT_WORD,
)


@dataclass(frozen=True)
class Anchor:
    """Something a sentence mentions; a translation containing any of ``keys`` matches it."""

    kind: str
    keys: frozenset[str]


@dataclass(frozen=True)
class SentenceAnchors:
    """The anchors of one sentence and every key a foreign anchor may match in it."""

    anchors: frozenset[Anchor]
    keys: frozenset[str]


_NUMBER_RUN = re.compile(r"\d+(?:[.,]\d+)*(?:\s?[-–/]\s?\d+(?:[.,]\d+)*)*")
_DATE_SEPARATOR = re.compile(r"\s?[-–/]\s?")
_SENTENCE_START_BEFORE = frozenset(".!?:;\"“«(‘'-–—…")
_VIETNAMESE_NUMBER_WORDS = {  # no "năm" (5): it is also "year", far more often in news
    "hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}
_ENGLISH_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100,
}
_ENGLISH_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTHS_ALSO_WORDS = frozenset({"may", "march", "mar", "jan", "dec"})
INSTITUTION_WORDS_FILE = "institution_words.tsv"
"""Lower-case first words of Vietnamese institution, title, place and event names (``songngu/data/institution_words.tsv``)."""
ENGLISH_STOPWORDS_FILE = "english_stopwords.tsv"
"""English words that give no content-word anchor (``songngu/data/english_stopwords.tsv``)."""
_QUOTES = "\"“”«»„"
_VIETNAMESE_CREDIT = re.compile(
    r"^\W*(?:nguồn\s+)?ảnh(?:\s+minh\s+h[oọ]ạ?a?|\s+chụp\s+màn\s+hình|\s+tư\s+liệu)?\s*[:(]"
    r"|^\W*(?:chú\s+thích\s+ảnh|ảnh\s+minh\s+h[oọ]ạ?a?|đồ\s+họa|video|clip)\b"
    r"|[.(–-]\s*(?:nguồn\s+)?ảnh(?:\s+minh\s+h[oọ]ạ?a?|\s+tư\s+liệu)?\s*:\s*[^.:]{1,60}\)?\s*\.?$",
)
_ENGLISH_CREDIT = re.compile(
    r"^\W*(?:file\s+)?(?:photo|photograph|image|picture|pictured|graphic|video|credit)s?\b[^:]{0,25}:"
    r"|^\W*(?:photo|image|picture)s?\s+(?:by|courtesy)\b"
    r"|\(\s*(?:file\s+)?(?:photo|image|picture|credit)s?\b[^)]{0,60}\)\s*\.?$"
    r"|[.–-]\s*(?:file\s+)?(?:photo|image|picture|credit)s?(?:\s+by|\s+credit|\s+courtesy)?\s*:?\s*[^.:]{1,60}\.?$"
    r"|\(\s*(?:ap|afp|reuters|getty images|epa|xinhua|afp/getty images)\s*\)\s*\.?$",
    re.IGNORECASE,
)


def canonical_number(text: str, language: str) -> str | None:
    """The value of one written number in a canonical form, reading separators per language.

    Vietnamese writes ``1.000`` for a thousand and ``3,5`` for three and a half;
    English writes ``1,000`` and ``3.5``. A group of exactly three digits after a
    single separator is read as thousands in the language's own convention.
    """
    thousands, decimal = (".", ",") if language == VIETNAMESE else (",", ".")
    grouped = re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})+(?:\{decimal}\d+)?", text)
    if grouped:
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    if text.count(".") > 1:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return format(value.normalize(), "f")


def _number_anchor(value: str) -> Anchor:
    kind = SMALL_NUMBER if "." not in value and int(value) <= 10 else NUMBER
    return Anchor(kind, frozenset({"#" + value}))


def number_anchors(text: str, language: str) -> set[Anchor]:
    """Numbers written with digits, dates and ranges split into their parts, and number words."""
    found: set[Anchor] = set()
    for run in _NUMBER_RUN.findall(text):
        for part in _DATE_SEPARATOR.split(run):
            value = canonical_number(part, language)
            if value is not None:
                found.add(_number_anchor(value))
    number_words = _VIETNAMESE_NUMBER_WORDS if language == VIETNAMESE else _ENGLISH_NUMBER_WORDS
    for start, word in words(text):
        lowered = word.lower()
        if lowered in number_words and not text[:start].lower().endswith("thứ "):
            found.add(_number_anchor(str(number_words[lowered])))
        elif language == ENGLISH and lowered in _ENGLISH_MONTHS and word[0].isupper():
            if lowered not in _MONTHS_ALSO_WORDS or re.search(r"\d", text[max(0, start - 4):start + len(word) + 6]):
                found.add(_number_anchor(str(_ENGLISH_MONTHS[lowered])))
    return found


def punctuation_anchors(text: str, language: str) -> set[Anchor]:
    """Question and exclamation marks, quotes, brackets and percent signs."""
    keys = set()
    if "?" in text:
        keys.add("p:?")
    if "!" in text:
        keys.add("p:!")
    if any(quote in text for quote in _QUOTES):
        keys.add("p:quote")
    if "(" in text:
        keys.add("p:(")
    lowered = text.lower()
    percent_words = ("phần trăm",) if language == VIETNAMESE else ("percent", "per cent")
    if "%" in text or any(word in lowered for word in percent_words):
        keys.add("p:%")
    return {Anchor(PUNCTUATION, frozenset({key})) for key in keys}


def is_photo_credit(text: str, language: str) -> bool:
    """Whether ``text`` reads like a photo caption or credit ("Ảnh: AP", "Photo: Reuters")."""
    stripped = text.strip()
    if language == VIETNAMESE:
        return _VIETNAMESE_CREDIT.search(stripped.lower()) is not None
    return _ENGLISH_CREDIT.search(stripped) is not None


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_START_BEFORE


def _name_key(word: str) -> str:
    word = re.sub(r"['’]s$", "", word)
    return "n:" + fold(word)


def _capitalised_runs(text: str) -> list[list[tuple[int, str]]]:
    runs: list[list[tuple[int, str]]] = []
    previous_end = -2
    for start, word in words(text):
        if not word[0].isupper():
            previous_end = -2
            continue
        if runs and previous_end >= 0 and text[previous_end:start].isspace():
            runs[-1].append((start, word))
        else:
            runs.append([(start, word)])
        previous_end = start + len(word)
    return runs


def capitalised_name_keys(text: str) -> set[str]:
    """Keys of capitalised words that do not start a sentence: the document's known names."""
    return {
        _name_key(word)
        for run in _capitalised_runs(text)
        for start, word in run
        if not _starts_sentence(text, start) and len(word) > 1
    }


def _run_keys(run: list[tuple[int, str]], concepts: list[tuple[int, int, str]], language: str) -> set[str]:
    keys = {_name_key(word) for _, word in run if len(word) > 1}
    folded = [fold(word) for _, word in run]
    for size in (2, 3):
        for index in range(len(folded) - size + 1):
            keys.add("n:" + "".join(folded[index:index + size]))
    run_start, run_end = run[0][0], run[-1][0] + len(run[-1][1])
    if language == VIETNAMESE:
        keys.update("l:" + concept for start, end, concept in concepts if start < run_end and end > run_start)
    else:
        keys.update("l:" + concept for _, word in run if (concept := english_concept(word)))
    return keys


def _run_is_name(run: list[tuple[int, str]], text: str, known_names: set[str], language: str) -> bool:
    if len(run) > 1 or not _starts_sentence(text, run[0][0]):
        return True
    word = run[0][1]
    if len(word) < 2:
        return False
    if _name_key(word) in known_names or (word.isupper() and len(word) > 1):
        return True
    return language == VIETNAMESE and not looks_vietnamese(word)


def _name_kind(run: list[tuple[int, str]], language: str) -> str:
    """Names kept in translation (foreign names, Vietnamese people and places) or likely translated.

    A run of Vietnamese syllables is a proper name (kept, without diacritics) when
    it has two or more words and does not start with a word that begins the name
    of an institution, title or event ("Bộ Quốc phòng" becomes "Ministry of Defence").
    An English name none of whose words the lexicon translates ("Ben Adeyemi", not
    "Ministry of Defence") is a proper name, usually kept as it is in Vietnamese.
    """
    if language == ENGLISH:
        if any(english_concept(word) for _, word in run):
            return ENGLISH_NAME
        return ENGLISH_PROPER_NAME
    if any(not looks_vietnamese(word) for _, word in run):
        return FOREIGN_NAME
    if len(run) > 1 and run[0][1].lower() not in load_words(INSTITUTION_WORDS_FILE):
        return VIETNAMESE_PROPER_NAME
    return VIETNAMESE_NAME


def sentence_anchors(text: str, language: str, known_names: set[str]) -> SentenceAnchors:
    """Anchors of one sentence; ``known_names`` are name keys seen mid-sentence in the document."""
    text = unicodedata.normalize("NFC", text).replace("U.S.", "US").replace("U.K.", "UK").replace("U.N.", "UN")
    anchors = number_anchors(text, language) | punctuation_anchors(text, language)
    keys: set[str] = set()
    concepts = vietnamese_concepts(text) if language == VIETNAMESE else []
    for run in _capitalised_runs(text):
        run_keys = _run_keys(run, concepts, language)
        keys.update(run_keys)
        if _run_is_name(run, text, known_names, language) and run_keys:
            anchors.add(Anchor(_name_kind(run, language), frozenset(run_keys)))
    if language == VIETNAMESE:
        found = {concept for _, _, concept in concepts}
    else:
        found = {concept for _, word in words(text) if (concept := english_concept(word))}
    anchors.update(Anchor(CONCEPT, frozenset({"l:" + concept})) for concept in found)
    if is_photo_credit(text, language):
        anchors.add(Anchor(CREDIT, frozenset({"c:credit"})))
    for anchor in anchors:
        keys.update(anchor.keys)
    return SentenceAnchors(frozenset(anchors), frozenset(keys))


def document_anchors(sentences: list[str], language: str) -> list[SentenceAnchors]:
    """Anchors of every sentence of one side of a document."""
    known_names: set[str] = set()
    for sentence in sentences:
        known_names |= capitalised_name_keys(unicodedata.normalize("NFC", sentence))
    return [sentence_anchors(sentence, language, known_names) for sentence in sentences]


def _stem(word: str) -> str:
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)] + replacement
            break
    return word[:6]


def content_word_keys(text: str) -> frozenset[str]:
    """Stems of the English content words of ``text``, as ``w:`` keys."""
    folded = (fold(word) for _, word in words(text))
    stopwords = load_words(ENGLISH_STOPWORDS_FILE)
    return frozenset("w:" + _stem(word) for word in folded if len(word) > 2 and word not in stopwords)


def content_word_anchors(text: str) -> SentenceAnchors:
    """One anchor per English content word of ``text`` (used with machine translations)."""
    keys = content_word_keys(text)
    return SentenceAnchors(frozenset(Anchor(CONTENT_WORD, frozenset({key})) for key in keys), keys)
