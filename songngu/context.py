"""Paragraph-context translation: translate runs of sentences together, align the English back.

A model sees more context when it translates a whole paragraph, but the dataset needs
sentence pairs. Each run of consecutive translatable sentences of a paragraph is
translated as one text; the English is split into sentences and aligned back to the
Vietnamese sentences, so a row may carry a 2-1 or 1-2 link instead of 1-1.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from songngu.align import align_sentences
from songngu.text import split_sentences
from songngu.text.segments import Segment
from songngu.translate.base import Translation

RUN_SEPARATOR = " "


@dataclass(frozen=True)
class SentenceRun:
    """Consecutive translatable, non-repeated segments of one paragraph."""

    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        """The run's Vietnamese, sentences joined by a space."""
        return RUN_SEPARATOR.join(segment.text for segment in self.segments)


def sentence_runs(segments: list[Segment], translate_kinds: Collection[str]) -> list[SentenceRun]:
    """Split an article's segments into runs that are translated as one text each."""
    runs: list[list[Segment]] = []
    previous: Segment | None = None
    for segment in segments:
        wanted = segment.kind in translate_kinds and segment.repeat_of is None
        if wanted and previous is not None and runs and runs[-1][-1] is previous and previous.paragraph == segment.paragraph:
            runs[-1].append(segment)
        elif wanted:
            runs.append([segment])
        previous = segment
    return [SentenceRun(tuple(run)) for run in runs]


@dataclass(frozen=True)
class SegmentEnglish:
    """The English a segment receives from its run, with the link that gave it."""

    english: str
    link: str
    align_score: float | None
    split_for_length: bool
    logprob: float | None


def distribute(run: SentenceRun, translation: Translation) -> dict[int, SegmentEnglish]:
    """Give each segment of ``run`` its share of the run's English, keyed by segment index.

    English sentences the aligner leaves unmatched are appended to the neighbouring
    segment, so no English is lost. In an n-1 link the first segment holds the English
    and the others hold an empty string with the same link.
    """
    def share(english: str, link: str, score: float | None) -> SegmentEnglish:
        return SegmentEnglish(english, link, score, translation.split_for_length, translation.logprob)

    if len(run.segments) == 1:
        return {run.segments[0].index: share(translation.text, "1-1", None)}
    english_sentences = split_sentences(translation.text)
    links = align_sentences([segment.text for segment in run.segments], english_sentences)
    groups: list[tuple[list[int], list[int], float]] = []
    orphans: list[int] = []
    for link in links:
        if not link.src:
            if groups:
                groups[-1][1].extend(link.tgt)
            else:
                orphans.extend(link.tgt)
            continue
        groups.append((list(link.src), orphans + list(link.tgt), link.score))
        orphans = []
    if orphans and groups:
        groups[-1][1].extend(orphans)
    result: dict[int, SegmentEnglish] = {}
    for sources, targets, score in groups:
        link = f"{len(sources)}-{len(targets)}"
        english = RUN_SEPARATOR.join(english_sentences[index] for index in sorted(targets))
        for position, source in enumerate(sources):
            result[run.segments[source].index] = share(english if position == 0 else "", link, score)
    return result


def translate_runs(
    segments_by_article: list[list[Segment]], translations: Mapping[str, Translation], translate_kinds: Collection[str]
) -> list[dict[int, SegmentEnglish]]:
    """Per article, each translated segment's English, from already translated runs."""
    return [
        {
            index: english
            for run in sentence_runs(segments, translate_kinds)
            for index, english in distribute(run, translations[run.text]).items()
        }
        for segments in segments_by_article
    ]
