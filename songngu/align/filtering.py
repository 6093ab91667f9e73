"""Split rows into kept pairs and dropped rows, each dropped row saying why.

The default thresholds were calibrated on FLORES-200 devtest (first 500) and the
Tatoeba vie–eng test set (2,500 pairs), both human translations: together they keep
at least 98% of those gold pairs while dropping copied Vietnamese, truncated English,
repetition loops and pairs whose numbers disagree. ``docs/quality.md`` has the numbers.

Each threshold belongs to one signal (``songngu.align.quality``): ``Thresholds.filters``
builds the signals with their limits, and a pair fails every filter whose ``accept``
rejects its value. Rows that already carry the ``q_*`` columns (from ``add_signals``)
are judged on those; other rows are scored here, all in one batch.

A dropped row says why twice: ``drop_reason`` holds the fixed code of every filter it fails,
in filter order, joined by ``; `` (``untranslated; length_ratio``: countable), and
``drop_detail`` the values behind them (``untranslated=0.62>0.20; length_ratio=0.31<0.45``).
The codes are ``DROP_CODES``: the row checks, then the signal names.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from songngu.align.quality import (
    SIGNAL_COLUMNS,
    AlignScore,
    EntityOverlap,
    LengthRatio,
    LogProb,
    NameRetention,
    NumberMatch,
    PunctMatch,
    Repetition,
    Signal,
    TermAccuracy,
    Truncated,
    Untranslated,
    add_signals,
)


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
    - ``min_terms``: least share of required glossary terms present, when the run had a glossary.
    - ``min_names``: least share of the Vietnamese names the English keeps (off by default: not
      calibrated on model output yet).
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
    min_terms: float | None = 1.0
    min_names: float | None = None
    drop_not_translated: bool = True
    drop_repeats: bool = True
    drop_duplicates: bool = True

    def filters(self) -> list[Signal]:
        """The signal filters these thresholds set, in the order their failures are reported."""
        return [
            Untranslated(maximum=self.max_untranslated),
            Repetition(maximum=self.max_repetition),
            Truncated(drop=self.drop_truncated),
            LengthRatio(
                minimum=self.min_length_ratio, maximum=self.max_length_ratio, min_vi_chars=self.length_min_chars
            ),
            NumberMatch(minimum=self.min_number_match),
            EntityOverlap(minimum=self.min_entity_overlap),
            PunctMatch(minimum=self.min_punct_match),
            LogProb(minimum=self.min_logprob),
            AlignScore(minimum=self.min_align_score),
            TermAccuracy(minimum=self.min_terms),
            NameRetention(minimum=self.min_names),
        ]


DEFAULT_THRESHOLDS = Thresholds()

NOT_TRANSLATED, REPEAT, EMPTY_VI, EMPTY_EN, DUPLICATE = "not_translated", "repeat", "empty_vi", "empty_en", "duplicate"
DROP_CODES = (NOT_TRANSLATED, REPEAT, EMPTY_VI, EMPTY_EN, *(signal.name for signal in DEFAULT_THRESHOLDS.filters()), DUPLICATE)
"""Every ``drop_reason`` code, in the order filters are applied."""
SEPARATOR = "; "


def _texts(row: dict) -> tuple[str, str]:
    """The row's Vietnamese and English ('' when missing)."""
    translation = row.get("translation") or {}
    return translation.get("vi") or "", translation.get("en") or ""


def _one_sided(row: dict) -> bool:
    """Whether the row's link has no sentence on one side (an aligner's ``1-0`` or ``0-1``): nothing was left untranslated."""
    return "0" in str(row.get("link") or "").split("-")


def _row_reason(row: dict, thresholds: Thresholds) -> tuple[str, str]:
    """Code and detail of why ``row`` is dropped before its signals are looked at, or ``("", "")``."""
    if thresholds.drop_not_translated and row.get("translated") is False and not _one_sided(row):
        return NOT_TRANSLATED, f"not translated (kind={row.get('kind', 'unknown')})"
    repeat_of = row.get("repeat_of")
    if thresholds.drop_repeats and repeat_of is not None and repeat_of != -1:
        return REPEAT, f"repeat of segment {repeat_of}"
    for code, side, text in zip((EMPTY_VI, EMPTY_EN), ("vi", "en"), _texts(row)):
        if not text.strip():
            return code, f"empty {side}"
    return "", ""


