"""What translating an article gives: its segments in order, each with its English."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import overload

from songngu.text.segments import Segment


@dataclass(frozen=True)
class TranslatedSegment:
    """One pair of an article: a segment (or a run of segments translated as one) and its English.

    ``segment`` is the first Vietnamese segment; ``merged`` holds the segments that follow it in
    the same link (paragraph-context translation gives ``2-1`` links), so the pair always holds
    all the Vietnamese and all the English of its link. ``english`` is empty for kinds that are
    not translated and for a ``1-0`` link (the model's English had nothing for this segment).
    """

    segment: Segment
    english: str
    translated: bool
    split_for_length: bool = False
    logprob: float | None = None
    link: str = "1-1"
    align_score: float | None = None
    merged: tuple[Segment, ...] = ()

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Every Vietnamese segment of this pair, in order."""
        return (self.segment, *self.merged)

    @property
    def text(self) -> str:
        """The Vietnamese of the pair: its segments joined by a space."""
        return " ".join(segment.text for segment in self.segments)

    @property
    def start(self) -> int:
        """Where the pair's Vietnamese starts in the normalised article."""
        return self.segment.start

    @property
    def end(self) -> int:
        """Where the pair's Vietnamese ends in the normalised article (exclusive)."""
        return self.segments[-1].end


@dataclass
class TranslatedArticle:
    """One article's pairs in reading order, with the model that translated them."""

    article_id: str
    text: str
    segments: list[TranslatedSegment]
    model: str
    model_revision: str
    settings: dict = field(default_factory=dict)
    source: str = ""

    def __iter__(self) -> Iterator[TranslatedSegment]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)

    @overload
    def __getitem__(self, index: int) -> TranslatedSegment: ...

    @overload
    def __getitem__(self, index: slice) -> list[TranslatedSegment]: ...

    def __getitem__(self, index: int | slice) -> TranslatedSegment | list[TranslatedSegment]:
        """The pair at ``index`` in reading order (``article[0]``, ``article[-1]``, ``article[1:3]``)."""
        return self.segments[index]

    @property
    def english(self) -> str:
        """The English article: translated segments, paragraphs on separate lines."""
        paragraphs: dict[int, list[str]] = {}
        for item in self.segments:
            if item.translated and item.english and item.segment.repeat_of is None:
                paragraphs.setdefault(item.segment.paragraph, []).append(item.english)
        return "\n".join(" ".join(sentences) for _, sentences in sorted(paragraphs.items()))
