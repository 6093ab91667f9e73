"""Models are found offline, pinned in models.lock and verified; a missing model fails at once."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import SEEDS, counting_server, fake_hub_cache, run_cli


def offline_env(tmp_path, endpoint: str) -> dict:
    return {
        "HF_HOME": str(tmp_path / "hf"),
        "HF_HUB_CACHE": str(tmp_path / "hf" / "hub"),
        "HF_ENDPOINT": endpoint,
        "SONGNGU_CACHE": str(tmp_path / "songngu-cache"),
        "SONGNGU_MODELS_LOCK": str(tmp_path / "models.lock"),
    }


def test_missing_model_is_one_line_exit_2_without_network(tmp_path):
    with counting_server() as (endpoint, requests):
        result = run_cli("translate", str(SEEDS), "-o", str(tmp_path / "out"), env=offline_env(tmp_path, endpoint))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "opus-mt-vi-en" in lines[0]
    assert "songngu models download opus-mt-vi-en" in lines[0] and "--model PATH (a local model directory)" in lines[0]
    assert requests == []
    assert not (tmp_path / "out").exists()


def test_a_missing_hub_id_is_told_a_download_that_takes_it(tmp_path):
    """`--model Foo/Bar` said "run `songngu models download Foo/Bar`", which refuses what is not a named model."""
    with counting_server() as (endpoint, requests):
        result = run_cli("translate", str(SEEDS), "-o", str(tmp_path / "out"), "--model", "Foo/Bar", env=offline_env(tmp_path, endpoint))
    assert result.returncode == 2 and result.stderr.splitlines() == [
        "songngu: error: model Foo/Bar is not on this machine: download it with `hf download Foo/Bar` while online, "
        "or pass --model PATH (a local model directory)"], result.stderr
    assert requests == []


def test_missing_named_nllb_names_it(tmp_path):
    with counting_server() as (endpoint, requests):
        result = run_cli("translate", str(SEEDS), "-o", str(tmp_path / "out"), "--model", "nllb-600m", env=offline_env(tmp_path, endpoint))
    assert result.returncode == 2
    assert "facebook/nllb-200-distilled-600M" in result.stderr
    assert requests == []


def test_missing_local_directory_is_named(tmp_path):
    result = run_cli("translate", str(SEEDS), "-o", str(tmp_path / "out"), "--model", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert str(tmp_path / "nowhere") in result.stderr


def shape_like_opus_mt(snapshot) -> None:
    """Give a tiny Marian snapshot opus-mt-vi-en's config values and vocabulary size (its weights stay tiny)."""
    from songngu.translate.registry import NAMED_MODELS

    architecture = NAMED_MODELS["opus-mt-vi-en"].architecture
    config = json.loads((snapshot / "config.json").read_text())
    (snapshot / "config.json").write_text(json.dumps({**config, **architecture}))
    vocab = json.loads((snapshot / "vocab.json").read_text())
    vocab.update({f"<extra_{index}>": len(vocab) + index for index in range(architecture["vocab_size"] - len(vocab))})
    (snapshot / "vocab.json").write_text(json.dumps(vocab))


