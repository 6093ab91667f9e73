"""Calibration of the default thresholds on human translations and on synthetic bad pairs.

Reads FLORES-200 devtest (first 500, CC BY-SA 4.0, Meta AI NLLB team) and the Tatoeba
vie–eng test set (2,500, CC BY 2.0 FR) from the shared data folder beside the repository
(see its README); skipped where that folder is absent. Run with ``-s`` to see the rates:

    python -m pytest tests/test_quality_calibration.py -q -s
"""
from __future__ import annotations

import random
import re

import pytest

from songngu.align.filtering import DEFAULT_THRESHOLDS, Thresholds, filter_rows
from songngu.align.quality import strip_diacritics
from tests.signals_reference import GOLD_FILES, SHARED_DATA, half_copied, loop, read_pairs, shift_numbers, truncate

NO_DEDUP = Thresholds(**{**DEFAULT_THRESHOLDS.__dict__, "drop_duplicates": False})

pytestmark = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"{SHARED_DATA} not found")


def as_rows(pairs: list[tuple[str, str]]) -> list[dict]:
    """Minimal rows for ``filter_rows``."""
    return [{"id": str(index), "translated": True, "repeat_of": -1, "translation": {"vi": v, "en": e}}
            for index, (v, e) in enumerate(pairs)]  # fmt: skip


def kept_share(pairs: list[tuple[str, str]]) -> float:
    """Share of ``pairs`` the default thresholds keep (duplicates allowed: gold sets repeat sentences)."""
    kept, _ = filter_rows(as_rows(pairs), NO_DEDUP)
    return len(kept) / len(pairs)


@pytest.fixture(scope="module")
def gold() -> dict[str, list[tuple[str, str]]]:
    return {name: read_pairs(stem) for name, stem in GOLD_FILES.items()}


@pytest.fixture(scope="module")
def bad_pairs(gold: dict[str, list[tuple[str, str]]]) -> dict[str, list[tuple[str, str]]]:
    pairs = gold["flores"] + gold["tatoeba"]
    rng = random.Random(13)
    with_numbers = [(v, e) for v, e in pairs if re.search(r"\d", v) and re.search(r"\d", e)]
    return {
        "copied Vietnamese": [(v, v) for v, _ in pairs],
        "copied without diacritics": [(v, strip_diacritics(v)) for v, _ in pairs],
        "half copied": [(v, half_copied(v, e)) for v, e in pairs if len(v.split()) >= 6],
        "truncated English": [(v, truncate(e)) for v, e in pairs if len(e.split()) >= 4],
        "repetition loop": [(v, loop(e)) for v, e in pairs],
        "wrong numbers": [(v, shift_numbers(e)) for v, e in with_numbers],
        "swapped, both with numbers": [
            (v, with_numbers[(index + rng.randrange(1, len(with_numbers))) % len(with_numbers)][1])
            for index, (v, _) in enumerate(with_numbers)
        ],
    }


@pytest.mark.parametrize("name", list(GOLD_FILES))
def test_default_thresholds_keep_gold_pairs(gold: dict[str, list[tuple[str, str]]], name: str) -> None:
    share = kept_share(gold[name])
    print(f"\n{name}: kept {share:.1%} of {len(gold[name])} gold pairs")
    assert share >= 0.98


def test_default_thresholds_drop_synthetic_bad_pairs(bad_pairs: dict[str, list[tuple[str, str]]]) -> None:
    rates = {name: 1 - kept_share(pairs) for name, pairs in bad_pairs.items()}
    for name, rate in rates.items():
        print(f"\n{name}: dropped {rate:.1%} of {len(bad_pairs[name])}")
    assert all(rate >= 0.95 for rate in rates.values()), rates
