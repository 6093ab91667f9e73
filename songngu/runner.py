"""Batch translation of article files into an output folder: what ``songngu translate`` runs."""
from __future__ import annotations

import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import songngu
from songngu.errors import InputError
from songngu.inputs import article_ids, find_inputs
from songngu.progress import progress_bar
from songngu.text.segments import DEFAULT_TRANSLATED_KINDS

if TYPE_CHECKING:
    from songngu.translate.memory import TranslationMemory


@dataclass
class RunSummary:
    """What a batch run did: counts, time taken, and the inputs it could not use."""

    articles: int = 0
    segments: int = 0
    pairs: int = 0
    translated_sentences: int = 0
    from_memory: int = 0
    seconds: float = 0.0
    errors: list[InputError] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        failed = f", {len(self.errors)} inputs failed" if self.errors else ""
        return (
            f"{self.articles} articles, {self.segments} segments, {self.pairs} pairs, "
            f"{self.translated_sentences} sentences translated, {self.from_memory} from memory, "
            f"in {self.seconds:.1f} s{failed}"
        )


def translate_files(
    inputs: list[str],
    out_dir: Path,
    *,
    model: str | None = None,
    backend: str = "auto",
    device: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
    compute_type: str | None = None,
    memory: str | Path | None | bool = None,
    translate_kinds: Collection[str] = DEFAULT_TRANSLATED_KINDS,
    context: str = "sentence",
    filter_pairs: bool = False,
    show_progress: bool = True,
    on_error=None,
) -> RunSummary:
    """Translate every article file named by ``inputs`` and write the dataset to ``out_dir``.

    The model is located first, so a missing model fails before any work. Files that
    cannot be read are reported through ``on_error`` and in the summary; the others
    still run. Nothing is written when no input could be read.

    ``memory`` is the translation memory file (None: ``user_cache_dir()/memory.sqlite``;
    False: none). Each sentence is saved there as soon as it is translated, so a run that
    is killed and started again with the same arguments translates only what is left.
    ``filter_pairs`` keeps the rows that pass the quality thresholds and writes the
    others to ``dropped.jsonl`` with their reasons.
    """
    from songngu.translate import resolve_model

    started = time.perf_counter()
    summary = RunSummary()
    resolved = resolve_model(model)

    from songngu.export.output import write_output
    from songngu.export.rows import count_pairs, rows_of
    from songngu.pipeline import assemble, segment_articles, texts_to_translate
    from songngu.text import read_article
    from songngu.translate import load_translator
    from songngu.translate.memory import translate_with_memory

    found = find_inputs(inputs)
    texts: dict[str, str] = {}
    for error in found.errors:
        _report(summary, error, on_error)
    for path, article_id in zip(found.files, article_ids(found.files)):
        try:
            texts[article_id] = read_article(path).text
        except InputError as error:
            _report(summary, error, on_error)
    if not texts:
        summary.seconds = time.perf_counter() - started
        return summary
    segmented = segment_articles(texts)
    translator = load_translator(
        model, backend=backend, device=device, num_beams=num_beams, batch_size=batch_size, compute_type=compute_type
    )
    kinds = frozenset(translate_kinds)
    sentences = texts_to_translate(segmented, kinds, context)
    with _open_memory(memory) as store, progress_bar(len(sentences), "translating", enabled=show_progress) as advance:
        result = translate_with_memory(translator, sentences, store, on_progress=advance, model_dir=resolved.path)
    translations = dict(zip(sentences, result.translations))
    articles = assemble(segmented, translations, translator, kinds, context)
    rows = rows_of(articles)
    dropped = None
    if filter_pairs:
        from songngu.align.filtering import filter_rows

        rows, dropped = filter_rows(rows)
    summary.articles = len(articles)
    summary.segments = len(rows) + len(dropped or [])
    summary.pairs = count_pairs(rows)
    summary.translated_sentences = result.translated
    summary.from_memory = result.from_memory
    run = run_record(
        summary,
        model=translator.model_name,
        model_revision=translator.model_revision,
        backend=translator.backend,
        settings={**translator.settings(), "translated_kinds": sorted(kinds), "context": context},
        articles=[article.article_id for article in articles],
        dropped=dropped,
    )
    write_output(out_dir, rows, run, dropped)
    summary.seconds = time.perf_counter() - started
    return summary


def run_record(
    summary: RunSummary,
    *,
    model: str,
    model_revision: str,
    backend: str,
    settings: dict,
    articles: list[str],
    dropped: list[dict] | None,
) -> dict:
    """The ``run.json`` of an output folder: what made it, with which settings, and the counts."""
    return {
        "songngu_version": songngu.__version__,
        "model": model,
        "model_revision": model_revision,
        "backend": backend,
        "settings": settings,
        "articles": articles,
        "counts": {
            "articles": summary.articles,
            "segments": summary.segments,
            "pairs": summary.pairs,
            "dropped": len(dropped) if dropped is not None else 0,
        },
        "filtered": dropped is not None,
        "failed_inputs": [str(error) for error in summary.errors],
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


@contextmanager
def _open_memory(memory: str | Path | None | bool) -> Iterator[TranslationMemory | None]:
    """The translation memory a run uses: the given file, the default one (None), or none (False)."""
    if memory is False:
        yield None
        return
    from songngu.translate.memory import TranslationMemory

    with TranslationMemory(None if memory is None or memory is True else memory) as store:
        yield store


def _report(summary: RunSummary, error: InputError, on_error) -> None:
    summary.errors.append(error)
    if on_error:
        on_error(error)
