"""What every backend shares: cut over-long sentences, batch pieces by length, reassemble in order."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from songngu.translate.base import ProgressCallback, ResultCallback, Translation
from songngu.translate.batching import length_sorted_batches
from songngu.translate.long_input import split_to_fit

Encode = Callable[[Sequence[str]], Sequence[Sequence[Any]]]
"""Texts to the token sequences the backend's model reads."""
RunBatch = Callable[[list[Sequence[Any]]], list[tuple[str, float | None]]]
"""Token sequences of one batch to (English, mean token log-probability) each."""


def input_limit(*limits: object) -> int:
    """The smallest real limit among ``limits`` (tokenizers report 1e30 for "none")."""
    return min(limit for limit in limits if isinstance(limit, int) and 0 < limit < 1_000_000)


def translate_in_batches(
    sentences: Sequence[str],
    *,
    encode: Encode,
    run_batch: RunBatch,
    max_input_tokens: int,
    batch_size: int,
    max_batch_tokens: int | None = None,
    on_progress: ProgressCallback | None = None,
    on_result: ResultCallback | None = None,
) -> list[Translation]:
    """Translate ``sentences`` with a backend's ``encode`` and ``run_batch``, in input order.

    A sentence longer than ``max_input_tokens`` is cut at clause boundaries into pieces
    that fit; its pieces' English is joined in order and the result is flagged
    ``split_for_length``. Pieces are batched longest first. ``on_result(index, translation)``
    fires as soon as a sentence's last piece is done; ``on_progress(count)`` after each batch.
    """
    encoded = encode(sentences) if sentences else []
    piece_tokens: list[Sequence[Any]] = []
    pieces_of: dict[int, list[int]] = {}
    split: set[int] = set()
    for index, (sentence, tokens) in enumerate(zip(sentences, encoded)):
        if not sentence.strip():
            continue
        cut_tokens = [tokens]
        if len(tokens) > max_input_tokens:
            cut = split_to_fit(sentence, lambda piece: len(encode([piece])[0]) <= max_input_tokens)
            cut_tokens = list(encode(cut))
            split.add(index)
        pieces_of[index] = list(range(len(piece_tokens), len(piece_tokens) + len(cut_tokens)))
        piece_tokens.extend(cut_tokens)
    owner_of = {piece: owner for owner, owned in pieces_of.items() for piece in owned}
    results: list[Translation] = [Translation("")] * len(sentences)
    empty = [index for index in range(len(sentences)) if index not in pieces_of]
    if on_result:
        for index in empty:
            on_result(index, results[index])
    if on_progress and empty:
        on_progress(len(empty))
    outputs: list[tuple[str, float | None] | None] = [None] * len(piece_tokens)
    remaining = {owner: len(owned) for owner, owned in pieces_of.items()}
    batches = length_sorted_batches([len(tokens) for tokens in piece_tokens], max_sentences=batch_size, max_tokens=max_batch_tokens)
    for batch in batches:
        for piece, output in zip(batch, run_batch([piece_tokens[piece] for piece in batch])):
            outputs[piece] = output
        finished = 0
        for piece in sorted(batch):
            owner = owner_of[piece]
            remaining[owner] -= 1
            if remaining[owner] == 0:
                results[owner] = _joined([outputs[part] for part in pieces_of[owner]], owner in split)
                finished += 1
                if on_result:
                    on_result(owner, results[owner])
        if on_progress and finished:
            on_progress(finished)
    return results


def _joined(parts: list[tuple[str, float | None] | None], split_for_length: bool) -> Translation:
    done = [part for part in parts if part is not None]
    scores = [score for _, score in done if score is not None]
    return Translation(
        " ".join(text for text, _ in done if text),
        split_for_length=split_for_length,
        logprob=sum(scores) / len(scores) if scores else None,
    )


class BatchedTranslator:
    """Base of the backends: ``translate`` through ``translate_in_batches``.

    A backend sets ``max_input_tokens``, ``batch_size`` and ``max_batch_tokens`` and
    implements ``encode`` and ``run_batch``.
    """

    max_input_tokens: int
    batch_size: int
    max_batch_tokens: int | None

    def encode(self, texts: Sequence[str]) -> Sequence[Sequence[Any]]:
        """Texts to the token sequences the model reads."""
        raise NotImplementedError

    def run_batch(self, batch: list[Sequence[Any]]) -> list[tuple[str, float | None]]:
        """One batch of token sequences to (English, mean token log-probability) each."""
        raise NotImplementedError

    def translate(
        self,
        sentences: Sequence[str],
        on_progress: ProgressCallback | None = None,
        on_result: ResultCallback | None = None,
    ) -> list[Translation]:
        """Translate ``sentences`` in length-sorted batches; results come back in input order.

        ``on_result(index, translation)`` is called as soon as a sentence is complete;
        ``on_progress(count)`` after every batch with the number of sentences it finished.
        """
        return translate_in_batches(
            sentences,
            encode=self.encode,
            run_batch=self.run_batch,
            max_input_tokens=self.max_input_tokens,
            batch_size=self.batch_size,
            max_batch_tokens=self.max_batch_tokens,
            on_progress=on_progress,
            on_result=on_result,
        )
