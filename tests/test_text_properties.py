"""Properties of the splitter and segmenter that must hold for any input."""
from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from songngu.text import normalize_text, segment_article, split_sentence_spans, split_sentences
from songngu.text.patterns import INVISIBLE, NO_BREAK_SPACE

TOKENS = [
    "Ông", "bà", "Đây", "là", "câu", "Ảnh:", "Nguồn ảnh:", "Nguồn:", "TTXVN", "Reuters/TTXVN", "Theo", "date", "2020-02",
    "TS.", "PGS.TS.", "TP.HCM", "Q.", "v.v.", "J.", "U.S.", "A.", "y.", "m.", "3.5", "1.000.000", "13-1-2020",
    "baomoi.vn", "gái.Dựa", "“", "”", '"', "'", "(", ")", ".", "..", "...", "…", "?", "!", "?!", ",", ":", "-", "1.",
    "II.", "iPhone", "Ở", "ư", "Ơ", "x", "Getty", "Images", "Các", "nhà", "Hà", "Nội", "\u00a0", "\t",
    "🎉", "😍", "👍🏽", "❤️", "👨\u200d👩\u200d👧", "★", "°", "©", "\u200b",
]
SEPARATORS = ["", " ", " ", "  ", "\n", "\n\n", "\r\n", "\u2028"]

vietnamese_like = st.lists(
    st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), max_size=40
).map(lambda pairs: "".join(token + separator for token, separator in pairs))
any_text = st.one_of(vietnamese_like, st.text(max_size=200), st.text(alphabet=".!?… \n“”\"'ÔĐaA1", max_size=80))

MARKUP_TOKENS = [
    "<p>", "</p>", "<br>", "<br/>", "<div class='x'>", "</div>", "<li>", "<h2>", "<b>", "</b>", "<a href=\"x?a=1&amp;b\">",
    "</a>", "<span>", "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "<", ">", "/", "&", ";", "#", "x", "amp;",
    "lt;", "gt;", "p", "b", "script", "&amp;", "&lt;", "&gt;", "&nbsp;", "&#8220;", "&#x201D;", "&#38;", "&#8203;", "&#13;",
    "&#x37E;", "&#769;", "&copy", "&foo;", "AT&T", "a < b", "<3", "<tên>", "\u200b", "\ufeff", "\u00ad", "\u2060",
    "\u200d", "\u200c", "\u00a0", "\u037e", "\u212a", "\u0301", "\u0338", "\r", "\r\n",
    "<i>", "</i>", "<b/>", "<wbr>", "<img alt=\"a > b\">", "<a title='x", '"', "'", "&quot;", "&amp;lt;", "&amp;gt;", " ", "\t",
]
markup_like = st.lists(
    st.one_of(st.sampled_from(MARKUP_TOKENS), st.sampled_from(TOKENS)), max_size=40
).map("".join)
raw_text = st.one_of(markup_like, any_text)

_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WHITESPACE.sub("", text)


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_no_character_lost_or_added(text: str) -> None:
    sentences = split_sentences(text)
    assert squeeze("".join(sentences)) == squeeze(text)


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_no_empty_or_padded_segments(text: str) -> None:
    for sentence in split_sentences(text):
        assert sentence
        assert sentence == sentence.strip()


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_idempotent_on_its_own_output(text: str) -> None:
    for sentence in split_sentences(text):
        assert split_sentences(sentence) == [sentence]


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_spans_are_ordered_and_disjoint(text: str) -> None:
    spans = split_sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[previous_end:start].strip() == ""
        previous_end = end
    assert text[previous_end:].strip() == ""


@settings(max_examples=200, deadline=None)
@given(vietnamese_like)
def test_segments_point_into_the_text(text: str) -> None:
    segments = segment_article(text)
    assert [segment.index for segment in segments] == list(range(len(segments)))
    for segment in segments:
        assert text[segment.start : segment.end] == segment.text
        assert segment.repeat_of is None or segments[segment.repeat_of].repeat_of is None
        assert segment.repeat_of is None or segment.repeat_of < segment.index


PATHOLOGICAL = {
    "ten thousand periods": "." * 10_000,
    "spaced periods": ". " * 10_000,
    "initials": "A. " * 50_000,
    "one megabyte line": ("Đây là câu thứ nhất với TS. Nguyễn và 3.5 điểm. " * 25_000)[:1_000_000],
    "one megabyte word": "x" * 1_000_000,
    "glued full stops": "Ab.Cd" * 100_000,
    "credit labels": "x Ảnh: A " * 20_000,
    "quotes": '" “' * 100_000,
    "emoji run": "🎉" * 200_000,
    "spaced emoji": "🎉 " * 200_000,
    "emoji between sentences": "Câu một. 🎉 " * 30_000,
    "emoji glued to stops": "a.🎉" * 100_000,
}


def test_pathological_inputs_finish_with_sane_results() -> None:
    for name, text in PATHOLOGICAL.items():
        sentences = split_sentences(text)
        assert squeeze("".join(sentences)) == squeeze(text), name
        assert all(sentences), name
    assert split_sentences(PATHOLOGICAL["ten thousand periods"]) == ["." * 10_000]
    assert len(split_sentences(PATHOLOGICAL["one megabyte line"])) == 20_834
    assert len(split_sentences(PATHOLOGICAL["glued full stops"])) == 100_001
    assert split_sentences(PATHOLOGICAL["spaced emoji"]) == [PATHOLOGICAL["spaced emoji"].strip()]
    assert len(split_sentences(PATHOLOGICAL["emoji between sentences"])) == 60_000


@settings(max_examples=500, deadline=None)
@given(raw_text)
def test_normalize_text_reads_its_own_output_back(raw: str) -> None:
    """Escaped markup comes out as tags written as text, which a second call would take for markup; the output,
    HTML-escaped, reads back as itself, and without a ``&`` in the input the output is a fixed point."""
    text = normalize_text(raw)
    assert normalize_text(html.escape(text, quote=False)) == text
    if "&" not in raw:
        assert normalize_text(text) == text
    assert "\r" not in text
    assert INVISIBLE.search(text) is None and NO_BREAK_SPACE.search(text) is None


@settings(max_examples=300, deadline=None)
@given(raw_text)
def test_segments_of_normalised_text_cover_every_visible_character_once(raw: str) -> None:
    text = normalize_text(raw)
    covered = [0] * len(text)
    for segment in segment_article(text):
        assert text[segment.start : segment.end] == segment.text
        for position in range(segment.start, segment.end):
            covered[position] += 1
    for char, count in zip(text, covered):
        assert count == 1 or (count == 0 and char.isspace())
