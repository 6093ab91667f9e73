"""The Vietnamese text stage: read an article, normalise it, split and label its sentences.

Typical use::

    from songngu.text import read_article, segment_article

    article = read_article("seeds/001_7d063c2308bc8780.txt")
    for segment in segment_article(article.text):
        print(segment.kind, segment.repeat_of, segment.text)

See docs/text-labels.md for what each label means.
"""
from __future__ import annotations

from songngu.text.article import count_kinds, count_repeats, repeat_key, segment_article
from songngu.text.labels import classify
from songngu.text.reading import Article, normalize_text, read_article
from songngu.text.segments import (
    BOILERPLATE,
    BYLINE,
    CAPTION,
    DEFAULT_TRANSLATED_KINDS,
    HEADING,
    KINDS,
    SENTENCE,
    Segment,
)
from songngu.text.sentences import split_sentence_spans, split_sentences

__all__ = [
    "BOILERPLATE",
    "BYLINE",
    "CAPTION",
    "DEFAULT_TRANSLATED_KINDS",
    "HEADING",
    "KINDS",
    "SENTENCE",
    "Article",
    "Segment",
    "classify",
    "count_kinds",
    "count_repeats",
    "normalize_text",
    "read_article",
    "repeat_key",
    "segment_article",
    "split_sentence_spans",
    "split_sentences",
]
