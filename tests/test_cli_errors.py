"""Every mistake is one line on stderr and a documented exit code; Ctrl-C says what was kept."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import SEEDS, output_rows, run_cli, start_paused
from tests.tinymodels import TEXT_DIR


def assert_one_line(result: subprocess.CompletedProcess, code: int, *words: str) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["translate", "seeds"], ["--out"]),
        (["translate", "seeds", "-o", "x", "--beams", "two"], ["--beams", "two"]),
        (["push", "out", "a/b", "--licence", "mit"], ["--licence", "--license"]),
        (["bogus"], ["bogus"]),
        (["translate", "-weird.txt", "-o", "x"], ["--", "'-'"]),
        (["translate", "seeds", "-o", "x", "--backend", "fast"], ["--backend", "auto", "ctranslate2", "transformers"]),
        (["translate", "seeds", "-o", "x", "--device", "tpu"], ["--device"]),
        (["translate", "seeds", "-o", "x", "--context", "article"], ["--context", "paragraph"]),
        (["translate", "seeds", "-o", "x", "--translate", "sentence,photo"], ["photo"]),
        (["export", "out", "-f", "csv"], ["csv", "tmx", "moses", "jsonl"]),
        (["eval", "--hyp", "h", "--ref", "r", "--metrics", "comet"], ["comet", "bleu"]),
        (["translate", "seeds", "-o", "x", "--memory", "m.sqlite", "--no-memory"], ["--no-memory"]),
        (["translate", "seeds", "-o", "x", "--workers", "2", "--engine", "ray"], ["--workers"]),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], words: list[str], tmp_path: Path) -> None:
    assert_one_line(run_cli(*args, cwd=tmp_path), 2, "songngu: error:", *words)


def test_bare_commands_show_help_and_exit_2() -> None:
    for args in ([], ["models"]):
        result = run_cli(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "Usage:" in result.stderr and "Commands:" in result.stderr


def test_version_and_choices_in_help() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("songngu 0.")
    help_text = run_cli("translate", "--help").stdout
    for choice in ("[auto|ctranslate2|transformers]", "[auto|cpu|cuda|mps]", "[sentence|paragraph]", "[local|ray]",
                   "[sentence|heading|caption|byline|boilerplate]"):
        assert choice in help_text, choice
    assert "[tmx|moses|jsonl]" in run_cli("export", "--help").stdout
    assert "[bleu|chrf|ter]" in run_cli("eval", "--help").stdout
    assert "Exit codes" in run_cli("--help").stdout


def test_eval_problems_are_one_line(tmp_path: Path) -> None:
    empty_hyp, empty_ref = tmp_path / "h.txt", tmp_path / "r.txt"
    empty_hyp.write_text("")
    empty_ref.write_text("")
    assert_one_line(run_cli("eval", "--hyp", str(empty_hyp), "--ref", str(empty_ref)), 1, str(empty_ref), "no lines")
    assert_one_line(run_cli("eval", "--hyp", str(empty_hyp), "--ref", str(tmp_path)), 1, str(tmp_path), "folder")
    assert_one_line(run_cli("eval", "--hyp", str(tmp_path / "nope"), "--ref", str(empty_ref)), 1, "nope")


def test_eval_counts_lines_at_newlines_only(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    hyp.write_text("The cat\u2028sat.\nA\fdog.\n", encoding="utf-8")
    ref.write_text("The cat sat.\nA dog.\n", encoding="utf-8")
    result = run_cli("eval", "--hyp", str(hyp), "--ref", str(ref), "--metrics", "bleu")
    assert result.returncode == 0, result.stderr


def test_a_corrupted_translation_memory_is_one_line(tmp_path: Path, tiny_marian_dir: Path) -> None:
    memory = tmp_path / "memory.sqlite"
    memory.write_bytes(b"this is not a database, it was cut in half" * 100)
    result = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--memory", str(memory), "--no-progress")
    assert_one_line(result, 2, str(memory), "--no-memory")
    assert not (tmp_path / "out" / "run.json").exists()


@pytest.mark.parametrize("content", [b"x", b"not SQLite, and shorter than its 100-byte header"])
def test_a_short_file_that_is_not_a_database_is_refused_as_a_memory(tmp_path: Path, tiny_marian_dir: Path, content: bytes) -> None:
    """SQLite would take a file shorter than its header for a new database and write over it."""
    memory = tmp_path / "notes.sqlite"
    memory.write_bytes(content)
    result = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--memory", str(memory), "--no-progress")
    assert_one_line(result, 2, str(memory), "not a database", "--no-memory")
    assert memory.read_bytes() == content
    assert not (tmp_path / "out" / "run.json").exists()


def test_an_empty_file_is_used_as_a_new_memory(tmp_path: Path, tiny_marian_dir: Path) -> None:
    memory = tmp_path / "memory.sqlite"
    memory.touch()
    result = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"),
                     "--memory", str(memory), "--no-progress")
    assert result.returncode == 0, result.stderr
    assert _memory_rows(memory) > 0


def test_a_memory_in_a_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A typing mistake in --memory must not quietly create folders (the user cache's folder is created as needed)."""
    memory = tmp_path / "no" / "such" / "m.sqlite"
    result = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--memory", str(memory), "--no-progress")
    assert_one_line(result, 2, str(memory), "no folder")
    assert not (tmp_path / "no").exists()
    assert not (tmp_path / "out" / "run.json").exists()


