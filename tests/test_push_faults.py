"""`songngu push` against a local Hub that fails: hangs, 500s, dropped connections, a killed push.

Every failure is one line on stderr and exit 4, and says what the repository holds; nothing is
left in the temporary directory (a token without the rights to write there is exit 3: running the
push again cannot help). The CLI runs in its own process, as a user runs it.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO, ctrl_c_as_in_a_terminal, write_output_folder
from tests.hub_server import HubServer
from tests.test_push import _rows, _run_info

TOKEN = "hf_faults_token"
USER = "dana"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "OUT"
    write_output_folder(out, _rows(), _run_info(), chunk_rows=10)
    return out


@pytest.fixture
def hub():
    with HubServer({TOKEN: USER}) as server:
        yield server


def hub_env(hub: HubServer, home: Path, **extra: str) -> dict[str, str]:
    scratch = home / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HF_", "HUGGING_FACE"))}
    env.update(HF_ENDPOINT=hub.url, HF_HUB_DISABLE_XET="1", HF_HOME=str(home / "hf"), HF_TOKEN=TOKEN,
               TMPDIR=str(scratch), SONGNGU_HUB_TIMEOUT="1")
    env.update(extra)
    return env


def push(hub: HubServer, out: Path, home: Path, repo: str, *args: str) -> subprocess.CompletedProcess:
    env = hub_env(hub, home)
    return subprocess.run([sys.executable, "-m", "songngu", "push", str(out), repo, "--no-progress", *args],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300, stdin=subprocess.DEVNULL)


def error_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("songngu: error: "), done.stderr
    return lines[0]


def test_a_hanging_upload_times_out_in_one_line_and_says_the_new_repository_is_empty(hub, out_dir, tmp_path) -> None:
    hub.state.hang("lfs_store")
    done = push(hub, out_dir, tmp_path, f"{USER}/stalled")
    assert done.returncode == 4
    line = error_line(done)
    assert "the Hub sent nothing for 1 s (SONGNGU_HUB_TIMEOUT)" in line
    assert f"{USER}/stalled was created by this push and holds only the .gitattributes" in line
    assert "unchanged" not in line
    assert len(hub.state.requests_matching("PUT", r"^/lfs-storage/")) > 1  # the stalled upload was retried
    head = hub.state.repo("datasets", f"{USER}/stalled").resolve("main")
    assert list(head.files) == [".gitattributes"]
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("fault", ["HTTP 500", "dropped connection"])
def test_a_failing_lfs_upload_is_one_line_and_leaves_the_repository_unchanged(hub, out_dir, tmp_path, fault) -> None:
    repo_id = f"{USER}/news"
    assert push(hub, out_dir, tmp_path, repo_id).returncode == 0
    repo = hub.state.repo("datasets", repo_id)
    before = repo.resolve("main")
    hub.state.lfs_objects.clear()  # so that the next push uploads again
    if fault == "HTTP 500":
        hub.state.fail_next("lfs_store", *[500] * 10)
    else:
        hub.state.drop_next("lfs_store", 10)
    done = push(hub, out_dir, tmp_path, repo_id, "--validation", "0.5")
    assert done.returncode == 4
    line = error_line(done)
    expected = "HTTP 500: hub_server: injected failure of lfs_store" if fault == "HTTP 500" else "the connection failed"
    assert expected in line and "the repository is unchanged" in line
    assert repo.resolve("main") is before


def test_a_failed_commit_to_a_new_repository_says_what_it_holds(hub, out_dir, tmp_path) -> None:
    hub.state.fail_next("commit", 500)
    done = push(hub, out_dir, tmp_path, f"{USER}/fresh")
    assert done.returncode == 4
    line = error_line(done)
    assert "HTTP 500" in line and f"{USER}/fresh was created by this push and holds only the .gitattributes" in line
    assert "unchanged" not in line


def test_a_namespace_the_token_may_not_write_is_exit_3_and_says_to_check_the_token(hub, out_dir, tmp_path) -> None:
    """The Hub's 403 ended in exit 4 and "run the push again", which cannot help."""
    done = push(hub, out_dir, tmp_path, "carol/news")
    assert done.returncode == 3, done.stderr
    line = error_line(done)
    assert "HTTP 403: You don't have the rights to create a repository under carol" in line
    assert "the repository is unchanged" in line and "no rights to write under carol" in line and "/settings/tokens" in line
    assert "run the push again" not in line
    assert hub.state.repo("datasets", "carol/news") is None


