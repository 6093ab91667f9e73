"""The Ray engine: the same chunk steps as the local engine, as Ray Data jobs on a cluster.

Each chunk goes through three Ray Data operators: ``prepare`` (CPU tasks: read, segment),
``translate`` (an actor pool: one translator per GPU, or per group of CPU threads, each with
the translation memory), and ``finish`` (CPU tasks: rows, quality signals, filter, and the
chunk's Parquet shard, written into the output folder's work area like the local engine's).
The driver feeds the corpus in windows of chunks, one Ray Data job per window, so its memory
stays flat on any corpus, and learns of each chunk as its shard is written, so an interrupted
run resumes from its finished chunks as the local engine's does.

The actors' share of the cluster leaves room for the CPU tasks (:mod:`~songngu.run.ray_plan`);
a plan that cannot run says so in one line rather than waiting. Ray restarts a lost actor and
retries its chunk, and retries a task whose worker dies, until the ``TRIES``-th death, which stops
the run in one line; Ray's own output stays off the terminal (:mod:`~songngu.run.ray_quiet`).

Every node needs songngu installed, the inputs and the output folder at the same paths (a
shared file system) and the model (a local folder, or the Hugging Face cache).
"""
from __future__ import annotations

import logging
import os
import pickle
import sys
import time
import warnings
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from songngu.errors import SetupError, SongnguError, UsageError, first_line
from songngu.run.ray_plan import (
    TASK_CPUS, ActorPlan, check_private_plan, plan_actors, private_instance_cpus, resources, shortage,
)
from songngu.run.interrupts import terminate_as_interrupt
from songngu.run.ray_quiet import check_reachable, connect_timeout, quiet_ray_data, ray_output_silenced
from songngu.run.work import Chunk, ChunkWork, RunEvents, TranslateSpec
from songngu.testpoint import pause_point
from songngu.translate.threads import split_for

RESOURCE_WAIT_S = 30.0
"""How long a run waits for the cluster to free the CPUs and GPUs its plan needs before it gives up."""
TEST_GATE_ENV = "SONGNGU_RAY_TEST_GATE"
"""Tests only: a folder where each translator actor writes ``ready-init-PID`` once its model is loaded
and ``ready-call-PID`` before each chunk, and each write task ``ready-write-PID`` before it writes a
chunk, and waits there until ``open-init`` / ``open-call`` / ``open-write`` exists, so a test can
kill an actor or a task's worker at a point the run cannot pass."""
NO_ACTORS = ActorPlan(0, 1, 0.0)
"""The plan of a run with nothing to translate (``align`` without a bridge model): CPU tasks only."""
TRIES = 3
"""How often a translator actor, or the worker of a read or write task, may die (killed, out of memory,
its node lost) before the run stops in one line: an actor within one window, a task on one chunk.
Ray Data would restart and retry without limit, so one that died on every try (a node too short of
memory) stalled the run in silence."""
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
    _wait_at_test_gate("write")
    return finish(row["prepared"], row["translations"])


class TranslatorActor:
    """A Ray actor holding one translator and the translation memory; translates whole prepared chunks.

    Ray restarts an actor whose process dies (killed, out of memory, its node lost), also while
    it loads its model, and sends the chunk it was translating again: a lost actor costs time,
    not rows. Its ``TRIES``-th death in a window stops the run.
    """

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
        _wait_at_test_gate("init")

    def _translate(self, row: dict[str, Any]) -> dict[str, Any]:
        from songngu.run.stages import missing_terms_of, translate_prepared

        prepared = row["prepared"]
        missing = missing_terms_of(self.spec.glossary, self.spec.keep_names)
        return {"prepared": prepared, "translations": translate_prepared(self.translator, self.memory, prepared, self.model_dir, missing=missing)}

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        _wait_at_test_gate("call")
        return self._step(row)


def _wait_at_test_gate(point: str) -> None:
    """Tests only (``TEST_GATE_ENV``): say this process reached ``point``, then wait until the test opens it."""
    gate = os.environ.get(TEST_GATE_ENV)
    if not gate:
        return
    Path(gate, f"ready-{point}-{os.getpid()}").touch()
    while not Path(gate, f"open-{point}").exists():
        time.sleep(0.05)


