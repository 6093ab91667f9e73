"""A translation memory: every batch a model has translated, saved as it is done, in SQLite.

A model's English for a sentence depends on the batch it was translated in (int8 kernels and
padding make each output depend a little on its neighbours), so the memory keeps whole batches:
keys are (model, revision, backend and decoding settings, the batch's exact token sequences).
A batch met again — after a crash, in a resumed run, when the same corpus is translated again —
is never sent to the model twice, and a reused batch gives exactly the English the model would
give, so rows never depend on what the memory held. The file uses WAL journalling and one
commit per batch: a run killed at any moment (SIGKILL included) keeps every batch it finished,
and several processes may share it.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import sys
import time
import unicodedata
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import SetupError, UsageError
from songngu.paths import given_path, user_cache_dir
from songngu.testpoint import pause_point
from songngu.translate.base import BatchCache, BatchOutputs, ProgressCallback, Translation, Translator

MEMORY_FILE = "memory.sqlite"
SQLITE_HEADER = b"SQLite format 3\x00"
"""The first bytes of every SQLite database file."""
OUTPUT_INDEPENDENT_SETTINGS = frozenset({"batch_size", "max_batch_tokens", "threads"})
"""Settings the batch key already covers (batch composition) or that do not change output."""
_LOCK_TIMEOUT = 60.0
"""Seconds to wait for another process that holds the memory file."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    settings TEXT NOT NULL,
    batch TEXT NOT NULL,
    outputs TEXT NOT NULL,
    PRIMARY KEY (settings, batch)
) WITHOUT ROWID
"""


def default_memory_path() -> Path:
    """``user_cache_dir()/memory.sqlite``."""
    return user_cache_dir() / MEMORY_FILE


def normalise_source(sentence: str) -> str:
    """The form a source sentence is stored under: NFC, whitespace runs collapsed, trimmed."""
    return " ".join(unicodedata.normalize("NFC", sentence).split())


def local_model_fingerprint(directory: Path) -> list:
    """What identifies a local model folder's contents cheaply: each file's path, size and mtime."""
    return sorted(
        [str(path.resolve()), path.stat().st_size, path.stat().st_mtime_ns] for path in Path(directory).iterdir() if path.is_file()
    )


def settings_key(translator: Translator, model_dir: Path | None = None) -> str:
    """A short hash of everything that decides a translator's output: model, revision, backend, decoding.

    A local model (revision ``local``) is named by its folder only, so two different folders
    of the same name would share entries; pass ``model_dir`` to key it by its files as well.
    """
    settings = {k: v for k, v in translator.settings().items() if k not in OUTPUT_INDEPENDENT_SETTINGS}
    identity = {
        "model": translator.model_name,
        "revision": translator.model_revision,
        "backend": translator.backend,
        "settings": settings,
    }
    if translator.model_revision == "local" and model_dir is not None:
        identity["files"] = local_model_fingerprint(model_dir)
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()[:32]


class TranslationMemory:
    """A SQLite file of finished translations, shared safely between processes.

    One object may be used from any thread, one thread at a time (a Ray actor opens it in one
    thread and translates in another).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        """Open (creating if needed) the memory at ``path``, default ``default_memory_path()``."""
        self.path = Path(path) if path is not None else default_memory_path()
        self.read_only = False
        self._stored = 0  # batches this process saved, for the test point
        try:
            default = self.path == default_memory_path()
            self._make_folder(default)
            _check_header(self.path)
            if os.access(self.path.parent, os.W_OK):
                self._db = sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT, isolation_level=None, check_same_thread=False)
                self._set_up()
            else:
                self._db = self._open_read_only(default)
            self._db.execute("SELECT COUNT(*) FROM batches LIMIT 1").fetchone()
        except (OSError, sqlite3.DatabaseError) as error:
            fix = "move it away or pass --no-memory"
            if getattr(error, "errno", None) in _DISK_FULL or "disk" in str(error):  # SQLite: "disk I/O error", "... disk is full"
                fix = "free space on its disk (it may be full) and run again, or pass --no-memory"
            raise SetupError(f"{self.path}: cannot use as a translation memory ({_short(error)}); {fix}") from None

    def _make_folder(self, default: bool) -> None:
        """Create the user cache's folder for the default memory; a folder that cannot be made is named with its fix."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SetupError(
                f"{self.path.parent}: cannot create the folder of the translation memory ({error.strerror or error}); "
                f"{_elsewhere(default)}, or pass --no-memory"
            ) from None

    def _open_read_only(self, default: bool) -> sqlite3.Connection:
        """The memory of a folder that cannot be written, for lookups only (SQLite cannot make its journal
        there, so nothing can be saved); a memory that does not exist yet cannot be made there."""
        if not self.path.is_file() or self.path.stat().st_size == 0:
            raise SetupError(
                f"{self.path}: cannot create a translation memory there, its folder {self.path.parent} cannot be written; "
                f"{_elsewhere(default)}, or pass --no-memory"
            )
        self.read_only = True
        uri = f"file:{urllib.parse.quote(str(self.path.resolve()))}"
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=_LOCK_TIMEOUT, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("SELECT COUNT(*) FROM batches LIMIT 1").fetchone()
            return connection
        except sqlite3.OperationalError:  # a WAL file without its shared-memory file (none can be made here) opens only as immutable
            connection.close()
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)

    def _set_up(self) -> None:
        """WAL journalling and the table, waiting (as every other statement does) while another process holds the file.

        SQLite does not wait by itself when the journal mode is set while another process is
        creating the same new file: it answers "database is locked" at once, so wait here.
        """
        deadline = time.monotonic() + _LOCK_TIMEOUT
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute(_SCHEMA)
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            time.sleep(0.05)

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def lookup(self, settings: str, batch: str) -> BatchOutputs | None:
        """The stored outputs of the batch keyed ``batch`` under ``settings``, or None."""
        try:
            row = self._db.execute("SELECT outputs FROM batches WHERE settings = ? AND batch = ?", (settings, batch)).fetchone()
            return [(text, logprob) for text, logprob in json.loads(row[0])] if row else None
        except (sqlite3.DatabaseError, ValueError, TypeError) as error:  # a damaged file, or a damaged row in a sound one
            raise SetupError(
                f"{self.path}: the translation memory is damaged ({_short(error)}); move it away (a new one is made) or pass --no-memory"
            ) from None

    def store(self, settings: str, batch: str, outputs: BatchOutputs) -> None:
        """Save one batch's outputs (committed at once: kept whole, or not at all); a read-only memory saves nothing."""
        if self.read_only:
            return
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO batches VALUES (?, ?, ?)",
                    (settings, batch, json.dumps([list(output) for output in outputs], ensure_ascii=False)),
                )
        except sqlite3.DatabaseError as error:
            raise SetupError(
                f"{self.path}: cannot save translations ({error}); the translations saved before are kept"
            ) from None
        self._stored += 1
        pause_point("stored", self._stored)

    def cache(self, settings: str) -> BatchCache:
        """The batches of ``settings``, as the cache a translator reads and fills."""
        return BatchCache(lookup=lambda batch: self.lookup(settings, batch), save=lambda batch, outputs: self.store(settings, batch, outputs))

    def count(self, settings: str | None = None) -> int:
        """How many batches the memory holds (for one settings key, or all)."""
        if settings is None:
            return self._db.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM batches WHERE settings = ?", (settings,)).fetchone()[0]


