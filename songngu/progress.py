"""A progress bar on stderr: done / total, rate and time left."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from songngu.translate.base import ProgressCallback


@contextmanager
def progress_bar(total: int, description: str, unit: str = "sentences", enabled: bool = True) -> Iterator[ProgressCallback]:
    """Show a bar for ``total`` items on stderr; yield a callback that advances it."""
    if not enabled:
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task(description, total=total, rate="")

        def advance(count: int) -> None:
            progress.advance(task, count)
            speed = progress.tasks[task].speed
            progress.update(task, rate=f"{speed:.1f}/s" if speed else "")

        yield advance
