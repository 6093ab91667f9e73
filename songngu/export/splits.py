"""Which split an article's rows go to: a seeded hash of its id, so no article spans two splits.

Rule: ``h = sha256(f"{seed}:{article_id}")`` read as a number in [0, 1); the article goes to
``test`` when ``h < test``, to ``validation`` when ``h < test + validation``, else to ``train``.
The assignment depends only on the seed and the article id — not on the other articles, their
number or their order — so a corpus can be split while it streams, and an article keeps its
split when the corpus grows. The shares are met on average; a handful of articles may well all
land in train.
"""
from __future__ import annotations

import hashlib

from songngu.errors import UsageError

SPLIT_ORDER = ("train", "validation", "test")


def check_fractions(validation: float, test: float) -> None:
    """Refuse shares outside [0, 1) or leaving nothing for train."""
    for name, fraction in (("validation", validation), ("test", test)):
        if not 0 <= fraction < 1:
            raise UsageError(f"--{name} must be in [0, 1), got {fraction}")
    if validation + test >= 1:
        raise UsageError(f"--validation + --test must leave room for train, got {validation} + {test}")


def split_of(article_id: str, *, validation: float = 0.1, test: float = 0.1, seed: int = 0) -> str:
    """``train``, ``validation`` or ``test`` for ``article_id`` (see the module rule)."""
    digest = hashlib.sha256(f"{seed}:{article_id}".encode()).digest()
    position = int.from_bytes(digest[:8], "big") / 2**64
    if position < test:
        return "test"
    if position < test + validation:
        return "validation"
    return "train"
