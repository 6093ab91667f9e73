"""The local engine: one model in this process, a pool of CPU workers feeding it.

While the model translates chunk *k*, worker processes already read and segment the chunks
after it and finish (rows, quality signals, filter, Parquet) the chunks before it, so on a GPU
the model is the only limit. Memory stays flat: only a few chunks are in flight at once. A run
of one chunk, or ``workers=0``, does everything in this process.

A worker that dies (SIGKILL, out of memory) is replaced and its work sent again; workers end as
soon as the main process does, however it ends.
"""
from __future__ import annotations

import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain
from typing import Any

from songngu.errors import SetupError, UsageError
from songngu.processes import UNGUARDED_SCRIPT, UNGUARDED_SCRIPT_EXIT, process_alive
from songngu.run.stages import PreparedChunk
from songngu.wording import plural
from songngu.run.work import Chunk, ChunkWork, RunEvents
from songngu.translate.base import Translation


def default_workers() -> int:
    """CPU workers beside the model: one per core this process may use (the model's own driver mostly waits)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores)


class LocalEngine:
    """Runs a corpus's chunks on this machine (see the module docstring)."""

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        """``workers``: CPU worker processes (default :func:`default_workers`; 0 runs everything here)."""
        self.workers = default_workers() if workers is None else workers

    def settings(self, translator: dict[str, Any]) -> dict[str, Any]:
        """The run's settings for its manifest: the translator's, which is the one that translated."""
        return translator

    def run(self, chunks: Iterator[Chunk], work: ChunkWork, events: RunEvents) -> None:
        """Prepare, translate and finish every chunk; ``events`` hears of each step in this process."""
        first = list(_take(chunks, 2))
        chunks = chain(first, chunks)
        if self.workers == 0 or len(first) < 2:
            for chunk in chunks:
                prepared = work.prepare(chunk.index, chunk.items)
                events.finished(work.finish(prepared, _translate(work, prepared, chunk, events)), len(chunk.items))
            return
        self._run_pooled(chunks, work, events)

    def _run_pooled(self, chunks: Iterator[Chunk], work: ChunkWork, events: RunEvents) -> None:
        context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
        _quiet_resource_tracker()
        lookahead = self.workers + 1
        preparing: deque[tuple[Chunk, _Call]] = deque()
        finishing: dict[_Call, Chunk] = {}
        pool = _RenewingPool(self.workers, context)
        try:
            def fill() -> None:
                while len(preparing) < lookahead:
                    chunk = next(chunks, None)
                    if chunk is None:
                        return
                    preparing.append((chunk, pool.submit(chunk, work.prepare, chunk.index, chunk.items)))

            fill()
            while preparing:
                chunk, call = preparing.popleft()
                prepared = pool.result(call)
                fill()
                translations = _translate(work, prepared, chunk, events)
                finishing[pool.submit(chunk, work.finish, prepared, translations)] = chunk
                _collect(pool, finishing, events, block=len(finishing) > self.workers)
            while finishing:
                _collect(pool, finishing, events, block=True)
        except BaseException as error:
            with _second_signal_ends_workers(pool):
                writing = [call for call in finishing if not call.done()]  # translated: only their rows are left to write
                if isinstance(error, KeyboardInterrupt) and writing:
                    events.note(f"stopping: finishing {plural(len(writing), 'translated chunk')} (Ctrl-C again to stop at once)")
                pool.stop(finish=writing)
            for call, chunk in finishing.items():
                if call.succeeded():
                    events.finished(call.future.result(), len(chunk.items))
            raise
        pool.stop()


class WorkerDied(SetupError):
    """A worker process died again and again on the same chunk (killed, or out of memory)."""


@dataclass(eq=False)
class _Call:
    """One call in the worker pool; submitted again when a worker's death loses it."""

    chunk: Chunk
    function: Callable[..., Any]
    args: tuple
    future: Future | None = None
    tries: int = 0

    def lost(self) -> bool:
        """Whether the call must be sent (again): never sent, or lost with a dead worker."""
        future = self.future
        return future is None or (future.done() and (future.cancelled() or isinstance(future.exception(), BrokenProcessPool)))

    def done(self) -> bool:
        """Whether the call returned, failed or was cancelled (one never sent is not)."""
        return self.future is not None and self.future.done()

    def succeeded(self) -> bool:
        """Whether the call returned."""
        return self.future is not None and self.future.done() and not self.future.cancelled() and self.future.exception() is None


QUIET_RESOURCE_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"
"""The warning filter that keeps multiprocessing's resource tracker from printing a two-line Python warning
("… leaked semaphore objects to clean up at shutdown") when this process is killed (SIGKILL): it then
removes the pool's semaphores as ever, in silence."""


def _quiet_resource_tracker() -> None:
    """Have the resource tracker, once Python starts it for the pool, run with :data:`QUIET_RESOURCE_TRACKER`:
    Python passes this process's warning options to the processes it starts itself."""
    if QUIET_RESOURCE_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(QUIET_RESOURCE_TRACKER)


