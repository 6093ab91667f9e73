"""JSONL, Moses and TMX exporters: round trips, DTD validity and atomic writes.

``tests/data/tmx14.dtd`` is the TMX 1.4 DTD published by LISA OSCAR (now maintained by
GALA), reproduced unchanged.
"""
from __future__ import annotations

import json
from pathlib import Path

import datasets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from songngu.errors import InputError
from songngu.export.jsonl import read_jsonl, write_jsonl
from songngu.export.moses import moses_paths, one_line, read_moses, write_moses
from songngu.export.schema import FEATURES
from songngu.export.tmx import read_tmx, write_tmx

DTD_PATH = Path(__file__).parent / "data" / "tmx14.dtd"

# Vietnamese from the sample articles in seeds/; English written for these tests.
PAIRS = [
    (
        "Máy bay của quân đội Mỹ hạ cánh xuống căn cứ không quân Ain al-Asad, ở Anbar, Iraq ngày 13-1-2020.",
        "A US military plane lands at Ain al-Asad air base in Anbar, Iraq, on January 13, 2020.",
    ),
    (
        'Iraq quyết định "buông bỏ" sự hỗ trợ của Mỹ <IS> & Nga.',
        "Iraq decided to \"let go\" of US support <IS> & Russia's 'help'.",
    ),
    ("Dòng một\ndòng hai\tcột", "Line one\nline two\tcolumn"),
    ("Ký tự điều khiển\x00\x07 ở giữa\x0b", "Control\x1b characters\x7f inside\u2028here"),
]


def make_rows(pairs: list[tuple[str, str]]) -> list[dict]:
    """Rows in the schema's layout, one per pair."""
    return [
        {
            "id": f"art-{index:04d}",
            "article_id": "art",
            "paragraph": index,
            "sentence": 0,
            "segment": index,
            "start": 0,
            "end": len(vi),
            "kind": "sentence",
            "repeat_of": -1,
            "translated": True,
            "split_for_length": False,
            "translation": {"vi": vi, "en": en},
            "model": "opus-mt-vi-en",
            "model_revision": "abc123",
        }
        for index, (vi, en) in enumerate(pairs)
    ]


def failing_rows(rows: list[dict], after: int):
    """Yield ``after`` rows, then raise as a broken upstream stage would."""
    for index, row in enumerate(rows):
        if index == after:
            raise RuntimeError("upstream failure")
        yield row


def leftovers(directory: Path) -> list[str]:
    """Every file name left in ``directory``."""
    return sorted(path.name for path in directory.iterdir())


# JSONL


def test_jsonl_round_trip_keeps_rows_exactly(tmp_path: Path) -> None:
    rows = make_rows(PAIRS)
    path = tmp_path / "rows.jsonl"
    assert write_jsonl(rows, path) == len(rows)
    assert read_jsonl(path) == rows
    text = path.read_text(encoding="utf-8")
    assert "quân đội Mỹ" in text  # not \u-escaped
    assert len(text.split("\n")) == len(rows) + 1  # embedded newlines stay escaped


def test_jsonl_accepts_a_datasets_dataset(tmp_path: Path) -> None:
    rows = make_rows(PAIRS[:2])
    columns = [{name: row.get(name) for name in FEATURES} for row in rows]  # None for columns added later
    dataset = datasets.Dataset.from_list(columns, features=FEATURES)
    path = tmp_path / "rows.jsonl"
    assert write_jsonl(dataset, path) == 2
    assert [row["translation"] for row in read_jsonl(path)] == [row["translation"] for row in rows]


def test_jsonl_failure_midway_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        write_jsonl(failing_rows(make_rows(PAIRS), after=2), tmp_path / "rows.jsonl")
    assert leftovers(tmp_path) == []


def test_jsonl_failure_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    write_jsonl(make_rows(PAIRS[:1]), path)
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        write_jsonl(failing_rows(make_rows(PAIRS), after=3), path)
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == ["rows.jsonl"]


