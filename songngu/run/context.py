"""Paragraph-context translation: translate runs of sentences together, align the English back.

A model sees more context when it translates a whole paragraph, but the dataset needs
sentence pairs. Each run of consecutive translatable sentences of a paragraph is translated
as one text; the English is split into sentences and aligned back to the Vietnamese sentences.
Each link becomes one pair holding all of its Vietnamese and all of its English: a ``2-1`` link
is one pair of two Vietnamese sentences and one English sentence, never a Vietnamese sentence
with another's English. English the aligner leaves unmatched joins the neighbouring link (so
none is lost, and that link's type counts it); a Vietnamese sentence the English has nothing
for is a ``1-0`` pair with empty English.
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
class LinkedEnglish:
    """A link of a run: its Vietnamese segments and the English aligned to them."""

    segments: tuple[Segment, ...]
    english: str
    link: str
    align_score: float | None
    split_for_length: bool
    logprob: float | None


def distribute(run: SentenceRun, translation: Translation) -> list[LinkedEnglish]:
    """Align the run's English back to its segments: one :class:`LinkedEnglish` per link, in order.

    Every segment of the run is in exactly one link, and every English sentence too.
    """
    def linked(sources: list[int], english: str, target_count: int, score: float | None) -> LinkedEnglish:
        return LinkedEnglish(
            tuple(run.segments[index] for index in sources), english, f"{len(sources)}-{target_count}", score,
            translation.split_for_length, translation.logprob,
        )

    if len(run.segments) == 1:
        return [linked([0], translation.text, 1, None)]
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
    return [
        linked(sources, RUN_SEPARATOR.join(english_sentences[index] for index in sorted(targets)), len(targets), score)
        for sources, targets, score in groups
    ]


def translate_runs(
    segments_by_article: list[list[Segment]], translations: Mapping[str, Translation], translate_kinds: Collection[str]
) -> list[list[LinkedEnglish]]:
    """Per article, the links of every run, from already translated runs."""
    return [
        [linked for run in sentence_runs(segments, translate_kinds) for linked in distribute(run, translations[run.text])]
        for segments in segments_by_article
    ]
