"""The alignment benchmark's own parts: document building, Gale–Church and the strict/lax scores."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "align"


@pytest.fixture(scope="module")
def benchmark():
    spec = importlib.util.spec_from_file_location("alignment_benchmark", REPO / "benchmarks" / "alignment.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture()
def flores40(tmp_path):
    for suffix in (".vie", ".eng"):
        shutil.copy(DATA / f"flores200-devtest-first40{suffix}", tmp_path / f"flores200-devtest-first500{suffix}")
    return tmp_path


def test_strict_and_lax_scores_follow_vecalign(benchmark):
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]
    predicted = [((0,), (0,)), ((1,), (1,)), ((2, 3), ()), ((4,), (2,))]
    scores = benchmark.score([gold], [predicted], seconds=2.0)
    # precision: 2 exact of 4 predicted; lax also counts (1,)-(1,); (2, 3)-() has no target so is no lax hit
    # recall over gold links with both sides: 2 of 3 exact, 3 of 3 lax
    assert scores.strict_f1 == pytest.approx(2 * (2 / 4) * (2 / 3) / (2 / 4 + 2 / 3))
    assert scores.lax_f1 == pytest.approx(2 * (3 / 4) * 1.0 / (3 / 4 + 1.0))
    assert scores.insert_delete_recall == 0.0
    assert scores.seconds_per_document == 2.0


def test_exact_unmatched_links_count_as_found(benchmark):
    gold = [((0,), (0,)), ((1,), ()), ((), (1,))]
    scores = benchmark.score([gold], [gold], seconds=0.0)
    assert scores.strict_f1 == scores.lax_f1 == scores.insert_delete_recall == 1.0


def test_documents_are_seeded_and_their_gold_covers_both_sides(benchmark, flores40):
    first = benchmark.build_documents("flores", 6, seed=3, data=flores40)
    again = benchmark.build_documents("flores", 6, seed=3, data=flores40)
    assert [d.gold for d in first] == [d.gold for d in again] and [d.vi for d in first] == [d.vi for d in again]
    for document in first:
        assert [i for src, _ in document.gold for i in src] == list(range(len(document.vi)))
        assert [j for _, tgt in document.gold for j in tgt] == list(range(len(document.en)))
        assert len(document.vi_translations) == len(document.vi)
        assert set(document.origins) <= {link for link in document.gold if not link[0] or not link[1]}


def test_gale_church_aligns_clean_parallel_text(benchmark, flores40):
    vi, en = benchmark.read_corpus("flores", flores40)
    links = benchmark.gale_church(vi[:12], en[:12])
    assert sum(link == ((k,), (k,)) for k, link in enumerate(links)) >= 10


def test_missing_corpus_is_one_line_error(benchmark, tmp_path):
    with pytest.raises(SystemExit, match="flores200-devtest-first500.vie: cannot read"):
        benchmark.read_corpus("flores", tmp_path)
