"""What a chunk's inputs were, as one digest: a resumed run keeps a finished chunk only while it matches.

Each item counts by its article id and source, and by what its text comes from: an article file by
its size and modification time (``make`` and ``rsync`` tell an edited file so, without reading it),
a corpus record by its text, an input that could not be used by its error. A pair (``align``)
counts both sides. So a chunk whose articles were edited, added, deleted, renamed or shifted by a
change elsewhere in the inputs gets another digest.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any


def inputs_digest(items: Sequence[Any]) -> str:
    """The SHA-256 (hex) of what a chunk's ``items`` (source items, or pairs of them) are as they stand now."""
    digest = hashlib.sha256()
    for item in items:
        for side in item if isinstance(item, tuple) else (item,):
            digest.update(_describe(side).encode("utf-8", "surrogateescape"))
            digest.update(b"\0")
        digest.update(b"\n")
    return digest.hexdigest()


def _describe(item: Any) -> str:
    if item is None:
        return "none"
    parts = [getattr(item, "article_id", ""), getattr(item, "source", "")]
    path = getattr(item, "path", None)
    text = getattr(item, "text", None)
    error = getattr(item, "error", None)
    if error is not None:
        parts.append(f"error {error}")
    elif path is not None:
        try:
            status = os.stat(path)
            parts.append(f"file {path} {status.st_size} {status.st_mtime_ns}")
        except OSError as problem:
            parts.append(f"file {path} unreadable {problem.errno}")
    elif text is not None:
        parts.append("text " + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest())
    else:
        parts.append(repr(item))
    return "\t".join(str(part) for part in parts)
