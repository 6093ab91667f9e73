"""Pair quality signals and row filtering on real sentences.

Vietnamese sentences come from the sample articles in seeds/ and, where marked, from
FLORES-200 devtest (CC BY-SA 4.0, Meta AI NLLB team) with their English references.
"""
from __future__ import annotations

import copy

import datasets
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songngu.align.filtering import (
    DEFAULT_THRESHOLDS,
    DROP_CODES,
    DUPLICATE,
    EMPTY_EN,
    NOT_TRANSLATED,
    REPEAT,
    Thresholds,
    count_reasons,
    filter_rows,
)
from songngu.align.quality import (
    SIGNAL_COLUMNS,
    PairSignals,
    add_signals,
    entity_overlap,
    is_truncated,
    length_ratio,
    number_match,
    pair_signals,
    punct_match,
    repetition_share,
    strip_diacritics,
    untranslated_share,
)

SEED_VI = (
    "Máy bay của quân đội Mỹ hạ cánh xuống căn cứ không quân Ain al-Asad, ở Anbar, Iraq ngày 13-1-2020. Ảnh: AP"
)
SEED_EN = "A US military plane lands at Ain al-Asad air base in Anbar, Iraq, on January 13, 2020. Photo: AP"
SOLEIMANI_VI = (
    "Động thái này diễn ra giữa lúc quan hệ Baghdad - Washington có phần căng thẳng sau cuộc không kích làm "
    "tướng Iran Qassem Soleimani thiệt mạng ở gần sân bay Baghdad."
)
SOLEIMANI_EN = (
    "The move comes amid strained Baghdad-Washington relations after the air strike that killed Iranian "
    "general Qassem Soleimani near Baghdad airport."
)
FLORES_PAIRS = [  # FLORES-200 devtest, lines 1, 2 and 4
    (
        "“Chúng tôi hiện có đàn chuột 4 tháng tuổi đã hết bị tiểu đường,” ông nói thêm.",
        '"We now have 4-month-old mice that are non-diabetic that used to be diabetic," he added.',
    ),
    (
        "Tiến sĩ Ehud Ur, giáo sư y khoa của Trường Đại học Dalhousie ở Halifax, Nova Scotia và là chủ tịch ban lâm "
        "sàng và khoa học của Hiệp hội Bệnh Tiểu đường Canada cảnh báo rằng nghiên cứu này chỉ mới là sự khởi đầu.",
        "Dr. Ehud Ur, professor of medicine at Dalhousie University in Halifax, Nova Scotia and chair of the clinical "
        "and scientific division of the Canadian Diabetes Association cautioned that the research is still in its "
        "early days.",
    ),
    (
        "Vào ngày thứ Hai, Sara Danius, thư ký thường trực của Ủy Ban Nobel Văn Học thuộc Viện Hàn Lâm Thụy Điển, "
        "trong một chương trình phát thanh của Đài Phát Thanh Sveriges ở Thụy Điển, đã công bố rằng, vì không thể "
        "liên lạc trực tiếp với Bob Dylan về việc trao Giải Nobel Văn Học năm 2016, ủy ban đã ngừng nỗ lực liên lạc "
        "với ông.",
        "On Monday, Sara Danius, permanent secretary of the Nobel Committee for Literature at the Swedish Academy, "
        "publicly announced during a radio program on Sveriges Radio in Sweden the committee, unable to reach Bob "
        "Dylan directly about winning the 2016 Nobel Prize in Literature, had abandoned its efforts to reach him.",
    ),
]


def row(vi: str, en: str, index: int = 0, **fields) -> dict:
    """A schema-shaped row for one pair."""
    base = {
        "id": f"art-{index:04d}",
        "article_id": "art",
        "paragraph": 0,
        "sentence": index,
        "segment": index,
        "start": 0,
        "end": len(vi),
        "kind": "sentence",
        "repeat_of": -1,
        "translated": True,
        "split_for_length": False,
        "translation": {"vi": vi, "en": en},
        "model": "opus-mt-vi-en",
        "model_revision": "main",
    }
    return {**base, **fields}


# Signals


def test_gold_pairs_score_as_clean() -> None:
    for vi, en in FLORES_PAIRS + [(SEED_VI, SEED_EN), (SOLEIMANI_VI, SOLEIMANI_EN)]:
        signals = pair_signals(vi, en)
        assert 0.7 < signals.length_ratio < 1.3
        assert signals.number_match == 1.0
        assert signals.entity_overlap == 1.0
        assert signals.untranslated == 0.0
        assert signals.repetition == 0.0
        assert not signals.truncated


