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
