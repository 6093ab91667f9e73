"""The articles of a run, found lazily from what the user names: files, folders, globs, corpora.

An input is one of:

* an article file (``.txt`` or any other name given directly): one article;
* a corpus file: JSON Lines (``.jsonl``, ``.ndjson``, also gzipped) or Parquet (``.parquet``), one
  article per record, its text in ``--text-field`` (default ``text``) and, optionally, its id in
  ``--id-field``;
* a folder: every article or corpus file below it (symbolic links followed, loops skipped), in
  sorted order;
* a glob (``"news/**/*.txt"``);
* a ``datasets`` dataset saved with ``save_to_disk`` (a folder with ``dataset_info.json`` or
  ``state.json``), or one on the Hub, streamed: ``hf://datasets/OWNER/NAME`` (``--split``).

Nothing is read into memory ahead of need: folders are walked one directory at a time and
records are read as they are used, so a run over millions of articles keeps memory flat.

**Article ids** are stable: a file's path relative to the inputs' base folder, without its
suffix (``2020/01/tin``), where the base is the folder named (or the folder of a file named, or
the fixed part of a glob), or, for several inputs, their common parent folder. A record's id is
its ``--id-field`` value, else ``FILE_ID:LINE`` (JSON Lines, 1-based) or ``FILE_ID:ROW`` (Parquet
and datasets, 0-based). Ids taken from file names are in Unicode NFC, as the text is (a name saved
in NFD, as macOS tools write them, gives the same id). Ids never depend on argument order or on
other files; two files whose names differ only in suffix, its letter case or Unicode form
(``a.txt`` and ``a.TXT``, ``b.jsonl`` and ``b.jsonl.gz``) would share ids, so the second in sorted
order is refused, in one line naming the first. Each article's
``source`` (kept in the rows) is its path relative to the base folder's parent, plus ``:LINE`` for
records, so no private absolute path is published.
"""
from __future__ import annotations

import glob
import gzip
import hashlib
import io
import json
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import SURROGATE, UsageError, json_problem, printable
from songngu.run.folders import (
    ARTICLE_SUFFIXES, FOLDER_SUFFIXES, JSONL_SUFFIXES, PARQUET_SUFFIXES, Note, glob_root, id_key, output_folder_of, relative_id,
    relative_path, repeated_name_problem, special_kind, utf8_name, walk_folder,
)

HUB_PREFIX = "hf://datasets/"
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
"""The escape that can put a lone surrogate (:data:`~songngu.errors.SURROGATE`) in a JSON string, which
no file can hold: only a line holding it is searched (cheap to look for)."""
NAME_NOT_UTF8 = (
    "its name is not valid UTF-8 (the bytes shown as \\xNN), which the rows' ids and sources cannot hold; "
    "rename it to UTF-8 (convmv -f ENCODING -t utf-8) and run again"
)
DEFAULT_TEXT_FIELD = "text"
DEFAULT_SPLIT = "train"


@dataclass(frozen=True)
class SourceItem:
    """One article to process, or one input that cannot be used.

    ``path`` is set for an article file still to be read (by a worker); ``text`` for a record
    already read from a corpus; ``error`` for an input that failed while being listed. ``shown``
    names a corpus file or record in messages as the user gave its file (``c.jsonl:3``), where
    ``source`` is relative to the inputs' base folder's parent (``w/c.jsonl:3``), for the rows.
    """

    article_id: str
    source: str
    path: str | None = None
    text: str | None = None
    error: str | None = None
    shown: str | None = None

    @property
    def name(self) -> str:
        """How messages name this item: its file or input as the user gave it, with ``:LINE`` or ``:ROW`` for a record."""
        return self.shown or self.path or self.source


@dataclass(frozen=True)
class _Input:
    """One command-line input, classified."""

    given: str
    kind: str  # "file", "folder", "glob", "saved-dataset", "hub", "missing", "special"
    path: Path | None
    root: Path | None


def missing_problem(given: str) -> str:
    """Why the input ``given`` (no file or folder of that name) cannot be read: ``-`` is not standard input."""
    if given == "-":
        return "reading standard input is not supported; give the article file or folder path"
    return "no such file or directory"