def _with_signals(rows: list[dict]) -> list[dict]:
    """``rows`` with the ``q_*`` columns: rows that have them all as they are, the others scored in one batch."""
    missing = [index for index, row in enumerate(rows) if not SIGNAL_COLUMNS.keys() <= row.keys()]
    if not missing:
        return rows
    scored = iter(add_signals(rows[index] for index in missing))
    missing_set = set(missing)
    return [next(scored) if index in missing_set else row for index, row in enumerate(rows)]


def _signal_reason(row: dict, filters: list[Signal]) -> tuple[str, str]:
    """The codes and details of the checks the ``q_*`` values of ``row`` fail (``("", "")`` when it passes them all)."""
    vi = _texts(row)[0]
    codes, details = [], []
    for signal in filters:
        value = row[signal.column]
        if not signal.accept(value) and signal.applies_to(vi):
            codes.append(signal.name)
            details.append(signal.reason(value))
    return SEPARATOR.join(codes), SEPARATOR.join(details)


def _drop_reasons(rows: list[dict], thresholds: Thresholds) -> list[tuple[str, str]]:
    """``drop_reason`` and ``drop_detail`` of every row (no duplicate check), scoring the rows that need it in one batch."""
    reasons = [_row_reason(row, thresholds) for row in rows]
    to_check = [index for index, (code, _) in enumerate(reasons) if not code]
    filters = thresholds.filters()
    for index, row in zip(to_check, _with_signals([rows[index] for index in to_check])):
        reasons[index] = _signal_reason(row, filters)
    return reasons


def drop_reason(row: dict, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """The codes of why ``row`` should be dropped on its own (no duplicate check), or ``""`` to keep it.

    Codes: ``not_translated``, ``repeat``, ``empty_vi``/``empty_en``, or the names of the
    failed signal checks in filter order, joined by ``; `` (``untranslated; truncated``).
    The row's ``q_*`` columns are used when it has them all; otherwise its signals are computed.
    """
    return _drop_reasons([row], thresholds)[0][0]


def reason_codes(drop_reason: str) -> list[str]:
    """The codes of one ``drop_reason`` value."""
    return [code for code in drop_reason.split(SEPARATOR) if code]


def count_reasons(drop_reasons: Iterable[str]) -> dict[str, int]:
    """Rows per code over ``drop_reason`` values (a row failing two filters counts for both), in ``DROP_CODES`` order."""
    return in_code_order(Counter(code for reason in drop_reasons for code in reason_codes(reason)))


def in_code_order(counts: Mapping[str, int]) -> dict[str, int]:
    """``counts`` by code, in ``DROP_CODES`` order (unknown codes last, by name)."""
    order = {code: position for position, code in enumerate(DROP_CODES)}
    return dict(sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def _duplicate_key(vi: str) -> str:
    """The Vietnamese text with case and spacing normalised, for spotting duplicates."""
    return " ".join(vi.split()).casefold()


def filter_rows(rows: Iterable[dict], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> tuple[list[dict], list[dict]]:
    """Split ``rows`` into ``(kept, dropped)``, both in input order; every row lands in exactly one.

    Dropped rows are copies with ``drop_reason`` codes (see ``drop_reason``; a row whose
    Vietnamese was already kept is dropped as ``duplicate``) and their ``drop_detail``
    (``untranslated=0.62>0.20``, ``duplicate of ID``). Kept rows are copies,
    unchanged. Input rows are never modified. Rows with all ``q_*`` columns are judged on
    them (computed by ``add_signals``); the others are scored together.
    """
    rows = [dict(row) for row in rows]
    kept: list[dict] = []
    dropped: list[dict] = []
    kept_ids: dict[str, object] = {}
    for row, (reason, detail) in zip(rows, _drop_reasons(rows, thresholds)):
        key = _duplicate_key(_texts(row)[0])
        if not reason and thresholds.drop_duplicates and key in kept_ids:
            reason, detail = DUPLICATE, f"duplicate of {kept_ids[key]}"
        if reason:
            dropped.append({**row, "drop_reason": reason, "drop_detail": detail})
        else:
            kept_ids.setdefault(key, row.get("id"))
            kept.append(row)
    return kept, dropped
