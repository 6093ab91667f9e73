"""Names of a Vietnamese sentence: found, checked in every pair (q_names), forced in only with keep_names."""
from __future__ import annotations

import pytest

from songngu import translate_article
from songngu.align.filtering import Thresholds, filter_rows
from songngu.align.names import find_names, missing_names, name_retention
from songngu.align.quality import add_signals, pair_signals
from songngu.wordlists import load_wordlist
from tests.helpers import SEEDS, run_cli


def english_forms(sentence: str) -> list[str]:
    return [name.english for name in find_names(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Thủ tướng Phạm Minh Chính tiếp Tổng thống Donald Trump tại Hà Nội.", ["Pham Minh Chinh", "Donald Trump", "Hanoi"]),
        ("Nguyễn Phú Trọng phát biểu tại Quốc hội.", ["Nguyen Phu Trong", "National Assembly"]),
        ("Theo Bộ Y tế, Covid-19 đã lây lan ở 63 tỉnh.", ["Ministry of Health", "Covid"]),
        ("HÀ NỘI CẤM XE MÁY TỪ NĂM 2030", ["Hanoi"]),
        ("Ông Nguyễn Văn Đức sang Đức công tác.", ["Nguyen Van Duc", "Germany"]),
        ("Mưa lớn khiến nhiều tuyến phố ở Thành phố Hồ Chí Minh bị ngập.", ["Ho Chi Minh City"]),
        ("Bà Lan và ông Trọng gặp nhau ở Đà Nẵng.", ["Lan", "Trong", "Da Nang"]),
        ("Chính phủ đã công bố kế hoạch mới.", ["government"]),
        ("Trời hôm nay rất đẹp.", []),
    ],
)
def test_names_of_news_sentences(sentence: str, expected: list[str]) -> None:
    assert english_forms(sentence) == expected


def test_a_name_is_kept_without_diacritics_or_in_an_established_form() -> None:
    vi = "Ông Nguyễn Phú Trọng đến Hà Nội và gặp Angela Merkel."
    assert name_retention(vi, "Nguyen Phu Trong arrived in Hanoi and met Angela Merkel.") == 1.0
    assert name_retention(vi, "Mr Nguyễn Phú Trọng came to Ha Noi to meet Merkel's Angela.") == 1.0
    assert name_retention(vi, "He came to the capital and met Ms Merkel.") == 0.0
    assert [term.en for term in missing_names(vi, "Nguyen Phu Trong met Merkel.")] == ["Hanoi", "Angela Merkel"]


def test_users_add_established_forms_without_touching_the_package(tmp_path, monkeypatch) -> None:
    sentence = "Tàu cá gặp bão ở Vịnh Bắc Bộ."
    assert "Gulf of Tonkin" not in english_forms(sentence)
    (tmp_path / "names.tsv").write_text("# mine\nVịnh Bắc Bộ\tGulf of Tonkin\tTonkin Gulf\n", encoding="utf-8")
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(tmp_path))
    assert english_forms(sentence) == ["Gulf of Tonkin"]
    assert ("Vịnh Bắc Bộ", "Gulf of Tonkin", "Tonkin Gulf") in load_wordlist("names.tsv")


def test_q_names_flags_lost_names_and_a_threshold_can_drop_them() -> None:
    assert pair_signals("Ông Trọng ở Hà Nội.", "Mr Trong is in Hanoi.").names == 1.0
    assert pair_signals("Ông Trọng ở Hà Nội.", "He is in the capital.").names == 0.0
    assert pair_signals("Trời hôm nay rất đẹp.", "The weather is nice.").names == 1.0
    row = {"id": "a-0000", "translated": True, "repeat_of": -1,
           "translation": {"vi": "Ông Trọng ở Hà Nội hôm nay.", "en": "He is in the capital today."}}
    kept, dropped = filter_rows(add_signals([row]))
    assert kept and not dropped  # off by default: names are flagged, not filtered
    kept, dropped = filter_rows(add_signals([row]), Thresholds(min_names=0.5))
    assert not kept and dropped[0]["drop_reason"] == "names" and "names=0.00<0.50" in dropped[0]["drop_detail"]


TEXT = "Ông Nguyễn Phú Trọng gặp Tổng thống Joe Biden ở Hà Nội."


@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_names_are_forced_in_only_with_keep_names(tiny_marian_dir, backend) -> None:
    plain = translate_article(TEXT, model=tiny_marian_dir, backend=backend, memory=False).segments[0]
    assert name_retention(TEXT, plain.english) < 1.0  # the random model loses them: flagged only
    flagged = translate_article(TEXT, model=tiny_marian_dir, backend=backend, memory=False).segments[0]
    assert flagged.english == plain.english
    kept = translate_article(TEXT, model=tiny_marian_dir, backend=backend, memory=False, keep_names=True).segments[0]
    assert name_retention(TEXT, kept.english) == 1.0, kept.english
    for form in ("Nguyen Phu Trong", "Joe Biden", "Hanoi"):
        assert kept.english.count(form) >= 1


