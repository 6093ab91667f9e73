"""The Ray engine: a local Ray instance runs the same stages and writes the same rows as the local engine."""
from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.helpers import SEEDS, output_rows, run_cli, start_paused
from tests.tinymodels import MEMORISED_PAIRS

pytest.importorskip("ray")

RAY = ["--engine", "ray", "--actors", "2", "--actor-threads", "1"]


def translate(out: Path, model: Path, inputs: list[str], *extra: str) -> subprocess.CompletedProcess:
    return run_cli("translate", *inputs, "--model", str(model), "-o", str(out), "--no-progress", "--no-memory",
                   "--chunk-size", "1", *extra, timeout=600)


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds (captions, bylines, repeats) and two articles of memorised sentences."""
    folder = tmp_path_factory.mktemp("articles")
    for path in SEEDS.glob("*.txt"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    vietnamese = [vi for vi, _ in MEMORISED_PAIRS]
    (folder / "memorised-a.txt").write_text("\n\n".join(vietnamese[:5]), encoding="utf-8")
    (folder / "memorised-b.txt").write_text(" ".join(vietnamese[5:]), encoding="utf-8")
    return folder


def test_ray_gives_the_same_rows_as_the_local_engine(tmp_path: Path, memorised_marian_dir: Path, articles: Path) -> None:
    local = translate(tmp_path / "local", memorised_marian_dir, [str(articles)], "--workers", "0")
    assert local.returncode == 0, local.stderr
    on_ray = translate(tmp_path / "ray", memorised_marian_dir, [str(articles)], *RAY)
    assert on_ray.returncode == 0, on_ray.stderr
    assert "Traceback" not in on_ray.stderr
    assert output_rows(tmp_path / "ray") == output_rows(tmp_path / "local")
    manifest = json.loads((tmp_path / "ray" / "run.json").read_text())
    assert manifest["settings"]["engine"] == "ray" and len(manifest["shards"]) == 5
    exported = run_cli("export", str(tmp_path / "ray"), "-f", "moses")
    assert exported.returncode == 0, exported.stderr


def test_ray_actors_use_the_translation_memory(tmp_path: Path, memorised_marian_dir: Path, articles: Path) -> None:
    memory = tmp_path / "memory.sqlite"
    common = ["translate", str(articles), "--model", str(memorised_marian_dir), "--no-progress", "--chunk-size", "1",
              "--memory", str(memory), *RAY]
    first = run_cli(*common, "-o", str(tmp_path / "first"), timeout=600)
    assert first.returncode == 0, first.stderr
    second = run_cli(*common, "-o", str(tmp_path / "second"), timeout=600)
    assert second.returncode == 0, second.stderr
    assert " 0 sentences translated" in second.stdout
    assert output_rows(tmp_path / "second") == output_rows(tmp_path / "first")


def test_an_error_inside_a_ray_task_reaches_the_driver_as_itself(tmp_path: Path) -> None:
    """A finish task that cannot write its shard: the driver gets the OS error, not Ray's wrapper."""
    from functools import partial

    from songngu.run.ray_engine import RayEngine
    from songngu.run.sources import SourceItem
    from songngu.run.stages import ChunkJob, finish_translation, prepare_translation
    from songngu.run.work import Chunk, ChunkWork
    from songngu.translate.base import TranslatorInfo

    unwritable = Path("/sys/kernel/songngu") if os.geteuid() == 0 else tmp_path / "locked" / "work"
    if os.geteuid() != 0:
        (tmp_path / "locked").mkdir(mode=0o555)
    job = ChunkJob(unwritable, frozenset({"sentence"}), translator=TranslatorInfo("tiny", "local", "ctranslate2", {}))
    work = ChunkWork(partial(prepare_translation, job=job), partial(finish_translation, job=job), lambda prepared, progress: [], None)
    chunks = iter([Chunk(0, [SourceItem("a", "a.txt", text="Xin chào các bạn.")])])

    class Events:
        def finished(self, record, items):
            raise AssertionError("no chunk can finish")

    with pytest.raises(OSError) as raised:
        RayEngine(actors=1, actor_threads=1).run(chunks, work, Events())
    assert str(unwritable) in str(raised.value.filename)


def test_ray_resumes_a_run_from_its_finished_chunks(tmp_path: Path, memorised_marian_dir: Path, articles: Path) -> None:
    out = tmp_path / "out"
    args = ["translate", str(articles), "--model", str(memorised_marian_dir), "-o", str(out), "--no-progress", "--no-memory",
            "--chunk-size", "1", "--workers", "1", "--batch-size", "1"]
    process, _ = start_paused(args, "finished@2", start_new_session=True)
    chunks = out / ".songngu" / "chunks"
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    kept = len(list(chunks.glob("*.json")))
    resumed = translate(out, memorised_marian_dir, [str(articles)], *RAY, "--batch-size", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert f"({kept} chunks kept from the interrupted run)" in resumed.stdout
    reference = translate(tmp_path / "reference", memorised_marian_dir, [str(articles)], "--workers", "0", "--batch-size", "1")
    assert reference.returncode == 0
    assert output_rows(out) == output_rows(tmp_path / "reference")


def test_ray_options_without_the_ray_engine_are_usage_errors(tmp_path: Path) -> None:
    result = run_cli("translate", str(SEEDS), "-o", str(tmp_path / "x"), "--actors", "2")
    assert result.returncode == 2 and "--engine ray" in result.stderr
