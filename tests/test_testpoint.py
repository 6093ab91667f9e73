"""Test points (songngu.testpoint): a run paused at one ends on Ctrl-C, whichever thread receives it and however the suite was started."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers import REPO, ctrl_c_as_in_a_terminal, start_paused
from tests.tinymodels import TEXT_DIR

PAUSED_WITH_A_BYSTANDER_THREAD = textwrap.dedent("""
    import signal, threading, time
    from songngu.testpoint import pause_point

    started = threading.Event()

    def bystander():  # like the CTranslate2 and process-pool threads of a real run
        started.set()
        time.sleep(60)

    other = threading.Thread(target=bystander, daemon=True)
    other.start()
    started.wait()

    def interrupt_through_the_other_thread():
        time.sleep(1)  # the run is paused by now
        signal.pthread_kill(other.ident, signal.SIGINT)

    threading.Thread(target=interrupt_through_the_other_thread, daemon=True).start()
    try:
        pause_point("step")
    except KeyboardInterrupt:
        print("interrupted")
""")


def test_a_paused_run_ends_on_ctrl_c_that_another_thread_received() -> None:
    # The kernel may hand a process's SIGINT to any of its threads; Python then runs the handler in the
    # main thread only when that thread next runs bytecode, which signal.pause() never let it do.
    result = subprocess.run(
        [sys.executable, "-c", PAUSED_WITH_A_BYSTANDER_THREAD], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "SONGNGU_TEST_PAUSE": "step"}, stdin=subprocess.DEVNULL, preexec_fn=ctrl_c_as_in_a_terminal,
    )
    assert result.stdout.strip() == "interrupted", result.stderr
    assert "songngu: paused at step" in result.stderr


def test_a_paused_run_takes_ctrl_c_when_the_suite_ignores_it(tmp_path: Path, tiny_marian_dir: Path) -> None:
    # As when the suite runs in the background of a script (`pytest &`): SIGINT is ignored, and inherited so.
    article = tmp_path / "a.txt"
    article.write_text(TEXT_DIR.joinpath("flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()[0], encoding="utf-8")
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process, _ = start_paused(
            ["translate", str(article), "--model", str(tiny_marian_dir), "-o", str(tmp_path / "out"), "--no-memory", "--no-progress"],
            "finished",
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
