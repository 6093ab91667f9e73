"""Checksums of the files a run writes, so that damage of any kind (a flipped bit, a zero-filled
block) is caught before a file is published or resumed from, not only a changed size.

SHA-256 is used: with the CPU's SHA extensions it is the fastest of ``hashlib``'s strong hashes
(faster than BLAKE2b), and ``sha256sum`` checks it anywhere.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

ALGORITHM = "sha256"
BLOCK_BYTES = 1 << 20


def file_checksum(path: str | Path) -> str:
    """The hex SHA-256 of the file at ``path``, read in 1 MiB blocks (memory stays flat)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK_BYTES):
            digest.update(block)
    return digest.hexdigest()
