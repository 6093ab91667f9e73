"""Test points: let a test stop a run at an exact step, so its signals never race with the run's speed.

With ``SONGNGU_TEST_PAUSE=POINT@N`` in the environment (``@N`` may be left out: 1), the run stops
when it reaches ``POINT`` with a count of at least ``N``: it writes ``songngu: paused at POINT``
on stderr and waits there for a signal (Ctrl-C, SIGTERM, SIGKILL), so a test can send one at a
point the run cannot have passed. The points:

* ``translated``: after a batch, once N sentences of the run are translated (and saved in the
  translation memory);
* ``finished``: once N chunks of the run are finished (their shards written);
* ``finalize``: while the output is published, after ``data/`` is in place and before ``run.json``.

Without the variable (always, outside the test suite) :func:`pause_point` does nothing.
"""
from __future__ import annotations

import os
import sys
import time

ENVIRONMENT_VARIABLE = "SONGNGU_TEST_PAUSE"


def pause_point(point: str, count: int = 1) -> None:
    """Wait here for a signal if ``SONGNGU_TEST_PAUSE`` names ``point`` and ``count`` has reached its N."""
    wanted = os.environ.get(ENVIRONMENT_VARIABLE)
    if not wanted:
        return
    name, _, threshold = wanted.partition("@")
    if name != point or count < int(threshold or 1):
        return
    sys.stderr.write(f"songngu: paused at {point}\n")
    sys.stderr.flush()
    while True:
        time.sleep(3600)
