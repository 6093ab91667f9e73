"""Pick the engine a run uses: this machine's process pool, or a Ray cluster."""
from __future__ import annotations

from songngu.errors import UsageError
from songngu.run.local import LocalEngine

ENGINES = ("local", "ray")


def make_engine(name: str, *, workers: int | None = None, address: str | None = None, actors: int | None = None, actor_threads: int | None = None):
    """The engine called ``name`` with its options; options of the other engine are refused."""
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
