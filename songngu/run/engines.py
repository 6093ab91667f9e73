"""Pick the engine a run uses: this machine's process pool, or a Ray cluster."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from songngu.errors import UsageError
from songngu.run.local import LocalEngine
from songngu.run.work import DEFAULT_CHUNK_SIZE

if TYPE_CHECKING:
    from songngu.run.ray_engine import RayEngine

ENGINES = ("local", "ray")


@dataclass(frozen=True)
class EngineOptions:
    """Which engine runs a corpus and how: ``local`` with ``workers`` CPU processes, or ``ray`` at
    ``address`` with ``actors`` translators of ``actor_threads`` threads; ``chunk_size`` articles a shard."""

    name: str = "local"
    workers: int | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE
    address: str | None = None
    actors: int | None = None
    actor_threads: int | None = None


def engine_options(engine: EngineOptions | str) -> EngineOptions:
    """``engine`` as :class:`EngineOptions`: an engine's name (``"local"``, ``"ray"``) means its defaults."""
    return EngineOptions(engine) if isinstance(engine, str) else engine


def make_engine(options: EngineOptions) -> LocalEngine | RayEngine:
    """The engine ``options`` name; options of the other engine are refused."""
    name, workers, address, actors, actor_threads = options.name, options.workers, options.address, options.actors, options.actor_threads
    if options.chunk_size < 1:
        raise UsageError(f"--chunk-size must be at least 1, got {options.chunk_size}")
    if name == "local":
        if address is not None or actors is not None or actor_threads is not None:
            raise UsageError("--address, --actors and --actor-threads need --engine ray")
        if workers is not None and workers < 0:
            raise UsageError(f"--workers must be 0 or more, got {workers}")
        return LocalEngine(workers)
    if name == "ray":
        if workers is not None:
            raise UsageError("--workers is for --engine local; Ray schedules its own CPU tasks")
        from songngu.run.ray_engine import RayEngine

        return RayEngine(address=address, actors=actors, actor_threads=actor_threads)
    raise UsageError(f"engine {name!r}: choose one of {', '.join(ENGINES)}")
