"""``q_names``: does the English keep the names of the Vietnamese?"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from songngu.align.names import find_names, fold
from songngu.align.quality.base import PairBatch, RangeSignal
from songngu.align.quality.text import CACHE_SIZE

_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ")


@lru_cache(maxsize=CACHE_SIZE)
def _expected(vi: str) -> tuple:
    """The distinct names of ``vi`` (``songngu.align.names``), by folded English form."""
    return tuple({fold(name.english): name for name in find_names(vi)}.values())


def _retention(vi: str, en: str) -> float:
    if not any(char in _NAME_START for char in vi):
        return 1.0
    names = _expected(vi)
    if not names:
        return 1.0
    folded = fold(en)
    return sum(name.kept_in(en, folded) for name in names) / len(names)


@dataclass(frozen=True)
class NameRetention(RangeSignal):
    """Share of the distinct names of the Vietnamese (``songngu.align.names``) the English keeps, in [0, 1].

    1.0 when the Vietnamese has no name. Names are compared without diacritics and case; a
    Vietnamese name is expected without diacritics, an established one in its English form.
    """

    name: ClassVar[str] = "names"

    def score(self, batch: PairBatch) -> list[float]:
        """The name retention of every pair; a Vietnamese text with no capital letter costs one scan."""
        return [_retention(vi, en) for vi, en in zip(batch.vi, batch.en)]
