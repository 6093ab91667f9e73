"""Sentence alignment of Vietnamese articles with their English translations.

``align_sentences(src, tgt)`` returns :class:`Link` objects covering every
sentence of both sides once, in order, with a confidence score each.
"""
from __future__ import annotations

from songngu.align.aligner import align_sentences
from songngu.align.filtering import DEFAULT_THRESHOLDS, Thresholds, filter_rows
from songngu.align.links import Link
from songngu.align.quality import SIGNAL_COLUMNS, PairSignals, add_signals, pair_signals, score_columns

__all__ = [
    "DEFAULT_THRESHOLDS",
    "SIGNAL_COLUMNS",
    "Link",
    "PairSignals",
    "Thresholds",
    "add_signals",
    "align_sentences",
    "filter_rows",
    "pair_signals",
    "score_columns",
]
