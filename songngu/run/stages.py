"""The work on one chunk of articles, in the three steps every engine runs.

1. :func:`prepare_translation` (any CPU worker): read, normalise, segment and label the chunk's
   articles; list the distinct texts the model must translate.
2. :func:`translate_prepared` (where the model is): those texts through the translation memory and
   the model, into :class:`Translation`\\ s.
3. :func:`finish_translation` (any CPU worker): give each segment its English, build the rows,
   score their quality signals, filter, and write the chunk's shard.

``prepare_alignment`` / ``finish_alignment`` do the same for ``songngu align``: articles with an
English version, where step 2 is the optional bridge translation. Every function here takes
and returns plain data, so the local engine's process pool and Ray can run them unchanged.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from songngu.align.names import missing_names
from songngu.errors import InputError
from songngu.run.assemble import SegmentedArticle, assemble, segment_text, texts_to_translate
from songngu.run.fingerprint import inputs_digest
from songngu.run.sources import SourceItem
from songngu.testpoint import pause_point
from songngu.text.patterns import vietnamese_word_share
from songngu.translate.base import ProgressCallback, Translation, Translator, TranslatorInfo
from songngu.translate.forcing import MissingTerms, enforce_terms
from songngu.translate.glossary import Glossary, Term
from songngu.translate.memory import TranslationMemory, translate_with_memory


@dataclass(frozen=True)
class ChunkJob:
    """What every chunk of one run shares."""

    work_dir: Path
    translate_kinds: frozenset[str] = frozenset()
    context: str = "sentence"
    filter_rows: bool = False
    translator: TranslatorInfo | None = None
    glossary: Glossary | None = None


@dataclass
class PreparedChunk:
    """A chunk after step 1: its articles segmented, the inputs that failed, the texts to translate.

    ``inputs`` is the digest of the chunk's items as step 1 found them (:mod:`songngu.run.fingerprint`),
    which its record keeps so a resumed run can tell whether the inputs changed since.
    ``translated`` and ``from_memory`` are filled in by step 2 (sentences sent to the model, and
    sentences the translation memory or an earlier copy answered), and ``retranslated`` (sentences
    translated again to force required terms in).
    """

    index: int
    articles: list[Any]
    errors: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    inputs: str = ""
    translated: int = 0
    from_memory: int = 0
    retranslated: int = 0


def read_item(item: SourceItem) -> str:
    """The normalised text of one source item (see ``songngu.text.normalize_text``), to be segmented as it is:
    normalising it again would read the tags that escaped markup stands for (``&lt;b&gt;``) as markup.
    Raises ``InputError`` naming the item when it cannot be used."""
    from songngu.text import normalize_text, read_article

    if item.error is not None:
        raise InputError(item.name, item.error)
    if item.path is not None:
        return read_article(item.path).text
    if not (item.text or "").strip():
        raise InputError(item.name, "is empty" if not item.text else "contains only whitespace")
    return normalize_text(item.text)


def prepare_translation(index: int, items: Sequence[SourceItem], job: ChunkJob) -> PreparedChunk:
    """Step 1 of ``translate``: segment the readable articles of a chunk and list what to translate."""
    prepared = PreparedChunk(index, [], inputs=inputs_digest(items))  # before reading: an edit meanwhile shows later
    for item in items:
        try:
            prepared.articles.append(segment_text(item.article_id, read_item(item), item.source, normalised=True))
        except InputError as error:
            prepared.errors.append(str(error))
    prepared.texts = texts_to_translate(prepared.articles, job.translate_kinds, job.context)
    return prepared


def finish_translation(prepared: PreparedChunk, translations: Sequence[Translation], job: ChunkJob) -> dict[str, Any]:
    """Step 3 of ``translate``: rows with signals, filtered, written as the chunk's shard; returns its record."""
    from songngu.export.rows import rows_of

    articles = assemble(prepared.articles, dict(zip(prepared.texts, translations)), job.translator, job.translate_kinds, job.context)
    segments = sum(len(article.segments) for article in prepared.articles)  # the input's, however the English linked them
    return _write(prepared, rows_of(articles, glossary=job.glossary), len(articles), job, segments)


def translate_prepared(
    translator: Translator, memory: TranslationMemory | None, prepared: PreparedChunk, model_dir: Path | None,
    on_progress: ProgressCallback | None = None, missing: MissingTerms | None = None,
) -> list[Translation]:
    """Step 2 of a chunk: its texts through the translation memory and the model; counts go on ``prepared``.

    With ``missing`` (see :func:`missing_terms_of`), texts whose English lacks a required term
    are translated again with the term forced (``songngu.translate.forcing``); the memory keeps
    the model's own English.
    """
    if not prepared.texts:
        return []
    result = translate_with_memory(translator, prepared.texts, memory, on_progress=on_progress, model_dir=model_dir)
    prepared.translated = result.translated
    prepared.from_memory = result.from_memory
    if missing is None:
        return result.translations
    translations, report = enforce_terms(translator, prepared.texts, result.translations, missing)
    prepared.retranslated = report.retranslated
    return translations


