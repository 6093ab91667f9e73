"""Batching and long-sentence splitting, the pieces the backends share."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from songngu.translate.batching import length_sorted_batches, typical_batch_budget
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


def test_the_default_token_budget_fills_batches_of_typical_sentences_and_cuts_the_longest():
    lengths = [43] * 50 + [115] * 3 + [10] * 20
    budget = typical_batch_budget(lengths, max_sentences=32, floor=1024, ceiling=2048)
    assert budget == 32 * 43
    batches = length_sorted_batches(lengths, max_sentences=32, max_tokens=budget)
    assert [len(batch) for batch in batches] == [3 + 8, 32, 10 + 20]  # the 115-token sentences share a batch of 11; 43s fill 32
    assert all(max(lengths[index] for index in batch) * len(batch) <= budget for batch in batches)
    assert typical_batch_budget([5] * 40, max_sentences=32, floor=1024, ceiling=2048) == 1024
    assert typical_batch_budget([300] * 40, max_sentences=32, floor=1024, ceiling=2048) == 2048
    assert typical_batch_budget([], max_sentences=32, floor=1024, ceiling=2048) == 1024


def test_long_sentence_splits_at_clauses_and_keeps_every_word():
    sentence = "Quân đội Iraq cho biết, chính phủ đã yêu cầu; các bên phối hợp chặt chẽ, để ngăn chặn IS tái xuất hiện."
    pieces = split_to_fit(sentence, lambda piece: len(piece) <= 45)
    assert all(len(piece) <= 45 for piece in pieces)
    assert " ".join(pieces).split() == sentence.split()
    assert pieces[0].endswith((",", ";"))


def test_a_long_paragraph_is_cut_between_its_sentences():
    """--context paragraph: a paragraph over the model's input limit was cut at its commas nearest the middle,
    mid-sentence, and the sentences of each piece lost their English when aligned back."""
    sentences = ["Hà Nội có mưa lớn, gió mạnh.", "Người dân được khuyên ở nhà, tránh ra đường.", "“Mưa sẽ kéo dài,” ông nói.",
                 "Giá xăng tăng, giá điện giữ nguyên.", "Trường học đóng cửa, học sinh học trực tuyến."]
    paragraph = " ".join(sentences)
    pieces = split_to_fit(paragraph, lambda piece: len(piece) <= 100)
    assert all(len(piece) <= 100 for piece in pieces) and len(pieces) > 1
    assert [sentence for piece in pieces for sentence in sentences if sentence in piece] == sentences  # each piece whole sentences
    assert " ".join(pieces) == paragraph


@given(st.text(alphabet=st.sampled_from("ab ,;—"), max_size=200), st.integers(1, 30))
def test_split_to_fit_loses_nothing(text, limit):
    pieces = split_to_fit(text, lambda piece: len(piece) <= limit)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert all(len(piece) <= limit for piece in pieces)
