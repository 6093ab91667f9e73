"""Progress of long work on stderr: done / total, rate and time left.

On a terminal it is a live bar; otherwise (a log file, CI) one plain line every
``PLAIN_INTERVAL`` seconds, so long runs under ``nohup`` still say how far they are.
"""
from __future__ import annotations

import sys
import threading
import time

PLAIN_INTERVAL = 30.0


class Progress:
    """Counts ``unit`` done out of a total that may become known later, with a second rate shown beside."""

    def __init__(self, description: str, total: float | None, *, unit: str = "articles", rate_unit: str = "segments", enabled: bool = True) -> None:
        """Start showing progress (nothing is shown when ``enabled`` is False)."""
        self.description = description
        self.unit = unit
        self.rate_unit = rate_unit
        self.total = total
        self.done = 0.0
        self.rated = 0
        self.enabled = enabled
        self._started = time.monotonic()
        self._last_plain = self._started
        self._lock = threading.Lock()
        self._rich = None
        if enabled and sys.stderr.isatty():
            self._start_rich()

    def _start_rich(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress as RichProgress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._rich = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self._rich.start()
        self._task = self._rich.add_task(self.description, total=self.total, counts="", rate="")

    def set_total(self, total: float | None) -> None:
        """The total, once it is known (it is counted in the background for big inputs)."""
        with self._lock:
            self.total = total
            if self._rich is not None:
                self._rich.update(self._task, total=total)
        self._refresh()

    def advance(self, done: float = 0.0, rated: int = 0) -> None:
        """``done`` more units finished (fractions allowed), ``rated`` more of the rate unit."""
        with self._lock:
            self.done += done
            self.rated += rated
        self._refresh()

    def _refresh(self) -> None:
        if not self.enabled:
            return
        elapsed = max(1e-9, time.monotonic() - self._started)
        rate = f"{self.rated / elapsed:,.0f} {self.rate_unit}/s" if self.rated else ""
        counts = f"{self.done:,.0f}/{self.total:,.0f} {self.unit}" if self.total else f"{self.done:,.0f} {self.unit}"
        if self._rich is not None:
            self._rich.update(self._task, completed=self.done, counts=counts, rate=rate)
            return
        now = time.monotonic()
        if now - self._last_plain >= PLAIN_INTERVAL:
            self._last_plain = now
            print(f"songngu: {self.description}: {counts}{', ' + rate if rate else ''}{self._eta(elapsed)}", file=sys.stderr, flush=True)

    def _eta(self, elapsed: float) -> str:
        if not self.total or not self.done:
            return ""
        left = max(0.0, elapsed * (self.total - self.done) / self.done)
        return f", ETA {time.strftime('%H:%M:%S', time.gmtime(left))}"

    def close(self) -> None:
        """Stop the live bar (its last state stays on screen)."""
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
