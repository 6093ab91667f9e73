"""BLEU, chrF and TER with signatures, from Python and the CLI."""
from __future__ import annotations

import pytest

from songngu.eval import evaluate
from tests.helpers import run_cli

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