def test_lock_from_snapshot_then_verify_and_detect_tampering(tmp_path, tiny_marian_dir):
    with counting_server() as (endpoint, requests):
        env = offline_env(tmp_path, endpoint)
        snapshot = fake_hub_cache(tmp_path / "hf" / "hub", "Helsinki-NLP/opus-mt-vi-en", tiny_marian_dir)
        refused = run_cli("models", "lock", "opus-mt-vi-en", "--from", str(snapshot), env=env)
        assert refused.returncode == 2 and not (tmp_path / "models.lock").exists()
        [line] = refused.stderr.splitlines()
        assert f"{snapshot} is not opus-mt-vi-en: config.json has" in line and "Helsinki-NLP/opus-mt-vi-en has" in line
        shape_like_opus_mt(snapshot)
        locked = run_cli("models", "lock", "opus-mt-vi-en", "--from", str(snapshot), env=env)
        assert locked.returncode == 0, locked.stderr
        assert "licence apache-2.0" in locked.stdout
        assert "checked its architecture" in locked.stderr and "weights are pinned as they are, not compared" in locked.stderr
        entry = json.loads((tmp_path / "models.lock").read_text())["models"]["opus-mt-vi-en"]
        assert entry["revision"] == snapshot.name and entry["licence"] == "apache-2.0"
        assert set(entry["files"]) >= {"config.json", "source.spm", "target.spm", "vocab.json"}
        assert all(len(meta["sha256"]) == 64 and meta["size"] > 0 for meta in entry["files"].values())

        listed = run_cli("models", "list", env=env)
        assert "cached" in listed.stdout.splitlines()[0] and snapshot.name[:12] in listed.stdout

        (snapshot / "vocab.json").write_text((snapshot / "vocab.json").read_text() + " ")
        tampered = run_cli("translate", str(SEEDS), "-o", str(tmp_path / "out"), env=env)
        assert tampered.returncode == 2
        assert "vocab.json" in tampered.stderr and "models.lock" in tampered.stderr
        assert requests == []


def test_lock_refuses_a_snapshot_without_commit_sha(tmp_path, tiny_marian_dir):
    result = run_cli(
        "models", "lock", "opus-mt-vi-en", "--from", str(tiny_marian_dir), env={"SONGNGU_MODELS_LOCK": str(tmp_path / "l")}
    )
    assert result.returncode == 2
    assert "--revision" in result.stderr
    assert not (tmp_path / "l").exists()


def test_lock_names_a_revision_that_is_not_a_commit_sha(tmp_path, tiny_marian_dir):
    """It said "cannot tell the commit sha; pass --revision" to a user who had passed --revision."""
    result = run_cli(
        "models", "lock", "opus-mt-vi-en", "--from", str(tiny_marian_dir), "--revision", "abc",
        env={"SONGNGU_MODELS_LOCK": str(tmp_path / "l")},
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["songngu: error: --revision abc: not a 40-character hexadecimal commit sha"]
    assert not (tmp_path / "l").exists()


def test_lock_refuses_a_revision_without_a_snapshot_folder(tmp_path):
    """Online, it downloaded the unpinned snapshot and recorded the given sha against it."""
    result = run_cli("models", "lock", "opus-mt-vi-en", "--revision", "0123456789abcdef0123456789abcdef01234567",
                     env={"SONGNGU_MODELS_LOCK": str(tmp_path / "l")})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "songngu: error: --revision goes with --from SNAPSHOT_DIR: without it, lock pins the commit it downloads"]
    assert not (tmp_path / "l").exists()


