"""The segmentation benchmark: gold parsing, scoring, and the table it prints."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from songngu.text import split_sentences

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def load_module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bench = load_module("songngu_segmentation_benchmark", REPO / "benchmarks" / "segmentation.py")


def test_every_gold_file_parses_and_marks_only_real_boundaries() -> None:
    for name, _ in bench.GOLD_SETS:
        documents = bench.load_gold(bench.GOLD_DIR / name)
        assert documents, name
        for document in documents:
            assert "||" not in document.text
            assert all(sentence and sentence == sentence.strip() for sentence in document.sentences)
            assert "".join(document.sentences).replace(" ", "") == "".join(document.text.split()).replace(" ", "")


def test_scores() -> None:
    documents = bench.load_gold(bench.GOLD_DIR / "hard_cases.gold")
    perfect = bench.score(split_sentences, documents)
    assert (perfect.precision, perfect.recall, perfect.f1, perfect.exact) == (1.0, 1.0, 1.0, 1.0)
    lines_only = bench.score(lambda text: text.split("\n"), documents)
    assert lines_only.precision == 1.0 and lines_only.recall < 0.5
    every_word = bench.score(lambda text: text.split(), documents)
    assert every_word.recall > 0.9 and every_word.precision < 0.3


def test_boundaries_ignore_whitespace_changes() -> None:
    text = "Câu một.\nCâu  hai. Câu ba."
    gold = bench.boundaries(text, ["Câu một.", "Câu  hai.", "Câu ba."])
    assert bench.boundaries(text, ["Câu một. ", "Câu hai.", " Câu ba."]) == gold
    assert gold[0] == {7, 14}


def test_table_prints_songngu_and_speed(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--only", "songngu", "--speed-seconds", "0.05"]) == 0
    output = capsys.readouterr().out
    assert "| songngu | " in output
    assert "sentences/s" in output


def test_unavailable_or_crashing_anchor_prints_a_reason() -> None:
    gold = [("hard", bench.load_gold(bench.GOLD_DIR / "hard_cases.gold"))]
    assert bench.table_row("absent", "ModuleNotFoundError: nope", gold) == "| absent | unavailable (ModuleNotFoundError: nope) |"

    def crashing(text: str) -> list[str]:
        raise RuntimeError("model files missing")

    assert bench.table_row("crashing", crashing, gold) == "| crashing | unavailable (RuntimeError: model files missing) |"


@pytest.mark.skipif(not (SHARED_DATA / "flores200-devtest-first500.vie").is_file(), reason="shared data not present")
def test_generated_gold_files_are_up_to_date(tmp_path: Path) -> None:
    build = load_module("songngu_gold_build", REPO / "benchmarks" / "gold" / "build.py")
    lines = (SHARED_DATA / build.FLORES).read_text(encoding="utf-8").splitlines()
    headlines = build.headline_candidates((SHARED_DATA / build.TATOEBA).read_text(encoding="utf-8").splitlines())
    marked = build.load_internal_boundaries(build.HERE / "flores_internal_boundaries.tsv", lines)
    build.write_gold(tmp_path / "flores.gold", build.FLORES_HEADER, build.flores_paragraph_documents(lines, marked))
    build.write_gold(tmp_path / "news.gold", build.NEWS_HEADER, build.news_documents(lines, marked, headlines))
    assert (tmp_path / "flores.gold").read_text(encoding="utf-8") == (build.HERE / "flores_paragraphs.gold").read_text(encoding="utf-8")
    assert (tmp_path / "news.gold").read_text(encoding="utf-8") == (build.HERE / "news_documents.gold").read_text(encoding="utf-8")
