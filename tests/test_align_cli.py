"""`songngu align`: a Vietnamese article and its English version into the translate dataset format."""
from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import load_output, output_rows, run_cli

DATA = Path(__file__).parent / "data" / "bilingual"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_align_pairs_sentences_and_leaves_the_caption_unmatched(tmp_path):
    out = tmp_path / "out"
    result = run_cli("align", str(DATA / "flores_0.vi.txt"), str(DATA / "flores_0.en.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = output_rows(out)
    caption = [row for row in rows if row["translation"]["vi"] == "Ảnh: Reuters"]
    assert len(caption) == 1 and caption[0]["link"] == "1-0" and caption[0]["translation"]["en"] == ""
    pairs = [row for row in rows if row["link"] == "1-1"]
    assert len(pairs) >= 7
    assert all(row["translation"]["en"] and 0 <= row["align_score"] <= 1 for row in pairs)
    english = " ".join(row["translation"]["en"] for row in rows)
    assert english.split() == (DATA / "flores_0.en.txt").read_text(encoding="utf-8").split()
    dataset = load_output(out)
    assert dataset.features["translation"].languages == ["vi", "en"]
    assert "q_length_ratio" in dataset.column_names


def test_filtered_align_accounts_for_every_row(tmp_path):
    plain, filtered = tmp_path / "plain", tmp_path / "filtered"
    assert run_cli("align", str(DATA / "flores_0.vi.txt"), str(DATA / "flores_0.en.txt"), "-o", str(plain)).returncode == 0
    result = run_cli("align", str(DATA / "flores_0.vi.txt"), str(DATA / "flores_0.en.txt"), "-o", str(filtered), "--filter")
    assert result.returncode == 0, result.stderr
    kept, dropped = output_rows(filtered), read_jsonl(filtered / "dropped.jsonl")
    assert sorted(row["id"] for row in kept + dropped) == sorted(row["id"] for row in output_rows(plain))
    assert dropped and all(row["drop_reason"] for row in dropped)
    assert any(row["drop_reason"] in ("not_translated", "empty_en") for row in dropped)


def test_align_folders_match_by_name_and_report_orphans(tmp_path):
    vi_dir, en_dir = tmp_path / "vi", tmp_path / "en"
    vi_dir.mkdir()
    en_dir.mkdir()
    (vi_dir / "a.txt").write_text((DATA / "flores_0.vi.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (en_dir / "a.txt").write_text((DATA / "flores_0.en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (vi_dir / "lonely.txt").write_text("Xin chào.", encoding="utf-8")
    result = run_cli("align", str(vi_dir), str(en_dir), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "lonely.txt" in result.stderr and "no English file" in result.stderr
    assert {row["article_id"] for row in output_rows(tmp_path / "out")} == {"a"}


def test_export_writes_tmx_and_moses_of_the_pairs(tmp_path):
    from songngu.export.moses import read_moses
    from songngu.export.tmx import read_tmx

    out = tmp_path / "out"
    assert run_cli("align", str(DATA / "flores_0.vi.txt"), str(DATA / "flores_0.en.txt"), "-o", str(out)).returncode == 0
    result = run_cli("export", str(out), "--format", "tmx,moses", "--name", "flores")
    assert result.returncode == 0, result.stderr
    pairs = [(row["translation"]["vi"], row["translation"]["en"]) for row in output_rows(out) if row["translated"]]
    assert read_tmx(out / "flores.vi-en.tmx") == pairs
    assert read_moses(out / "flores.vi-en.vi", out / "flores.vi-en.en") == pairs
    assert len(pairs) >= 7


def test_export_names_a_folder_that_is_not_an_output(tmp_path):
    result = run_cli("export", str(tmp_path))
    assert result.returncode == 1
    assert str(tmp_path) in result.stderr and "run.json" in result.stderr


def test_a_missing_input_is_exit_1_as_for_translate(tmp_path) -> None:
    """align gave exit 2 (a usage error) where translate gives 1, which the README lists missing inputs under."""
    english = tmp_path / "a.txt"
    english.write_text("Hanoi.\n", encoding="utf-8")
    result = run_cli("align", str(tmp_path / "nope.txt"), str(english), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stderr.splitlines() == [f"songngu: error: {tmp_path / 'nope.txt'}: no such file or directory"]
    assert not (tmp_path / "out").exists()


def test_eval_of_an_aligned_run_leaves_english_without_vietnamese_out(tmp_path) -> None:
    """A 0-1 row (paragraph -1) counted as a line: "has 3 lines but ref.en has 2"."""
    (tmp_path / "a.vi.txt").write_text("Hà Nội là thủ đô của Việt Nam.\n\nThành phố có hơn tám triệu dân.\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("Hanoi is the capital of Vietnam.\n\nThe city has more than eight million people.\n\n"
                                       "Follow us on Twitter for the latest news and photos.\n", encoding="utf-8")
    assert run_cli("align", str(tmp_path / "a.vi.txt"), str(tmp_path / "a.en.txt"), "-o", str(tmp_path / "out")).returncode == 0
    assert "0-1" in {row["link"] for row in output_rows(tmp_path / "out")}
    (tmp_path / "ref.en").write_text("Hanoi is the capital of Vietnam.\nThe city has more than eight million people.\n", encoding="utf-8")
    result = run_cli("eval", "--hyp", str(tmp_path / "out"), "--ref", str(tmp_path / "ref.en"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("BLEU") and "100.0" in result.stdout.splitlines()[0]


def test_an_english_sentence_that_repeats_an_earlier_one_keeps_its_row(tmp_path) -> None:
    """Repeated English sentences were left out of the alignment and out of every row: the English was lost."""
    (tmp_path / "dv.txt").write_text("Trời hôm nay rất đẹp.\n\nTrời hôm nay rất đẹp.\n\nBộ Y tế khuyến cáo người dân đeo khẩu trang.\n",
                                     encoding="utf-8")
    english = ["The weather is nice today.", "The weather is nice today.", "The Ministry of Health advises people to wear masks."]
    (tmp_path / "de.txt").write_text("\n\n".join(english) + "\n", encoding="utf-8")
    result = run_cli("align", str(tmp_path / "dv.txt"), str(tmp_path / "de.txt"), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.returncode == 0, result.stderr
    rows = output_rows(tmp_path / "out")
    found = [sentence for row in rows for sentence in [(row["translation"] or {}).get("en")] if sentence]
    assert sorted(found) == sorted(english)  # every English sentence in exactly one row
    assert [row["translation"]["vi"] for row in rows if row["translation"]["vi"]] == [
        "Trời hôm nay rất đẹp.", "Trời hôm nay rất đẹp.", "Bộ Y tế khuyến cáo người dân đeo khẩu trang."]


def test_an_english_repeat_with_other_vietnamese_wording_is_paired_like_any_sentence(tmp_path) -> None:
    """FLORES-200 devtest lines 32/33 repeat the English with different Vietnamese: a 0-1 and a 1-0 row, or a 2-1."""
    flores = Path(__file__).parent / "data" / "align" / "flores200-devtest-first40"
    vie = flores.with_suffix(".vie").read_text(encoding="utf-8").splitlines()[29:35]  # lines 30-35
    eng = flores.with_suffix(".eng").read_text(encoding="utf-8").splitlines()[29:35]
    articles = {"flores": (vie, eng), "weather": (
        ["Trời hôm nay rất đẹp.", "Hôm nay thời tiết rất đẹp.", "Giá xăng tiếp tục tăng."],
        ["The weather is very nice today.", "The weather is very nice today.", "Petrol prices keep rising."])}
    for side, position in (("vi", 0), ("en", 1)):
        (tmp_path / side).mkdir()
        for name, texts in articles.items():
            (tmp_path / side / f"{name}.txt").write_text("\n".join(texts[position]) + "\n", encoding="utf-8")
    result = run_cli("align", str(tmp_path / "vi"), str(tmp_path / "en"), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.returncode == 0, result.stderr
    rows = output_rows(tmp_path / "out")
    assert {row["link"] for row in rows} == {"1-1"}
    pairs = {(row["translation"]["vi"], row["translation"]["en"]) for row in rows}
    researchers = eng[3]  # line 33, also the second sentence of line 32
    assert eng[2].endswith(researchers) and {(vi, en) for vi, en in pairs if en == researchers} == {
        (vie[2].partition("khoe mẽ. ")[2], researchers), (vie[3], researchers)}
    assert ("Hôm nay thời tiết rất đẹp.", "The weather is very nice today.") in pairs
    assert sorted(row["translation"]["en"] for row in rows if row["article_id"] == "weather") == sorted(articles["weather"][1])


def test_a_sentence_repeated_in_both_languages_is_one_repeat_row_and_an_english_only_repeat_stays_unpaired(tmp_path) -> None:
    """The repeat pair shares a row marked ``repeat_of``; an English repeat with no Vietnamese to spare is a 0-1 row."""
    vietnamese = ["Hà Nội là thủ đô của Việt Nam.", "Thành phố có hơn tám triệu dân.", "Giá xăng tiếp tục tăng trong tháng này."]
    english = ["Hanoi is the capital of Vietnam.", "The city has more than eight million people.", "Petrol prices keep rising this month."]
    (tmp_path / "vi").mkdir()
    (tmp_path / "en").mkdir()
    for name, vi, en in (("both", vietnamese + vietnamese[:1], english + english[:1]), ("english", vietnamese, english + english)):
        (tmp_path / "vi" / f"{name}.txt").write_text("\n".join(vi) + "\n", encoding="utf-8")
        (tmp_path / "en" / f"{name}.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    result = run_cli("align", str(tmp_path / "vi"), str(tmp_path / "en"), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.returncode == 0, result.stderr
    rows = output_rows(tmp_path / "out")
    both = [(row["link"], row["repeat_of"], row["translation"]["vi"], row["translation"]["en"]) for row in rows if row["article_id"] == "both"]
    assert both == [("1-1", -1, vi, en) for vi, en in zip(vietnamese, english)] + [("1-1", 0, vietnamese[0], english[0])]
    english_only = [(row["link"], row["translation"]["vi"], row["translation"]["en"]) for row in rows if row["article_id"] == "english"]
    assert english_only == [("1-1", vi, en) for vi, en in zip(vietnamese, english)] + [("0-1", "", en) for en in english]


def test_a_vietnamese_repeat_with_other_english_wording_is_paired_like_any_sentence(tmp_path) -> None:
    """The repeat was left out of the alignment: its English was squeezed into a 1-2 with the first sentence,
    the second Vietnamese sentence took the repeat's English, and the repeat itself became a 1-0 row."""
    vietnamese = ["Hà Nội là thủ đô của Việt Nam.", "Thành phố có nhiều hồ đẹp.", "Hà Nội là thủ đô của Việt Nam."]
    english = ["Hanoi is the capital of Vietnam.", "The city has many beautiful lakes.", "Hanoi is the Vietnamese capital."]
    (tmp_path / "vi.txt").write_text("\n".join(vietnamese) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
    result = run_cli("align", str(tmp_path / "vi.txt"), str(tmp_path / "en.txt"), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.returncode == 0, result.stderr
    rows = [(row["link"], row["repeat_of"], row["translation"]["vi"], row["translation"]["en"]) for row in output_rows(tmp_path / "out")]
    assert rows == [("1-1", -1 if index < 2 else 0, vi, en) for index, (vi, en) in enumerate(zip(vietnamese, english))]


def test_filtered_align_drops_a_sentence_with_no_counterpart_as_an_empty_side(tmp_path) -> None:
    """A 0-1 row was dropped as ``not_translated`` ("not translated (kind=sentence)") in a run that translates nothing."""
    (tmp_path / "a.vi.txt").write_text("Hà Nội là thủ đô của Việt Nam.\n\nẢnh: Reuters\n\nThành phố có hơn tám triệu dân.\n\n"
                                       "Hà Nội là thủ đô của Việt Nam.\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("Hanoi is the capital of Vietnam.\n\nThe city has more than eight million people.\n\n"
                                       "Follow us on Twitter for the latest news and photos.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("align", str(tmp_path / "a.vi.txt"), str(tmp_path / "a.en.txt"), "-o", str(out), "--filter", "--no-progress")
    assert result.returncode == 0, result.stderr
    dropped = {(row["link"], row["translation"]["vi"], row["translation"]["en"]): (row["drop_reason"], row["drop_detail"])
               for row in read_jsonl(out / "dropped.jsonl")}
    assert dropped == {
        ("1-0", "Ảnh: Reuters", ""): ("empty_en", "empty en"),
        ("0-1", "", "Follow us on Twitter for the latest news and photos."): ("empty_vi", "empty vi"),
        ("1-0", "Hà Nội là thủ đô của Việt Nam.", ""): ("repeat", "repeat of segment 0"),
    }
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["drop_reasons"] == {"repeat": 1, "empty_vi": 1, "empty_en": 1}


def _align_pairs_named(tmp_path: Path, *names: str) -> tuple[Path, Path, str]:
    """Align folders ``vi/`` and ``en/`` holding the same FLORES pair under each of ``names``; the run's one error line."""
    vi_dir, en_dir = tmp_path / "vi", tmp_path / "en"
    for folder, text in ((vi_dir, "flores_0.vi.txt"), (en_dir, "flores_0.en.txt")):
        folder.mkdir()
        for name in names:
            (folder / name).write_text((DATA / text).read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("align", str(vi_dir), str(en_dir), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("songngu: error:")]
    return vi_dir, en_dir, line


def test_align_refuses_a_second_file_with_the_same_id_and_aligns_the_first(tmp_path):
    """``vi/a.txt`` and ``vi/a.TXT`` both became article ``a``: two pairs of articles under one id."""
    vi_dir, en_dir, line = _align_pairs_named(tmp_path, "a.txt", "a.TXT")
    assert line.startswith(f"songngu: error: {vi_dir}/a.txt: its article ids would repeat those of {vi_dir}/a.TXT"), line
    rows = output_rows(tmp_path / "out")
    assert {row["article_id"] for row in rows} == {"a"} and {row["source"] for row in rows} == {"vi/a.TXT"}


def test_align_refuses_a_file_whose_name_is_not_utf8_in_one_line_and_aligns_the_others(tmp_path):
    """A pair named ``bad\\xff.txt`` crashed the run while its shard was written: nothing was kept."""
    vi_dir, en_dir, line = _align_pairs_named(tmp_path, "a.txt", "bad\udcff.txt")
    assert line.startswith(f"songngu: error: {vi_dir}/bad\\xff.txt: its name is not valid UTF-8")
    assert {row["article_id"] for row in output_rows(tmp_path / "out")} == {"a"}
    odd_en = tmp_path / "e\udcffn"
    en_dir.rename(odd_en)
    result = run_cli("align", str(vi_dir), str(odd_en), "-o", str(tmp_path / "out2"))
    assert result.returncode == 1 and f"songngu: error: {tmp_path}/e\\xffn: its name is not valid UTF-8" in result.stderr


def test_an_english_version_that_is_vietnamese_is_refused_naming_the_likely_mistake(tmp_path) -> None:
    """The same file twice gave 1-1 'pairs' of Vietnamese; the inputs swapped gave pairs the wrong way round."""
    vi, en = DATA / "flores_0.vi.txt", DATA / "flores_0.en.txt"
    same = run_cli("align", str(vi), str(vi), "-o", str(tmp_path / "same"), "--no-progress")
    assert same.returncode == 1 and "Traceback" not in same.stderr
    assert f"songngu: error: {vi}: is Vietnamese, not English (" in same.stderr and "give its English version" in same.stderr
    swapped = run_cli("align", str(en), str(vi), "-o", str(tmp_path / "swapped"), "--no-progress")
    assert swapped.returncode == 1 and "are the two inputs swapped? give the Vietnamese first" in swapped.stderr
    assert not (tmp_path / "same").exists() and not (tmp_path / "swapped").exists()
    assert run_cli("align", str(vi), str(en), "-o", str(tmp_path / "right"), "--no-progress").returncode == 0

