"""Corpus-scale runs: chunks and shards, worker processes, resume by chunk, corpora as users hold them."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.helpers import SEEDS, load_output, output_rows, run_cli, start_paused
from tests.hub_server import HubServer
from tests.tinymodels import TEXT_DIR

FLORES = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()


def flores_articles(folder: Path, count: int, lines: int = 8) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        chosen = FLORES[index * lines % 480 : index * lines % 480 + lines]
        (folder / f"a{index:03d}.txt").write_text("\n\n".join(chosen), encoding="utf-8")
    return folder


def translate(inputs: list[str], out: Path, model: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_cli("translate", *inputs, "--model", str(model), "-o", str(out), "--no-progress", "--no-memory", *extra, env=env)


def test_worker_processes_and_chunking_do_not_change_the_rows(tmp_path: Path, tiny_marian_dir: Path) -> None:
    articles = flores_articles(tmp_path / "in", 6)
    translate([str(articles)], tmp_path / "pooled", tiny_marian_dir, "--chunk-size", "2", "--workers", "2")
    translate([str(articles)], tmp_path / "here", tiny_marian_dir, "--chunk-size", "2", "--workers", "0")
    pooled, here = output_rows(tmp_path / "pooled"), output_rows(tmp_path / "here")
    assert pooled == here and len({row["article_id"] for row in pooled}) == 6
    manifest = json.loads((tmp_path / "pooled" / "run.json").read_text())
    for index, shard in enumerate(manifest["shards"]):  # the name carries the start of the file's SHA-256
        assert shard["sha256"] == hashlib.sha256((tmp_path / "pooled" / shard["path"]).read_bytes()).hexdigest()
        assert shard["path"] == f"data/segments-{index:05d}-{shard['sha256'][:16]}.parquet"
    assert len(manifest["shards"]) == 3
    assert sum(shard["rows"] for shard in manifest["shards"]) == manifest["counts"]["segments"] == len(pooled)
    assert "articles" not in manifest  # the manifest does not grow with the corpus: shards, not article ids


def test_load_dataset_reads_only_what_the_manifest_lists(tmp_path: Path, tiny_marian_dir: Path) -> None:
    out = tmp_path / "out"
    assert translate([str(SEEDS)], out, tiny_marian_dir, "--chunk-size", "2").returncode == 0
    pq.write_table(pq.read_table(out / json.loads((out / "run.json").read_text())["shards"][0]["path"]), out / "data" / "stray.parquet")
    assert len(load_output(out)) == len(output_rows(out)) == json.loads((out / "run.json").read_text())["counts"]["segments"]


def _finished_chunks(out: Path) -> int:
    folder = out / ".songngu" / "chunks"
    return len(list(folder.glob("*.json"))) if folder.is_dir() else 0


def test_a_killed_run_keeps_its_finished_chunks_and_resumes_to_the_same_rows(tmp_path: Path, tiny_marian_dir: Path) -> None:
    articles = flores_articles(tmp_path / "in", 12, lines=10)
    reference = translate([str(articles)], tmp_path / "reference", tiny_marian_dir, "--chunk-size", "2", "--batch-size", "4")
    assert reference.returncode == 0, reference.stderr
    out = tmp_path / "out"
    args = ["translate", str(articles), "--model", str(tiny_marian_dir), "-o", str(out), "--no-progress", "--no-memory",
            "--chunk-size", "2", "--batch-size", "4", "--workers", "1"]
    process, _ = start_paused(args, "finished@2", start_new_session=True)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    kept = _finished_chunks(out)
    assert 2 <= kept < 6 and not (out / "run.json").exists()
    resumed = run_cli(*args)
    assert resumed.returncode == 0, resumed.stderr
    assert f"({kept} chunks kept from the interrupted run)" in resumed.stdout
    assert "resuming" in resumed.stderr
    assert output_rows(out) == output_rows(tmp_path / "reference")
    assert not (out / ".songngu").exists()


def test_jsonl_and_parquet_corpora_with_chosen_fields(tmp_path: Path, tiny_marian_dir: Path) -> None:
    with gzip.open(tmp_path / "news.jsonl.gz", "wt", encoding="utf-8") as handle:
        for index in range(3):
            handle.write(json.dumps({"url": f"https://vnexpress.net/{index}", "body": FLORES[index]}, ensure_ascii=False) + "\n")
        handle.write(json.dumps({"url": "https://vnexpress.net/empty", "body": ""}) + "\n")
    out = tmp_path / "jsonl"
    result = translate([str(tmp_path / "news.jsonl.gz")], out, tiny_marian_dir, "--text-field", "body", "--id-field", "url")
    assert result.returncode == 1 and "news.jsonl.gz:4: is empty" in result.stderr
    rows = output_rows(out)
    assert [row["article_id"] for row in rows if row["segment"] == 0] == [f"https://vnexpress.net/{index}" for index in range(3)]
    assert rows[0]["source"] == f"{tmp_path.name}/news.jsonl.gz:1"

    pq.write_table(pa.table({"text": FLORES[3:6]}), tmp_path / "news.parquet")
    out = tmp_path / "parquet"
    assert translate([str(tmp_path / "news.parquet")], out, tiny_marian_dir).returncode == 0
    assert {row["article_id"] for row in output_rows(out)} == {"news:0", "news:1", "news:2"}


def test_a_saved_dataset_and_a_hub_dataset_stream_in(tmp_path: Path, tiny_marian_dir: Path) -> None:
    import datasets

    saved = tmp_path / "saved"
    datasets.Dataset.from_dict({"text": FLORES[:3], "id": ["x", "y", "z"]}).save_to_disk(str(saved))
    out = tmp_path / "from-disk"
    assert translate([str(saved)], out, tiny_marian_dir, "--id-field", "id").returncode == 0
    assert {row["article_id"] for row in output_rows(out)} == {"x", "y", "z"}

    shard = tmp_path / "train.parquet"
    pq.write_table(pa.table({"text": FLORES[10:14]}), shard)
    with HubServer({"hf_bob": "bob"}) as hub:
        env = {"HF_ENDPOINT": hub.url, "HF_HUB_DISABLE_XET": "1", "HF_TOKEN": "hf_bob", "HF_HOME": str(tmp_path / "hf"),
               "HF_DATASETS_CACHE": str(tmp_path / "hf-datasets")}
        upload = subprocess.run(
            [sys.executable, "-c", "import sys; from huggingface_hub import HfApi; api = HfApi(); "
             "api.create_repo('bob/vi-news', repo_type='dataset'); "
             "api.upload_file(path_or_fileobj=sys.argv[1], path_in_repo='data/train-00000.parquet', repo_id='bob/vi-news', repo_type='dataset')",
             str(shard)], env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
        )
        assert upload.returncode == 0, upload.stderr
        out = tmp_path / "from-hub"
        result = translate(["hf://datasets/bob/vi-news"], out, tiny_marian_dir, env=env)
        assert result.returncode == 0, result.stderr
        assert hub.state.unknown == []
    assert {row["article_id"] for row in output_rows(out)} == {f"bob/vi-news:{index}" for index in range(4)}


def test_align_streams_folders_in_chunks(tmp_path: Path) -> None:
    data = Path(__file__).parent / "data" / "bilingual"
    for side in ("vi", "en"):
        (tmp_path / side).mkdir()
        for index in range(3):
            (tmp_path / side / f"n{index}.txt").write_text((data / f"flores_0.{side}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    whole = run_cli("align", str(tmp_path / "vi"), str(tmp_path / "en"), "-o", str(tmp_path / "whole"), "--no-progress")
    chunked = run_cli("align", str(tmp_path / "vi"), str(tmp_path / "en"), "-o", str(tmp_path / "chunked"), "--no-progress",
                      "--chunk-size", "1", "--workers", "2")
    assert whole.returncode == chunked.returncode == 0, chunked.stderr
    assert output_rows(tmp_path / "whole") == output_rows(tmp_path / "chunked")
    assert len(json.loads((tmp_path / "chunked" / "run.json").read_text())["shards"]) == 3
