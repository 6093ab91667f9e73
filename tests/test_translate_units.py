"""Batching and long-sentence splitting, the pieces the backends share."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from songngu.translate.batching import length_sorted_batches
from songngu.translate.long_input import split_to_fit


def test_batches_are_longest_first_and_bounded():
    lengths = [3, 10, 7, 7, 1, 12]
    batches = length_sorted_batches(lengths, max_sentences=2)
    assert batches == [[5, 1], [2, 3], [0, 4]]
    assert length_sorted_batches(lengths, max_sentences=10, max_tokens=24) == [[5, 1], [2, 3, 0], [4]]


@given(st.lists(st.integers(1, 50), max_size=60), st.integers(1, 8), st.integers(1, 200))
def test_batches_hold_every_index_once(lengths, max_sentences, max_tokens):
    batches = length_sorted_batches(lengths, max_sentences=max_sentences, max_tokens=max_tokens)
    assert sorted(index for batch in batches for index in batch) == list(range(len(lengths)))
    assert all(len(batch) <= max_sentences for batch in batches)


def test_long_sentence_splits_at_clauses_and_keeps_every_word():
    sentence = "Quân đội Iraq cho biết, chính phủ đã yêu cầu; các bên phối hợp chặt chẽ, để ngăn chặn IS tái xuất hiện."
    pieces = split_to_fit(sentence, lambda piece: len(piece) <= 45)
    assert all(len(piece) <= 45 for piece in pieces)
    assert " ".join(pieces).split() == sentence.split()
    assert pieces[0].endswith((",", ";"))


@given(st.text(alphabet=st.sampled_from("ab ,;—"), max_size=200), st.integers(1, 30))
def test_split_to_fit_loses_nothing(text, limit):
    pieces = split_to_fit(text, lambda piece: len(piece) <= limit)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert all(len(piece) <= limit for piece in pieces)
