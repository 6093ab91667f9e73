"""``q_untranslated``: how much of the English is Vietnamese copied through?"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal
from songngu.align.quality.text import CACHE_SIZE, VIETNAMESE_LETTERS, chunk_words, looks_foreign, strip_diacritics

_VI_FUNCTION_WORDS = frozenset(
    "cua va nhung duoc cac khong nguoi voi trong mot nhieu cung dang nhu theo tren nuoc viec cho "
    "nay da se la co ve tai khi thi ma nam".split()
)
"""Frequent Vietnamese words as they look written without diacritics (lower case only)."""
_ENGLISH_CLASHES = frozenset({"la", "co", "ma", "nay", "da", "se", "nam", "thi", "cho", "khi", "ve", "tai"})
"""Function words above that are also English words or common name parts: weak evidence only."""
_WEAK_EVIDENCE_RUN = 3
"""Weak evidence counts only in a run of this many consecutive Vietnamese-looking words."""


def _plain_folded(word: str) -> str:
    """``word`` without diacritics, case-folded: the form copied words are compared in."""
    return strip_diacritics(word).casefold()


@lru_cache(maxsize=CACHE_SIZE)
def _chunk_plain_words(chunk: str) -> tuple[str, ...]:
    """The words of one whitespace-free chunk in the form copied words are compared in."""
    return tuple(map(_plain_folded, chunk_words(chunk)))


def _plain_words(chunks: list[str]) -> list[str]:
    """The words of the text split into ``chunks``, without diacritics and case-folded."""
    return list(chain.from_iterable(map(_chunk_plain_words, chunks)))


def _first_plain_word(chunks: list[str]) -> str | None:
    """The first of ``_plain_words(chunks)``, None when there is none."""
    for chunk in chunks:
        plain = _chunk_plain_words(chunk)
        if plain:
            return plain[0]
    return None


_SURE, _MAYBE, _NONE, _IF_COPIED = "s", "m", ".", "?"
"""Evidence that an English word is Vietnamese, one character per word; ``_IF_COPIED``: maybe, if the source has it."""
_LONG_RUN = re.compile(f"[{_SURE}{_MAYBE}]{{{_WEAK_EVIDENCE_RUN},}}")
"""A run of words long enough for weak evidence to count."""
_POSSIBLE_RUN = re.compile(f"[{_SURE}{_MAYBE}{_IF_COPIED}]{{{_WEAK_EVIDENCE_RUN}}}")
"""Enough words in a row that might be Vietnamese for such a run; without one, weak evidence never counts."""


def _own_evidence(word: str) -> str:
    """How sure it is that English word ``word`` is Vietnamese, judging by the word alone (see ``untranslated_share``).

    ``_IF_COPIED`` for a lower-case word that could be a Vietnamese syllable: whether it
    counts depends on the source.
    """
    if word[0].isupper():
        return _NONE
    if set(word) & VIETNAMESE_LETTERS:
        return _SURE
    plain = strip_diacritics(word)
    if plain != word:
        return _NONE if looks_foreign(plain) else _SURE
    if word in _VI_FUNCTION_WORDS:
        return _MAYBE if word in _ENGLISH_CLASHES else _SURE
    return _NONE if looks_foreign(word) else _IF_COPIED


@lru_cache(maxsize=CACHE_SIZE)
def _chunk_evidence(chunk: str) -> str:
    """The evidence of each word of one whitespace-free chunk of English, one character per word."""
    return "".join(map(_own_evidence, chunk_words(chunk)))


def _share(en_chunks: list[str], vi_chunks: list[str]) -> float:
    """``untranslated_share`` of the English split into ``en_chunks``, given the source split into ``vi_chunks``.

    Weak evidence counts only in runs of ``_WEAK_EVIDENCE_RUN`` words, so the source is
    looked at only where that many words in a row could be Vietnamese.
    """
    evidence = "".join(map(_chunk_evidence, en_chunks))
    if not evidence:
        return 0.0
    same_start = _first_plain_word(en_chunks) == _first_plain_word(vi_chunks)
    if same_start and _plain_words(en_chunks) == _plain_words(vi_chunks):
        return 1.0
    vietnamese = evidence.count(_SURE)
    if not _POSSIBLE_RUN.search(evidence):
        return vietnamese / len(evidence)
    if _IF_COPIED in evidence:
        copied = set(_plain_words(vi_chunks))
        evidence = "".join(
            (_MAYBE if word in copied else _NONE) if kind == _IF_COPIED else kind
            for kind, word in zip(evidence, _plain_words(en_chunks))
        )
    vietnamese += sum(run.count(_MAYBE) for run in _LONG_RUN.findall(evidence))
    return vietnamese / len(evidence)


def untranslated_share(en: str, vi: str = "") -> float:
    """Share of the English side's words that are still Vietnamese; 0.0 when it has no words.

    An English side with the same words as ``vi`` (case, punctuation and diacritics aside)
    scores 1.0. Otherwise capitalised words never count (Vietnamese names such as ``Nguyễn``
    legitimately stay in translations). Lower-case words count when they carry a
    Vietnamese-only letter (ă â đ ê ô ơ ư or a Vietnamese tone mark), are accented
    Vietnamese syllables (``và``; ``café`` is not one), are frequent Vietnamese function
    words written without diacritics (``cua``, ``nhung``, ``duoc``), or are copied from
    ``vi``, diacritics aside, and could be Vietnamese syllables (``gap kho khan`` from
    ``gặp khó khăn``; ``email`` could not). Function words that are also English (``la``,
    ``nay``) and copied syllables are weak evidence: they count only inside a run of at
    least ``_WEAK_EVIDENCE_RUN`` words that look Vietnamese, so coincidences (``gum`` from
    ``kẹo gum``, ``do the`` from ``đó … thể``) do not count.
    """
    return _share(en.split(), vi.split())


@dataclass(frozen=True)
class Untranslated(RangeSignal):
    """Share of English words that are still Vietnamese, in [0, 1]: catches copy-through."""

    name: ClassVar[str] = "untranslated"

    def score(self, batch: PairBatch) -> list[float]:
        """The untranslated share of every pair; the evidence of a chunk is cached."""
        return [_share(en_chunks, vi_chunks) for en_chunks, vi_chunks in zip(batch.en_chunks, batch.vi_chunks)]
