"""Inputs as a user's corpus holds them, through the command line: one bad record costs one record (named
FILE:LINE in one line, exit 1, every other record kept), and an output folder inside the inputs is not input."""
from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.helpers import output_rows, run_cli
from tests.test_sources import damage_row_group
from tests.tinymodels import TEXT_DIR

FLORES = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()


def translate(inputs: list[str], out: Path, model: Path) -> subprocess.CompletedProcess:
    return run_cli("translate", *inputs, "--model", str(model), "-o", str(out), "--no-progress", "--chunk-size", "8")


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("songngu: error:")]


def article_ids(out: Path) -> list[str]:
    return list(dict.fromkeys(row["article_id"] for row in output_rows(out)))


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz"])
def test_a_bad_utf8_byte_in_json_lines_costs_one_record(tmp_path: Path, tiny_marian_dir: Path, name: str) -> None:
    lines = [json.dumps({"text": FLORES[index]}, ensure_ascii=False).encode() for index in range(40)]
    lines[20] = lines[20][:15] + b"\xff" + lines[20][16:]
    data = b"\n".join(lines) + b"\n"
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    result = translate([str(tmp_path / name)], tmp_path / "out", tiny_marian_dir)
    assert result.returncode == 1
    [line] = error_lines(result)
    assert f"{name}:21: not valid UTF-8" in line
    assert article_ids(tmp_path / "out") == [f"news:{number}" for number in range(1, 41) if number != 21]


