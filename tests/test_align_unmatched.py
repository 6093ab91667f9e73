"""Sentences with no counterpart (1-0/0-1) next to real FLORES-200 lines, and the model parts behind them.

The inserted lines below were written for these tests (see tests/data/align/README.md for FLORES).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from songngu.align import Link, align_sentences
from songngu.align.anchors import ENGLISH, VIETNAMESE, document_anchors
from songngu.align.model import DEFAULT_TYPE_PROBABILITY, DocumentModel, Parameters, link_types

DATA = Path(__file__).parent / "data" / "align"
VI_ASIDES = ["Ông cho biết thêm.", "Vụ việc đang được điều tra.", "Chưa rõ nguyên nhân vụ việc."]
EN_LINES = [
    "The ministry did not respond to a request for comment.",
    "Officials said the investigation was continuing.",
    "Reporting by Anna Kowalski; editing by Tom Harding.",
]


def read_flores() -> tuple[list[str], list[str]]:
    vi = (DATA / "flores200-devtest-first40.vie").read_text(encoding="utf-8").splitlines()
    en = (DATA / "flores200-devtest-first40.eng").read_text(encoding="utf-8").splitlines()
    return vi, en


def pairs(links: list[Link]) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {(link.src, link.tgt) for link in links}


def one_to_one_around(links: list[Link], src_gap: int | None, tgt_gap: int | None) -> bool:
    """Whether every other sentence is linked 1-1 to its FLORES counterpart."""
    shift = lambda index, gap: index - (gap is not None and index > gap)  # noqa: E731
    return all(
        shift(link.src[0], src_gap) == shift(link.tgt[0], tgt_gap)
        for link in links
        if link.src and link.tgt
    ) and all(len(link.src) <= 1 and len(link.tgt) <= 1 for link in links)


def test_a_short_vietnamese_aside_is_a_1_0_link():
    vi, en = read_flores()
    for aside in VI_ASIDES:
        src = vi[:5] + [aside] + vi[5:20]
        links = align_sentences(src, en[:20])
        [unmatched] = [link for link in links if link.src == (5,)]
        assert unmatched.tgt == () and unmatched.score > 0.9
        assert one_to_one_around(links, 5, None)


def test_a_content_like_english_line_is_a_0_1_link():
    vi, en = read_flores()
    for line in EN_LINES[:2]:
        tgt = en[:11] + [line] + en[11:20]
        links = align_sentences(vi[:20], tgt)
        [unmatched] = [link for link in links if link.tgt == (11,)]
        assert unmatched.src == () and unmatched.score > 0.8
        assert one_to_one_around(links, None, 11)


def test_an_aside_and_an_english_line_side_by_side_are_not_paired():
    vi, en = read_flores()
    src = vi[:5] + [VI_ASIDES[1]] + vi[5:20]
    tgt = en[:5] + [EN_LINES[2]] + en[5:20]
    links = align_sentences(src, tgt)
    assert {((5,), ()), ((), (5,))} <= pairs(links)
    assert ((5,), (5,)) not in pairs(links)
    assert sum(link.kind == "1-1" for link in links) == 20


def test_an_empty_sentence_is_never_paired():
    vi, en = read_flores()
    links = align_sentences(["", vi[0], "  "], [en[0], ""])
    assert pairs(links) >= {((0,), ()), ((1,), (0,)), ((2,), ()), ((), (1,))}


def model_for(vi: list[str], en: list[str]) -> DocumentModel:
    lengths = lambda sentences: [len(sentence) for sentence in sentences]  # noqa: E731
    ratio = math.log(sum(lengths(en))) - math.log(sum(lengths(vi)))
    return DocumentModel(
        document_anchors(vi, VIETNAMESE), document_anchors(en, ENGLISH), lengths(vi), lengths(en),
        link_types(3), Parameters(log_length_ratio=ratio),
    )


def test_short_sentences_are_cheaper_to_leave_unmatched_than_typical_ones():
    vi, en = read_flores()
    tgt = en[:10] + ["Photo: Reuters", EN_LINES[0]]
    insertion = model_for(vi[:10], tgt).insertion
    typical = np.median(insertion[1:11])
    assert insertion[11] > typical + 2 and insertion[12] > typical
    assert np.isneginf(insertion[0])


def test_link_type_probabilities_follow_the_first_pass():
    vi, en = read_flores()
    model = model_for(vi[:20], en[:20])
    first_pass = [(i, i, 1, 1, 0.99) for i in range(1, 15)] + [(15 + k, 14, 1, 0, 0.9) for k in range(1, 6)]
    fitted = model.recalibrated(first_pass).type_probability
    assert fitted[(1, 0)] > 2 * DEFAULT_TYPE_PROBABILITY[(1, 0)]
    assert fitted[(0, 1)] < DEFAULT_TYPE_PROBABILITY[(0, 1)]
    assert abs(sum(fitted.values()) - 1) < 1e-9
