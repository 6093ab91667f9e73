"""What every translation backend takes and gives back."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

ProgressCallback = Callable[[int], None]
"""Called with the number of input sentences just finished."""

ResultCallback = Callable[[int, "Translation"], None]
"""Called with an input sentence's index and its Translation as soon as that sentence is complete."""


@dataclass(frozen=True)
class Translation:
    """The English for one input sentence.

    ``split_for_length`` is True when the sentence was longer than the model's input
    limit and was translated in clause-sized pieces that were joined. ``logprob`` is the
    model's mean log-probability per output token (None when a backend cannot tell).
    """

    text: str
    split_for_length: bool = False
    logprob: float | None = None


BatchOutputs = list[tuple[str, float | None]]
"""One batch's (English, mean token log-probability) per sequence, in batch order."""


@dataclass
class BatchCache:
    """Outputs of batches run before, keyed by a digest of the batch's exact model input
    (``songngu.translate.scheduling.batch_key``).

    A model's output for a batch depends on the whole batch (int8 kernels and padding make a
    sentence's English depend on its neighbours), so outputs are reused only for the very same
    batch: a run that reuses them gives exactly the rows it would have computed.
    ``reused`` counts the sentences whose every piece came from the cache.
    """

    lookup: Callable[[str], BatchOutputs | None]
    save: Callable[[str, BatchOutputs], None]
    reused: int = 0


@dataclass(frozen=True)
class TranslatorInfo:
    """Who translated: model, revision, backend and decoding settings, as plain data for rows and cards."""

    model_name: str
    model_revision: str
    backend: str
    settings: dict


class Translator(Protocol):
    """A loaded model that turns Vietnamese sentences into English, in input order."""

    model_name: str
    model_revision: str
    backend: str

    def settings(self) -> dict:
        """Decoding settings that determine the output (for dataset cards and caches)."""
        ...

    def translate(
        self,
        sentences: Sequence[str],
        on_progress: ProgressCallback | None = None,
        on_result: ResultCallback | None = None,
        cache: BatchCache | None = None,
    ) -> list[Translation]:
        """Translate ``sentences``; the result has one Translation per input, in input order.

        ``on_result(index, translation)``, when given, is called once per input as soon as that
        sentence is complete (so callers can save work as it goes); ``on_progress`` counts them.
        The batches ``cache`` holds are taken from it, the others saved into it.
        """
        ...


def describe(translator: Translator) -> TranslatorInfo:
    """The plain-data description of a loaded translator (what rows, cards and workers need)."""
    return TranslatorInfo(translator.model_name, translator.model_revision, translator.backend, translator.settings())
