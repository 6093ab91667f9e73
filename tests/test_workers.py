"""The local engine's worker processes end with the run, however it ends; a killed worker is replaced,
and a chunk that kills three in a row ends the run in one line."""
from __future__ import annotations

import os
import queue
import re
import subprocess
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from songngu.run.sources import SourceItem
from songngu.wording import plural
from songngu.run.work import Chunk
from tests.helpers import output_rows, run_cli, start_paused
from tests.tinymodels import TEXT_DIR

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")

FLORES = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()


def articles(folder: Path, count: int = 8) -> Path:
    folder.mkdir()
    for index in range(count):
        (folder / f"a{index}.txt").write_text("\n\n".join(FLORES[index * 6 : index * 6 + 6]), encoding="utf-8")
    return folder


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid``."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _parent(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def wait_until_ended(pids: set[int]) -> set[int]:
    """Wait for ``pids`` to end (a minute at most, a guard against hanging); return those still running."""
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return {pid for pid in pids if alive(pid)}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_with_the_main_process_and_release_its_pipes(tmp_path: Path, tiny_marian_dir: Path, how: signal.Signals) -> None:
    """``songngu translate … | tee log`` ends when songngu is killed: nothing it started keeps the pipes open."""
    args = ["translate", str(articles(tmp_path / "in")), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"),
            "--no-progress", "--no-memory", "--chunk-size", "1", "--workers", "2"]
    process, _ = start_paused(args, "translated@1", start_new_session=True)  # the first chunk was prepared by a worker
    started = descendants(process.pid)
    try:
        assert len(started) >= 2, started  # the workers (and the forkserver and resource tracker, if any)
        process.send_signal(how)
        _, stderr = process.communicate(timeout=60)  # both pipes reach their end: no process holds them any more
        assert wait_until_ended(started) == set()
        if how == signal.SIGTERM:  # as Ctrl-C: the finished chunks are kept, one line says the same command resumes
            assert process.returncode == 130 and "run the same command again to resume" in stderr, stderr
        else:  # the resource tracker cleans up in silence (it printed "… leaked semaphore objects …", two lines)
            assert stderr == "", stderr
    finally:
        for pid in started:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def _workers_of(main: int) -> set[int]:
    """The pool's workers: the forkserver's children (the forkserver is the main process's child)."""
    return {pid for pid in descendants(main) if _parent(pid) != main}


def test_a_killed_worker_is_replaced_and_the_run_gives_the_same_rows(tmp_path: Path, tiny_marian_dir: Path) -> None:
    inputs = articles(tmp_path / "in")
    common = ["--model", str(tiny_marian_dir), "--no-progress", "--no-memory", "--chunk-size", "1", "--filter"]
    reference = run_cli("translate", str(inputs), "-o", str(tmp_path / "reference"), *common, "--workers", "0")
    assert reference.returncode == 0, reference.stderr
    out = tmp_path / "out"
    process, _ = start_paused(["translate", str(inputs), "-o", str(out), *common, "--workers", "2"], "translated@1", start_new_session=True)
    try:
        workers = _workers_of(process.pid)
        assert len(workers) == 2, workers
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        assert wait_until_ended({victim}) == set()
        process.send_signal(signal.SIGUSR1)  # go on
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert output_rows(out) == output_rows(tmp_path / "reference")


def _two_chunks_one_worker(tmp_path: Path, model: Path) -> tuple[Path, list[str]]:
    """The output folder and the command of a run of two one-article chunks with one worker."""
    inputs = articles(tmp_path / "in", count=2)
    out = tmp_path / "out"
    return out, ["translate", str(inputs), "-o", str(out), "--model", str(model), "--no-progress", "--no-memory",
                 "--chunk-size", "1", "--workers", "1"]


def _assert_resumes_from_one_chunk(command: list[str], out: Path, tmp_path: Path) -> None:
    """Running ``command`` again keeps the one finished chunk and gives the rows of a run never stopped."""
    rerun = run_cli(*command)
    assert rerun.returncode == 0, rerun.stderr
    assert "resuming: 1 finished chunk" in rerun.stderr
    reference = run_cli(*command[:3], str(tmp_path / "reference"), *command[4:])
    assert reference.returncode == 0, reference.stderr
    assert output_rows(out) == output_rows(tmp_path / "reference")