def test_a_failed_input_is_counted_in_the_singular(tmp_path: Path, tiny_marian_dir: Path) -> None:
    result = run_cli("translate", str(SEEDS), str(tmp_path / "missing.txt"), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.returncode == 1
    assert result.stdout.strip().endswith("1 input failed")


def test_models_list_names_the_default_once() -> None:
    result = run_cli("models", "list")
    assert result.returncode == 0
    assert result.stdout.count("(default)") == 1


def test_download_without_network_fails_at_the_first_try(tmp_path: Path) -> None:
    """No retries (each waits seconds): a Hub that hangs up is dialled once, by the probe, then one line."""
    connections = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)

        def hang_up() -> None:
            while True:
                try:
                    connection, _ = listener.accept()
                except OSError:  # the test closed the listener
                    return
                connections.append(connection)
                connection.close()

        threading.Thread(target=hang_up, daemon=True).start()
        endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}"
        result = run_cli("models", "download", "opus-mt-vi-en", env={"HF_ENDPOINT": endpoint, "HF_HOME": str(tmp_path)})
        listener.shutdown(socket.SHUT_RDWR)
    assert_one_line(result, 2, "cannot reach the Hugging Face Hub", "--model PATH")
    assert "Retrying" not in result.stderr
    assert len(connections) == 1


def test_the_first_conversion_says_so(tmp_path: Path, tiny_marian_dir: Path) -> None:
    env = {"SONGNGU_CACHE": str(tmp_path / "cache")}
    first = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "a"), "--no-progress", env=env)
    assert first.returncode == 0, first.stderr
    assert "converting tiny_marian" in first.stderr and "CTranslate2 int8 (once, cached in" in first.stderr
    second = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "b"), "--no-progress", env=env)
    assert "converting" not in second.stderr


def test_a_cache_that_cannot_be_written_is_named_not_blamed_on_the_model(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A read-only cache said the model's files were damaged. A cache below a regular file cannot be written by
    root either (chmod does not stop root), so the test runs the same for every user."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    cache = tmp_path / "a-file" / "cache"
    result = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"),
                     "--no-memory", "--no-progress", env={"SONGNGU_CACHE": str(cache)})
    line = assert_one_line(result, 2, f"{cache / 'ctranslate2'}: cannot write the cache", "SONGNGU_CACHE", "--backend transformers")
    assert "damaged" not in line and str(tiny_marian_dir) not in line


