"""The signals keep the values the single-module implementation gave (tests/data/signals/reference.tsv).

The pairs are FLORES-200 and Tatoeba gold pairs, perturbed copies of them and random
Unicode text (see ``tests.signals_reference``); skipped where the shared data folder is absent.
"""
from __future__ import annotations

import pytest

from songngu.align.quality import add_signals, pair_signals
from tests.signals_reference import SHARED_DATA, SIGNAL_NAMES, pairs_digest, read_reference, reference_pairs

pytestmark = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"{SHARED_DATA} not found")


@pytest.fixture(scope="module")
def groups() -> dict[str, tuple[list[tuple[str, str]], list[tuple]]]:
    """Group name → (its pairs, their reference values), after checking the pairs are the ones scored."""
    reference = read_reference()
    pairs = reference_pairs()
    assert list(pairs) == list(reference)
    for name, (digest, values) in reference.items():
        assert pairs_digest(pairs[name]) == digest, f"the pairs of {name!r} changed: rewrite the reference"
        assert len(values) == len(pairs[name])
    return {name: (pairs[name], reference[name][1]) for name in pairs}


def mismatches(pairs: list[tuple[str, str]], expected: list[tuple], computed: list[tuple]) -> list[str]:
    """One line per signal value that differs from the reference, naming the pair."""
    found = []
    for (vi, en), want, got in zip(pairs, expected, computed):
        for name, a, b in zip(SIGNAL_NAMES, want, got):
            if a != b or type(a) is not type(b):
                found.append(f"{name}: {b!r} instead of {a!r} for {vi!r} / {en!r}")
    return found


def test_pair_signals_match_the_reference(groups) -> None:
    for name, (pairs, expected) in groups.items():
        computed = [tuple(pair_signals(vi, en).as_dict()[signal] for signal in SIGNAL_NAMES) for vi, en in pairs]
        assert not mismatches(pairs, expected, computed), name


def test_add_signals_matches_the_reference_on_one_batch_of_every_group(groups) -> None:
    pairs = [pair for group_pairs, _ in groups.values() for pair in group_pairs]
    expected = [value for _, values in groups.values() for value in values]
    rows = add_signals([{"translation": {"vi": vi, "en": en}} for vi, en in pairs])
    computed = [tuple(row[f"q_{signal}"] for signal in SIGNAL_NAMES) for row in rows]
    assert not mismatches(pairs, expected, computed)