def test_length_ratio_counts_characters() -> None:
    assert length_ratio("  Xin chào.  ", "Hello.") == pytest.approx(6 / 9)
    assert length_ratio("", "Hello.") == 0.0


@pytest.mark.parametrize(
    ("vi", "en"),
    [
        ("Giá trị đạt 1.000.000 đồng.", "It reached 1,000,000 dong."),
        ("Lãi suất tăng 3,5%.", "Interest rose 3.5%."),
        ("Họ đến ngày 13-1-2020.", "They arrived on January 13, 2020."),
        ("Đàm phán bị hoãn từ hôm 3/1.", "Talks have been on hold since January 3."),
        ("Hạn chót là 13/1.", "The deadline is 13/1."),
        ("Dự án trị giá 5 triệu USD.", "The project is worth 5,000,000 USD."),
        ("Dự án trị giá 1,5 tỷ USD.", "The project is worth 1.5 billion USD."),
        ("Có 3 người bị thương.", "Three people were injured."),
        ("Tôi mua nó với giá 300 đôla.", "I bought it for three hundred dollars."),
        ("Tôi dậy lúc 8:00.", "I get up at eight o'clock."),
        ("Cuộc họp diễn ra vào thứ 2.", "The meeting took place on Monday."),
        ("Họ ở đây hai mươi lăm ngày.", "They stayed 25 days."),
        ("Không có con số nào.", "There are no numbers."),
    ],
)
def test_number_match_normalises_vietnamese_and_english_notation(vi: str, en: str) -> None:
    assert number_match(vi, en) == 1.0


def test_number_match_catches_wrong_numbers() -> None:
    assert number_match("Họ đến ngày 13-1-2020.", "They arrived on January 14, 2019.") == pytest.approx(1 / 5)
    assert number_match("Có 1.000 người.", "There were 100 people.") == 0.0
    assert number_match("Có nhiều người.", "There were 250 people.") == 0.0


def test_number_match_ignores_scale_words_only_unicode_case_folding_matches() -> None:
    # "mıllion" (dotless ı), "MİLLION" (dotted İ) and "thouſand" (long s) match the scale words
    # case-insensitively without being among them; they used to raise KeyError.
    assert number_match("Có 5 mıllion người.", "There are 5 people.") == 1.0
    assert number_match("5 MİLLION", "5") == 1.0
    assert add_signals([row("Giá 2 thouſand đồng.", "It costs 2 dong.")])[0]["q_number_match"] == 1.0


def test_entity_overlap_compares_names_without_diacritics() -> None:
    assert entity_overlap(SOLEIMANI_VI, SOLEIMANI_EN) == 1.0
    assert entity_overlap(SOLEIMANI_VI, "The weather was nice yesterday.") == 0.0
    assert entity_overlap("Năm 1956, Slania chuyển đến Thụy Điển.", "In 1956 Słania moved to Sweden.") == 1.0
    assert strip_diacritics("Hà Nội, Đà Nẵng") == "Ha Noi, Da Nang"


def test_entity_overlap_treats_acronyms_as_case_sensitive() -> None:
    vi = "Hai bên nhấn mạnh việc ngăn chặn tổ chức Nhà nước Hồi giáo tự xưng (IS)."
    assert entity_overlap(vi, "Both sides stressed preventing the self-proclaimed Islamic State (IS).") == 1.0
    assert entity_overlap(vi, "Both sides stressed that this is important.") == 0.0


def test_entity_overlap_ignores_vietnamese_words_and_acronyms() -> None:
    vi = "Theo TTXVN, Bộ Quốc phòng Việt Nam đã họp tại Hà Nội."
    assert entity_overlap(vi, "According to VNA, the Vietnamese Ministry of Defence met in Hanoi.") == 1.0
    assert entity_overlap("Giá trị hợp đồng là 1.000 tỷ đồng.", "The contract is worth VND1 trillion.") == 1.0


def test_punct_match_compares_punctuation_kinds() -> None:
    assert punct_match("Bạn có khỏe không?", "How are you?") == 1.0
    assert punct_match("Bạn có khỏe không?", "How are you.") == 0.0
    assert punct_match("Ông nói: “Đi!” (ngay)", 'He said: "Go!" (now)') == 1.0
    assert punct_match("Trời mưa.", "It rains.") == 1.0


