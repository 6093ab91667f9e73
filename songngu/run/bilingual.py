"""Align a Vietnamese article with its English version into dataset rows: what ``songngu align`` does per article.

Both texts are segmented with the text stage. A Vietnamese repeat whose English is repeated too (the
first occurrences linked ``1-1``) shares a row with that English repeat, as a repeat in ``songngu
translate`` gets its first occurrence's English. The other Vietnamese repeats are aligned like any
sentence where the English has more sentences than the Vietnamese without them (the same Vietnamese
for two English wordings), else kept as unmatched ``1-0`` rows; rows of repeats carry ``repeat_of``.
Another English repeat is aligned like any sentence where the alignment without it leaves a
Vietnamese sentence to spare (the same English for two Vietnamese wordings), else kept as an
unmatched ``0-1`` row. With a bridge
translation (the Vietnamese machine-translated first), the aligner also compares that English with
the reference (the Bleualign idea). Every Vietnamese segment and every English sentence appears in exactly one
row; ``link`` and ``align_score`` tell how it was paired, and a pair holds all the Vietnamese
and all the English of its link.
"""
from __future__ import annotations

import bisect
from collections.abc import Mapping

from songngu.align import Link, align_sentences
from songngu.export.rows import segment_id
from songngu.run.assemble import SegmentedArticle
from songngu.text.segments import Segment

REFERENCE_MODEL = "reference"
AlignedLink = tuple[list[Segment], list[Segment], Link]


def bridge_texts(vietnamese: SegmentedArticle) -> list[str]:
    """The Vietnamese segments the aligner compares, which a bridge model translates."""
    return [segment.text for segment in vietnamese.segments if segment.repeat_of is None]


def align_segmented(vietnamese: SegmentedArticle, english: SegmentedArticle, bridge: Mapping[str, str] | None = None) -> list[dict]:
    """Rows (without quality signals) pairing the sentences of ``vietnamese`` with those of ``english``.

    ``bridge`` maps Vietnamese segment texts to their machine translation, when a bridge model ran.
    """
    vi_units = [segment for segment in vietnamese.segments if segment.repeat_of is None]
    translations = [bridge.get(unit.text, "") for unit in vi_units] if bridge is not None else None
    first_english = [segment for segment in english.segments if segment.repeat_of is None]
    links = _align(vi_units, first_english, translations)
    english_of_repeat = _repeat_partners(vietnamese.segments, english.segments, links)
    paired = {segment.index for segment in english_of_repeat.values()}
    unpaired = [segment for segment in english.segments if segment.repeat_of is not None and segment.index not in paired]
    with_room = _with_vietnamese_to_spare(unpaired, links)
    en_units = [segment for segment in english.segments if segment.repeat_of is None or segment.index in with_room]
    lone = [segment for segment in vietnamese.segments if segment.repeat_of is not None and segment.index not in english_of_repeat]
    aligned_repeats = {segment.index for segment in lone} if lone and len(en_units) > len(vi_units) else set()
    if aligned_repeats:  # English to spare: align the Vietnamese repeats like any sentence
        vi_units = sorted(vi_units + lone, key=lambda segment: segment.index)
        translations = [bridge.get(unit.text, "") for unit in vi_units] if bridge is not None else None
    if with_room or aligned_repeats:
        links = _align(vi_units, en_units, translations)
    rows: list[tuple[float, dict]] = []
    last_vi = -1
    order_of_english: dict[int, float] = {}  # English segment index -> the order of the row holding it
    one_to_one: dict[int, tuple[Segment, float]] = {}  # Vietnamese index -> its English and score, for 1-1 links
    for sources, targets, link in links:
        if sources:
            last_vi = sources[-1].index
        if link.kind == "1-1":
            one_to_one[sources[0].index] = (targets[0], link.score)
        order = sources[0].index if sources else last_vi + 0.5
        order_of_english.update((target.index, order) for target in targets)
        first_en = targets[0].index if targets else 0
        rows.append((order, _row(vietnamese, sources, targets, link.kind, link.score, first_en)))
    for segment in vietnamese.segments:
        if segment.repeat_of is None or segment.index in aligned_repeats:
            continue
        en = english_of_repeat.get(segment.index)
        first_pair = one_to_one.get(segment.repeat_of)
        if en is not None and first_pair is not None and first_pair[0].index == en.repeat_of:
            order_of_english[en.index] = segment.index
            rows.append((segment.index, _row(vietnamese, [segment], [en], "1-1", first_pair[1], en.index)))
        else:
            rows.append((segment.index, _row(vietnamese, [segment], [], "1-0", None, 0)))
    for segment in english.segments:  # repeats left out of the alignment, and not in a repeat's row
        if segment.index not in order_of_english:
            before = [order for index, order in order_of_english.items() if index < segment.index]
            rows.append((max(before, default=-1) + 0.75, _row(vietnamese, [], [segment], "0-1", None, segment.index)))
    rows.sort(key=lambda item: item[0])
    return [row for _, row in rows]


def _align(vi_units: list[Segment], en_units: list[Segment], translations: list[str] | None) -> list[AlignedLink]:
    """The aligner's links between ``vi_units`` and ``en_units``, with the segments of each."""
    links = align_sentences([unit.text for unit in vi_units], [unit.text for unit in en_units], src_translations=translations)
    return [([vi_units[index] for index in link.src], [en_units[index] for index in link.tgt], link) for link in links]


def _with_vietnamese_to_spare(repeats: list[Segment], links: list[AlignedLink]) -> set[int]:
    """Indices of the English ``repeats`` where ``links`` (made without them) leave a Vietnamese sentence to spare.

    That is where the links from the one holding the English sentence before the repeat to the one
    holding the sentence after it hold more Vietnamese sentences than English (a ``1-0``, or a
    merge such as ``2-1``): the repeat's counterpart may be there.
    """
    starts = [(targets[0].index, position) for position, (_, targets, _) in enumerate(links) if targets]
    first_english = [index for index, _ in starts]
    spare = [0]  # Vietnamese minus English sentences in links[:position], for each position
    for sources, targets, _ in links:
        spare.append(spare[-1] + len(sources) - len(targets))
    chosen: set[int] = set()
    for repeat in repeats:
        after = bisect.bisect_left(first_english, repeat.index)
        first = starts[after - 1][1] if after > 0 else 0
        last = starts[after][1] if after < len(starts) else len(links) - 1
        if spare[last + 1] - spare[first] > 0:
            chosen.add(repeat.index)
    return chosen


def _repeat_partners(vi_segments: list[Segment], en_segments: list[Segment], links: list[AlignedLink]) -> dict[int, Segment]:
    """Vietnamese repeat index -> the English repeat that goes with it: their first occurrences are linked 1-1.

    Repeats are matched in reading order; an English repeat with no such partner is in none.
    """
    first_vi_of = {targets[0].index: sources[0].index for sources, targets, link in links if link.kind == "1-1"}
    waiting: dict[int, list[Segment]] = {}  # first Vietnamese occurrence -> its repeats not matched yet
    for segment in vi_segments:
        if segment.repeat_of is not None:
            waiting.setdefault(segment.repeat_of, []).append(segment)
    partners: dict[int, Segment] = {}
    for segment in en_segments:
        repeats = waiting.get(first_vi_of.get(segment.repeat_of, -1)) if segment.repeat_of is not None else None
        if repeats:
            partners[repeats.pop(0).index] = segment
    return partners


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
