"""Write a run's output folder so that it is whole or plainly unfinished, and never take what is not ours.

:class:`OutputFolder` is what an engine writes through:

1. **open** (before any work): create the folder, check that it can be written, take its lock
   (one run per folder), refuse files songngu did not write there unless ``overwrite``, and
   remove temporary files a killed run left;
2. **start**: resume an unfinished run with the same settings (its finished chunks are kept in
   ``OUT/.songngu/``; one whose files no longer match the SHA-256 its record holds is done
   again, with a note; the driver also redoes one whose inputs changed, by the digest its record
   holds: :mod:`songngu.run.fingerprint`), or start afresh;
3. chunks are written by :func:`write_chunk` (from any process) into ``OUT/.songngu/chunks``,
   each with its record (counts and the SHA-256 of its files);
4. **finalize**: the shards move into ``OUT/data/``, then ``dropped.jsonl``, the card and, last,
   ``run.json`` (the manifest) are written, and what the previous run there wrote is retired (the
   files export and review wrote for it too, unless edited since: :mod:`songngu.export.written`).
   A run whose output is the one already published there, whole (its run.json equal but for the
   time), leaves it as it is, with its exports and review page.
   ``OUT/.songngu/publishing`` marks the time between: a run killed (or out of disk) then leaves
   ``data/`` without ``run.json``, and the same command, seeing the mark, takes ``data/`` as its
   own and publishes again from the kept chunks.

A run killed at any point leaves either the previous complete output, or no ``run.json`` and a
resumable ``.songngu/``; readers (:mod:`songngu.export.manifest`) tell these apart.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from songngu.atomic import TEMPORARY_SUFFIX, atomic_open, give_normal_permissions, is_temporary, remove_stale_temporaries, temporary_name
from songngu.errors import SetupError, SongnguError
from songngu.export.checksums import ALGORITHM, file_checksum
from songngu.export.jsonl import write_jsonl
from songngu.export.manifest import (
    CARD_FILE, CHUNKS_DIR, DATA_DIR, DROPPED_FILE, FORMAT, LEGACY_OUTPUTS, RUN_FILE, WORK_DIR, ListedFile, load_run_file,
    read_manifest, shard_name,
)
from songngu.export.shards import write_shard
from songngu.export.written import LEDGER, retire_written
from songngu.testpoint import pause_point

STATE_FILE = "state.json"
LOCK_FILE = "lock"
LOCK_TRIES = 10
"""How often a run tries to lock the folder's lock file when runs finishing beside it keep removing it."""
PUBLISHING_FILE = "publishing"
DROPPED_CHECKSUM = f"dropped_{ALGORITHM}"


def check_output_path(path: str | Path) -> Path:
    """Refuse at once an output path that names something other than a folder, or a folder inside
    another run's output folder (whose next run would find this run's files there and refuse them)."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise SetupError(f"{path}: exists and is not a folder; choose a folder for -o")
    for parent in path.absolute().parents:
        if (parent / WORK_DIR).is_dir() or load_run_file(parent) is not None:
            raise SetupError(f"{path}: inside the songngu output folder {parent}; choose a folder outside it for -o")
    return path


RUN_PARTS = {
    RUN_FILE: "the manifest", CARD_FILE: "the dataset card", DROPPED_FILE: "the dropped rows",
    DATA_DIR: "the shards' folder", WORK_DIR: "the work folder", LEDGER: "the list of its exports and pages",
}
"""What each of a run folder's own names is; export and review never write there, --overwrite or not."""


def run_part(path: str | Path) -> str | None:
    """Where ``path`` falls among a songngu run's own files, in words (``the manifest of the run in OUT``), when it
    is one of them or lies in its ``data/`` or ``.songngu/`` folder; None elsewhere (the run folder itself included).
    """
    path = Path(os.path.abspath(path))
    candidates = [path, path.resolve()]
    for candidate in dict.fromkeys(candidates):
        for folder in candidate.parents:
            if load_run_file(folder) is None and not (folder / WORK_DIR).is_dir():
                continue
            top = candidate.relative_to(folder).parts[0]
            if top in RUN_PARTS:
                what = RUN_PARTS[top] if candidate.parent == folder else f"inside {RUN_PARTS[top]} ({top}/)"
                return f"{what} of the songngu run in {folder}"
    return None


