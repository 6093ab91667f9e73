"""``q_repetition``: how much of the English loops (decoder repetition)?"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, combinations
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal
from songngu.align.quality.text import WORD_CACHE_SIZE, words

LONGEST_LOOPED_PHRASE = 8
"""The longest phrase, in words, whose repeats count as a loop."""
_LONGEST_UNIT = 30
"""The longest unit, in characters, whose repeats count as a character loop."""
_CHARACTER_LOOP = re.compile(rf"(\S.{{0,{_LONGEST_UNIT - 1}}}?)\1{{3,}}", re.DOTALL)
_LETTER = re.compile(r"[^\W\d_]")
_UNIT_WORDS = _LONGEST_UNIT // 2
"""The most words a character loop unit can hold: each takes a letter and a separator."""


def _repeated_pairs(items: list[str], within: int, width: Callable[[str], int] | None = None) -> dict[int, list[int]]:
    """Where two neighbouring items occur together again at most ``within`` later (``a b … a b``, ``a a a``).

    Returns distance → the indexes of the first occurrences, ascending. Distance counts
    items or, with ``width``, the widths of the items from the first occurrence on.
    """
    if len(set(zip(items, items[1:]))) >= len(items) - 1:
        return {}
    pairs = zip(items, items[1:])
    positions = list(accumulate(map(width, items), initial=0)) if width else range(len(items))
    seen: dict[tuple[str, str], list[int]] = {}
    for index, pair in enumerate(pairs):
        seen.setdefault(pair, []).append(index)
    repeats: dict[int, list[int]] = {}
    for indexes in seen.values():
        for first, second in combinations(indexes, 2):
            distance = positions[second] - positions[first]
            if distance <= within:
                repeats.setdefault(distance, []).append(first)
    return {distance: sorted(firsts) for distance, firsts in repeats.items()}


def _looped_tokens(tokens: list[str], repeats: dict[int, list[int]]) -> int:
    """How many tokens are further copies of an n-gram (n ≤ ``LONGEST_LOOPED_PHRASE``) repeated right before them.

    A single word must occur three times in a row to count (``had had`` is English);
    a phrase of two or more words counts from its second copy. Scanning left to right,
    each n-gram size on its own, a loop is taken whole and the scan goes on after it.
    A loop of n-grams starts where two neighbouring tokens occur together again n tokens
    later (``repeats``, from ``_repeated_pairs``), so only those starts are tried.
    """
    looped = [False] * len(tokens)
    for size, starts in repeats.items():
        if size > LONGEST_LOOPED_PHRASE:
            continue
        needed = 3 if size == 1 else 2
        resume = 0
        for start in starts:
            if start < resume:
                continue
            unit = tokens[start : start + size]
            end = start + size
            while tokens[end : end + size] == unit:
                end += size
            if (end - start) // size >= needed:
                for index in range(start + size, end):
                    looped[index] = True
                resume = end
    return sum(looped)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _has_character_loop(chunk: str) -> bool:
    """True when ``chunk`` contains a unit of up to ``_LONGEST_UNIT`` characters repeated four times in a row."""
    return len(chunk) >= 4 and _CHARACTER_LOOP.search(chunk) is not None


def _may_loop(stripped: str, words_repeat: bool) -> bool:
    """False only when ``stripped`` certainly has no character loop of a unit with a letter.

    A loop whose unit has no whitespace lies inside one whitespace-separated chunk. A loop
    whose unit has whitespace repeats whole chunks and, with a letter in it, whole words:
    the words of one copy of the unit come again right after it, so two neighbouring words
    occur together again at most ``_UNIT_WORDS`` words later (``words_repeat``, lower case),
    and two neighbouring chunks at most ``_LONGEST_UNIT`` characters later.
    """
    chunks = stripped.split()
    if any(map(_has_character_loop, chunks)):
        return True
    return words_repeat and bool(_repeated_pairs(chunks, _LONGEST_UNIT, _with_space))


def _with_space(chunk: str) -> int:
    """The characters ``chunk`` and at least one space after it take."""
    return len(chunk) + 1


def _looped_characters(stripped: str, words_repeat: bool) -> int:
    """How many characters of ``stripped`` are further copies of a unit (containing a letter) repeated before them.

    ``words_repeat``: whether the lower-case words of ``stripped`` repeat a neighbouring pair
    at most ``_UNIT_WORDS`` words later (see ``_may_loop``).
    """
    if not _may_loop(stripped, words_repeat):
        return 0
    return sum(
        len(match.group()) - len(match.group(1))
        for match in _CHARACTER_LOOP.finditer(stripped)
        if _LETTER.search(match.group(1))
    )


def _share(en: str, en_words: list[str]) -> float:
    """``repetition_share`` of ``en``, given its words."""
    tokens = list(map(str.lower, en_words))
    repeats = _repeated_pairs(tokens, _UNIT_WORDS)
    token_share = _looped_tokens(tokens, repeats) / len(tokens) if tokens else 0.0
    stripped = en.strip()
    char_share = _looped_characters(stripped, bool(repeats)) / len(stripped) if stripped else 0.0
    return max(token_share, char_share)


def repetition_share(en: str) -> float:
    """Share of the English that repeats what comes right before it, in [0, 1]: 0 for normal text.

    Counts looped words and phrases (``the the the``, ``we will fight, we will fight``)
    and character loops of a unit containing a letter (``hahahaha``, ``abcabcabcabc``).
    """
    return _share(en, words(en))


@dataclass(frozen=True)
class Repetition(RangeSignal):
    """Share of the English that is a looped copy of what precedes it, in [0, 1]: catches decoder loops."""

    name: ClassVar[str] = "repetition"

    def score(self, batch: PairBatch) -> list[float]:
        """The repetition share of every pair; texts without a repeated neighbour pair skip the loop search."""
        return [_share(en, en_words) for en, en_words in zip(batch.en, batch.en_words)]
