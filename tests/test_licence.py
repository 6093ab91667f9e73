"""The translation model's licence: recorded, stated in the card, and checked against --license on push."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from songngu.translate.licence import licence_conflict, model_licence
from songngu.translate.lock import read_lock
from songngu.translate.registry import NAMED_MODELS
from tests.helpers import REPO, SEEDS, run_cli
from tests.hub_server import HubServer
from tests.test_push_faults import hub_env

TOKEN = "hf_faults_token"


def test_named_models_carry_their_licence_in_the_registry_and_the_lock() -> None:
    assert NAMED_MODELS["nllb-600m"].licence == "cc-by-nc-4.0"
    assert NAMED_MODELS["opus-mt-vi-en"].licence == "apache-2.0"
    lock = read_lock(REPO / "models.lock")
    assert {name: entry.licence for name, entry in lock.items()} == {"nllb-600m": "cc-by-nc-4.0", "opus-mt-vi-en": "apache-2.0"}
    assert model_licence(Path("/nonexistent"), "facebook/nllb-200-distilled-600M") == "cc-by-nc-4.0"
    assert licence_conflict("cc-by-4.0", "cc-by-nc-4.0") and licence_conflict("apache-2.0", "cc-by-nc-4.0")
    assert not licence_conflict("cc-by-nc-4.0", "cc-by-nc-4.0") and not licence_conflict("other", "cc-by-nc-4.0")
    assert not licence_conflict("cc-by-4.0", "apache-2.0") and not licence_conflict("cc-by-4.0", None)


def test_a_model_cards_licence_reaches_the_dataset_card_and_push_warns_on_a_freer_one(tmp_path, tiny_marian_dir) -> None:
    model = tmp_path / "my-nc-model"
    shutil.copytree(tiny_marian_dir, model)
    (model / "README.md").write_text("---\nlicense: cc-by-nc-4.0\nlanguage: [vi, en]\n---\n# A tiny model\n", encoding="utf-8")
    out = tmp_path / "out"
    translated = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "--model", str(model), "-o", str(out),
                         "--no-progress", "--no-memory", "--backend", "transformers")
    assert translated.returncode == 0, translated.stderr
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["model_licence"] == "cc-by-nc-4.0"
    assert "whose licence is `cc-by-nc-4.0`" in (out / "README.md").read_text(encoding="utf-8")
    with HubServer({TOKEN: "dana"}) as hub:
        env = hub_env(hub, tmp_path)
        free = subprocess.run([sys.executable, "-m", "songngu", "push", str(out), "dana/free", "--license", "cc-by-4.0",
                               "--no-progress"], capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
        assert free.returncode == 0, free.stderr
        [warning] = free.stderr.splitlines()
        assert warning.startswith("songngu: warning: --license cc-by-4.0 allows commercial use")
        assert "cc-by-nc-4.0" in warning and "my-nc-model" in warning
        card = hub.file("dana/free", "README.md").content.decode("utf-8")
        assert "whose licence is `cc-by-nc-4.0`" in card
        same = subprocess.run([sys.executable, "-m", "songngu", "push", str(out), "dana/nc", "--license", "cc-by-nc-4.0",
                               "--no-progress"], capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
        assert same.returncode == 0 and same.stderr == ""
