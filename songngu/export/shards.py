"""Parquet shards in songngu's row layout: the files a run, ``load_dataset`` and the Hub all read."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from songngu.atomic import atomic_path
from songngu.export.schema import FEATURES

COMPRESSION = "zstd"
READ_BATCH_ROWS = 4096


def rows_table(rows: Sequence[dict], features=FEATURES):
    """A ``pyarrow.Table`` of ``rows`` with the schema (and Hugging Face feature metadata) of ``features``."""
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=features.arrow_schema)


def write_shard(rows: Sequence[dict], path: str | Path, features=FEATURES) -> int:
    """Write ``rows`` as one Parquet file at ``path``, atomically; return its size in bytes.

    An empty ``rows`` still gives a valid file with the full schema, and no row group (a row
    group of no rows is one that ``datasets`` refuses to read).
    """
    import pyarrow.parquet as pq

    with atomic_path(path) as temporary:
        if rows:
            pq.write_table(rows_table(rows, features), temporary, compression=COMPRESSION)
        else:
            pq.ParquetWriter(temporary, features.arrow_schema, compression=COMPRESSION).close()
    return Path(path).stat().st_size


def read_shard(path: str | Path, columns: Sequence[str] | None = None) -> Iterator[dict]:
    """The rows of one shard as dicts, read in batches (memory stays flat)."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=READ_BATCH_ROWS, columns=list(columns) if columns else None):
        yield from batch.to_pylist()
