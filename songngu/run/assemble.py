"""Between the stages: segmented articles in, texts for the model out, translated articles back.

These functions are shared by every engine and by the Python API, so a sentence is cut, chosen
for translation and given its English the same way whichever way a corpus is run.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from songngu.errors import UsageError
from songngu.run.context import LinkedEnglish, sentence_runs, translate_runs
from songngu.text import normalize_text, segment_article
from songngu.text.segments import Segment
from songngu.translate.article import TranslatedArticle, TranslatedSegment
from songngu.translate.base import Translation, TranslatorInfo

CONTEXTS = ("sentence", "paragraph")


@dataclass(frozen=True)
class SegmentedArticle:
    """An article's normalised text and its segments, before translation."""

    article_id: str
    text: str
    segments: list[Segment]
    source: str = ""


def segment_text(article_id: str, text: str, source: str = "", *, normalised: bool = False) -> SegmentedArticle:
    """Normalise and segment one article's text; ``normalised``: ``text`` is already ``normalize_text``'s output
    (``Article.text``), which is segmented as it is."""
    if not normalised:
        text = normalize_text(text)
    return SegmentedArticle(article_id, text, segment_article(text), source)


def check_context(context: str) -> None:
    """Refuse a context mode other than ``sentence`` or ``paragraph``."""
    if context not in CONTEXTS:
        raise UsageError(f"context {context!r}: choose one of {', '.join(CONTEXTS)}")


def texts_to_translate(articles: Iterable[SegmentedArticle], translate_kinds: Collection[str], context: str = "sentence") -> list[str]:
    """The distinct texts to send to the model, in first-seen order: segments, or paragraph runs."""
    check_context(context)
    if context == "paragraph":
        texts = (run.text for article in articles for run in sentence_runs(article.segments, translate_kinds))
    else:
        texts = (
            segment.text
            for article in articles
            for segment in article.segments
            if segment.kind in translate_kinds and segment.repeat_of is None
        )
    return list(dict.fromkeys(texts))


def assemble(
    articles: Iterable[SegmentedArticle],
    translations: Mapping[str, Translation],
    translator: TranslatorInfo,
    translate_kinds: Collection[str],
    context: str = "sentence",
) -> list[TranslatedArticle]:
    """Give each segment its English: one pair per segment, or per link in paragraph context.

    A repeated segment reuses its first occurrence's English when that occurrence is a pair of
    its own; when it was merged with a neighbour (a ``2-1`` link) the repeat gets no English,
    so no row ever holds English for Vietnamese it does not contain.
    """
    articles = list(articles)
    if context == "paragraph":
        links_by_article = translate_runs([article.segments for article in articles], translations, translate_kinds)
    else:
        links_by_article = [_sentence_links(article.segments, translations, translate_kinds) for article in articles]
    settings = {**translator.settings, "context": context}
    return [
        TranslatedArticle(
            article.article_id,
            article.text,
            _pairs(article.segments, links),
            translator.model_name,
            translator.model_revision,
            settings,
            article.source,
        )
        for article, links in zip(articles, links_by_article)
    ]


def _sentence_links(
    segments: list[Segment], translations: Mapping[str, Translation], translate_kinds: Collection[str]
) -> list[LinkedEnglish]:
    return [
        LinkedEnglish((segment,), translation.text, "1-1", None, translation.split_for_length, translation.logprob)
        for segment in segments
        if segment.kind in translate_kinds
        and segment.repeat_of is None
        and (translation := translations.get(segment.text)) is not None
    ]


def _pairs(segments: list[Segment], links: list[LinkedEnglish]) -> list[TranslatedSegment]:
    """The article's pairs in reading order: one per link, plus repeats and untranslated kinds."""
    link_of = {segment.index: link for link in links for segment in link.segments}
    pairs: list[TranslatedSegment] = []
    for segment in segments:
        link = link_of.get(segment.index)
        if link is not None:
            if link.segments[0].index == segment.index:
                pairs.append(_pair(segment, link, link.english, link.segments[1:]))
            continue
        first = link_of.get(segment.repeat_of) if segment.repeat_of is not None else None
        if first is None:
            pairs.append(TranslatedSegment(segment, "", False))
        else:
            pairs.append(_pair(segment, first, first.english if len(first.segments) == 1 else "", ()))
    return pairs


def _pair(segment: Segment, link: LinkedEnglish, english: str, merged: tuple[Segment, ...]) -> TranslatedSegment:
    return TranslatedSegment(
        segment, english, True, link.split_for_length, link.logprob, link.link, link.align_score, merged
    )
