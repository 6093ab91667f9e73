"""A pair's quality signals in words a reviewer reads at a glance, not floats.

The words name what to look at (numbers that differ, Vietnamese left in the English, names
missing on one side, a repeat loop, English cut short or of an odd length, a low model score, an
uncertain alignment); the limits are the filter's defaults (``songngu.align.filtering``), and
``LOW_LOGPROB`` marks a score worth a look before the filter's floor.
"""
from __future__ import annotations

from collections.abc import Mapping

from songngu.align.filtering import DEFAULT_THRESHOLDS
from songngu.align.quality import strip_diacritics, vi_entities

LOW_LOGPROB = -1.5
"""A mean token log-probability below this is called a low model score (the filter drops below −3.0)."""


def missing_names(vi: str, en: str) -> list[str]:
    """Names and acronyms of the Vietnamese that the English does not mention (diacritics and case aside)."""
    english = strip_diacritics(en).lower()
    missing = []
    for name in vi_entities(vi):
        stem = name[: max(4, (len(name) + 1) // 2)].lower()
        if stem not in english and name not in missing:
            missing.append(name)
    return missing


def signal_words(vi: str, en: str, signals: Mapping[str, object]) -> list[str]:
    """Short phrases describing what a pair's ``q_*`` signals say is wrong; empty when nothing is."""
    limits = DEFAULT_THRESHOLDS
    words = []

    def value(column: str) -> float | None:
        number = signals.get(column)
        return None if number is None or isinstance(number, bool) else float(number)

    number_match = value("q_number_match")
    if number_match is not None and number_match < 1.0:
        words.append("numbers differ" if number_match >= limits.min_number_match else "most numbers differ")
    untranslated = value("q_untranslated")
    if untranslated:
        words.append(f"Vietnamese words left in the English ({untranslated:.0%})")
    entity_overlap = value("q_entity_overlap")
    if entity_overlap is not None and entity_overlap < 1.0:
        names = missing_names(vi, en)
        words.append("names missing in the English: " + ", ".join(names[:5]) if names else "names on one side missing from the other")
    repetition = value("q_repetition")
    if repetition:
        words.append(f"repeat loop ({repetition:.0%} of the English)")
    if signals.get("q_truncated"):
        words.append("English looks cut short")
    ratio = value("q_length_ratio")
    if ratio is not None and len(vi) >= limits.length_min_chars:
        if limits.min_length_ratio is not None and ratio < limits.min_length_ratio:
            words.append(f"English much shorter ({ratio:.2f}× the Vietnamese)")
        elif limits.max_length_ratio is not None and ratio > limits.max_length_ratio:
            words.append(f"English much longer ({ratio:.2f}× the Vietnamese)")
    logprob = value("q_logprob")
    if logprob is not None and logprob < LOW_LOGPROB:
        words.append("very low model score" if limits.min_logprob is not None and logprob < limits.min_logprob else "low model score")
    align_score = value("q_align_score")
    if align_score is not None and limits.min_align_score is not None and align_score < limits.min_align_score:
        words.append("uncertain alignment")
    return words