def chunk_files(work_dir: Path, index: int) -> tuple[Path, Path, Path]:
    """A chunk's shard, dropped rows and record, inside the work folder."""
    stem = work_dir / CHUNKS_DIR / f"{index:05d}"
    return stem.with_suffix(".parquet"), stem.with_suffix(".dropped.jsonl"), stem.with_suffix(".json")


def write_chunk(work_dir: Path, index: int, rows: Sequence[dict], dropped: Sequence[dict] | None, record: dict[str, Any]) -> dict[str, Any]:
    """Write one finished chunk: its shard, its dropped rows (with a filter), then its record, last.

    The record (``index``, counts, ``errors``, the files' SHA-256) marks the chunk as done;
    returns it as written.
    """
    shard, dropped_path, record_path = chunk_files(work_dir, index)
    size = write_shard(rows, shard)
    checksums = {ALGORITHM: file_checksum(shard)}
    if dropped is not None:
        write_jsonl(dropped, dropped_path)
        checksums[DROPPED_CHECKSUM] = file_checksum(dropped_path)
    record = {**record, "index": index, "rows": len(rows), "bytes": size, "dropped": len(dropped or ()), **checksums}
    with atomic_open(record_path) as handle:
        json.dump(record, handle, ensure_ascii=False)
    return record