class _RenewingPool:
    """A process pool that replaces its workers when one dies (SIGKILL, out of memory): the calls
    it lost are sent again, each at most ``MAX_TRIES`` times, so the run goes on with the same results."""

    MAX_TRIES = 3

    def __init__(self, workers: int, context: multiprocessing.context.BaseContext) -> None:
        self._workers = workers
        self._context = context
        self._pool = self._start()
        self._calls: set[_Call] = set()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self._workers, mp_context=self._context, initializer=_start_worker, initargs=(os.getpid(),))

    def submit(self, chunk: Chunk, function: Callable[..., Any], *args: Any) -> _Call:
        """Run ``function(*args)``, work on chunk ``chunk``, in a worker."""
        call = _Call(chunk, function, args)
        self._calls.add(call)
        self._send_lost()
        return call

    def result(self, call: _Call) -> Any:
        """The call's result, once it is done (sent again as often as workers die under it)."""
        while True:
            try:
                value = call.future.result()
            except BrokenProcessPool:
                self._renew()
                continue
            self._calls.discard(call)
            return value

    def wait_any(self, calls: list[_Call]) -> list[_Call]:
        """Wait until one of ``calls`` is done (or lost); return those done."""
        wait([call.future for call in calls], return_when=FIRST_COMPLETED)
        return [call for call in calls if call.future.done()]

    def stop(self, finish: Collection[_Call] = ()) -> None:
        """Stop the workers once the calls ``finish`` are done. Every other call is dropped, not waited for:
        those no worker has taken are cancelled, and workers still busy with one are ended (SIGKILL)."""
        for call in self._calls.difference(finish):
            if call.future is not None:
                call.future.cancel()
        wait([call.future for call in finish if call.future is not None])
        if any(not call.done() for call in self._calls if call.future is not None):
            self.end_workers()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def end_workers(self) -> None:
        """End every worker at once (SIGKILL), as a second Ctrl-C does: the calls they ran are lost, and a
        chunk they were writing is whole or absent (its files are written whole, and checked when the run resumes)."""
        for worker in self._worker_processes():
            if worker.exitcode is None:
                worker.kill()

    def _worker_processes(self) -> list:
        """The pool's worker processes, the dead ones too: the executor keeps them until it shuts down."""
        return list((getattr(self._pool, "_processes", None) or {}).values())

    def _renew(self) -> None:
        self._stop_if_the_script_is_unguarded()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._start()
        self._send_lost()

    def _stop_if_the_script_is_unguarded(self) -> None:
        """Stop the run in one line when a worker ended because the user's script, which it was importing
        again, starts a run there (:func:`~songngu.processes.refuse_in_a_starting_worker`): every new
        worker would end the same way."""
        if any(worker.exitcode == UNGUARDED_SCRIPT_EXIT for worker in self._worker_processes()):
            self._pool.shutdown(wait=True, cancel_futures=True)
            raise UsageError(UNGUARDED_SCRIPT)

    def _send_lost(self) -> None:
        while True:
            try:
                for call in [call for call in self._calls if call.lost()]:
                    if call.tries == self.MAX_TRIES:
                        raise WorkerDied(
                            f"a worker process died {self.MAX_TRIES} times while working on chunk {call.chunk.index} "
                            f"({call.chunk.inputs()}; killed, or out of memory?); the finished chunks are kept: run the same "
                            "command again to resume (with fewer --workers if memory is short)"
                        )
                    call.tries += 1
                    call.future = self._pool.submit(call.function, *call.args)
                return
            except BrokenProcessPool:
                self._stop_if_the_script_is_unguarded()
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = self._start()


@contextmanager
def _second_signal_ends_workers(pool: _RenewingPool) -> Iterator[None]:
    """Within the block (the pool stopping), Ctrl-C or SIGTERM ends the workers at once instead of
    interrupting the stop halfway: that left workers waiting for work and the process waiting for
    them at exit, for ever."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is not signal.SIG_IGN:
            previous[number] = signal.signal(number, lambda signum, frame: pool.end_workers())
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _translate(work: ChunkWork, prepared: PreparedChunk, chunk: Chunk, events: RunEvents) -> list[Translation]:
    texts = len(prepared.texts)
    return work.translate_here(prepared, lambda count: events.translated(chunk, texts, count))


def _collect(pool: _RenewingPool, finishing: dict[_Call, Chunk], events: RunEvents, *, block: bool) -> None:
    """Report the finished chunks and forget them; with ``block``, wait for at least one."""
    done = pool.wait_any(list(finishing)) if block else [call for call in finishing if call.future.done()]
    for call in done:
        record = pool.result(call)
        events.finished(record, len(finishing.pop(call).items))


def _take(iterator: Iterator[Chunk], count: int) -> Iterator[Chunk]:
    for _ in range(count):
        item = next(iterator, None)
        if item is None:
            return
        yield item


def _start_worker(main_pid: int) -> None:
    """Set a worker up: it leaves Ctrl-C to the main process (which stops it cleanly and says what was
    kept), and ends as soon as the main process is gone, however that ended (SIGKILL included), so
    nothing holds the run's terminal or pipes (``songngu … | tee log`` ends)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(main_pid,), name="songngu-watch-main", daemon=True).start()


def _exit_with(main_pid: int) -> None:
    """Wait for process ``main_pid`` to end, then end this process at once.

    A worker is the forkserver's child, not the main process's, so the parent-death signal of
    Linux cannot tell it; a pidfd can (Linux 5.3), else the process is looked for every second.
    """
    try:
        watched = os.pidfd_open(main_pid)
    except (AttributeError, OSError):
        watched = None
    if watched is not None:
        select.select([watched], [], [])
    else:
        while process_alive(main_pid):
            time.sleep(1)
    os._exit(1)