class Corpus:
    """The articles named by a run's inputs, iterated lazily in a fixed order."""

    def __init__(
        self,
        inputs: Sequence[str],
        *,
        text_field: str | None = None,
        id_field: str | None = None,
        split: str = DEFAULT_SPLIT,
        note: Note | None = None,
    ) -> None:
        """Classify ``inputs`` (nothing is read yet); ``note`` receives lines about skipped files."""
        if not inputs:
            raise UsageError("no inputs: name article files, folders, globs or corpus files")
        self.text_field = text_field or DEFAULT_TEXT_FIELD
        self.id_field = id_field
        self.split = split
        self._note = note or (lambda line: None)
        self._record_options = [option for option, value in (("--text-field", text_field), ("--id-field", id_field)) if value]
        self._split_given = split != DEFAULT_SPLIT
        self._read = {"records": False, "datasets": False}  # whether an input of each kind was read, for the note on unused options
        self.inputs = [_classify(given) for given in inputs]
        roots = [item.root for item in self.inputs if item.root is not None]
        self.base = Path(os.path.commonpath([str(root) for root in roots])) if roots else Path.cwd()
        self._label_base = self.base.parent

    def __iter__(self) -> Iterator[SourceItem]:
        """Every article (or failed input) in order; article ids are unique.

        One input without ``--id-field`` gives unique ids by construction (distinct paths, distinct
        lines); otherwise an 8-byte hash of each id is remembered with where it was first seen, to
        catch repeats and name the first (about 120 bytes an article, and each article file's name).
        """
        if len(self.inputs) == 1 and not self.id_field:
            yield from self._items()
            return
        seen: dict[int, int] = {}  # id hash -> where first seen: its file's index in ``files`` << 32 | line or row + 1 (0: none)
        files: list[str] = []
        for item in self._items():
            if item.error is None:
                key = int.from_bytes(hashlib.blake2b(item.article_id.encode(), digest_size=8).digest(), "big")
                file, line = _place(item)
                if not files or files[-1] != file:
                    files.append(file)
                first = seen.get(key)
                if first is None:
                    seen[key] = (len(files) - 1) << 32 | (line + 1 if line is not None else 0)
                else:
                    first_file, first_line = files[first >> 32], (first & 0xFFFFFFFF) - 1
                    problem = _repeat_problem(item.article_id, file, line, first_file, first_line if first_line >= 0 else None)
                    item = SourceItem(item.article_id, item.source, path=item.path, error=problem, shown=item.shown)
            yield item

    def count(self) -> int | None:
        """How many items iteration will yield (errors included), or None when it cannot tell cheaply."""
        total = 0
        for item in self.inputs:
            counted = _count_input(item, self)
            if counted is None:
                return None
            total += counted
        return total

    # --- listing -------------------------------------------------------------------------------

    def _items(self) -> Iterator[SourceItem]:
        for item in self.inputs:
            if item.kind == "missing":
                yield SourceItem(item.given, item.given, error=missing_problem(item.given))
            elif item.kind == "special":
                yield SourceItem(item.given, item.given, error=f"is {special_kind(item.path)}, not a regular file")
            elif item.kind == "file":
                yield from self._file_items(item.path, named=True)
            elif item.kind in ("folder", "saved-dataset") and not utf8_name(self._label(item.path)):
                yield undecodable_name_item(item.path, self._file_id(item.path), self._label(item.path))
            elif item.kind == "folder":
                yield from self._folder_items(item)
            elif item.kind == "glob":
                yield from self._glob_items(item)
            elif item.kind == "saved-dataset":
                yield from self._dataset_items(item.given, self._label(item.path), _load_saved_dataset(item.path, self.split))
            else:
                yield from self._dataset_items(item.given, item.given, _stream_hub_dataset(item.given, self.split))
        unused = [option for option in self._record_options if not self._read["records"]]
        unused += ["--split"] if self._split_given and not self._read["datasets"] else []
        if unused:
            kinds = "dataset" if unused == ["--split"] else "JSON Lines, Parquet or dataset"
            self._note(f"{', '.join(unused)}: no {kinds} input was read, so {'it was' if len(unused) == 1 else 'they were'} not used")

    def _folder_items(self, item: _Input) -> Iterator[SourceItem]:
        skipped: list[str] = []
        found = False
        for path, first in walk_folder(item.path, self._note, skipped):
            found = True
            if first is None:
                yield from self._file_items(path, named=False)
            else:
                yield self._repeated_name_item(path, first)
        if skipped:
            example = ", ".join(skipped[:3])
            self._note(
                f"{item.given}: skipped {len(skipped)} file{'s' if len(skipped) != 1 else ''} that are not "
                f"{', '.join(FOLDER_SUFFIXES)} ({example}{', …' if len(skipped) > 3 else ''})"
            )
        if not found:
            yield SourceItem(item.given, item.given, error=f"folder holds no {', '.join(FOLDER_SUFFIXES)} files")

    def _glob_items(self, item: _Input) -> Iterator[SourceItem]:
        matches = sorted(glob.iglob(item.given, recursive=True))
        found = False
        owned: dict[Path, tuple[str, ...]] = {}
        noted: set[Path] = set()
        firsts: dict[tuple[Path, str, str], Path] = {}  # id key -> first match with it
        for match in matches:
            path = Path(match)
            if path.is_dir():
                continue
            if not path.is_file():
                self._note(f"{match}: skipped, {special_kind(path)} is not a regular file")
                continue
            owner = output_folder_of(path, owned)
            if owner is not None:
                if owner not in noted:
                    noted.add(owner)
                    self._note(f"{owner}: skipped its files that match, a songngu output folder's own files, not inputs")
                continue
            found = True
            first = firsts.setdefault((path.parent, *id_key(path.name, is_folder=False)), path)
            if first is path:
                yield from self._file_items(path, named=True)
            else:
                yield self._repeated_name_item(path, first)
        if not found:
            yield SourceItem(item.given, item.given, error="no files match this pattern")

    def _file_items(self, path: Path, *, named: bool) -> Iterator[SourceItem]:
        name = path.name.lower()
        if (named or name.endswith(FOLDER_SUFFIXES)) and not utf8_name(self._label(path)):
            yield undecodable_name_item(path, self._file_id(path), self._label(path))
        elif name.endswith(JSONL_SUFFIXES):
            yield from self._jsonl_items(path)
        elif name.endswith(PARQUET_SUFFIXES):
            yield from self._parquet_items(path)
        elif named or name.endswith(ARTICLE_SUFFIXES):
            yield SourceItem(self._file_id(path), self._label(path), path=str(path))

    def _jsonl_items(self, path: Path) -> Iterator[SourceItem]:
        """One item per non-blank line; a line that is not UTF-8 or not JSON is an error of its own, the others are kept.

        Consecutive lines that are not UTF-8 (what a damaged compressed file decodes to) are one error.
        """
        self._read["records"] = True
        file_id, label, shown = self._file_id(path), self._label(path), str(path)
        try:
            handle = _open_binary(path)
        except OSError as error:
            yield SourceItem(file_id, label, error=f"cannot be read: {error.strerror or error}", shown=shown)
            return
        number, failed = 0, None
        undecodable: tuple[int, int, str] | None = None  # first and last line of a run, why the first is not UTF-8
        first = True
        with handle:
            try:
                for number, raw in enumerate(handle, start=1):
                    try:
                        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                    except UnicodeDecodeError as error:
                        why = f"byte 0x{raw[error.start]:02X} at offset {error.start} of the line"
                        undecodable = (undecodable[0], number, undecodable[2]) if undecodable else (number, number, why)
                        continue
                    if undecodable:
                        yield _undecodable_lines(file_id, label, shown, *undecodable)
                        undecodable = None
                    if first and line.strip():  # a corpus without the field: one line, not one per record
                        first, missing = False, self._first_record_problem(line)
                        if missing:
                            yield SourceItem(file_id, label, error=f"first record: {missing}", shown=shown)
                            return
                    item = self._jsonl_item(line, raw, f"{file_id}:{number}", f"{label}:{number}", f"{shown}:{number}")
                    if item is not None:
                        yield item
            except (OSError, EOFError, zlib.error) as error:
                failed = SourceItem(f"{file_id}:{number + 1}", f"{label}:{number + 1}",
                                    error=f"cannot be read from this line on ({_reason(error)})", shown=f"{shown}:{number + 1}")
        if undecodable:
            yield _undecodable_lines(file_id, label, shown, *undecodable)
        if failed:
            yield failed

    def _first_record_problem(self, line: str) -> str | None:
        """What a JSON Lines file lacks, judged on its first record: a missing field, named with the fields it has."""
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            return None  # reported as that line's own error
        return self._missing_field(list(record)) if isinstance(record, dict) else None

    def _jsonl_item(self, line: str, raw: bytes, record_id: str, source: str, shown: str) -> SourceItem | None:
        if not line.strip():
            return None
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            return SourceItem(record_id, source, error=f"not valid JSON ({json_problem(error)})", shown=shown)
        except RecursionError:
            return SourceItem(record_id, source, error="cannot be read as JSON (nested too deeply)", shown=shown)
        except ValueError as error:  # an integer of thousands of digits
            return SourceItem(record_id, source, error=f"cannot be read as JSON ({_reason(error).split(':')[0]})", shown=shown)
        item = self._record_item(record, record_id, source, shown)
        if item.error is None and _SURROGATE_ESCAPE.search(raw):
            for field, value in ((self.text_field, item.text), (self.id_field, item.article_id if self.id_field else "")):
                surrogate = SURROGATE.search(value)
                if surrogate:
                    problem = f"field {field!r} holds a lone surrogate (\\u{ord(surrogate.group()):04x}), which is not text"
                    return SourceItem(record_id, source, error=problem, shown=shown)
        return item

    def _parquet_items(self, path: Path) -> Iterator[SourceItem]:
        """One item per row; a row group (or a row) that cannot be read is an error of its own, the others are kept."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._read["records"] = True
        file_id, label, shown = self._file_id(path), self._label(path), str(path)
        try:
            parquet = pq.ParquetFile(path)
        except Exception as error:  # pyarrow raises ArrowInvalid, OSError...
            yield SourceItem(file_id, label, error=f"not a readable Parquet file ({_reason(error)})", shown=shown)
            return
        names = parquet.schema_arrow.names
        missing = self._missing_field(names) or _not_a_text_column(parquet.schema_arrow, self.text_field)
        if missing:
            yield SourceItem(file_id, label, error=missing, shown=shown)
            return
        columns = [self.text_field] + ([self.id_field] if self.id_field else [])
        start = 0
        for group in range(parquet.metadata.num_row_groups):
            end = start + parquet.metadata.row_group(group).num_rows
            row = start
            try:
                for batch in parquet.iter_batches(columns=columns, batch_size=1024, row_groups=[group]):
                    for record, error in _batch_records(batch):
                        yield self._record_item(record, f"{file_id}:{row}", f"{label}:{row}", f"{shown}:{row}") if error is None else (
                            SourceItem(f"{file_id}:{row}", f"{label}:{row}", error=error, shown=f"{shown}:{row}"))
                        row += 1
            except (OSError, pa.ArrowException) as error:  # a damaged page
                if row < end:
                    rows = f"{row}" if row == end - 1 else f"{row}-{end - 1}"
                    problem = f"cannot be read, a damaged part of the file ({_reason(error)[:200]}); these rows are skipped"
                    yield SourceItem(f"{file_id}:{rows}", f"{label}:{rows}", error=problem, shown=f"{shown}:{rows}")
            start = end

    def _dataset_items(self, given: str, label: str, rows: Iterator[dict] | str) -> Iterator[SourceItem]:
        self._read.update(records=True, datasets=True)
        if isinstance(rows, str):
            yield SourceItem(given, given, error=rows)
            return
        file_id = given.removeprefix(HUB_PREFIX) if given.startswith(HUB_PREFIX) else self._file_id(Path(given))
        for index, record in enumerate(rows):
            missing = self._missing_field(list(record)) if index == 0 else None
            if missing:
                yield SourceItem(given, given, error=missing)
                return
            yield self._record_item(record, f"{file_id}:{index}", f"{label}:{index}", f"{given}:{index}")

    def _missing_field(self, names: Sequence[str]) -> str | None:
        """The message for a corpus whose first record (or schema) lacks the text or id field, else None."""
        for field, option in ((self.text_field, "--text-field"), (self.id_field, "--id-field")):
            if field and field not in names:
                return _missing_field_message(field, names, option)
        return None

    def _record_item(self, record: object, default_id: str, source: str, shown: str) -> SourceItem:
        if not isinstance(record, dict):
            return SourceItem(default_id, source, error="is not a JSON object", shown=shown)
        text = record.get(self.text_field)
        if self.id_field:
            value = record.get(self.id_field)
            if value is None or str(value).strip() == "":
                return SourceItem(default_id, source, error=f"has no {self.id_field!r} value", shown=shown)
            if isinstance(value, (dict, list, bool)) or not str(value).strip().isprintable():
                kind = {dict: "an object", list: "a list", bool: "true or false"}.get(type(value), "a line break or control character")
                return SourceItem(default_id, source, error=f"field {self.id_field!r} holds {kind}, not an id", shown=shown)
            article_id = str(value).strip()
        else:
            article_id = default_id
        if text is None:
            problem = f"field {self.text_field!r} is null" if self.text_field in record else f"has no {self.text_field!r} field"
            return SourceItem(article_id, source, error=problem, shown=shown)
        if not isinstance(text, str):
            return SourceItem(article_id, source, error=f"field {self.text_field!r} is not a string", shown=shown)
        return SourceItem(article_id, source, text=text, shown=shown)

    def _file_id(self, path: Path) -> str:
        return relative_id(path, self.base)

    def _repeated_name_item(self, path: Path, first: Path) -> SourceItem:
        """The error item of a file or folder whose ids would repeat those of ``first``, listed before it."""
        return SourceItem(self._file_id(path), self._label(path), error=repeated_name_problem(path, first, self._label(first)),
                          shown=str(path))

    def _label(self, path: Path) -> str:
        return relative_path(Path(os.path.abspath(path)), self._label_base)


def _not_a_text_column(schema, field: str) -> str | None:
    """The message for a Parquet file whose ``field`` column is not text (one line for the file, not one a row), else None."""
    import pyarrow as pa

    kind = schema.field(field).type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or getattr(pa.types, "is_string_view", lambda _: False)(kind):
        return None
    return f"column {field!r} holds {kind}, not text (choose the text column with --text-field)"


# --- classification and walking ------------------------------------------------------------------

def _classify(given: str) -> _Input:
    if given.startswith(HUB_PREFIX):
        return _Input(given, "hub", None, None)
    path = Path(given).expanduser()
    absolute = Path(os.path.abspath(path))
    if path.is_dir():
        if (path / "dataset_info.json").is_file() or (path / "state.json").is_file() or (path / "dataset_dict.json").is_file():
            return _Input(given, "saved-dataset", path, absolute.parent)
        return _Input(given, "folder", path, absolute)
    if path.is_file():
        return _Input(given, "file", path, absolute.parent)
    if path.exists():
        return _Input(given, "special", path, None)
    if not path.is_symlink() and glob.has_magic(given):
        return _Input(given, "glob", None, glob_root(given))
    return _Input(given, "missing", path, None)


def undecodable_name_item(path: Path, article_id: str, source: str) -> SourceItem:
    """The error item of an input whose name (or a folder's above it, up to the inputs' base) is not valid
    UTF-8: refused before any work, as no row can hold its id or source; its names are shown escaped."""
    return SourceItem(printable(article_id), printable(source), error=NAME_NOT_UTF8, shown=printable(str(path)))


def _place(item: SourceItem) -> tuple[str, int | None]:
    """The file (as the user gave it) an item comes from, and its line or row for a corpus record (else None)."""
    if item.shown is not None:
        file, _, at = item.shown.rpartition(":")
        if file and at.isdigit():
            return file, int(at)
    return item.name, None


def _repeat_problem(article_id: str, file: str, line: int | None, first_file: str, first_line: int | None) -> str:
    """Why an item whose id an earlier one has is refused, naming where that id was first seen."""
    if file == first_file and line is not None and first_line is not None and first_line < line:
        unit = "line" if file.lower().endswith(JSONL_SUFFIXES) else "row"
        return f"article id {article_id!r} repeats {unit} {first_line}"
    first = first_file if first_line is None else f"{first_file}:{first_line}"
    return f"article id {article_id!r} is already used by {first}"


def _open_binary(path: Path) -> io.BufferedIOBase:
    """A JSON Lines file for reading line by line as bytes (each line is decoded on its own)."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _undecodable_lines(file_id: str, label: str, shown: str, first: int, last: int, why: str) -> SourceItem:
    """The error item of lines ``first``-``last`` of a JSON Lines file, which are not UTF-8."""
    if first == last:
        return SourceItem(f"{file_id}:{first}", f"{label}:{first}", error=f"not valid UTF-8 ({why}); the line is skipped",
                          shown=f"{shown}:{first}")
    lines = f"{first}-{last}"
    return SourceItem(f"{file_id}:{lines}", f"{label}:{lines}",
                      error=f"not valid UTF-8 ({last - first + 1} lines in a row, the first with {why}: a damaged file?); these lines are skipped",
                      shown=f"{shown}:{lines}")


