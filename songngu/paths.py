"""Where songngu keeps its own cached files."""
from __future__ import annotations

import os
from pathlib import Path

from songngu.errors import UsageError


def user_cache_dir() -> Path:
    """``$SONGNGU_CACHE``, else ``$XDG_CACHE_HOME/songngu``, else ``~/.cache/songngu``."""
    if os.environ.get("SONGNGU_CACHE"):
        return Path(os.environ["SONGNGU_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "songngu"


def given_path(value: object, name: str) -> Path:
    """``value``, a path the caller gave as ``name`` (an option or parameter), as a ``Path``; a usage error for an
    empty one (``Path("")`` is the current folder: an empty variable would write into it) or for a value that is
    not a ``str`` or path (bytes, None, a number)."""
    if isinstance(value, str) or (isinstance(value, os.PathLike) and isinstance(os.fspath(value), str)):
        if not str(value).strip():
            raise UsageError(f"{name} {str(value)!r}: empty; give a path ('.' for the current folder)")
        return Path(value)
    if isinstance(value, (bytes, bytearray)):
        raise UsageError(f"{name} {value!r}: give a path as a str or Path, not bytes (os.fsdecode() turns bytes into a str)")
    raise UsageError(f"{name}: give a path as a str or Path, not {type(value).__name__}")
