"""A hand-written Vietnamese–English lexicon of news words used as anchors.

Each entry names a concept, the Vietnamese phrases that express it (with
diacritics; lower case, or capitalised where only the capitalised form is the
name, as "Pháp" for France) and the English word forms that do (base forms:
"cities" and "stopped" are read as "city" and "stop"). Only words whose
translation is stable in news text are listed: countries and places whose names
differ between the languages, weekdays, scale words, and the general vocabulary
of news (verbs of saying and acting, people, places, things, qualities). Function
words and most Vietnamese syllables that are also common in personal names are left
out. A concept found on both sides of a candidate link is evidence for it; one
found on a single side, evidence against it. The entries are data:
``songngu/data/lexicon.tsv``, extendable by the user (``songngu.wordlists``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from songngu.align.normalize import canonical_tones
from songngu.wordlists import load_wordlist

LEXICON_FILE = "lexicon.tsv"
"""The lexicon's rows (``songngu/data/lexicon.tsv``): concept, Vietnamese phrases, English forms."""


def _parse_entries() -> tuple[dict[str, str], dict[str, str]]:
    """Vietnamese phrase → concept and English form → concept, from ``songngu/data/lexicon.tsv``."""
    vietnamese: dict[str, str] = {}
    english: dict[str, str] = {}
    for concept, vi_side, en_side in load_wordlist(LEXICON_FILE):
        for phrase in vi_side.split(","):
            vietnamese[unicodedata.normalize("NFC", phrase.strip())] = concept
        for form in en_side.split(","):
            english[form.strip()] = concept
    return vietnamese, english


VIETNAMESE_PHRASES, ENGLISH_FORMS = _parse_entries()

_SYLLABLE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HONORIFICS = frozenset({"Vua", "Giáo", "Phật", "Mẹ", "Chúa", "Đạt", "Thánh"})


@dataclass(frozen=True)
class _PhraseTable:
    """Phrases (tone marks made canonical, syllables joined by spaces) with their concepts and leading parts."""

    concepts: dict[str, str]
    prefixes: frozenset[str]

    @classmethod
    def of(cls, capitalised: bool) -> _PhraseTable:
        """The lexicon's phrases written with a capital (``capitalised``) or in lower case."""
        concepts = {
            " ".join(canonical_tones(syllable) for syllable in phrase.split()): concept
            for phrase, concept in VIETNAMESE_PHRASES.items()
            if (phrase != phrase.lower()) == capitalised
        }
        prefixes = {" ".join(key.split()[:size]) for key in concepts for size in range(1, len(key.split()) + 1)}
        return cls(concepts, frozenset(prefixes))

    def longest(self, keys: Sequence[str], position: int, syllables: Sequence[str]) -> tuple[int, str]:
        """The longest phrase whose syllables are ``keys[position:]``: its size and concept, or ``(0, "")``.

        A phrase followed by a title (``syllables``: the text as written) does not count.
        """
        best = (0, "")
        phrase = ""
        for end in range(position, len(keys)):
            phrase = f"{phrase} {keys[end]}" if phrase else keys[end]
            if phrase not in self.prefixes:
                break
            following = syllables[end + 1] if end + 1 < len(syllables) else ""
            if phrase in self.concepts and following not in _HONORIFICS:
                best = (end + 1 - position, self.concepts[phrase])
        return best


# Phrases written with a capital (country names) match only as written, the others in any case.
_CAPITALISED = _PhraseTable.of(capitalised=True)
_LOWER = _PhraseTable.of(capitalised=False)


def vietnamese_concepts(text: str) -> list[tuple[int, int, str]]:
    """Concepts named in Vietnamese ``text`` as ``(start, end, concept)``, longest phrase first.

    Text is read syllable by syllable (a hyphenated word counts as one); at each
    position the longest listed phrase wins. Country names count only when
    capitalised ("Pháp" is France, "biện pháp" a measure), and not before a title
    ("Đức Phật" is not Germany). Old and new tone-mark placement ("hoà", "hòa") match alike.
    """
    spans = [(match.start(), match.end()) for match in _SYLLABLE.finditer(text)]
    syllables = [text[start:end] for start, end in spans]
    as_written = [canonical_tones(syllable) for syllable in syllables]
    lowered = [canonical_tones(syllable.lower()) for syllable in syllables]
    found = []
    position = 0
    while position < len(spans):
        size, concept = max(
            _CAPITALISED.longest(as_written, position, syllables), _LOWER.longest(lowered, position, syllables)
        )
        if size == 0:
            position += 1
            continue
        found.append((spans[position][0], spans[position + size - 1][1], concept))
        position += size
    return found


_UPPER_CASE_ONLY = frozenset({"us", "uk", "un", "eu"})
_ENGLISH_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("ves", "f"), ("ves", "fe"), ("ing", ""), ("ing", "e"), ("es", ""),
    ("ed", ""), ("ed", "e"), ("s", ""), ("ers", ""), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"),
    ("ily", "y"), ("ly", ""),
)


def _english_lemmas(lowered: str) -> list[str]:
    """Candidate base forms of an inflected English word: "cities" -> "city", "stopped" -> "stop"."""
    lemmas = []
    for suffix, replacement in _ENGLISH_SUFFIXES:
        stem = lowered[: len(lowered) - len(suffix)]
        if lowered.endswith(suffix) and len(stem) >= 2:
            lemmas.append(stem + replacement)
            if not replacement and len(stem) > 2 and stem[-1] == stem[-2] and suffix in ("ing", "ed", "er", "est"):
                lemmas.append(stem[:-1])
    return lemmas


@lru_cache(maxsize=65536)
def english_concept(word: str) -> str | None:
    """The concept an English word form expresses, if the lexicon lists it or its base form.

    Abbreviations that are also common words ("US" and "us") count only in capitals.
    """
    lowered = re.sub(r"['’]s$", "", word.lower())
    if lowered in _UPPER_CASE_ONLY and not word.isupper():
        return None
    if lowered in ENGLISH_FORMS:
        return ENGLISH_FORMS[lowered]
    return next((ENGLISH_FORMS[lemma] for lemma in _english_lemmas(lowered) if lemma in ENGLISH_FORMS), None)
