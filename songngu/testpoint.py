"""Test points: let a test stop a run at an exact step, so its signals never race with the run's speed.

With ``SONGNGU_TEST_PAUSE=POINT@N`` in the environment (``@N`` may be left out: 1), the run stops
when it reaches ``POINT`` with a count of at least ``N``: it writes ``songngu: paused at POINT``
on stderr and waits there for a signal (Ctrl-C, SIGTERM, SIGKILL; SIGUSR1 lets it go on), so a
test can act at a point the run cannot have passed. The points:

* ``locking``: where a run has opened its output folder's lock file and is about to lock it;
* ``translated``: after a batch, once N sentences of the run are translated (and saved in the
  translation memory);
* ``stored``: once a translation memory has saved N batches in this process (committed);
* ``writing``: where the N-th chunk of the run (index N - 1) is about to be written, in the
  process that writes it (a worker, when the run has workers: a worker started again pauses again);
* ``finished``: once N chunks of the run are finished (their shards written);
* ``ray-shutdown``: where a Ray run is about to stop the Ray instance it started (after its work, or once interrupted);
* ``finalize``: while the output is published, after ``data/`` is in place and before the card and ``run.json``;
* ``exported``: once ``songngu export`` has written N files.

Without the variable (always, outside the test suite) :func:`pause_point` does nothing.
"""
from __future__ import annotations

import os
import signal
import sys
import time

ENVIRONMENT_VARIABLE = "SONGNGU_TEST_PAUSE"
WAKE_SECONDS = 0.05
"""How often a paused run looks for a signal that arrived in another thread."""
_passed = False


def pause_point(point: str, count: int = 1) -> None:
    """Wait here for a signal if ``SONGNGU_TEST_PAUSE`` names ``point`` and ``count`` has reached its N (once a run)."""
    wanted = os.environ.get(ENVIRONMENT_VARIABLE)
    if not wanted:
        return
    name, _, threshold = wanted.partition("@")
    global _passed
    if _passed or name != point or count < int(threshold or 1):
        return
    _passed = True
    go_on: list[int] = []
    previous = signal.signal(signal.SIGUSR1, lambda number, frame: go_on.append(number))
    sys.stderr.write(f"songngu: paused at {point}\n")
    sys.stderr.flush()
    try:
        while not go_on:
            # Not signal.pause(): the kernel may hand the signal to another thread (CTranslate2's, the
            # process pool's), and Python runs its handler only when this thread next runs bytecode.
            time.sleep(WAKE_SECONDS)
    finally:
        signal.signal(signal.SIGUSR1, previous)
