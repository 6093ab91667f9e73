"""BLEU, chrF and TER with signatures, from Python and the CLI."""
from __future__ import annotations

import pytest

from songngu.eval import evaluate
from tests.helpers import SEEDS, run_cli

REFERENCES = ["The cat sat on the mat.", "Hanoi is the capital of Vietnam."]
HYPOTHESES = ["The cat sat on a mat.", "Hanoi is Vietnam's capital."]


def test_scores_match_sacrebleu_and_carry_signatures():
    import sacrebleu

    bleu, chrf, ter = evaluate(HYPOTHESES, REFERENCES)
    assert bleu.score == pytest.approx(sacrebleu.corpus_bleu(HYPOTHESES, [REFERENCES]).score)
    assert chrf.score == pytest.approx(sacrebleu.corpus_chrf(HYPOTHESES, [REFERENCES]).score)
    assert ter.score == pytest.approx(sacrebleu.corpus_ter(HYPOTHESES, [REFERENCES]).score)
    assert bleu.signature.startswith("nrefs:1|") and "tok:13a" in bleu.signature
    assert "nc:6" in chrf.signature and "tok:tercom" in ter.signature


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        evaluate(HYPOTHESES, REFERENCES[:1])


def test_cli_prints_three_metrics(tmp_path):
    (tmp_path / "hyp.txt").write_text("\n".join(HYPOTHESES) + "\n")
    (tmp_path / "ref.txt").write_text("\n".join(REFERENCES) + "\n")
    result = run_cli("eval", "--hyp", str(tmp_path / "hyp.txt"), "--ref", str(tmp_path / "ref.txt"))
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["BLEU", "chrF", "TER"]
    assert all("version:" in line for line in result.stdout.splitlines())


def test_cli_names_a_file_with_the_wrong_line_count(tmp_path):
    (tmp_path / "hyp.txt").write_text("one\n")
    (tmp_path / "ref.txt").write_text("one\ntwo\n")
    result = run_cli("eval", "--hyp", str(tmp_path / "hyp.txt"), "--ref", str(tmp_path / "ref.txt"))
    assert result.returncode == 1
    assert str(tmp_path / "hyp.txt") in result.stderr and "1 lines" in result.stderr


def test_eval_reads_a_runs_english_one_line_per_paragraph(tmp_path, memorised_marian_dir):
    from tests.tinymodels import MEMORISED_PAIRS

    (tmp_path / "test.vie").write_text("\n".join(vi for vi, _ in MEMORISED_PAIRS[:5]) + "\n", encoding="utf-8")
    (tmp_path / "test.eng").write_text("\n".join(en for _, en in MEMORISED_PAIRS[:5]) + "\n", encoding="utf-8")
    translated = run_cli("translate", str(tmp_path / "test.vie"), "--model", str(memorised_marian_dir), "--backend", "transformers",
                         "-o", str(tmp_path / "out"), "--no-progress", "--no-memory")
    assert translated.returncode == 0, translated.stderr
    result = run_cli("eval", "--hyp", str(tmp_path / "out"), "--ref", str(tmp_path / "test.eng"), "--metrics", "bleu,chrf")
    assert result.returncode == 0, result.stderr
    bleu, chrf = (float(line.split()[1]) for line in result.stdout.splitlines())
    assert bleu == pytest.approx(100.0) and chrf == pytest.approx(100.0)


def test_several_references_are_scored_together_as_sacrebleu_does(tmp_path):
    import sacrebleu

    second = ["A cat was sitting on a mat.", "Hanoi is Vietnam's capital."]
    bleu, chrf, ter = evaluate(HYPOTHESES, [REFERENCES, second])
    assert bleu.score == pytest.approx(sacrebleu.corpus_bleu(HYPOTHESES, [REFERENCES, second]).score)
    assert chrf.score == pytest.approx(sacrebleu.corpus_chrf(HYPOTHESES, [REFERENCES, second]).score)
    assert ter.score == pytest.approx(sacrebleu.corpus_ter(HYPOTHESES, [REFERENCES, second]).score)
    assert bleu.signature.startswith("nrefs:2|")
    (tmp_path / "hyp.txt").write_text("\n".join(HYPOTHESES) + "\n")
    (tmp_path / "a.txt").write_text("\n".join(REFERENCES) + "\n")
    (tmp_path / "b.txt").write_text("\n".join(second) + "\n")
    result = run_cli("eval", "--hyp", str(tmp_path / "hyp.txt"), "--ref", str(tmp_path / "a.txt"), "--ref", str(tmp_path / "b.txt"))
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[0]
    assert "nrefs:2" in line and float(line.split()[1]) == pytest.approx(bleu.score, abs=0.01)
    (tmp_path / "short.txt").write_text("one line\n")
    refused = run_cli("eval", "--hyp", str(tmp_path / "hyp.txt"), "--ref", str(tmp_path / "a.txt"), "--ref", str(tmp_path / "short.txt"))
    assert refused.returncode == 1 and str(tmp_path / "short.txt") in refused.stderr


