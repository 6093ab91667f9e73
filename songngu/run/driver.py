"""Drive one run over a corpus: output folder, resume, engine, progress, summary, manifest.

``translate`` and ``align`` differ only in their stages (:mod:`songngu.run.stages`); this
module holds everything else they share, for every engine.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import songngu
from songngu.errors import Interrupted, SetupError
from songngu.export.manifest import DROPPED_FILE, WORK_DIR
from songngu.export.output import OutputFolder
from songngu.processes import refuse_in_a_starting_worker
from songngu.progress import Progress
from songngu.run.fingerprint import inputs_digest
from songngu.run.interrupts import terminate_as_interrupt
from songngu.run.summary import RunSummary
from songngu.run.work import Chunk, ChunkWork, Engine, chunked
from songngu.testpoint import pause_point
from songngu.wording import plural

Report = Callable[[str], None]


@dataclass(frozen=True)
class RunSetup:
    """What a run needs once its output folder is held: resume key, chunk work, manifest fields."""

    key: dict[str, Any]
    work: ChunkWork
    manifest: dict[str, Any]
    memory: Path | None = None


@dataclass(frozen=True)
class RunOptions:
    """How a run writes and reports: where, whether it may replace foreign files, progress, messages."""

    out: Path
    overwrite: bool = False
    show_progress: bool = True
    on_error: Report | None = None
    on_note: Report | None = None


class _Events:
    """Engine events → progress bar, error lines and the summary."""

    def __init__(self, summary: RunSummary, progress: Progress, on_error: Report | None, on_note: Report | None) -> None:
        self.summary = summary
        self.progress = progress
        self.on_error = on_error
        self.on_note = on_note
        self.records: dict[int, dict[str, Any]] = {}
        self._advanced: dict[int, float] = {}
        self._translated = 0
        self._finished = 0

    def translated(self, chunk: Chunk, texts: int, count: int) -> None:
        step = len(chunk.items) * count / texts if texts else 0.0
        self._advanced[chunk.index] = self._advanced.get(chunk.index, 0.0) + step
        self.progress.advance(step, count)
        self._translated += count
        pause_point("translated", self._translated)

    def finished(self, record: dict[str, Any], items: int, *, resumed: bool = False) -> None:
        self.records[record["index"]] = record
        self.summary.add(record, resumed=resumed)
        for error in record.get("errors", []):
            if self.on_error:
                self.on_error(error)
        self.progress.advance(max(0.0, items - self._advanced.pop(record["index"], 0.0)))
        if not resumed:
            self._finished += 1
            pause_point("finished", self._finished)

    def note(self, message: str) -> None:
        if self.on_note:
            self.on_note(message)


def run_corpus(
    options: RunOptions,
    *,
    setup: Callable[[], AbstractContextManager[RunSetup]],
    items: Iterable[Any],
    count: Callable[[], int | None],
    engine: Engine,
    chunk_size: int,
    filtered: bool,
    description: str,
) -> RunSummary:
    """Run the work ``setup`` gives over ``items`` in chunks with ``engine`` and publish the output folder.

    The output folder is checked and held first, then ``setup`` loads what the work needs (the
    model), so a folder that cannot be written fails before any loading. A run with the same
    resume key that was interrupted is resumed: its finished chunks are kept. Returns the
    summary; nothing is published when no article could be read.
    """
    refuse_in_a_starting_worker()
    started = time.perf_counter()
    summary = RunSummary(output=options.out)
    folder = OutputFolder(options.out, overwrite=options.overwrite, note=options.on_note)
    folder.open()
    try:
        with setup() as prepared_run:
            _run(folder, prepared_run, options, summary, items, count, engine, chunk_size, filtered, description)
    except Interrupted:
        folder.close()  # its message names what is kept, in OUT/.songngu
        raise
    except BaseException:
        folder.abandon()  # while the lock is held: OUT/.songngu is no other run's yet
        folder.close()
        raise
    folder.remove_work_dir()
    folder.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _run(
    folder: OutputFolder, run: RunSetup, options: RunOptions, summary: RunSummary, items: Iterable[Any],
    count: Callable[[], int | None], engine: Engine, chunk_size: int, filtered: bool, description: str,
) -> None:
    try:
        done = folder.start(run.key)
    except OSError as error:
        raise SetupError(f"{options.out}: cannot write here ({error.strerror or error}); free space (or fix the cause) and run the command again") from None
    progress = Progress(description, None, rate_unit="sentences", enabled=options.show_progress)  # the rate: texts the model translated
    events = _Events(summary, progress, options.on_error, options.on_note)
    if done and options.on_note:
        options.on_note(f"resuming: {plural(len(done), 'finished chunk')} of an interrupted run kept in {options.out / WORK_DIR}")
    _count_in_background(count, progress)
    changed: list[int] = []
    try:
        with terminate_as_interrupt():
            engine.run(_chunks_to_do(chunked(items, chunk_size), done, folder, events, changed), run.work, events)
    except KeyboardInterrupt:
        raise Interrupted(_interrupted_message(options.out, folder.kept_chunks(), run.memory)) from None
    except OSError as error:
        raise SetupError(f"{options.out}: cannot write ({error.strerror or error}); "
                         f"{_kept(options.out, folder.kept_chunks(), run.memory)}: fix it and run the same command again") from None
    finally:
        progress.close()
    if changed and options.on_note:
        options.on_note(f"{plural(len(changed), 'kept chunk')} not used: the inputs changed since the interrupted run; "
                        "what they covered was done again")
    if summary.articles == 0:
        folder.discard()
        summary.output = None
        return
    _check_contiguous(events.records)
    failed = [error for index in sorted(events.records) for error in events.records[index].get("errors", [])]  # input order
    counts = {
        "articles": summary.articles, "segments": summary.segments, "pairs": summary.pairs,
        "dropped": summary.dropped, "failed_inputs": len(failed),
    }
    if any("retranslated" in record for record in events.records.values()):
        counts["retranslated"] = sum(record.get("retranslated", 0) for record in events.records.values())
    fields = {"songngu_version": songngu.__version__, **run.manifest, "counts": counts, "failed_inputs": failed}
    if "settings" in fields:
        fields["settings"] = engine.settings(fields["settings"])  # how the engine ran the translators
    if filtered:
        fields["drop_reasons"] = _drop_reasons(events.records.values())
    from songngu.export.card import render_card

    try:
        manifest = folder.finalize(list(events.records.values()), fields, render_card, filtered=filtered)
    except OSError as error:
        raise SetupError(
            f"{options.out}: cannot finish writing the output ({error.strerror or error}); free space (or fix the cause) "
            f"and run the same command again: it publishes the finished chunks kept in {options.out / WORK_DIR}"
        ) from None
    if filtered and not any(shard["rows"] for shard in manifest["shards"]) and options.on_note:
        options.on_note(f"{options.out}: the filter kept no row (all {summary.dropped:,} are in {DROPPED_FILE}), so data/ holds "
                        "an empty split, which datasets.load_dataset refuses")


def _chunks_to_do(
    chunks: Iterable[Chunk], done: dict[int, dict[str, Any]], folder: OutputFolder, events: _Events, changed: list[int],
) -> Iterator[Chunk]:
    """The chunks the engine must do. A kept chunk (in ``done``) counts as finished, in its turn, only while
    the inputs it covers are as they were (:mod:`songngu.run.fingerprint`); one whose inputs changed is
    forgotten and done again, and one beyond the inputs' end is forgotten: their indices go on ``changed``."""
    for chunk in chunks:
        record = done.pop(chunk.index, None)
        if record is not None:
            if record.get("inputs") == inputs_digest(chunk.items):
                events.finished(record, len(chunk.items), resumed=True)
                continue
            folder.forget_chunk(chunk.index)
            changed.append(chunk.index)
        yield chunk
    for index in sorted(done):  # the inputs are shorter now: those chunks cover nothing of them
        folder.forget_chunk(index)
        changed.append(index)


