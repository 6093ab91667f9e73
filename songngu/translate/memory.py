"""A translation memory: every sentence a model has translated, saved as it is done, in SQLite.

Keys are (model, revision, backend and decoding settings, normalised source sentence), so a
sentence met again — later in the same run, in another run, or after a crash — is never sent
to the model twice. The file uses WAL journalling and per-sentence commits: a run killed at
any moment (SIGKILL included) keeps every sentence it finished, and two processes may share it.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import SetupError
from songngu.paths import user_cache_dir
from songngu.translate.base import ProgressCallback, Translation, Translator

MEMORY_FILE = "memory.sqlite"
OUTPUT_INDEPENDENT_SETTINGS = frozenset({"batch_size", "max_batch_tokens"})
_LOOKUP_CHUNK = 500
_LOCK_TIMEOUT = 60.0
"""Seconds to wait for another process that holds the memory file."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    settings TEXT NOT NULL,
    source TEXT NOT NULL,
    text TEXT NOT NULL,
    split_for_length INTEGER NOT NULL,
    logprob REAL,
    PRIMARY KEY (settings, source)
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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT, isolation_level=None, check_same_thread=False)
            self._set_up()
            self._db.execute("SELECT COUNT(*) FROM translations LIMIT 1").fetchone()
        except (OSError, sqlite3.DatabaseError) as error:
            raise SetupError(
                f"{self.path}: cannot use as a translation memory ({error}); move it away or pass --no-memory"
            ) from None

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

    def lookup(self, settings: str, sentences: Sequence[str]) -> dict[str, Translation]:
        """The stored translations of those ``sentences`` the memory holds, by sentence as given."""
        by_key: dict[str, list[str]] = {}
        for sentence in sentences:
            by_key.setdefault(normalise_source(sentence), []).append(sentence)
        keys = list(by_key)
        found: dict[str, Translation] = {}
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            try:
                rows = self._db.execute(
                    f"SELECT source, text, split_for_length, logprob FROM translations "
                    f"WHERE settings = ? AND source IN ({','.join('?' * len(chunk))})",
                    [settings, *chunk],
                ).fetchall()
            except sqlite3.DatabaseError as error:
                raise SetupError(f"{self.path}: cannot read the translation memory ({error}); move it away or pass --no-memory") from None
            for source, text, split_for_length, logprob in rows:
                for sentence in by_key[source]:
                    found[sentence] = Translation(text, bool(split_for_length), logprob)
        return found

    def store(self, settings: str, sentence: str, translation: Translation) -> None:
        """Save one finished translation (committed at once)."""
        self.store_many(settings, [(sentence, translation)])

    def store_many(self, settings: str, items: Sequence[tuple[str, Translation]]) -> None:
        """Save finished translations in one transaction: all of them are kept, or none."""
        rows = [
            (settings, normalise_source(sentence), translation.text, int(translation.split_for_length), translation.logprob)
            for sentence, translation in items
        ]
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as error:
            raise SetupError(
                f"{self.path}: cannot save translations ({error}); the translations saved before are kept"
            ) from None

    def count(self, settings: str | None = None) -> int:
        """How many translations the memory holds (for one settings key, or all)."""
        if settings is None:
            return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM translations WHERE settings = ?", (settings,)).fetchone()[0]


def memory_location(memory: str | Path | None | bool) -> Path | None:
    """The memory file a ``memory`` option names: a path, None/True for the default, False for none."""
    if memory is False:
        return None
    if memory is None or memory is True:
        return default_memory_path()
    return Path(memory)


@contextmanager
def open_memory(path: str | Path | None) -> Iterator[TranslationMemory | None]:
    """The translation memory at ``path`` for the length of a block, or None when ``path`` is None."""
    if path is None:
        yield None
        return
    with TranslationMemory(path) as memory:
        yield memory


@dataclass(frozen=True)
class MemoryResult:
    """Translations in input order; how many sentences went to the model, and how many did not.

    ``from_memory`` counts sentences found in the memory plus repeats (after normalisation)
    of a sentence translated in the same call.
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
    """Translate ``sentences``, taking what ``memory`` holds and saving each batch as soon as it is done.

    A batch's sentences are saved in one transaction, so a run killed at any moment has saved
    whole batches only, and resumes with the same batches an uninterrupted run would form.

    Sentences equal after ``normalise_source`` are sent to the model once. With ``memory``
    None, only that in-call deduplication applies. ``model_dir`` is the model's folder (see
    ``settings_key``).
    """
    settings = settings_key(translator, model_dir)
    known = memory.lookup(settings, sentences) if memory is not None else {}
    if on_progress and known:
        on_progress(sum(sentence in known for sentence in sentences))
    missing: dict[str, list[int]] = {}
    for index, sentence in enumerate(sentences):
        if sentence not in known:
            missing.setdefault(normalise_source(sentence), []).append(index)
    to_translate = [sentences[indices[0]] for indices in missing.values()]
    copies = [len(indices) for indices in missing.values()]

    finished: list[tuple[str, Translation]] = []

    def save(index: int, translation: Translation) -> None:
        finished.append((to_translate[index], translation))

    def batch_done(count: int) -> None:
        if memory is not None and finished:
            memory.store_many(settings, finished)
        finished.clear()
        if on_progress:
            on_progress(count)

    new = translator.translate(to_translate, on_progress=batch_done, on_result=save) if to_translate else []
    if finished:
        batch_done(0)
    if on_progress:
        on_progress(sum(copies) - len(copies))
    results: list[Translation | None] = [known.get(sentence) for sentence in sentences]
    for indices, translation in zip(missing.values(), new):
        for index in indices:
            results[index] = translation
    return MemoryResult([result or Translation("") for result in results], len(to_translate), len(sentences) - len(to_translate))
