"""``songngu translate`` killed mid-run (SIGKILL) and started again: nothing lost, nothing translated twice.

Runs use the default backend (CTranslate2 int8 on CPU) with ``--batch-size 1``, so each
sentence's output is independent of which others share its batch, and the resumed run's
output can be compared with an uninterrupted one byte for byte.
"""
from __future__ import annotations

import json
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
            return connection.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
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
    assert distinct == memory_rows(tmp_path / "reference.sqlite") > SENTENCES / 2

    memory = tmp_path / "memory.sqlite"
    args = translate_args(articles, tmp_path / "out", tiny_marian_dir, memory)
    process, _ = start_paused(args, "translated@20", env=cache_env)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    saved = memory_rows(memory)
    assert 0 < saved < distinct
    assert not (tmp_path / "out" / "run.json").exists()

    resumed = run_cli(*args, env=cache_env)
    assert resumed.returncode == 0, resumed.stderr
    assert translated_count(resumed.stdout) == distinct - saved
    assert saved + translated_count(resumed.stdout) == distinct
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
