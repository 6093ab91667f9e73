"""A user's whole path: translate the seeds, publish with `songngu push`, load the dataset back."""
from __future__ import annotations

import json
import os
import sys

from tests.helpers import SEEDS, run_cli
from tests.hub_server import HubServer

TOKEN = "hf_cli_token"
LOAD_BACK = """
import sys, datasets
pairs = datasets.load_dataset(sys.argv[1])
segments = datasets.load_dataset(sys.argv[1], "segments")
first = pairs["train"][0]["translation"]
print(sum(len(split) for split in pairs.values()), sum(len(split) for split in segments.values()), bool(first["vi"] and first["en"]))
"""


def hub_env(hub: HubServer, home, token: str | None) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")}
    env.update(HF_ENDPOINT=hub.url, HF_HUB_DISABLE_XET="1", HF_HOME=str(home / "hf"), HF_DATASETS_CACHE=str(home / "ds"))
    if token:
        env["HF_TOKEN"] = token
    return env


def test_translate_push_and_load_back(tmp_path, tiny_marian_dir):
    out = tmp_path / "out"
    translated = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "--backend", "transformers", "-o", str(out), "--no-progress")
    assert translated.returncode == 0, translated.stderr
    with HubServer({TOKEN: "alice"}) as hub:
        refused = run_cli("push", str(out), "alice/seeds", env={**hub_env(hub, tmp_path, None), "HF_TOKEN": ""})
        assert refused.returncode != 0
        assert refused.stderr.strip().splitlines() == ["songngu: error: no Hugging Face token: run `hf auth login` or set HF_TOKEN"]
        assert hub.file("alice/seeds", "README.md") is None

        pushed = run_cli("push", str(out), "alice/seeds", "--private", env=hub_env(hub, tmp_path, TOKEN))
        assert pushed.returncode == 0, pushed.stderr
        assert "(private)" in pushed.stdout and "train" in pushed.stdout
        card = hub.file("alice/seeds", "README.md")
        assert card is not None

        import subprocess

        loaded = subprocess.run(
            [sys.executable, "-c", LOAD_BACK, "alice/seeds"],
            env=hub_env(hub, tmp_path, TOKEN),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert loaded.returncode == 0, loaded.stderr
    pairs, segments, first_is_a_pair = loaded.stdout.split()
    counts = json.loads((out / "run.json").read_text(encoding="utf-8"))["counts"]
    assert int(segments) == counts["segments"]
    assert 0 < int(pairs) <= counts["pairs"]
    assert first_is_a_pair == "True"
