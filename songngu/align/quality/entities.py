"""``q_entity_overlap``: do names and acronyms reappear on the other side?"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal
from songngu.align.quality.text import CACHE_SIZE, VIETNAMESE_LETTERS, chunk_words, looks_foreign, strip_diacritics

_ACRONYM = re.compile(r"(?<![^\W\d_])[A-ZĐ]{2,}(?![^\W\d_])")
_VI_ACRONYMS = frozenset(
    "TTXVN UBND HĐND TP HCM TPHCM THPT THCS CSGT BHXH BHYT CAND QĐND TAND VKSND ĐBQH GS TS PGS BS "
    "KS CN VN NXB TW BCH ĐH CĐ SGK QL CAHN VTV VOV PV ĐT CNTT TCN SCN".split()
)
"""Vietnamese acronyms whose English translation is spelled differently (TTXVN is the VNA…)."""
_EN_TRANSLATED_ACRONYMS = frozenset(
    "US USA UK UN EU WHO UNESCO UNICEF IMF WTO ASEAN VNA HCMC VND CPV NA VFF TV CEO GDP AM PM OK IT AD BC BCE CE II III IV".split()
)
"""English acronyms a Vietnamese text may spell out in Vietnamese instead (Mỹ, Liên Hợp Quốc…)."""
_INDEXED_LENGTH = 32
"""Entities up to this long are looked for through an index of the text; longer ones (no real name or acronym
is) one by one, with ``str.find``."""
_SCAN_BUDGET = 1 << 17
"""Up to this many entities × characters, each entity is looked for with ``str.find``; beyond, the text is indexed."""
_LONG_SCAN_BUDGET = 1 << 24
"""The most characters the longer entities of a pair may cost to look for; beyond, they are left out of the
score (only text made of thousands of 33-letter words gets there), so the work stays linear in the text."""


def _vi_entity(word: str) -> str:
    """The entity a Vietnamese word stands for (see ``vi_entities``), or ``""``."""
    if _is_acronym(word):
        if word not in _VI_ACRONYMS and not set(word) & VIETNAMESE_LETTERS:
            return word
    elif len(word) > 1 and word[0].isupper() and not set(word) & VIETNAMESE_LETTERS:
        plain = strip_diacritics(word)
        if looks_foreign(plain):
            return plain
    return ""


@lru_cache(maxsize=CACHE_SIZE)
def _chunk_entities(chunk: str) -> tuple[str, ...]:
    """The entities of one whitespace-free chunk of Vietnamese (see ``vi_entities``)."""
    return tuple(filter(None, map(_vi_entity, chunk_words(chunk))))


def _entities_of_chunks(chunks: list[str]) -> list[str]:
    """``vi_entities`` of the Vietnamese text split into ``chunks``."""
    return list(chain.from_iterable(map(_chunk_entities, chunks)))


def vi_entities(vi: str) -> list[str]:
    """Names and acronyms in ``vi`` that an English translation should keep, without diacritics.

    Foreign-looking capitalised words of two letters or more (``Baghdad``, ``Soleimani``)
    and acronyms (``IS``, ``NATO``) count; Vietnamese syllables and Vietnamese acronyms
    (``TTXVN``) do not.
    """
    return _entities_of_chunks(vi.split())


@lru_cache(maxsize=CACHE_SIZE)
def _chunk_acronyms(chunk: str) -> tuple[str, ...]:
    """The acronyms of one whitespace-free chunk of English that should be in the source (see ``en_entities``).

    Whitespace is neither a letter nor a capital, so acronyms found chunk by chunk are
    those found in the whole text.
    """
    return tuple(word for word in _ACRONYM.findall(chunk) if word not in _EN_TRANSLATED_ACRONYMS)


def _acronyms_of_chunks(chunks: list[str]) -> list[str]:
    """``en_entities`` of the English text split into ``chunks``."""
    return list(chain.from_iterable(map(_chunk_acronyms, chunks)))


def en_entities(en: str) -> list[str]:
    """Acronyms in ``en`` that a Vietnamese source would normally contain too (not US, UN, WHO…)."""
    return _acronyms_of_chunks(en.split())


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_NOTHING: frozenset[str] = frozenset()


def _occurs(text: str, needle: str, not_before: frozenset[str], not_after: frozenset[str]) -> bool:
    """True when ``needle`` occurs in ``text`` between characters not in ``not_before`` and not in ``not_after``."""
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or text[start - 1] not in not_before) and (end == len(text) or text[end] not in not_after):
            return True
        start = text.find(needle, start + 1)
    return False


def _occurring(text: str, needles: set[str], not_before: frozenset[str], not_after: frozenset[str]) -> set[str]:
    """The ``needles`` (two characters or more) occurring in ``text`` between characters not in ``not_before`` and
    not in ``not_after``.

    Needles longer than ``_INDEXED_LENGTH`` (``_within_budget`` bounds how many) and a few
    needles in a short text are each looked for with ``str.find``; many needles are looked
    for through ``_indexed``, linear in the text.
    """
    long = {needle for needle in needles if len(needle) > _INDEXED_LENGTH}
    short = needles - long
    found = {needle for needle in long if _occurs(text, needle, not_before, not_after)}
    if len(short) * len(text) <= _SCAN_BUDGET:
        return found | {needle for needle in short if _occurs(text, needle, not_before, not_after)}
    return found | _indexed(text, short, not_before, not_after)


def _indexed(text: str, needles: set[str], not_before: frozenset[str], not_after: frozenset[str]) -> set[str]:
    """``_occurring`` for needles of at most ``_INDEXED_LENGTH`` characters, linear in the text.

    Every position that may start a match is looked at once for each length of the needles
    beginning with its two characters.
    """
    lengths_by_start: dict[str, set[int]] = {}
    for needle in needles:
        lengths_by_start.setdefault(needle[:2], set()).add(len(needle))
    found = set()
    for start in range(len(text)):
        lengths = lengths_by_start.get(text[start : start + 2])
        if lengths is None or (start and text[start - 1] in not_before):
            continue
        for length in lengths:
            piece = text[start : start + length]
            end = start + len(piece)
            if piece in needles and (end == len(text) or text[end] not in not_after):
                found.add(piece)
    return found


def _mentioned(plain_text: str, lowered_text: str, entities: set[str]) -> set[str]:
    """The ``entities`` that diacritic-free ``plain_text`` (``lowered_text`` in lower case) mentions.

    An acronym must appear as itself, in capitals (``IS`` is not ``is``). A name matches
    any word starting with its first half, at least four letters, case-insensitively, so
    ``Iran`` matches ``Iranian``, ``Afghanistan`` matches ``Afghan`` and ``Scotland`` ``Scottish``.
    """
    acronyms = set(filter(_is_acronym, entities))
    stems = {name: name[: max(4, (len(name) + 1) // 2)].lower() for name in entities - acronyms}
    found_stems = _occurring(lowered_text, set(stems.values()), _ASCII_LOWER, _NOTHING)
    found = _occurring(plain_text, acronyms, _ASCII_LETTERS, _ASCII_LOWER)
    return found | {name for name, stem in stems.items() if stem in found_stems}


@lru_cache(maxsize=CACHE_SIZE)
def _is_acronym(word: str) -> bool:
    """True when ``word`` is written like an acronym: two capitals or more."""
    return _ACRONYM.fullmatch(word) is not None


def _within_budget(entities: list[str], text: str) -> list[str]:
    """``entities``, less those longer than ``_INDEXED_LENGTH`` when looking for them in ``text`` would cost more
    than ``_LONG_SCAN_BUDGET`` characters."""
    long = {entity for entity in entities if len(entity) > _INDEXED_LENGTH}
    if len(long) * len(text) <= _LONG_SCAN_BUDGET:
        return entities
    return [entity for entity in entities if entity not in long]


def _overlap(vi: str, en: str, vi_chunks: list[str], en_chunks: list[str]) -> float:
    """``entity_overlap`` of ``vi``/``en``, given both split into chunks."""
    from_vi = _within_budget(_entities_of_chunks(vi_chunks), en)
    from_en = _within_budget(_acronyms_of_chunks(en_chunks), vi)
    if not from_vi and not from_en:
        return 1.0
    found = 0
    if from_vi:
        en_plain = strip_diacritics(en)
        in_en = _mentioned(en_plain, en_plain.lower(), set(from_vi))
        found += sum(name in in_en for name in from_vi)
    if from_en:
        vi_plain = strip_diacritics(vi)
        in_vi = _mentioned(vi_plain, vi_plain.lower(), set(from_en))
        found += sum(name in in_vi for name in from_en)
    return found / (len(from_vi) + len(from_en))


def entity_overlap(vi: str, en: str) -> float:
    """Share of names and acronyms of either side found on the other side, diacritics ignored; 1.0 when none."""
    return _overlap(vi, en, vi.split(), en.split())


@dataclass(frozen=True)
class EntityOverlap(RangeSignal):
    """Share of names and acronyms of either side found on the other side, in [0, 1]; 1.0 when there are none.

    Names are foreign-looking capitalised Vietnamese words, compared without diacritics and
    by stem (``Iran`` ~ ``Iranian``); acronyms must match in capitals.
    """

    name: ClassVar[str] = "entity_overlap"

    def score(self, batch: PairBatch) -> list[float]:
        """The entity overlap of every pair; the entities of a chunk are cached."""
        return [
            _overlap(vi, en, vi_chunks, en_chunks)
            for vi, en, vi_chunks, en_chunks in zip(batch.vi, batch.en, batch.vi_chunks, batch.en_chunks)
        ]
