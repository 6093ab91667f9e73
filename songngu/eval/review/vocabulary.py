"""The words of a judgments file: verdicts, labels, comparison verdicts, and the keys that set them."""
from __future__ import annotations

VERDICTS: dict[str, str] = {"good": "1", "minor": "2", "bad": "3", "not_a_pair": "4"}
"""Verdict → key on the review page."""

VERDICT_NAMES: dict[str, str] = {"good": "good", "minor": "minor problem", "bad": "bad", "not_a_pair": "not a pair"}

GOOD = frozenset({"good", "minor"})
"""Verdicts that count as a usable pair (``good_share``); ``good`` alone is reported too."""

BAD = frozenset({"bad", "not_a_pair"})
"""Verdicts the filter should have dropped."""

LABELS: dict[str, str] = {
    "mistranslation": "m",
    "omission": "o",
    "addition": "a",
    "untranslated": "u",
    "wrong_name_or_term": "t",
    "wrong_number": "n",
    "misaligned": "x",
    "wrong_language": "l",
    "boilerplate": "b",
}
"""Label → key on the review page."""

COMPARE_VERDICTS: dict[str, str] = {"left": "1", "right": "2", "same": "3"}
"""What a reviewer presses on a comparison page; the file records the run that won (``a``, ``b`` or ``same``)."""

COMPARE_OUTCOMES = frozenset({"a", "b", "same"})