def test_a_filtered_run_counts_its_dropped_rows_per_reason_code(tmp_path, memorised_marian_dir):
    import json

    from tests.tinymodels import MEMORISED_PAIRS

    article = tmp_path / "test.vie"
    article.write_text("\n".join(vi for vi, _ in MEMORISED_PAIRS[:3]) + "\nẢnh: AP\n", encoding="utf-8")
    (tmp_path / "test.eng").write_text("\n".join(en for _, en in MEMORISED_PAIRS[:3]) + "\nPhoto: AP\n", encoding="utf-8")
    out = tmp_path / "out"
    translated = run_cli("translate", str(article), "--model", str(memorised_marian_dir), "--filter", "-o", str(out),
                         "--no-progress", "--no-memory")
    assert translated.returncode == 0, translated.stderr
    dropped = [json.loads(line) for line in (out / "dropped.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(row["drop_reason"], row["drop_detail"]) for row in dropped] == [("not_translated", "not translated (kind=caption)")]
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["drop_reasons"] == {"not_translated": 1}
    assert "| not_translated | 1 |" in (out / "README.md").read_text(encoding="utf-8")
    result = run_cli("eval", "--hyp", str(out), "--ref", str(tmp_path / "test.eng"), "--metrics", "chrf")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "dropped rows by drop_reason: not_translated 1"


def test_a_filtered_run_lines_up_with_the_reference_as_the_unfiltered_run_does(tmp_path, memorised_marian_dir):
    """Paragraphs whose rows the filter dropped were missing, so `eval --hyp OUT/ --ref` refused every filtered run
    ("has 4 lines but … has 30"): the dropped rows keep their place now."""
    from songngu.eval import run_english
    from tests.tinymodels import TEXT_DIR

    flores = (TEXT_DIR / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()
    article = tmp_path / "test.vie"
    article.write_text("\n".join(flores[:12]) + "\nẢnh: AP\n", encoding="utf-8")  # a caption: dropped on any CPU
    runs = {}
    for name, extra in (("filtered", ["--filter"]), ("all", [])):
        runs[name] = tmp_path / name
        translated = run_cli("translate", str(article), "--model", str(memorised_marian_dir), "-o", str(runs[name]),
                             "--no-progress", "--no-memory", *extra)
        assert translated.returncode == 0, translated.stderr
    assert (runs["filtered"] / "dropped.jsonl").read_text(encoding="utf-8").strip()
    assert len(run_english(runs["filtered"])) == 13
    assert run_english(runs["filtered"]) == run_english(runs["all"])


def test_a_filtered_run_of_several_articles_where_one_lost_every_row_cannot_be_lined_up(tmp_path, memorised_marian_dir):
    from tests.tinymodels import MEMORISED_PAIRS

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(MEMORISED_PAIRS[0][0], encoding="utf-8")
    (articles / "b.txt").write_text("Ảnh: AP", encoding="utf-8")  # a caption: never translated, so dropped
    (tmp_path / "test.eng").write_text(f"{MEMORISED_PAIRS[0][1]}\nPhoto: AP\n", encoding="utf-8")
    out = tmp_path / "out"
    translated = run_cli("translate", str(articles), "--model", str(memorised_marian_dir), "--filter", "-o", str(out),
                         "--no-progress", "--no-memory")
    assert translated.returncode == 0, translated.stderr
    result = run_cli("eval", "--hyp", str(out), "--ref", str(tmp_path / "test.eng"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"songngu: error: {out}: article b lost every row to the filter, so its place among the run's articles is unknown: "
        "give eval a run without --filter, or one article per run"
    ]


def test_names_and_terms_of_a_filtered_run_cover_the_rows_bleu_covers(tmp_path, memorised_marian_dir):
    """BLEU on a --filter run counts its dropped rows, but names and terms counted the published pairs alone
    (0/11 names against 0/151 for the same run unfiltered), without a word."""
    common = ["--model", str(memorised_marian_dir), "--no-progress", "--no-memory", "--translate", "sentence,heading,caption"]
    assert run_cli("translate", str(SEEDS), *common, "-o", str(tmp_path / "plain")).returncode == 0
    assert run_cli("translate", str(SEEDS), *common, "--filter", "-o", str(tmp_path / "filtered")).returncode == 0
    assert (tmp_path / "filtered" / "dropped.jsonl").read_text(encoding="utf-8").strip()  # the filter dropped some
    plain = run_cli("eval", "--hyp", str(tmp_path / "plain"))
    filtered = run_cli("eval", "--hyp", str(tmp_path / "filtered"))
    assert plain.returncode == filtered.returncode == 0, filtered.stderr
    assert plain.stdout.startswith("names ") and filtered.stdout == plain.stdout
