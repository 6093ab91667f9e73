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
from itertools import chain, islice
from typing import Any

from songngu.errors import SongnguError, UsageError
from songngu.run.work import Chunk, ChunkWork, RunEvents, TranslateSpec

CPUS_PER_ACTOR = 4
"""Threads of a CPU translator actor when ``--actor-threads`` is not given."""
TASK_CPUS = 0.5
"""Logical CPUs a prepare or finish task asks Ray for: they are light next to translation."""
WINDOW_CHUNKS_PER_ACTOR = 8
WINDOW_ARTICLES = 20_000
"""A window (one Ray Data job) holds at least this many articles, and at least
``WINDOW_CHUNKS_PER_ACTOR`` chunks per actor: the actors are started once per window."""


def _portable(error: BaseException) -> BaseException:
    """The error in a form that survives pickling with its message and exit code."""
    if isinstance(error, OSError):
        return OSError(error.errno, error.strerror, error.filename)
    portable = SongnguError(str(error))
    portable.exit_code = getattr(error, "exit_code", portable.exit_code)
    return portable


def _guarded(step):
    """Run one step on a row; a songngu or OS error travels on to the driver as data, not as a Ray failure.

    Ray wraps an exception raised in a task so that its type and chain are lost on the way back;
    a row marked ``failed`` keeps it, and the later steps pass it on untouched.
    """
    def run(row: dict[str, Any], *args: Any) -> dict[str, Any]:
        if row["failed"]:
            return row
        try:
            return {"index": row["index"], "data": pickle.dumps(step(pickle.loads(row["data"]), *args)), "failed": False}
        except (SongnguError, OSError) as error:
            return {"index": row["index"], "data": pickle.dumps(_portable(error)), "failed": True}
    return run


def _prepare(row: dict[str, Any], prepare) -> dict[str, Any]:
    index, items = row
    return {"prepared": prepare(index, items), "translations": []}


def _finish(row: dict[str, Any], finish) -> dict[str, Any]:
    return finish(row["prepared"], row["translations"])


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
        self.spec = spec
        self._step = _guarded(self._translate)

    def _translate(self, row: dict[str, Any]) -> dict[str, Any]:
        from songngu.run.translation import missing_terms_of, translate_prepared

        prepared = row["prepared"]
        missing = missing_terms_of(self.spec.glossary, self.spec.keep_names)
        return {"prepared": prepared, "translations": translate_prepared(self.translator, self.memory, prepared, self.model_dir, missing=missing)}

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        return self._step(row)


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
            first = next(chunks, None)
            if first is None:
                return
            chunk_size = max(1, len(first.items))
            window = max(2, actors * WINDOW_CHUNKS_PER_ACTOR, -(-WINDOW_ARTICLES // chunk_size))
            chunks = chain([first], chunks)
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
            # a private instance: no idle workers started ahead, no metrics, so Ray's own services
            # leave the cores to the translators
            options["_system_config"] = {"enable_worker_prestart": False, "prestart_worker_first_driver": False,
                                         "enable_metrics_collection": False}
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
        context.enable_auto_log_stats = False
        context.enable_get_object_locations_for_metrics = False

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
            [{"index": chunk.index, "data": pickle.dumps((chunk.index, chunk.items)), "failed": False} for chunk in batch],
            override_num_blocks=len(batch),
        )
        dataset = dataset.map(_guarded(_prepare), fn_args=(work.prepare,), num_cpus=TASK_CPUS)
        if work.translate_spec is not None:
            dataset = dataset.map(
                TranslatorActor, fn_constructor_kwargs={"spec": work.translate_spec, "threads": threads},
                compute=ray.data.ActorPoolStrategy(size=min(actors, len(batch)), max_tasks_in_flight_per_actor=2),
                num_cpus=threads, num_gpus=gpus,
                max_restarts=0,
            )
        dataset = dataset.map(_guarded(_finish), fn_args=(work.finish,), num_cpus=TASK_CPUS)
        for row in dataset.iter_rows():
            result = pickle.loads(row["data"])
            if row["failed"]:
                raise result
            events.finished(result, items[row["index"]])