def test_untranslated_detects_copied_vietnamese() -> None:
    assert untranslated_share(SEED_VI, SEED_VI) == 1.0
    assert untranslated_share("Toi se goi ho ngay mai.", "Toi se goi ho ngay mai.") == 1.0
    partial = "The Ministry said rằng các bên đã thảo luận về triển vọng hợp tác."
    assert untranslated_share(partial, SEED_VI) > 0.5
    source = "Tuyên bố của Bộ Quốc phòng Iraq cho biết, các bên đã thảo luận về triển vọng hợp tác và phối hợp."
    stripped = "Tuyen bo cua Bo Quoc phong Iraq cho biet cac ben da thao luan ve trien vong hop tac va phoi hop"
    assert untranslated_share(stripped, source) == 1.0
    assert untranslated_share("The report said cac ben da thao luan ve trien vong hop tac", source) > 0.5
    assert untranslated_share("ket qua cua nhung nguoi duoc chon") > 0.5


def test_untranslated_leaves_vietnamese_names_and_loanwords_alone() -> None:
    assert untranslated_share("Prime Minister Nguyễn Xuân Phúc met officials in Đà Nẵng.") == 0.0
    assert untranslated_share("She drank a café au lait in Hà Nội.") == 0.0
    assert untranslated_share("I chewed the gum.", "Tôi đã nhai kẹo gum.") == 0.0


def test_repetition_flags_loops_but_not_normal_english() -> None:
    assert repetition_share("the the the the the cat sat") > 0.5
    assert repetition_share("We will fight, we will fight, we will fight, we will fight.") > 0.6
    assert repetition_share("Iraq said hahahahahahahahahahaha") > 0.4
    assert repetition_share("What he had had was enough, and it was, it was.") < 0.25
    assert repetition_share(SOLEIMANI_EN) == 0.0
    assert repetition_share("") == 0.0


def test_truncation() -> None:
    assert is_truncated(SOLEIMANI_VI, "The move comes amid strained")
    assert is_truncated("Anh ấy đang rất cố gắng cai thuốc lá.", "He is trying hard to quit smoking")
    assert not is_truncated(*FLORES_PAIRS[0])  # ”, vs ," at the end
    assert not is_truncated("Iraq tự điều chỉnh", "Iraq adjusts itself")
    assert is_truncated("Xin chào.", "")


def test_pair_signals_normalises_to_nfc_and_passes_scores_through() -> None:
    decomposed = "Cha\u0300o ba\u0323n."  # "Chào bạn." in NFD
    signals = pair_signals(decomposed, decomposed, logprob=-0.7, align_score=float("nan"))
    assert signals.untranslated == 1.0
    assert signals.logprob == -0.7
    assert signals.align_score is None
    assert set(signals.as_dict()) == {name.removeprefix("q_") for name in SIGNAL_COLUMNS}
    assert isinstance(signals, PairSignals)


def test_add_signals_adds_typed_columns_that_datasets_accepts() -> None:
    rows = [row(SEED_VI, SEED_EN, 0, logprob=-0.4, align_score=0.8), row("Chú thích ảnh", "", 1, translated=False)]
    original = copy.deepcopy(rows)
    enriched = add_signals(rows)
    assert rows == original
    assert enriched[0]["q_logprob"] == pytest.approx(-0.4)
    assert enriched[0]["q_align_score"] == pytest.approx(0.8)
    assert enriched[1]["q_logprob"] is None
    assert enriched[1]["q_truncated"] is True
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "translation": datasets.Translation(languages=["vi", "en"]),
            **{name: datasets.Value(dtype) for name, dtype in SIGNAL_COLUMNS.items()},
        }
    )
    table = datasets.Dataset.from_list(
        [{name: item[name] for name in features} for item in enriched], features=features
    )
    assert table["q_truncated"] == [False, True]
    assert table["q_number_match"] == [1.0, 1.0]


# Filtering