def test_keep_names_on_the_command_line(tiny_marian_dir, tmp_path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT + "\nTrời hôm nay rất đẹp.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("translate", str(folder), "-o", str(out), "--model", str(tiny_marian_dir), "--keep-names",
                     "--no-memory", "--no-progress", "--workers", "0")
    assert result.returncode == 0, result.stderr
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "`--keep-names`" in card and "forced into it: 1 sentence." in card
    evaluation = run_cli("eval", "--hyp", str(out))
    assert evaluation.returncode == 0 and "names  1.000 kept (3/3 names in 1 sentences)" in evaluation.stdout, evaluation.stdout


def test_src_with_a_run_folder_is_a_usage_error(memorised_marian_dir, tmp_path) -> None:
    """A run folder carries its own Vietnamese: --src used to be ignored there, a missing file included."""
    out = tmp_path / "out"
    translated = run_cli("translate", str(SEEDS / "000_1ab393fd98851d7f.txt"), "-o", str(out), "--model", str(memorised_marian_dir),
                         "--no-memory", "--no-progress", "--workers", "0")
    assert translated.returncode == 0, translated.stderr
    for extra in ([], ["--ref", str(tmp_path / "ref.en")]):
        evaluation = run_cli("eval", "--hyp", str(out), "--src", str(tmp_path / "nonexistent.vi"), *extra)
        assert evaluation.returncode == 2 and evaluation.stdout == "", (evaluation.stdout, evaluation.stderr)
        lines = evaluation.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("songngu: error: --src") and str(out) in lines[0], evaluation.stderr


GLOSSARY_VI = "Bộ Y tế khuyến cáo người dân nên rửa tay thường xuyên."


def test_a_name_the_glossary_renders_counts_as_kept(tmp_path) -> None:
    """The glossary's rendering of a name (Bộ Y tế → MOH) used to count as a lost name: q_names 0.0 on rows that had it."""
    from songngu.run.stages import missing_terms_of
    from songngu.translate.glossary import parse_glossary

    glossary = parse_glossary("Bộ Y tế\tMOH\n", "gg.tsv")
    english = "The MOH advised people to wash their hands regularly."
    assert pair_signals(GLOSSARY_VI, english, glossary=glossary).names == 1.0
    assert name_retention(GLOSSARY_VI, english, glossary) == 1.0
    assert pair_signals(GLOSSARY_VI, english).names == 0.0  # without the glossary MOH is not a form of the name
    assert pair_signals(GLOSSARY_VI, "The ministry advised people.", glossary=glossary).names == 0.0
    assert pair_signals(GLOSSARY_VI, "The Ministry of Health advised people.", glossary=glossary).names == 1.0
    row = {"id": "a-0000", "translated": True, "repeat_of": -1, "translation": {"vi": GLOSSARY_VI, "en": english}}
    assert add_signals([row], glossary=glossary)[0]["q_names"] == 1.0  # how a glossary run scores its rows
    # --keep-names forces the glossary's rendering only, never the name's own English as a second one
    missing = missing_terms_of(glossary, True)
    assert [term.en for term in missing(GLOSSARY_VI, "The ministry advised people.")] == ["MOH"]
    assert missing(GLOSSARY_VI, english) == []
    (tmp_path / "gg.tsv").write_text("Bộ Y tế\tMOH\n", encoding="utf-8")
    (tmp_path / "src.vi").write_text(GLOSSARY_VI + "\n", encoding="utf-8")
    (tmp_path / "hyp.en").write_text(english + "\n", encoding="utf-8")
    evaluation = run_cli("eval", "--hyp", str(tmp_path / "hyp.en"), "--src", str(tmp_path / "src.vi"), "--glossary", str(tmp_path / "gg.tsv"))
    assert evaluation.returncode == 0, evaluation.stderr
    assert "names  1.000 kept (1/1 names in 1 sentences)" in evaluation.stdout, evaluation.stdout



def test_eval_of_a_glossary_run_asks_for_its_glossary(memorised_marian_dir, tmp_path) -> None:
    """`eval --hyp OUT/` on a glossary run counted the names the glossary rendered as lost without a word."""
    (tmp_path / "gg.tsv").write_text("Bộ Y tế\tMOH\n", encoding="utf-8")
    (tmp_path / "other.tsv").write_text("Hà Nội\tHN\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GLOSSARY_VI + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("translate", str(tmp_path / "a.txt"), "-o", str(out), "--model", str(memorised_marian_dir),
                     "--glossary", str(tmp_path / "gg.tsv"), "--no-memory", "--no-progress", "--workers", "0")
    assert result.returncode == 0, result.stderr
    bare = run_cli("eval", "--hyp", str(out))
    assert bare.returncode == 0 and "names  " in bare.stdout, bare.stderr
    assert bare.stderr.strip() == f"songngu: note: {out} was translated with a glossary (1 term): give it with --glossary, " \
                                  "or the names its terms render count as lost"
    same = run_cli("eval", "--hyp", str(out), "--glossary", str(tmp_path / "gg.tsv"))
    assert same.returncode == 0 and same.stderr == "" and "terms  1.000" in same.stdout, (same.stdout, same.stderr)
    other = run_cli("eval", "--hyp", str(out), "--glossary", str(tmp_path / "other.tsv"))
    assert other.returncode == 0 and "is not the glossary" in other.stderr, other.stderr
