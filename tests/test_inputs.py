"""Command-line inputs expand to article files; bad ones are reported by name."""
from __future__ import annotations

from songngu.inputs import article_ids, find_inputs


def test_files_folders_and_globs_expand_in_order_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "2.txt").write_text("x")
    (tmp_path / "a" / "1.txt").write_text("x")
    (tmp_path / "a" / "notes.md").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    found = find_inputs([str(tmp_path / "a"), str(tmp_path / "*.txt"), str(tmp_path / "a" / "1.txt")])
    assert [path.name for path in found.files] == ["1.txt", "2.txt", "b.txt"]
    assert found.errors == []


def test_bad_inputs_are_named_and_do_not_stop_the_rest(tmp_path):
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "ok.txt").write_text("x")
    found = find_inputs([str(tmp_path / "missing.txt"), str(tmp_path / "empty_dir"), str(tmp_path / "*.none"), str(tmp_path / "ok.txt")])
    assert [path.name for path in found.files] == ["ok.txt"]
    messages = [str(error) for error in found.errors]
    assert messages[0] == f"{tmp_path / 'missing.txt'}: no such file or directory"
    assert messages[1].startswith(str(tmp_path / "empty_dir")) and "no .txt files" in messages[1]
    assert "no files match" in messages[2]


def test_article_ids_are_unique_stems(tmp_path):
    paths = [tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt", tmp_path / "b.txt"]
    assert article_ids(paths) == ["a", "a-2", "b"]