def test_read_jsonl_names_file_and_line_of_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a"}\n\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl: line 3 is not a JSON object"):
        read_jsonl(path)
    path.write_text('{"id": "a"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl: line 2 is not valid JSON"):
        read_jsonl(path)


# Moses


def test_moses_round_trip_is_line_aligned(tmp_path: Path) -> None:
    rows = make_rows(PAIRS)
    vi_path, en_path = write_moses(rows, tmp_path / "out", "news")
    assert (vi_path.name, en_path.name) == ("news.vi-en.vi", "news.vi-en.en")
    pairs = read_moses(vi_path, en_path)
    assert pairs == [(one_line(vi), one_line(en)) for vi, en in PAIRS]
    assert pairs[0] == PAIRS[0]
    assert pairs[1] == PAIRS[1]
    assert pairs[2] == ("Dòng một dòng hai cột", "Line one line two column")
    assert pairs[3] == ("Ký tự điều khiển ở giữa", "Control characters inside here")
    assert len(vi_path.read_text(encoding="utf-8").split("\n")) == len(PAIRS) + 1


def test_moses_skips_rows_with_an_empty_side(tmp_path: Path) -> None:
    rows = make_rows([("Chú thích ảnh", ""), ("", "orphan"), ("Xin chào.", "Hello."), ("\n\t", "blank")])
    vi_path, en_path = write_moses(rows, tmp_path, "t")
    assert read_moses(vi_path, en_path) == [("Xin chào.", "Hello.")]


def test_moses_failure_midway_leaves_neither_file(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        write_moses(failing_rows(make_rows(PAIRS), after=2), tmp_path, "news")
    assert leftovers(tmp_path) == []
    assert not any(path.exists() for path in moses_paths(tmp_path, "news"))


def test_read_moses_rejects_files_of_different_length(tmp_path: Path) -> None:
    (tmp_path / "a.vi").write_text("một\nhai\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("one\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.en: has 1 lines but .*a\.vi has 2"):
        read_moses(tmp_path / "a.vi", tmp_path / "a.en")


# TMX


def test_tmx_is_valid_against_the_tmx14_dtd(tmp_path: Path) -> None:
    path = tmp_path / "news.tmx"
    assert write_tmx(make_rows(PAIRS), path) == len(PAIRS)
    with DTD_PATH.open(encoding="utf-8") as handle:
        dtd = etree.DTD(handle)
    document = etree.parse(str(path))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    root = document.getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    for name in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(name), name
    first = root.find("body/tu")
    assert first.get("tuid") == "art-0000"
    props = {prop.get("type"): prop.text for prop in first.findall("prop")}
    assert props == {
        "x-article_id": "art",
        "x-segment": "0",
        "x-kind": "sentence",
        "x-model": "opus-mt-vi-en",
        "x-model_revision": "abc123",
    }
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in first.findall("tuv")]
    assert langs == ["vi", "en"]


def test_tmx_round_trip_escapes_markup_and_drops_forbidden_characters(tmp_path: Path) -> None:
    path = tmp_path / "news.tmx"
    write_tmx(make_rows(PAIRS), path)
    pairs = read_tmx(path)
    assert pairs[:3] == PAIRS[:3]  # quotes, <, &, newlines and tabs survive unchanged
    assert pairs[3] == ("Ký tự điều khiển ở giữa", "Control characters inside\u2028here")


def test_tmx_keeps_carriage_returns(tmp_path: Path) -> None:
    path = tmp_path / "cr.tmx"
    write_tmx(make_rows([("Một\r\nhai\rba", "One\r\ntwo\rthree")]), path)
    assert read_tmx(path) == [("Một\r\nhai\rba", "One\r\ntwo\rthree")]


def test_tmx_skips_rows_with_an_empty_side_and_validates_when_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.tmx"
    assert write_tmx(make_rows([("Chú thích ảnh", ""), ("\x00", "nothing left")]), path) == 0
    with DTD_PATH.open(encoding="utf-8") as handle:
        assert etree.DTD(handle).validate(etree.parse(str(path)))
    assert read_tmx(path) == []


def test_tmx_rejects_a_segtype_the_dtd_forbids(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="segtype"):
        write_tmx(make_rows(PAIRS), tmp_path / "x.tmx", segtype="word")
    assert leftovers(tmp_path) == []


def test_tmx_failure_midway_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        write_tmx(failing_rows(make_rows(PAIRS), after=1), tmp_path / "news.tmx")
    assert leftovers(tmp_path) == []


def test_read_tmx_matches_regional_language_tags(tmp_path: Path) -> None:
    path = tmp_path / "other.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="vi-VN" '
        'datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="VI-VN"><seg>Xin <hi>chào</hi></seg></tuv><tuv xml:lang="en-US"><seg>Hello</seg></tuv></tu>'
        '<tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    assert read_tmx(path) == [("Xin chào", "Hello")]


def test_read_tmx_names_the_file_when_malformed(tmp_path: Path) -> None:
    path = tmp_path / "broken.tmx"
    path.write_text("<tmx><body><tu>", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.tmx: is not well-formed TMX"):
        read_tmx(path)


def test_all_exporters_agree_on_the_pairs_they_keep(tmp_path: Path) -> None:
    rows = make_rows([("Một.", "One."), ("Hai.", ""), ("Ba.", "Three.")])
    write_tmx(rows, tmp_path / "x.tmx")
    vi_path, en_path = write_moses(rows, tmp_path, "x")
    write_jsonl(rows, tmp_path / "x.jsonl")
    assert read_tmx(tmp_path / "x.tmx") == read_moses(vi_path, en_path) == [("Một.", "One."), ("Ba.", "Three.")]
    assert json.loads((tmp_path / "x.jsonl").read_text(encoding="utf-8").split("\n")[1])["translation"]["en"] == ""


# Properties over arbitrary text

ANY_TEXT = st.text(max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=5))
def test_every_format_round_trips_arbitrary_text(tmp_path: Path, pairs: list[tuple[str, str]]) -> None:
    rows = make_rows(pairs)
    write_jsonl(rows, tmp_path / "x.jsonl")
    assert read_jsonl(tmp_path / "x.jsonl") == rows

    vi_path, en_path = write_moses(rows, tmp_path, "x")
    expected_lines = [(one_line(vi), one_line(en)) for vi, en in pairs if one_line(vi) and one_line(en)]
    assert read_moses(vi_path, en_path) == expected_lines

    write_tmx(rows, tmp_path / "x.tmx")
    expected_segments = [(xml_safe(vi), xml_safe(en)) for vi, en in pairs if xml_safe(vi).strip() and xml_safe(en).strip()]
    assert read_tmx(tmp_path / "x.tmx") == expected_segments
    with DTD_PATH.open(encoding="utf-8") as handle:
        assert etree.DTD(handle).validate(etree.parse(str(tmp_path / "x.tmx")))


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids or discourages (what ``write_tmx`` drops)."""
    return "".join(
        char for char in text
        if char in "\t\n\r\x85" or "\x20" <= char <= "\x7e" or "\xa0" <= char <= "\ud7ff" or "\ue000" <= char <= "\ufffd"
        or char >= "\U00010000"
    )  # fmt: skip


def test_export_removes_what_a_killed_export_left_and_nothing_else(tmp_path: Path) -> None:
    import tempfile

    from tests.helpers import run_cli, write_output_folder
    from tests.test_push import _rows, _run_info

    out = tmp_path / "OUT"
    write_output_folder(out, _rows(), _run_info())
    to = tmp_path / "files"
    to.mkdir()
    # What a SIGKILLed `songngu export -f tmx,moses --name news` leaves: atomic_path's temporaries.
    leftovers = [Path(tempfile.mkstemp(prefix=f".{target}.", suffix=".songngu-tmp", dir=to)[1])
                 for target in ("news.vi-en.tmx", "news.vi-en.vi", "news.vi-en.en")]
    kept = [to / ".other.vi-en.tmx.abc.songngu-tmp", to / "notes.txt"]
    for path in kept:
        path.write_text("mine\n", encoding="utf-8")
    result = run_cli("export", str(out), "-f", "tmx,moses", "--to", str(to), "--name", "news")
    assert result.returncode == 0, result.stderr
    assert not any(path.exists() for path in leftovers)
    assert all(path.read_text(encoding="utf-8") == "mine\n" for path in kept)
    assert sorted(path.name for path in to.iterdir()) == sorted(
        [".other.vi-en.tmx.abc.songngu-tmp", "news.vi-en.en", "news.vi-en.tmx", "news.vi-en.vi", "notes.txt"])


def test_export_leaves_the_temporary_of_an_export_still_running_alone(tmp_path: Path) -> None:
    """Two exports to one folder at once: the second deleted the first one's temporary, which then failed (exit 2)."""
    from tests.helpers import half_written_temporaries, run_cli, write_output_folder
    from tests.test_push import _rows, _run_info

    out = tmp_path / "OUT"
    write_output_folder(out, _rows(), _run_info())
    to = tmp_path / "files"
    to.mkdir()
    writing, left = half_written_temporaries(to, "news.vi-en.tmx")
    result = run_cli("export", str(out), "-f", "tmx", "--to", str(to), "--name", "news")
    assert result.returncode == 0, result.stderr
    assert writing.read_text() == "half"
    assert not left.exists()
    assert (to / "news.vi-en.tmx").is_file()


def test_export_keeps_a_users_file_of_the_same_name_unless_overwrite(tmp_path: Path) -> None:
    """It was replaced without a word (exit 0)."""
    from tests.helpers import run_cli, write_output_folder
    from tests.test_push import _rows, _run_info

    out = tmp_path / "OUT"
    write_output_folder(out, _rows(), _run_info())
    to = tmp_path / "files"
    to.mkdir()
    (to / "songngu.vi-en.tmx").write_text("my precious\n", encoding="utf-8")
    refused = run_cli("export", str(out), "-f", "moses,tmx", "--to", str(to))
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        f"songngu: error: {to}: holds songngu.vi-en.tmx already; pass --overwrite to replace it, or choose another --to or --name"]
    assert sorted(path.name for path in to.iterdir()) == ["songngu.vi-en.tmx"]  # nothing written, not even the Moses files
    assert (to / "songngu.vi-en.tmx").read_text(encoding="utf-8") == "my precious\n"
    replaced = run_cli("export", str(out), "-f", "moses,tmx", "--to", str(to), "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert read_tmx(to / "songngu.vi-en.tmx")
    for _ in range(2):  # in the run's own folder, what an earlier export wrote is replaced by the next
        again = run_cli("export", str(out), "-f", "tmx")
        assert again.returncode == 0, again.stderr


def test_export_into_the_run_folder_keeps_a_users_file_of_an_exported_name(tmp_path: Path) -> None:
    """In the run's folder every NAME.vi-en.* file was taken for an earlier export's and replaced, the user's too."""
    from tests.helpers import run_cli, write_output_folder
    from tests.test_push import _rows, _run_info

    out = tmp_path / "OUT"
    write_output_folder(out, _rows(), _run_info())
    (out / "songngu.vi-en.en").write_text("my own English\n", encoding="utf-8")
    refused = run_cli("export", str(out), "-f", "moses")
    assert refused.returncode == 2 and "holds songngu.vi-en.en already, not written there by songngu" in refused.stderr
    assert (out / "songngu.vi-en.en").read_text(encoding="utf-8") == "my own English\n"
    assert not (out / "songngu.vi-en.vi").exists()
    assert run_cli("export", str(out), "-f", "moses", "--overwrite").returncode == 0
    assert run_cli("export", str(out), "-f", "moses").returncode == 0  # songngu's now: replaced without a word
    with (out / "songngu.vi-en.vi").open("a", encoding="utf-8") as edited:  # the user edits an exported file
        edited.write("một dòng của tôi\n")
    again = run_cli("export", str(out), "-f", "moses")
    assert again.returncode == 2 and "songngu.vi-en.vi" in again.stderr
    assert (out / "songngu.vi-en.vi").read_text(encoding="utf-8").endswith("một dòng của tôi\n")


def test_ctrl_c_during_an_export_says_which_files_are_whole(tmp_path: Path) -> None:
    """It said only 'interrupted'."""
    import signal

    from tests.helpers import run_cli, start_paused, write_output_folder
    from tests.test_push import _rows, _run_info

    out = tmp_path / "OUT"
    write_output_folder(out, _rows(), _run_info())
    to = tmp_path / "files"
    command = ["export", str(out), "-f", "tmx,moses", "--to", str(to)]
    process, _ = start_paused(command, "exported@1")
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == [
        f"songngu: error: interrupted: songngu.vi-en.tmx written whole in {to}, nothing half-written left; "
        "run the same command with --overwrite for the rest"
    ]
    assert sorted(path.name for path in to.iterdir()) == ["songngu.vi-en.tmx"]
    again = run_cli(*command, "--overwrite")
    assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in to.iterdir()) == ["songngu.vi-en.en", "songngu.vi-en.tmx", "songngu.vi-en.vi"]
