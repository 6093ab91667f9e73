"""What every signal is: a ``q_*`` column scored over a batch of pairs, and a keep/drop test.

A signal class scores a whole :class:`PairBatch` at once, so work shared by several
signals (NFC normalisation, splitting each side into chunks) is done once per batch. The same
object, built with thresholds, is the filter ``songngu.align.filtering`` applies: ``accept``
says whether a value passes and ``reason`` says why not, in the ``drop_reason`` format.
"""
from __future__ import annotations

import math
import struct
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from songngu.translate.glossary import Glossary


Value = float | bool | None
"""One signal value: a float, a bool (``q_truncated``) or None (unknown model scores)."""

_FLOAT32 = struct.Struct("f")


def as_float32(value: float) -> float:
    """``value`` rounded to float32, the dtype of the ``q_*`` columns (±inf beyond its range)."""
    try:
        return _FLOAT32.unpack(_FLOAT32.pack(value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def optional_float(value: float | None) -> float | None:
    """``value`` as a float, or None when it is missing or NaN."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _nfc(text: str | None) -> str:
    """``text`` in NFC ('' for None); ASCII text is NFC already and returned as it is."""
    if not text:
        return ""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class PairBatch:
    """Vietnamese–English pairs scored together, NFC-normalised, with their optional model scores.

    Analyses several signals need (each side split into whitespace-separated chunks) are
    computed once, on first use.
    ``None`` texts count as empty; ``logprob``/``align_score`` default to unknown (None);
    ``glossary`` is the run's glossary (``q_terms``), None when there is none.
    """

    def __init__(
        self,
        vi: Sequence[str | None],
        en: Sequence[str | None],
        logprob: Sequence[float | None] | None = None,
        align_score: Sequence[float | None] | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        if len(vi) != len(en):
            raise ValueError(f"{len(vi)} Vietnamese texts but {len(en)} English ones")
        self.vi = list(map(_nfc, vi))
        self.en = list(map(_nfc, en))
        self.logprob = list(logprob) if logprob is not None else [None] * len(self.vi)
        self.align_score = list(align_score) if align_score is not None else [None] * len(self.vi)
        self.glossary = glossary
        for name, scores in (("logprob", self.logprob), ("align_score", self.align_score)):
            if len(scores) != len(self.vi):
                raise ValueError(f"{len(scores)} {name} values for {len(self.vi)} pairs")

    def __len__(self) -> int:
        return len(self.vi)

    @cached_property
    def vi_chunks(self) -> list[list[str]]:
        """Each Vietnamese text split at whitespace (``str.split``)."""
        return [text.split() for text in self.vi]

    @cached_property
    def en_chunks(self) -> list[list[str]]:
        """Each English text split at whitespace (``str.split``)."""
        return [text.split() for text in self.en]


class Signal(ABC):
    """One quality signal: its ``q_*`` column and dtype, batch scoring, and its filter test.

    Subclasses set ``name`` (the column without ``q_``) and ``dtype`` (a ``datasets.Value``
    dtype), implement ``score``, ``accept`` and ``reason``, and may restrict ``applies_to``.
    Thresholds are constructor arguments; ``None`` (the default) switches the test off.
    """

    name: ClassVar[str]
    dtype: ClassVar[str] = "float32"

    @property
    def column(self) -> str:
        """The column name, ``q_`` + ``name``."""
        return f"q_{self.name}"

    @abstractmethod
    def score(self, batch: PairBatch) -> list[Value]:
        """The signal of every pair of ``batch``, in order."""

    @abstractmethod
    def accept(self, value: Value) -> bool:
        """Whether a pair scoring ``value`` passes this signal's threshold (always, when it is off)."""

    @abstractmethod
    def reason(self, value: Value) -> str:
        """Why ``value`` fails, as ``drop_reason`` words it (``untranslated=0.62>0.20``); ``""`` when it passes."""

    def applies_to(self, vi: str) -> bool:
        """Whether the threshold applies to a pair with Vietnamese ``vi`` (always, unless a signal says otherwise)."""
        return True


@dataclass(frozen=True)
class RangeSignal(Signal):
    """A numeric signal a pair passes when it lies within ``[minimum, maximum]`` (None: no bound).

    Values and bounds are compared as float32, the columns' dtype, so a value read back
    from a stored dataset is judged like the freshly computed one. Unknown values (None) pass.
    """

    minimum: float | None = None
    maximum: float | None = None

    @cached_property
    def _bounds(self) -> tuple[float, float]:
        """The bounds in float32, open ends as infinities."""
        low = -math.inf if self.minimum is None else as_float32(self.minimum)
        high = math.inf if self.maximum is None else as_float32(self.maximum)
        return low, high

    def accept(self, value: Value) -> bool:
        """True when ``value`` is unknown (None, NaN) or within the bounds."""
        if value is None:
            return True
        low, high = self._bounds
        if low <= value <= high:  # rounding to float32 keeps the order: no need to round
            return True
        value = as_float32(value)
        return not (value < low or value > high)

    def reason(self, value: Value) -> str:
        """``name=value<minimum`` or ``name=value>maximum`` with two decimals; ``""`` when ``value`` passes."""
        if self.accept(value):
            return ""
        low, _ = self._bounds
        if as_float32(value) < low:
            return f"{self.name}={value:.2f}<{self.minimum:.2f}"
        return f"{self.name}={value:.2f}>{self.maximum:.2f}"
