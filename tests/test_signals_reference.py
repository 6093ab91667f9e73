"""The signals keep the values the single-module implementation gave.

Two checks: the stored values of tests/data/signals/reference.tsv for FLORES-200 and
Tatoeba gold pairs, perturbed copies and random Unicode text (see ``tests.signals_reference``;
skipped where the shared data folder is absent), and generated text compared with that
implementation itself, loaded from git (skipped where the history is not available).
"""
from __future__ import annotations

import subprocess
import types
from itertools import chain

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from songngu.align.quality import add_signals, pair_signals, score_columns, strip_diacritics
from songngu.align.quality.text import chunk_words
from tests.signals_reference import (
    SHARED_DATA,
    SIGNAL_NAMES,
    pairs_digest,
    read_reference,
    reference_module,
    reference_pairs,
)

needs_shared_data = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"{SHARED_DATA} not found")


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


@needs_shared_data
def test_pair_signals_match_the_reference(groups) -> None:
    for name, (pairs, expected) in groups.items():
        computed = [tuple(pair_signals(vi, en).as_dict()[signal] for signal in SIGNAL_NAMES) for vi, en in pairs]
        assert not mismatches(pairs, expected, computed), name


@needs_shared_data
def test_add_signals_matches_the_reference_on_one_batch_of_every_group(groups) -> None:
    pairs = [pair for group_pairs, _ in groups.values() for pair in group_pairs]
    expected = [value for _, values in groups.values() for value in values]
    rows = add_signals([{"translation": {"vi": vi, "en": en}} for vi, en in pairs])
    computed = [tuple(row[f"q_{signal}"] for signal in SIGNAL_NAMES) for row in rows]
    assert not mismatches(pairs, expected, computed)


@needs_shared_data
def test_score_columns_matches_add_signals(groups) -> None:
    pairs = [pair for group_pairs, _ in groups.values() for pair in group_pairs]
    logprob = [-0.5 if index % 3 else None for index in range(len(pairs))]
    rows = add_signals([{"translation": {"vi": vi, "en": en}, "logprob": lp} for (vi, en), lp in zip(pairs, logprob)])
    columns = score_columns([vi for vi, _ in pairs], [en for _, en in pairs], logprob)
    assert columns == {name: [row[name] for row in rows] for name in columns}


# Generated text against the implementation itself


def _load_reference() -> types.ModuleType | None:
    try:
        return reference_module()
    except (OSError, subprocess.CalledProcessError):
        return None


REFERENCE = _load_reference()
needs_reference = pytest.mark.skipif(REFERENCE is None, reason="the reference commit is not in this checkout's history")

_PIECES = [
    "ha", "the", "a", "we will", "fight,", "ab", "'", "’", "a'", "1", "2,5", "1.000", "8:00", "triệu", "million",
    "US", "NATO", "Iran", "Baghdad", "IS", "của", "và", "cua", "la", "nay", "gặp", "gap", "khó", "kho", "Hà Nội",
    "“", "”", "«", "»", "„", "(", ")", "[", "]", "?", "!", "？", "！", ".", "…", "-",
    " ", " ", " ", "  ", "\n", "\t", "\u0301", "Đ", "ß", "ø",
]  # fmt: skip
PIECED_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=16).map("".join)
"""Text built from pieces that trigger the signals' special cases: numbers, names, copied Vietnamese."""
LOOPED_TEXT = st.builds(
    lambda before, unit, copies, after: before + unit * copies + after,
    PIECED_TEXT,
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5).map("".join),
    st.integers(min_value=2, max_value=6),
    PIECED_TEXT,
)
"""Text with a unit repeated: loops of words, of phrases and of characters, and near misses."""
CHARACTER_LOOP = st.builds(
    lambda before, unit, copies: before + unit * copies,
    st.text(alphabet="ab ", max_size=4),
    st.integers(min_value=1, max_value=32).flatmap(
        lambda size: st.text(alphabet="ab c,1.'’-\n", min_size=size, max_size=size)
    ),
    st.integers(min_value=3, max_value=5),
)
"""Character loops with units of every length up to just past the longest counted (30)."""
ANY_TEXT = st.one_of(st.text(max_size=60), PIECED_TEXT, LOOPED_TEXT, CHARACTER_LOOP)


def _unknown_scale_word(text: str) -> bool:
    """True for text on which the reference implementation raised KeyError (fixed, see tests/test_quality.py)."""
    return any(letter in text for letter in "ıİſ")


@needs_reference
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vi=ANY_TEXT, en=ANY_TEXT)
@example(vi="", en="x y z w v u t s r q " + "abcdefghijklmn opqrstuvwxyzab " * 5)  # a unit of 30 characters, two chunks
@example(vi="", en="a b c d e f g h i j k l m n o " * 5)  # a unit of 15 words: the most one unit holds
def test_signals_match_the_reference_implementation(vi: str, en: str) -> None:
    if _unknown_scale_word(vi + en):
        return
    expected = REFERENCE.pair_signals(vi, en).as_dict()
    computed = pair_signals(vi, en).as_dict()
    assert {name: computed[name] for name in expected} == expected  # q_terms and q_names came later


@needs_reference
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=6))
def test_batches_match_pair_by_pair(pairs: list[tuple[str, str]]) -> None:
    pairs = [(vi, en) for vi, en in pairs if not _unknown_scale_word(vi + en)]
    columns = score_columns([vi for vi, _ in pairs], [en for _, en in pairs])
    for index, (vi, en) in enumerate(pairs):
        expected = REFERENCE.pair_signals(vi, en).as_dict()
        computed = {name.removeprefix("q_"): values[index] for name, values in columns.items()}
        assert {name: computed[name] for name in expected} == expected  # q_terms and q_names came later


@needs_reference
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_strip_diacritics_matches_the_reference_character_by_character(text: str) -> None:
    assert strip_diacritics(text) == REFERENCE.strip_diacritics(text)


@needs_reference
@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_words_are_those_of_the_whitespace_chunks(text: str) -> None:
    assert list(chain.from_iterable(map(chunk_words, text.split()))) == REFERENCE.words(text)
