"""Paths at their edges: an empty path (an unset variable) is refused, never taken for the current folder,
and no output option may write over a run's own files."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from songngu.errors import UsageError
from tests.helpers import run_cli

VIETNAMESE = "Trời hôm nay rất đẹp.\n\nChính phủ đã công bố kế hoạch xây dựng một cây cầu mới qua sông Hồng.\n"
ENGLISH = "The weather is very nice today.\n\nThe government announced a plan to build a new bridge across the Red River.\n"
README = "# My project\nnotes\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's folder: their own README.md, an article and its English version."""
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    (tmp_path / "vi.txt").write_text(VIETNAMESE, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    return tmp_path


def _one_line_usage_error(result, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("args, option", [
    (["translate", "vi.txt", "-o", "", "--overwrite"], "-o"),
    (["translate", "", "-o", "out"], "INPUTS"),
    (["translate", "vi.txt", "-o", "out", "--memory", ""], "--memory"),
    (["translate", "vi.txt", "-o", "out", "--glossary", ""], "--glossary"),
    (["align", "vi.txt", "en.txt", "-o", "", "--overwrite"], "-o"),
    (["align", "", "en.txt", "-o", "out"], "VI"),
    (["export", "run", "--to", "", "--overwrite", "-f", "jsonl"], "--to"),
    (["export", "", "-f", "jsonl"], "OUT_DIR"),
    (["review", "run", "--output", "", "--overwrite"], "--output"),
    (["review", "run", "--compare", ""], "--compare"),
    (["eval", "--hyp", "", "--ref", "en.txt"], "--hyp"),
    (["eval", "--hyp", "en.txt", "--ref", ""], "--ref"),
    (["eval", "--judgments", ""], "--judgments"),
    (["eval", "--hyp", "run", "--glossary", ""], "--glossary"),
    (["push", "", "user/name"], "OUT_DIR"),
    (["push", "run", "user/name", "--exclude-test-set", ""], "--exclude-test-set"),
    (["models", "lock", "opus-mt-vi-en", "--from", ""], "--from"),
])
def test_an_empty_path_is_refused_in_one_line_and_the_current_folder_is_untouched(project: Path, args: list[str], option: str) -> None:
    assert run_cli("align", "vi.txt", "en.txt", "-o", "run", "--no-progress", cwd=project).returncode == 0
    before = sorted(path.name for path in project.iterdir())
    result = run_cli(*args, cwd=project)
    _one_line_usage_error(result, option, "empty")
    assert (project / "README.md").read_text(encoding="utf-8") == README
    assert sorted(path.name for path in project.iterdir()) == before


def test_the_api_refuses_an_empty_or_wrongly_typed_path_naming_its_parameter(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from songngu.eval import evaluate_files
    from songngu.eval.review import evaluate_judgments, write_review
    from songngu.export.convert import export_pairs
    from songngu.export.hub import push_dataset
    from songngu.run import align_files, translate_files
    from songngu.translate.glossary import load_glossary
    from songngu.translate.manage import lock_model

    monkeypatch.chdir(project)
    run = project / "run"
    align_files(project / "vi.txt", project / "en.txt", run, show_progress=False)
    calls = [
        (lambda: translate_files("seeds/", ""), "out ''"),
        (lambda: translate_files("seeds/", None), "out: give a path as a str or Path, not NoneType"),
        (lambda: translate_files(b"seeds/", "o"), "inputs b'seeds/'"),
        (lambda: translate_files([""], "o"), "inputs ''"),
        (lambda: translate_files("seeds/", "o", glossary=""), "glossary ''"),
        (lambda: align_files("", "en.txt", "o"), "vi_input ''"),
        (lambda: align_files("vi.txt", "en.txt", ""), "out ''"),
        (lambda: export_pairs(run, ["jsonl"], ""), "destination ''"),
        (lambda: export_pairs("", ["jsonl"], run), "out_dir ''"),
        (lambda: write_review(run, output=""), "output ''"),
        (lambda: evaluate_judgments([""]), "paths ''"),
        (lambda: push_dataset("", "user/name"), "out_dir ''"),
        (lambda: evaluate_files("", ["en.txt"]), "hypothesis_file ''"),
        (lambda: evaluate_files("en.txt", [""]), "reference_files ''"),
        (lambda: load_glossary(""), "glossary ''"),
        (lambda: lock_model("opus-mt-vi-en", snapshot=""), "snapshot ''"),
    ]
    for call, words in calls:
        with pytest.raises(UsageError, match="^" + words.replace("(", r"\(")):
            call()
    from songngu.translate.memory import memory_location

    with pytest.raises(UsageError, match="^memory ''"):
        memory_location("")
    assert (project / "README.md").read_text(encoding="utf-8") == README
    assert not (project / "o").exists()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("args, words", [
    (["review", "rc", "--output", "rc/run.json"], ["rc/run.json", "the manifest of the songngu run"]),
    (["review", "rc", "--output", "rc/run.json", "--overwrite"], ["rc/run.json", "the manifest"]),
    (["review", "rc", "--output", "rc/README.md", "--overwrite"], ["rc/README.md", "the dataset card"]),
    (["review", "rc", "--output", "rc/data/page.html", "--overwrite"], ["inside the shards' folder (data/)"]),
    (["review", "rc", "--compare", "run", "--output", "run/run.json", "--overwrite"], ["run/run.json", "the manifest"]),
    (["export", "rc", "--to", "rc/data", "-f", "jsonl"], ["rc/data", "the shards' folder"]),
    (["export", "rc", "--to", "rc/.songngu/exports", "-f", "jsonl", "--overwrite"], ["inside the work folder (.songngu/)"]),
    (["export", "rc", "--to", "run/data", "-f", "jsonl"], ["run/data", "the shards' folder"]),
])
def test_review_and_export_never_write_over_a_runs_own_files(project: Path, args: list[str], words: list[str]) -> None:
    assert run_cli("align", "vi.txt", "en.txt", "-o", "run", "--no-progress", cwd=project).returncode == 0
    shutil.copytree(project / "run", project / "rc")
    runs = {name: _files(project / name) for name in ("run", "rc")}
    result = run_cli(*args, cwd=project)
    _one_line_usage_error(result, *words, "never writes there")
    assert "not written there by songngu" not in result.stderr
    assert {name: _files(project / name) for name in ("run", "rc")} == runs
    again = run_cli("align", "vi.txt", "en.txt", "-o", "rc", "--no-progress", cwd=project)  # the run is still whole and ours
    assert again.returncode == 0, again.stderr


def test_a_dash_says_standard_input_is_not_read(project: Path, memorised_marian_dir: Path) -> None:
    for args in (["translate", "-", "-o", "out", "--model", str(memorised_marian_dir), "--no-progress"],
                 ["align", "-", "en.txt", "-o", "out", "--no-progress"]):
        result = run_cli(*args, cwd=project)
        assert result.returncode == 1
        assert "songngu: error: -: reading standard input is not supported; give the article file or folder path" in result.stderr
        assert "no such file" not in result.stderr and not (project / "out").exists()


def test_the_card_says_how_a_utf16_article_was_read(project: Path) -> None:
    (project / "vi16.txt").write_bytes(VIETNAMESE.encode("utf-16"))  # with its byte-order mark
    (project / "en16.txt").write_bytes(ENGLISH.encode("utf-8-sig"))
    assert run_cli("align", "vi16.txt", "en16.txt", "-o", "run", "--no-progress", cwd=project).returncode == 0
    card = (project / "run" / "README.md").read_text(encoding="utf-8")
    assert "read as UTF-8" not in card
    assert "decoded (UTF-8; UTF-16 or UTF-32 with a byte-order mark; Windows-1258)" in card
