"""split_sentences: the hard Vietnamese cases, one by one, and the hand-checked gold files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from songngu.text import split_sentence_spans, split_sentences

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold"

SPLITS = {
    "titles": (
        "PGS.TS. Nguyễn Văn Hùng cho biết bệnh nhân đã qua cơn nguy kịch. TS. Lê Thị Mai khuyến cáo người dân.",
        ["PGS.TS. Nguyễn Văn Hùng cho biết bệnh nhân đã qua cơn nguy kịch.", "TS. Lê Thị Mai khuyến cáo người dân."],
    ),
    "more titles": (
        "Theo ThS. Trần Đức, GS. Phan Tân và BS. Hoàng Anh, Th.S Nguyễn Hà cũng đến. TT. Biden đã ký.",
        ["Theo ThS. Trần Đức, GS. Phan Tân và BS. Hoàng Anh, Th.S Nguyễn Hà cũng đến.", "TT. Biden đã ký."],
    ),
    "places": (
        "Ông sống ở Q. 1, TP.HCM. Ông đến TP. Hồ Chí Minh hôm qua.",
        ["Ông sống ở Q. 1, TP.HCM.", "Ông đến TP. Hồ Chí Minh hôm qua."],
    ),
    "v.v. at the end": (
        "Chợ bán rau, cá, thịt v.v. Người mua tấp nập. Các môn toán, văn, v.v. được dạy cả ngày.",
        ["Chợ bán rau, cá, thịt v.v.", "Người mua tấp nập.", "Các môn toán, văn, v.v. được dạy cả ngày."],
    ),
    "closing quote stays": (
        "Ông nói: “Chúng tôi đã sẵn sàng. Mọi thứ đã xong.” Sau đó ông rời đi.",
        ["Ông nói: “Chúng tôi đã sẵn sàng.", "Mọi thứ đã xong.”", "Sau đó ông rời đi."],
    ),
    "quote then lowercase": (
        "“Tại sao?” anh hỏi. “Vì tôi mệt.”",
        ["“Tại sao?” anh hỏi.", "“Vì tôi mệt.”"],
    ),
    "straight quotes": (
        'Ông nói: "Xong rồi. Về thôi". Mọi người im lặng.',
        ['Ông nói: "Xong rồi.', 'Về thôi".', "Mọi người im lặng."],
    ),
    "detached closing quote": (
        '"Chúng tôi sẽ cố gắng, Hu nói. " Ông ấy không nói thêm.',
        ['"Chúng tôi sẽ cố gắng, Hu nói. "', "Ông ấy không nói thêm."],
    ),
    "newlines always split": (
        "Giá xăng giảm mạnh\nTừ 15h chiều nay, giá xăng giảm.\nMinh Quân/TTXVN",
        ["Giá xăng giảm mạnh", "Từ 15h chiều nay, giá xăng giảm.", "Minh Quân/TTXVN"],
    ),
    "capitals with diacritics": (
        "Trời tối. Ông về. Đường trơn. Ở quê vắng. Ấy vậy mà. Ưu tiên. Ơn trời. Ê-đê. Âm thanh. Ủy ban họp.",
        ["Trời tối.", "Ông về.", "Đường trơn.", "Ở quê vắng.", "Ấy vậy mà.", "Ưu tiên.", "Ơn trời.", "Ê-đê.", "Âm thanh.", "Ủy ban họp."],
    ),
    "digit starts": (
        "Tai nạn lúc 10:30 sáng. 3 người bị thương. 2020 là năm đại dịch.",
        ["Tai nạn lúc 10:30 sáng.", "3 người bị thương.", "2020 là năm đại dịch."],
    ),
    "one-letter words and units": (
        "Anh theo nghề y. Dựa vào cha, anh học. Đỉnh cao 4892 m. Đây là đỉnh cao nhất. Hộp nặng 500 g. Giá rẻ.",
        ["Anh theo nghề y.", "Dựa vào cha, anh học.", "Đỉnh cao 4892 m.", "Đây là đỉnh cao nhất.", "Hộp nặng 500 g.", "Giá rẻ."],
    ),
    "missing space": (
        "Chị là cô gái.Dựa vào nhau, họ vượt qua.",
        ["Chị là cô gái.", "Dựa vào nhau, họ vượt qua."],
    ),
    "domains": (
        "Theo baomoi.vn, vụ việc xảy ra tối qua. Trang VnExpress.net cũng đưa tin. Gửi về toasoan@tuoitre.com.vn. Xin cảm ơn.",
        ["Theo baomoi.vn, vụ việc xảy ra tối qua.", "Trang VnExpress.net cũng đưa tin.", "Gửi về toasoan@tuoitre.com.vn.", "Xin cảm ơn."],
    ),
    "credit glued to the next sentence": (
        "Ảnh: TTXVN Theo báo cáo của Bộ Y tế, số ca giảm.",
        ["Ảnh: TTXVN", "Theo báo cáo của Bộ Y tế, số ca giảm."],
    ),
    "credit between sentences": (
        "Quân đội Iraq chống IS. Nguồn ảnh: Militarytimes. Đây được coi là bước đầu tiên.",
        ["Quân đội Iraq chống IS.", "Nguồn ảnh: Militarytimes.", "Đây được coi là bước đầu tiên."],
    ),
    "credit after caption without full stop": (
        "Binh sĩ tuần tra tại biên giới Ảnh: AFP",
        ["Binh sĩ tuần tra tại biên giới", "Ảnh: AFP"],
    ),
    "source credit after caption without full stop": (
        "Binh sĩ tuần tra tại biên giới Nguồn ảnh: Militarytimes",
        ["Binh sĩ tuần tra tại biên giới", "Nguồn ảnh: Militarytimes"],
    ),
    "credit with a slash, then a place name": (
        "Ảnh: Minh Quyết/TTXVN Hà Nội là thủ đô.",
        ["Ảnh: Minh Quyết/TTXVN", "Hà Nội là thủ đô."],
    ),
    "date stamp": (
        " date 2020-02 Các tướng lĩnh Iraq vừa lên tiếng.",
        ["date 2020-02", "Các tướng lĩnh Iraq vừa lên tiếng."],
    ),
    "initials of foreign names": (
        "John F. Kennedy gặp J. Smith. George W. Bush và U.S. Army cũng đến. Washington D.C. Ông đến đó.",
        ["John F. Kennedy gặp J. Smith.", "George W. Bush và U.S. Army cũng đến.", "Washington D.C.", "Ông đến đó."],
    ),
    "initial that ends a sentence": (
        "Nhiệt độ xuống 5 độ C. Người dân giữ ấm. Bé tên là Vũ Hoàng Y. Bé chào đời lúc 3 giờ.",
        ["Nhiệt độ xuống 5 độ C.", "Người dân giữ ấm.", "Bé tên là Vũ Hoàng Y.", "Bé chào đời lúc 3 giờ."],
    ),
    "lowercase sentence after a Vietnamese word": (
        "Hàng hóa bị đánh thuế ở Trung Mỹ. chúng tôi đối xử với bạn.",
        ["Hàng hóa bị đánh thuế ở Trung Mỹ.", "chúng tôi đối xử với bạn."],
    ),
    "list items stay whole": (
        "1. Giá cả tăng cao.\n2. Thu nhập giảm.\nII. Kết luận",
        ["1. Giá cả tăng cao.", "2. Thu nhập giảm.", "II. Kết luận"],
    ),
    "question and exclamation": (
        "Sao lại thế?! Tôi không tin. Anh chắc không? Chắc chắn! Chúng tôi chờ mãi… Không ai đến.",
        ["Sao lại thế?!", "Tôi không tin.", "Anh chắc không?", "Chắc chắn!", "Chúng tôi chờ mãi…", "Không ai đến."],
    ),
    "emoji between sentences": (
        "Trời hôm nay rất đẹp. 🎉 Bộ Y tế khuyến cáo người dân nên rửa tay thường xuyên.",
        ["Trời hôm nay rất đẹp.", "🎉", "Bộ Y tế khuyến cáo người dân nên rửa tay thường xuyên."],
    ),
    "emoji after the last sentence": (
        "Chúc mừng năm mới! 🎉🎉",
        ["Chúc mừng năm mới!", "🎉🎉"],
    ),
    "emoji sequences, glued or spaced": (
        "Bạn khỏe không?😊 Mình khỏe. 👍🏽 ❤️ 👨\u200d👩\u200d👧 Hẹn gặp lại.",
        ["Bạn khỏe không?", "😊", "Mình khỏe.", "👍🏽 ❤️ 👨\u200d👩\u200d👧", "Hẹn gặp lại."],
    ),
    "emoji after a closing quote": (
        "Ông nói: “Tuyệt vời.” 👏 Mọi người vỗ tay.",
        ["Ông nói: “Tuyệt vời.”", "👏", "Mọi người vỗ tay."],
    ),
    "emoji bullets at the start of a line": (
        "👉 Xem chi tiết tại đây.\n🔴 Giá vàng hôm nay tăng mạnh",
        ["👉", "Xem chi tiết tại đây.", "🔴", "Giá vàng hôm nay tăng mạnh"],
    ),
}

NO_SPLIT = [
    "Tôi ❤️ Hà Nội và thích ăn 🍜 phở.",
    "Hôm nay trời đẹp quá 😍",
    "Anh ấy ngập ngừng... 😅 rồi bỏ đi.",
    "Tăng trưởng đạt 3.5% và vốn 1.000.000 USD, chỉ số 1.230,5 điểm.",
    "Cuộc họp bắt đầu lúc 8.30 ngày 13-1-2020, kết thúc ngày 3/1 và 13.1.2020 lúc 10:30.",
    "Anh ấy ngập ngừng... rồi bỏ đi.",
    "Gió đạt 70km/h... sau đó mưa tới.",
    "Cựu Tổng thống John F. Kennedy và Lyndon B. Johnson.",
    "Ông N. Wayne Hale Jr, giám đốc NASA, phát biểu.",
    "Khủng long như T. rex cũng thua.",
    "Hokuriku Electric Power Co. báo cáo không bị ảnh hưởng.",
    "Họ công khai hình ảnh, v.v. của các nghi phạm.",
    "Bà nói “không bao giờ quay lại” rồi im lặng.",
    "Tập đoàn Samsung Electronics Co. Ltd công bố kết quả.",
    "Đội bóng St. Louis Cardinals thắng trận.",
    "Mọi thông tin xem tại www.evn.com.vn hoặc baomoi.vn nhé.",
    "Quân đội Mỹ (U.S. Army) đã rút khỏi căn cứ.",
    "Ông sinh tại Q. Ba Đình và mất tại P. 5, Q. 3.",
    "Ảnh: Reuters cho thấy binh sĩ tuần tra.",
    "Nguồn ảnh: Militarytimes.",
    "Anh Nguyễn Văn T. (35 tuổi, ngụ quận 8) cho biết anh bị mất xe.",
    "Cụ bà N.T.H. (80 tuổi) được đưa vào viện.",
    "Bà Trần Thị M. cho biết bà rất lo lắng.",
]


@pytest.mark.parametrize("name", sorted(SPLITS))
def test_hard_case_splits(name: str) -> None:
    text, expected = SPLITS[name]
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text", NO_SPLIT)
def test_must_not_split(text: str) -> None:
    assert split_sentences(text) == [text]


def test_spans_match_sentences_and_skip_whitespace() -> None:
    text = "  Câu một.   Câu hai!\n\n\tCâu ba  "
    spans = split_sentence_spans(text)
    assert [text[start:end] for start, end in spans] == ["Câu một.", "Câu hai!", "Câu ba"]
    assert split_sentences(text) == ["Câu một.", "Câu hai!", "Câu ba"]


def test_every_line_break_character_ends_a_sentence() -> None:
    pieces = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy"]
    text = "\n".join(pieces[:2]) + "\r" + pieces[2] + "\u2028" + pieces[3] + "\x0b" + pieces[4] + "\x0c" + pieces[5] + "\x85" + pieces[6]
    assert split_sentences(text) == pieces


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t \n") == []


def load_gold(name: str) -> list[tuple[str, list[str]]]:
    """Documents of a ``.gold`` file (see benchmarks/gold/README.md): text and gold sentences."""
    raw = (GOLD / name).read_text(encoding="utf-8")
    documents = []
    for block in re.split(r"^#### .*\n", raw, flags=re.MULTILINE)[1:]:
        body = block[:-1] if block.endswith("\n") else block
        sentences = [piece.strip() for piece in re.split(r"\n|\|\|", body) if piece.strip()]
        documents.append((body.replace("||", ""), sentences))
    return documents


@pytest.mark.parametrize("name", ["hard_cases.gold", "scraped_seeds.gold"])
def test_hand_checked_gold_is_reproduced_exactly(name: str) -> None:
    documents = load_gold(name)
    assert len(documents) >= 3
    for text, sentences in documents:
        assert split_sentences(text) == sentences


def test_seed_gold_is_the_seed_files() -> None:
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    texts = {text for text, _ in load_gold("scraped_seeds.gold")}
    assert texts == {path.read_text(encoding="utf-8") for path in seeds.glob("*.txt")}
