"""What an engine is given: chunks of a corpus, the work on each chunk, and whom to tell."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from songngu.run.stages import PreparedChunk
from songngu.translate.base import ProgressCallback, Translation
from songngu.translate.glossary import Glossary

Item = TypeVar("Item")

DEFAULT_CHUNK_SIZE = 1000
"""Articles per chunk: one Parquet shard each, and the unit a killed run resumes from."""


@dataclass(frozen=True)
class Chunk(Generic[Item]):
    """The ``index``-th run of ``chunk_size`` consecutive inputs of a corpus."""

    index: int
    items: list[Item]

    def inputs(self) -> str:
        """Its first and last input, for a message: ``a.txt to z.txt`` (of pairs, the Vietnamese side)."""
        first, last = (_label(item) for item in (self.items[0], self.items[-1]))
        return first if first == last else f"{first} to {last}"


def _label(item: Any) -> str:
    vietnamese = item[0] if isinstance(item, tuple) else item
    return getattr(vietnamese, "source", None) or repr(vietnamese)


def chunked(items: Iterable[Item], size: int) -> Iterator[Chunk[Item]]:
    """Consecutive chunks of ``size`` items, numbered from 0.

    Chunk boundaries depend only on the order of ``items``, so a resumed run cuts the corpus
    exactly as the first run did.
    """
    batch: list[Item] = []
    index = 0
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield Chunk(index, batch)
            batch, index = [], index + 1
    if batch:
        yield Chunk(index, batch)


@dataclass(frozen=True)
class TranslateSpec:
    """How to load the translator and its memory where a chunk is translated (plain data, for other processes)."""

    model: str | None
    backend: str
    device: str | None
    num_beams: int | None
    batch_size: int | None
    compute_type: str | None
    memory: str | None
    glossary: Glossary | None = None
    keep_names: bool = False


@dataclass(frozen=True)
class ChunkWork:
    """The three steps of one chunk (see :mod:`songngu.run.stages`).

    ``prepare`` and ``finish`` are picklable (they run in worker processes or Ray tasks).
    ``translate_here`` translates in this process, with the translator already loaded, reporting
    each batch's count of finished texts;
    ``translate_spec`` says how another process loads it (None: nothing to translate).
    """

    prepare: Callable[[int, list[Any]], PreparedChunk]
    finish: Callable[[PreparedChunk, list[Translation]], dict[str, Any]]
    translate_here: Callable[[PreparedChunk, ProgressCallback], list[Translation]]
    translate_spec: TranslateSpec | None


class RunEvents(Protocol):
    """What the engine reports, always from the driver's process."""

    def translated(self, chunk: Chunk, texts: int, count: int) -> None:
        """``count`` more of a chunk's ``texts`` texts were translated."""

    def finished(self, record: dict[str, Any], items: int) -> None:
        """A chunk of ``items`` inputs is done: its shard is written; ``record`` holds its counts and failed inputs."""

    def note(self, message: str) -> None:
        """A line for the person running it (on stderr from the command line), such as why a stop takes a while."""


class Engine(Protocol):
    """What runs the chunks of a corpus: :class:`~songngu.run.local.LocalEngine` or :class:`~songngu.run.ray_engine.RayEngine`."""

    def run(self, chunks: Iterator[Chunk], work: ChunkWork, events: RunEvents) -> None:
        """Prepare, translate and finish every chunk, telling ``events`` of each step in the driver's process."""

    def settings(self, translator: dict[str, Any]) -> dict[str, Any]:
        """The run's settings for its manifest, from ``translator``'s and how the engine ran it."""