@pytest.mark.parametrize(("damage", "why"), [
    ("CAST(X'5b5b2274ff8e8f' || hex(randomblob(300)) AS TEXT)", "not valid UTF-8"), ("'[[\"half'", "not the JSON"),
])
def test_a_damaged_row_in_a_memory_is_one_short_line_without_its_bytes(tmp_path: Path, tiny_marian_dir: Path, damage: str, why: str) -> None:
    """The line quoted the damaged row: 'Could not decode to UTF-8 column 'outputs' with text '[["t\ufffd\ufffdi …'
    (and a row that is not JSON was a traceback)."""
    memory, article = tmp_path / "memory.sqlite", str(SEEDS / "000_1ab393fd98851d7f.txt")
    first = run_cli("translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "a"), "--memory", str(memory), "--no-progress")
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(memory) as connection:
        connection.execute(f"UPDATE batches SET outputs = {damage}")
    connection.close()
    result = run_cli("translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "b"), "--memory", str(memory), "--no-progress")
    line = assert_one_line(result, 2, str(memory), "damaged", why, "--no-memory")
    assert len(line) < 250 and "\ufffd" not in line and "Could not decode" not in line


def test_a_memory_whose_folder_cannot_be_made_names_the_folder_and_songngu_cache(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """'cannot use as a translation memory (...Not a directory...); move it away' blamed a memory that does not exist."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    cache = tmp_path / "a-file" / "cache"
    result = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--no-progress",
                     env={"SONGNGU_CACHE": str(cache)})
    assert_one_line(result, 2, f"{cache}: cannot create the folder of the translation memory", "SONGNGU_CACHE", "--no-memory")


def _in_read_only_folder(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """``songngu ARGS`` where ``folder`` cannot be written: bound read-only in a mount namespace of its own
    (root and, where user namespaces are allowed, anyone), else made read-only with chmod (a user other than root)."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0:
        script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        return subprocess.run(["unshare", "-rm", "sh", "-c", script, str(folder), sys.executable, "-m", "songngu", *args],
                              capture_output=True, text=True, cwd=Path(__file__).parent.parent, stdin=subprocess.DEVNULL, timeout=300)
    if os.geteuid() == 0:
        pytest.skip("no way to make a folder read-only for root here (unshare -rm is refused)")
    folder.chmod(0o555)
    try:
        return run_cli(*args)
    finally:
        folder.chmod(0o755)


def test_a_memory_in_a_read_only_folder_is_used_read_only_and_a_new_one_names_the_folder(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """Both said 'cannot use as a translation memory (unable to open database file); move it away': SQLite
    cannot make its journal in such a folder, and the memory was fine."""
    shelf, article = tmp_path / "shelf", str(SEEDS / "000_1ab393fd98851d7f.txt")
    shelf.mkdir()
    memory = shelf / "memory.sqlite"
    first = run_cli("translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "a"), "--memory", str(memory), "--no-progress")
    assert first.returncode == 0, first.stderr
    held = memory.read_bytes()
    reused = _in_read_only_folder(shelf, "translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "b"),
                                  "--memory", str(memory), "--no-progress")
    assert reused.returncode == 0, reused.stderr
    assert "used read-only" in reused.stderr and " 0 sentences translated" in reused.stdout
    assert output_rows(tmp_path / "b") == output_rows(tmp_path / "a") and memory.read_bytes() == held
    new = _in_read_only_folder(shelf, "translate", article, "--model", str(tiny_marian_dir), "-o", str(tmp_path / "c"),
                               "--memory", str(shelf / "new.sqlite"), "--no-progress")
    assert_one_line(new, 2, f"{shelf / 'new.sqlite'}: cannot create a translation memory there", f"folder {shelf} cannot be written",
                    "--no-memory")


def _memory_rows(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_ctrl_c_exits_130_saying_what_was_kept_and_the_same_command_resumes(tmp_path: Path, tiny_marian_dir: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    lines = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()
    for start in range(0, 400, 20):
        (articles / f"a{start:03d}.txt").write_text("\n\n".join(lines[start : start + 20]), encoding="utf-8")
    memory = tmp_path / "memory.sqlite"
    args = ["translate", str(articles), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--memory", str(memory),
            "--batch-size", "1", "--chunk-size", "5", "--workers", "1", "--no-progress"]
    process, _ = start_paused(args, "translated@120")  # in the second of four chunks of 100 sentences
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    [line] = [line for line in stderr.splitlines() if "interrupted" in line]
    assert "run the same command again to resume" in line and str(memory) in line and ".songngu" in line
    kept = int(re.search(r"interrupted: (\d+) finished chunks? ", line).group(1))
    assert kept <= 1  # the first chunk, if its worker finished it before the signal; the second was being translated
    assert 120 <= _memory_rows(memory) < 200
    assert not (tmp_path / "out" / "run.json").exists()
    resumed = run_cli(*args)
    assert resumed.returncode == 0, resumed.stderr
    assert int(re.search(r"(\d+) from memory", resumed.stdout).group(1)) > 0, resumed.stdout
    assert ("kept from the interrupted run" in resumed.stdout) == bool(kept)
    assert len({row["article_id"] for row in output_rows(tmp_path / "out")}) == 20


def test_push_names_a_bad_repository_id_before_asking_for_a_token(tmp_path: Path) -> None:
    result = run_cli("push", str(tmp_path), "not-a-repo-id", env={"HF_TOKEN": ""})
    assert_one_line(result, 2, "not-a-repo-id", "USER/NAME")