def _shards_without_their_file(model: Path) -> None:
    (model / "model.safetensors").rename(model / "model-00001-of-00002.safetensors")
    (model / "model.safetensors.index.json").write_text(json.dumps({"weight_map": {
        "a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}))


DAMAGES = {
    "config.json not JSON": (lambda model: (model / "config.json").write_text("{\n"), "config.json is not valid JSON"),
    "config.json a list": (lambda model: (model / "config.json").write_text("[1, 2]"), "config.json holds no JSON object"),
    "no weights": (lambda model: (model / "model.safetensors").unlink(), "no weights (model.safetensors or pytorch_model.bin)"),
    "no tokenizer": (lambda model: (model / "source.spm").unlink(),
                     "the marian tokenizer's files are missing (source.spm + target.spm + vocab.json)"),
    "truncated weights": (lambda model: (model / "model.safetensors").write_bytes((model / "model.safetensors").read_bytes()[:5000]),
                          "model.safetensors holds 5,000 of the "),
    "weights cut inside the header": (lambda model: (model / "model.safetensors").write_bytes(b"\x10\x00"), "model.safetensors holds 2 of the 8 bytes"),
    "a shard missing": (_shards_without_their_file, "model-00002-of-00002.safetensors, listed in model.safetensors.index.json, is missing"),
    "a tokenizer that does not load": (lambda model: (model / "source.spm").write_bytes(b"not a sentencepiece model"), "cannot be loaded ("),
    "weights that are not safetensors": (lambda model: (model / "model.safetensors").write_bytes(b"\xff" * 64), "cannot be loaded ("),
}
ONLY_LOADING_FINDS = {"a tokenizer that does not load", "weights that are not safetensors"}  # the converter is tried first


@pytest.mark.parametrize("backend", ["auto", "transformers"])
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_model_folder_is_one_line_exit_2(tmp_path, tiny_marian_dir, damage, backend):
    """Each of these was a Python traceback (exit 1) from the JSON, transformers or safetensors loaders. Missing
    or truncated files are named before any conversion; with ``--backend auto``, a model transformers cannot load
    either used to print two notes (converting, falling back) before its error: the one line is all there is."""
    model = tmp_path / "model"
    shutil.copytree(tiny_marian_dir, model)
    spoil, words = DAMAGES[damage]
    spoil(model)
    result = run_cli("translate", str(SEEDS), "--model", str(model), "-o", str(tmp_path / "out"), "--no-progress",
                     "--backend", backend, env={"SONGNGU_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    if damage in ONLY_LOADING_FINDS:
        lines = [line for line in lines if not line.startswith("songngu: note: converting ")]
    assert len(lines) == 1 and lines[0].startswith(f"songngu: error: model {model}: ") and words in lines[0], result.stderr
    assert not (tmp_path / "out").exists()


def pinned_opus_mt(tmp_path, tiny_marian_dir, endpoint: str) -> dict:
    """The environment of a machine where opus-mt-vi-en (the tiny model shaped like it) is downloaded and pinned."""
    env = offline_env(tmp_path, endpoint)
    snapshot = fake_hub_cache(tmp_path / "hf" / "hub", "Helsinki-NLP/opus-mt-vi-en", tiny_marian_dir)
    shape_like_opus_mt(snapshot)
    assert run_cli("models", "lock", "opus-mt-vi-en", "--from", str(snapshot), env=env).returncode == 0
    return env


def test_a_cache_that_cannot_be_written_is_named_for_a_pinned_model_too(tmp_path, tiny_marian_dir):
    """Remembering which pinned files were verified (a speed-up in the cache) must not stop a run, nor blame the model."""
    with counting_server() as (endpoint, _):
        env = pinned_opus_mt(tmp_path, tiny_marian_dir, endpoint)
        (tmp_path / "a-file").write_text("", encoding="utf-8")
        cache = tmp_path / "a-file" / "cache"
        result = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "-o", str(tmp_path / "out"), "--no-memory",
                         "--no-progress", env={**env, "SONGNGU_CACHE": str(cache)})
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    [line] = result.stderr.splitlines()
    assert f"{cache / 'ctranslate2'}: cannot write the cache" in line and "SONGNGU_CACHE" in line and "damaged" not in line


def test_a_models_lock_path_that_does_not_exist_is_named_not_read_as_no_pins(tmp_path, tiny_marian_dir):
    """A typo in SONGNGU_MODELS_LOCK read as an empty lock: the downloaded model ran unchecked, without a word."""
    with counting_server() as (endpoint, requests):
        env = pinned_opus_mt(tmp_path, tiny_marian_dir, endpoint)
        typo = tmp_path / "model.lock"
        result = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "-o", str(tmp_path / "out"), "--no-memory",
                         "--no-progress", env={**env, "SONGNGU_MODELS_LOCK": str(typo)})
        assert result.returncode == 2 and result.stderr.splitlines() == [
            f"songngu: error: SONGNGU_MODELS_LOCK={typo}: no such file, so model opus-mt-vi-en cannot be checked against its pin: "
            "point SONGNGU_MODELS_LOCK at your models.lock, or unset it to use the one shipped with songngu"], result.stderr
        assert not (tmp_path / "out").exists() and not typo.exists()
        listed = run_cli("models", "list", env={**env, "SONGNGU_MODELS_LOCK": str(typo)})
        assert listed.returncode == 0 and listed.stderr.splitlines() == [
            f"songngu: note: SONGNGU_MODELS_LOCK={typo}: no such file; every model shows as unpinned"], listed.stderr
    assert requests == []
