"""Split rows into kept pairs and dropped rows, each dropped row saying why.

The default thresholds were calibrated on FLORES-200 devtest (first 500) and the
Tatoeba vie–eng test set (2,500 pairs), both human translations: together they keep
at least 98% of those gold pairs while dropping copied Vietnamese, truncated English,
repetition loops and pairs whose numbers disagree. ``docs/quality.md`` has the numbers.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from songngu.align.quality import PairSignals, pair_signals


@dataclass(frozen=True)
class Thresholds:
    """The limits ``filter_rows`` applies; ``None`` switches a check off.

    - ``min_length_ratio``/``max_length_ratio``: bounds on English/Vietnamese characters,
      applied only when the Vietnamese has at least ``length_min_chars`` characters (short
      sentences vary too much: ``Tôi hứa.`` → ``I give you my word.``).
    - ``min_number_match``: least share of numbers that must agree.
    - ``min_entity_overlap``: least share of names/acronyms found on the other side.
    - ``min_punct_match``: least share of punctuation kinds both sides share (off by default:
      human translations often add or drop quotes and ``!``).
    - ``max_untranslated``: most share of English words still Vietnamese.
    - ``max_repetition``: most share of English that loops.
    - ``drop_truncated``: drop pairs whose English looks cut short.
    - ``min_logprob``: least mean token log-probability, when the row has one.
    - ``min_align_score``: least aligner score (``songngu.align`` link posterior, 0–1),
      when the row has one.
    - ``drop_not_translated``, ``drop_repeats``, ``drop_duplicates``: drop rows left in
      Vietnamese, segments repeating an earlier one of their article, and rows whose
      Vietnamese (case and spacing aside) was already kept from another article.
    """

    min_length_ratio: float | None = 0.45
    max_length_ratio: float | None = 2.2
    length_min_chars: int = 20
    min_number_match: float | None = 0.5
    min_entity_overlap: float | None = 0.3
    min_punct_match: float | None = None
    max_untranslated: float | None = 0.2
    max_repetition: float | None = 0.2
    drop_truncated: bool = True
    min_logprob: float | None = -3.0
    min_align_score: float | None = 0.5
    drop_not_translated: bool = True
    drop_repeats: bool = True
    drop_duplicates: bool = True


DEFAULT_THRESHOLDS = Thresholds()


def failed_checks(signals: PairSignals, vi_chars: int, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[str]:
    """The checks ``signals`` fail, each as ``name=value<limit`` (or ``>limit``); empty when the pair passes."""
    failures: list[str] = []

    def below(name: str, value: float | None, limit: float | None) -> None:
        if value is not None and limit is not None and value < limit:
            failures.append(f"{name}={value:.2f}<{limit:.2f}")

    def above(name: str, value: float | None, limit: float | None) -> None:
        if value is not None and limit is not None and value > limit:
            failures.append(f"{name}={value:.2f}>{limit:.2f}")

    above("untranslated", signals.untranslated, thresholds.max_untranslated)
    above("repetition", signals.repetition, thresholds.max_repetition)
    if thresholds.drop_truncated and signals.truncated:
        failures.append("truncated")
    if vi_chars >= thresholds.length_min_chars:
        below("length_ratio", signals.length_ratio, thresholds.min_length_ratio)
        above("length_ratio", signals.length_ratio, thresholds.max_length_ratio)
    below("number_match", signals.number_match, thresholds.min_number_match)
    below("entity_overlap", signals.entity_overlap, thresholds.min_entity_overlap)
    below("punct_match", signals.punct_match, thresholds.min_punct_match)
    below("logprob", signals.logprob, thresholds.min_logprob)
    below("align_score", signals.align_score, thresholds.min_align_score)
    return failures


def _duplicate_key(vi: str) -> str:
    """The Vietnamese text with case and spacing normalised, for spotting duplicates."""
    return re.sub(r"\s+", " ", vi).strip().casefold()


def drop_reason(row: dict, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """Why ``row`` should be dropped on its own (no duplicate check), or ``""`` to keep it.

    Reasons: ``not translated (kind=KIND)``, ``repeat of segment N``, ``empty vi``/``empty en``,
    or the failed signal checks joined by ``; `` (``untranslated=0.62>0.20; truncated``).
    """
    if thresholds.drop_not_translated and row.get("translated") is False:
        return f"not translated (kind={row.get('kind', 'unknown')})"
    repeat_of = row.get("repeat_of")
    if thresholds.drop_repeats and repeat_of is not None and repeat_of != -1:
        return f"repeat of segment {repeat_of}"
    translation = row.get("translation") or {}
    vi = translation.get("vi") or ""
    en = translation.get("en") or ""
    for side, text in (("vi", vi), ("en", en)):
        if not text.strip():
            return f"empty {side}"
    signals = pair_signals(vi, en, logprob=row.get("logprob"), align_score=row.get("align_score"))
    return "; ".join(failed_checks(signals, len(vi.strip()), thresholds))


def filter_rows(rows: Iterable[dict], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> tuple[list[dict], list[dict]]:
    """Split ``rows`` into ``(kept, dropped)``, both in input order; every row lands in exactly one.

    Dropped rows are copies with a ``drop_reason`` string (see ``drop_reason``; a row whose
    Vietnamese was already kept is dropped as ``duplicate of ID``). Kept rows are copies,
    unchanged. Input rows are never modified.
    """
    kept: list[dict] = []
    dropped: list[dict] = []
    kept_ids: dict[str, object] = {}
    for row in rows:
        row = dict(row)
        reason = drop_reason(row, thresholds)
        key = _duplicate_key((row.get("translation") or {}).get("vi") or "")
        if not reason and thresholds.drop_duplicates and key in kept_ids:
            reason = f"duplicate of {kept_ids[key]}"
        if reason:
            dropped.append({**row, "drop_reason": reason})
        else:
            kept_ids.setdefault(key, row.get("id"))
            kept.append(row)
    return kept, dropped
