"""Parquet shards in songngu's row layout: the files a run, ``load_dataset`` and the Hub all read."""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from songngu.atomic import atomic_path
from songngu.errors import SetupError
from songngu.export.schema import COLUMNS, arrow_schema

if TYPE_CHECKING:
    import pyarrow

COMPRESSION = "zstd"
READ_BATCH_ROWS = 4096


def rows_table(rows: Sequence[dict], columns: Mapping[str, str] = COLUMNS) -> pyarrow.Table:
    """A ``pyarrow.Table`` of ``rows`` with the schema (and Hugging Face feature metadata) of ``columns``."""
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=_schema(tuple(columns.items())))


@lru_cache(maxsize=8)
def _schema(columns: tuple[tuple[str, str], ...]) -> pyarrow.Schema:
    return arrow_schema(dict(columns))


def write_shard(rows: Sequence[dict], path: str | Path, columns: Mapping[str, str] = COLUMNS) -> int:
    """Write ``rows`` as one Parquet file at ``path``, atomically; return its size in bytes.

    An empty ``rows`` still gives a valid file with the full schema, and no row group (a row
    group of no rows is one that ``datasets`` refuses to read).
    """
    import pyarrow.parquet as pq

    with atomic_path(path) as temporary:
        if rows:
            pq.write_table(rows_table(rows, columns), temporary, compression=COMPRESSION)
        else:
            pq.ParquetWriter(temporary, _schema(tuple(columns.items())), compression=COMPRESSION).close()
    return Path(path).stat().st_size


def read_shard(path: str | Path, columns: Sequence[str] | None = None) -> Iterator[dict]:
    """The rows of one shard as dicts, read in batches (memory stays flat).

    A file that is not readable Parquet raises a one-line ``SetupError`` naming it (only folders
    written before checksums were recorded can get this far with a damaged shard).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=READ_BATCH_ROWS, columns=list(columns) if columns else None):
            yield from batch.to_pylist()
    except (pa.ArrowException, OSError, ValueError) as error:
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        raise SetupError(f"{path}: damaged, not readable as Parquet ({reason}); run the songngu command that wrote this folder again") from None
