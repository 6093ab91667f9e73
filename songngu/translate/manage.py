"""Explicit, online model management: download a named model, pin it in models.lock."""
from __future__ import annotations

import re
from pathlib import Path

from songngu.errors import ModelNotAvailableError, SongnguError
from songngu.translate.lock import LockEntry, describe_files, model_files, read_lock, verify_snapshot, write_lock
from songngu.translate.registry import NAMED_MODELS, find_named_model

TOKENIZER_AND_CONFIG_SUFFIXES = (".json", ".spm", ".model", ".txt")
_SHA = re.compile(r"^[0-9a-f]{40}$")


def _named(name: str):
    named = find_named_model(name)
    if named is None:
        raise SongnguError(f"model {name!r}: not a named model ({', '.join(NAMED_MODELS)})")
    return named


def download_model(name: str, *, lock_path: Path | None = None) -> Path:
    """Fetch a named model into the Hugging Face cache at its pinned revision and verify it."""
    from huggingface_hub import snapshot_download

    named = _named(name)
    entry = read_lock(lock_path).get(named.name) or LockEntry(named.hub_id)
    try:
        files = sorted(entry.files) if entry.resolved else files_to_fetch(named.hub_id, entry.revision)
        snapshot = Path(snapshot_download(named.hub_id, revision=entry.revision, allow_patterns=files))
    except Exception as error:
        raise ModelNotAvailableError(f"model {named.name}: download from the Hub failed ({type(error).__name__}: {error})") from None
    if entry.resolved:
        verify_snapshot(named.name, entry, snapshot)
    return snapshot


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

    With ``snapshot`` (a local copy of the model) the files are hashed there and the
    revision is the snapshot folder's name when it is a commit sha, else ``revision``.
    Without it the model is downloaded first (online).
    """
    named = _named(name)
    if snapshot is None:
        snapshot = download_model(named.name, lock_path=lock_path)
    snapshot = snapshot.expanduser().resolve()
    if not snapshot.is_dir():
        raise SongnguError(f"{snapshot}: no such model directory")
    revision = revision or (snapshot.name if _SHA.match(snapshot.name) else None)
    if revision is None or not _SHA.match(revision):
        raise SongnguError(f"{snapshot}: cannot tell the commit sha; pass --revision with the 40-character sha")
    entry = LockEntry(named.hub_id, revision, describe_files(snapshot, model_files(snapshot)))
    entries = read_lock(lock_path)
    entries[named.name] = entry
    write_lock(entries, lock_path)
    return entry
