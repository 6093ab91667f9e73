"""``q_repetition``: how much of the English loops (decoder repetition)?"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal
from songngu.align.quality.text import CACHE_SIZE, chunk_words

LONGEST_LOOPED_PHRASE = 8
"""The longest phrase, in words, whose repeats count as a loop."""
_LONGEST_UNIT = 30
"""The longest unit, in characters, whose repeats count as a character loop."""
_CHARACTER_LOOP = re.compile(rf"(\S.{{0,{_LONGEST_UNIT - 1}}}?)\1{{3,}}", re.DOTALL)
_LETTER = re.compile(r"[^\W\d_]")
_UNIT_WORDS = _LONGEST_UNIT // 2
"""The most words a character loop unit can hold: each takes a letter and a separator."""


def _repeated_pairs(
    items: list[str], within: int, width: Callable[[str], int] | None = None
) -> Iterator[tuple[int, int]]:
    """Where two neighbouring items occur together again at most ``within`` later (``a b … a b``, ``a a a``).

    Yields ``(first, second)`` indexes of the pair's occurrences, by ``second`` (nearest
    ``first`` first). Distance counts items or, with ``width`` (at least 1 an item), the
    widths of the items from the first occurrence on. Every item is at least 1 wide, so
    each ``second`` has at most ``within`` partners: the work is linear in the text.
    """
    if len(set(zip(items, items[1:]))) >= len(items) - 1:
        return
    positions = list(accumulate(map(width, items), initial=0)) if width else range(len(items))
    earlier: dict[tuple[str, str], list[int]] = {}
    for second, pair in enumerate(zip(items, items[1:])):
        occurrences = earlier.setdefault(pair, [])
        for first in reversed(occurrences):
            if positions[second] - positions[first] > within:
                break
            yield first, second
        occurrences.append(second)


def _loop_starts(tokens: list[str]) -> dict[int, list[int]]:
    """Where a loop of n-grams may start, by n ≤ ``LONGEST_LOOPED_PHRASE``: each ``first`` of ``_repeated_pairs`` n apart."""
    starts: dict[int, list[int]] = {size: [] for size in range(1, LONGEST_LOOPED_PHRASE + 1)}
    for first, second in _repeated_pairs(tokens, LONGEST_LOOPED_PHRASE):
        starts[second - first].append(first)
    return starts


def _looped_tokens(tokens: list[str], starts: dict[int, list[int]]) -> int:
    """How many tokens are further copies of an n-gram (n ≤ ``LONGEST_LOOPED_PHRASE``) repeated right before them.

    A single word must occur three times in a row to count (``had had`` is English);
    a phrase of two or more words counts from its second copy. Scanning left to right,
    each n-gram size on its own, a loop is taken whole and the scan goes on after it.
    A loop of n-grams starts where two neighbouring tokens occur together again n tokens
    later (``starts``, from ``_loop_starts``), so only those starts are tried.
    """
    looped = [False] * len(tokens)
    for size, candidates in starts.items():
        needed = 3 if size == 1 else 2
        resume = 0
        for start in candidates:
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


@lru_cache(maxsize=CACHE_SIZE)
def _has_character_loop(chunk: str) -> bool:
    """True when ``chunk`` contains a unit of up to ``_LONGEST_UNIT`` characters repeated four times in a row."""
    return len(chunk) >= 4 and _CHARACTER_LOOP.search(chunk) is not None


def _may_loop(chunks: list[str], words_repeat: bool) -> bool:
    """False only when the text split into ``chunks`` certainly has no character loop of a unit with a letter.

    A loop whose unit has no whitespace lies inside one whitespace-separated chunk. A loop
    whose unit has whitespace repeats whole chunks: the k chunks that start in its second
    copy come again in its third, followed by the first of them again, all within
    ``_LONGEST_UNIT`` characters a copy. With a letter in the unit its words repeat too, so
    two neighbouring words occur together again at most ``_UNIT_WORDS`` words later
    (``words_repeat``, lower case).
    """
    if any(map(_has_character_loop, chunks)):
        return True
    if not words_repeat:
        return False
    pairs = _repeated_pairs(chunks, _LONGEST_UNIT, _with_space)
    return any(_comes_again(chunks, first, second - first) for first, second in pairs)


def _comes_again(items: list[str], start: int, period: int) -> bool:
    """True when the ``period`` items from ``start`` on come again right after, followed by ``items[start]``."""
    end = start + 2 * period
    repeated = items[start : start + period] == items[start + period : end]
    return repeated and items[end : end + 1] == items[start : start + 1]


def _with_space(chunk: str) -> int:
    """The characters ``chunk`` and at least one space after it take."""
    return len(chunk) + 1


def _looped_characters(stripped: str, chunks: list[str], words_repeat: bool) -> int:
    """How many characters of ``stripped`` are further copies of a unit (containing a letter) repeated before them.

    ``chunks`` is ``stripped.split()``; ``words_repeat`` says whether its lower-case words
    repeat a neighbouring pair at most ``_UNIT_WORDS`` words later (see ``_may_loop``).
    """
    if not _may_loop(chunks, words_repeat):
        return 0
    return sum(
        len(match.group()) - len(match.group(1))
        for match in _CHARACTER_LOOP.finditer(stripped)
        if _LETTER.search(match.group(1))
    )


@lru_cache(maxsize=CACHE_SIZE)
def _chunk_lower_words(chunk: str) -> tuple[str, ...]:
    """The words of one whitespace-free chunk, in lower case."""
    return tuple(map(str.lower, chunk_words(chunk)))


def _share(en: str, chunks: list[str]) -> float:
    """``repetition_share`` of ``en``, given ``en.split()``."""
    tokens = list(chain.from_iterable(map(_chunk_lower_words, chunks)))
    repeats = next(_repeated_pairs(tokens, _UNIT_WORDS), None) is not None
    starts = _loop_starts(tokens) if repeats else {}
    token_share = _looped_tokens(tokens, starts) / len(tokens) if tokens else 0.0
    stripped = en.strip()
    char_share = _looped_characters(stripped, chunks, repeats) / len(stripped) if stripped else 0.0
    return max(token_share, char_share)


def repetition_share(en: str) -> float:
    """Share of the English that repeats what comes right before it, in [0, 1]: 0 for normal text.

    Counts looped words and phrases (``the the the``, ``we will fight, we will fight``)
    and character loops of a unit containing a letter (``hahahaha``, ``abcabcabcabc``).
    """
    return _share(en, en.split())


@dataclass(frozen=True)
class Repetition(RangeSignal):
    """Share of the English that is a looped copy of what precedes it, in [0, 1]: catches decoder loops."""

    name: ClassVar[str] = "repetition"

    def score(self, batch: PairBatch) -> list[float]:
        """The repetition share of every pair; texts without a repeated neighbour pair skip the loop search."""
        return [_share(en, chunks) for en, chunks in zip(batch.en, batch.en_chunks)]
