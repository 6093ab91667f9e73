"""Ray as a quiet guest in songngu's process: its output, its signals and its connection retries.

Ray's C++ core writes warnings and stack dumps straight to the process's stderr, its driver prints
cluster notes to stdout, Ray Data draws progress bars, and joining an address where no cluster
answers retries for 20 s with a warning a second. These helpers keep all of that off the user's
terminal while songngu's own lines (progress, notes, errors) still reach it.
"""
from __future__ import annotations

import io
import logging
import os
import socket
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from songngu.errors import SetupError

CONNECT_TIMEOUT_S = 5.0
"""How long joining ``--address`` may take before the run says it cannot."""


def quiet_ray_data() -> None:
    """Keep Ray Data's progress bars, execution notes and statistics off the user's terminal."""
    import ray.data

    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    context.enable_get_object_locations_for_metrics = False


def check_reachable(address: str, option: str = "--address") -> None:
    """Fail at once, in one line naming ``option`` (where the address came from), when nothing listens at a
    ``HOST:PORT`` address (Ray would retry for 20 s)."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or "://" in address:
        return
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as error:
        raise SetupError(
            f"{option} {address}: cannot reach a Ray cluster there ({error.strerror or error}); "
            "start one with `ray start --head` or check the address"
        ) from None


@contextmanager
def connect_timeout(joining: bool) -> Iterator[None]:
    """While joining a cluster, let Ray try to reach it for ``CONNECT_TIMEOUT_S`` rather than its own 20 s."""
    name = "RAY_gcs_server_port_wait_time_s"
    if not joining or name in os.environ:
        yield
        return
    os.environ[name] = str(int(CONNECT_TIMEOUT_S))
    try:
        yield
    finally:
        del os.environ[name]


@contextmanager
def ray_output_silenced() -> Iterator[None]:
    """Keep Ray's own output off the user's terminal while this process drives Ray.

    Ray's C++ core writes warnings (connection retries, actor restarts) and, on a fatal signal,
    a stack dump straight to file descriptor 2: that goes to /dev/null (Ray's own logs stay in
    its session folder), while ``sys.stderr`` — songngu's progress, notes and errors — keeps
    writing to the terminal. Ray's driver prints its cluster notes ("task failed, retrying")
    to ``sys.stdout``, which holds no songngu output during a run: it goes to /dev/null too.
    Python warnings raised inside Ray's modules are ignored.
    """
    sys.stderr.flush()
    python_stdout, python_stderr = sys.stdout, sys.stderr
    terminal = open(os.dup(2), "w", encoding=getattr(python_stderr, "encoding", None) or "utf-8",
                    errors="backslashreplace", buffering=1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        sys.stdout, sys.stderr = _Discard(), terminal
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"ray(\.|$)")
            yield
    finally:
        sys.stdout, sys.stderr = python_stdout, python_stderr
        terminal.flush()
        os.dup2(terminal.fileno(), 2)
        terminal.close()


class _Discard(io.TextIOBase):
    """A text stream that drops what is written to it."""

    def write(self, text: str) -> int:
        return len(text)


