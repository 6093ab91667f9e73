"""Invariants of align_sentences on arbitrary input: coverage, order, merge limits, scores."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from songngu.align import align_sentences

WORDS = ["Hà Nội", "Hanoi", "1.000", "1,000", "3,5%", "Photo: AP", "Ảnh: AP", "ngày", "the", "“", "?", "Nga", "Russia"]
sentences = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(src=sentences, tgt=sentences, max_merge=st.integers(min_value=1, max_value=4))
def test_links_cover_every_sentence_once_in_order(src, tgt, max_merge):
    links = align_sentences(src, tgt, max_merge=max_merge)
    assert [i for link in links for i in link.src] == list(range(len(src)))
    assert [j for link in links for j in link.tgt] == list(range(len(tgt)))
    for link in links:
        assert link.src or link.tgt
        assert len(link.src) <= max_merge and len(link.tgt) <= max_merge
        assert len(link.src) <= 1 or len(link.tgt) == 1
        assert len(link.tgt) <= 1 or len(link.src) == 1
        assert 0.0 <= link.score <= 1.0
        assert link.kind == f"{len(link.src)}-{len(link.tgt)}"


@settings(max_examples=20, deadline=None)
@given(src=sentences, tgt=sentences, data=st.data())
def test_translations_keep_the_invariants(src, tgt, data):
    translations = data.draw(st.lists(st.text(max_size=40), min_size=len(src), max_size=len(src)))
    links = align_sentences(src, tgt, src_translations=translations)
    assert [i for link in links for i in link.src] == list(range(len(src)))
    assert [j for link in links for j in link.tgt] == list(range(len(tgt)))


@settings(max_examples=10, deadline=None)
@given(size=st.integers(min_value=60, max_value=160), extra=st.integers(min_value=0, max_value=40))
def test_banded_search_covers_unequal_long_documents(size, extra):
    src = [f"Câu số {k} nói về {k * 7} người." for k in range(size)]
    tgt = [f"Sentence {k} is about {k * 7} people." for k in range(size + extra)]
    links = align_sentences(src, tgt, band_width=3)
    assert [i for link in links for i in link.src] == list(range(size))
    assert [j for link in links for j in link.tgt] == list(range(size + extra))
