"""Group sentences into batches of similar length so little compute goes to padding."""
from __future__ import annotations

from collections.abc import Sequence


def length_sorted_batches(lengths: Sequence[int], *, max_sentences: int, max_tokens: int | None = None) -> list[list[int]]:
    """Indices of ``lengths`` grouped longest first into batches.

    A batch holds at most ``max_sentences`` items and, when ``max_tokens`` is given, at most
    that many padded tokens (batch size times its longest item); an item longer than
    ``max_tokens`` gets a batch of its own.
    """
    order = sorted(range(len(lengths)), key=lambda index: (-lengths[index], index))
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        longest = lengths[current[0]] if current else lengths[index]
        too_many = len(current) >= max_sentences
        too_wide = max_tokens is not None and current and longest * (len(current) + 1) > max_tokens
        if current and (too_many or too_wide):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


def typical_batch_budget(lengths: Sequence[int], *, max_sentences: int, floor: int, ceiling: int) -> int:
    """Padded tokens a batch may hold: ``max_sentences`` sentences of the median of ``lengths``, kept
    between ``floor`` and ``ceiling``.

    Batches of typical sentences are full, which keeps a translator efficient, while batches of the
    longest sentences hold fewer of them, which bounds the memory each translator needs. The budget
    depends on ``lengths`` alone, so the same sentences always make the same batches.
    """
    ordered = sorted(lengths)
    median = ordered[len(ordered) // 2] if ordered else 0
    return max(floor, min(ceiling, max_sentences * median))
