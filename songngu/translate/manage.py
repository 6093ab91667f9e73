"""Explicit, online model management: download a named model, pin it in models.lock."""
from __future__ import annotations

import re
from pathlib import Path

from songngu.errors import ModelNotAvailableError, SetupError, UsageError
from songngu.paths import given_path
from songngu.reach import PROBE_TIMEOUT
from songngu.translate.licence import card_licence
from songngu.translate.lock import LockEntry, describe_files, model_files, read_lock, verify_snapshot, write_lock
from songngu.translate.registry import NAMED_MODELS, NamedModel, find_named_model

TOKENIZER_AND_CONFIG_SUFFIXES = (".json", ".spm", ".model", ".txt")
_SHA = re.compile(r"^[0-9a-f]{40}$")


def _named(name: str) -> NamedModel:
    named = find_named_model(name)
    if named is None:
        raise UsageError(f"model {name!r}: not a named model ({', '.join(NAMED_MODELS)})")
    return named


def describe_models(lock_path: Path | None = None) -> list[str]:
    """One line per named model: name, hub id, pinned revision, whether it is cached, description."""
    from songngu.translate.registry import DEFAULT_MODEL
    from songngu.translate.resolve import cached_snapshot

    lock = read_lock(lock_path)
    lines = []
    for name, named in NAMED_MODELS.items():
        entry = lock.get(name)
        pinned = entry.revision[:12] if entry and entry.resolved else "unpinned"
        cached = "cached" if cached_snapshot(named.hub_id, entry.revision if entry else None) else "not downloaded"
        default = " (default)" if name == DEFAULT_MODEL else ""
        lines.append(f"{name:<15} {named.hub_id:<34} {pinned:<12} {cached:<15} {named.description}{default}")
    return lines


def check_hub_reachable(timeout: float = PROBE_TIMEOUT) -> None:
    """Fail within ``timeout`` seconds, with the offline hint, when the Hub cannot be reached at all."""
    from songngu.reach import hub_endpoint, unreachable_hub

    reason = unreachable_hub(timeout)
    if reason is not None:
        raise ModelNotAvailableError(
            f"cannot reach the Hugging Face Hub at {hub_endpoint()} ({reason}); download while online, "
            "or copy a model folder here and pass it as `songngu translate --model PATH`"
        )


def download_model(name: str, *, lock_path: Path | None = None) -> Path:
    """Fetch a named model into the Hugging Face cache at its pinned revision and verify it."""
    from huggingface_hub import snapshot_download

    named = _named(name)
    check_hub_reachable()
    entry = read_lock(lock_path).get(named.name) or LockEntry(named.hub_id)
    try:
        files = sorted(entry.files) if entry.resolved else files_to_fetch(named.hub_id, entry.revision)
        snapshot = Path(snapshot_download(named.hub_id, revision=entry.revision, allow_patterns=files))
    except Exception as error:
        raise ModelNotAvailableError(f"model {named.name}: download from the Hub failed ({type(error).__name__}: {error})") from None
    if entry.resolved:
        verify_snapshot(named.name, entry, snapshot)
    return snapshot


CHECKED = "architecture (config.json model_type, vocab_size, d_model, layers) and tokenizer vocabulary size"
"""What ``check_is_model`` compares with the registry; the weights' values are not (only hashed as they are)."""


def check_is_model(named: NamedModel, snapshot: Path) -> None:
    """Refuse a folder that is not ``named``'s model: its config or tokenizer vocabulary differs from the registry's.

    Checks ``CHECKED``; the weights themselves cannot be told apart offline: they are pinned as found.
    """
    import json

    config_path = snapshot / "config.json"
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SetupError(f"{config_path}: cannot be read as a model config ({error}); is {snapshot} a copy of {named.hub_id}?") from None
    for key, expected in named.architecture.items():
        if config.get(key) != expected:
            raise SetupError(
                f"{snapshot} is not {named.name}: config.json has {key} {config.get(key)!r} where {named.hub_id} has "
                f"{expected!r}; give a copy of {named.hub_id} (or use the folder with --model PATH, unpinned)"
            )
    vocab = snapshot / "vocab.json"
    if named.family.name == "marian" and vocab.is_file():
        size = len(json.loads(vocab.read_text(encoding="utf-8")))
        if size != named.architecture["vocab_size"]:
            raise SetupError(f"{snapshot} is not {named.name}: its vocab.json has {size} entries where {named.hub_id} "
                             f"has {named.architecture['vocab_size']}")


def files_to_fetch(hub_id: str, revision: str | None) -> list[str]:
    """Config and tokenizer files, and the weights once: safetensors when the repo has them, else PyTorch's."""
    from huggingface_hub import HfApi

    files = HfApi().list_repo_files(hub_id, revision=revision)
    weights = [name for name in files if name.endswith(".safetensors")] or [
        name for name in files if name.startswith("pytorch_model") and name.endswith(".bin")
    ]
    return [name for name in files if name.endswith(TOKENIZER_AND_CONFIG_SUFFIXES)] + weights


def lock_model(name: str, *, snapshot: Path | None = None, revision: str | None = None, lock_path: Path | None = None) -> LockEntry:
    """Pin a named model's revision and file hashes in models.lock.

    With ``snapshot`` (a local copy of the model) the folder is first checked to be that model
    (:func:`check_is_model`), then the files are hashed there and the revision is ``revision``,
    else the snapshot folder's name when it is a commit sha. A ``revision`` that is not a
    40-character hexadecimal sha is a usage error, and so is a ``revision`` without ``snapshot``:
    the model is then downloaded (online) and pinned at the commit it came from.
    """
    snapshot = None if snapshot is None else given_path(snapshot, "snapshot")
    if revision is not None:
        if not _SHA.match(revision.lower()):
            raise UsageError(f"--revision {revision}: not a 40-character hexadecimal commit sha")
        if snapshot is None:  # it would be recorded against whatever commit the download fetched
            raise UsageError("--revision goes with --from SNAPSHOT_DIR: without it, lock pins the commit it downloads")
        revision = revision.lower()
    named = _named(name)
    given = snapshot is not None
    if snapshot is None:
        snapshot = download_model(named.name, lock_path=lock_path)
    snapshot = snapshot.expanduser().resolve()
    if not snapshot.is_dir():
        raise SetupError(f"{snapshot}: no such model directory")
    revision = revision or (snapshot.name if _SHA.match(snapshot.name) else None)
    if revision is None:
        raise SetupError(f"{snapshot}: cannot tell the commit sha (the folder is not named by it); pass --revision with the 40-character sha")
    if given:  # a download is the Hub repository's own files; a folder could be any model
        check_is_model(named, snapshot)
    licence = card_licence(snapshot) or named.licence
    entry = LockEntry(named.hub_id, revision, describe_files(snapshot, model_files(snapshot)), licence)
    entries = read_lock(lock_path)
    entries[named.name] = entry
    write_lock(entries, lock_path)
    return entry
