"""The Python API: articles in, their segments with English out.

The options are the command line's (``songngu translate``) under their Python names:
``model``, ``backend``, ``device``, ``compute_type``, ``num_beams`` (``--beams``),
``batch_size``, ``translate_kinds`` (``--translate``), ``context``, ``memory``
(``--memory PATH``; False is ``--no-memory``; None, the default, is the user cache's memory),
``glossary`` (``--glossary FILE``), ``keep_names`` (``--keep-names``) and ``threads`` (``--threads``:
a ``songngu.translate.threads.ThreadSplit``).
"""
from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from songngu.errors import UsageError
from songngu.run.assemble import assemble, check_context, segment_text, texts_to_translate
from songngu.run.stages import missing_terms_of
from songngu.run.translation import as_glossary, check_kinds
from songngu.text.segments import DEFAULT_TRANSLATED_KINDS
from songngu.translate import Translator, load_translator
from songngu.translate.article import TranslatedArticle, TranslatedSegment
from songngu.translate.base import ProgressCallback, describe
from songngu.translate.forcing import enforce_terms
from songngu.translate.glossary import Glossary
from songngu.translate.loader import DEFAULT_BACKEND
from songngu.translate.memory import memory_location, open_memory, translate_with_memory
from songngu.translate.threads import ThreadSplit

__all__ = ["TranslatedArticle", "TranslatedSegment", "translate_article", "translate_articles"]


def translate_article(
    text: str,
    *,
    article_id: str = "article",
    model: str | Path | None = None,
    translator: Translator | None = None,
    translate_kinds: Collection[str] = DEFAULT_TRANSLATED_KINDS,
    backend: str = DEFAULT_BACKEND,
    device: str | None = None,
    compute_type: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
    context: str = "sentence",
    memory: str | Path | None | bool = None,
    on_progress: ProgressCallback | None = None,
    glossary: str | Path | Glossary | None = None,
    keep_names: bool = False,
    threads: ThreadSplit | None = None,
) -> TranslatedArticle:
    """Segment one Vietnamese article and translate it to English.

    Returns the article's pairs in order, each with its position (paragraph, sentence,
    character span in the NFC-normalised text), its label and its English. ``model`` is a
    short name, a cached hub id or a local directory; the loaded model is reused by later
    calls with the same settings. Pass ``translator`` to reuse one explicitly.
    ``context="paragraph"`` translates each paragraph's sentences together and aligns the
    English back to them (``songngu.run.context``).
    """
    if not isinstance(text, str):
        raise UsageError(f"text: {_not_text(text)}")
    return translate_articles(
        {article_id: text},
        model=model,
        translator=translator,
        translate_kinds=translate_kinds,
        backend=backend,
        device=device,
        compute_type=compute_type,
        num_beams=num_beams,
        batch_size=batch_size,
        context=context,
        memory=memory,
        on_progress=on_progress,
        glossary=glossary,
        keep_names=keep_names,
        threads=threads,
    )[article_id]


def translate_articles(
    articles: Mapping[str, str] | Iterable[str],
    *,
    model: str | Path | None = None,
    translator: Translator | None = None,
    translate_kinds: Collection[str] = DEFAULT_TRANSLATED_KINDS,
    backend: str = DEFAULT_BACKEND,
    device: str | None = None,
    compute_type: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
    context: str = "sentence",
    memory: str | Path | None | bool = None,
    on_progress: ProgressCallback | None = None,
    glossary: str | Path | Glossary | None = None,
    keep_names: bool = False,
    threads: ThreadSplit | None = None,
) -> dict[str, TranslatedArticle]:
    """Translate many articles with one model, batching sentences across articles.

    ``articles`` maps article ids to texts, or is a sequence of texts (ids ``article-0``…).
    Returns the translated articles by id, in input order. Each distinct sentence is
    translated once, however often it occurs. ``glossary`` (a TSV/CSV file or a ``Glossary``)
    names Vietnamese terms whose English every translation must carry; ``keep_names`` forces
    names the English lost back in (see ``songngu.translate.forcing``).
    """
    kinds = check_kinds(translate_kinds)
    check_context(context)
    terms = as_glossary(glossary)
    if isinstance(articles, (str, bytes)):
        raise UsageError("articles: give a mapping of ids to texts, or a list of texts (translate_article takes one text)")
    named = list(articles.items() if isinstance(articles, Mapping) else ((f"article-{i}", text) for i, text in enumerate(articles)))
    for article_id, text in named:
        if not isinstance(text, str):
            raise UsageError(f"articles[{article_id!r}]: {_not_text(text)}")
    segmented = [segment_text(article_id, text) for article_id, text in named]
    translator = translator or load_translator(
        model, backend=backend, device=device, num_beams=num_beams, batch_size=batch_size, compute_type=compute_type,
        threads=threads,
    )
    texts = texts_to_translate(segmented, kinds, context)
    model_dir = Path(model).expanduser() if model is not None and Path(model).expanduser().is_dir() else None
    with open_memory(memory_location(memory)) as store:
        result = translate_with_memory(translator, texts, store, on_progress=on_progress, model_dir=model_dir)
    translations = result.translations
    missing = missing_terms_of(terms, keep_names)
    if missing is not None:
        translations, _ = enforce_terms(translator, texts, translations, missing)
    translated = assemble(segmented, dict(zip(texts, translations)), describe(translator), kinds, context)
    return {article.article_id: article for article in translated}


def _not_text(value: object) -> str:
    """Why ``value`` is not an article's text, and what to give instead."""
    hint = " (read the file first: Path(...).read_text())" if isinstance(value, (Path, os.PathLike)) \
        else " (decode it first: data.decode())" if isinstance(value, (bytes, bytearray)) else ""
    return f"give the article's text as a str, not {type(value).__name__}{hint}"
