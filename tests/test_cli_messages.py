"""One clear line for mistakes a new user makes (issue 14): each names the option and the fix.

Real CLI processes, real tiny models, a real dead address for the Hub.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, run_cli

DEAD_HUB = "http://127.0.0.1:9"


def offline_env(tmp_path: Path) -> dict[str, str]:
    return {"HF_ENDPOINT": DEAD_HUB, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_CACHE": str(tmp_path / "hf" / "hub"),
            "SONGNGU_CACHE": str(tmp_path / "songngu-cache"), "SONGNGU_MODELS_LOCK": str(tmp_path / "models.lock")}


def errors(result: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("songngu: error: ")]


def test_an_unsupported_compute_type_is_refused_before_converting(tmp_path, tiny_marian_dir) -> None:
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cpu")
    unsupported = [kind for kind in ("float16", "int8_float16", "bfloat16", "int8_bfloat16") if kind not in supported]
    if not unsupported:
        pytest.skip("this CPU supports every compute type")
    article = tmp_path / "a.txt"
    article.write_text("Xin chào.\n", encoding="utf-8")
    result = run_cli("translate", str(article), "--model", str(tiny_marian_dir), "--compute-type", unsupported[0],
                     "--device", "cpu", "-o", str(tmp_path / "out"), "--no-progress", "--no-memory",
                     env={"SONGNGU_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 2
    assert result.stderr.splitlines() == errors(result) and len(errors(result)) == 1
    line = errors(result)[0]
    assert f"--compute-type {unsupported[0]}" in line and all(kind in line for kind in supported)
    assert "converting" not in result.stderr
    assert not any((tmp_path / "cache").rglob("model.bin"))


def test_a_hub_dataset_without_network_fails_at_once_in_one_line(tmp_path, tiny_marian_dir) -> None:
    result = run_cli("translate", "hf://datasets/someone/news", "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"),
                     "--no-progress", "--no-memory", env=offline_env(tmp_path))
    assert result.returncode == 1
    [line] = errors(result)
    assert "hf://datasets/someone/news" in line and f"cannot reach the Hugging Face Hub at {DEAD_HUB}" in line
    assert "Retrying" not in result.stderr
    assert [line for line in result.stderr.splitlines() if not line.startswith("songngu: note: ")] == [line]


def test_a_json_lines_corpus_without_the_text_field_is_one_line_naming_its_fields(tmp_path, tiny_marian_dir) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"body": f"Bài {n}.", "url": f"u{n}"}) + "\n" for n in range(5)), encoding="utf-8")
    result = run_cli("translate", str(corpus), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"),
                     "--no-progress", "--no-memory")
    assert result.returncode == 1
    [line] = errors(result)
    assert "news.jsonl" in line and "'text'" in line and "body, url" in line and "--text-field" in line


def test_a_missing_text_field_names_text_field_for_parquet(tmp_path, tiny_marian_dir) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    corpus = tmp_path / "news.parquet"
    pq.write_table(pa.table({"text": ["Bài một."], "url": ["u1"]}), corpus)
    result = run_cli("translate", str(corpus), "--text-field", "body", "--model", str(tiny_marian_dir),
                     "-o", str(tmp_path / "out"), "--no-progress", "--no-memory")
    assert result.returncode == 1
    [line] = errors(result)
    assert "no field 'body' (fields: text, url); choose one with --text-field" in line
    unknown_id = run_cli("translate", str(corpus), "--id-field", "link", "--model", str(tiny_marian_dir),
                         "-o", str(tmp_path / "out2"), "--no-progress", "--no-memory")
    assert "no field 'link' (fields: text, url); choose one with --id-field" in errors(unknown_id)[0]


def test_transformers_warns_nothing_about_long_input_songngu_splits(tmp_path, tiny_marian_dir) -> None:
    article = tmp_path / "long.txt"
    article.write_text(" ".join(["chúng tôi đã đi học ở trường làng"] * 20) + ".\n", encoding="utf-8")
    result = run_cli("translate", str(article), "--model", str(tiny_marian_dir), "--backend", "transformers",
                     "-o", str(tmp_path / "out"), "--no-progress", "--no-memory")
    assert result.returncode == 0, result.stderr
    assert "Token indices sequence length" not in result.stderr
    rows = subprocess.run([sys.executable, "-c", "import sys, pyarrow.parquet as pq; "
                           "print(pq.read_table(sys.argv[1]).column('split_for_length').to_pylist())",
                           str(next((tmp_path / "out" / "data").iterdir()))], capture_output=True, text=True)
    assert "True" in rows.stdout  # the sentence was long enough to be split


def test_a_missing_bridge_model_names_bridge_model(tmp_path) -> None:
    vi, en = tmp_path / "a.vi.txt", tmp_path / "a.en.txt"
    vi.write_text("Xin chào.\n", encoding="utf-8")
    en.write_text("Hello.\n", encoding="utf-8")
    result = run_cli("align", str(vi), str(en), "-o", str(tmp_path / "out"), "--bridge-model", "opus-mt-vi-en",
                     "--no-progress", env=offline_env(tmp_path))
    assert result.returncode == 2
    [line] = errors(result)
    assert "songngu models download opus-mt-vi-en" in line and "--bridge-model PATH" in line and "--model PATH" not in line


API_CALLS = """
import sys
from songngu.errors import ModelNotAvailableError
from songngu import translate_article
from songngu.run import align_files
try:
    translate_article("Xin chào.", model="opus-mt-vi-en")
except ModelNotAvailableError as error:
    print(error)
try:
    align_files(sys.argv[1], sys.argv[2], sys.argv[3], bridge_model="opus-mt-vi-en", show_progress=False)
except ModelNotAvailableError as error:
    print(error)
"""


def test_the_api_names_its_own_arguments(tmp_path) -> None:
    import os

    vi, en = tmp_path / "a.vi.txt", tmp_path / "a.en.txt"
    vi.write_text("Xin chào.\n", encoding="utf-8")
    en.write_text("Hello.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", API_CALLS, str(vi), str(en), str(tmp_path / "out")], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, **offline_env(tmp_path)}, timeout=300)
    translate_line, align_line = done.stdout.splitlines()
    assert translate_line.endswith("or pass model=PATH (a local model directory)")
    assert align_line.endswith("or pass bridge_model=PATH (a local model directory)")


def test_an_empty_model_or_a_file_for_a_model_is_named_as_such(tmp_path, tiny_marian_dir) -> None:
    """`--model ""` quietly took the default model; `--model DIR/config.json` said "no such model directory" of a file that exists."""
    article = str(REPO / "seeds" / "000_1ab393fd98851d7f.txt")
    empty = run_cli("translate", article, "-o", str(tmp_path / "out"), "--model", "", env=offline_env(tmp_path))
    assert empty.returncode == 2 and errors(empty) == ["songngu: error: model '': empty; leave it out for the default model (opus-mt-vi-en)"]
    config = tiny_marian_dir / "config.json"
    a_file = run_cli("translate", article, "-o", str(tmp_path / "out"), "--model", str(config), env=offline_env(tmp_path))
    assert a_file.returncode == 2 and errors(a_file) == [
        f"songngu: error: model {config}: a file, not a model directory; give the folder that holds config.json"]
    assert not (tmp_path / "out").exists()