def _batch_records(batch) -> Iterator[tuple[dict | None, str | None]]:
    """The records of a Parquet record batch, each with None, or None with why it cannot be read
    (a string that is not valid UTF-8): one bad value costs one record."""
    try:
        records = batch.to_pylist()
    except (UnicodeDecodeError, ValueError):
        records = None
    if records is not None:
        for record in records:
            yield record, None
        return
    for index in range(batch.num_rows):
        try:
            yield batch.slice(index, 1).to_pylist()[0], None
        except (UnicodeDecodeError, ValueError) as error:
            yield None, f"cannot be read ({_reason(error)[:200]}); the row is skipped"


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _missing_field_message(field: str, names: Sequence[str], option: str) -> str:
    if {"article_id", "translation"} <= set(names):  # what `songngu export -f jsonl` writes
        return (f"no field {field!r}: its records are songngu's exported pairs, not articles; "
                "move the export out of the input folder (or leave the file out)")
    return f"no field {field!r} (fields: {', '.join(map(str, names)) or 'none'}); choose one with {option}"


def _load_saved_dataset(path: Path, split: str) -> Iterator[dict] | str:
    import datasets

    try:
        loaded = datasets.load_from_disk(str(path))
    except Exception as error:  # datasets raises FileNotFoundError, ValueError...
        return f"cannot load the saved dataset ({_reason(error)})"
    if isinstance(loaded, datasets.DatasetDict):
        if split not in loaded:
            return f"has no split {split!r} (splits: {', '.join(loaded)}); choose one with --split"
        loaded = loaded[split]
    elif split != DEFAULT_SPLIT and str(loaded.split or "") != split:  # a --split the user gave would be ignored
        own = f" (saved as split {str(loaded.split)!r})" if loaded.split else ""
        return f"is one dataset{own}, not one with splits to choose from: leave out --split {split}"
    return iter(loaded)


