"""The files songngu writes into a run's output folder after the run: exports and review pages.

Each is noted in the folder's ledger (``.songngu-written.json``: name, size and modification
time). A later export or review replaces such a file only while it is as songngu left it, so a
file of yours that happens to bear the same name (``songngu.vi-en.en``, ``review.html``) is never
replaced without ``--overwrite``. Outside the run's folder, any file already there is yours. A new
run published in the folder removes them (:func:`retire_written`): they describe the previous run.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from songngu.atomic import atomic_open

LEDGER = ".songngu-written.json"


def written_here(folder: Path) -> list[str]:
    """The names the ledger of ``folder`` lists that are still as songngu wrote them."""
    ledger = _read(folder)
    return sorted(name for name, fingerprint in ledger.items() if _fingerprint(folder / name) == fingerprint)


def not_ours(targets: Sequence[Path], run_folder: Path) -> list[Path]:
    """Those of ``targets`` that exist and are not songngu's to replace: anywhere but in ``run_folder``,
    every file already there; in ``run_folder``, a file its ledger does not list as it is now."""
    ours = set(written_here(run_folder))
    home = run_folder.resolve()
    return [target for target in targets
            if os.path.lexists(target) and not (target.parent.resolve() == home and target.name in ours)]


def note_written(paths: Iterable[Path], run_folder: Path) -> None:
    """Note ``paths``, just written, in the ledger of ``run_folder`` (paths elsewhere are not noted)."""
    home = run_folder.resolve()
    mine = [path for path in paths if path.parent.resolve() == home]
    if not mine:
        return
    ledger = _read(run_folder)
    for path in mine:
        ledger[path.name] = _fingerprint(path)
    with atomic_open(run_folder / LEDGER) as handle:
        json.dump(ledger, handle, indent=1, sort_keys=True)


def retire_written(folder: Path) -> list[str]:
    """Remove what export and review wrote into ``folder`` for the run it held, where still as they left
    it, and forget the rest (edited since: yours now); return the names removed. A new run calls it
    as it publishes, so no export or page of the previous run passes for one of the new."""
    removed = written_here(folder)
    for name in removed:
        (folder / name).unlink(missing_ok=True)
    (folder / LEDGER).unlink(missing_ok=True)
    return removed


def refusal(target_folder: Path, present: Sequence[Path], option: str, run_folder: Path) -> str:
    """The line refusing to replace ``present``: which files, why (in ``run_folder``: not songngu's as
    they are now; elsewhere: already there), and the ways out."""
    names = ", ".join(path.name for path in present)
    them = "it" if len(present) == 1 else "them"
    why = ", not written there by songngu (or changed since)" if target_folder.resolve() == run_folder.resolve() else ""
    return f"{target_folder}: holds {names} already{why}; pass --overwrite to replace {them}, or choose another {option}"


def _read(folder: Path) -> dict[str, list[int]]:
    try:
        ledger = json.loads((folder / LEDGER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return {name: value for name, value in ledger.items() if isinstance(value, list)} if isinstance(ledger, dict) else {}


def _fingerprint(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]
