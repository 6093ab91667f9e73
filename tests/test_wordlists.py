"""Word lists are data files with one loader; users add entries without touching the package."""
from __future__ import annotations

import pytest

from songngu.errors import SetupError
from songngu.wordlists import PACKAGE_DATA, load_wordlist, load_words, parse_rows
from tests.helpers import run_cli
from tests.test_cli_errors import assert_one_line


def test_rows_skip_comments_and_blank_lines() -> None:
    assert parse_rows("# note\n\nHà Nội\tHanoi\n  # indented note\nHuế\n") == [("Hà Nội", "Hanoi"), ("Huế",)]


def test_every_shipped_list_is_read_and_non_empty() -> None:
    for path in sorted(PACKAGE_DATA.glob("*.tsv")):
        assert load_wordlist(path.name), path.name


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
