"""`songngu models download` and `models lock` online, against a real Hub server on 127.0.0.1; then offline use."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import SEEDS, run_cli
from tests.hub_server import HubServer

TOKEN = "hf_helsinki"
UPLOAD = """
import sys
from huggingface_hub import HfApi
api = HfApi()
api.create_repo(sys.argv[1], repo_type="model")
api.upload_folder(folder_path=sys.argv[2], repo_id=sys.argv[1], repo_type="model")
"""


def hub_env(hub: HubServer, tmp_path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("HF_HUB_OFFLINE",)}
    env.update(
        HF_ENDPOINT=hub.url,
        HF_HUB_DISABLE_XET="1",
        HF_TOKEN=TOKEN,
        HF_HOME=str(tmp_path / "hf"),
        HF_HUB_CACHE=str(tmp_path / "hf" / "hub"),
        SONGNGU_MODELS_LOCK=str(tmp_path / "models.lock"),
    )
    return env


def test_download_then_lock_then_translate_offline(tmp_path, tiny_marian_dir):
    (tmp_path / "models.lock").write_text((SEEDS.parent / "models.lock").read_text(encoding="utf-8"), encoding="utf-8")
    with HubServer({TOKEN: "Helsinki-NLP"}) as hub:
        env = hub_env(hub, tmp_path)
        uploaded = subprocess.run(
            [sys.executable, "-c", UPLOAD, "Helsinki-NLP/opus-mt-vi-en", str(tiny_marian_dir)],
            env=env, capture_output=True, text=True, timeout=120,
        )
        assert uploaded.returncode == 0, uploaded.stderr
        downloaded = run_cli("models", "download", "opus-mt-vi-en", env=env)
        assert downloaded.returncode == 0, downloaded.stderr
        snapshot = downloaded.stdout.strip().splitlines()[-1]
        assert "models--Helsinki-NLP--opus-mt-vi-en" in snapshot
        locked = run_cli("models", "lock", "opus-mt-vi-en", env=env)
        assert locked.returncode == 0, locked.stderr
    entry = json.loads((tmp_path / "models.lock").read_text(encoding="utf-8"))["models"]["opus-mt-vi-en"]
    assert len(entry["revision"]) == 40 and "note" not in entry
    assert {"model.safetensors", "source.spm", "vocab.json"} <= set(entry["files"])
    offline = {**env, "HF_ENDPOINT": "http://127.0.0.1:9", "HF_HUB_OFFLINE": "1"}
    translated = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "-o", str(tmp_path / "out"), "--no-progress", env=offline)
    assert translated.returncode == 0, translated.stderr
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["model"] == "opus-mt-vi-en" and run["model_revision"] == entry["revision"]