def _missing(sentence: str, english: str, glossary: Glossary | None, keep_names: bool) -> list[Term]:
    terms = glossary.missing(sentence, english) if glossary is not None else []
    if keep_names:
        taken = [(term.start, term.end) for term in (glossary.occurrences(sentence) if glossary is not None else [])]
        terms += [
            name for name in missing_names(sentence, english)
            if not any(name.start < end and start < name.end for start, end in taken)
        ]
        terms.sort(key=lambda term: term.start)
    return terms


def missing_terms_of(glossary: Glossary | None, keep_names: bool) -> MissingTerms | None:
    """What a translation must carry and lacks: ``glossary`` terms, and with ``keep_names`` the names
    (``songngu.align.names``) the English lost, where no glossary term covers them; None when nothing is required.
    """
    if glossary is None and not keep_names:
        return None
    return partial(_missing, glossary=glossary, keep_names=keep_names)


@dataclass(frozen=True)
class ArticlePair:
    """A Vietnamese article and its English version, segmented."""

    vietnamese: SegmentedArticle
    english: SegmentedArticle


def prepare_alignment(index: int, items: Sequence[tuple[SourceItem, SourceItem | None]], job: ChunkJob) -> PreparedChunk:
    """Step 1 of ``align``: read and segment each pair; the bridge texts are the Vietnamese to translate.

    An item without an English side carries the error that says why (no counterpart file).
    """
    from songngu.run.bilingual import bridge_texts

    prepared = PreparedChunk(index, [], inputs=inputs_digest(items))
    for vi_item, en_item in items:
        try:
            vi_text = read_item(vi_item)
            vietnamese = segment_text(vi_item.article_id, vi_text, vi_item.source, normalised=True)
            if en_item is None:
                raise InputError(vi_item.name, "has no English version")
            en_text = read_item(en_item)
            check_english(en_item.name, en_text, vi_text)
            english = segment_text(en_item.article_id, en_text, en_item.source, normalised=True)
        except InputError as error:
            prepared.errors.append(str(error))
            continue
        prepared.articles.append(ArticlePair(vietnamese, english))
    if job.translator is not None:
        prepared.texts = list(dict.fromkeys(text for pair in prepared.articles for text in bridge_texts(pair.vietnamese)))
    return prepared


LOOKS_VIETNAMESE = 0.4
"""The share of words with Vietnamese letters above which an English version is taken for Vietnamese
(:func:`~songngu.text.patterns.vietnamese_word_share`: Vietnamese text 0.64 or more, English at most 0.005)."""


def check_english(name: str, english: str, vietnamese: str) -> None:
    """Refuse (an :class:`InputError` naming ``name``) an English version that is Vietnamese text: the
    same file given twice, or the two inputs swapped, which gave pairs of Vietnamese, or of English and
    Vietnamese the wrong way round, without a word."""
    share = vietnamese_word_share(english)
    if share < LOOKS_VIETNAMESE:
        return
    hint = "are the two inputs swapped? give the Vietnamese first" if vietnamese_word_share(vietnamese) < LOOKS_VIETNAMESE \
        else "give its English version"
    raise InputError(name, f"is Vietnamese, not English ({share:.0%} of its words have Vietnamese letters): {hint}")


def finish_alignment(prepared: PreparedChunk, translations: Sequence[Translation], job: ChunkJob) -> dict[str, Any]:
    """Step 3 of ``align``: align each pair into rows with signals, filtered, written as the chunk's shard."""
    from songngu.align.quality import add_signals
    from songngu.run.bilingual import align_segmented

    bridge = dict(zip(prepared.texts, (translation.text for translation in translations)))
    rows = [
        row
        for pair in prepared.articles
        for row in align_segmented(pair.vietnamese, pair.english, bridge if job.translator is not None else None)
    ]
    return _write(prepared, add_signals(rows), len(prepared.articles), job)


def _write(prepared: PreparedChunk, rows: list[dict], articles: int, job: ChunkJob, segments: int | None = None) -> dict[str, Any]:
    """Filter ``rows`` if the job says so and write them as the chunk's shard, with its record.

    ``segments`` is the input's segment count (a paragraph-context row may hold several); None
    counts one per row, kept or dropped (an alignment's rows are its links).
    """
    from songngu.export.output import write_chunk
    from songngu.export.rows import count_pairs

    dropped = None
    drop_reasons = None
    if job.filter_rows:
        from songngu.align.filtering import count_reasons, filter_rows

        rows, dropped = filter_rows(rows)
        drop_reasons = count_reasons(row["drop_reason"] for row in dropped)
    record = {
        "articles": articles,
        "inputs": prepared.inputs,
        "segments": len(rows) + len(dropped or ()) if segments is None else segments,
        "pairs": count_pairs(rows),
        "errors": prepared.errors,
        "translated": prepared.translated,
        "from_memory": prepared.from_memory,
        **({"retranslated": prepared.retranslated} if job.glossary is not None or prepared.retranslated else {}),
        **({"drop_reasons": drop_reasons} if drop_reasons is not None else {}),
    }
    pause_point("writing", prepared.index + 1)
    return write_chunk(job.work_dir, prepared.index, rows, dropped, record)
