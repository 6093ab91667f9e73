"""``songngu translate`` killed mid-run (SIGKILL) and started again: nothing lost, nothing translated twice.

Runs use the default backend (CTranslate2 int8 on CPU). A resumed run forms the same batches
as an uninterrupted one (the memory keeps whole batches), so its output is compared with an
uninterrupted run's byte for byte, also with several batches a chunk and a random-weight model.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import SEEDS, output_rows, run_cli, start_paused
from tests.tinymodels import TEXT_DIR

SENTENCES = 160
ARTICLE_LINES = 10


def write_articles(folder: Path) -> None:
    """FLORES Vietnamese lines as articles of ten paragraphs."""
    folder.mkdir(parents=True)
    lines = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()[:SENTENCES]
    for start in range(0, len(lines), ARTICLE_LINES):
        text = "\n\n".join(lines[start : start + ARTICLE_LINES]) + "\n"
        (folder / f"flores-{start // ARTICLE_LINES:03d}.txt").write_text(text, encoding="utf-8")


def translate_args(articles: Path, out: Path, model: Path, memory: Path) -> list[str]:
    return [
        "translate", str(articles), "--model", str(model), "-o", str(out),
        "--memory", str(memory), "--batch-size", "1", "--beams", "1", "--no-progress",
    ]


def translated_count(summary_line: str) -> int:
    match = re.search(r"(\d+) sentences translated, (\d+) from memory", summary_line)
    assert match, summary_line
    return int(match.group(1))


def memory_rows(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def dataset_rows(out: Path) -> list[dict]:
    return output_rows(out)


@pytest.fixture
def cache_env(tmp_path: Path) -> dict:
    return {"SONGNGU_CACHE": str(tmp_path / "cache")}


def test_killed_run_resumes_without_repeating_or_losing_work(tiny_marian_dir: Path, tmp_path: Path, cache_env: dict) -> None:
    articles = tmp_path / "articles"
    write_articles(articles)
    reference = run_cli(*translate_args(articles, tmp_path / "reference", tiny_marian_dir, tmp_path / "reference.sqlite"), env=cache_env)
    assert reference.returncode == 0, reference.stderr
    distinct = translated_count(reference.stdout)
    batches = memory_rows(tmp_path / "reference.sqlite")  # one sentence, or one piece of a long one, each
    assert batches >= distinct > SENTENCES / 2

    memory = tmp_path / "memory.sqlite"
    args = translate_args(articles, tmp_path / "out", tiny_marian_dir, memory)
    process, _ = start_paused(args, "translated@20", env=cache_env)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    saved = memory_rows(memory)
    assert 0 < saved < batches
    assert not (tmp_path / "out" / "run.json").exists()

    resumed = run_cli(*args, env=cache_env)
    assert resumed.returncode == 0, resumed.stderr
    assert 0 < translated_count(resumed.stdout) < distinct
    assert memory_rows(memory) == batches
    assert dataset_rows(tmp_path / "out") == dataset_rows(tmp_path / "reference")
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["backend"] == "ctranslate2"


def test_translating_the_seeds_twice_translates_nothing_the_second_time(tiny_marian_dir: Path, tmp_path: Path, cache_env: dict) -> None:
    memory = tmp_path / "memory.sqlite"
    first = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "one"), "--memory", str(memory), "--no-progress", env=cache_env)
    assert first.returncode == 0, first.stderr
    assert translated_count(first.stdout) > 0
    second = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "two"), "--memory", str(memory), "--no-progress", env=cache_env)
    assert second.returncode == 0, second.stderr
    assert translated_count(second.stdout) == 0
    assert dataset_rows(tmp_path / "one") == dataset_rows(tmp_path / "two")


def test_no_memory_writes_no_memory(tiny_marian_dir: Path, tmp_path: Path, cache_env: dict) -> None:
    result = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--no-memory", "--no-progress", env=cache_env)
    assert result.returncode == 0, result.stderr
    assert translated_count(result.stdout) > 0
    assert not (tmp_path / "cache" / "memory.sqlite").exists()


def write_short_articles(folder: Path, count: int, lines_each: int) -> None:
    """FLORES Vietnamese lines as ``count`` articles of ``lines_each`` paragraphs."""
    folder.mkdir(parents=True)
    lines = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()
    for index in range(count):
        text = "\n\n".join(lines[index * lines_each : (index + 1) * lines_each]) + "\n"
        (folder / f"a{index:03d}.txt").write_text(text, encoding="utf-8")


def run_until_batches(args: list[str], batches: int, env: dict) -> None:
    """Run the CLI until its memory has saved ``batches`` batches (it cannot go further), then SIGKILL it and its workers."""
    process, _ = start_paused(args, f"stored@{batches}", env=env, start_new_session=True)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def test_runs_killed_at_many_points_resume_to_the_uninterrupted_rows(tiny_marian_dir: Path, tmp_path: Path, cache_env: dict) -> None:
    """Chunks of several batches, a random-weight model (near-ties everywhere: any change of batch
    neighbours changes its English), killed after a few batches, a third, two thirds, all but two."""
    articles = tmp_path / "articles"
    write_short_articles(articles, 40, 2)

    def args(out: Path, *memory: str) -> list[str]:
        return ["translate", str(articles), "--model", str(tiny_marian_dir), "-o", str(out), *memory,
                "--batch-size", "4", "--chunk-size", "10", "--workers", "1", "--beams", "1", "--no-progress"]

    reference = run_cli(*args(tmp_path / "reference", "--memory", str(tmp_path / "reference.sqlite")), env=cache_env)
    assert reference.returncode == 0, reference.stderr
    total = memory_rows(tmp_path / "reference.sqlite")
    assert total > 4 * 4  # several batches in each of the 4 chunks
    expected = dataset_rows(tmp_path / "reference")
    without_memory = run_cli(*args(tmp_path / "no-memory", "--no-memory"), env=cache_env)
    assert without_memory.returncode == 0, without_memory.stderr
    assert dataset_rows(tmp_path / "no-memory") == expected
    for kill_at in (2, total // 3, 2 * total // 3, total - 2):
        out, memory = tmp_path / f"killed-{kill_at}", tmp_path / f"killed-{kill_at}.sqlite"
        run_until_batches(args(out, "--memory", str(memory)), kill_at, cache_env)
        assert memory_rows(memory) == kill_at
        resumed = run_cli(*args(out, "--memory", str(memory)), env=cache_env)
        assert resumed.returncode == 0, resumed.stderr
        assert dataset_rows(out) == expected, f"killed after {kill_at} batches"


def kill_after_chunks(args: list[str], chunks: int, env: dict) -> None:
    """Run the CLI until it has finished ``chunks`` chunks (it cannot go further), then SIGKILL it and its workers."""
    process, _ = start_paused(args, f"finished@{chunks}", env=env, start_new_session=True)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def test_a_resumed_run_redoes_the_kept_chunks_whose_inputs_changed(tiny_marian_dir: Path, tmp_path: Path, cache_env: dict) -> None:
    """Kept chunks were published whatever happened to their inputs since: an edited article kept its old
    text, a deleted one stayed in the dataset, and an article pushed into a kept chunk's place went missing."""
    articles = tmp_path / "articles"
    write_short_articles(articles, 40, 2)

    def args(out: Path) -> list[str]:
        return ["translate", str(articles), "--model", str(tiny_marian_dir), "-o", str(out), "--no-memory",
                "--chunk-size", "10", "--workers", "0", "--beams", "1", "--no-progress"]

    kill_after_chunks(args(tmp_path / "out"), 2, cache_env)
    edited = "Một bài báo đã được sửa lại hoàn toàn.\n"
    (articles / "a015.txt").write_text(edited, encoding="utf-8")  # in kept chunk 1
    (articles / "a025.txt").unlink()  # chunks 2 and 3 shift
    (articles / "a031_new.txt").write_text("Một bài báo mới.\n", encoding="utf-8")
    resumed = run_cli(*args(tmp_path / "out"), env=cache_env)
    assert resumed.returncode == 0, resumed.stderr
    assert "(1 chunk kept from the interrupted run)" in resumed.stdout
    assert "songngu: note: 1 kept chunk not used: the inputs changed since the interrupted run; what they covered was done again" \
        in resumed.stderr.splitlines()
    reference = run_cli(*args(tmp_path / "reference"), env=cache_env)
    assert reference.returncode == 0, reference.stderr
    rows = dataset_rows(tmp_path / "out")
    assert rows == dataset_rows(tmp_path / "reference")
    present = sorted(path.stem for path in articles.iterdir())
    assert sorted({row["article_id"] for row in rows}) == present
    assert [row["translation"]["vi"] for row in rows if row["article_id"] == "a015"] == [edited.strip()]
    assert json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["counts"]["articles"] == len(present)


