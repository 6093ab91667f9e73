"""Turn an article's text into labelled segments, flagging repeated ones.

Paragraphs are the non-empty lines of the text (numbered from 0, blank lines skipped); each is
split into sentences (:func:`~songngu.text.sentences.split_sentence_spans`) and every piece is
labelled (:func:`~songngu.text.labels.classify`).

A segment repeats an earlier one when their *repeat keys* are equal (:func:`repeat_key`); a
repeat gets the translation of its first occurrence, so the key ignores only what cannot change
that translation:

* letter case, and whitespace: how much, of which kind, and whether there is any next to a
  punctuation mark (``Nguồn ảnh: Militarytimes.`` matches ``NGUỒN ẢNH :militarytimes .``);
* typographic variants of one mark: curly and straight quotes (``“”`` and ``"``, ``‘’`` and
  ``'``, also ``«»‹›„‚``), and ``…`` and ``...``;
* invisible characters such as zero-width spaces (normalisation removes them anyway).

Every other character counts, punctuation and symbols included: ``…Hà Nội?``, ``…Hà Nội!``,
``…Hà Nội.`` and ``…Hà Nội`` are four different segments, and so are ``Ăn đi, con.`` and
``Ăn đi con.``. ``repeat_of`` holds the index of the first segment with that key. A scraped body
that appears twice therefore comes out with every segment of the second copy flagged, and so do
recurring credit lines.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from songngu.text.labels import classify
from songngu.text.patterns import INVISIBLE
from songngu.text.segments import KINDS, Segment
from songngu.text.sentences import split_sentence_spans

_PARAGRAPH = re.compile(r"[^\n]+")
_KEY_TOKEN = re.compile(r"\w+|[^\w\s]")
_TYPOGRAPHIC_VARIANTS = {
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "‹": "'", "›": "'", "…": "...",
}
_TYPOGRAPHIC_VARIANT = re.compile(f"[{''.join(_TYPOGRAPHIC_VARIANTS)}]")
_NEAR_END_PARAGRAPHS = 6


def segment_article(text: str) -> list[Segment]:
    """Split ``text`` (already normalised, see :func:`~songngu.text.normalize_text`) into labelled segments.

    ``Segment.index`` counts over the article from 0, ``paragraph`` counts non-empty lines from
    0, ``sentence`` counts within the paragraph from 0, and ``text[start:end] == segment.text``.
    """
    paragraphs = [match for match in _PARAGRAPH.finditer(text) if not match.group().isspace()]
    segments: list[Segment] = []
    first_index_by_key: dict[str, int] = {}
    previous_paragraph: str | None = None
    for paragraph_index, paragraph in enumerate(paragraphs):
        line = paragraph.group()
        offset = paragraph.start()
        near_end = paragraph_index >= len(paragraphs) - _NEAR_END_PARAGRAPHS
        for sentence_index, (start, end) in enumerate(split_sentence_spans(line)):
            piece = line[start:end]
            index = len(segments)
            first = first_index_by_key.setdefault(repeat_key(piece), index)
            segments.append(
                Segment(
                    index=index,
                    paragraph=paragraph_index,
                    sentence=sentence_index,
                    start=offset + start,
                    end=offset + end,
                    text=piece,
                    kind=classify(piece, paragraph_text=line, previous_paragraph=previous_paragraph, near_end=near_end),
                    repeat_of=None if first == index else first,
                )
            )
        previous_paragraph = line
    return segments


def repeat_key(text: str) -> str:
    """The text two segments must share to count as repeats (see the module docstring).

    Casefolded words and single punctuation marks, joined by one space: case and spacing are
    ignored, punctuation is not (``Hà Nội?`` and ``Hà Nội.`` differ), except that curly and
    straight quotes match and ``…`` matches ``...``.
    """
    folded = _TYPOGRAPHIC_VARIANT.sub(_plain_variant, INVISIBLE.sub("", text).casefold())
    return " ".join(_KEY_TOKEN.findall(folded))


def _plain_variant(match: re.Match[str]) -> str:
    """The plain form of a curly quote or ellipsis, for :func:`repeat_key`."""
    return _TYPOGRAPHIC_VARIANTS[match.group()]


def count_kinds(segments: Iterable[Segment]) -> dict[str, int]:
    """How many segments of each kind, every kind present (in the order of ``KINDS``)."""
    counts = dict.fromkeys(KINDS, 0)
    for segment in segments:
        counts[segment.kind] = counts.get(segment.kind, 0) + 1
    return counts


def count_repeats(segments: Iterable[Segment]) -> int:
    """How many segments repeat an earlier one (``repeat_of`` is set)."""
    return sum(1 for segment in segments if segment.repeat_of is not None)