def test_a_token_revoked_during_the_push_is_exit_3_and_says_to_log_in(hub, out_dir, tmp_path) -> None:
    """A 401 after whoami accepted the token ended in exit 4 and "run the push again", which fails the same way."""
    hub.state.fail_next("commit", 401)
    done = push(hub, out_dir, tmp_path, f"{USER}/revoked")
    assert done.returncode == 3, done.stderr
    line = error_line(done)
    assert "HTTP 401" in line and "no longer accepts the token" in line and "hf auth login" in line
    assert "run the push again" not in line


def test_a_rejected_token_from_hf_token_says_to_fix_hf_token(hub, out_dir, tmp_path) -> None:
    """It said "run `hf auth login` or set HF_TOKEN" to a user whose HF_TOKEN was the token rejected."""
    env = hub_env(hub, tmp_path, HF_TOKEN="hf_not_a_real_token")
    done = subprocess.run([sys.executable, "-m", "songngu", "push", str(out_dir), f"{USER}/never", "--no-progress"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 3
    assert error_line(done).endswith("(401): the one in HF_TOKEN: set HF_TOKEN to a valid token, or unset it to use "
                                     "the one `hf auth login` saves")


def test_a_licence_the_hub_does_not_take_is_refused_before_anything_is_uploaded(hub, out_dir, tmp_path) -> None:
    """--license foo was put in the card unchecked: the Hub refuses such a card, after every upload."""
    done = push(hub, out_dir, tmp_path, f"{USER}/unlicensed", "--license", "foo")
    assert done.returncode == 2, done.stderr
    line = error_line(done)
    assert line.startswith("songngu: error: --license foo: the Hub does not take it in a dataset card") and '"license" must be one of' in line
    assert hub.state.repo("datasets", f"{USER}/unlicensed") is None and not hub.state.requests_matching("PUT", r"^/lfs-storage/")
    assert push(hub, out_dir, tmp_path, f"{USER}/licensed", "--license", "cc-by-nc-4.0").returncode == 0


def test_no_progress_shows_no_progress_bars(hub, out_dir, tmp_path) -> None:
    done = push(hub, out_dir, tmp_path, f"{USER}/quiet")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_ctrl_c_during_the_upload_says_what_the_repository_holds(hub, out_dir, tmp_path) -> None:
    """Ctrl-C said '... is unchanged' of a repository the push had just created."""
    hub.state.hang("lfs_store")
    env = hub_env(hub, tmp_path, SONGNGU_HUB_TIMEOUT="600")
    process = subprocess.Popen([sys.executable, "-m", "songngu", "push", str(out_dir), f"{USER}/stopped", "--no-progress"],
                               env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=ctrl_c_as_in_a_terminal)
    try:
        while not hub.state.requests_matching("PUT", r"^/lfs-storage/"):  # the repository is created, an upload waits
            assert process.poll() is None, "the push ended before uploading"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == [
        f"songngu: error: interrupted while pushing to {USER}/stopped: {USER}/stopped was created by this push and holds "
        "only the .gitattributes the Hub creates it with; run the push again (files already uploaded are not sent twice)"]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_killed_push_leaves_no_copy_of_the_data_behind(hub, out_dir, tmp_path) -> None:
    hub.state.hang("lfs_store")
    env = hub_env(hub, tmp_path, SONGNGU_HUB_TIMEOUT="600")
    killed = subprocess.Popen([sys.executable, "-m", "songngu", "push", str(out_dir), f"{USER}/killed", "--no-progress"],
                              env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not hub.state.requests_matching("PUT", r"^/lfs-storage/"):  # the push is uploading, its copy is written
            assert killed.poll() is None, "the push ended before uploading"
            time.sleep(0.05)
        scratch = list((tmp_path / "tmp").glob("songngu-push-*"))
        assert len(scratch) == 1 and any(scratch[0].rglob("*.parquet"))
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    assert scratch[0].is_dir()  # SIGKILL leaves it; the next push removes it
    hub.state.hanging.clear()
    done = push(hub, out_dir, tmp_path, f"{USER}/killed")
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "tmp").iterdir()) == []