def test_filter_rows_accounts_for_every_row_with_a_reason() -> None:
    rows = [
        row(SEED_VI, SEED_EN, 0),
        row("Ảnh: Reuters/TTXVN", "", 1, kind="caption", translated=False),
        row(SEED_VI, SEED_EN, 2, repeat_of=0),
        row(SOLEIMANI_VI, SOLEIMANI_VI, 3),
        row(SOLEIMANI_VI, "The move comes amid strained", 4),
        row("Không có gì.", "", 5),
        row(SEED_VI, SEED_EN, 6, article_id="other", id="other-0000"),
        row(*FLORES_PAIRS[0], 7, logprob=-4.2),
        row(*FLORES_PAIRS[1], 8, logprob=-0.3),
        row(*FLORES_PAIRS[2], 9, align_score=0.2),
    ]
    kept, dropped = filter_rows(rows)
    assert [item["id"] for item in kept] == ["art-0000", "art-0008"]
    reasons = {item["id"]: item["drop_reason"] for item in dropped}
    details = {item["id"]: item["drop_detail"] for item in dropped}
    assert reasons["art-0001"] == NOT_TRANSLATED and details["art-0001"] == "not translated (kind=caption)"
    assert reasons["art-0002"] == REPEAT and details["art-0002"] == "repeat of segment 0"
    assert reasons["art-0003"].startswith("untranslated") and details["art-0003"].startswith("untranslated=1.00>0.20")
    assert reasons["art-0004"].startswith("truncated; length_ratio")  # codes only, in filter order
    assert details["art-0004"].startswith("truncated; length_ratio=0.17<0.45")
    assert reasons["art-0005"] == EMPTY_EN and details["art-0005"] == "empty en"
    assert reasons["other-0000"] == DUPLICATE and details["other-0000"] == "duplicate of art-0000"
    assert reasons["art-0007"] == "logprob" and details["art-0007"] == "logprob=-4.20<-3.00"
    assert reasons["art-0009"] == "align_score" and details["art-0009"] == "align_score=0.20<0.50"
    assert all(code in DROP_CODES for reason in reasons.values() for code in reason.split("; "))
    assert count_reasons(reasons.values())["logprob"] == 1
    assert len(kept) + len(dropped) == len(rows)
    assert all("drop_reason" not in item for item in kept)


def test_filter_rows_reports_every_failed_signal() -> None:
    vi = "Iraq đã nhận 1.000 tấn hàng viện trợ vào ngày 13-1-2020 từ Nga, theo Reuters."
    en = "The the the the the the the the"
    (dropped,) = filter_rows([row(vi, en)])[1]
    failed = dropped["drop_reason"].split("; ")
    assert {"repetition", "truncated", "number_match", "entity_overlap"} <= set(failed)
    assert failed == [code for code in DROP_CODES if code in failed]
    assert [part.split("=")[0].split("<")[0] for part in dropped["drop_detail"].split("; ")] == failed


def test_filter_rows_does_not_modify_its_input_and_accepts_a_dataset() -> None:
    rows = [row(vi, en, index) for index, (vi, en) in enumerate(FLORES_PAIRS)]
    original = copy.deepcopy(rows)
    kept, dropped = filter_rows(datasets.Dataset.from_list(rows))
    assert rows == original
    assert (len(kept), len(dropped)) == (3, 0)
    assert kept[0]["translation"] == rows[0]["translation"]


def test_thresholds_can_switch_checks_off() -> None:
    rows = [
        row(SOLEIMANI_VI, SOLEIMANI_VI, 0),
        row("Ảnh: AP", "", 1, kind="caption", translated=False),
        row("Ảnh: AP", "Photo: AP", 2, repeat_of=1),
    ]
    lenient = Thresholds(max_untranslated=None, drop_not_translated=False, drop_repeats=False)
    kept, dropped = filter_rows(rows, lenient)
    assert [item["id"] for item in kept] == ["art-0000", "art-0002"]
    assert [item["drop_reason"] for item in dropped] == [EMPTY_EN]
    assert DEFAULT_THRESHOLDS.max_untranslated == 0.2


# Properties over arbitrary text


@settings(max_examples=200, deadline=None)
@given(vi=st.text(max_size=80), en=st.text(max_size=80))
def test_signals_stay_in_range_for_any_text(vi: str, en: str) -> None:
    signals = pair_signals(vi, en)
    for name in ("number_match", "entity_overlap", "punct_match", "untranslated", "repetition"):
        assert 0.0 <= getattr(signals, name) <= 1.0, name
    assert signals.length_ratio >= 0.0
    assert isinstance(signals.truncated, bool)


@settings(max_examples=50, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(st.sampled_from(["Xin chào.", "Có 3 người.", "Iraq", ""]), st.sampled_from(["Hello.", "", "của và"])),
        max_size=8,
    ),
    translated=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_filter_rows_puts_every_row_in_exactly_one_list(pairs: list[tuple[str, str]], translated: list[bool]) -> None:
    rows = [row(vi, en, index, translated=translated[index]) for index, (vi, en) in enumerate(pairs)]
    kept, dropped = filter_rows(rows)
    assert sorted(item["id"] for item in kept + dropped) == sorted(item["id"] for item in rows)
    assert all(item["drop_reason"] for item in dropped)
