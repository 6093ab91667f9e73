"""Inputs of a run: files, folders, globs and corpora become articles with stable ids, lazily."""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from songngu.run.sources import Corpus


def _items(inputs: list[str], **options) -> tuple[list, list[str]]:
    notes: list[str] = []
    corpus = Corpus(inputs, note=notes.append, **options)
    return list(corpus), notes


def test_files_folders_and_globs_expand_in_order(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "2.txt").write_text("x")
    (tmp_path / "a" / "1.txt").write_text("x")
    (tmp_path / "a" / "notes.md").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    items, notes = _items([str(tmp_path / "a"), str(tmp_path / "*.txt")])
    assert [item.article_id for item in items] == ["a/1", "a/2", "b"]
    assert [item.error for item in items] == [None, None, None]
    assert any("notes.md" in note for note in notes)


def test_ids_come_from_the_path_under_the_input_root_not_argument_order(tmp_path: Path) -> None:
    for folder in ("2020/01", "2021/01"):
        (tmp_path / "news" / folder).mkdir(parents=True)
        (tmp_path / "news" / folder / "tin.txt").write_text("x")
    one, _ = _items([str(tmp_path / "news")])
    assert [item.article_id for item in one] == ["2020/01/tin", "2021/01/tin"]
    assert [item.source for item in one] == ["news/2020/01/tin.txt", "news/2021/01/tin.txt"]
    forward, _ = _items([str(tmp_path / "news" / "2020"), str(tmp_path / "news" / "2021")])
    backward, _ = _items([str(tmp_path / "news" / "2021"), str(tmp_path / "news" / "2020")])
    assert sorted(item.article_id for item in forward) == sorted(item.article_id for item in backward) == [
        "2020/01/tin", "2021/01/tin"]
    (tmp_path / "news" / "2020" / "01" / "unrelated.txt").write_text("x")
    again, _ = _items([str(tmp_path / "news")])
    assert {item.article_id for item in one} <= {item.article_id for item in again}


def test_the_same_id_twice_is_an_error_for_the_second(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    items, _ = _items([str(tmp_path / "x.txt"), str(tmp_path / "*.txt")])
    assert items[0].error is None and "already used" in items[1].error


def test_bad_inputs_are_named(tmp_path: Path) -> None:
    (tmp_path / "empty_dir").mkdir()
    items, _ = _items([str(tmp_path / "missing.txt"), str(tmp_path / "empty_dir"), str(tmp_path / "*.none")])
    assert [item.error for item in items] == [
        "no such file or directory", "folder holds no .txt, .jsonl, .ndjson, .jsonl.gz, .ndjson.gz, .parquet files",
        "no files match this pattern"]


def test_symlinked_folders_are_followed_and_loops_skipped_with_a_note(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "linked.txt").write_text("x")
    root = tmp_path / "root"
    root.mkdir()
    (root / "own.txt").write_text("x")
    (root / "link").symlink_to(real, target_is_directory=True)
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    items, notes = _items([str(root)])
    assert [item.article_id for item in items] == ["link/linked", "own"]
    assert any("loop" in note and "already read" in note for note in notes)
    assert any("dangling.txt" in note and "broken" in note for note in notes)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_are_named_not_skipped_in_silence(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("x")
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    os.mkfifo(tmp_path / "direct")
    items, notes = _items([str(tmp_path / "in"), str(tmp_path / "direct")])
    assert [item.article_id for item in items if not item.error] == ["a"]
    assert any("pipe.txt" in note and "FIFO" in note for note in notes)
    assert items[-1].error == "is a FIFO (named pipe), not a regular file"


def test_jsonl_gz_and_parquet_corpora_give_one_article_per_record(tmp_path: Path) -> None:
    records = [{"text": "Một.", "url": "u1"}, {"text": "Hai.", "url": "u2"}, {"body": "no text"}, {"text": 5}]
    with gzip.open(tmp_path / "corpus.jsonl.gz", "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.write("{broken\n")
    items, _ = _items([str(tmp_path / "corpus.jsonl.gz")])
    assert [(item.article_id, item.text, item.error) for item in items] == [
        ("corpus:1", "Một.", None), ("corpus:2", "Hai.", None), ("corpus:3", None, "has no 'text' field"),
        ("corpus:4", None, "field 'text' is not a string"), ("corpus:5", None, "not valid JSON (Expecting property name enclosed in double quotes)")]
    assert items[0].source == f"{tmp_path.name}/corpus.jsonl.gz:1"

    pq.write_table(pa.table({"body": ["Ba.", "Bốn."], "url": ["x", "y"]}), tmp_path / "more.parquet")
    items, _ = _items([str(tmp_path / "more.parquet")], text_field="body", id_field="url")
    assert [(item.article_id, item.text) for item in items] == [("x", "Ba."), ("y", "Bốn.")]
    items, _ = _items([str(tmp_path / "more.parquet")])
    assert len(items) == 1 and "no field 'text'" in items[0].error and "--text-field" in items[0].error


def test_count_matches_what_iteration_gives(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.jsonl").write_text('{"text": "1"}\n{"text": "2"}\n')
    corpus = Corpus([str(tmp_path)])
    assert corpus.count() == len(list(corpus)) == 3
