"""The batching and reassembly every backend shares, driven by a word-level stand-in model."""
from __future__ import annotations

from songngu.translate.scheduling import input_limit, started_at_once, translate_in_batches


def encode(texts):
    return [text.split() for text in texts]


def shout(batch):
    """A 'model' that upper-cases its input words, with a log-probability of minus the word count."""
    return [(" ".join(words).upper(), -float(len(words))) for words in batch]


def test_pieces_of_a_split_sentence_are_joined_in_order_even_when_batched_longest_first():
    sentence = "short start, then a much longer second clause that comes later"
    finished = []
    [result] = translate_in_batches(
        [sentence], encode=encode, start_batch=started_at_once(shout), max_input_tokens=8, batch_size=1,
        on_result=lambda index, translation: finished.append(index),
    )
    assert result.text.split() == sentence.upper().split()
    assert result.split_for_length
    assert finished == [0]


def test_input_order_empty_sentences_and_progress_are_kept():
    sentences = ["one two three", "", "four", "five six"]
    progress, results_seen = [], {}
    results = translate_in_batches(
        sentences, encode=encode, start_batch=started_at_once(shout), max_input_tokens=10, batch_size=2,
        on_progress=progress.append, on_result=results_seen.__setitem__,
    )
    assert [result.text for result in results] == ["ONE TWO THREE", "", "FOUR", "FIVE SIX"]
    assert [result.logprob for result in results] == [-3.0, None, -1.0, -2.0]
    assert sum(progress) == len(sentences)
    assert sorted(results_seen) == [0, 1, 2, 3]


def test_input_limit_ignores_missing_and_sentinel_values():
    assert input_limit(None, int(1e30), 512, 64) == 64


def test_batches_in_flight_are_started_ahead_and_taken_in_order():
    """A queueing backend gets ``in_flight`` batches before the first is waited for; results keep input order."""
    events: list[str] = []

    def start(batch):
        name = batch[0][0]
        events.append(f"start {name}")

        def outcome():
            events.append(f"take {name}")
            return shout(batch)

        return outcome

    sentences = ["a b c d", "e f g", "h i", "j"]
    results = translate_in_batches(sentences, encode=encode, start_batch=start, max_input_tokens=10, batch_size=1, in_flight=3)
    assert [result.text for result in results] == [sentence.upper() for sentence in sentences]
    assert events == ["start a", "start e", "start h", "take a", "start j", "take e", "take h", "take j"]
