"""The translation memory: each distinct sentence goes to the model once per call, each batch once ever,
and a call gives the same English with or without a memory, interrupted or not."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from songngu.translate import load_translator
from songngu.translate.loader import _load
from songngu.translate.memory import TranslationMemory, settings_key, translate_with_memory
from tests.helpers import REPO
from tests.tinymodels import MEMORISED_PAIRS, TEXT_DIR

SOURCES = [source for source, _ in MEMORISED_PAIRS]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SONGNGU_CACHE", str(cache))
    _load.cache_clear()
    yield cache
    _load.cache_clear()


def test_duplicates_within_a_call_are_translated_once(memorised_marian_dir: Path, tmp_path: Path) -> None:
    translator = load_translator(memorised_marian_dir, device="cpu", num_beams=1)
    sentences = [SOURCES[0], SOURCES[1], f"  {SOURCES[0]} ", SOURCES[0].replace(" ", "  ")]
    with TranslationMemory(tmp_path / "memory.sqlite") as memory:
        result = translate_with_memory(translator, sentences, memory)
    assert result.translated == 2
    assert result.from_memory == 2
    assert [t.text for t in result.translations] == [MEMORISED_PAIRS[0][1], MEMORISED_PAIRS[1][1]] + [MEMORISED_PAIRS[0][1]] * 2


def test_second_run_takes_everything_from_memory(memorised_marian_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    translator = load_translator(memorised_marian_dir, device="cpu", num_beams=1, batch_size=4)
    with TranslationMemory(path) as memory:
        first = translate_with_memory(translator, SOURCES, memory)
    with TranslationMemory(path) as memory:
        second = translate_with_memory(translator, SOURCES, memory)
        assert memory.count(settings_key(translator)) == -(-len(SOURCES) // 4)
    assert (first.translated, second.translated, second.from_memory) == (len(SOURCES), 0, len(SOURCES))
    assert second.translations == first.translations
    assert [t.text for t in second.translations] == [english for _, english in MEMORISED_PAIRS]


def flores(count: int) -> list[str]:
    return (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()[:count]


class Stop(Exception):
    """Raised from the progress callback: the call ends there, as a killed run would."""


@pytest.mark.parametrize("stop_after", [1, 3, 7, 12])
def test_an_interrupted_call_called_again_gives_the_uninterrupted_english(
    tiny_marian_dir: Path, tmp_path: Path, stop_after: int
) -> None:
    """Random weights (near-ties everywhere) and batches of 4: any change of a sentence's batch neighbours shows."""
    translator = load_translator(tiny_marian_dir, device="cpu", num_beams=1, batch_size=4)
    sentences = flores(60)
    reference = translate_with_memory(translator, sentences, None).translations
    batches_done = [0]

    def stop(count: int) -> None:
        batches_done[0] += 1
        if batches_done[0] == stop_after:
            raise Stop

    with TranslationMemory(tmp_path / "memory.sqlite") as memory:
        with pytest.raises(Stop):
            translate_with_memory(translator, sentences, memory, on_progress=stop)
        # every batch reported is saved first; a batch of pieces of long sentences none of which it finishes is
        # saved without a report, so the memory may hold more
        assert memory.count() >= stop_after
        resumed = translate_with_memory(translator, sentences, memory)
    assert resumed.translations == reference
    assert resumed.from_memory > 0 and resumed.translated > 0


def test_with_or_without_memory_the_english_is_the_same(tiny_marian_dir: Path, tmp_path: Path) -> None:
    """A memory filled by calls on overlapping sentences (other batches) changes nothing in a later call."""
    translator = load_translator(tiny_marian_dir, device="cpu", num_beams=1, batch_size=4)
    sentences = flores(60)
    with TranslationMemory(tmp_path / "memory.sqlite") as memory:
        translate_with_memory(translator, sentences[10:50], memory)
        translate_with_memory(translator, sentences[::2], memory)
        with_memory = translate_with_memory(translator, sentences, memory).translations
    assert with_memory == translate_with_memory(translator, sentences, None).translations


