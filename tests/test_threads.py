"""Parallel CTranslate2 translators: how the cores are split, and that the split never changes the English."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from songngu.errors import UsageError
from songngu.run import translate_files
from songngu.translate import load_translator
from songngu.translate.loader import _load
from songngu.translate.memory import translate_with_memory
from songngu.translate.threads import ThreadSplit, default_split, parse_split, usable_cores
from tests.helpers import SEEDS, run_cli
from tests.test_resume import run_until_batches, write_short_articles
from tests.tinymodels import TEXT_DIR


@pytest.fixture(autouse=True)
def fresh_loader() -> None:
    _load.cache_clear()
    yield
    _load.cache_clear()


@pytest.mark.parametrize(
    ("cores", "split"), [(1, ThreadSplit(1, 1)), (2, ThreadSplit(2, 1)), (8, ThreadSplit(8, 1)), (16, ThreadSplit(8, 2)), (64, ThreadSplit(8, 8))]
)
def test_the_cores_go_to_parallel_translators_first(cores: int, split: ThreadSplit) -> None:
    assert default_split(cores) == split


@pytest.mark.parametrize(("value", "split"), [("2", ThreadSplit(2, 1)), ("2x1", ThreadSplit(2, 1)), (" 4 x 2 ", ThreadSplit(4, 2))])
def test_threads_option_reads_inter_and_intra(value: str, split: ThreadSplit) -> None:
    assert parse_split(value) == split
    assert str(split) == f"{split.inter}x{split.intra}"


@pytest.mark.parametrize("value", ["0", "2x0", "x2", "two", "2x1x1", "-1"])
def test_a_bad_threads_value_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError, match="--threads"):
        parse_split(value)


def test_parallel_translators_give_the_single_translators_english(tiny_marian_dir: Path) -> None:
    """Random weights and small batches: a batch run by another translator, or out of turn, would show."""
    sentences = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()[:80]
    single = load_translator(tiny_marian_dir, device="cpu", num_beams=1, batch_size=4, threads=ThreadSplit(1, 1))
    parallel = load_translator(tiny_marian_dir, device="cpu", num_beams=1, batch_size=4, threads=ThreadSplit(3, 1))
    assert (single.batches_in_flight, parallel.batches_in_flight) == (2, 6)
    assert parallel.settings()["threads"] == "3x1"
    progress: list[int] = []
    assert translate_with_memory(parallel, sentences, None, on_progress=progress.append).translations == single.translate(sentences)
    assert sum(progress) == len(sentences)


def test_the_split_is_recorded_in_run_json_and_a_bad_one_is_one_line(tiny_marian_dir: Path, tmp_path: Path) -> None:
    article = str(SEEDS / "000_1ab393fd98851d7f.txt")
    done = run_cli("translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--threads", "2x1",
                   "--no-memory", "--no-progress")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["settings"]["threads"] == "2x1"
    bad = run_cli("translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "bad"), "--threads", "2x0", "--no-progress")
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "--threads" in bad.stderr and "INTERxINTRA" in bad.stderr


def test_more_threads_than_cores_runs_with_one_note(tiny_marian_dir: Path, tmp_path: Path) -> None:
    """``--threads 99x99`` on a 2-core machine was taken without a word: 9,801 threads taking turns on two cores."""
    article = str(SEEDS / "000_1ab393fd98851d7f.txt")
    cores = usable_cores()
    split = f"{cores + 1}x2"
    over = run_cli("translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "over"), "--threads", split,
                   "--no-memory", "--no-progress")
    assert over.returncode == 0, over.stderr
    notes = [line for line in over.stderr.splitlines() if f"threads {split}:" in line]
    assert len(notes) == 1 and f"{(cores + 1) * 2} threads on {cores} core" in notes[0] and str(default_split(cores)) in notes[0]
    fitting = run_cli("translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "fitting"), "--no-memory", "--no-progress")
    assert fitting.returncode == 0 and "threads on" not in fitting.stderr


@pytest.mark.parametrize("shape", ["inter", "intra", "api"])
def test_far_more_threads_than_cores_is_refused_before_any_work(shape: str, tiny_marian_dir: Path, tmp_path: Path) -> None:
    """``--threads 100000`` aborted inside CTranslate2, ``1x100000`` segfaulted, ``1x5000`` crawled for ten minutes."""
    too_many = 4 * usable_cores() + 1
    article = str(SEEDS / "000_1ab393fd98851d7f.txt")
    if shape == "api":
        with pytest.raises(UsageError, match=f"threads 1x{too_many}: {too_many} threads for"):
            translate_files(article, tmp_path / "out", model=str(tiny_marian_dir), threads=ThreadSplit(1, too_many), memory=False)
    else:
        value = str(too_many) if shape == "inter" else f"1x{too_many}"
        result = run_cli("translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--threads", value,
                         "--no-memory", "--no-progress")
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
        assert "--threads" in result.stderr and f"give at most {too_many - 1} in all" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_transformers_backend_computes_with_at_most_the_cores(tiny_marian_dir: Path, tmp_path: Path) -> None:
    """``--backend transformers --threads 99x99`` set torch to 9,801 threads: two sentences ran past two minutes."""
    cores = usable_cores()
    split = f"{cores + 1}x2"
    over = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"),
                   "--backend", "transformers", "--threads", split, "--no-memory", "--no-progress")
    assert over.returncode == 0, over.stderr
    notes = [line for line in over.stderr.splitlines() if f"threads {split}:" in line]
    assert len(notes) == 1 and f"computes with the {cores} core" in notes[0], over.stderr


def test_an_interrupted_run_resumes_under_another_split(tiny_marian_dir: Path, tmp_path: Path) -> None:
    """The split changes speed, not rows: the same command with another --threads keeps the finished chunks."""
    articles = tmp_path / "articles"
    write_short_articles(articles, 12, 2)
    args = ["translate", str(articles), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--memory",
            str(tmp_path / "memory.sqlite"), "--no-progress", "--chunk-size", "4", "--workers", "0", "--batch-size", "4"]
    run_until_batches([*args, "--threads", "1x1"], 12, {})
    again = run_cli(*args, "--threads", "2x1")
    assert again.returncode == 0, again.stderr
    assert "kept from the interrupted run" in again.stdout


def test_threads_with_the_ray_engine_is_refused(tiny_marian_dir: Path, tmp_path: Path) -> None:
    from songngu.run import EngineOptions

    with pytest.raises(UsageError, match="--threads|needs Ray"):
        translate_files([str(SEEDS)], tmp_path / "out", model=str(tiny_marian_dir), engine=EngineOptions("ray"), threads=ThreadSplit(2, 1))


class Interrupted(Exception):
    """Raised by the test's timer signal, as Ctrl-C raises KeyboardInterrupt."""


def test_waiting_for_a_queued_batch_can_be_interrupted(tiny_marian_dir: Path) -> None:
    """A signal reaches a caller waiting for its batch while the translator is still busy."""
    import signal
    import threading

    translator = load_translator(tiny_marian_dir, device="cpu", num_beams=1, threads=ThreadSplit(1, 1))
    release = threading.Event()
    words = translator.encode(["Hà Nội"])[0]
    blocker = translator.translator.translate_batch(
        [words], beam_size=1, max_decoding_length=4, callback=lambda step: not release.wait(), asynchronous=True
    )
    outcome = translator.start_batch([words])  # queued behind the blocker, which holds the only translator
    safety = threading.Timer(10, release.set)  # a wait that cannot be interrupted ends, and the test fails, not hangs
    safety.start()

    def interrupt(signum, frame):
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(Interrupted):
            outcome()
        assert not blocker[0].done()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        release.set()
        safety.cancel()
    blocker[0].result()
    assert outcome()[0][0] == translator.translate(["Hà Nội"])[0].text
