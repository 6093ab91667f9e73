"""``songngu align``: Vietnamese articles with their English versions into an output folder of pairs."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import songngu
from songngu.errors import InputError, ModelNotAvailableError, UsageError, printable
from songngu.export.manifest import WORK_DIR
from songngu.export.output import check_output_path
from songngu.paths import given_path
from songngu.run.driver import Report, RunOptions, RunSetup, run_corpus
from songngu.run.engines import EngineOptions, engine_options, make_engine
from songngu.run.folders import ARTICLE_SUFFIXES, relative_id, relative_label, repeated_name_problem, utf8_name, walk_files
from songngu.run.sources import SourceItem, missing_problem, undecodable_name_item
from songngu.run.stages import ChunkJob, PreparedChunk, finish_alignment, prepare_alignment
from songngu.run.summary import RunSummary
from songngu.run.work import ChunkWork, TranslateSpec
from songngu.translate.base import ProgressCallback, Translation, describe

Pair = tuple[SourceItem, SourceItem | None]


def article_pairs(vi_input: Path, en_input: Path, note: Report | None = None) -> Iterator[Pair]:
    """Two files, or two folders whose article files match by relative path, as (Vietnamese, English) items.

    A file with no counterpart on the other side is an item carrying that error. Ids are the
    Vietnamese file's path relative to its folder (or its stem), as ``translate`` makes them.
    """
    note = note or (lambda line: None)
    if vi_input.is_file() and en_input.is_file():
        yield _item(vi_input, vi_input.parent), _item(en_input, en_input.parent)
        return
    for path in (vi_input, en_input):
        if not path.exists():
            raise InputError(path, missing_problem(str(path)))  # an input, as for translate (exit 1)
    if not (vi_input.is_dir() and en_input.is_dir()):
        kind = "folder" if vi_input.is_dir() else "file"
        raise UsageError(f"{vi_input}: pair it with a {kind} ({en_input} is not one)")
    for folder in (vi_input, en_input):
        if not utf8_name(Path(os.path.abspath(folder)).name):
            yield undecodable_name_item(folder, folder.name, folder.name), None
            return
    for path, first in walk_files(vi_input, ARTICLE_SUFFIXES, note):
        counterpart = en_input / path.relative_to(vi_input)
        if first is not None:
            problem = repeated_name_problem(path, first, str(first))
            yield SourceItem(relative_id(path, vi_input), relative_label(path, vi_input), error=problem, shown=str(path)), None
        elif counterpart.is_file():
            yield _item(path, vi_input), _item(counterpart, en_input)
        else:
            yield SourceItem(relative_id(path, vi_input), str(path), error=f"no English file {counterpart}"), None
    for path, _ in walk_files(en_input, ARTICLE_SUFFIXES, lambda line: None):
        counterpart = vi_input / path.relative_to(en_input)
        if not counterpart.is_file():
            yield SourceItem(relative_id(path, en_input), str(path), error=f"no Vietnamese file {counterpart}"), None


def _item(path: Path, base: Path) -> SourceItem:
    article_id, source = relative_id(path, base), relative_label(path, base)
    if not utf8_name(source):
        return undecodable_name_item(path, article_id, source)
    return SourceItem(article_id, source, path=str(path))


def align_files(
    vi_input: str | Path,
    en_input: str | Path,
    out: str | Path,
    *,
    bridge_model: str | None = None,
    backend: str = "auto",
    filter_pairs: bool = False,
    engine: EngineOptions | str = EngineOptions(),
    overwrite: bool = False,
    show_progress: bool = True,
    on_error: Report | None = None,
    on_note: Report | None = None,
) -> RunSummary:
    """Align each Vietnamese article with its English version and write the output folder ``out``.

    ``bridge_model`` machine-translates the Vietnamese first so the aligner can compare that
    with the English. ``filter_pairs`` keeps only rows passing the quality thresholds and
    writes the others to ``dropped.jsonl`` with their reasons. Unreadable or unmatched files
    are reported and skipped.
    """
    engine = engine_options(engine)
    from songngu.translate import load_translator, resolve_model

    vi_input, en_input = given_path(vi_input, "vi_input"), given_path(en_input, "en_input")
    out = check_output_path(given_path(out, "out"))
    pairs = article_pairs(vi_input, en_input, on_note)
    first = next(pairs, None)
    if first is None:
        raise UsageError(f"{vi_input}: holds no {', '.join(ARTICLE_SUFFIXES)} files")
    if bridge_model:
        try:
            resolve_model(bridge_model)
        except ModelNotAvailableError as error:
            raise error.naming("bridge_model=PATH") from None
    runner = make_engine(engine)
    spec = TranslateSpec(bridge_model, backend, None, None, None, None, None) if bridge_model else None

    @contextmanager
    def setup() -> Iterator[RunSetup]:
        bridge = load_translator(bridge_model, backend=backend) if bridge_model else None
        info = describe(bridge) if bridge else None
        job = ChunkJob(out / WORK_DIR, filter_rows=filter_pairs, translator=info)

        def translate_here(prepared: PreparedChunk, on_progress: ProgressCallback) -> list[Translation]:
            if bridge is None or not prepared.texts:
                return []
            prepared.translated = len(prepared.texts)
            return bridge.translate(prepared.texts, on_progress=on_progress)

        work = ChunkWork(partial(prepare_alignment, job=job), partial(finish_alignment, job=job), translate_here, spec)
        bridge_fields = {"bridge_model": info.model_name if info else None, "bridge_revision": info.model_revision if info else None}
        key = {
            "command": "align", "inputs": [printable(os.path.abspath(vi_input)), printable(os.path.abspath(en_input))], "chunk_size": engine.chunk_size,
            "bridge": None if info is None else {**bridge_fields, "settings": info.settings}, "filter": filter_pairs,
            "songngu_version": songngu.__version__,
        }
        manifest = {
            "command": "align", "model": "reference", "model_revision": "", "backend": "alignment",
            "settings": {**bridge_fields, "engine": runner.name}, "inputs": [printable(str(vi_input)), printable(str(en_input))], "filtered": filter_pairs,
        }
        yield RunSetup(key, work, manifest)

    def everything() -> Iterator[Pair]:
        yield first
        yield from pairs

    return run_corpus(
        RunOptions(out, overwrite, show_progress, on_error, on_note),
        setup=setup,
        items=everything(),
        count=lambda: sum(1 for _ in article_pairs(vi_input, en_input)),
        engine=runner,
        chunk_size=engine.chunk_size,
        filtered=filter_pairs,
        description="aligning",
    )
