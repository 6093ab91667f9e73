"""The translation memory: each distinct sentence goes to the model once, within and across runs."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from songngu.translate import load_translator
from songngu.translate.base import Translation
from songngu.translate.loader import _load
from songngu.translate.memory import TranslationMemory, settings_key, translate_with_memory
from tests.tinymodels import MEMORISED_PAIRS

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
    translator = load_translator(memorised_marian_dir, device="cpu", num_beams=1)
    with TranslationMemory(path) as memory:
        first = translate_with_memory(translator, SOURCES[:6], memory)
    with TranslationMemory(path) as memory:
        second = translate_with_memory(translator, SOURCES, memory)
        assert memory.count(settings_key(translator)) == len(SOURCES)
    assert (first.translated, second.translated, second.from_memory) == (6, len(SOURCES) - 6, 6)
    assert second.translations[:6] == first.translations
    assert [t.text for t in second.translations] == [english for _, english in MEMORISED_PAIRS]


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
        writer.store("key", "Xin chào.", Translation("Hello.", False, -0.5))
        assert reader.lookup("key", ["Xin chào.", "Tạm biệt."]) == {"Xin chào.": Translation("Hello.", False, -0.5)}
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
