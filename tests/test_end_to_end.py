"""Articles in, exact English and a Hugging Face dataset out, through the API and the CLI."""
from __future__ import annotations

import json
import shutil

import datasets
import pytest

from songngu import translate_article, translate_articles
from songngu.translate import load_translator
from tests.helpers import SEEDS, load_output, output_rows, run_cli
from tests.tinymodels import MEMORISED_PAIRS, hand_made_marian

VI = [vi for vi, _ in MEMORISED_PAIRS]
EN = dict(MEMORISED_PAIRS)


def article(*paragraphs: list[int]) -> str:
    """An article whose paragraphs are made of memorised sentences, by index."""
    return "\n\n".join(" ".join(VI[i] for i in paragraph) for paragraph in paragraphs)


ARTICLES = {
    "first": article([9, 0], [2]),
    "second": article([8], [3, 4, 5]),
    "third": article([6, 10, 1, 7]),
}


def test_articles_come_back_in_input_order_with_exact_english(memorised_marian_dir):
    results = translate_articles(ARTICLES, model=memorised_marian_dir, backend="transformers", batch_size=3)
    assert list(results) == list(ARTICLES)
    assert [result.article_id for result in results.values()] == list(ARTICLES)
    for result, text in zip(results.values(), ARTICLES.values()):
        expected_vi = [sentence for line in text.split("\n\n") for sentence in VI if sentence in line]
        expected_vi.sort(key=text.index)
        assert [item.text for item in result] == expected_vi
        assert [item.english for item in result] == [EN[vi] for vi in expected_vi]
        assert all(item.translated and item.segment.kind == "sentence" for item in result)
        assert all(text[item.segment.start : item.segment.end] == item.text for item in result)


def test_translate_article_positions_and_model_reuse(memorised_marian_dir):
    result = translate_article(ARTICLES["second"], article_id="second", model=memorised_marian_dir, backend="transformers")
    assert [(item.segment.paragraph, item.segment.sentence) for item in result] == [(0, 0), (1, 0), (1, 1), (1, 2)]
    assert result.english.splitlines() == [EN[VI[8]], " ".join(EN[VI[i]] for i in (3, 4, 5))]
    assert result.model == memorised_marian_dir.resolve().name
    assert load_translator(memorised_marian_dir, backend="transformers") is load_translator(
        str(memorised_marian_dir), backend="transformers"
    )


def test_sentence_longer_than_model_limit_is_split_and_flagged(tiny_marian_dir):
    translator = load_translator(tiny_marian_dir, backend="transformers")
    words = "Quân đội Iraq cho biết, chính phủ nước này đã yêu cầu quân đội không phụ thuộc vào Mỹ,"
    long_sentence = " ".join([words] * 12) + " khi tham chiến."
    result = translate_article(long_sentence, translator=translator)
    assert len(result.segments) == 1
    assert result.segments[0].split_for_length
    assert result.segments[0].english


def test_nllb_directory_translates(tiny_nllb_dir):
    result = translate_article(ARTICLES["first"], model=tiny_nllb_dir, backend="transformers")
    assert len(result.segments) == 3
    assert all(item.translated for item in result)


