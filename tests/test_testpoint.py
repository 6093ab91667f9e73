"""Test points (songngu.testpoint): a run paused at one ends on any signal, whichever thread receives it."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.helpers import REPO

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
        env={**os.environ, "SONGNGU_TEST_PAUSE": "step"}, stdin=subprocess.DEVNULL,
    )
    assert result.stdout.strip() == "interrupted", result.stderr
    assert "songngu: paused at step" in result.stderr
