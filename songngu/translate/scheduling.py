"""What every backend shares: cut over-long sentences, batch pieces by length, reassemble in order."""
from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from songngu.translate.base import BatchCache, BatchOutputs, ProgressCallback, ResultCallback, Translation
from songngu.translate.batching import length_sorted_batches
from songngu.translate.long_input import split_to_fit

Encode = Callable[[Sequence[str]], Sequence[Sequence[Any]]]
"""Texts to the token sequences the backend's model reads."""
RunBatch = Callable[[list[Sequence[Any]]], BatchOutputs]
"""Token sequences of one batch to (English, mean token log-probability) each."""
Outcome = Callable[[], BatchOutputs]
"""Waits for a started batch and gives its outputs."""
StartBatch = Callable[[list[Sequence[Any]]], Outcome]
"""Starts one batch (a backend may queue it and return at once) and gives the way to its outputs."""


def started_at_once(run_batch: RunBatch) -> StartBatch:
    """``run_batch`` as a :data:`StartBatch` that runs the batch before returning."""
    def start(tokens: list[Sequence[Any]]) -> Outcome:
        outputs = run_batch(tokens)
        return lambda: outputs

    return start


def batch_key(tokens: Sequence[Sequence[Any]]) -> str:
    """A digest of a batch's token sequences, in order: equal keys mean equal model input."""
    return hashlib.sha256(json.dumps([list(item) for item in tokens], ensure_ascii=False).encode()).hexdigest()


def input_limit(*limits: object) -> int:
    """The smallest real limit among ``limits`` (tokenizers report 1e30 for "none")."""
    return min(limit for limit in limits if isinstance(limit, int) and 0 < limit < 1_000_000)


def translate_in_batches(
    sentences: Sequence[str],
    *,
    encode: Encode,
    start_batch: StartBatch,
    max_input_tokens: int,
    batch_size: int,
    batch_token_limit: Callable[[list[int]], int | None] | None = None,
    on_progress: ProgressCallback | None = None,
    on_result: ResultCallback | None = None,
    in_flight: int = 1,
    cache: BatchCache | None = None,
) -> list[Translation]:
    """Translate ``sentences`` with a backend's ``encode`` and ``start_batch``, in input order.

    A sentence longer than ``max_input_tokens`` is cut at clause boundaries into pieces
    that fit; its pieces' English is joined in order and the result is flagged
    ``split_for_length``. Pieces are batched longest first, at most ``batch_size`` a batch and
    at most the padded tokens ``batch_token_limit`` gives for the pieces' token counts (no
    limit without it), so the batches depend on ``sentences`` alone. Up to ``in_flight``
    batches are started before the first is waited for (a backend that queues them keeps its
    parallel translators busy); results are taken in batch order. A batch ``cache`` holds is
    not run again. ``on_result(index, translation)`` fires as soon as a sentence's last piece
    is done; ``on_progress(count)`` after each batch, once the cache has saved it.
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
    lengths = [len(tokens) for tokens in piece_tokens]
    token_limit = batch_token_limit(lengths) if batch_token_limit else None
    batches = length_sorted_batches(lengths, max_sentences=batch_size, max_tokens=token_limit)
    fresh: set[int] = set()
    for batch, batch_outputs, from_cache in _run_in_order(batches, piece_tokens, start_batch, in_flight, cache):
        for piece, output in zip(batch, batch_outputs):
            outputs[piece] = output
            if not from_cache:
                fresh.add(owner_of[piece])
        finished = 0
        for piece in sorted(batch):
            owner = owner_of[piece]
            remaining[owner] -= 1
            if remaining[owner] == 0:
                results[owner] = _joined([outputs[part] for part in pieces_of[owner]], owner in split)
                finished += 1
                if cache is not None and owner not in fresh:
                    cache.reused += 1
                if on_result:
                    on_result(owner, results[owner])
        if cache is not None and not from_cache:
            cache.save(batch_key([piece_tokens[piece] for piece in batch]), batch_outputs)
        if on_progress and finished:
            on_progress(finished)
    return results


def _run_in_order(
    batches: list[list[int]], piece_tokens: list[Sequence[Any]], start_batch: StartBatch, in_flight: int, cache: BatchCache | None,
) -> Iterator[tuple[list[int], BatchOutputs, bool]]:
    """Each batch with its outputs and whether the cache gave them, in batch order.

    Up to ``in_flight`` batches are started ahead, so a backend that queues them has the next
    batch waiting whenever one of its translators finishes; the cache is read here, in the
    caller's thread.
    """
    waiting: deque[tuple[list[int], Outcome, bool]] = deque()
    upcoming = iter(batches)
    while True:
        while len(waiting) < max(1, in_flight) and (batch := next(upcoming, None)) is not None:
            tokens = [piece_tokens[piece] for piece in batch]
            known = cache.lookup(batch_key(tokens)) if cache is not None else None
            if known is not None and len(known) == len(batch):
                waiting.append((batch, lambda known=known: known, True))
            else:
                waiting.append((batch, start_batch(tokens), False))
        if not waiting:
            return
        batch, outcome, from_cache = waiting.popleft()
        yield batch, outcome(), from_cache


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

    A backend sets ``max_input_tokens``, ``batch_size`` and ``max_batch_tokens`` (or overrides
    ``batch_token_limit``) and implements ``encode`` and ``run_batch``. A backend that can
    queue batches also implements ``start_batch`` and sets ``batches_in_flight`` to how many
    it should hold at once.
    """

    max_input_tokens: int
    batch_size: int
    max_batch_tokens: int | None
    batches_in_flight: int = 1

    def encode(self, texts: Sequence[str]) -> Sequence[Sequence[Any]]:
        """Texts to the token sequences the model reads."""
        raise NotImplementedError

    def run_batch(self, batch: list[Sequence[Any]]) -> list[tuple[str, float | None]]:
        """One batch of token sequences to (English, mean token log-probability) each."""
        raise NotImplementedError

    def batch_token_limit(self, lengths: list[int]) -> int | None:
        """Padded tokens a batch may hold, given the token counts of what is to be translated."""
        return self.max_batch_tokens

    def start_batch(self, batch: list[Sequence[Any]]) -> Outcome:
        """Start one batch and give the way to its outputs (by default the batch runs at once)."""
        return started_at_once(self.run_batch)(batch)

    def translate(
        self,
        sentences: Sequence[str],
        on_progress: ProgressCallback | None = None,
        on_result: ResultCallback | None = None,
        cache: BatchCache | None = None,
    ) -> list[Translation]:
        """Translate ``sentences`` in length-sorted batches; results come back in input order.

        ``on_result(index, translation)`` is called as soon as a sentence is complete;
        ``on_progress(count)`` after every batch with the number of sentences it finished.
        Batches ``cache`` holds are taken from it; the others are saved into it.
        """
        return translate_in_batches(
            sentences,
            encode=self.encode,
            start_batch=self.start_batch,
            max_input_tokens=self.max_input_tokens,
            batch_size=self.batch_size,
            batch_token_limit=self.batch_token_limit,
            on_progress=on_progress,
            on_result=on_result,
            in_flight=self.batches_in_flight,
            cache=cache,
        )
