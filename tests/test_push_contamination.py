"""Keeping test-set segments out of published data."""
from __future__ import annotations

from pathlib import Path

import pytest

from songngu.errors import InputError
from songngu.export.contamination import load_test_sets, normalise_segment, overlap_reason

# FLORES-200 devtest line 2 (vie_Latn / eng_Latn), CC BY-SA 4.0, Meta AI (NLLB team).
FLORES_VIE = "Giống như một số chuyên gia khác, ông ấy hoài nghi về khả năng chữa bệnh tiểu đường."
FLORES_ENG = '"We now have 4-month-old mice that are non-diabetic that used to be diabetic," he added.'


def test_normalisation_ignores_unicode_form_case_and_spacing() -> None:
    decomposed = "Giô\u0301ng  như\tMỘT"  # "ố" as o + circumflex + combining acute
    assert normalise_segment(decomposed) == normalise_segment(" Giống như một ") == "giống như một"


def test_rows_matching_either_side_are_dropped_with_a_reason(tmp_path: Path) -> None:
    vie, eng = tmp_path / "flores.vie", tmp_path / "flores.eng"
    vie.write_text(f"{FLORES_VIE}\n\n", encoding="utf-8")
    eng.write_text(f"{FLORES_ENG}\n", encoding="utf-8")
    test_segments = load_test_sets([vie, eng])
    assert len(test_segments) == 2

    pairs = [
        ("Một câu bình thường.", "An ordinary sentence."),
        (FLORES_VIE.upper(), "Like other experts, he doubts a cure."),
        ("Chúng tôi có chuột.", "  " + FLORES_ENG.replace(" ", "  ")),
        ("Tiêu đề", ""),
        (FLORES_VIE, FLORES_ENG),
    ]
    assert [overlap_reason(vi, en, test_segments) for vi, en in pairs] == [None, "vi", "en", None, "vi+en"]


def test_no_test_sets_keeps_everything() -> None:
    assert overlap_reason("Một.", "One.", load_test_sets([])) is None


def test_unreadable_test_sets_are_one_line_errors(tmp_path: Path) -> None:
    binary = tmp_path / "model.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    blank = tmp_path / "blank.eng"
    blank.write_text("\n  \n", encoding="utf-8")
    for path, problem in [(tmp_path / "missing.vie", "no such file"), (binary, "not UTF-8"),
                          (blank, "no segments"), (tmp_path, "is a folder")]:
        with pytest.raises(InputError) as caught:
            load_test_sets([path])
        message = str(caught.value)
        assert message.startswith(f"{path}: ") and problem in message and "\n" not in message
