"""The Ray engine: the same chunk steps as the local engine, as Ray Data jobs on a cluster.

Each chunk goes through three Ray Data operators: ``prepare`` (CPU tasks: read, segment),
``translate`` (an actor pool: one translator per GPU, or per group of CPU threads, each with
the translation memory), and ``finish`` (CPU tasks: rows, quality signals, filter, and the
chunk's Parquet shard, written into the output folder's work area like the local engine's).
The driver feeds the corpus in windows of chunks, one Ray Data job per window, so its memory
stays flat on any corpus, and learns of each chunk as its shard is written, so an interrupted
run resumes from its finished chunks as the local engine's does.

Every node needs songngu installed, the inputs and the output folder at the same paths (a
shared file system) and the model (a local folder, or the Hugging Face cache).
"""
from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterator
from itertools import islice
from typing import Any

from songngu.errors import SongnguError, UsageError
from songngu.run.work import Chunk, ChunkWork, RunEvents, TranslateSpec

CPUS_PER_ACTOR = 4
"""Threads of a CPU translator actor when ``--actor-threads`` is not given."""
TASK_CPUS = 0.5
"""Logical CPUs a prepare or finish task asks Ray for: they are light next to translation."""
WINDOW_CHUNKS_PER_ACTOR = 8


class TranslatorActor:
    """A Ray actor holding one translator and the translation memory; translates whole prepared chunks."""

    def __init__(self, spec: TranslateSpec, threads: int | None) -> None:
        from songngu.translate import load_translator, resolve_model
        from songngu.translate.memory import TranslationMemory

        self.translator = load_translator(
            spec.model, backend=spec.backend, device=spec.device, num_beams=spec.num_beams,
            batch_size=spec.batch_size, compute_type=spec.compute_type, threads=threads,
        )
        self.model_dir = resolve_model(spec.model).path
        self.memory = TranslationMemory(spec.memory) if spec.memory else None

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        from songngu.run.translation import translate_prepared

        prepared = pickle.loads(row["prepared"])
        translations = translate_prepared(self.translator, self.memory, prepared, self.model_dir)
        return {"index": row["index"], "prepared": pickle.dumps(prepared), "translations": pickle.dumps(translations)}


def _prepare(row: dict[str, Any], prepare) -> dict[str, Any]:
    prepared = prepare(row["index"], pickle.loads(row["items"]))
    return {"index": row["index"], "prepared": pickle.dumps(prepared), "translations": pickle.dumps([])}


def _finish(row: dict[str, Any], finish) -> dict[str, Any]:
    record = finish(pickle.loads(row["prepared"]), pickle.loads(row["translations"]))
    return {"index": row["index"], "record": pickle.dumps(record)}


class RayEngine:
    """Runs a corpus's chunks as Ray Data jobs (see the module docstring)."""

    name = "ray"

    def __init__(self, *, address: str | None = None, actors: int | None = None, actor_threads: int | None = None) -> None:
        """Join the cluster at ``address`` (default: start one here) with ``actors`` translators of ``actor_threads`` threads."""
        try:
            import ray  # noqa: F401
            import ray.data  # noqa: F401
        except ImportError:
            raise UsageError("--engine ray needs Ray: pip install 'songngu[ray]'") from None
        self.address = address
        self.actors = actors
        self.actor_threads = actor_threads

    def run(self, chunks: Iterator[Chunk], work: ChunkWork, events: RunEvents) -> None:
        """Run every chunk on Ray; ``events`` hears of each finished chunk in this process."""
        import ray

        started_here = not ray.is_initialized()
        if started_here:
            self._init(ray)
        try:
            actors, threads, gpus = self._pool(ray)
            window = max(2, actors * WINDOW_CHUNKS_PER_ACTOR)
            while batch := list(islice(chunks, window)):
                self._run_window(batch, work, events, actors, threads, gpus)
        finally:
            if started_here:
                ray.shutdown()

    def _init(self, ray) -> None:
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR,
                                   "configure_logging": True}
        if self.address:
            options["address"] = self.address
        else:
            cores = os.cpu_count() or 1
            wanted = (self.actors or 1) * (self.actor_threads or 1) + 1
            options["num_cpus"] = max(cores, wanted)
        try:
            ray.init(**options)
        except ConnectionError as error:
            raise SongnguError(f"--address {self.address}: cannot join the Ray cluster ({error})") from None
        import ray.data

        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False

    def _pool(self, ray) -> tuple[int, int, float]:
        """Translator actors, threads each, and GPUs each (one GPU per actor when the cluster has GPUs)."""
        resources = ray.cluster_resources()
        gpus = int(resources.get("GPU", 0))
        cpus = int(resources.get("CPU", 1))
        if gpus:
            return self.actors or gpus, self.actor_threads or 1, 1.0
        threads = self.actor_threads or min(CPUS_PER_ACTOR, cpus)
        return self.actors or max(1, cpus // threads), threads, 0.0

    def _run_window(self, batch: list[Chunk], work: ChunkWork, events: RunEvents, actors: int, threads: int, gpus: float) -> None:
        import ray.data

        items = {chunk.index: len(chunk.items) for chunk in batch}
        dataset = ray.data.from_items(
            [{"index": chunk.index, "items": pickle.dumps(chunk.items)} for chunk in batch], override_num_blocks=len(batch)
        )
        dataset = dataset.map(_prepare, fn_kwargs={"prepare": work.prepare}, num_cpus=TASK_CPUS)
        if work.translate_spec is not None:
            dataset = dataset.map(
                TranslatorActor, fn_constructor_kwargs={"spec": work.translate_spec, "threads": threads},
                compute=ray.data.ActorPoolStrategy(size=min(actors, len(batch))), num_cpus=threads, num_gpus=gpus,
                max_restarts=0,
            )
        dataset = dataset.map(_finish, fn_kwargs={"finish": work.finish}, num_cpus=TASK_CPUS)
        try:
            for row in dataset.iter_rows():
                events.finished(pickle.loads(row["record"]), items[row["index"]])
        except Exception as error:  # a task's own error arrives wrapped by Ray
            cause = _root_cause(error)
            if isinstance(cause, (SongnguError, OSError)):
                raise cause from None
            raise


def _root_cause(error: BaseException) -> BaseException:
    seen = set()
    while id(error) not in seen:
        seen.add(id(error))
        following = getattr(error, "cause", None) or error.__cause__
        if following is None:
            break
        error = following
    return error
