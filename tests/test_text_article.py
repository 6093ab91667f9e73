"""segment_article(): numbering, offsets, repeats and counts on real and hand-made articles."""
from __future__ import annotations

from pathlib import Path

from songngu.text import (
    BOILERPLATE,
    CAPTION,
    HEADING,
    KINDS,
    SENTENCE,
    Segment,
    count_kinds,
    count_repeats,
    normalize_text,
    read_article,
    repeat_key,
    segment_article,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_article(path).text


def test_numbering_and_offsets() -> None:
    text = "Tiêu đề bài viết\n\n  Câu một. Câu hai.\n \nCâu ba!\n"
    segments = segment_article(text)
    assert [(s.index, s.paragraph, s.sentence, s.text) for s in segments] == [
        (0, 0, 0, "Tiêu đề bài viết"),
        (1, 1, 0, "Câu một."),
        (2, 1, 1, "Câu hai."),
        (3, 2, 0, "Câu ba!"),
    ]
    for segment in segments:
        assert text[segment.start : segment.end] == segment.text
    assert segments[0].kind == HEADING
    assert segment_article("") == []
    assert segment_article("\n  \n") == []


def test_repeated_body_of_seed_003_is_flagged_segment_by_segment() -> None:
    segments = segment_article(seed("003"))
    first, second = [[s for s in segments if s.paragraph == number] for number in (0, 1)]
    assert first[0].text == "date 2020-02" and first[0].kind == BOILERPLATE
    body = first[1:]
    assert len(second) == len(body) == 19
    for copy, original in zip(second, body):
        assert copy.text == original.text
        assert copy.repeat_of is not None
        assert segments[copy.repeat_of].text == original.text
    credits = [s for s in segments if s.text == "Nguồn ảnh: Militarytimes."]
    assert len(credits) == 18
    assert all(s.kind == CAPTION for s in credits)
    assert credits[0].repeat_of is None
    assert all(s.repeat_of == credits[0].index for s in credits[1:])
    assert [s.repeat_of for s in body if s.kind == SENTENCE] == [None] * 10


def test_repeat_key_ignores_case_and_spacing() -> None:
    assert repeat_key("Nguồn ảnh: Militarytimes.") == repeat_key("nguồn  ảnh :MILITARYTIMES .")
    assert repeat_key("Hà Nội , ngày 3/1") == repeat_key("hà nội, ngày 3 / 1")
    assert repeat_key("Căn cứ bị tấn công") != repeat_key("Căn cứ bị tấn công lần hai")
    assert repeat_key("Hà Nội") != repeat_key("HàNội")
    assert repeat_key("***") == repeat_key(" *** ") != repeat_key("…")
    text = "Ảnh: AP\nCâu một.\nẢNH:  AP\n***\n…"
    assert [s.repeat_of for s in segment_article(text)] == [None, None, 0, None, None]


def test_a_question_does_not_repeat_the_statement() -> None:
    statement = "Bộ trưởng sẽ đến thăm Hà Nội."
    for other in ("Bộ trưởng sẽ đến thăm Hà Nội?", "Bộ trưởng sẽ đến thăm Hà Nội!", "Bộ trưởng sẽ đến thăm Hà Nội…",
                  "Bộ trưởng sẽ đến thăm Hà Nội", "Bộ trưởng sẽ đến thăm Hà Nội?!"):
        assert repeat_key(other) != repeat_key(statement), other
    segments = segment_article(f"{statement}\nBộ trưởng sẽ đến thăm Hà Nội?\nBỘ TRƯỞNG SẼ ĐẾN THĂM  HÀ NỘI.")
    assert [s.repeat_of for s in segments] == [None, None, 0]


def test_other_punctuation_counts_but_typographic_variants_do_not() -> None:
    assert repeat_key("Ăn đi, con.") != repeat_key("Ăn đi con.")
    assert repeat_key("Giá tăng (mạnh).") != repeat_key("Giá tăng mạnh.")
    assert repeat_key("Thế à...") == repeat_key("Thế à…")
    assert repeat_key("Ông nói: “Xong rồi”.") == repeat_key('Ông nói: "Xong rồi".')
    assert repeat_key("Đó là ‘bí mật’.") == repeat_key("Đó là 'bí mật'.")


def test_repeated_heading_in_seed_001() -> None:
    segments = segment_article(seed("001"))
    headings = [s for s in segments if s.text == "Căn cứ quân sự Mỹ ở Iraq bị tấn công"]
    assert [s.kind for s in headings] == [HEADING, HEADING]
    assert headings[1].repeat_of == headings[0].index


def test_count_kinds_and_repeats() -> None:
    segments = segment_article(seed("003"))
    counts = count_kinds(segments)
    assert list(counts) == list(KINDS)
    assert counts == {"sentence": 20, "heading": 0, "caption": 18, "byline": 0, "boilerplate": 1}
    assert count_repeats(segments) == 27
    assert count_kinds([]) == dict.fromkeys(KINDS, 0)


def test_segments_are_the_shared_dataclass_and_offsets_hold_on_every_seed() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalize_text(path.read_text(encoding="utf-8"))
        segments = segment_article(text)
        assert segments and all(isinstance(s, Segment) for s in segments)
        assert all(text[s.start : s.end] == s.text for s in segments)
        assert all(s.kind in KINDS for s in segments)
