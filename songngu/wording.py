"""How messages write counts, shared by the engines and the exporters."""
from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """``1 input``, ``2 inputs``: the count with thousands separators and the noun in the number it needs."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