def test_records_python_cannot_read_and_a_damaged_parquet_page_are_named_and_the_rest_kept(tmp_path: Path, tiny_marian_dir: Path) -> None:
    (tmp_path / "odd.jsonl").write_text("\n".join([
        json.dumps({"text": FLORES[0]}, ensure_ascii=False),
        '{"text": "Một.", "id": ' + "7" * 5000 + "}",
        "[" * 100_000,
        json.dumps({"text": FLORES[1]}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    pq.write_table(pa.table({"text": FLORES[10:70]}), tmp_path / "pages.parquet", row_group_size=20)
    damage_row_group(tmp_path / "pages.parquet", 1)
    texts = [text.encode() for text in FLORES[80:84]]
    texts[2] = b"\xc3" + texts[2][1:]
    pq.write_table(pa.table({"text": pa.array(texts, pa.binary()).view(pa.string())}), tmp_path / "utf8.parquet")
    result = translate([str(tmp_path / name) for name in ("odd.jsonl", "pages.parquet", "utf8.parquet")], tmp_path / "out", tiny_marian_dir)
    assert result.returncode == 1
    lines = error_lines(result)  # chunks finish in any order: so do their lines
    expected = ["odd.jsonl:2: cannot be read as JSON", "odd.jsonl:3: cannot be read as JSON (nested too deeply)",
                "pages.parquet:20-39: cannot be read, a damaged part of the file", "utf8.parquet:2: cannot be read"]
    assert len(lines) == 4 and all(any(part in line for line in lines) for part in expected), lines
    assert article_ids(tmp_path / "out") == (
        ["odd:1", "odd:4"] + [f"pages:{row}" for row in range(60) if not 20 <= row < 40] + ["utf8:0", "utf8:1", "utf8:3"])


def test_an_output_folder_inside_the_input_folder_is_never_read_as_input(tmp_path: Path, tiny_marian_dir: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    for index in range(3):
        (news / f"a{index}.txt").write_text("\n\n".join(FLORES[index * 3 : index * 3 + 3]), encoding="utf-8")
    rows = []
    for _ in range(2):
        result = translate([str(news)], news / "out", tiny_marian_dir)
        assert result.returncode == 0, result.stderr
        rows.append(output_rows(news / "out"))
        exported = run_cli("export", str(news / "out"), "-f", "tmx,moses,jsonl")  # into news/out/: read as input before
        assert exported.returncode == 0, exported.stderr
    assert rows[0] == rows[1] and [row["article_id"] for row in rows[1] if row["segment"] == 0] == ["a0", "a1", "a2"]
    assert f"{news / 'out'}: skipped" in result.stderr


def test_corpus_files_are_named_as_given_and_a_repeated_id_names_where_it_was_first_seen(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """From the folder ``w``, ``c.jsonl`` was named ``w/c.jsonl`` (how rows name it), and an id repeated inside one file
    was "already used by another input"."""
    work = tmp_path / "w"
    work.mkdir()
    records = [{"id": "a", "body": FLORES[0]}, {"id": "b", "body": FLORES[1]}, {"id": "a", "body": FLORES[2]}, {"id": "c", "body": " "}]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (work / "c.jsonl").write_text("\n".join(lines[:1] + ["{not json"] + lines[1:]) + "\n", encoding="utf-8")
    (work / "d.jsonl").write_text(json.dumps({"id": "b", "body": FLORES[3]}, ensure_ascii=False) + "\n", encoding="utf-8")
    (work / "bad.parquet").write_bytes(b"not a Parquet file")
    result = run_cli("translate", "c.jsonl", "d.jsonl", "bad.parquet", "--text-field", "body", "--id-field", "id", "-o", "out",
                     "--model", str(tiny_marian_dir), "--no-progress", cwd=work)
    assert result.returncode == 1
    lines = sorted(error_lines(result))
    assert lines[0].startswith("songngu: error: bad.parquet: not a readable Parquet file"), lines
    assert lines[1:] == [
        "songngu: error: c.jsonl:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        "songngu: error: c.jsonl:4: article id 'a' repeats line 1",
        "songngu: error: c.jsonl:5: contains only whitespace",
        "songngu: error: d.jsonl:1: article id 'b' is already used by c.jsonl:3",
    ]
    assert {row["source"] for row in output_rows(work / "out")} == {"w/c.jsonl:1", "w/c.jsonl:3"}


def test_a_file_or_folder_name_that_is_not_utf8_is_one_line_before_any_work_and_the_rest_is_kept(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """``bad\\xff.txt`` (a name in another encoding) crashed the run after translating, writing its shard: nothing was kept."""
    news, odd_folder = tmp_path / "news", tmp_path / "v\udcfei"  # Python holds the byte 0xFE of a name as \udcfe
    news.mkdir()
    odd_folder.mkdir()
    (news / "good.txt").write_text("\n\n".join(FLORES[:3]), encoding="utf-8")
    (news / "bad\udcff.txt").write_text("\n\n".join(FLORES[3:6]), encoding="utf-8")
    (odd_folder / "inside.txt").write_text(FLORES[6], encoding="utf-8")
    result = translate([str(news), str(odd_folder)], tmp_path / "out", tiny_marian_dir)
    assert result.returncode == 1
    lines = sorted(error_lines(result))
    assert [line.split(": its name")[0] for line in lines] == [
        f"songngu: error: {news}/bad\\xff.txt", f"songngu: error: {tmp_path}/v\\xfei"]
    assert all("is not valid UTF-8" in line and "rename it" in line for line in lines)
    assert article_ids(tmp_path / "out") == ["news/good"]
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["inputs"] == [str(news), f"{tmp_path}/v\\xfei"]
    assert run["counts"]["failed_inputs"] == 2 and (tmp_path / "out" / "README.md").is_file()


def test_corpus_options_no_input_uses_get_one_note(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """`--text-field body --id-field url --split test` on article files ran without a word: the options did nothing."""
    (tmp_path / "a.txt").write_text("Hà Nội là thủ đô của Việt Nam.\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"body": "Huế là cố đô.", "url": "u1"}) + "\n", encoding="utf-8")
    model = ["--model", str(tiny_marian_dir), "--no-memory", "--no-progress"]
    unused = run_cli("translate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), *model,
                     "--text-field", "body", "--id-field", "url", "--split", "test")
    assert unused.returncode == 0, unused.stderr
    assert [line for line in unused.stderr.splitlines() if "converting" not in line] == [
        "songngu: note: --text-field, --id-field, --split: no JSON Lines, Parquet or dataset input was read, so they were not used"]
    used = run_cli("translate", str(tmp_path / "a.txt"), str(tmp_path / "c.jsonl"), "-o", str(tmp_path / "out2"), *model,
                   "--text-field", "body", "--split", "test")
    assert used.returncode == 0, used.stderr
    assert used.stderr.splitlines() == ["songngu: note: --split: no dataset input was read, so it was not used"]
    assert "not used" not in run_cli("translate", str(tmp_path / "c.jsonl"), "-o", str(tmp_path / "out3"), *model, "--text-field", "body").stderr


def test_an_id_field_that_holds_no_id_costs_that_record(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """An object id became the Python text "{'a': 1}", and an id with a line break was taken as it was."""
    records = [{"text": "Hà Nội.", "url": {"a": 1}}, {"text": "Huế.", "url": "x y\nz"}, {"text": "Đà Nẵng.", "url": "ok1"},
               {"text": "Vinh.", "url": 7}, {"text": "Vinh.", "url": [1]}, {"text": "Vinh.", "url": True}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    result = run_cli("translate", str(corpus), "--id-field", "url", "-o", str(tmp_path / "out"), "--model", str(tiny_marian_dir),
                     "--no-memory", "--no-progress")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "error" in line] == [
        f"songngu: error: {corpus}:{line}: field 'url' holds {kind}, not an id"
        for line, kind in ((1, "an object"), (2, "a line break or control character"), (5, "a list"), (6, "true or false"))]
    assert sorted({row["article_id"] for row in output_rows(tmp_path / "out")}) == ["7", "ok1"]


def test_a_jsonl_export_in_the_input_folder_is_named_as_an_export(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """`export out/ --to news/ -f jsonl` then `translate news/`: the export was read as a corpus without a 'text' field."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Hà Nội là thủ đô của Việt Nam.\n", encoding="utf-8")
    model = ["--model", str(tiny_marian_dir), "--no-memory", "--no-progress"]
    assert run_cli("translate", str(news), "-o", str(tmp_path / "out"), *model).returncode == 0
    assert run_cli("export", str(tmp_path / "out"), "--to", str(news), "-f", "jsonl").returncode == 0
    again = run_cli("translate", str(news), "-o", str(tmp_path / "out2"), *model)
    assert again.returncode == 1
    assert [line for line in again.stderr.splitlines() if "error" in line] == [
        f"songngu: error: {news / 'songngu.vi-en.jsonl'}: first record: no field 'text': its records are songngu's exported pairs, "
        "not articles; move the export out of the input folder (or leave the file out)"]
    assert {row["article_id"] for row in output_rows(tmp_path / "out2")} == {"a"}
