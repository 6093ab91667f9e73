"""align_sentences on small hand-written vi/en news documents and on real FLORES-200 lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from songngu.align import Link, align_sentences

DATA = Path(__file__).parent / "data" / "align"

# A short news document written for these tests; VI[2] is a photo caption with no English.
VI = [
    "Ngày 13-1-2020, Bộ Quốc phòng Iraq cho biết đã có cuộc họp với đại diện Nga tại Baghdad.",
    "Hai bên thảo luận về hợp tác chống khủng bố và trao đổi thông tin tình báo.",
    "Máy bay quân sự hạ cánh xuống căn cứ không quân Ain al-Asad. Ảnh: AP",
    "Theo hãng tin AP, Nga đã cam kết cung cấp 12 máy bay trinh sát cho Iraq.",
    "Tổng thống Vladimir Putin chưa bình luận về thông tin này.",
    "Giá dầu thế giới tăng 3,5% trong phiên giao dịch ngày thứ Hai.",
    "Các nhà phân tích cho rằng căng thẳng ở Trung Đông là nguyên nhân chính.",
    "Hà Nội dự kiến đón 1.000 chuyên gia quốc tế vào tháng 3.",
]
EN = [
    "On January 13, 2020, Iraq's Defence Ministry said it had met Russian representatives in Baghdad.",
    "The two sides discussed counter-terrorism cooperation and intelligence sharing.",
    "According to AP, Russia has pledged to provide 12 reconnaissance aircraft to Iraq.",
    "President Vladimir Putin has not commented on the report.",
    "World oil prices rose 3.5% in Monday's trading session.",
    "Analysts said tensions in the Middle East were the main cause.",
    "Hanoi expects to welcome 1,000 international experts in March.",
]
EN_MERGED = EN[:3] + [
    "President Vladimir Putin has not commented on the report, while world oil prices rose 3.5% in Monday's trading session."
] + EN[5:]


def pairs(links: list[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.src, link.tgt) for link in links]


def assert_covers(links: list[Link], n: int, m: int) -> None:
    src = [i for link in links for i in link.src]
    tgt = [j for link in links for j in link.tgt]
    assert src == list(range(n)) and tgt == list(range(m))
    assert all(link.src or link.tgt for link in links)
    assert all(0.0 <= link.score <= 1.0 for link in links)


def test_caption_on_the_vietnamese_side_is_left_unmatched():
    links = align_sentences(VI, EN)
    assert pairs(links) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)),
        ((5,), (4,)), ((6,), (5,)), ((7,), (6,)),
    ]
    assert [link.kind for link in links][:3] == ["1-1", "1-1", "1-0"]


def test_two_sentences_merged_in_english_give_a_2_1_link():
    links = align_sentences(VI, EN_MERGED)
    assert pairs(links) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4, 5), (3,)), ((6,), (4,)), ((7,), (5,)),
    ]


def test_two_sentences_merged_in_vietnamese_give_a_1_2_link():
    joined = VI[3][:-1] + " và " + VI[4][0].lower() + VI[4][1:]
    links = align_sentences(VI[:3] + [joined] + VI[5:], EN)
    assert ((3,), (2, 3)) in pairs(links)
    assert pairs(links)[:3] == [((0,), (0,)), ((1,), (1,)), ((2,), ())]


def test_a_dropped_translation_leaves_its_neighbours_intact():
    links = align_sentences(VI, EN[:1] + EN[2:])
    assert pairs(links) == [
        ((0,), (0,)), ((1,), ()), ((2,), ()), ((3,), (1,)), ((4,), (2,)),
        ((5,), (3,)), ((6,), (4,)), ((7,), (5,)),
    ]


def test_an_english_photo_credit_is_a_0_1_link():
    links = align_sentences(VI[:2] + VI[3:], EN[:2] + ["Photo: Reuters"] + EN[2:])
    assert pairs(links) == [((0,), (0,)), ((1,), (1,)), ((), (2,))] + [((i,), (i + 1,)) for i in range(2, 7)]


def test_translated_captions_are_linked_to_each_other():
    links = align_sentences(VI[:2] + ["Ảnh: Reuters"] + VI[3:], EN[:2] + ["Photo: Reuters"] + EN[2:])
    assert pairs(links) == [((i,), (i,)) for i in range(8)]


def test_max_merge_one_allows_no_merges():
    links = align_sentences(VI, EN_MERGED, max_merge=1)
    assert_covers(links, len(VI), len(EN_MERGED))
    assert {link.kind for link in links} <= {"1-1", "1-0", "0-1"}
    assert ((4,), ()) in pairs(links) or ((5,), ()) in pairs(links)


@pytest.mark.parametrize("max_merge", [1, 2, 3, 4])
def test_links_never_exceed_max_merge(max_merge):
    src = [VI[0], VI[1] + " " + VI[3] + " " + VI[4] + " " + VI[5], VI[6]]
    tgt = [EN[0], EN[1], EN[2], EN[3], EN[4], EN[5]]
    links = align_sentences(src, tgt, max_merge=max_merge)
    assert_covers(links, len(src), len(tgt))
    assert max(max(len(link.src), len(link.tgt)) for link in links) <= max_merge
    if max_merge >= 4:
        assert ((1,), (1, 2, 3, 4)) in pairs(links)


def test_empty_source_gives_all_0_1_links():
    links = align_sentences([], EN[:3])
    assert pairs(links) == [((), (0,)), ((), (1,)), ((), (2,))]
    assert [link.kind for link in links] == ["0-1"] * 3


def test_empty_target_gives_all_1_0_links():
    assert pairs(align_sentences(VI[:2], [])) == [((0,), ()), ((1,), ())]


def test_both_empty_gives_no_links():
    assert align_sentences([], []) == []


def test_empty_strings_are_still_covered():
    links = align_sentences(["", VI[0], ""], [EN[0], ""])
    assert_covers(links, 3, 2)
    assert ((1,), (0,)) in pairs(links)


def test_machine_translations_add_evidence():
    translations = [
        "On 13-1-2020, the Iraqi Ministry of Defense said it had a meeting with Russian representatives in Baghdad.",
        "The two sides discussed cooperation against terrorism and exchange of intelligence information.",
        "Military aircraft landed at Ain al-Asad air base. Photo: AP",
        "According to AP, Russia has committed to provide 12 reconnaissance aircraft to Iraq.",
        "President Vladimir Putin has not commented on this information.",
        "World oil prices rose 3.5% in the trading session on Monday.",
        "Analysts believe that tensions in the Middle East are the main reason.",
        "Hanoi is expected to receive 1,000 international experts in March.",
    ]
    links = align_sentences(VI, EN_MERGED, src_translations=translations)
    assert ((4, 5), (3,)) in pairs(links) and ((2,), ()) in pairs(links)


def test_translations_must_match_the_source_length():
    with pytest.raises(ValueError, match="src_translations"):
        align_sentences(VI, EN, src_translations=["only one"])


def test_max_merge_below_one_is_refused():
    with pytest.raises(ValueError, match="max_merge"):
        align_sentences(VI, EN, max_merge=0)


def test_non_string_sentences_are_refused():
    with pytest.raises(TypeError, match="tgt"):
        align_sentences(VI, [EN[0], None])  # type: ignore[list-item]


def read_flores() -> tuple[list[str], list[str]]:
    vi = (DATA / "flores200-devtest-first40.vie").read_text(encoding="utf-8").splitlines()
    en = (DATA / "flores200-devtest-first40.eng").read_text(encoding="utf-8").splitlines()
    return vi, en


def test_flores_lines_align_one_to_one_with_high_scores():
    vi, en = read_flores()
    links = align_sentences(vi, en)
    assert pairs(links) == [((i,), (i,)) for i in range(len(vi))]
    assert min(link.score for link in links) > 0.5


def test_flores_with_deletions_on_both_sides():
    vi, en = read_flores()
    src = vi[:10] + vi[11:]
    tgt = en[:25] + en[26:]
    links = align_sentences(src, tgt)
    assert_covers(links, len(src), len(tgt))
    assert ((), (10,)) in pairs(links)
    assert ((24,), ()) in pairs(links)
    assert sum(link.kind == "1-1" for link in links) == len(src) - 1


def test_long_document_completes_and_stays_on_the_diagonal():
    vi, en = read_flores()
    src = (vi * 50)[:2000]
    tgt = (en * 50)[:2000]
    del tgt[1000]
    links = align_sentences(src, tgt)
    assert_covers(links, len(src), len(tgt))
    assert ((1000,), ()) in pairs(links)
    one_to_one = sum(link.kind == "1-1" for link in links)
    assert one_to_one >= 1990
