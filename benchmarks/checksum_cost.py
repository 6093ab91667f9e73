"""What checking an output folder's checksums costs, per GB of shards.

    python benchmarks/checksum_cost.py [--megabytes 512] [--shards 8] [--repeat 3]

Writes an output folder of ``--shards`` files holding ``--megabytes`` of random bytes in all
(checksums do not care whether the bytes are Parquet) with its ``run.json``, then times
``read_manifest``, which ``export``, ``push`` and ``eval`` call first: it checks every listed
file's size and SHA-256. The files were just written, so they are read from the page cache:
the figure is the CPU cost of hashing; from a cold disk add the time to read the bytes, which
``export``, ``push`` and ``eval`` pay anyway when they read the shards after the check. The raw
speed of SHA-256 and BLAKE2b over bytes in memory is printed beside it (why SHA-256 was chosen).
Nothing is downloaded; the folder is removed at the end.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from songngu.export.checksums import file_checksum  # noqa: E402
from songngu.export.manifest import FORMAT, RUN_FILE, ListedFile, read_manifest, shard_name  # noqa: E402


def write_folder(folder: Path, megabytes: int, shards: int) -> int:
    """A finished output folder of random shards; returns its bytes in shards."""
    (folder / "data").mkdir(parents=True)
    listed, total = [], 0
    size = megabytes * (1 << 20) // shards
    for index in range(shards):
        temporary = folder / "data" / f"tmp-{index}"
        with open(temporary, "wb") as handle:
            for _ in range(0, size, 1 << 20):
                handle.write(os.urandom(min(1 << 20, size)))
        checksum = file_checksum(temporary)
        name = shard_name(index, checksum)
        temporary.rename(folder / name)
        listed.append(ListedFile(name, 0, (folder / name).stat().st_size, sha256=checksum).as_dict())
        total += listed[-1]["bytes"]
    run = {"format": FORMAT, "songngu_version": "benchmark", "command": "translate", "complete": True, "shards": listed, "dropped": None}
    (folder / RUN_FILE).write_text(json.dumps(run), encoding="utf-8")
    return total


def memory_speed(name: str, megabytes: int = 256) -> float:
    """GB/s of ``hashlib`` algorithm ``name`` over bytes already in memory."""
    data = memoryview(os.urandom(megabytes << 20))
    digest = hashlib.new(name)
    started = time.perf_counter()
    for start in range(0, len(data), 1 << 20):
        digest.update(data[start : start + (1 << 20)])
    return len(data) / (time.perf_counter() - started) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=512)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="songngu-checksums-") as scratch:
        folder = Path(scratch) / "out"
        total = write_folder(folder, args.megabytes, args.shards)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            read_manifest(folder)
            times.append(time.perf_counter() - started)
    gigabytes = total / 1e9
    print(f"read_manifest over {gigabytes:.2f} GB in {args.shards} shards (page cache): "
          f"best {min(times) / gigabytes:.2f} s/GB, worst {max(times) / gigabytes:.2f} s/GB")
    for name in ("sha256", "blake2b"):
        print(f"{name} over bytes in memory: {memory_speed(name):.2f} GB/s")


if __name__ == "__main__":
    main()
