"""``python tests/paused_cli.py N MARKER ARGS...``: the songngu CLI, stopped for good once its memory holds N batches.

Right after the translation memory commits its N-th batch, the run writes MARKER and waits
forever inside that commit, so it can go no further: a test then kills it at exactly that
point, whatever the machine's speed. Everything else is the real CLI, unchanged.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from songngu.translate.memory import TranslationMemory



def stop_after(batches: int, marker: Path) -> None:
    """Make every memory, once it holds ``batches`` batches, write ``marker`` and wait forever."""
    store = TranslationMemory.store

    def store_then_wait(self: TranslationMemory, *args, **kwargs) -> None:
        store(self, *args, **kwargs)
        if self.count() >= batches:
            marker.write_text(str(self.count()), encoding="utf-8")
            while True:
                time.sleep(60)

    TranslationMemory.store = store_then_wait


if __name__ == "__main__":  # worker processes import this file too: only the main process stops
    stop_after(int(sys.argv[1]), Path(sys.argv[2]))
    sys.argv = ["songngu", *sys.argv[3:]]
    from songngu.cli import main

    main()
