"""Align a Vietnamese article with its English version into dataset rows: what ``songngu align`` does per article.

Both texts are segmented with the text stage; repeated segments are left out of the alignment
and kept as unmatched rows with ``repeat_of`` set. With a bridge translation (the Vietnamese
machine-translated first), the aligner also compares that English with the reference (the
Bleualign idea). Every Vietnamese segment and every English sentence appears in exactly one
row; ``link`` and ``align_score`` tell how it was paired, and a pair holds all the Vietnamese
and all the English of its link.
"""
from __future__ import annotations

from collections.abc import Mapping

from songngu.align import align_sentences
from songngu.export.rows import segment_id
from songngu.run.assemble import SegmentedArticle
from songngu.text.segments import Segment

REFERENCE_MODEL = "reference"


def bridge_texts(vietnamese: SegmentedArticle) -> list[str]:
    """The Vietnamese segments the aligner compares, which a bridge model translates."""
    return [segment.text for segment in vietnamese.segments if segment.repeat_of is None]


def align_segmented(vietnamese: SegmentedArticle, english: SegmentedArticle, bridge: Mapping[str, str] | None = None) -> list[dict]:
    """Rows (without quality signals) pairing the sentences of ``vietnamese`` with those of ``english``.

    ``bridge`` maps Vietnamese segment texts to their machine translation, when a bridge model ran.
    """
    vi_units = [segment for segment in vietnamese.segments if segment.repeat_of is None]
    en_units = [segment for segment in english.segments if segment.repeat_of is None]
    translations = [bridge.get(unit.text, "") for unit in vi_units] if bridge is not None else None
    links = align_sentences([unit.text for unit in vi_units], [unit.text for unit in en_units], src_translations=translations)
    rows: list[tuple[float, dict]] = []
    last_vi = -1
    order_of_english: dict[int, float] = {}  # English segment index -> the order of the row holding it
    for link in links:
        sources = [vi_units[index] for index in link.src]
        targets = [en_units[index] for index in link.tgt]
        if sources:
            last_vi = sources[-1].index
        order = sources[0].index if sources else last_vi + 0.5
        order_of_english.update((target.index, order) for target in targets)
        first_en = targets[0].index if targets else 0
        rows.append((order, _row(vietnamese, sources, targets, link.kind, link.score, first_en)))
    for segment in vietnamese.segments:
        if segment.repeat_of is not None:
            rows.append((segment.index, _row(vietnamese, [segment], [], "1-0", None, 0)))
    for segment in english.segments:  # kept out of the alignment like the Vietnamese repeats, and kept as rows too
        if segment.repeat_of is not None:
            before = [order for index, order in order_of_english.items() if index < segment.index]
            rows.append((max(before, default=-1) + 0.75, _row(vietnamese, [], [segment], "0-1", None, segment.index)))
    rows.sort(key=lambda item: item[0])
    return [row for _, row in rows]


def _row(article: SegmentedArticle, sources: list[Segment], targets: list[Segment], link: str, score: float | None, first_en: int) -> dict:
    first = sources[0] if sources else None
    vi = " ".join(segment.text for segment in sources)
    en = " ".join(segment.text for segment in targets)
    return {
        "id": segment_id(article.article_id, first.index) if first else f"{article.article_id}-en{first_en:04d}",
        "article_id": article.article_id,
        "source": article.source,
        "paragraph": first.paragraph if first else -1,
        "sentence": first.sentence if first else -1,
        "segment": first.index if first else -1,
        "start": first.start if first else -1,
        "end": sources[-1].end if first else -1,
        "kind": first.kind if first else targets[0].kind,
        "repeat_of": -1 if first is None or first.repeat_of is None else first.repeat_of,
        "translated": bool(vi and en),
        "split_for_length": False,
        "logprob": None,
        "link": link,
        "align_score": score,
        "translation": {"vi": vi, "en": en},
        "model": REFERENCE_MODEL,
        "model_revision": "",
    }