def test_a_resumed_alignment_redoes_a_kept_chunk_whose_english_side_changed(tmp_path: Path) -> None:
    lines = {language: (TEXT_DIR / f"flores200-devtest-first500.{language}").read_text(encoding="utf-8").splitlines()
             for language in ("vie", "eng")}
    for language, folder in (("vie", tmp_path / "vi"), ("eng", tmp_path / "en")):
        folder.mkdir()
        for index in range(8):
            (folder / f"a{index}.txt").write_text("\n\n".join(lines[language][3 * index : 3 * index + 3]) + "\n", encoding="utf-8")

    def args(out: Path) -> list[str]:
        return ["align", str(tmp_path / "vi"), str(tmp_path / "en"), "-o", str(out), "--chunk-size", "2", "--workers", "0", "--no-progress"]

    kill_after_chunks(args(tmp_path / "out"), 2, {})
    edited = "An English version rewritten since.\n"
    (tmp_path / "en" / "a1.txt").write_text(edited, encoding="utf-8")  # in kept chunk 0, its English side only
    resumed = run_cli(*args(tmp_path / "out"))
    assert resumed.returncode == 0, resumed.stderr
    assert "(1 chunk kept from the interrupted run)" in resumed.stdout
    reference = run_cli(*args(tmp_path / "reference"))
    assert reference.returncode == 0, reference.stderr
    rows = dataset_rows(tmp_path / "out")
    assert rows == dataset_rows(tmp_path / "reference")
    assert edited.strip() in [row["translation"]["en"] for row in rows if row["article_id"] == "a1"]
