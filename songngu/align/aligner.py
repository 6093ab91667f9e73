"""``align_sentences``: Vietnamese–English sentence alignment without any model.

The aligner scores candidate links with a per-document model (:mod:`songngu.align.model`)
built from sentence lengths, cheap lexical anchors (:mod:`songngu.align.anchors`)
and, when given, machine translations of the source sentences, then finds the best
monotonic path with a banded dynamic programme (:mod:`songngu.align.banded_dp`).
It runs twice: the first alignment refits the document's length ratio, anchor
match rates and link-type probabilities, the second uses them, so that the cost of
leaving a sentence unmatched (``1-0``/``0-1``) adapts to how often this document
does so and every link next to a gap is weighed again. Long documents are searched in a band around
the length diagonal that is re-centred on the path and widened while the path
touches its edge, so the time grows linearly with the document.
"""
from __future__ import annotations

import bisect
import math
import unicodedata
from collections.abc import Sequence

from songngu.align.anchors import (
    ENGLISH, VIETNAMESE, SentenceAnchors, content_word_anchors, document_anchors,
)
from songngu.align.banded_dp import AlignedStep, Band, align_in_band
from songngu.align.links import Link
from songngu.align.model import DocumentModel, Parameters, link_types

FULL_MATRIX_CELLS = 100 * 100
DEFAULT_BAND_WIDTH = 12
MAX_BAND_ROUNDS = 4


def align_sentences(
    src: list[str],
    tgt: list[str],
    *,
    src_translations: list[str] | None = None,
    max_merge: int = 3,
    band_width: int = DEFAULT_BAND_WIDTH,
    recalibrate: bool = True,
) -> list[Link]:
    """Align Vietnamese sentences ``src`` with English sentences ``tgt`` of the same document.

    Returns monotonic links that cover every source and target index exactly
    once: ``1-1``, ``1-0``/``0-1`` (a sentence with no counterpart, such as a photo
    caption on one side) and merges ``k-1``/``1-k`` of up to ``max_merge``
    sentences. ``src_translations`` (machine translations of ``src`` into
    English, one per source sentence) add word-overlap evidence when given.
    ``band_width`` is the initial half-width of the search band for documents too
    large to search whole; ``recalibrate`` refits the model to the document from a
    first pass. Each link's ``score`` is its posterior probability (see :class:`Link`).
    """
    if isinstance(src, str) or isinstance(tgt, str):
        raise TypeError("align_sentences takes two lists of sentences (split a text with songngu.text first), not strings")
    _check_inputs(src, tgt, src_translations, max_merge, band_width)
    if not src or not tgt:
        return [Link((i,), (), 1.0) for i in range(len(src))] + [Link((), (j,), 1.0) for j in range(len(tgt))]
    src_anchors = document_anchors(src, VIETNAMESE)
    tgt_anchors = document_anchors(tgt, ENGLISH)
    if src_translations is not None:
        src_anchors = [_merged(a, content_word_anchors(t)) for a, t in zip(src_anchors, src_translations)]
        tgt_anchors = [_merged(a, content_word_anchors(t)) for a, t in zip(tgt_anchors, tgt)]
    src_lengths = [_length(sentence) for sentence in src]
    tgt_lengths = [_length(sentence) for sentence in tgt]
    types = link_types(max_merge)
    parameters = Parameters(log_length_ratio=math.log(sum(tgt_lengths) + 1) - math.log(sum(src_lengths) + 1))
    band = _initial_band(src_lengths, tgt_lengths, band_width)
    model = DocumentModel(src_anchors, tgt_anchors, src_lengths, tgt_lengths, types, parameters)
    path = _search(model, band, band_width)
    if recalibrate:
        model = model.with_parameters(
            model.recalibrated([(s.i, s.j, s.a, s.b, math.exp(s.log_posterior)) for s in path])
        )
        if band != Band.full(len(src), len(tgt)):
            band = Band.around(_path_rows(path, len(src)), band_width, len(tgt))
        path = _search(model, band, band_width)
    return [
        Link(tuple(range(s.i - s.a, s.i)), tuple(range(s.j - s.b, s.j)), math.exp(s.log_posterior))
        for s in path
    ]


def _check_inputs(
    src: Sequence[str], tgt: Sequence[str], src_translations: Sequence[str] | None, max_merge: int, band_width: int
) -> None:
    for name, sentences in (("src", src), ("tgt", tgt), ("src_translations", src_translations or [])):
        if not all(isinstance(sentence, str) for sentence in sentences):
            raise TypeError(f"{name}: every sentence must be a str")
    if src_translations is not None and len(src_translations) != len(src):
        raise ValueError(
            f"src_translations: {len(src_translations)} translations for {len(src)} source sentences"
        )
    if max_merge < 1:
        raise ValueError(f"max_merge: must be at least 1, got {max_merge}")
    if band_width < 1:
        raise ValueError(f"band_width: must be at least 1, got {band_width}")


def _merged(first: SentenceAnchors, second: SentenceAnchors) -> SentenceAnchors:
    return SentenceAnchors(first.anchors | second.anchors, first.keys | second.keys)


def _length(sentence: str) -> int:
    return len(unicodedata.normalize("NFC", sentence).strip())


def _initial_band(src_lengths: Sequence[int], tgt_lengths: Sequence[int], width: int) -> Band:
    """The whole matrix for small documents, else a band around the length diagonal."""
    n, m = len(src_lengths), len(tgt_lengths)
    if (n + 1) * (m + 1) <= FULL_MATRIX_CELLS:
        return Band.full(n, m)
    src_total, tgt_total = sum(src_lengths) or 1, sum(tgt_lengths) or 1
    tgt_cumulative = [0]
    for length in tgt_lengths:
        tgt_cumulative.append(tgt_cumulative[-1] + length)
    rows = []
    src_position = 0
    for i in range(n + 1):
        target_position = src_position / src_total * tgt_total
        j = min(m, bisect.bisect_right(tgt_cumulative, target_position) - 1)
        rows.append((j, min(m, j + 1)))
        if i < n:
            src_position += src_lengths[i]
    return Band.around(rows, width, m)


def _path_rows(path: Sequence[AlignedStep], n: int) -> list[tuple[int, int]]:
    """For every source position, the first and last target position the path visits there."""
    rows: list[list[int]] = [[] for _ in range(n + 1)]
    rows[0].append(0)
    for step in path:
        for i in range(step.i - step.a, step.i + 1):
            rows[i].extend((step.j - step.b, step.j))
    return [(min(row), max(row)) for row in rows]


def _touches_edge(path: Sequence[AlignedStep], band: Band) -> bool:
    m = band.high[-1]
    for step in path:
        low, high = band.low[step.i], band.high[step.i]
        if (step.j == low and low > 0) or (step.j == high and high < m):
            return True
    return False


def _search(model: DocumentModel, band: Band, width: int) -> list[AlignedStep]:
    """Best path in ``band``, re-centred and widened while it runs along the band's edge."""
    path = align_in_band(band, model.steps, model.row_scores(band), model.insertion)
    for _ in range(MAX_BAND_ROUNDS):
        if not _touches_edge(path, band):
            break
        width *= 2
        band = Band.around(_path_rows(path, band.rows - 1), width, band.high[-1])
        path = align_in_band(band, model.steps, model.row_scores(band), model.insertion)
    return path
