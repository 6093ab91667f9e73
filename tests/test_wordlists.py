"""Word lists are data files with one loader; users add entries without touching the package."""
from __future__ import annotations

import subprocess

import pytest

from songngu.errors import SetupError
from songngu.wordlists import FORMATS, PACKAGE_DATA, load_wordlist, load_words, numbered_rows
from tests.helpers import run_cli
from tests.test_cli_errors import assert_one_line


def test_rows_skip_comments_and_blank_lines() -> None:
    assert numbered_rows("# note\n\nHà Nội\tHanoi\n  # indented note\nHuế\n") == [(3, ("Hà Nội", "Hanoi")), (5, ("Huế",))]


def test_every_shipped_list_is_read_and_non_empty() -> None:
    """Every shipped list passes the checks user lists get, and the loader knows the format of each."""
    shipped = sorted(path.name for path in PACKAGE_DATA.glob("*.tsv"))
    assert shipped == sorted(FORMATS)
    for name in shipped:
        assert load_wordlist(name), name


def test_user_rows_come_after_the_shipped_ones(tmp_path, monkeypatch) -> None:
    (tmp_path / "name_surnames.tsv").write_text("Ksor\n", encoding="utf-8")
    assert "Ksor" not in load_words("name_surnames.tsv")
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(tmp_path))
    assert "Ksor" in load_words("name_surnames.tsv") and "Nguyễn" in load_words("name_surnames.tsv")
    assert load_wordlist("name_surnames.tsv")[-1] == ("Ksor",)


def test_a_user_list_that_is_not_utf8_is_one_line_exit_2(tmp_path, monkeypatch) -> None:
    (tmp_path / "names.tsv").write_bytes(b"H\xe0 N\xf4i\tHanoi\n")
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(tmp_path))
    with pytest.raises(SetupError):
        load_wordlist("names.tsv")
    hypothesis = tmp_path / "hyp.en"
    hypothesis.write_text("Hanoi\n", encoding="utf-8")
    source = tmp_path / "src.vi"
    source.write_text("Hà Nội\n", encoding="utf-8")
    result = run_cli("eval", "--hyp", str(hypothesis), "--src", str(source), env={"SONGNGU_WORDLISTS": str(tmp_path)})
    assert_one_line(result, 2, "names.tsv", "not UTF-8")


def test_a_user_folder_that_does_not_exist_is_one_line_exit_2(tmp_path, monkeypatch) -> None:
    """A typo in SONGNGU_WORDLISTS was ignored without a word: the user's additions silently left out."""
    missing = tmp_path / "wordlist"
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(missing))
    with pytest.raises(SetupError, match="no such folder"):
        load_wordlist("names.tsv")
    vietnamese = tmp_path / "vi.txt"
    vietnamese.write_text("Hà Nội là thủ đô của Việt Nam.\n", encoding="utf-8")
    english = tmp_path / "en.txt"
    english.write_text("Hanoi is the capital of Vietnam.\n", encoding="utf-8")
    result = run_cli("align", str(vietnamese), str(english), "-o", str(tmp_path / "out"), "--no-progress",
                     env={"SONGNGU_WORDLISTS": str(missing)})
    assert_one_line(result, 2, f"SONGNGU_WORDLISTS={missing}", "no such folder")
    assert not (tmp_path / "out").exists()


def align_with_user_lists(tmp_path, folder) -> subprocess.CompletedProcess:
    """``songngu align`` of one short article, with ``SONGNGU_WORDLISTS`` naming ``folder``."""
    vietnamese = tmp_path / "vi.txt"
    vietnamese.write_text("Hà Nội là thủ đô của Việt Nam.\n", encoding="utf-8")
    english = tmp_path / "en.txt"
    english.write_text("Hanoi is the capital of Vietnam.\n", encoding="utf-8")
    return run_cli("align", str(vietnamese), str(english), "-o", str(tmp_path / "out"), "--no-progress",
                   env={"SONGNGU_WORDLISTS": str(folder)})


