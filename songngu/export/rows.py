"""Turn translated articles into dataset rows (plain dicts in the schema's layout)."""
from __future__ import annotations

from collections.abc import Iterable

from songngu.align.quality import add_signals
from songngu.translate.article import TranslatedArticle
from songngu.translate.glossary import Glossary


def segment_id(article_id: str, index: int) -> str:
    """The stable id of a segment: article id and segment index."""
    return f"{article_id}-{index:04d}"


def article_rows(article: TranslatedArticle) -> list[dict]:
    """One row per pair of ``article`` (a segment, or the segments of one link), in reading order.

    A row's ``segment``/``paragraph``/``sentence``/``start`` come from its first segment and
    ``end`` from its last, so ``text[start:end]`` covers all of the row's Vietnamese.
    """
    return [
        {
            "id": segment_id(article.article_id, item.segment.index),
            "article_id": article.article_id,
            "source": article.source,
            "paragraph": item.segment.paragraph,
            "sentence": item.segment.sentence,
            "segment": item.segment.index,
            "start": item.start,
            "end": item.end,
            "kind": item.segment.kind,
            "repeat_of": -1 if item.segment.repeat_of is None else item.segment.repeat_of,
            "translated": item.translated,
            "split_for_length": item.split_for_length,
            "logprob": item.logprob,
            "link": item.link,
            "align_score": item.align_score,
            "translation": {"vi": item.text, "en": item.english},
            "model": article.model,
            "model_revision": article.model_revision,
        }
        for item in article.segments
    ]


def rows_of(articles: Iterable[TranslatedArticle], glossary: Glossary | None = None) -> list[dict]:
    """All rows of several articles, article after article, with their quality signals (``q_terms`` from ``glossary``)."""
    return add_signals([row for article in articles for row in article_rows(article)], glossary=glossary)


def is_pair(row: dict) -> bool:
    """Whether a row holds a Vietnamese–English pair: translated, both sides non-empty, not a repeat."""
    return bool(row["translated"] and row["repeat_of"] == -1 and row["translation"]["en"] and row["translation"]["vi"])


def count_pairs(rows: Iterable[dict]) -> int:
    """How many rows hold a Vietnamese–English pair (see ``is_pair``)."""
    return sum(1 for row in rows if is_pair(row))
