"""The local engine: one model in this process, a pool of CPU workers feeding it.

While the model translates chunk *k*, worker processes already read and segment the chunks
after it and finish (rows, quality signals, filter, Parquet) the chunks before it, so on a GPU
the model is the only limit. Memory stays flat: only a few chunks are in flight at once. A run
of one chunk, or ``workers=0``, does everything in this process.
"""
from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import chain

from songngu.run.stages import PreparedChunk
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
        lookahead = self.workers + 1
        preparing: deque[tuple[Chunk, Future]] = deque()
        finishing: dict[Future, Chunk] = {}
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
        try:
            def fill() -> None:
                while len(preparing) < lookahead:
                    chunk = next(chunks, None)
                    if chunk is None:
                        return
                    preparing.append((chunk, pool.submit(work.prepare, chunk.index, chunk.items)))

            fill()
            while preparing:
                chunk, future = preparing.popleft()
                prepared = future.result()
                fill()
                translations = _translate(work, prepared, chunk, events)
                finishing[pool.submit(work.finish, prepared, translations)] = chunk
                _collect(finishing, events, block=len(finishing) > self.workers)
            while finishing:
                _collect(finishing, events, block=True)
        except BaseException:
            for _, future in preparing:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            for future, chunk in finishing.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    events.finished(future.result(), len(chunk.items))
            raise
        pool.shutdown(wait=True)


def _translate(work: ChunkWork, prepared: PreparedChunk, chunk: Chunk, events: RunEvents) -> list[Translation]:
    texts = len(prepared.texts)
    return work.translate_here(prepared, lambda count: events.translated(chunk, texts, count))


def _collect(finishing: dict[Future, Chunk], events: RunEvents, *, block: bool) -> None:
    """Report the finished chunks and forget them; with ``block``, wait for at least one."""
    if block:
        done, _ = wait(finishing, return_when=FIRST_COMPLETED)
    else:
        done = [future for future in finishing if future.done()]
    for future in done:
        chunk = finishing.pop(future)
        events.finished(future.result(), len(chunk.items))


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
        while _running(main_pid):
            time.sleep(1)
    os._exit(1)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
