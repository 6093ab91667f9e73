"""Keep evaluation test sets (e.g. FLORES) out of published data.

Segments are compared after normalisation: Unicode NFC, case folding and whitespace
collapsed to single spaces. A row is dropped when its Vietnamese or its English side
equals any line of any test-set file.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from songngu.errors import InputError
from songngu.textfiles import read_text_file

_WHITESPACE = re.compile(r"\s+")


def normalise_segment(text: str) -> str:
    """NFC, casefold and collapse whitespace, so trivial differences do not hide an overlap."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _WHITESPACE.sub(" ", folded).strip()


def load_test_sets(paths: Iterable[str | Path]) -> set[str]:
    """Read line-parallel test-set files (one segment per line, UTF-8) into normalised segments."""
    segments: set[str] = set()
    for raw_path in paths:
        path = Path(raw_path)
        text = read_text_file(path, "a test set file with one segment per line")
        found = {normalise_segment(line) for line in text.splitlines()} - {""}
        if not found:
            raise InputError(path, "test set has no segments")
        segments |= found
    return segments


def overlap_reason(vi: str, en: str, test_segments: set[str]) -> str | None:
    """Why a vi/en pair overlaps the test sets (``"vi"``, ``"en"`` or ``"vi+en"``), or None."""
    sides = [name for name, text in (("vi", vi), ("en", en)) if text and normalise_segment(text) in test_segments]
    return "+".join(sides) or None
