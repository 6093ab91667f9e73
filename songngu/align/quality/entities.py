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


def _mentions(plain_text: str, lowered_text: str, entity: str) -> bool:
    """True when diacritic-free ``plain_text`` (``lowered_text`` in lower case) mentions ``entity``.

    An acronym must appear as itself, in capitals (``IS`` is not ``is``). A name matches
    any word starting with its first half, at least four letters, case-insensitively, so
    ``Iran`` matches ``Iranian``, ``Afghanistan`` matches ``Afghan`` and ``Scotland`` ``Scottish``.
    """
    if _is_acronym(entity):
        return _occurs(plain_text, entity, _ASCII_LETTERS, _ASCII_LOWER)
    stem = entity[: max(4, (len(entity) + 1) // 2)].lower()
    return _occurs(lowered_text, stem, _ASCII_LOWER, _NOTHING)


@lru_cache(maxsize=CACHE_SIZE)
def _is_acronym(word: str) -> bool:
    """True when ``word`` is written like an acronym: two capitals or more."""
    return _ACRONYM.fullmatch(word) is not None


def _overlap(vi: str, en: str, vi_chunks: list[str], en_chunks: list[str]) -> float:
    """``entity_overlap`` of ``vi``/``en``, given both split into chunks."""
    from_vi = _entities_of_chunks(vi_chunks)
    from_en = _acronyms_of_chunks(en_chunks)
    if not from_vi and not from_en:
        return 1.0
    found = 0
    if from_vi:
        en_plain = strip_diacritics(en)
        en_lower = en_plain.lower()
        found += sum(_mentions(en_plain, en_lower, name) for name in from_vi)
    if from_en:
        vi_plain = strip_diacritics(vi)
        vi_lower = vi_plain.lower()
        found += sum(_mentions(vi_plain, vi_lower, name) for name in from_en)
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