def _check_header(path: Path) -> None:
    """Refuse a file that is neither empty nor an SQLite database, rather than let SQLite replace it.

    SQLite takes a file shorter than its header (a single byte, say) for a new database and writes
    over it; an empty file, or no file, is a new memory.
    """
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    if head and head != SQLITE_HEADER:
        raise sqlite3.DatabaseError("file is not a database")


_DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def _elsewhere(default: bool) -> str:
    """How to put the memory in a folder that can be written: the default one moves with SONGNGU_CACHE."""
    return "point SONGNGU_CACHE at a writable folder" if default else "give --memory a path in a writable folder"


def _short(error: BaseException) -> str:
    """An SQLite or JSON error in a few words: never the damaged bytes SQLite quotes from a row that is not UTF-8."""
    text = str(error)
    if text.startswith("Could not decode to UTF-8"):
        return "a stored translation is not valid UTF-8"
    if isinstance(error, (ValueError, TypeError)) and not isinstance(error, sqlite3.Error):
        return "a stored translation is not the JSON it was saved as"
    return " ".join(text.split())[:120] or type(error).__name__


def memory_location(memory: str | Path | None | bool) -> Path | None:
    """The memory file a ``memory`` option names: a path, None/True for the default, False for none.

    The default's folder (in the user cache) is created when the memory is opened; the folder of a
    path given here must exist already (a usage error, exit 2, if not), so a typing mistake does not
    quietly create folders.
    """
    if memory is False:
        return None
    if memory is None or memory is True:
        return default_memory_path()
    path = given_path(memory, "memory")
    if not path.parent.is_dir():
        raise UsageError(f"{path}: cannot use as a translation memory (no folder {path.parent}); create the folder, or pass another --memory")
    return path


@contextmanager
def open_memory(path: str | Path | None) -> Iterator[TranslationMemory | None]:
    """The translation memory at ``path`` for the length of a block, or None when ``path`` is None."""
    if path is None:
        yield None
        return
    with TranslationMemory(path) as memory:
        if memory.read_only:
            print(f"songngu: note: {memory.path}: its folder cannot be written, so the translation memory is used read-only: "
                  "translations it holds are reused, new ones are not saved", file=sys.stderr, flush=True)
        yield memory


@dataclass(frozen=True)
class MemoryResult:
    """Translations in input order; how many sentences went to the model, and how many did not.

    ``from_memory`` counts sentences whose batch the memory held plus repeats (after
    normalisation) of a sentence translated in the same call.
    """

    translations: list[Translation]
    translated: int
    from_memory: int


def translate_with_memory(
    translator: Translator,
    sentences: Sequence[str],
    memory: TranslationMemory | None,
    on_progress: ProgressCallback | None = None,
    model_dir: Path | None = None,
) -> MemoryResult:
    """Translate ``sentences``, taking the batches ``memory`` holds and saving each new batch as it is done.

    Sentences equal after ``normalise_source`` are sent to the model once (the first one's
    wording). The batches are formed from all of those distinct sentences, whatever the memory
    holds, so an interrupted call, called again, forms the same batches and gives the same
    English, as does a call without a memory. ``model_dir`` is the model's folder (see
    ``settings_key``).
    """
    distinct: dict[str, list[int]] = {}
    for index, sentence in enumerate(sentences):
        distinct.setdefault(normalise_source(sentence), []).append(index)
    to_translate = [sentences[indices[0]] for indices in distinct.values()]
    cache = memory.cache(settings_key(translator, model_dir)) if memory is not None else None
    new = translator.translate(to_translate, on_progress=on_progress, cache=cache) if to_translate else []
    repeats = len(sentences) - len(to_translate)
    if on_progress and repeats:
        on_progress(repeats)
    results: list[Translation] = [Translation("")] * len(sentences)
    for indices, translation in zip(distinct.values(), new):
        for index in indices:
            results[index] = translation
    reused = cache.reused if cache is not None else 0
    return MemoryResult(results, len(to_translate) - reused, repeats + reused)
