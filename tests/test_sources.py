"""Inputs of a run: files, folders, globs and corpora become articles with stable ids, lazily."""
from __future__ import annotations

import gzip
import json
import os
import unicodedata
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


def test_names_that_differ_only_in_suffix_or_unicode_form_never_share_an_id(tmp_path: Path) -> None:
    """One folder gave ``a.txt`` and ``a.TXT`` the id ``a``, and ``b.jsonl`` and ``b.jsonl.gz`` the ids ``b:1``…:
    rows of two articles under one id. An NFD file name (as macOS tools write them) gave an id that looks
    like, but is not, the NFC one."""
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    nfc, nfd = "Hà Nội", unicodedata.normalize("NFD", "Hà Nội")
    for name in ("a.txt", "a.TXT", f"{nfd}.txt", "sub/only.txt"):
        (news / name).write_text("x", encoding="utf-8")
    (news / "b.jsonl").write_text('{"text": "1"}\n{"text": "2"}\n', encoding="utf-8")
    with gzip.open(news / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"text": "3"}\n')
    (news / unicodedata.normalize("NFD", "Đà Lạt")).mkdir()  # no NFD/NFC pair: its files keep NFC ids
    (news / unicodedata.normalize("NFD", "Đà Lạt") / "tin.txt").write_text("x", encoding="utf-8")
    for inputs in ([str(news)], [str(news / "*")]):
        items, _ = _items(inputs)
        ids = [item.article_id for item in items if item.error is None]
        assert len(ids) == len(set(ids)), ids
        assert f"{nfc}" in ids and "a" in ids and "b:1" in ids and "b:2" in ids
        refused = {item.source: item.error for item in items if item.error is not None}
        assert set(refused) == {"news/a.txt", "news/b.jsonl.gz"}, refused  # sorted: a.TXT and b.jsonl come first
        assert "would repeat those of news/a.TXT" in refused["news/a.txt"] and "suffix" in refused["news/a.txt"]
        assert "would repeat those of news/b.jsonl" in refused["news/b.jsonl.gz"]
        assert all(unicodedata.is_normalized("NFC", item.article_id) for item in items)
    items, _ = _items([str(news)])
    assert "Đà Lạt/tin" in [item.article_id for item in items]
    assert Corpus([str(news)]).count() == len(items)
    (news / f"{nfc}.txt").write_text("y", encoding="utf-8")
    items, _ = _items([str(news)])
    [problem] = [item.error for item in items if item.error and item.article_id == nfc]
    assert "differ only in their Unicode form (NFC and NFD)" in problem
    assert [item.article_id for item in items if item.error is None].count(nfc) == 1


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
    records = [{"text": "Một.", "url": "u1"}, {"text": "Hai.", "url": "u2"}, {"body": "no text"}, {"text": 5}, {"text": None}]
    with gzip.open(tmp_path / "corpus.jsonl.gz", "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.write("{broken\n")
        handle.write('{"text": "tự\x01điều"}\n')  # a raw control character: Python's message ends in a bare "at"
    items, _ = _items([str(tmp_path / "corpus.jsonl.gz")])
    assert [(item.article_id, item.text, item.error) for item in items] == [
        ("corpus:1", "Một.", None), ("corpus:2", "Hai.", None), ("corpus:3", None, "has no 'text' field"),
        ("corpus:4", None, "field 'text' is not a string"), ("corpus:5", None, "field 'text' is null"),
        ("corpus:6", None, "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        ("corpus:7", None, "not valid JSON (Invalid control character at column 13)")]
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


# --- one bad record costs one record -------------------------------------------------------------

def _good(index: int) -> bytes:
    return json.dumps({"text": f"Bài số {index}: Hôm nay trời đẹp."}, ensure_ascii=False).encode()


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz"])
def test_a_bad_utf8_byte_costs_its_line_only(tmp_path: Path, name: str) -> None:
    lines = [_good(index) for index in range(1000)]
    lines[499] = lines[499].replace("Hôm".encode(), b"H\xffm")
    data = b"\n".join(lines) + b"\n"
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    items, _ = _items([str(tmp_path / name)])
    errors = [item for item in items if item.error]
    assert [(item.source, item.error) for item in errors] == [
        (f"{tmp_path.name}/{name}:500", f"not valid UTF-8 (byte 0xFF at offset {lines[499].index(0xFF)} of the line); the line is skipped")]
    assert [item.article_id for item in items if not item.error] == [f"news:{number}" for number in range(1, 1001) if number != 500]


def test_lines_in_a_row_that_are_not_utf8_are_one_error_and_a_cut_gzip_keeps_what_came_before(tmp_path: Path) -> None:
    lines = [_good(index) for index in range(8)]
    lines[2:5] = [b"\xff\xfe garbage", b"\x9d more", b"\xc3"]
    (tmp_path / "burst.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    items, _ = _items([str(tmp_path / "burst.jsonl")])
    assert [(item.article_id, item.error) for item in items if item.error] == [
        ("burst:3-5", "not valid UTF-8 (3 lines in a row, the first with byte 0xFF at offset 0 of the line: a damaged file?); "
                      "these lines are skipped")]
    assert [item.article_id for item in items if not item.error] == ["burst:1", "burst:2", "burst:6", "burst:7", "burst:8"]

    data = gzip.compress(b"\n".join(_good(index) for index in range(5000)) + b"\n")
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    items, _ = _items([str(tmp_path / "cut.jsonl.gz")])
    *kept, last = items
    assert last.error.startswith("cannot be read from this line on") and all(item.error is None for item in kept)
    assert [item.article_id for item in kept] == [f"cut:{number}" for number in range(1, len(kept) + 1)]
    assert last.article_id == f"cut:{len(kept) + 1}" and 0 < len(kept) < 5000


def test_json_lines_python_cannot_parse_are_named_not_raised(tmp_path: Path) -> None:
    (tmp_path / "odd.jsonl").write_text("\n".join([
        '{"text": "Một.", "id": ' + "7" * 5000 + "}",
        "[" * 100_000,
        '{"text": "Xin ch\\ud800ao."}',
        '{"text": "Hai."}',
    ]) + "\n", encoding="utf-8")
    items, _ = _items([str(tmp_path / "odd.jsonl")])
    assert [(item.article_id, item.text, item.error) for item in items] == [
        ("odd:1", None, "cannot be read as JSON (Exceeds the limit (4300 digits) for integer string conversion)"),
        ("odd:2", None, "cannot be read as JSON (nested too deeply)"),
        ("odd:3", None, "field 'text' holds a lone surrogate (\\ud800), which is not text"),
        ("odd:4", "Hai.", None)]


def test_a_split_asked_of_a_saved_dataset_without_splits_is_refused(tmp_path: Path) -> None:
    """--split test on a folder holding one Dataset (not a DatasetDict) translated every row, without a word."""
    import datasets

    datasets.Dataset.from_dict({"text": ["Một.", "Hai."]}).save_to_disk(str(tmp_path / "saved"))
    items, _ = _items([str(tmp_path / "saved")], split="test")
    assert [item.error for item in items] == ["is one dataset, not one with splits to choose from: leave out --split test"]
    items, _ = _items([str(tmp_path / "saved")])
    assert [item.text for item in items] == ["Một.", "Hai."]


def test_a_parquet_column_that_is_not_text_is_one_error_for_the_file(tmp_path: Path) -> None:
    """An int column of 20,000 rows gave 20,000 error lines, one a row, and as many failed_inputs in run.json."""
    pq.write_table(pa.table({"text": list(range(20_000))}), tmp_path / "numbers.parquet")
    items, _ = _items([str(tmp_path / "numbers.parquet")])
    assert [(item.article_id, item.error) for item in items] == [
        ("numbers", "column 'text' holds int64, not text (choose the text column with --text-field)")]


def test_a_parquet_string_that_is_not_utf8_costs_its_row_only(tmp_path: Path) -> None:
    texts = [f"Bài số {index}.".encode() for index in range(100)]
    texts[42] = b"B\xffi."
    pq.write_table(pa.table({"text": pa.array(texts, pa.binary()).view(pa.string())}), tmp_path / "news.parquet", row_group_size=30)
    items, _ = _items([str(tmp_path / "news.parquet")])
    assert [item.article_id for item in items if item.error] == ["news:42"]
    assert "cannot be read" in items[42].error and "0xff" in items[42].error
    assert [item.text for item in items if not item.error] == [f"Bài số {index}." for index in range(100) if index != 42]


def damage_row_group(path: Path, group: int) -> None:
    """Zero 32 bytes in the middle of row group ``group``'s column data, in place."""
    column = pq.ParquetFile(path).metadata.row_group(group).column(0)
    start = (column.dictionary_page_offset or column.data_page_offset)
    middle = start + column.total_compressed_size // 2
    with open(path, "r+b") as handle:
        handle.seek(middle - 16)
        handle.write(bytes(32))


def test_a_damaged_parquet_page_costs_its_row_group_only(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    pq.write_table(pa.table({"text": [f"Bài số {index}. Hôm nay trời đẹp." for index in range(100)]}), path, row_group_size=30)
    damage_row_group(path, 1)
    with pytest.raises(Exception):
        pq.read_table(path)
    items, _ = _items([str(path)])
    [error] = [item for item in items if item.error]
    assert error.source == f"{tmp_path.name}/news.parquet:30-59" and "damaged part of the file" in error.error
    assert [item.article_id for item in items if not item.error] == [f"news:{row}" for row in range(100) if not 30 <= row < 60]


# --- songngu's own output is not input -----------------------------------------------------------

def _output_folder(folder: Path, *, finished: bool) -> None:
    (folder / "data").mkdir(parents=True)
    pq.write_table(pa.table({"id": ["a-0000"]}), folder / "data" / "segments-00000-0123456789abcdef.parquet")
    (folder / "dropped.jsonl").write_text('{"id": "a-0001"}\n')
    if finished:
        (folder / "run.json").write_text(json.dumps({"songngu_version": "0.2.0", "complete": True}))
    else:
        (folder / ".songngu").mkdir()


@pytest.mark.parametrize("finished", [True, False])
def test_an_output_folder_inside_an_input_folder_is_not_read(tmp_path: Path, finished: bool) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("x")
    _output_folder(news / "out", finished=finished)
    (news / "out" / "notes.txt").write_text("the user's own file, read as any other")
    items, notes = _items([str(news)])
    assert [item.article_id for item in items] == ["a", "out/notes"]
    assert any(str(news / "out") in note and "songngu output folder" in note for note in notes)
    globbed, notes = _items([str(news / "**" / "*.*")])
    assert [item.article_id for item in globbed] == ["a", "out/notes"]
    assert [note for note in notes if "songngu output folder" in note] == [
        f"{news / 'out'}: skipped its files that match, a songngu output folder's own files, not inputs"]


def test_an_output_folder_written_into_the_input_folder_itself_leaves_the_articles_read(tmp_path: Path) -> None:
    news = tmp_path / "news"
    _output_folder(news, finished=True)
    (news / "a.txt").write_text("x")
    items, _ = _items([str(news)])
    assert [item.article_id for item in items] == ["a"]


def test_a_data_folder_of_other_parquet_files_is_input(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    pq.write_table(pa.table({"text": ["Một."]}), tmp_path / "data" / "segments-1.parquet")
    items, notes = _items([str(tmp_path)])
    assert [item.article_id for item in items] == ["data/segments-1:0"] and notes == []
