"""The output folder: whole or plainly unfinished, never the user's files lost, problems found before the work."""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from datasets import Features

from songngu.errors import SetupError
from songngu.export.manifest import read_manifest
from songngu.export.schema import FEATURES
from tests.helpers import REPO, SEEDS, half_written_temporaries, output_rows, run_cli, start_paused
from tests.tinymodels import MEMORISED_PAIRS

ARTICLE = "\n\n".join(vi for vi, _ in MEMORISED_PAIRS[:4])


def translate(out: Path, model: Path, *extra: str, inputs: list[str] | None = None, **options) -> subprocess.CompletedProcess:
    return run_cli("translate", *(inputs or [str(SEEDS)]), "--model", str(model), "-o", str(out), "--no-progress", *extra, **options)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in lines if line.startswith("songngu: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


# --- files a user owns ---------------------------------------------------------------------------

def test_a_folder_holding_the_users_files_is_refused_unless_overwrite(tmp_path: Path, tiny_marian_dir: Path) -> None:
    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    (out / "README.md").write_text("my notes\n")
    (out / "data" / "mine.csv").write_text("a,b\n")
    refused = translate(out, tiny_marian_dir)
    assert refused.returncode == 2
    line = one_error_line(refused)
    assert str(out) in line and "README.md" in line and "--overwrite" in line
    assert (out / "README.md").read_text() == "my notes\n" and (out / "data" / "mine.csv").exists()
    assert sorted(path.name for path in out.iterdir()) == ["README.md", "data"]  # no .songngu/ left behind

    replaced = translate(out, tiny_marian_dir, "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert (out / "README.md").read_text().startswith("---") and not (out / "data" / "mine.csv").exists()
    assert len(output_rows(out)) == json.loads((out / "run.json").read_text())["counts"]["segments"]


def test_a_run_that_fails_before_any_chunk_leaves_the_folder_as_it_found_it(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A model that cannot be loaded: no new folder, and no .songngu/ in the user's folder (it was left
    behind, and then made the user's own README.md count as songngu's)."""
    broken = tmp_path / "broken-model"
    shutil.copytree(tiny_marian_dir, broken)
    (broken / "source.spm").unlink()
    fresh = tmp_path / "fresh"
    assert translate(fresh, broken).returncode == 2
    assert not fresh.exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    assert translate(mine, broken).returncode == 2
    assert [path.name for path in mine.iterdir()] == ["notes.txt"]


def test_songngus_own_output_is_replaced_and_other_files_stay(tmp_path: Path, tiny_marian_dir: Path) -> None:
    out = tmp_path / "out"
    assert translate(out, tiny_marian_dir).returncode == 0
    (out / "notes.txt").write_text("keep me")
    again = translate(out, tiny_marian_dir, "--chunk-size", "1")
    assert again.returncode == 0, again.stderr
    assert (out / "notes.txt").read_text() == "keep me"
    assert [path.name[:14] for path in sorted((out / "data").iterdir())] == [f"segments-0000{index}" for index in range(3)]
    (out / "data" / "extra.parquet").write_bytes(b"user data")
    refused = translate(out, tiny_marian_dir)
    assert refused.returncode == 2 and "data/extra.parquet" in one_error_line(refused)


def test_outputs_get_the_permissions_of_the_users_umask(tmp_path: Path, tiny_marian_dir: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "songngu", "translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(out),
         "--no-progress", "--filter"],
        cwd=REPO, capture_output=True, text=True, preexec_fn=lambda: os.umask(0o022), timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for path in [out / "run.json", out / "README.md", out / "dropped.jsonl", *(out / "data").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert stat.S_IMODE((out / "data").stat().st_mode) == 0o755


def test_leftovers_of_a_killed_run_are_cleaned_up(tmp_path: Path, tiny_marian_dir: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    leftovers = [out / ".run.json.abc123.tmp", out / ".segments.jsonl.x_9.tmp", out / ".README.md.q1.songngu-tmp"]
    for path in leftovers:
        path.write_text("half")
    (out / ".dataset.old-4242").mkdir()
    (out / ".dataset.zz_1.tmp").mkdir()
    (out / "mine.tmp").write_text("not ours")
    result = translate(out, tiny_marian_dir)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["README.md", "data", "mine.tmp", "run.json"]


def test_a_run_leaves_the_temporaries_of_a_command_still_running_alone(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A translate starting in OUT deleted the file an export was writing there (the export failed, exit 2)."""
    out = tmp_path / "out"
    out.mkdir()
    writing, left = half_written_temporaries(out, "songngu.vi-en.jsonl")
    result = translate(out, tiny_marian_dir)
    assert result.returncode == 0, result.stderr
    assert writing.read_text() == "half"
    assert not left.exists()


# --- failing before the work ---------------------------------------------------------------------

def test_an_output_path_that_is_a_file_fails_at_once(tmp_path: Path, tiny_marian_dir: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    result = translate(target, tiny_marian_dir)
    assert result.returncode == 2
    assert f"{target}: exists and is not a folder" in one_error_line(result)
    assert target.read_text() == "x"


def test_an_output_folder_that_cannot_be_written_fails_before_the_model_loads(tmp_path: Path, tiny_marian_dir: Path) -> None:
    if os.geteuid() == 0:
        locked = Path("/sys/kernel")  # root may write anywhere but here
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
    result = translate(locked / "out", tiny_marian_dir, env={"SONGNGU_CACHE": str(tmp_path / "fresh-cache")})
    assert result.returncode == 2
    assert str(locked / "out") in one_error_line(result)
    assert not (tmp_path / "fresh-cache").exists()  # no model conversion happened


def _limited(megabytes_of_file: int):
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (megabytes_of_file, megabytes_of_file))
    return limit


@pytest.mark.parametrize("memory", ["--no-memory", "--memory"])
def test_a_full_disk_during_the_run_is_one_line_and_the_rerun_finishes(tmp_path: Path, memorised_marian_dir: Path, memory: str) -> None:
    """A file-size limit makes every write past 16 KiB fail like a full disk (EFBIG instead of ENOSPC)."""
    out = tmp_path / "out"
    memory_args = ["--no-memory"] if memory == "--no-memory" else ["--memory", str(tmp_path / "memory.sqlite")]
    args = ["translate", str(SEEDS), "--model", str(memorised_marian_dir), "--backend", "transformers", "-o", str(out),
            "--no-progress", *memory_args]
    full = subprocess.run([sys.executable, "-m", "songngu", *args], cwd=REPO, capture_output=True, text=True,
                          preexec_fn=_limited(16 * 1024), timeout=300)
    assert full.returncode == 2
    line = one_error_line(full)
    assert "File too large" in line or "disk" in line
    if memory == "--no-memory":
        assert "0 finished chunks (0 articles) kept" in line  # it said "the finished chunks are kept" of none
    else:  # the memory is the first to write: a full disk is not a reason to move it away
        assert "free space on its disk" in line and "move it away" not in line
    assert not (out / "run.json").exists()
    rerun = run_cli(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert len(output_rows(out)) == json.loads((out / "run.json").read_text())["counts"]["segments"]


def _dropped_rows(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "dropped.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("previous", ["empty folder", "previous output"])
def test_a_run_killed_while_it_publishes_is_finished_by_the_same_command(tmp_path: Path, tiny_marian_dir: Path, previous: str) -> None:
    """Killed after data/ is in place and before run.json is written: the state a kill or a full disk leaves."""
    args = ["--chunk-size", "1", "--filter", "--no-memory"]
    reference = translate(tmp_path / "reference", tiny_marian_dir, *args)
    assert reference.returncode == 0, reference.stderr
    out = tmp_path / "out"
    if previous == "previous output":
        assert translate(out, tiny_marian_dir, "--no-memory").returncode == 0
    process, _ = start_paused(["translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(out), "--no-progress", *args], "finalize")
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert (out / "data").is_dir() and (out / ".songngu").is_dir() and not (out / "run.json").exists()
    export = run_cli("export", str(out), "-f", "jsonl", "--to", str(tmp_path / "export"))
    assert export.returncode == 1 and "run the same command again" in one_error_line(export)

    rerun = translate(out, tiny_marian_dir, *args)
    assert rerun.returncode == 0, rerun.stderr
    assert "(3 chunks kept from the interrupted run)" in rerun.stdout
    assert output_rows(out) == output_rows(tmp_path / "reference")
    assert _dropped_rows(out) == _dropped_rows(tmp_path / "reference")
    assert sorted(path.name for path in out.iterdir()) == ["README.md", "data", "dropped.jsonl", "run.json"]


def test_a_card_that_cannot_be_written_leaves_no_run_json(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """run.json is written after the card: it was written before, so a full disk (or a kill) between the two left
    a folder whose run.json said complete, which export, review and eval took for a finished run."""
    out = tmp_path / "out"
    process, _ = start_paused(["translate", str(SEEDS), "--model", str(tiny_marian_dir), "-o", str(out), "--no-progress",
                               "--no-memory"], "finalize")
    (out / "README.md").mkdir()  # the card's rename onto it fails, as a write on a full disk does
    process.send_signal(signal.SIGUSR1)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2 and "cannot finish writing the output" in stderr, stderr
    assert not (out / "run.json").exists()
    export = run_cli("export", str(out), "-f", "jsonl", "--to", str(tmp_path / "export"))
    assert export.returncode == 1 and "run the same command again" in one_error_line(export)
    (out / "README.md").rmdir()
    rerun = translate(out, tiny_marian_dir, "--no-memory")
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(path.name for path in out.iterdir()) == ["README.md", "data", "run.json"]


def test_a_full_disk_while_the_run_publishes_names_the_folder_and_the_rerun_finishes(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """Every file of the run stays under the size limit but run.json, which lists 300 failed inputs."""
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    for index in range(300):
        (articles / f"{index:03d}-{'an-empty-article' * 6}.txt").write_text("")
    args = ["translate", str(articles), "--model", str(tiny_marian_dir), "--no-progress", "--no-memory", "--chunk-size", "25"]
    reference = run_cli(*args, "-o", str(tmp_path / "reference"))  # also converts the model, once, before the limit
    assert reference.returncode == 1, reference.stderr
    limit = 32 * 1024
    assert (tmp_path / "reference" / "run.json").stat().st_size > limit
    assert max(path.stat().st_size for path in (tmp_path / "reference" / "data").iterdir()) < limit
    out = tmp_path / "out"
    full = subprocess.run([sys.executable, "-m", "songngu", *args, "-o", str(out)], cwd=REPO, capture_output=True, text=True,
                          preexec_fn=_limited(limit), timeout=300, stdin=subprocess.DEVNULL)
    assert full.returncode == 2, full.stderr
    assert "Traceback" not in full.stderr
    [line] = [line for line in full.stderr.splitlines() if not line.endswith(": is empty")]
    assert str(out) in line and "free space" in line and "run the same command again" in line
    assert (out / "data").is_dir() and not (out / "run.json").exists()
    rerun = run_cli(*args, "-o", str(out))
    assert rerun.returncode == 1, rerun.stderr
    assert output_rows(out) == output_rows(tmp_path / "reference")
    assert json.loads((out / "run.json").read_text())["failed_inputs"] == json.loads((tmp_path / "reference" / "run.json").read_text())["failed_inputs"]


# --- empty results are results -------------------------------------------------------------------

def test_a_filter_that_drops_every_row_writes_the_empty_dataset_and_every_dropped_row(tmp_path: Path, tiny_marian_dir: Path) -> None:
    article = tmp_path / "captions.txt"
    article.write_text("Ảnh: AP\n\nChia sẻ:\n\nẢnh minh họa: Reuters\n", encoding="utf-8")
    out = tmp_path / "out"
    result = translate(out, tiny_marian_dir, "--filter", inputs=[str(article)])
    assert result.returncode == 0, result.stderr
    assert output_rows(out) == []
    [shard] = (out / "data").iterdir()
    empty = pq.read_table(shard)
    assert empty.num_rows == 0 and Features.from_arrow_schema(empty.schema) == FEATURES
    dropped = [json.loads(line) for line in (out / "dropped.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(dropped) == 3 and all(row["drop_reason"] == "not_translated" for row in dropped)
    assert all(row["drop_detail"].startswith("not translated (kind=") for row in dropped)
    assert json.loads((out / "run.json").read_text())["counts"] == {
        "articles": 1, "segments": 3, "pairs": 0, "dropped": 3, "failed_inputs": 0}


def test_an_alignment_whose_every_pair_is_filtered_still_writes_its_output(tmp_path: Path) -> None:
    vi, en = tmp_path / "a.vi.txt", tmp_path / "a.en.txt"
    text = "Xin chào các bạn thân mến của tôi.\n\nHôm nay chúng tôi đi học ở trường làng.\n"
    vi.write_text(text, encoding="utf-8")
    en.write_text("Hi.\n\nYes.\n", encoding="utf-8")  # English far too short for its Vietnamese: every pair fails
    out = tmp_path / "out"
    result = run_cli("align", str(vi), str(en), "-o", str(out), "--filter", "--no-progress")
    assert result.returncode == 0, result.stderr
    assert output_rows(out) == []
    dropped = (out / "dropped.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(dropped) == 2 and all("length_ratio" in json.loads(line)["drop_reason"] for line in dropped)


# --- an unfinished folder is named, never read as complete ---------------------------------------

def test_readers_name_an_unfinished_or_damaged_folder(tmp_path: Path, tiny_marian_dir: Path) -> None:
    out = tmp_path / "out"
    assert translate(out, tiny_marian_dir, "--chunk-size", "1").returncode == 0
    shard = sorted((out / "data").iterdir())[1]
    shard.write_bytes(shard.read_bytes()[:-100])
    with pytest.raises(SetupError, match="damaged or half-written"):
        read_manifest(out)
    exported = run_cli("export", str(out), "--to", str(tmp_path / "x"))
    assert exported.returncode == 2 and shard.name in one_error_line(exported)
    assert not (tmp_path / "x").exists() or not list((tmp_path / "x").iterdir())
    (out / "run.json").unlink()
    (out / ".songngu").mkdir()
    evaluated = run_cli("eval", "--hyp", str(out), "--ref", str(SEEDS / "000_1ab393fd98851d7f.txt"))
    assert evaluated.returncode == 1 and "did not finish" in one_error_line(evaluated)


def test_readers_refuse_a_finished_folder_whose_newer_run_has_not_finished(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A rerun with more inputs, interrupted after a chunk, left the first run's run.json and data/ beside its
    .songngu/: export, eval and review read the older run as current, with exit 0 and no word of the newer one."""
    out = tmp_path / "out"
    assert translate(out, tiny_marian_dir, "--chunk-size", "1", "--no-memory").returncode == 0
    newer = ["translate", str(SEEDS), "-o", str(out), "--model", str(tiny_marian_dir), "--no-progress", "--no-memory",
             "--chunk-size", "1", "--workers", "1", "--beams", "2"]
    process, _ = start_paused(newer, "writing@2", start_new_session=True)  # chunk 0 kept, chunk 1 about to be written
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert any((out / ".songngu" / "chunks").iterdir())
    readers = [["export", str(out), "--to", str(tmp_path / "x")], ["review", str(out)],
               ["eval", "--hyp", str(out), "--ref", str(SEEDS / "000_1ab393fd98851d7f.txt")]]
    for reader in readers:
        result = run_cli(*reader)
        assert result.returncode == 1 and "a newer run writing here has not finished" in one_error_line(result), reader
    assert not (out / "review.html").exists()
    assert run_cli(*newer).returncode == 0
    assert run_cli(*readers[0]).returncode == 0


def test_a_damaged_run_json_is_named_as_damaged_and_overwrite_replaces_the_run(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A cut-short run.json made the rerun say the folder held files "that songngu did not write", which it had."""
    out = tmp_path / "out"
    assert translate(out, tiny_marian_dir).returncode == 0
    (out / "run.json").write_text("{bad", encoding="utf-8")
    refused = translate(out, tiny_marian_dir)
    line = one_error_line(refused)
    assert refused.returncode == 2 and "run.json is damaged (not valid JSON)" in line and "did not write" not in line, line
    assert "README.md, data/" in line and "--overwrite" in line
    assert translate(out, tiny_marian_dir, "--overwrite").returncode == 0
    assert run_cli("export", str(out), "-f", "jsonl").returncode == 0


def test_export_refuses_a_name_with_folders_in_it(tmp_path: Path, tiny_marian_dir: Path) -> None:
    out = tmp_path / "out"
    assert translate(out, tiny_marian_dir).returncode == 0
    for name in ("../../x", "a/b", ".."):
        result = run_cli("export", str(out), "--name", name, "--to", str(tmp_path / "dest"))
        assert result.returncode == 2 and "--name" in one_error_line(result)
    assert not (tmp_path / "x.vi-en.tmx").exists() and not list(tmp_path.rglob("x.vi-en.*"))


@pytest.mark.parametrize("command", [["review"], ["export", "-f", "jsonl"]])
def test_a_full_disk_while_review_or_export_writes_names_the_file(tmp_path: Path, tiny_marian_dir: Path, command: list[str]) -> None:
    """Both said only "No space left on device" (here: a file-size limit, EFBIG, as in the tests above)."""
    out = tmp_path / "out"
    assert translate(out, tiny_marian_dir, "--no-memory").returncode == 0
    before = sorted(path.name for path in out.iterdir())
    full = subprocess.run([sys.executable, "-m", "songngu", command[0], str(out), *command[1:]], cwd=REPO, capture_output=True,
                          text=True, preexec_fn=_limited(4096), timeout=300, stdin=subprocess.DEVNULL)
    assert full.returncode == 2, full.stderr
    target = out / ("review.html" if command[0] == "review" else "songngu.vi-en.jsonl")
    assert full.stderr.splitlines() == [f"songngu: error: {target}: File too large"]
    assert sorted(path.name for path in out.iterdir()) == before  # nothing half-written, no ledger entry


def test_a_new_run_removes_the_previous_runs_exports_and_review_page(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """A rerun into the folder left the last run's TMX, Moses files and review page beside the new rows."""
    out = tmp_path / "out"
    assert translate(out, tiny_marian_dir, "--no-memory").returncode == 0
    assert run_cli("export", str(out), "-f", "tmx,moses").returncode == 0
    assert run_cli("review", str(out)).returncode == 0
    with (out / "songngu.vi-en.en").open("a", encoding="utf-8") as edited:  # edited since: the user's now
        edited.write("my line\n")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    rerun = translate(out, tiny_marian_dir, "--no-memory", "--context", "paragraph")
    assert rerun.returncode == 0, rerun.stderr
    assert f"songngu: note: {out}: removed what export and review wrote for the previous run (review.html, " \
           "songngu.vi-en.tmx, songngu.vi-en.vi); export or review again for this one" in rerun.stderr.splitlines()
    assert sorted(path.name for path in out.iterdir()) == ["README.md", "data", "notes.txt", "run.json", "songngu.vi-en.en"]
    assert (out / "songngu.vi-en.en").read_text(encoding="utf-8").endswith("my line\n")
    refused = run_cli("export", str(out), "-f", "moses")  # the edited file stays the user's
    assert refused.returncode == 2 and "songngu.vi-en.en" in refused.stderr


def test_an_output_folder_inside_another_runs_folder_is_refused(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """`-o same/data` wrote a run inside the finished run `same/`, whose next run then refused those files as not songngu's."""
    same = tmp_path / "same"
    same.mkdir()
    (same / "a.txt").write_text(MEMORISED_PAIRS[0][0] + "\n", encoding="utf-8")
    model = ["--model", str(tiny_marian_dir), "--no-memory", "--no-progress"]
    assert run_cli("translate", str(same), "-o", str(same), *model).returncode == 0
    for nested in (same / "data", same / "new" / "deeper"):
        refused = run_cli("translate", str(same / "a.txt"), "-o", str(nested), *model)
        assert refused.returncode == 2 and refused.stderr.splitlines() == [
            f"songngu: error: {nested}: inside the songngu output folder {same}; choose a folder outside it for -o"], refused.stderr
        aligned = run_cli("align", str(same / "a.txt"), str(same / "a.txt"), "-o", str(nested), "--no-progress")
        assert aligned.returncode == 2 and "inside the songngu output folder" in aligned.stderr
    assert not (same / "new").exists() and not (same / "data" / "run.json").exists()
    again = run_cli("translate", str(same), "-o", str(same), *model)
    assert again.returncode == 0, again.stderr


def test_rerunning_the_same_command_keeps_the_output_with_its_exports_and_review_page(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """An identical rerun removed the exports and the review page (whose verdicts are keyed to run.json) of
    an output it left exactly as it was; a rerun that finds the published output damaged publishes it again."""
    out = tmp_path / "out"
    assert translate(out, tiny_marian_dir, "--no-memory").returncode == 0
    assert run_cli("export", str(out), "-f", "tmx,moses").returncode == 0
    assert run_cli("review", str(out)).returncode == 0
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    assert {"review.html", "songngu.vi-en.tmx", "run.json"} <= set(before)
    rerun = translate(out, tiny_marian_dir, "--no-memory")
    assert rerun.returncode == 0, rerun.stderr
    assert f"songngu: note: {out}: the run wrote the same output as the one published there: kept that as it was " \
           "(its run.json, and what export and review wrote for it)" in rerun.stderr.splitlines()
    assert {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()} == before
    assert not (out / ".songngu").exists()
    assert run_cli("export", str(out), "-f", "tmx").returncode == 0  # still songngu's to replace

    shard = read_manifest(out).shard_paths()[0]
    shard.write_bytes(shard.read_bytes()[:-10])
    repaired = translate(out, tiny_marian_dir, "--no-memory")
    assert repaired.returncode == 0, repaired.stderr
    assert "removed what export and review wrote for the previous run" in repaired.stderr
    assert not (out / "review.html").exists()
    assert read_manifest(out).counts == json.loads(before["run.json"])["counts"]


def test_one_run_at_a_time_also_when_a_run_finishes_as_another_starts(tmp_path: Path, memorised_marian_dir: Path) -> None:
    """A run released the folder's lock, then removed OUT/.songngu with the lock file in it: a run that had opened
    that file went on holding a lock on a removed file (it failed, or ran beside a third run that locked a new
    one). Now the finishing run removes it while holding the lock, and the other run locks the folder's current file."""
    out = tmp_path / "out"
    args = ["translate", str(SEEDS), "--model", str(memorised_marian_dir), "-o", str(out), "--no-progress", "--no-memory"]
    second, _ = start_paused(args, "locking")  # has opened OUT/.songngu/lock, has not locked it
    try:
        first = translate(out, memorised_marian_dir, "--no-memory")
        assert first.returncode == 0, first.stderr
        assert not (out / ".songngu").exists()
        first_rows = output_rows(out)
        second.send_signal(signal.SIGUSR1)
        stdout, stderr = second.communicate(timeout=300)
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 0, stderr
    assert "the run wrote the same output as the one published there" in stderr, stderr
    assert output_rows(out) == first_rows
    assert not (out / ".songngu").exists()
    # and a run still refuses a folder another run holds
    third, _ = start_paused(args, "finished@1")
    try:
        refused = translate(out, memorised_marian_dir, "--no-memory")
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.strip() == f"songngu: error: {out}: another songngu run is writing into this folder"
        third.send_signal(signal.SIGUSR1)
        third.communicate(timeout=300)
    finally:
        if third.poll() is None:
            third.kill()
    assert third.returncode == 0
