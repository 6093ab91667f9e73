"""Damage the size does not show (a flipped bit, a zero-filled block) is caught by checksums wherever a
run's files are read: publishing, exporting, evaluating (exit 2, one line naming the file) and resuming
(the damaged chunk is done again, with a note); and `load_dataset` never serves an earlier run's rows."""
from __future__ import annotations

import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.helpers import REPO, SEEDS, counting_server, output_rows, run_cli
from tests.tinymodels import TEXT_DIR

FLORES = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("songngu: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def flip_a_bit_parquet_still_reads(path: Path) -> None:
    """Flip the first bit whose flip leaves ``path`` readable as Parquet but with other rows: the
    damage a size check lets through and a reader cannot notice."""
    data = path.read_bytes()
    rows = pq.read_table(io.BytesIO(data)).to_pylist()
    for offset in range(4, len(data) - 8):
        damaged = bytearray(data)
        damaged[offset] ^= 1
        try:
            if pq.read_table(io.BytesIO(bytes(damaged))).to_pylist() != rows:
                path.write_bytes(bytes(damaged))
                return
        except Exception:  # pyarrow noticed this one: look further
            continue
    raise AssertionError(f"no silent bit flip found in {path}")


def zero_fill(path: Path) -> None:
    """Overwrite 4 KiB in the middle of ``path`` with zeros, in place (same size)."""
    size = path.stat().st_size
    start = max(0, size // 2 - 2048)
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.write(bytes(min(4096, size - start)))


DAMAGE = {"flipped-bit": flip_a_bit_parquet_still_reads, "zero-filled": zero_fill}


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory, tiny_marian_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("finished") / "out"
    result = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(out), "--no-progress", "--chunk-size", "1")
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_shard_damaged_in_place_is_named_by_export_eval_and_push(tmp_path: Path, finished: Path, damage: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(finished, out)
    shard = out / json.loads((out / "run.json").read_text())["shards"][1]["path"]
    size = shard.stat().st_size
    DAMAGE[damage](shard)
    assert shard.stat().st_size == size

    exported = run_cli("export", str(out), "--to", str(tmp_path / "exported"))
    evaluated = run_cli("eval", "--hyp", str(out), "--ref", str(SEEDS / "000_1ab393fd98851d7f.txt"))
    with counting_server() as (url, requests):
        pushed = run_cli("push", str(out), "bob/news", env={"HF_ENDPOINT": url, "HF_TOKEN": "hf_bob", "HF_HOME": str(tmp_path / "hf")})
    for result in (exported, evaluated, pushed):
        assert result.returncode == 2, result.stderr
        line = one_error_line(result)
        assert str(shard) in line and "damaged" in line and "run the songngu translate command" in line
    assert requests == []  # nothing was sent to the Hub
    assert not (tmp_path / "exported").exists() or not list((tmp_path / "exported").iterdir())


def _limited(file_bytes: int):
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    return limit


@pytest.mark.parametrize("damage", [*DAMAGE, "zero-filled record"])
def test_a_damaged_kept_chunk_is_done_again_on_resume_and_the_rows_are_the_same(tmp_path: Path, tiny_marian_dir: Path, damage: str) -> None:
    """Three small articles, then a large one whose shard a file-size limit stops (like a full disk):
    the run fails at chunk 3 with chunks 0-2 kept, deterministically; chunk 1 is then damaged."""
    news = tmp_path / "news"
    news.mkdir()
    for index in range(3):
        (news / f"a{index}.txt").write_text("\n\n".join(FLORES[index * 2 : index * 2 + 2]), encoding="utf-8")
    (news / "a3.txt").write_text("\n\n".join(FLORES[100:400]), encoding="utf-8")
    args = ["translate", str(news), "--model", str(tiny_marian_dir), "--no-progress", "--no-memory", "--chunk-size", "1", "--workers", "0"]
    reference = run_cli(*args, "-o", str(tmp_path / "reference"))
    assert reference.returncode == 0, reference.stderr
    sizes = [shard["bytes"] for shard in json.loads((tmp_path / "reference" / "run.json").read_text())["shards"]]
    assert sizes[3] > 2 * max(sizes[:3])
    out = tmp_path / "out"
    stopped = subprocess.run([sys.executable, "-m", "songngu", *args, "-o", str(out)], cwd=REPO, capture_output=True, text=True,
                             preexec_fn=_limited((sizes[3] + max(sizes[:3])) // 2), timeout=300, stdin=subprocess.DEVNULL)
    assert stopped.returncode == 2, stopped.stderr
    chunks = out / ".songngu" / "chunks"
    assert sorted(path.name for path in chunks.glob("*.json")) == ["00000.json", "00001.json", "00002.json"]
    assert f"3 finished chunks (3 articles) kept in {out / '.songngu'}: fix it" in stopped.stderr  # as many as there are

    damaged = chunks / ("00001.json" if damage == "zero-filled record" else "00001.parquet")
    if damage == "zero-filled record":
        damaged.write_bytes(bytes(damaged.stat().st_size))
    else:
        DAMAGE[damage](damaged)
    resumed = run_cli(*args, "-o", str(out))
    assert resumed.returncode == 0, resumed.stderr
    notes = [line for line in resumed.stderr.splitlines() if str(damaged) in line]
    assert len(notes) == 1 and "damaged" in notes[0] and "done again" in notes[0], resumed.stderr
    assert "(2 chunks kept from the interrupted run)" in resumed.stdout
    assert output_rows(out) == output_rows(tmp_path / "reference")


def _load_ids(out: Path, cache: Path) -> list[str]:
    """``datasets.load_dataset(OUT, split="train")`` in a fresh process, as a user runs it, under ``HF_DATASETS_CACHE``."""
    script = "import json, sys, datasets; print(json.dumps(datasets.load_dataset(sys.argv[1], split='train')['id'][:]))"
    loaded = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "HF_DATASETS_CACHE": str(cache), "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"})
    assert loaded.returncode == 0, loaded.stderr
    return json.loads(loaded.stdout.strip().splitlines()[-1])


def test_load_dataset_gives_the_latest_runs_rows_whatever_the_cache_holds(tmp_path: Path, tiny_marian_dir: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "hf-datasets-cache"
    news = tmp_path / "news"
    news.mkdir()
    (news / "first.txt").write_text("\n\n".join(FLORES[:3]), encoding="utf-8")
    ids = []
    for article in ("first", "second"):
        if article == "second":
            (news / "first.txt").unlink()
            (news / "second.txt").write_text("\n\n".join(FLORES[10:14]), encoding="utf-8")
        result = run_cli("translate", str(news), "--model", str(tiny_marian_dir), "-o", str(out), "--no-progress")
        assert result.returncode == 0, result.stderr
        ids.append(_load_ids(out, cache))
        assert ids[-1] == [row["id"] for row in output_rows(out)]
    assert ids[0] != ids[1] and all(row_id.startswith("second-") for row_id in ids[1])


def test_a_zero_filled_shard_of_a_folder_without_checksums_is_one_line_not_a_traceback(tmp_path: Path, finished: Path) -> None:
    """Folders written before checksums were recorded are checked by size only: a shard zeroed in
    place still gets one line from the reader, never a traceback."""
    out = tmp_path / "out"
    shutil.copytree(finished, out)
    run = json.loads((out / "run.json").read_text())
    for shard in run["shards"]:
        del shard["sha256"]
    (out / "run.json").write_text(json.dumps(run))
    shard = out / run["shards"][2]["path"]
    shard.write_bytes(bytes(shard.stat().st_size))
    for args in (["export", str(out), "--to", str(tmp_path / "exported")],
                 ["eval", "--hyp", str(out), "--ref", str(SEEDS / "000_1ab393fd98851d7f.txt")]):
        result = run_cli(*args)
        assert result.returncode == 2, result.stderr
        line = one_error_line(result)
        assert str(shard) in line and "not readable as Parquet" in line


def test_a_folder_a_newer_run_replaces_while_it_is_read_is_named_so_not_damaged(tmp_path: Path) -> None:
    """An export running while a newer run published called a shard damaged and said to run the command that wrote it again."""
    from songngu.errors import SetupError
    from songngu.export.manifest import iter_rows, read_manifest
    from tests.helpers import write_output_folder
    from tests.test_push import _rows, _run_info

    out = tmp_path / "OUT"
    write_output_folder(out, _rows(), _run_info(), chunk_rows=4)
    reading = iter_rows(read_manifest(out))
    next(reading)
    newer = [{**row, "translation": {"vi": row["translation"]["vi"], "en": row["translation"]["en"] + " Again."}} for row in _rows()]
    write_output_folder(out, newer, _run_info(), chunk_rows=4)
    with pytest.raises(SetupError, match="a newer run replaced its files while they were being read") as refused:
        list(reading)
    assert "damaged" not in str(refused.value)
