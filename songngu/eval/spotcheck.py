"""Samples of pairs for a person to read, chosen reproducibly."""
from __future__ import annotations

import random
from collections.abc import Sequence


def spot_check(
    sources: Sequence[str], hypotheses: Sequence[str], references: Sequence[str] | None = None, *, size: int = 10, seed: int = 0
) -> list[dict]:
    """``size`` randomly chosen lines (fixed seed) with source, hypothesis and reference."""
    indices = sorted(random.Random(seed).sample(range(len(sources)), min(size, len(sources))))
    return [
        {"line": index + 1, "source": sources[index], "hypothesis": hypotheses[index]}
        | ({"reference": references[index]} if references is not None else {})
        for index in indices
    ]