def _drop_reasons(records) -> dict[str, int]:
    """Dropped rows per ``drop_reason`` code over the chunks' records."""
    from songngu.align.filtering import in_code_order

    totals: Counter[str] = Counter()
    for record in records:
        totals.update(record.get("drop_reasons") or {})
    return in_code_order(totals)


def _count_in_background(count: Callable[[], int | None], progress: Progress) -> None:
    """Count the corpus's inputs beside the run, for the progress bar's total and ETA."""
    def work() -> None:
        try:
            total = count()
        except Exception:  # only the progress bar depends on it
            return
        if total:
            progress.set_total(total)

    threading.Thread(target=work, name="songngu-count", daemon=True).start()


def _check_contiguous(records: dict[int, dict[str, Any]]) -> None:
    missing = sorted(set(range(len(records))) - set(records))
    if missing:
        raise SetupError(f"chunk {missing[0]} is missing from the run: the inputs changed while it ran; run the command again")


def _interrupted_message(out: Path, kept_chunks: tuple[int, int], memory: Path | None) -> str:
    return f"interrupted: {_kept(out, kept_chunks, memory)}; run the same command again to resume"


def _kept(out: Path, kept_chunks: tuple[int, int], memory: Path | None) -> str:
    """What a stopped run keeps for the next: its finished chunks (as ``OutputFolder.kept_chunks`` counts them) and the memory."""
    chunks, articles = kept_chunks
    kept = f"{plural(chunks, 'finished chunk')} ({plural(articles, 'article')}) kept in {out / WORK_DIR}"
    return kept + (f", every translated batch in {memory}" if memory is not None else "")