def test_other_decoding_settings_do_not_share_entries(memorised_marian_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    greedy = load_translator(memorised_marian_dir, device="cpu", num_beams=1)
    beam = load_translator(memorised_marian_dir, device="cpu", num_beams=2)
    assert settings_key(greedy) != settings_key(beam)
    with TranslationMemory(path) as memory:
        translate_with_memory(greedy, SOURCES[:3], memory)
        assert translate_with_memory(beam, SOURCES[:3], memory).translated == 3
        assert translate_with_memory(greedy, SOURCES[:3], memory).translated == 0


def test_batch_size_does_not_change_the_key(memorised_marian_dir: Path) -> None:
    small = load_translator(memorised_marian_dir, device="cpu", num_beams=1, batch_size=2)
    large = load_translator(memorised_marian_dir, device="cpu", num_beams=1, batch_size=64)
    assert settings_key(small) == settings_key(large)


def test_without_memory_nothing_is_written(memorised_marian_dir: Path, private_cache: Path) -> None:
    translator = load_translator(memorised_marian_dir, device="cpu", num_beams=1)
    result = translate_with_memory(translator, SOURCES[:3] + SOURCES[:1], None)
    assert result.translated == 3
    assert not (private_cache / "memory.sqlite").exists()


def test_memory_file_uses_wal_and_is_shared_between_connections(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite"
    with TranslationMemory(path) as writer, TranslationMemory(path) as reader:
        writer.store("key", "batch-1", [("Hello.", -0.5), ("Bye.", None)])
        assert reader.lookup("key", "batch-1") == [("Hello.", -0.5), ("Bye.", None)]
        assert reader.lookup("key", "batch-2") is None
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_location_is_in_the_user_cache(private_cache: Path) -> None:
    with TranslationMemory() as memory:
        assert memory.path == private_cache / "memory.sqlite"
    assert (private_cache / "memory.sqlite").is_file()


def test_local_models_with_the_same_folder_name_do_not_share_entries(
    memorised_marian_dir: Path, tiny_marian_dir: Path, tmp_path: Path
) -> None:
    import shutil

    first = shutil.copytree(memorised_marian_dir, tmp_path / "a" / "model")
    second = shutil.copytree(tiny_marian_dir, tmp_path / "b" / "model")
    with TranslationMemory(tmp_path / "memory.sqlite") as memory:
        for directory in (first, second):
            translator = load_translator(directory, device="cpu", num_beams=1)
            assert translator.model_name == "model"
            result = translate_with_memory(translator, SOURCES[:3], memory, model_dir=directory)
            assert result.translated == 3


OPEN_MEMORY = """
import sys
from pathlib import Path
from songngu.translate.memory import TranslationMemory
folder, name, trials = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
failures = 0
for trial in range(trials):
    (folder / f"ready-{trial}-{name}").touch()
    while len(list(folder.glob(f"ready-{trial}-*"))) < 2:  # a barrier: both processes open the new file together
        pass
    try:
        with TranslationMemory(folder / f"memory-{trial}.sqlite") as memory:
            memory.store(name, "[[1, 2]]", [("Hello.", -0.5)])
    except Exception as error:  # go on, so that the other process does not wait at the next barrier for ever
        failures += 1
        print(trial, error, file=sys.stderr)
sys.exit(1 if failures else 0)
"""


def test_two_processes_creating_the_same_new_memory_both_succeed(tmp_path: Path) -> None:
    processes = [
        subprocess.Popen([sys.executable, "-c", OPEN_MEMORY, str(tmp_path), name, "40"], cwd=REPO, stderr=subprocess.PIPE, text=True)
        for name in ("first", "second")
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    for trial in range(40):
        with TranslationMemory(tmp_path / f"memory-{trial}.sqlite") as memory:
            assert memory.count() == 2


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the other process's open files in /proc")
def test_opening_a_new_memory_waits_while_another_process_creates_it(tmp_path: Path) -> None:
    """SQLite answers "database is locked" at once, without waiting, while another process writes a new file's first page."""
    path = tmp_path / "memory.sqlite"
    creator = sqlite3.connect(path, isolation_level=None)
    creator.execute("BEGIN IMMEDIATE")
    creator.execute("CREATE TABLE being_created (x)")
    opener = subprocess.Popen([sys.executable, "-c", "import sys; from songngu.translate.memory import TranslationMemory; "
                               "TranslationMemory(sys.argv[1]).close()", str(path)], cwd=REPO, stderr=subprocess.PIPE, text=True)
    while not any(Path(f"/proc/{opener.pid}/fd/{fd}").resolve() == path.resolve() for fd in _open_fds(opener.pid)):
        assert opener.poll() is None, opener.communicate()
        time.sleep(0.01)
    creator.execute("COMMIT")  # only once the other process has the file open and is setting it up
    creator.close()
    _, stderr = opener.communicate(timeout=120)
    assert opener.returncode == 0, stderr
    with TranslationMemory(path) as memory:
        assert memory.count() == 0


def _open_fds(pid: int) -> list[str]:
    try:
        return os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return []


def test_a_memory_path_that_is_a_folder_is_not_blamed_on_a_full_disk(tmp_path: Path) -> None:
    """Every OSError said "free space on its disk (it may be full)", a folder in the memory's place too."""
    from songngu.errors import SetupError

    (tmp_path / "memory.sqlite").mkdir()
    with pytest.raises(SetupError) as raised:
        TranslationMemory(tmp_path / "memory.sqlite")
    assert "move it away or pass --no-memory" in str(raised.value) and "free space" not in str(raised.value)
