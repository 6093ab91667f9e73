"""Batch translation of article files into an output folder: what ``songngu translate`` runs."""
from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import songngu
from songngu.errors import InputError
from songngu.inputs import article_ids, find_inputs
from songngu.progress import progress_bar
from songngu.text.segments import DEFAULT_TRANSLATED_KINDS


@dataclass
class RunSummary:
    """What a batch run did: counts, time taken, and the inputs it could not use."""

    articles: int = 0
    segments: int = 0
    pairs: int = 0
    translated_sentences: int = 0
    seconds: float = 0.0
    errors: list[InputError] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        failed = f", {len(self.errors)} inputs failed" if self.errors else ""
        return (
            f"{self.articles} articles, {self.segments} segments, {self.pairs} pairs, "
            f"{self.translated_sentences} sentences translated in {self.seconds:.1f} s{failed}"
        )


def translate_files(
    inputs: list[str],
    out_dir: Path,
    *,
    model: str | None = None,
    backend: str = "transformers",
    device: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
    translate_kinds: Collection[str] = DEFAULT_TRANSLATED_KINDS,
    context: str = "sentence",
    show_progress: bool = True,
    on_error=None,
) -> RunSummary:
    """Translate every article file named by ``inputs`` and write the dataset to ``out_dir``.

    The model is located first, so a missing model fails before any work. Files that
    cannot be read are reported through ``on_error`` and in the summary; the others
    still run. Nothing is written when no input could be read.
    """
    from songngu.translate import resolve_model

    started = time.perf_counter()
    summary = RunSummary()
    resolve_model(model)

    from songngu.export.output import write_output
    from songngu.export.rows import count_pairs, rows_of
    from songngu.pipeline import assemble, segment_articles, texts_to_translate
    from songngu.text import read_article
    from songngu.translate import load_translator

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
    translator = load_translator(model, backend=backend, device=device, num_beams=num_beams, batch_size=batch_size)
    kinds = frozenset(translate_kinds)
    sentences = texts_to_translate(segmented, kinds, context)
    with progress_bar(len(sentences), "translating", enabled=show_progress) as advance:
        translations = dict(zip(sentences, translator.translate(sentences, on_progress=advance)))
    articles = assemble(segmented, translations, translator, kinds, context)
    rows = rows_of(articles)
    summary.articles = len(articles)
    summary.segments = len(rows)
    summary.pairs = count_pairs(rows)
    summary.translated_sentences = len(sentences)
    run = {
        "songngu_version": songngu.__version__,
        "model": translator.model_name,
        "model_revision": translator.model_revision,
        "backend": translator.backend,
        "settings": {**translator.settings(), "translated_kinds": sorted(kinds), "context": context},
        "articles": [article.article_id for article in articles],
        "counts": {"articles": summary.articles, "segments": summary.segments, "pairs": summary.pairs},
        "failed_inputs": [str(error) for error in summary.errors],
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    write_output(out_dir, rows, run)
    summary.seconds = time.perf_counter() - started
    return summary


def _report(summary: RunSummary, error: InputError, on_error) -> None:
    summary.errors.append(error)
    if on_error:
        on_error(error)
