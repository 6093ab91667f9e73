"""Score pairs with every signal: per chunk of columns, per list of rows, or one pair."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from songngu.align.quality.base import PairBatch, Signal, Value
from songngu.align.quality.copying import Untranslated
from songngu.align.quality.entities import EntityOverlap
from songngu.align.quality.length import LengthRatio
from songngu.align.quality.model_scores import AlignScore, LogProb
from songngu.align.quality.names import NameRetention
from songngu.align.quality.numerals import NumberMatch
from songngu.align.quality.punctuation import PunctMatch
from songngu.align.quality.repetition import Repetition
from songngu.align.quality.terms import TermAccuracy
from songngu.align.quality.truncation import Truncated

if TYPE_CHECKING:
    from songngu.translate.glossary import Glossary

SIGNALS: tuple[Signal, ...] = (
    LengthRatio(),
    NumberMatch(),
    EntityOverlap(),
    PunctMatch(),
    Untranslated(),
    Repetition(),
    Truncated(),
    LogProb(),
    AlignScore(),
    TermAccuracy(),
    NameRetention(),
)
"""Every signal, in column order, without thresholds (``songngu.align.filtering`` sets those)."""

SIGNAL_COLUMNS = {signal.column: signal.dtype for signal in SIGNALS}
"""The columns ``add_signals`` adds, with their ``datasets.Value`` dtypes; the last two are null when unknown."""


@dataclass(frozen=True)
class PairSignals:
    """Quality signals of one Vietnamese–English pair.

    - ``length_ratio``: English characters / Vietnamese characters (0 when ``vi`` is empty);
      human vi→en translations have a median of 0.95, 90% of them within 0.65–1.45.
    - ``number_match``: share of the numbers (digits) on both sides that find a partner on
      the other side, in [0, 1]; 1.0 when neither side has a number.
    - ``entity_overlap``: share of names and acronyms (foreign-looking capitalised words and
      acronyms on the Vietnamese side, acronyms on the English side) found on the other side,
      compared without diacritics, in [0, 1]; 1.0 when there are none.
    - ``punct_match``: share of punctuation kinds (quotes, brackets, ``?``, ``!``) present on
      one side that are present on both, in [0, 1]; 1.0 when neither side has any.
    - ``untranslated``: share of English words that are still Vietnamese, in [0, 1].
    - ``repetition``: share of the English that is a looped copy of what precedes it, in [0, 1].
    - ``truncated``: the English looks cut short (see ``is_truncated``).
    - ``logprob``: the model's mean token log-probability, or None; ``align_score``: the
      aligner's score, or None.
    - ``terms``: share of the required glossary term occurrences the English has, or None
      without a glossary; ``names``: share of the names of the Vietnamese the English keeps.
    """

    length_ratio: float
    number_match: float
    entity_overlap: float
    punct_match: float
    untranslated: float
    repetition: float
    truncated: bool
    logprob: float | None = None
    align_score: float | None = None
    terms: float | None = None
    names: float = 1.0

    def as_dict(self) -> dict[str, Value]:
        """The signals as a plain dict keyed by signal name (no ``q_`` prefix)."""
        return asdict(self)


def score_columns(
    vi: Sequence[str | None],
    en: Sequence[str | None],
    logprob: Sequence[float | None] | None = None,
    align_score: Sequence[float | None] | None = None,
    glossary: Glossary | None = None,
) -> dict[str, list[Value]]:
    """Every ``SIGNAL_COLUMNS`` column for the pairs ``vi[i]``/``en[i]``, as one list per column.

    ``logprob``/``align_score`` give each pair's model and aligner scores (None or NaN when
    unknown; leave them out when none are known). ``glossary`` gives ``q_terms`` (None without).
    Texts are NFC-normalised first.
    """
    batch = PairBatch(vi, en, logprob, align_score, glossary)
    return {signal.column: signal.score(batch) for signal in SIGNALS}


def add_signals(rows: Iterable[dict], glossary: Glossary | None = None) -> list[dict]:
    """Copies of ``rows`` with the ``SIGNAL_COLUMNS`` added, all rows scored as one batch.

    Signals come from ``translation`` and, when present, the row's ``logprob`` and ``align_score``.

    Rows that were not translated get signals too (computed against their empty English),
    so every row has the same columns; filtering decides what to do with them.
    """
    rows = list(rows)
    translations = [row.get("translation") or {} for row in rows]
    columns = score_columns(
        [translation.get("vi") for translation in translations],
        [translation.get("en") for translation in translations],
        [row.get("logprob") for row in rows],
        [row.get("align_score") for row in rows],
        glossary,
    )
    names = list(columns)
    scored = []
    for row, values in zip(rows, zip(*columns.values())):
        row = dict(row)
        row.update(zip(names, values))
        scored.append(row)
    return scored


def pair_signals(
    vi: str, en: str, *, logprob: float | None = None, align_score: float | None = None, glossary: Glossary | None = None
) -> PairSignals:
    """Compute every quality signal of the pair ``vi``/``en`` (both are NFC-normalised first)."""
    columns = score_columns([vi], [en], [logprob], [align_score], glossary)
    return PairSignals(**{column.removeprefix("q_"): values[0] for column, values in columns.items()})
