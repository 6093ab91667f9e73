"""``q_names``: does the English keep the names of the Vietnamese?"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from songngu.align.names import find_names, fold
from songngu.align.quality.base import PairBatch, RangeSignal
from songngu.align.quality.text import CACHE_SIZE

if TYPE_CHECKING:
    from songngu.translate.glossary import Glossary

_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ")


@lru_cache(maxsize=CACHE_SIZE)
def _expected(vi: str) -> tuple:
    """The distinct names of ``vi`` (``songngu.align.names``), by folded English form."""
    return tuple({fold(name.english): name for name in find_names(vi)}.values())


def _retention(vi: str, en: str, glossary: Glossary | None) -> float:
    if not any(char in _NAME_START for char in vi):
        return 1.0
    names = _expected(vi)
    if not names:
        return 1.0
    folded = fold(en)
    terms = glossary.occurrences(vi) if glossary is not None else []
    return sum(name.kept_in(en, folded, terms) for name in names) / len(names)


@dataclass(frozen=True)
class NameRetention(RangeSignal):
    """Share of the distinct names of the Vietnamese (``songngu.align.names``) the English keeps, in [0, 1].

    1.0 when the Vietnamese has no name. Names are compared without diacritics and case; a
    Vietnamese name is expected without diacritics, an established one in its English form; with
    the run's glossary (``batch.glossary``), a name a glossary term covers is also kept by that
    term's English (the user's rendering: ``Bộ Y tế`` → ``MOH``).
    """

    name: ClassVar[str] = "names"

    def score(self, batch: PairBatch) -> list[float]:
        """The name retention of every pair; a Vietnamese text with no capital letter costs one scan."""
        return [_retention(vi, en, batch.glossary) for vi, en in zip(batch.vi, batch.en)]
