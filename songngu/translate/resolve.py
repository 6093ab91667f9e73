"""Find a model on this machine without touching the network."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import ModelNotAvailableError, SetupError, SongnguError
from songngu.translate.lock import LockEntry, read_lock, verify_snapshot
from songngu.translate.registry import DEFAULT_MODEL, M2M100, MARIAN, NLLB, ModelFamily, find_named_model


WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json")
"""A transformers model folder holds one of these (its weights, or the index of their shards)."""


@dataclass(frozen=True)
class ResolvedModel:
    """A model found on disk: where it is, what it is called and which revision it is."""

    path: Path
    name: str
    revision: str
    family: ModelFamily


def resolve_model(model: str | Path | None = None, *, lock_path: Path | None = None) -> ResolvedModel:
    """Locate ``model`` (a local directory, a short name or a hub id) on disk, offline.

    Named models come from the Hugging Face cache at the revision pinned in models.lock
    (or the cached ``main`` when the lock entry is unresolved) and are verified against
    the lock. Raises ModelNotAvailableError at once when the model is not on this machine.
    """
    spec = str(model or DEFAULT_MODEL)
    local = Path(spec).expanduser()
    if local.is_dir():
        family = detect_family(local)
        check_weights(local)
        return ResolvedModel(local.resolve(), local_name(local), local_revision(local), family)
    if local.exists() or spec.startswith((".", "/", "~")):
        raise ModelNotAvailableError(f"model {spec}: no such model directory")
    named = find_named_model(spec)
    hub_id = named.hub_id if named else spec
    name = named.name if named else spec
    entry = read_lock(lock_path).get(name) or LockEntry(hub_id)
    snapshot = cached_snapshot(hub_id, entry.revision)
    if snapshot is None:
        raise ModelNotAvailableError(
            f"model {name} ({hub_id}) is not on this machine: run `songngu models download {name}` while online",
            "model=PATH",
        )
    if entry.resolved:
        verify_snapshot(name, entry, snapshot)
    family = named.family if named else detect_family(snapshot)
    check_weights(snapshot)
    return ResolvedModel(snapshot, name, snapshot.name, family)


def cached_snapshot(hub_id: str, revision: str | None) -> Path | None:
    """The snapshot folder of ``hub_id`` in the Hugging Face cache, or None; never uses the network.

    Found through the cached ``config.json`` rather than ``snapshot_download``: a snapshot
    fetched with only the files a model needs is complete for songngu (models.lock pins
    those files), while huggingface_hub would call it incomplete offline.
    """
    from huggingface_hub import try_to_load_from_cache

    config = try_to_load_from_cache(hub_id, "config.json", revision=revision)
    return Path(config).parent if isinstance(config, str) else None


def local_name(directory: Path) -> str:
    """A model name for a local directory: the hub id for a cache snapshot, else the folder name.

    Full paths are kept out of datasets users publish.
    """
    resolved = directory.resolve()
    if resolved.parent.name == "snapshots" and resolved.parent.parent.name.startswith("models--"):
        return resolved.parent.parent.name.removeprefix("models--").replace("--", "/")
    return resolved.name


def local_revision(directory: Path) -> str:
    """A revision label for a local model: the snapshot sha when it sits in the HF cache, else ``local``."""
    if directory.resolve().parent.name == "snapshots":
        return directory.resolve().name
    return "local"


def detect_family(directory: Path) -> ModelFamily:
    """Tell Marian from NLLB / M2M100 by the directory's config and tokenizer files."""
    config_path = directory / "config.json"
    if not config_path.is_file():
        raise ModelNotAvailableError(f"model {directory}: no config.json, not a transformers model directory")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SetupError(f"model {directory}: config.json is not valid JSON ({error}); the folder is damaged") from None
    if not isinstance(config, dict):
        raise SetupError(f"model {directory}: config.json holds no JSON object; the folder is damaged")
    model_type = config.get("model_type")
    if model_type == "marian":
        return MARIAN
    if model_type == "m2m_100":
        return NLLB if _mentions_token(directory, "vie_Latn") else M2M100
    raise SongnguError(f"model {directory}: model_type {model_type!r} is not supported (Marian, NLLB or M2M100)")


def check_weights(directory: Path) -> None:
    """Fail in one line when the model folder holds no weights (:data:`WEIGHT_FILES`)."""
    if not any((directory / name).is_file() for name in WEIGHT_FILES):
        raise SetupError(f"model {directory}: no weights (model.safetensors or pytorch_model.bin); the folder is incomplete")


def _mentions_token(directory: Path, token: str) -> bool:
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json"):
        path = directory / name
        if path.is_file() and token in path.read_text(encoding="utf-8", errors="replace"):
            return True
    return False