def _stream_hub_dataset(given: str, split: str) -> Iterator[dict] | str:
    import datasets

    name = given.removeprefix(HUB_PREFIX).strip("/")
    revision = None
    if "@" in name:
        name, revision = name.split("@", 1)
    from songngu.reach import hub_endpoint, unreachable_hub

    unreachable = unreachable_hub()
    if unreachable is not None:
        return (
            f"cannot reach the Hugging Face Hub at {hub_endpoint()} ({unreachable}); stream it while online, "
            "or give a folder saved with datasets' save_to_disk"
        )
    try:
        return iter(datasets.load_dataset(name, split=split, streaming=True, revision=revision))
    except Exception as error:  # network, missing repo or split: one line
        return f"cannot stream from the Hub ({_reason(error)})"


def _count_input(item: _Input, corpus: Corpus) -> int | None:
    if item.kind in ("missing", "special"):
        return 1
    if item.kind == "file":
        return _count_file(item.path, corpus)
    if item.kind == "folder":
        counted = 0
        for path, first in walk_folder(item.path, lambda line: None, []):
            one = _count_file(path, corpus) if first is None else 1
            if one is None:
                return None
            counted += one
        return counted or 1
    if item.kind == "glob":
        return sum(1 for match in glob.iglob(item.given, recursive=True) if Path(match).is_file()) or 1
    return None


def _count_file(path: Path, corpus: Corpus) -> int | None:
    name = path.name.lower()
    try:
        if name.endswith(JSONL_SUFFIXES):
            with _open_binary(path) as handle:
                return sum(1 for line in handle if line.strip())
        if name.endswith(PARQUET_SUFFIXES):
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
    except Exception:  # counting is only for the progress bar
        return None
    return 1