def test_a_user_folder_that_is_a_file_says_so(tmp_path, monkeypatch) -> None:
    """SONGNGU_WORDLISTS naming a file said 'no such folder', though the path was there."""
    a_file = tmp_path / "wordlists.txt"
    a_file.write_text("Ksor\n", encoding="utf-8")
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(a_file))
    with pytest.raises(SetupError, match="a file, not a folder"):
        load_wordlist("names.tsv")
    assert_one_line(align_with_user_lists(tmp_path, a_file), 2, f"SONGNGU_WORDLISTS={a_file}", "a file, not a folder")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("text_cues.tsv", "caption_markr\tkhung hình\n".encode(), ["line 1", "unknown kind 'caption_markr'", "caption_marker,"]),
        ("text_cues.tsv", "caption_marker\n".encode(), ["line 1", "1 column", "kind<TAB>entry"]),
        ("names.tsv", "Vịnh Bắc Bộ\tGulf of Tonkin\nHuế\n".encode(), ["line 2", "1 column", "Vietnamese<TAB>English"]),
        ("names.tsv", "Hà Nội\tHanoi\n\x00\x01\x7fgarbage\tx\n".encode(), ["line 2", "control character (U+0000)"]),
        ("names.tsv", "Huế\t\tHue City\n".encode(), ["line 1", "column 2 is empty"]),
        ("names.tsv", "Huế\tHue\tHue City\tnote\n".encode(), ["line 1", "4 columns"]),
        ("lexicon.tsv", "# mine\nhanoi\tHà Nội\n".encode(), ["line 2", "2 columns", "concept<TAB>Vietnamese phrases<TAB>English forms"]),
        ("name_surnames.tsv", "Ksor\nKsor Nay\n".encode(), ["line 2", "'Ksor Nay' is more than one word"]),
        ("name_titles.tsv", "ông\tMr\n".encode(), ["line 1", "2 columns"]),
        ("name_heads.tsv", "Thủ\n".encode() + b"Th\xe1\n", ["line 2", "not UTF-8"]),
        ("name_heads.tsv", "Thủ\u2028tướng\n".encode(), ["line 1", "line break inside the line (U+2028)"]),
        ("institution_words.tsv", "cảng\nHọc\n".encode(), ["line 2", "'Học' has a capital", "lower case"]),
    ],
    ids=["kind typo", "cue without kind", "one-column name", "NUL", "empty english", "four columns", "lexicon two columns",
         "two-word surname", "two-column title", "not UTF-8", "line separator", "capital in a lower-case list"],
)
def test_a_bad_user_list_line_is_one_line_exit_2_before_any_work(tmp_path, monkeypatch, name: str, content: bytes, words: list[str]) -> None:
    """Bad lines in user lists (a kind's typo, a wrong column count, NUL) were taken or skipped without a word."""
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / name).write_bytes(content)
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(folder))
    other = next(other for other in sorted(FORMATS) if other != name)
    with pytest.raises(SetupError, match="line"):
        load_wordlist(other)  # the first load of any list checks them all
    assert_one_line(align_with_user_lists(tmp_path, folder), 2, f"word list {folder / name}", *words)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("misnamed", "meant"), [("name.tsv", "names.tsv"), ("Names.tsv", "names.tsv"), ("lexicon.txt", "lexicon.tsv"),
                                                 ("name_title.tsv", "name_titles.tsv")])
def test_a_misnamed_user_list_is_one_line_exit_2(tmp_path, monkeypatch, misnamed: str, meant: str) -> None:
    """A user's list saved as name.tsv (for names.tsv) was never read, and nothing said so."""
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / misnamed).write_text("Buôn Ma Thuột\tBuon Ma Thuot\n", encoding="utf-8")
    if (folder / meant).exists():  # a case-blind file system: Names.tsv is names.tsv
        assert load_wordlist("name_heads.tsv")
        return
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(folder))
    with pytest.raises(SetupError, match=f"rename it {meant}"):
        load_wordlist("name_heads.tsv")
    assert_one_line(align_with_user_lists(tmp_path, folder), 2, f"word list {folder / misnamed}", f"rename it {meant}")
    assert not (tmp_path / "out").exists()


def test_other_files_beside_the_user_lists_are_left_alone(tmp_path, monkeypatch) -> None:
    """A glossary, a backup or notes kept in the word-list folder are no word lists, and no error."""
    for name in ("glossary.tsv", "names.tsv~", "names.tsv.bak", "notes.txt"):
        (tmp_path / name).write_text("Hà Nội\tHanoi\tx\tz\n", encoding="utf-8")
    (tmp_path / "names.tsv").write_text("Buôn Ma Thuột\tBuon Ma Thuot\n", encoding="utf-8")
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(tmp_path))
    assert load_wordlist("names.tsv")[-1] == ("Buôn Ma Thuột", "Buon Ma Thuot")
