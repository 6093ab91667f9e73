"""models.lock: the exact revision and file hashes of every named model.

The lock is JSON: ``{"models": {NAME: {"hub_id", "revision", "licence", "files": {FILE: {"size", "sha256"}}}}}``.
An entry whose ``revision`` is ``null`` has not been resolved yet; ``songngu models lock NAME``
fills it from the Hub (online) or from a local snapshot (``--from DIR``).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from songngu.atomic import atomic_open
from songngu.errors import ModelIntegrityError, SongnguError, json_problem
from songngu.paths import user_cache_dir

LOCK_FILE_NAME = "models.lock"
MODEL_FILE_SUFFIXES = (".json", ".spm", ".model", ".safetensors", ".bin", ".txt")


@dataclass
class LockEntry:
    """The pinned state of one named model."""

    hub_id: str
    revision: str | None = None
    files: dict[str, dict] = field(default_factory=dict)
    licence: str | None = None

    @property
    def resolved(self) -> bool:
        """Whether a full commit sha and file hashes are pinned."""
        return self.revision is not None and len(self.revision) == 40 and bool(self.files)


def default_lock_path() -> Path:
    """``$SONGNGU_MODELS_LOCK`` if set, else the models.lock at the project root (next to the package)."""
    if os.environ.get("SONGNGU_MODELS_LOCK"):
        return Path(os.environ["SONGNGU_MODELS_LOCK"])
    return Path(__file__).resolve().parents[2] / LOCK_FILE_NAME


def missing_lock_problem() -> str | None:
    """What is wrong when ``$SONGNGU_MODELS_LOCK`` names a file that does not exist (else None): read as
    a lock without pins, it would leave every model unchecked."""
    if os.environ.get("SONGNGU_MODELS_LOCK") and not default_lock_path().exists():
        return f"SONGNGU_MODELS_LOCK={default_lock_path()}: no such file"
    return None


def read_lock(path: Path | None = None) -> dict[str, LockEntry]:
    """Read models.lock; a missing file is an empty lock."""
    path = path or default_lock_path()
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SongnguError(f"{path}: not valid JSON ({json_problem(error)})") from error
    return {
        name: LockEntry(entry["hub_id"], entry.get("revision"), entry.get("files") or {}, entry.get("licence"))
        for name, entry in raw.get("models", {}).items()
    }


def write_lock(entries: dict[str, LockEntry], path: Path | None = None) -> None:
    """Write models.lock atomically, entries sorted by name."""
    path = path or default_lock_path()
    models = {}
    for name in sorted(entries):
        entry = entries[name]
        models[name] = {"hub_id": entry.hub_id, "revision": entry.revision, "licence": entry.licence, "files": entry.files}
        if not entry.resolved:
            models[name]["note"] = f"unresolved: run `songngu models lock {name}` online, or `--from SNAPSHOT_DIR`"
    with atomic_open(path) as handle:
        json.dump({"version": 1, "models": models}, handle, indent=2, ensure_ascii=False)
        handle.write("\n")


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_files(snapshot: Path) -> list[str]:
    """The files of a model snapshot that matter for loading it, relative to the snapshot."""
    return sorted(
        str(path.relative_to(snapshot))
        for path in snapshot.rglob("*")
        if path.is_file() and path.suffix in MODEL_FILE_SUFFIXES and not path.name.startswith(".")
    )


def describe_files(snapshot: Path, names: list[str]) -> dict[str, dict]:
    """Size and sha256 of each named file of a snapshot."""
    return {name: {"size": (snapshot / name).stat().st_size, "sha256": sha256_of(snapshot / name)} for name in names}


def verify_snapshot(name: str, entry: LockEntry, snapshot: Path) -> None:
    """Check every pinned file of a snapshot by size and sha256; raise ModelIntegrityError on a mismatch."""
    for file_name, pinned in entry.files.items():
        path = snapshot / file_name
        if not path.is_file():
            raise ModelIntegrityError(f"model {name}: pinned file {file_name} is missing from {snapshot}")
        if path.stat().st_size != pinned["size"]:
            raise ModelIntegrityError(
                f"model {name}: {path} has {path.stat().st_size} bytes, models.lock pins {pinned['size']}"
            )
        if _verified_before(path, pinned["sha256"]):
            continue
        if sha256_of(path) != pinned["sha256"]:
            raise ModelIntegrityError(f"model {name}: {path} does not match the sha256 pinned in models.lock")
        _remember_verified(path, pinned["sha256"])


def _stamp_path() -> Path:
    return user_cache_dir() / "verified.json"


def _stamp_key(path: Path, sha256: str) -> str:
    stat = path.resolve().stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{sha256}"


def _verified_before(path: Path, sha256: str) -> bool:
    stamps = _stamp_path()
    if not stamps.exists():
        return False
    try:
        return _stamp_key(path, sha256) in json.loads(stamps.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False


def _remember_verified(path: Path, sha256: str) -> None:
    stamps = _stamp_path()
    try:
        known = json.loads(stamps.read_text(encoding="utf-8")) if stamps.exists() else []
    except (OSError, json.JSONDecodeError):
        known = []
    known = [key for key in known if not key.startswith(f"{path.resolve()}|")] + [_stamp_key(path, sha256)]
    try:
        with atomic_open(stamps) as handle:
            json.dump(known, handle)
    except OSError:  # a cache that cannot be written: the files are verified all the same, and hashed again next time
        pass
