"""Lexical anchors: numbers across conventions, names without diacritics, credits, lexicon concepts."""
from __future__ import annotations

import dataclasses

import pytest

from songngu.align import Link
from songngu.align.anchors import (
    ENGLISH, ENGLISH_NAME, ENGLISH_PROPER_NAME, VIETNAMESE, VIETNAMESE_NAME, VIETNAMESE_PROPER_NAME, canonical_number,
    content_word_keys, document_anchors, is_photo_credit, number_anchors,
)
from songngu.align.lexicon import english_concept, vietnamese_concepts
from songngu.align.normalize import fold, looks_vietnamese


def keys(anchors) -> set[str]:
    return {key for anchor in anchors for key in anchor.keys}


@pytest.mark.parametrize(
    ("vietnamese", "english", "value"),
    [("1.000", "1,000", "1000"), ("3,5", "3.5", "3.5"), ("1.234.567,25", "1,234,567.25", "1234567.25"),
     ("6.5", "6.5", "6.5"), ("09,02", "09.02", "9.02"), ("2020", "2020", "2020")],
)
def test_numbers_read_with_each_languages_separators(vietnamese, english, value):
    assert canonical_number(vietnamese, VIETNAMESE) == value
    assert canonical_number(english, ENGLISH) == value


def test_dates_share_their_parts_across_languages():
    vietnamese = keys(number_anchors("ngày 13-1-2020 và 3/1", VIETNAMESE))
    english = keys(number_anchors("on January 13, 2020 and Jan. 3", ENGLISH))
    assert {"#13", "#1", "#2020", "#3"} <= vietnamese & english


def test_may_is_a_month_only_next_to_a_number():
    assert "#5" not in keys(number_anchors("Officials May decide later.", ENGLISH))
    assert "#5" in keys(number_anchors("It opened on May 5.", ENGLISH))


def test_number_words_count_as_numbers():
    assert "#2" in keys(number_anchors("Hai bên đã gặp nhau.", VIETNAMESE))
    assert "#2" in keys(number_anchors("The two sides met.", ENGLISH))


def test_folding_strips_vietnamese_diacritics():
    assert fold("Hà Nội Đà Nẵng") == "ha noi da nang"


def test_syllable_shape_tells_vietnamese_words_from_foreign_names():
    assert looks_vietnamese("Nguyễn") and looks_vietnamese("trong")
    assert not looks_vietnamese("Siminoff") and not looks_vietnamese("Baghdad")


def test_joined_vietnamese_place_names_match_english_spelling():
    vietnamese, english = document_anchors(["Ông ấy sống ở Hà Nội."], VIETNAMESE), document_anchors(["He lives in Hanoi."], ENGLISH)
    assert "n:hanoi" in vietnamese[0].keys & english[0].keys


def test_sentence_initial_words_are_names_only_when_known():
    english = document_anchors(["The report was late.", "Siminoff said so.", "It quoted Siminoff."], ENGLISH)
    assert not [anchor for anchor in english[0].anchors if anchor.kind in (ENGLISH_NAME, ENGLISH_PROPER_NAME)]
    assert "n:siminoff" in keys(english[1].anchors)


@pytest.mark.parametrize(
    "text",
    ["Ảnh: AP", "Nguồn ảnh: Reuters/TTXVN", "(Ảnh: AP)", "Ảnh minh họa",
     "Binh sĩ Mỹ tại căn cứ Taji ở Iraq. Ảnh: Reuters/TTXVN", "Chú thích ảnh"],
)
def test_vietnamese_photo_credits(text):
    assert is_photo_credit(text, VIETNAMESE)


@pytest.mark.parametrize(
    "text", ["Photo: AP", "(Photo: Reuters)", "US soldiers at the Taji base. Photo: Reuters",
             "Rescue workers at the scene. (AFP)", "Photo by John Smith"],
)
def test_english_photo_credits(text):
    assert is_photo_credit(text, ENGLISH)


@pytest.mark.parametrize(
    ("text", "language"),
    [("Anh ấy chụp ảnh cùng gia đình.", VIETNAMESE), ("Ông nói với phóng viên rằng ảnh hưởng là rất lớn.", VIETNAMESE),
     ("He took a photo of his family.", ENGLISH), ("The photographer said: it was cold.", ENGLISH)],
)
def test_ordinary_sentences_about_photos_are_not_credits(text, language):
    assert not is_photo_credit(text, language)


def test_country_names_count_only_when_capitalised():
    text = "Pháp áp dụng biện pháp mới; Đức Vua và nước Đức."
    concepts = {text[start:end]: concept for start, end, concept in vietnamese_concepts(text)}
    assert concepts["Pháp"] == "france" and concepts["nước Đức"] == "germany"
    assert concepts["biện pháp"] != "france" and "Đức" not in concepts
    assert "france" not in {concept for _, _, concept in vietnamese_concepts("các biện pháp")}


def test_english_abbreviations_need_capitals():
    assert english_concept("US") == "usa" and english_concept("us") is None
    assert english_concept("Japan's") == "japan"


def test_link_kind_and_immutability():
    link = Link((3, 4), (7,), 0.9)
    assert link.kind == "2-1" and Link((), (2,), 1.0).kind == "0-1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        link.score = 0.1  # type: ignore[misc]


def name_kinds(sentence: str) -> set[str]:
    """The kinds of the name anchors of one Vietnamese sentence."""
    anchors = document_anchors([sentence], VIETNAMESE)[0].anchors
    return {anchor.kind for anchor in anchors if anchor.kind in (VIETNAMESE_NAME, VIETNAMESE_PROPER_NAME)}


def test_institution_words_come_from_their_word_list(tmp_path, monkeypatch) -> None:
    """A run opening with a word of institution_words.tsv is translated; the user's file adds words."""
    assert name_kinds("Hôm qua, Bộ Quốc phòng họp.") == {VIETNAMESE_NAME}
    assert name_kinds("Hôm qua, Phạm Minh Chính họp.") == {VIETNAMESE_PROPER_NAME}
    assert name_kinds("Hôm qua, Cảnh Sát Biển Việt Nam tuần tra.") == {VIETNAMESE_PROPER_NAME}
    (tmp_path / "institution_words.tsv").write_text("cảnh\n", encoding="utf-8")
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(tmp_path))
    assert name_kinds("Hôm qua, Cảnh Sát Biển Việt Nam tuần tra.") == {VIETNAMESE_NAME}


def test_english_stopwords_come_from_their_word_list(tmp_path, monkeypatch) -> None:
    """Words of english_stopwords.tsv give no content-word key; the user's file adds words."""
    assert content_word_keys("The minister said they would visit Hanoi") == {"w:minist", "w:visit", "w:hanoi"}
    (tmp_path / "english_stopwords.tsv").write_text("minister\n", encoding="utf-8")
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(tmp_path))
    assert content_word_keys("The minister said they would visit Hanoi") == {"w:visit", "w:hanoi"}