class OutputFolder:
    """One run's hold on an output folder (see the module docstring for the steps)."""

    def __init__(self, path: str | Path, *, overwrite: bool = False, note: Callable[[str], None] | None = None) -> None:
        """Prepare to write ``path``; nothing is touched before :meth:`open`."""
        self.path = Path(path)
        self.overwrite = overwrite
        self.note = note or (lambda line: None)
        self.work_dir = self.path / WORK_DIR
        self._lock_handle = None
        self._previous: dict[str, Any] | None = None
        self._publishing: dict[str, Any] | None = None
        self._created = False
        self._work_dir_created = False

    # --- open ------------------------------------------------------------------------------------

    def __enter__(self) -> OutputFolder:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> None:
        """Check the folder can be written and holds nothing of the user's that a run would replace."""
        check_output_path(self.path)
        self._created = not self.path.exists()
        self._work_dir_created = not self.work_dir.exists()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock()
        except OSError as error:
            raise SetupError(f"{self.path}: cannot write here ({error.strerror or error})") from None
        self._previous = load_run_file(self.path)
        self._publishing = self._interrupted_publishing()
        foreign = [] if self._publishing is not None else self._foreign_outputs()
        if foreign and not self.overwrite:
            self.abandon()
            self.close()
            if self._damaged_run_file():
                raise SetupError(
                    f"{self.path}: its {RUN_FILE} is damaged (not valid JSON), so songngu cannot tell whether it wrote "
                    f"{', '.join(name for name in foreign if name != RUN_FILE)}; if this is a songngu output folder, pass "
                    "--overwrite to replace them (other files stay), else choose another folder"
                )
            raise SetupError(
                f"{self.path}: holds {', '.join(foreign)} that songngu did not write; "
                "choose another folder, or pass --overwrite to replace them"
            )
        for folder in (self.path, self.path / DATA_DIR, self.work_dir, self.work_dir / CHUNKS_DIR):
            remove_stale_temporaries(folder)

    def _lock(self) -> None:
        """Hold ``OUT/.songngu/lock``: the one run writing the folder.

        A run that finishes removes ``OUT/.songngu``, lock file included, while it holds the lock. A run
        that opened that file before it went would otherwise lock a file no longer in the folder, and a
        third run would lock a new one beside it: two runs writing one folder. So the lock counts only
        when the file locked is still the folder's; else the new one is locked (made again if need be).
        """
        for _ in range(LOCK_TRIES):
            (self.work_dir / CHUNKS_DIR).mkdir(parents=True, exist_ok=True)
            handle = open(self.work_dir / LOCK_FILE, "a+")
            pause_point("locking")
            try:
                import fcntl
            except ImportError:  # no advisory locks on this platform
                self._lock_handle = handle
                return
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                raise SetupError(f"{self.path}: another songngu run is writing into this folder") from None
            if _same_file(handle, self.work_dir / LOCK_FILE):
                self._lock_handle = handle
                return
            handle.close()  # a run that finished removed the file we locked: lock the folder's current one
        raise SetupError(f"{self.path}: another songngu run is writing into this folder")

    def close(self) -> None:
        """Release the folder's lock."""
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    def _interrupted_publishing(self) -> dict[str, Any] | None:
        """The mark of a run stopped while publishing (its data/, dropped.jsonl, card are songngu's), else None."""
        try:
            mark = json.loads((self.work_dir / PUBLISHING_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return mark if isinstance(mark, dict) else None

    def _damaged_run_file(self) -> bool:
        """Whether the folder's ``run.json`` is there but not JSON (cut short, overwritten), so its writer is unknown."""
        try:
            json.loads((self.path / RUN_FILE).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError):
            return True
        except OSError:
            return False
        return False

    def _foreign_outputs(self) -> list[str]:
        """The names a run would replace that songngu did not write."""
        previous = self._previous
        foreign = []
        if (self.path / RUN_FILE).exists() and previous is None:
            foreign.append(RUN_FILE)
        if previous is None:
            foreign += [name for name in (CARD_FILE, DROPPED_FILE) if (self.path / name).exists()]
            if (self.path / DATA_DIR).exists():
                foreign.append(f"{DATA_DIR}/")
            return foreign
        listed = {entry.get("path") for entry in previous.get("shards") or [] if isinstance(entry, dict)}
        data = self.path / DATA_DIR
        if data.is_symlink() or (data.exists() and not data.is_dir()):
            foreign.append(DATA_DIR)
        elif data.is_dir():
            others = [
                path for path in sorted(data.rglob("*"))
                if not path.is_dir() and not is_temporary(path.name) and path.relative_to(self.path).as_posix() not in listed
            ]
            foreign += [path.relative_to(self.path).as_posix() for path in others[:3]]
        ours_dropped = bool(previous.get("dropped") or previous.get("filtered"))
        if (self.path / DROPPED_FILE).exists() and not ours_dropped:
            foreign.append(DROPPED_FILE)
        return foreign

    # --- resume ----------------------------------------------------------------------------------

    def start(self, key: dict[str, Any]) -> dict[int, dict[str, Any]]:
        """Resume the unfinished run with this ``key`` (its finished chunk records by index), or start afresh."""
        key = json.loads(json.dumps(key, sort_keys=True, default=str))
        state_path = self.work_dir / STATE_FILE
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = None
        if isinstance(state, dict) and state.get("key") == key:
            return self._finished_chunks()
        if any((self.work_dir / CHUNKS_DIR).iterdir()):
            self.note(f"{self.path}: discarding an unfinished run with other inputs or settings")
            shutil.rmtree(self.work_dir / CHUNKS_DIR)
            (self.work_dir / CHUNKS_DIR).mkdir()
        with atomic_open(state_path) as handle:
            json.dump({"key": key, "started": _now()}, handle, ensure_ascii=False, indent=1)
        return {}

    def _chunk_records(self) -> list[tuple[int, Path]]:
        """The index and record file of each chunk kept in ``OUT/.songngu``, in order."""
        paths = sorted((self.work_dir / CHUNKS_DIR).glob("*.json"))
        return [(int(path.stem), path) for path in paths if path.stem.isdigit()]

    def kept_chunks(self) -> tuple[int, int]:
        """How many chunks ``OUT/.songngu`` keeps and their articles, as their records say (not checked against
        their files: for messages). On Ray, chunks may still be finished after the driver stopped counting."""
        chunks = articles = 0
        for _, record_path in self._chunk_records():
            try:
                articles += int(json.loads(record_path.read_text(encoding="utf-8")).get("articles", 0))
            except (OSError, ValueError, TypeError, AttributeError):
                continue
            chunks += 1
        return chunks, articles

    def _finished_chunks(self) -> dict[int, dict[str, Any]]:
        """The kept chunks whose files are whole and unchanged; a damaged one is removed (so redone), with a note."""
        finished = {}
        for index, record_path in self._chunk_records():
            try:
                record = json.loads(record_path.read_text(encoding="utf-8"))
                problem = None if int(record["index"]) == index else f"{record_path}: damaged (not this chunk's record)"
            except (OSError, ValueError, KeyError, TypeError):
                problem = f"{record_path}: damaged (not a chunk record)"
            problem = problem or _kept_chunk_problem(self.work_dir, index, record)
            if problem is None:
                finished[index] = record
                continue
            self.note(f"{problem}; its chunk will be done again")
            for path in chunk_files(self.work_dir, index):
                path.unlink(missing_ok=True)
        return finished

    def forget_chunk(self, index: int) -> None:
        """Remove kept chunk ``index`` (its inputs changed since it was written): it is done again."""
        for path in chunk_files(self.work_dir, index):
            path.unlink(missing_ok=True)

    # --- finish ----------------------------------------------------------------------------------

    def finalize(self, records: Sequence[dict[str, Any]], run: dict[str, Any], render_card: Callable[[dict[str, Any]], str], *, filtered: bool) -> dict[str, Any]:
        """Publish the finished chunks ``records`` (every chunk of the run) as the folder's output.

        ``run`` holds the manifest's descriptive fields (model, settings, counts...); the shard
        and dropped-rows entries are added here. Returns the manifest written to run.json.
        """
        records = sorted(records, key=lambda record: record["index"])
        staged_data = Path(tempfile.mkdtemp(prefix=temporary_name(self.path / DATA_DIR), suffix=TEMPORARY_SUFFIX, dir=self.path))
        give_normal_permissions(staged_data, directory=True)
        shards = []
        for position, record in enumerate(records):
            source, _, _ = chunk_files(self.work_dir, record["index"])
            name = shard_name(position, record[ALGORITHM])
            _link_or_copy(source, staged_data / Path(name).name)
            shards.append(ListedFile(name, record["rows"], record["bytes"], record.get("pairs", 0), record.get("articles", 0), record[ALGORITHM]))
        dropped = self._stage_dropped(records) if filtered else None
        manifest = {
            "format": FORMAT,
            **run,
            "complete": True,
            "shards": [shard.as_dict() for shard in shards],
            "dropped": dropped[1].as_dict() if dropped else None,
            "created": _now(),
        }
        if self._already_published(manifest, render_card):
            shutil.rmtree(staged_data, ignore_errors=True)
            if dropped:
                dropped[0].unlink(missing_ok=True)
            self.note(f"{self.path}: the run wrote the same output as the one published there: kept that as it was "
                      "(its run.json, and what export and review wrote for it)")
            self.discard()
            return self._previous
        previous = self._previous
        retire_legacy = bool(self._publishing and self._publishing.get("retire_legacy")) or (
            previous is not None and previous.get("format") != FORMAT
        )
        with atomic_open(self.work_dir / PUBLISHING_FILE) as handle:
            json.dump({"retire_legacy": retire_legacy}, handle)
        self._switch(staged_data, dropped[0] if dropped else None, retire_legacy=retire_legacy)
        pause_point("finalize")
        with atomic_open(self.path / CARD_FILE) as handle:
            handle.write(render_card(manifest))
        with atomic_open(self.path / RUN_FILE) as handle:  # last: a folder with run.json is whole
            json.dump(manifest, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        shutil.rmtree(self.work_dir / CHUNKS_DIR, ignore_errors=True)
        (self.work_dir / STATE_FILE).unlink(missing_ok=True)
        (self.work_dir / PUBLISHING_FILE).unlink(missing_ok=True)
        return manifest

    def _already_published(self, manifest: dict[str, Any], render_card: Callable[[dict[str, Any]], str]) -> bool:
        """Whether the folder already holds this very output, whole: a previous run's ``run.json`` equal to
        ``manifest`` but for its time, every file it lists present with its SHA-256, its card as written and
        nothing else in ``data/``. Then what export and review wrote for it still holds, and stays."""
        previous = self._previous
        if previous is None or self._publishing is not None or _but_the_time(previous) != _but_the_time(manifest):
            return False
        try:
            read_manifest(self.path, newer_run_ok=True)
            card = (self.path / CARD_FILE).read_text(encoding="utf-8")
        except (SongnguError, OSError, UnicodeDecodeError):
            return False
        return card == render_card(previous) and not self._foreign_outputs()

    def _stage_dropped(self, records: Sequence[dict[str, Any]]) -> tuple[Path, ListedFile]:
        fd, name = tempfile.mkstemp(prefix=temporary_name(self.path / DROPPED_FILE), suffix=TEMPORARY_SUFFIX, dir=self.path)
        rows = 0
        with os.fdopen(fd, "wb") as target:
            for record in records:
                _, part, _ = chunk_files(self.work_dir, record["index"])
                if record.get("dropped"):
                    with open(part, "rb") as source:
                        shutil.copyfileobj(source, target)
                    rows += record["dropped"]
            target.flush()
            os.fsync(target.fileno())
        give_normal_permissions(name, directory=False)
        return Path(name), ListedFile(DROPPED_FILE, rows, Path(name).stat().st_size, sha256=file_checksum(name))

    def _switch(self, staged_data: Path, staged_dropped: Path | None, *, retire_legacy: bool) -> None:
        """Replace the previous output by the staged one; the manifest comes after, by the caller."""
        for name in (RUN_FILE, CARD_FILE):
            (self.path / name).unlink(missing_ok=True)
        data = self.path / DATA_DIR
        retired = None
        if data.is_symlink() or data.is_file():
            data.unlink()
        elif data.exists():
            retired = Path(tempfile.mkdtemp(prefix=temporary_name(self.path / DATA_DIR), suffix=TEMPORARY_SUFFIX, dir=self.path))
            os.replace(data, retired / DATA_DIR)
        os.replace(staged_data, data)
        if staged_dropped is not None:
            os.replace(staged_dropped, self.path / DROPPED_FILE)
        else:
            (self.path / DROPPED_FILE).unlink(missing_ok=True)
        if retire_legacy:
            for name in LEGACY_OUTPUTS:
                legacy = self.path / name
                if legacy.is_dir():
                    shutil.rmtree(legacy, ignore_errors=True)
                else:
                    legacy.unlink(missing_ok=True)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
        stale = retire_written(self.path)
        if stale:
            self.note(f"{self.path}: removed what export and review wrote for the previous run ({', '.join(stale)}); "
                      "export or review again for this one")

    def discard(self) -> None:
        """Forget an unfinished run (nothing to publish); the previous output stays as it was."""
        shutil.rmtree(self.work_dir / CHUNKS_DIR, ignore_errors=True)
        (self.work_dir / STATE_FILE).unlink(missing_ok=True)

    def abandon(self) -> None:
        """After a run that failed (call before :meth:`close`, while no other run can use ``OUT/.songngu``): if this run created ``OUT/.songngu``
        and kept no chunk there, remove it (and the output folder, if this run created it and it is
        empty), so a failure leaves the folder as it found it; otherwise the kept chunks stay to resume."""
        chunks = self.work_dir / CHUNKS_DIR
        if self._work_dir_created and not (chunks.is_dir() and any(chunks.iterdir())):
            self.remove_work_dir()

    def remove_work_dir(self) -> None:
        """Remove ``OUT/.songngu`` once nothing in it is needed (call before :meth:`close`: removed while the lock
        is held, it is no other run's; one that opened its lock file meanwhile sees it gone and locks a new one); an
        output folder this run created and left empty goes too."""
        shutil.rmtree(self.work_dir, ignore_errors=True)
        if self._created:
            try:
                self.path.rmdir()
            except OSError:
                pass


def _same_file(handle, path: Path) -> bool:
    """Whether the open file ``handle`` is still the file at ``path`` (not removed or replaced since it was opened)."""
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(handle.fileno())
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _kept_chunk_problem(work_dir: Path, index: int, record: dict[str, Any]) -> str | None:
    """Why kept chunk ``index`` cannot be used as it is (naming the file), or None when its files match its record."""
    shard, dropped, record_path = chunk_files(work_dir, index)
    if ALGORITHM not in record:
        return f"{record_path}: records no checksum (written by an earlier songngu)"
    files = [(shard, record[ALGORITHM])]
    if record.get(DROPPED_CHECKSUM) is not None:
        files.append((dropped, record[DROPPED_CHECKSUM]))
    for path, expected in files:
        try:
            if file_checksum(path) != expected:
                return f"{path}: damaged since it was written (its SHA-256 differs from the one recorded)"
        except FileNotFoundError:
            return f"{path}: missing"
        except OSError as error:
            return f"{path}: cannot be read ({error.strerror or error})"
    return None


def _but_the_time(manifest: dict[str, Any]) -> dict[str, Any]:
    """A manifest as run.json holds it, without the time it was written."""
    fields = json.loads(json.dumps(manifest, ensure_ascii=False))
    fields.pop("created", None)
    return fields


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
