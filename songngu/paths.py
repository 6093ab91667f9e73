"""Where songngu keeps its own cached files."""
from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    """``$SONGNGU_CACHE``, else ``$XDG_CACHE_HOME/songngu``, else ``~/.cache/songngu``."""
    if os.environ.get("SONGNGU_CACHE"):
        return Path(os.environ["SONGNGU_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "songngu"