def test_cli_translates_the_seeds_into_a_dataset(tmp_path, tiny_marian_dir):
    out = tmp_path / "out"
    result = run_cli("translate", str(SEEDS), "--model", str(tiny_marian_dir), "--backend", "transformers", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "3 articles" in result.stdout.strip().splitlines()[-1]
    dataset = load_output(out)
    assert isinstance(dataset.features["translation"], datasets.Translation)
    assert dataset.features["translation"].languages == ["vi", "en"]
    assert sorted(set(dataset["article_id"])) == sorted(path.stem for path in SEEDS.glob("*.txt"))
    for article_id in set(dataset["article_id"]):
        rows = [row for row in dataset if row["article_id"] == article_id]
        assert [row["segment"] for row in rows] == list(range(len(rows)))
        assert len({row["id"] for row in rows}) == len(rows)
    repeats = [row for row in dataset if row["article_id"].startswith("003") and row["repeat_of"] >= 0]
    assert len(repeats) >= 10
    assert all(row["translation"]["en"] or not row["translated"] for row in dataset)
    rows = output_rows(out)
    assert len(rows) == len(dataset)
    assert any("Iraq" in row["translation"]["vi"] for row in rows)
    assert {row["source"] for row in rows} == {f"seeds/{path.name}" for path in SEEDS.glob("*.txt")}
    card = (out / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---") and "translation" in card
    run = json.loads((out / "run.json").read_text())
    assert run["counts"]["segments"] == len(dataset)


def test_cli_reports_bad_inputs_and_still_translates_the_rest(tmp_path, tiny_marian_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(ARTICLES["first"], encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (inputs / "broken.txt").write_bytes("Xin chào ".encode() + b"\xff\xfe\xfa abc \x81\x8d")
    (tmp_path / "no_text").mkdir()
    out = tmp_path / "out"
    result = run_cli(
        "translate",
        str(inputs),
        str(tmp_path / "missing.txt"),
        str(tmp_path / "no_text"),
        "--model",
        str(tiny_marian_dir),
        "--backend",
        "transformers",
        "-o",
        str(out),
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("songngu: error:")]
    for name in ("empty.txt", "binary.txt", "broken.txt", "missing.txt", "no_text"):
        assert sum(name in line for line in errors) == 1, (name, result.stderr)
    assert {row["article_id"] for row in output_rows(out)} == {"in/good"}
    assert not [path for path in out.rglob("*") if "tmp" in path.name]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_cli_reads_bom_and_utf16_articles(tmp_path, memorised_marian_dir, encoding):
    (tmp_path / "a.txt").write_text(ARTICLES["third"], encoding=encoding)
    out = tmp_path / "out"
    result = run_cli("translate", str(tmp_path / "a.txt"), "--model", str(memorised_marian_dir), "--backend", "transformers", "-o", str(out), "--no-progress")
    assert result.returncode == 0, result.stderr
    rows = output_rows(out)
    assert [row["translation"]["en"] for row in rows] == [EN[VI[i]] for i in (6, 10, 1, 7)]


def test_default_backend_falls_back_when_ctranslate2_cannot_convert(tmp_path):
    model = hand_made_marian(tmp_path / "hand-made")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLES["first"], encoding="utf-8")
    strict = run_cli("translate", str(article), "--model", str(model), "--backend", "ctranslate2", "-o", str(tmp_path / "strict"), env={"SONGNGU_CACHE": str(tmp_path / "cache")})
    result = run_cli("translate", str(article), "--model", str(model), "-o", str(tmp_path / "out"), env={"SONGNGU_CACHE": str(tmp_path / "cache")})
    assert strict.returncode == 2
    assert "CTranslate2 cannot convert" in strict.stderr and "--backend transformers" in strict.stderr
    assert result.returncode == 0, result.stderr
    assert "using the transformers backend" in result.stderr
    assert output_rows(tmp_path / "out")
    assert list((tmp_path / "cache" / "ctranslate2").glob("*.unconvertible"))


def test_filtered_translate_accounts_for_every_row(tmp_path, memorised_marian_dir):
    """The seeds' English from the memorised model is noise, which a CPU's kernels make pass or fail the filter; the
    memorised article's pairs pass on every CPU, so the filtered folder always holds rows to load."""
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    (articles / "known.txt").write_text(f"{VI[0]} {VI[1]}\n\n{VI[2]}\n", encoding="utf-8")
    plain, filtered = tmp_path / "plain", tmp_path / "filtered"
    common = ["--model", str(memorised_marian_dir), "--no-progress", "--no-memory"]
    assert run_cli("translate", str(articles), *common, "-o", str(plain)).returncode == 0
    result = run_cli("translate", str(articles), *common, "--filter", "-o", str(filtered))
    assert result.returncode == 0, result.stderr
    every = output_rows(plain)
    kept = output_rows(filtered)
    dropped = [json.loads(line) for line in (filtered / "dropped.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(row["id"] for row in kept + dropped) == sorted(row["id"] for row in every)
    assert all(row["drop_reason"] for row in dropped)
    details = " ".join(row["drop_detail"] for row in dropped)
    assert "not translated (kind=caption)" in details and "repeat of segment" in details
    assert {"not_translated", "repeat"} <= {code for row in dropped for code in row["drop_reason"].split("; ")}
    assert {row["translation"]["en"] for row in kept} >= {EN[VI[0]], EN[VI[1]], EN[VI[2]]}
    assert len(load_output(filtered)) == len(kept)


def test_a_filter_that_keeps_no_row_says_so(tmp_path, memorised_marian_dir):
    """Every row dropped: the run ended as if all was well, and datasets.load_dataset(OUT) then failed with
    'Instruction "train" corresponds to no data'."""
    (tmp_path / "captions.txt").write_text("Ảnh: AP\n\nẢnh: Reuters\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("translate", str(tmp_path / "captions.txt"), "--model", str(memorised_marian_dir), "--no-progress",
                     "--no-memory", "--filter", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert output_rows(out) == []
    notes = [line for line in result.stderr.splitlines() if "the filter kept no row" in line]
    assert notes == [f"songngu: note: {out}: the filter kept no row (all 2 are in dropped.jsonl), so data/ holds an empty split, "
                     "which datasets.load_dataset refuses"], result.stderr


def test_scraped_html_emoji_and_invisible_characters_still_give_clean_pairs(tmp_path, memorised_marian_dir):
    with_zero_width_space = VI[7].replace(" ", " \u200b", 1)
    page = (
        f"<p>{VI[8]} 🎉 {VI[6]}</p><p>&nbsp;...</p><div>{with_zero_width_space}</div>"
        f"<p>{VI[3][:-1]}?</p><p>{VI[3][:-1]}.</p>"
    )
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("translate", str(tmp_path / "page.txt"), "--model", str(memorised_marian_dir), "--backend", "transformers",
                     "-o", str(out), "--no-progress", "--no-memory")
    assert result.returncode == 0, result.stderr
    rows = output_rows(out)
    pairs = {row["translation"]["vi"]: row["translation"]["en"] for row in rows if row["translated"] and row["translation"]["en"]}
    assert pairs[VI[8]] == EN[VI[8]] and pairs[VI[6]] == EN[VI[6]] and pairs[VI[7]] == EN[VI[7]]
    assert {row["kind"] for row in rows if row["translation"]["vi"] in ("🎉", "...")} == {"boilerplate"}
    question, statement = (row for row in rows if row["translation"]["vi"].startswith(VI[3][:-1]))
    assert question["repeat_of"] == -1 and statement["repeat_of"] == -1  # a question never repeats the statement
