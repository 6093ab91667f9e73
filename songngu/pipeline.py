"""The Python API: articles in, segments with their English out."""
from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from songngu.context import SegmentEnglish, sentence_runs, translate_runs
from songngu.errors import SongnguError
from songngu.text import normalize_text, segment_article
from songngu.text.segments import DEFAULT_TRANSLATED_KINDS, Segment
from songngu.translate import Translator, load_translator
from songngu.translate.loader import DEFAULT_BACKEND
from songngu.translate.base import ProgressCallback, Translation


CONTEXTS = ("sentence", "paragraph")


@dataclass(frozen=True)
class TranslatedSegment:
    """A segment of the article and its English (empty when its kind is not translated)."""

    segment: Segment
    english: str
    translated: bool
    split_for_length: bool = False
    logprob: float | None = None
    link: str = "1-1"
    align_score: float | None = None

    @property
    def text(self) -> str:
        """The Vietnamese text of the segment."""
        return self.segment.text


@dataclass
class TranslatedArticle:
    """One article's segments in order, with the model that translated them."""

    article_id: str
    text: str
    segments: list[TranslatedSegment]
    model: str
    model_revision: str
    settings: dict = field(default_factory=dict)

    def __iter__(self) -> Iterator[TranslatedSegment]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def english(self) -> str:
        """The English article: translated segments, paragraphs on separate lines."""
        paragraphs: dict[int, list[str]] = {}
        for item in self.segments:
            if item.translated and item.english and item.segment.repeat_of is None:
                paragraphs.setdefault(item.segment.paragraph, []).append(item.english)
        return "\n".join(" ".join(sentences) for _, sentences in sorted(paragraphs.items()))


def translate_article(
    text: str,
    *,
    article_id: str = "article",
    model: str | Path | None = None,
    translator: Translator | None = None,
    translate_kinds: Collection[str] = DEFAULT_TRANSLATED_KINDS,
    backend: str = DEFAULT_BACKEND,
    device: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
    context: str = "sentence",
    on_progress: ProgressCallback | None = None,
) -> TranslatedArticle:
    """Segment one Vietnamese article and translate it to English.

    Returns the article's segments in order, each with its position (paragraph,
    sentence, character span in the NFC-normalised text), its label and its English.
    ``model`` is a short name, a cached hub id or a local directory; the loaded model
    is reused by later calls with the same settings. Pass ``translator`` to reuse one
    explicitly. ``context="paragraph"`` translates each paragraph's sentences together
    and aligns the English back to them (see ``songngu.context``).
    """
    return translate_articles(
        {article_id: text},
        model=model,
        translator=translator,
        translate_kinds=translate_kinds,
        backend=backend,
        device=device,
        num_beams=num_beams,
        batch_size=batch_size,
        context=context,
        on_progress=on_progress,
    )[0]


def translate_articles(
    articles: Mapping[str, str] | Iterable[str],
    *,
    model: str | Path | None = None,
    translator: Translator | None = None,
    translate_kinds: Collection[str] = DEFAULT_TRANSLATED_KINDS,
    backend: str = DEFAULT_BACKEND,
    device: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
    context: str = "sentence",
    on_progress: ProgressCallback | None = None,
) -> list[TranslatedArticle]:
    """Translate many articles with one model, batching sentences across articles.

    ``articles`` maps article ids to texts, or is a sequence of texts (ids ``article-0``…).
    Each distinct sentence is translated once per call, however often it occurs.
    """
    segmented = segment_articles(articles)
    translator = translator or load_translator(
        model, backend=backend, device=device, num_beams=num_beams, batch_size=batch_size
    )
    wanted = frozenset(translate_kinds)
    texts = texts_to_translate(segmented, wanted, context)
    translations = dict(zip(texts, translator.translate(texts, on_progress=on_progress)))
    return assemble(segmented, translations, translator, wanted, context)


@dataclass(frozen=True)
class SegmentedArticle:
    """An article's normalised text and its segments, before translation."""

    article_id: str
    text: str
    segments: list[Segment]


def segment_articles(articles: Mapping[str, str] | Iterable[str]) -> list[SegmentedArticle]:
    """Normalise and segment each article; a plain sequence of texts gets ids ``article-0``…."""
    named = articles.items() if isinstance(articles, Mapping) else ((f"article-{i}", t) for i, t in enumerate(articles))
    prepared = [(article_id, normalize_text(text)) for article_id, text in named]
    return [SegmentedArticle(article_id, text, segment_article(text)) for article_id, text in prepared]


def texts_to_translate(segmented: list[SegmentedArticle], translate_kinds: Collection[str], context: str = "sentence") -> list[str]:
    """The distinct texts to send to the model, in first-seen order: segments, or paragraph runs."""
    if context not in CONTEXTS:
        raise SongnguError(f"context {context!r}: choose one of {', '.join(CONTEXTS)}")
    if context == "paragraph":
        return list(dict.fromkeys(run.text for article in segmented for run in sentence_runs(article.segments, translate_kinds)))
    return list(
        dict.fromkeys(
            segment.text
            for article in segmented
            for segment in article.segments
            if segment.kind in translate_kinds and segment.repeat_of is None
        )
    )


def assemble(
    segmented: list[SegmentedArticle],
    translations: Mapping[str, Translation],
    translator: Translator,
    translate_kinds: Collection[str],
    context: str = "sentence",
) -> list[TranslatedArticle]:
    """Attach each segment's translation (repeats share their first occurrence's)."""
    if context == "paragraph":
        shares = translate_runs([article.segments for article in segmented], translations, translate_kinds)
    else:
        shares = [_sentence_shares(article.segments, translations, translate_kinds) for article in segmented]
    return [
        TranslatedArticle(
            article.article_id,
            article.text,
            [_attach(segment, article_shares) for segment in article.segments],
            translator.model_name,
            translator.model_revision,
            {**translator.settings(), "context": context},
        )
        for article, article_shares in zip(segmented, shares)
    ]


def _sentence_shares(
    segments: list[Segment], translations: Mapping[str, Translation], translate_kinds: Collection[str]
) -> dict[int, SegmentEnglish]:
    return {
        segment.index: SegmentEnglish(translation.text, "1-1", None, translation.split_for_length, translation.logprob)
        for segment in segments
        if segment.kind in translate_kinds and (translation := translations.get(segment.text)) is not None
    }


def _attach(segment: Segment, shares: Mapping[int, SegmentEnglish]) -> TranslatedSegment:
    share = shares.get(segment.index if segment.repeat_of is None else segment.repeat_of)
    if share is None:
        return TranslatedSegment(segment, "", False)
    return TranslatedSegment(
        segment, share.english, True, share.split_for_length, share.logprob, share.link, share.align_score
    )
