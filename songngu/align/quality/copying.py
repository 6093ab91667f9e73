"""``q_untranslated``: how much of the English is Vietnamese copied through?"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal
from songngu.align.quality.text import VIETNAMESE_LETTERS, WORD_CACHE_SIZE, looks_foreign, strip_diacritics, words

_VI_FUNCTION_WORDS = frozenset(
    "cua va nhung duoc cac khong nguoi voi trong mot nhieu cung dang nhu theo tren nuoc viec cho "
    "nay da se la co ve tai khi thi ma nam".split()
)
"""Frequent Vietnamese words as they look written without diacritics (lower case only)."""
_ENGLISH_CLASHES = frozenset({"la", "co", "ma", "nay", "da", "se", "nam", "thi", "cho", "khi", "ve", "tai"})
"""Function words above that are also English words or common name parts: weak evidence only."""
_WEAK_EVIDENCE_RUN = 3
"""Weak evidence counts only in a run of this many consecutive Vietnamese-looking words."""


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _plain_folded(word: str) -> str:
    """``word`` without diacritics, case-folded: the form copied words are compared in."""
    return strip_diacritics(word).casefold()


_SURE, _MAYBE, _NONE, _IF_COPIED = "s", "m", ".", "?"
"""Evidence that an English word is Vietnamese, one character per word; ``_IF_COPIED``: maybe, if the source has it."""
_LONG_RUN = re.compile(f"[{_SURE}{_MAYBE}]{{{_WEAK_EVIDENCE_RUN},}}")


@lru_cache(maxsize=WORD_CACHE_SIZE)
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


def _share(en_words: list[str], vi_words: list[str]) -> float:
    """``untranslated_share`` of an English text with the words ``en_words``, given the source's ``vi_words``."""
    if not en_words:
        return 0.0
    vi_plain = list(map(_plain_folded, vi_words))
    if len(en_words) == len(vi_plain) and list(map(_plain_folded, en_words)) == vi_plain:
        return 1.0
    evidence = list(map(_own_evidence, en_words))
    if _IF_COPIED in evidence:
        copied = set(vi_plain)
        for index in [index for index, kind in enumerate(evidence) if kind == _IF_COPIED]:
            evidence[index] = _MAYBE if en_words[index].casefold() in copied else _NONE
    marks = "".join(evidence)
    vietnamese = marks.count(_SURE)
    if _MAYBE in marks:
        vietnamese += sum(run.count(_MAYBE) for run in _LONG_RUN.findall(marks))
    return vietnamese / len(en_words)


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
    return _share(words(en), words(vi))


@dataclass(frozen=True)
class Untranslated(RangeSignal):
    """Share of English words that are still Vietnamese, in [0, 1]: catches copy-through."""

    name: ClassVar[str] = "untranslated"

    def score(self, batch: PairBatch) -> list[float]:
        """The untranslated share of every pair; word judgements are cached per word."""
        return [_share(en_words, vi_words) for en_words, vi_words in zip(batch.en_words, batch.vi_words)]
