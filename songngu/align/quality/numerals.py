"""``q_number_match``: do the numbers of both sides find partners on the other side?"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from songngu.align.quality.base import PairBatch, RangeSignal
from songngu.align.quality.text import CACHE_SIZE, words

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SEPARATOR = re.compile(r"[.,]")
_EN_WORD = re.compile(r"[A-Za-z]+")
_SCALE_AFTER = re.compile(r"\s*(nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|billion|trillion|bn|mn)\b", re.IGNORECASE)
_SCALES = {
    "nghìn": 1e3, "ngàn": 1e3, "thousand": 1e3,
    "triệu": 1e6, "million": 1e6, "mn": 1e6,
    "tỷ": 1e9, "tỉ": 1e9, "billion": 1e9, "bn": 1e9,
    "trillion": 1e12,
}  # fmt: skip
_EN_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1e6, "billion": 1e9, "dozen": 12, "half": 0.5, "once": 1, "twice": 2,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "single": 1, "double": 2, "pair": 2,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # Vietnamese numbers its weekdays: Monday is "thứ 2", Saturday "thứ 7".
    "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
    "noon": 12, "midnight": 12, "a": 1, "an": 1,
}  # fmt: skip
_VI_NUMBER_WORDS = {
    "không": 0, "linh": 0, "lẻ": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4,
    "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10,
    "chục": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
    "rưỡi": 0.5, "nửa": 0.5, "đôi": 2, "cặp": 2, "nhất": 1, "giêng": 1, "chạp": 12,
}  # fmt: skip
_VI_UNITS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
             "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}  # fmt: skip
_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9}  # fmt: skip
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_VI_SCALES = {"trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def _separated_values(token: str) -> set[float]:
    """Every value a digit string with ``.``/``,`` separators can stand for, in either convention.

    ``1.000.000`` and ``1,000,000`` → {1000000}; ``3,5`` and ``3.5`` → {3.5};
    ``1.000`` → {1000, 1.0} (thousands in Vietnamese, a decimal in English).
    """
    separators = _SEPARATOR.findall(token)
    if not separators:
        return {float(token)}
    groups = _SEPARATOR.split(token)
    values: set[float] = set()
    if len(set(separators)) == 1:
        if 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]):
            values.add(float("".join(groups)))
        if len(separators) == 1:
            values.add(float(f"{groups[0]}.{groups[1]}"))
    elif separators[-1] not in separators[:-1]:
        whole = groups[:-1]
        if 1 <= len(whole[0]) <= 3 and all(len(group) == 3 for group in whole[1:]):
            values.add(float(f"{''.join(whole)}.{groups[-1]}"))
    return values or {float(group) for group in groups}


def _digit_numbers(text: str) -> list[set[float]]:
    """The numbers written in digits in ``text``, each as its set of possible values (scaled by ``triệu``, ``million``…).

    Whole-hour minutes (the ``00`` of ``8:00``) are left out: ``eight o'clock`` has none.
    A scale word matched only through Unicode case-insensitivity (``mıllion`` with a dotless
    ``ı``) is not one of ``_SCALES`` and is ignored.
    """
    numbers = []
    for match in _NUMBER.finditer(text):
        if text[match.start() - 1 : match.start()] == ":" and set(match.group()) == {"0"}:
            continue
        values = _separated_values(match.group())
        scale = _SCALE_AFTER.match(text, match.end())
        factor = _SCALES.get(scale.group(1).lower()) if scale else None
        if factor:
            values |= {value * factor for value in values}
        numbers.append({round(value, 6) for value in values})
    return numbers


def _word_numbers(
    tokens: list[str], single: dict[str, float], units: dict[str, int], tens: dict[str, int], scales: dict[str, int]
) -> list[set[float]]:
    """Numbers spelled as words (``hai``, ``twenty``, ``March``), with simple compounds.

    Compounds: ``twenty-five``/``twenty five`` (``tens`` then a unit), ``three hundred``
    and ``ba trăm`` (a unit then a scale), ``mười hai`` (12), ``hai mươi`` (20) and
    ``hai mươi lăm`` (25).
    """
    numbers = [{float(single[token])} for token in tokens if token in single]
    for left, right in zip(tokens, tokens[1:]):
        if left in units and right in scales:
            numbers.append({float(units[left] * scales[right])})
        if left in tens and right in units:
            numbers.append({float(tens[left] + units[right])})
        if left == "mười" and right in units:
            numbers.append({float(10 + units[right])})
        if left in units and right == "mươi":
            numbers.append({float(units[left] * 10)})
    for left, middle, right in zip(tokens, tokens[1:], tokens[2:]):
        if left in units and middle == "mươi" and right in units:
            numbers.append({float(units[left] * 10 + units[right])})
    return numbers


def _vi_word_numbers(vi: str) -> list[set[float]]:
    """Vietnamese number words and month names of ``vi`` as possible values."""
    tokens = [token.lower() for token in words(vi)]
    return _word_numbers(tokens, _VI_NUMBER_WORDS, _VI_UNITS, {}, _VI_SCALES)


def _en_word_numbers(en: str) -> list[set[float]]:
    """English number words, month and weekday names of ``en`` as possible values."""
    tokens = [_singular(token.lower()) for token in _EN_WORD.findall(en)]
    return _word_numbers(tokens, _EN_NUMBER_WORDS, _EN_UNITS, _EN_TENS, _EN_SCALES)


@lru_cache(maxsize=CACHE_SIZE)
def _singular(token: str) -> str:
    """An English number word without its plural ending (``fours`` → ``four``, ``sixes`` → ``six``)."""
    if len(token) >= 4 and token not in _EN_NUMBER_WORDS:
        for ending in ("s", "es"):
            if token.endswith(ending) and token[: -len(ending)] in _EN_NUMBER_WORDS:
                return token[: -len(ending)]
    return token


def _pair_off(needles: list[set[float]], haystack: list[set[float]]) -> tuple[list[bool], list[set[float]]]:
    """Greedily pair each needle, in order, with the first unused haystack item sharing a value.

    Returns whether each needle was paired, and the haystack items left unpaired, in order.
    The haystack is indexed by value, so the work is linear in the numbers on both sides.
    """
    by_value: dict[float, list[int]] = {}
    for index, values in enumerate(haystack):
        for value in values:
            by_value.setdefault(value, []).append(index)
    next_unused = dict.fromkeys(by_value, 0)
    used = [False] * len(haystack)
    paired = []
    for needle in needles:
        best = None
        for value in needle & by_value.keys():
            indexes, position = by_value[value], next_unused[value]
            while position < len(indexes) and used[indexes[position]]:
                position += 1
            next_unused[value] = position
            if position < len(indexes) and (best is None or indexes[position] < best):
                best = indexes[position]
        if best is not None:
            used[best] = True
        paired.append(best is not None)
    return paired, [values for values, taken in zip(haystack, used) if not taken]


def number_match(vi: str, en: str) -> float:
    """Share of digit numbers on both sides that have a partner on the other side; 1.0 when there are none.

    Digits pair with digits first (``1.000.000`` with ``1,000,000``, ``3,5`` with ``3.5``,
    the parts of ``13-1-2020`` with ``January 13, 2020``); leftover digits may pair with a
    number word, month or weekday on the other side (``3 người`` with ``three people``),
    but words alone never lower the score.
    """
    if not (_DIGIT.search(vi) or _DIGIT.search(en)):
        return 1.0
    vi_digits = _digit_numbers(vi)
    en_digits = _digit_numbers(en)
    total = len(vi_digits) + len(en_digits)
    if total == 0:
        return 1.0
    paired, en_left = _pair_off(vi_digits, en_digits)
    vi_left = [number for number, found in zip(vi_digits, paired) if not found]
    both = len(vi_digits) - len(vi_left)
    by_words = 0
    if vi_left:
        by_words += sum(_pair_off(vi_left, _en_word_numbers(en))[0])
    if en_left:
        by_words += sum(_pair_off(en_left, _vi_word_numbers(vi))[0])
    return (2 * both + by_words) / total


@dataclass(frozen=True)
class NumberMatch(RangeSignal):
    """Share of the numbers (digits) on both sides that find a partner on the other side, in [0, 1].

    Both notations are understood (``1.000.000``/``1,000,000``, ``5 triệu``/``5 million``,
    ``thứ 2``/``Monday``…); 1.0 when neither side has a number.
    """

    name: ClassVar[str] = "number_match"

    def score(self, batch: PairBatch) -> list[float]:
        """The number match of every pair; pairs without digits skip all parsing."""
        return [number_match(vi, en) for vi, en in zip(batch.vi, batch.en)]
