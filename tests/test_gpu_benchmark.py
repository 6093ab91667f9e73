"""``benchmarks/gpu.py`` stays runnable: one line and exit 0 without a GPU, every code path on CPU with tiny models."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

SCRIPT = REPO / "benchmarks" / "gpu.py"


def run_script(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "SONGNGU_CACHE": str(tmp_path / "cache")}, timeout=600, stdin=subprocess.DEVNULL)


def test_without_a_gpu_it_says_so_in_one_line_and_exits_0(tmp_path: Path) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a GPU")
    done = run_script("--json", str(tmp_path / "gpu.json"), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and "no CUDA GPU" in done.stdout
    assert not (tmp_path / "gpu.json").exists()


def test_cpu_smoke_runs_every_measurement_and_writes_json(tiny_marian_dir: Path, tiny_nllb_dir: Path, tmp_path: Path) -> None:
    done = run_script(
        "--cpu-smoke", "--json", str(tmp_path / "gpu.json"), "--work-dir", str(tmp_path / "work"), "--pipeline-copies", "1",
        "--model-dir", f"opus-mt-vi-en={tiny_marian_dir}", "--model-dir", f"nllb-600m={tiny_nllb_dir}", tmp_path=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "gpu.json").read_text(encoding="utf-8"))
    systems = {(row["model"], row["system"], row["beams"]) for row in report["rows"]}
    for model in ("opus-mt-vi-en", "nllb-600m"):
        for beams in (1, 4):
            assert {(model, "ctranslate2 int8", beams), (model, "ctranslate2 float32", beams), (model, "transformers fp32", beams)} <= systems
    pipeline = [row for row in report["rows"] if row["system"].startswith("songngu translate pipeline")]
    assert len(pipeline) == 1 and pipeline[0]["sentences"] > 0 and pipeline[0]["x_model_alone"] > 0
    assert all(row["target_tokens_per_s"] > 0 for row in report["rows"] if row["system"].startswith("ctranslate2"))
    assert "| model | system | beams |" in done.stdout and "9,297" in done.stdout
