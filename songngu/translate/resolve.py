"""Find a model on this machine without touching the network."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import ModelNotAvailableError, SetupError, SongnguError, UsageError
from songngu.translate.lock import LockEntry, missing_lock_problem, read_lock, verify_snapshot
from songngu.translate.registry import DEFAULT_MODEL, M2M100, MARIAN, NLLB, ModelFamily, find_named_model


WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json")
"""A transformers model folder holds one of these (its weights, or the index of their shards)."""
MAX_SAFETENSORS_HEADER = 100_000_000
"""The longest header the safetensors format allows, in bytes."""
TOKENIZER_FILES = {"marian": (("source.spm", "target.spm", "vocab.json"),), "nllb": (("tokenizer.json",), ("sentencepiece.bpe.model",))}
"""The files a family's tokenizer reads: all of one of the alternatives."""


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
    if model is not None and not str(model).strip():
        raise UsageError(f"model {str(model)!r}: empty; leave it out for the default model ({DEFAULT_MODEL})")
    spec = str(model or DEFAULT_MODEL)
    local = Path(spec).expanduser()
    if local.is_dir():
        family = detect_family(local)
        check_files(local, family)
        return ResolvedModel(local.resolve(), local_name(local), local_revision(local), family)
    if local.exists():
        raise ModelNotAvailableError(f"model {spec}: a file, not a model directory; give the folder that holds config.json")
    if spec.startswith((".", "/", "~")):
        raise ModelNotAvailableError(f"model {spec}: no such model directory")
    named = find_named_model(spec)
    hub_id = named.hub_id if named else spec
    name = named.name if named else spec
    entry = read_lock(lock_path).get(name) or LockEntry(hub_id)
    snapshot = cached_snapshot(hub_id, entry.revision)
    if snapshot is None:
        fetch = f"run `songngu models download {name}`" if named else f"download it with `hf download {hub_id}`"
        label = name if name == hub_id else f"{name} ({hub_id})"
        raise ModelNotAvailableError(f"model {label} is not on this machine: {fetch} while online", "model=PATH")
    if entry.resolved:
        verify_snapshot(name, entry, snapshot)
    elif lock_path is None and (problem := missing_lock_problem()):
        raise SetupError(f"{problem}, so model {name} cannot be checked against its pin: point SONGNGU_MODELS_LOCK at "
                         "your models.lock, or unset it to use the one shipped with songngu")
    family = named.family if named else detect_family(snapshot)
    check_files(snapshot, family)
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


def check_files(directory: Path, family: ModelFamily) -> None:
    """Fail in one line, before anything is loaded or converted, when the model folder lacks its
    weights (:data:`WEIGHT_FILES`) or its tokenizer's files (:data:`TOKENIZER_FILES`), or when a
    safetensors file is shorter than its own header says (an interrupted copy or download)."""
    if not any((directory / name).is_file() for name in WEIGHT_FILES):
        raise SetupError(f"model {directory}: no weights (model.safetensors or pytorch_model.bin); the folder is incomplete")
    for weights in _safetensors_files(directory):
        if not weights.is_file():
            raise SetupError(f"model {directory}: {weights.name}, listed in model.safetensors.index.json, is missing; "
                             "the folder is incomplete")
        size, expected = weights.stat().st_size, safetensors_size(weights)
        if size < expected:
            raise SetupError(f"model {directory}: {weights.name} holds {size:,} of the {expected:,} bytes its header lists; "
                             "the file is truncated (copy or download it again)")
    alternatives = TOKENIZER_FILES.get(family.name)
    if alternatives and not any(all((directory / name).is_file() for name in files) for files in alternatives):
        needed = " or ".join(" + ".join(files) for files in alternatives)
        raise SetupError(f"model {directory}: the {family.name} tokenizer's files are missing ({needed}); the folder is incomplete")


def safetensors_size(path: Path) -> int:
    """The size ``path``, a safetensors file, must have to hold the tensors its header lists.

    The format is an 8-byte little-endian header length, a JSON header giving each tensor's byte
    range, then the data. A file cut inside its header needs at least the header; a header that
    is not JSON, or longer than the format allows, is not judged here (0): the loader names what is wrong.
    """
    with path.open("rb") as handle:
        prefix = handle.read(8)
        if len(prefix) < 8:
            return 8
        header_length = int.from_bytes(prefix, "little")
        if header_length > MAX_SAFETENSORS_HEADER:
            return 0
        if 8 + header_length > path.stat().st_size:
            return 8 + header_length
        text = handle.read(header_length)
    try:
        header = json.loads(text)
        ends = [int(entry["data_offsets"][1]) for entry in header.values() if isinstance(entry, dict) and "data_offsets" in entry]
    except (UnicodeDecodeError, ValueError, TypeError, LookupError, AttributeError):  # JSONDecodeError is a ValueError
        return 0
    return 8 + header_length + max(ends, default=0)


def _safetensors_files(directory: Path) -> list[Path]:
    """The safetensors files holding the weights: the single file, or the shards its index names."""
    index = directory / "model.safetensors.index.json"
    if (directory / "model.safetensors").is_file():
        return [directory / "model.safetensors"]
    if index.is_file():
        try:
            shards = set(json.loads(index.read_text(encoding="utf-8")).get("weight_map", {}).values())
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
            return []
        return [directory / str(shard) for shard in sorted(map(str, shards))]
    return []


def _mentions_token(directory: Path, token: str) -> bool:
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json"):
        path = directory / name
        if path.is_file() and token in path.read_text(encoding="utf-8", errors="replace"):
            return True
    return False
