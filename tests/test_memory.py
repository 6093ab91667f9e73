"""The translation memory: each distinct sentence goes to the model once per call, each batch once ever,
and a call gives the same English with or without a memory, interrupted or not."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from songngu.translate import load_translator
from songngu.translate.loader import _load
from songngu.translate.memory import TranslationMemory, settings_key, translate_with_memory
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
        assert memory.count() == stop_after
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
