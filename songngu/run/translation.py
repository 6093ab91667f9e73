"""``songngu translate``: a corpus of Vietnamese articles into an output folder of sentence pairs."""
from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial
from pathlib import Path

import songngu
from songngu.errors import UsageError, printable
from songngu.export.manifest import WORK_DIR
from songngu.export.output import check_output_path
from songngu.paths import given_path
from songngu.run.assemble import check_context
from songngu.run.driver import Report, RunOptions, RunSetup, run_corpus
from songngu.run.engines import EngineOptions, engine_options, make_engine
from songngu.run.sources import DEFAULT_SPLIT, Corpus
from songngu.run.stages import ChunkJob, PreparedChunk, finish_translation, missing_terms_of, prepare_translation, translate_prepared
from songngu.run.summary import RunSummary
from songngu.run.work import ChunkWork, TranslateSpec
from songngu.text.segments import DEFAULT_TRANSLATED_KINDS, KINDS
from songngu.translate.base import ProgressCallback, Translation, describe
from songngu.translate.glossary import Glossary, load_glossary
from songngu.translate.loader import DEFAULT_BACKEND
from songngu.translate.memory import local_model_fingerprint, memory_location, open_memory
from songngu.translate.threads import ThreadSplit


def check_kinds(kinds: Collection[str]) -> frozenset[str]:
    """The segment kinds to translate (one kind may be given as a string), refusing unknown ones (the API's
    ``translate_kinds``: the command line's ``--translate`` checks its choices itself)."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise UsageError(f"translate_kinds: unknown kind {unknown[0]!r} (kinds: {', '.join(KINDS)})")
    if not kinds:
        raise UsageError(f"translate_kinds: name at least one kind ({', '.join(KINDS)})")
    return frozenset(kinds)


def translate_files(
    inputs: Sequence[str],
    out: str | Path,
    *,
    model: str | None = None,
    backend: str = DEFAULT_BACKEND,
    device: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
    compute_type: str | None = None,
    memory: str | Path | None | bool = None,
    translate_kinds: Collection[str] = DEFAULT_TRANSLATED_KINDS,
    context: str = "sentence",
    filter_pairs: bool = False,
    text_field: str | None = None,
    id_field: str | None = None,
    split: str = DEFAULT_SPLIT,
    engine: EngineOptions | str = EngineOptions(),
    glossary: str | Path | Glossary | None = None,
    keep_names: bool = False,
    threads: ThreadSplit | None = None,
    overwrite: bool = False,
    show_progress: bool = True,
    on_error: Report | None = None,
    on_note: Report | None = None,
) -> RunSummary:
    """Translate every article ``inputs`` name and write the output folder ``out``.

    ``inputs`` are article files, folders, globs, JSON Lines / Parquet corpora (``text_field``,
    ``id_field``) or datasets (see :mod:`songngu.run.sources`). The output folder is checked
    and the model located first, so a bad folder or a missing model fails before any work.
    Inputs that cannot be read are reported through ``on_error`` and in the summary; the
    others still run. ``memory`` is the translation memory file (None: the user cache's;
    False: none). A run that is interrupted and started again with the same arguments keeps
    its finished chunks. ``engine`` says which engine runs it and how (:class:`EngineOptions`).
    ``glossary`` (a TSV/CSV file or a :class:`Glossary`) names terms every translation must carry;
    ``keep_names`` forces names the English lost back in (:func:`missing_terms_of`).
    ``threads`` splits the CPU between parallel CTranslate2 translators and their threads
    (local engine; default: chosen from the cores, see ``songngu.translate.threads``).
    """
    from songngu.translate import load_translator, resolve_model
    from songngu.translate.licence import model_licence
    from songngu.translate.loader import checked_threads

    if isinstance(inputs, (str, Path)):  # one path, not a sequence of one-character inputs
        inputs = [str(inputs)]
    if isinstance(inputs, (bytes, bytearray)) or not isinstance(inputs, Iterable):
        given_path(inputs, "inputs")  # refuses bytes, None and other non-paths in one line
    inputs = list(inputs)
    for given in inputs:
        given_path(given, "inputs")
    inputs = [os.fspath(given) for given in inputs]
    engine = engine_options(engine)
    kinds = check_kinds(translate_kinds)
    check_context(context)
    terms = as_glossary(glossary)
    out = check_output_path(given_path(out, "out"))
    corpus = Corpus(inputs, text_field=text_field, id_field=id_field, split=split, note=on_note)
    runner = make_engine(engine)
    if threads is not None and engine.name != "local":
        raise UsageError("--threads is for --engine local; each Ray actor splits its --actor-threads the same way")
    threads = checked_threads(threads)
    resolved = resolve_model(model)
    memory_path = memory_location(memory)
    spec = TranslateSpec(
        str(resolved.path) if Path(str(model or "")).expanduser().is_dir() else model,
        backend, device, num_beams, batch_size, compute_type, str(memory_path) if memory_path else None, terms, keep_names,
    )
    missing = missing_terms_of(terms, keep_names)

    @contextmanager
    def setup() -> Iterator[RunSetup]:
        with open_memory(memory_path) as store:
            translator = load_translator(
                model, backend=backend, device=device, num_beams=num_beams, batch_size=batch_size, compute_type=compute_type,
                threads=threads,
            )
            info = describe(translator)
            job = ChunkJob(out / WORK_DIR, kinds, context, filter_pairs, info, terms)

            def translate_here(prepared: PreparedChunk, on_progress: ProgressCallback) -> list[Translation]:
                return translate_prepared(translator, store, prepared, resolved.path, on_progress, missing)

            work = ChunkWork(
                partial(prepare_translation, job=job), partial(finish_translation, job=job), translate_here, spec,
            )
            key = {
                "command": "translate",
                "inputs": [printable(_absolute(given)) for given in inputs],
                "text_field": text_field, "id_field": id_field, "split": split, "chunk_size": engine.chunk_size,
                "translator": {**asdict(info), "settings": _output_settings(info.settings)},
                "model_files": local_model_fingerprint(resolved.path) if info.model_revision == "local" else None,
                "translate_kinds": sorted(kinds), "context": context, "filter": filter_pairs,
                "songngu_version": songngu.__version__,
                **({"glossary": terms.digest} if terms is not None else {}), **({"keep_names": True} if keep_names else {}),
            }
            manifest = {
                "command": "translate",
                "model": info.model_name,
                "model_revision": info.model_revision,
                "model_licence": model_licence(resolved.path, resolved.name),
                "backend": info.backend,
                "settings": {
                    **info.settings, "translated_kinds": sorted(kinds), "context": context, "engine": runner.name,
                    **({"glossary": terms.card()} if terms is not None else {}), **({"keep_names": True} if keep_names else {}),
                },
                "inputs": [printable(given) for given in inputs],
                "filtered": filter_pairs,
            }
            yield RunSetup(key, work, manifest, memory_path if store is not None else None)

    return run_corpus(
        RunOptions(out, overwrite, show_progress, on_error, on_note),
        setup=setup,
        items=corpus,
        count=corpus.count,
        engine=runner,
        chunk_size=engine.chunk_size,
        filtered=filter_pairs,
        description="translating",
    )


def as_glossary(glossary: str | Path | Glossary | None) -> Glossary | None:
    """``glossary`` loaded when it names a file (a bad file is a usage error, exit 2)."""
    if glossary is None or isinstance(glossary, Glossary):
        return glossary
    return load_glossary(glossary)


def _output_settings(settings: dict) -> dict:
    """The settings a resumed run must share with the first (not ``threads``: it changes speed, not rows)."""
    return {name: value for name, value in settings.items() if name != "threads"}


def _absolute(given: str) -> str:
    return given if "://" in given else os.path.abspath(os.path.expanduser(given))
