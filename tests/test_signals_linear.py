"""Every quality signal does work linear in the length of its texts, however long a line is.

A 2 MB line without punctuation once kept ``q_repetition`` busy for more than ten minutes
(pairs of repeat positions: quadratic). The work is counted, not timed: every Python line
the signals execute is one event (``sys.settrace``), and a pair of ``n`` characters may
take at most ``EVENTS_PER_CHARACTER × n`` of them. Built-in calls count as one event; the
signals call them on the whole text a fixed number of times (``split``, one regular
expression pass) and otherwise on pieces of bounded length.
"""
from __future__ import annotations

import random
import sys
from collections.abc import Callable

import pytest

from songngu.align.quality import score_columns

LENGTH = 20_000
"""Characters of each side of the pairs scored."""
EVENTS_PER_CHARACTER = 30
"""The most traced lines the signals may execute per character of a pair (both sides)."""


class TooMuchWork(Exception):
    """Raised by the tracer as soon as the budget of events is spent."""


def traced_events(work: Callable[[], object], budget: int) -> int:
    """How many Python lines and calls ``work()`` executes; raises TooMuchWork beyond ``budget``."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        if count > budget:
            raise TooMuchWork
        return tracer

    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def repeated(unit: str, length: int) -> str:
    """``unit`` repeated to ``length`` characters."""
    return (unit * (length // len(unit) + 1))[:length]


def words(rng: random.Random, length: int, make: Callable[[random.Random], str]) -> str:
    """Words made by ``make`` joined by spaces, to about ``length`` characters."""
    out, size = [], 0
    while size < length:
        word = make(rng)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def syllable(rng: random.Random) -> str:
    """A random lower-case consonant-vowel pair."""
    return rng.choice("bcdfghklmnprstvxz") + rng.choice("aeiou")


def pairs(length: int) -> dict[str, tuple[str, str]]:
    """Lines made to trigger the worst case of each signal: loops, shared stems, unmatched numbers."""
    rng = random.Random(0)
    numbers_vi = words(rng, length, lambda rng: str(rng.randint(10, 10**6)))
    numbers_en = words(rng, length, lambda rng: str(rng.randint(2 * 10**6, 10**7))) + repeated(" a", length // 4)
    return {
        "two words looping": (repeated("một hai ", length), repeated("a b ", length)),
        "a phrase looping": (repeated("con mèo ngồi trên ", length), repeated("the cat sat on ", length)),
        "one word looping": (repeated("a ", length), repeated("ha ", length)),
        "a character loop": (repeated("ha", length), repeated("ab", length)),
        "a name again and again": (repeated("Xaverius ", length), repeated("axave ", length)),
        "many names, shared stems": (
            words(rng, length, lambda rng: "Xavf" + syllable(rng) + syllable(rng)),
            words(rng, length, lambda rng: "qxavf" + syllable(rng)),
        ),
        "acronyms inside words": (
            words(rng, length, lambda rng: "xQX" + "".join(rng.choice("WY") for _ in range(2))),
            words(rng, length, lambda rng: "QX" + "".join(rng.choice("WY") for _ in range(2))),
        ),
        "long acronyms": (
            words(rng, length, syllable),
            words(rng, length, lambda rng: "Q" + "".join(rng.choice("WXYZ") for _ in range(39))),
        ),
        "numbers without partners": (numbers_vi, numbers_en),
    }


@pytest.mark.parametrize("case", list(pairs(100)))
def test_signals_work_linearly_on_long_lines(case: str) -> None:
    vi, en = pairs(LENGTH)[case]
    budget = EVENTS_PER_CHARACTER * (len(vi) + len(en))
    try:
        traced_events(lambda: score_columns([vi], [en]), budget)
    except TooMuchWork:
        pytest.fail(f"{case}: more than {EVENTS_PER_CHARACTER} traced lines per character")
