"""Cheap per-pair quality signals for Vietnamese–English sentence pairs.

Every signal is computed from the two strings alone (plus the model's log-probability
and the aligner's score when known), so it works on any pair, from any model. Each
signal is a :class:`Signal` in a module of its own; ``score_columns`` and ``add_signals``
score whole batches. See ``docs/quality.md`` for each signal's range, what normal pairs
score, the thresholds ``songngu.align.filtering`` applies and how to add a signal.
"""
from __future__ import annotations

from songngu.align.quality.base import PairBatch, RangeSignal, Signal
from songngu.align.quality.copying import Untranslated, untranslated_share
from songngu.align.quality.entities import EntityOverlap, en_entities, entity_overlap, vi_entities
from songngu.align.quality.length import LengthRatio, length_ratio
from songngu.align.quality.model_scores import AlignScore, LogProb
from songngu.align.quality.names import NameRetention
from songngu.align.quality.numerals import NumberMatch, number_match
from songngu.align.quality.punctuation import PunctMatch, punct_match
from songngu.align.quality.repetition import Repetition, repetition_share
from songngu.align.quality.terms import TermAccuracy
from songngu.align.quality.scoring import SIGNAL_COLUMNS, SIGNALS, PairSignals, add_signals, pair_signals, score_columns
from songngu.align.quality.text import looks_foreign, strip_diacritics, words
from songngu.align.quality.truncation import Truncated, is_truncated

__all__ = [
    "SIGNALS",
    "SIGNAL_COLUMNS",
    "AlignScore",
    "EntityOverlap",
    "LengthRatio",
    "LogProb",
    "NumberMatch",
    "PairBatch",
    "PairSignals",
    "PunctMatch",
    "RangeSignal",
    "Repetition",
    "NameRetention",
    "Signal",
    "TermAccuracy",
    "Truncated",
    "Untranslated",
    "add_signals",
    "en_entities",
    "entity_overlap",
    "is_truncated",
    "length_ratio",
    "looks_foreign",
    "number_match",
    "pair_signals",
    "punct_match",
    "repetition_share",
    "score_columns",
    "strip_diacritics",
    "untranslated_share",
    "vi_entities",
    "words",
]