@contextmanager
def _paused_at_chunk_1(command: list[str]) -> Iterator[subprocess.Popen]:
    """The run of ``command``, paused as its worker is about to write chunk 1; killed with its session on the way out."""
    process, _ = start_paused(command, "writing@2", start_new_session=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_a_chunk_whose_worker_dies_three_times_ends_the_run_in_one_line_naming_its_articles(
    tmp_path: Path, tiny_marian_dir: Path
) -> None:
    """A chunk that kills every worker it is given (out of memory, say) stops the run after 3 tries, keeping what is finished."""
    out, command = _two_chunks_one_worker(tmp_path, tiny_marian_dir)
    with _paused_at_chunk_1(command) as process:
        for death in range(3):
            if death:
                assert next(line for line in process.stderr if line.startswith("songngu: ")) == "songngu: paused at writing\n"
            workers = {pid for pid in _workers_of(process.pid) if alive(pid)}
            assert len(workers) == 1, workers
            os.kill(workers.pop(), signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 2, stderr
    assert stderr.splitlines() == [
        "songngu: error: a worker process died 3 times while working on chunk 1 (in/a1.txt; killed, or out of memory?); the "
        "finished chunks are kept: run the same command again to resume (with fewer --workers if memory is short)"
    ]
    _assert_resumes_from_one_chunk(command, out, tmp_path)


def _next_line(stream, seconds: float) -> str | None:
    """The next line of ``stream``, or None when none comes within ``seconds``."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=seconds)
    except queue.Empty:
        return None


def test_a_second_ctrl_c_while_the_workers_stop_ends_the_run_at_once(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A second Ctrl-C (or SIGTERM) interrupted the pool's stop halfway: the workers waited for work, the
    process waited for them at exit, and the run hung for ever after its 'interrupted' line."""
    out, command = _two_chunks_one_worker(tmp_path, tiny_marian_dir)
    with _paused_at_chunk_1(command) as process:
        process.send_signal(signal.SIGINT)  # the run waits for the chunk being written, which waits at its test point
        note = _next_line(process.stderr, 120)
        assert note == "songngu: note: stopping: finishing 1 translated chunk (Ctrl-C again to stop at once)\n", note
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == [
        f"songngu: error: interrupted: 1 finished chunk (1 article) kept in {out / '.songngu'}; run the same command again to resume"
    ]
    _assert_resumes_from_one_chunk(command, out, tmp_path)


def test_ctrl_c_finishes_and_keeps_the_chunks_its_note_counts_and_no_others(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """The note counted the chunks workers were preparing (read and segmented, not yet translated) as
    "in progress": the stop waited for them, then dropped them, keeping fewer chunks than it said."""
    inputs = articles(tmp_path / "in", count=6)
    out = tmp_path / "out"
    command = ["translate", str(inputs), "-o", str(out), "--model", str(tiny_marian_dir), "--no-progress", "--no-memory",
               "--chunk-size", "1", "--workers", "1"]
    process, _ = start_paused(command, "writing@1", start_new_session=True)  # the worker writes chunk 0 and waits
    try:  # meanwhile the worker's queue holds the preparation of chunk 3, and maybe chunk 1 to write once translated
        process.send_signal(signal.SIGINT)
        note = _next_line(process.stderr, 120)
        match = re.fullmatch(r"songngu: note: stopping: \D*(\d+) \D*chunks?\D*\n", note or "")  # the count, whatever the words
        assert match, note
        [worker] = _workers_of(process.pid)
        os.kill(worker, signal.SIGUSR1)  # let it write
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    promised = int(match.group(1))
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == [f"songngu: error: interrupted: {plural(promised, 'finished chunk')} ({plural(promised, 'article')}) "
                                   f"kept in {out / '.songngu'}; run the same command again to resume"]
    assert sorted(path.name for path in (out / ".songngu" / "chunks").glob("*.parquet")) == [f"{index:05d}.parquet" for index in range(promised)]


def test_a_chunk_names_its_first_and_last_article_of_articles_or_of_pairs() -> None:
    items = [SourceItem(f"a{index}", f"vi/a{index}.txt", path=f"vi/a{index}.txt") for index in range(3)]
    assert Chunk(0, items).inputs() == "vi/a0.txt to vi/a2.txt"
    assert Chunk(0, items[:1]).inputs() == "vi/a0.txt"
    english = SourceItem("a0", "en/a0.txt", path="en/a0.txt")
    assert Chunk(0, [(items[0], english), (items[2], None)]).inputs() == "vi/a0.txt to vi/a2.txt"
