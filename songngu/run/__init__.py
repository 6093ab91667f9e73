"""Running a corpus: the engines that drive the stages over many articles, and their results.

``translate_files`` and ``align_files`` are what ``songngu translate`` and ``songngu align`` run.
Both read inputs lazily (:mod:`~songngu.run.sources`), cut them into chunks, run each chunk's
steps (:mod:`~songngu.run.stages`) on an engine (:mod:`~songngu.run.local` on this machine,
:mod:`~songngu.run.ray_engine` on Ray) and write a resumable output folder
(:mod:`songngu.export.output`).
"""
from __future__ import annotations

from songngu.run.summary import RunSummary

__all__ = ["EngineOptions", "RunSummary", "align_files", "translate_files"]


def __getattr__(name: str):
    """Import the drivers lazily, so ``import songngu.run`` stays light."""
    if name == "translate_files":
        from songngu.run.translation import translate_files

        return translate_files
    if name == "EngineOptions":
        from songngu.run.engines import EngineOptions

        return EngineOptions
    if name == "align_files":
        from songngu.run.alignment import align_files

        return align_files
    raise AttributeError(f"module 'songngu.run' has no attribute {name!r}")