class RayEngine:
    """Runs a corpus's chunks as Ray Data jobs (see the module docstring)."""

    name = "ray"

    def __init__(self, *, address: str | None = None, actors: int | None = None, actor_threads: int | None = None) -> None:
        """Join the cluster at ``address`` with ``actors`` translators of ``actor_threads`` threads.

        Without ``address``, the cluster ``RAY_ADDRESS`` names (Ray's own variable) is joined; without
        either, a Ray instance is started here for the run, even when ``ray start`` runs on this machine,
        and its actors' threads have the local engine's limits (:func:`~songngu.run.ray_plan.check_private_plan`).
        """
        try:
            import ray
            import ray.data  # noqa: F401
        except ImportError:
            raise UsageError("--engine ray needs Ray: pip install 'songngu[ray]'") from None
        self.address_option = "--address" if address else "RAY_ADDRESS"
        if not address:
            address = os.environ.get("RAY_ADDRESS", "").strip()
        self.address = address if address and address != "local" else None
        self.actors = actors
        self.actor_threads = actor_threads
        self.plan: ActorPlan | None = None
        if self.address is None and not ray.is_initialized() and (note := check_private_plan(_cores(), actors, actor_threads)):
            print(f"songngu: note: {note}", file=sys.stderr, flush=True)  # as the local engine's, before the progress bar starts

    def settings(self, translator: dict[str, Any]) -> dict[str, Any]:
        """The run's settings for its manifest: ``translator``'s (loaded in the driver), with the actors
        that translated: how many, the CPU threads each holds and, for a CTranslate2 model, its split."""
        if self.plan is None or not self.plan.actors:
            return translator
        settings = {**translator, "actors": self.plan.actors, "actor_threads": self.plan.threads}
        if "threads" in translator:
            settings["threads"] = str(split_for(self.plan.threads, "cuda" if self.plan.gpus else "cpu"))
        return settings

    def run(self, chunks: Iterator[Chunk], work: ChunkWork, events: RunEvents) -> None:
        """Run every chunk on Ray; ``events`` hears of each finished chunk in this process, its translated texts first."""
        import ray

        started_here = not ray.is_initialized()
        with ray_output_silenced():
            if started_here:
                self._init(ray)
            try:
                with terminate_as_interrupt():  # again: ray.init installs a SIGTERM handler of its own
                    quiet_ray_data()
                    self._run(ray, chunks, work, events)
            finally:
                if started_here:
                    _shutdown(ray)

    def _run(self, ray, chunks: Iterator[Chunk], work: ChunkWork, events: RunEvents) -> None:
        plan = self._plan(ray) if work.translate_spec is not None else _wait_for_room(ray, lambda cpus, gpus: NO_ACTORS)
        self.plan = plan
        first = next(chunks, None)
        if first is None:
            return
        chunk_size = max(1, len(first.items))
        window = max(2, plan.actors * WINDOW_CHUNKS_PER_ACTOR, -(-WINDOW_ARTICLES // chunk_size))
        chunks = chain([first], chunks)
        while batch := list(islice(chunks, window)):
            _wait_for_room(ray, lambda cpus, gpus: plan)
            try:
                self._run_window(batch, work, events, plan)
            except ray.exceptions.ActorDiedError:
                raise SetupError(
                    f"a translator actor died {TRIES} times (killed, or out of memory?); the finished chunks are kept: "
                    "run the same command again to resume (with fewer --actors if memory is short)"
                ) from None
            except ray.exceptions.WorkerCrashedError:
                raise SetupError(
                    f"a Ray worker died {TRIES} times while reading or writing a chunk (killed, or out of memory?); the "
                    "finished chunks are kept: run the same command again to resume"
                ) from None
            except ray.exceptions.RayError as error:
                raise SetupError(
                    f"the Ray cluster failed and Ray could not retry ({first_line(error)}); the finished chunks are kept: "
                    "run the same command again to resume"
                ) from None

    def _init(self, ray) -> None:
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR,
                                   "configure_logging": True}
        if self.address:
            options["address"] = self.address
            check_reachable(self.address, self.address_option)
        else:
            options["address"] = "local"  # not a cluster that RAY_ADDRESS or a `ray start` on this machine names
            # a private instance: no idle workers started ahead, no metrics, so Ray's own services
            # leave the cores to the translators
            options["_system_config"] = {"enable_worker_prestart": False, "prestart_worker_first_driver": False,
                                         "enable_metrics_collection": False}
            options["num_cpus"] = private_instance_cpus(_cores(), self.actors, self.actor_threads)
        try:
            with connect_timeout(bool(self.address)):
                ray.init(**options)
        except ConnectionError:
            raise SetupError(
                f"{self.address_option} {self.address}: no Ray cluster lets this process join there; check the address, "
                "and for a cluster with token authentication set RAY_AUTH_MODE=token"
            ) from None

    def _plan(self, ray) -> ActorPlan:
        """The actors for the cluster's free resources and the user's settings, once they fit (see :mod:`~songngu.run.ray_plan`)."""
        return _wait_for_room(ray, lambda cpus, gpus: plan_actors(cpus, gpus, self.actors, self.actor_threads))

    def _run_window(self, batch: list[Chunk], work: ChunkWork, events: RunEvents, plan: ActorPlan) -> None:
        import ray.data

        by_index = {chunk.index: chunk for chunk in batch}
        dataset = ray.data.from_items(
            [{"index": chunk.index, "data": pickle.dumps((chunk.index, chunk.items)), "failed": False} for chunk in batch],
            override_num_blocks=len(batch),
        )
        with warnings.catch_warnings():  # Ray 2.60 deprecates these retry options but names no other way to set them
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = dataset.map(_guarded(_prepare), fn_args=(work.prepare,), num_cpus=TASK_CPUS, max_retries=TRIES - 1)
            if work.translate_spec is not None:
                dataset = dataset.map(
                    TranslatorActor, fn_constructor_kwargs={"spec": work.translate_spec, "threads": plan.threads},
                    compute=ray.data.ActorPoolStrategy(size=min(plan.actors, len(batch)), max_tasks_in_flight_per_actor=2),
                    num_cpus=plan.threads, num_gpus=plan.gpus, max_restarts=TRIES - 1, max_task_retries=TRIES - 1,
                )
            dataset = dataset.map(_guarded(_finish), fn_args=(work.finish,), num_cpus=TASK_CPUS, max_retries=TRIES - 1)
        for row in dataset.iter_rows():
            result = pickle.loads(row["data"])
            if row["failed"]:
                raise result
            chunk = by_index[row["index"]]
            if texts := result.get("translated", 0) + result.get("from_memory", 0):  # the progress's segments, as a whole chunk
                events.translated(chunk, texts, texts)
            events.finished(result, len(chunk.items))


def _cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _wait_for_room(ray, make_plan) -> ActorPlan:
    """``make_plan(free CPUs, free GPUs)`` once the cluster has room for it and one CPU task.

    Waits up to ``RESOURCE_WAIT_S`` while other work (another job, the last window's actors
    shutting down) holds what the plan needs; a plan the whole cluster cannot hold fails at once.
    """
    deadline = time.monotonic() + RESOURCE_WAIT_S
    while True:
        free, total = ray.available_resources(), ray.cluster_resources()
        free_cpus, free_gpus = free.get("CPU", 0.0), free.get("GPU", 0.0)
        total_cpus, total_gpus = total.get("CPU", 0.0), total.get("GPU", 0.0)
        plan = make_plan(free_cpus, free_gpus)
        missing = shortage(plan, free_cpus, free_gpus)
        if missing is None:
            return plan
        if shortage(plan, total_cpus, total_gpus) is not None:
            raise UsageError(
                f"--engine ray: {missing}, but the Ray cluster has {resources(total_cpus, total_gpus)}: "
                "lower --actors or --actor-threads"
            )
        if time.monotonic() > deadline:
            raise SetupError(
                f"--engine ray: {missing}, but after {RESOURCE_WAIT_S:g} s only {resources(free_cpus, free_gpus)} of the "
                f"Ray cluster's {resources(total_cpus, total_gpus)} are free (other jobs hold the rest): "
                "lower --actors or --actor-threads, or run it when they are done"
            )
        time.sleep(0.5)


def _shutdown(ray) -> None:
    """Stop the private Ray instance. A SIGTERM meanwhile (a second one, the first having stopped the run) is a
    Ctrl-C too, not Ray's own handler, which ended the process with status 15 and no line; Ray's processes are
    still stopped before the interrupt goes on."""
    with terminate_as_interrupt():
        try:
            pause_point("ray-shutdown")
            ray.shutdown()
        except KeyboardInterrupt:
            ray.shutdown()
            raise
