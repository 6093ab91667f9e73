"""The alignment benchmark's own parts: document building, Gale–Church and the strict/lax scores."""
from __future__ import annotations

import importlib.util
import math
import random
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


def test_unmatched_precision_and_merge_recall(benchmark):
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,)), ((4,), (3, 4))]
    predicted = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((), (2,)), ((4,), (3,)), ((), (4,))]
    scores = benchmark.score([gold], [predicted], seconds=1.0)
    assert scores.insert_delete_recall == 1.0  # both gold 1-0/0-1 links found
    assert scores.insert_delete_precision == pytest.approx(2 / 4)  # (2,)-() and ()-(4,) are not gold
    assert scores.merge_recall == 0.0


def test_unmatched_links_touching_crossing_sentences_are_not_counted(benchmark):
    gold = [((0,), (1,)), ((1,), (0,))]
    predicted = [((), (0,)), ((0,), (1,)), ((1,), ())]
    crossing = [frozenset({("vi", 0), ("vi", 1), ("en", 0), ("en", 1)})]
    assert math.isnan(benchmark.score([gold], [predicted], 0.0, crossing).insert_delete_precision)
    assert benchmark.score([gold], [predicted], 0.0).insert_delete_precision == 0.0


def test_monotone_ceiling_keeps_one_link_of_a_swap(benchmark):
    gold = [((0,), (0,)), ((1,), (2,)), ((2,), (1,)), ((3, 4), (3,))]
    ceiling = benchmark.monotone_ceiling(gold)
    assert [i for src, _ in ceiling for i in src] == [0, 1, 2, 3, 4]
    assert [j for _, tgt in ceiling for j in tgt] == [0, 1, 2, 3]
    assert len(set(ceiling) & set(gold)) == 3 and len(ceiling) == 5
    monotone = [((0,), (0,)), ((1,), ()), ((2, 3), (1,)), ((), (2,)), ((4,), (3, 4, 5))]
    assert benchmark.monotone_ceiling(monotone) == monotone


@pytest.fixture(scope="module")
def hard(benchmark):
    spec = importlib.util.spec_from_file_location("alignment_hard_benchmark", REPO / "benchmarks" / "alignment_hard.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_hard_documents_are_seeded_and_cover_both_sides(hard, flores40):
    first = hard.build_documents(12, seed=5, data=flores40)
    again = hard.build_documents(12, seed=5, data=flores40)
    assert [d.en for d in first] == [d.en for d in again] and [d.gold for d in first] == [d.gold for d in again]
    origins = set()
    for document in first:
        assert sorted(i for src, _ in document.gold for i in src) == list(range(len(document.vi)))
        assert sorted(j for _, tgt in document.gold for j in tgt) == list(range(len(document.en)))
        assert len(document.vi_translations) == len(document.vi)
        origins |= set(document.origins.values())
        for src, tgt in document.gold:
            crossing = [("vi", i) in document.crossing for i in src] + [("en", j) in document.crossing for j in tgt]
            assert all(crossing) or not any(crossing)
    assert {"deletion", "english-only line", "vietnamese-only aside"} <= origins


def test_hard_swaps_are_the_only_crossing_links(hard, flores40):
    documents = hard.build_documents(30, seed=2, data=flores40)
    swapped = 0
    for document in documents:
        both = sorted((src[0], tgt[0]) for src, tgt in document.gold if src and tgt)
        crossings = [(a, b) for a, b in zip(both, both[1:]) if b[1] < a[1]]
        swapped += len(crossings)
        for a, b in crossings:
            assert {("vi", a[0]), ("vi", b[0]), ("en", a[1]), ("en", b[1])} <= document.crossing
    assert swapped > 0


def test_hard_set_has_many_lines_of_its_own(hard):
    own = hard.ENGLISH_ONLY_LINES + [vi for vi, _ in hard.VIETNAMESE_ONLY_LINES]
    assert len(set(own)) >= 40
    assert len(hard.SHORT_PAIRS) >= 20 and len(hard.VIETNAMESE_CAPTIONS + hard.ENGLISH_CAPTIONS) >= 10


def test_hard_splits_cut_where_an_editor_would(hard):
    sentence = ("The fire started in the kitchen, spread to the roof within minutes, "
                "and destroyed most of the building before firefighters arrived.")
    pieces = hard._split(sentence, 3, "en", random.Random(1))
    assert pieces == ["The fire started in the kitchen.", "Spread to the roof within minutes.",
                      "Destroyed most of the building before firefighters arrived."]
    assert hard._split("Too short to cut into three pieces.", 3, "en", random.Random(1)) is None
