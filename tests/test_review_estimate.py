"""The statistics of `songngu eval --judgments`, checked against numbers worked out by hand."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songngu.eval.review.estimate import (
    Stratum, cohen_kappa, label_shares, sign_test, stratified_share, threshold_for_precision,
    weighted_precision_recall, wilson,
)
from songngu.eval.review.rundata import drop_codes
from songngu.eval.review.sample import allocate

# Wilson 95% intervals, worked out by hand with z = 1.96 (z² = 3.8415):
#   8/10: centre (0.8 + 0.19207)/1.38415 = 0.71674, half 1.96·√(0.016 + 0.0096037)/1.38415 = 0.22658
#   5/10: centre 0.5, half 1.96·√(0.025 + 0.0096037)/1.38415 = 0.26341
WILSON_8_OF_10 = (0.49016, 0.94332)
WILSON_5_OF_10 = (0.23659, 0.76341)


def test_wilson_matches_the_hand_computed_intervals():
    assert wilson(8, 10) == pytest.approx(WILSON_8_OF_10, abs=1e-4)
    assert wilson(5, 10) == pytest.approx(WILSON_5_OF_10, abs=1e-4)
    low, high = wilson(10, 10)
    assert high == pytest.approx(1.0) and 0.69 < low < 0.73  # never a zero-width interval at 100 %
    assert wilson(0, 0) == (0.0, 1.0)


def test_stratified_toy_example_by_hand():
    # Stratum A: 900 pairs in the run, 10 judged, 8 good. Stratum B: 100 pairs, 10 judged, 5 good.
    # W = 0.9 and 0.1; estimate 0.9·0.8 + 0.1·0.5 = 0.77.
    # lower = 0.77 − √((0.9·(0.8 − 0.49016))² + (0.1·(0.5 − 0.23659))²) = 0.77 − √(0.077762 + 0.000694) = 0.48990
    # upper = 0.77 + √((0.9·(0.94332 − 0.8))² + (0.1·(0.76341 − 0.5))²) = 0.77 + √(0.016633 + 0.000694) = 0.90163
    share = stratified_share([Stratum("A", 900, 10, 8), Stratum("B", 100, 10, 5)])
    assert share.estimate == pytest.approx(0.77, abs=1e-9)
    assert share.lower == pytest.approx(0.48990, abs=2e-4)
    assert share.upper == pytest.approx(0.90163, abs=2e-4)
    assert share.judged == 20


def test_one_stratum_is_plain_wilson_and_unjudged_strata_are_left_out():
    share = stratified_share([Stratum("only", 5000, 10, 8), Stratum("unjudged", 400, 0, 0)])
    assert share.estimate == pytest.approx(0.8)
    assert (share.lower, share.upper) == pytest.approx(WILSON_8_OF_10, abs=1e-4)
    assert math.isnan(stratified_share([]).estimate)


def test_cohen_kappa_by_hand():
    # observed agreement 8/10; each reviewer says good half the time, so chance agreement 0.5: (0.8 − 0.5)/0.5 = 0.6
    first = ["good"] * 5 + ["bad"] * 5
    second = ["good"] * 4 + ["bad"] * 5 + ["good"]
    assert cohen_kappa(first, second) == pytest.approx(0.6)
    assert cohen_kappa(["good"] * 3, ["good"] * 3) == 1.0


def test_sign_test_by_hand():
    # 8 wins, 2 losses: 2·P(X ≤ 2), X ~ Bin(10, ½) = 2·(1 + 10 + 45)/1024 = 0.109375
    assert sign_test(8, 2) == pytest.approx(0.109375)
    assert sign_test(5, 5) == 1.0
    assert sign_test(0, 0) == 1.0


def test_threshold_for_precision_by_hand():
    values = [0.1, 0.2, 0.3, 0.4, 0.9, 1.0]
    bad = [True, True, False, True, False, False]
    # dropping below t: ≤0.1 → 1/1, ≤0.2 → 2/2, ≤0.3 → 2/3, ≤0.4 → 3/4 (the most drops at 0.75), ≤0.9 → 3/5
    threshold, precision, recall = threshold_for_precision(values, bad, [1.0] * 6, 0.75, drop_below=True)
    assert threshold == pytest.approx(0.65) and precision == pytest.approx(0.75) and recall == pytest.approx(1.0)
    assert threshold_for_precision(values, bad, [1.0] * 6, 0.99, drop_below=False) is None


def test_weighted_precision_recall_and_label_shares():
    # flagged items 0 and 1 (weights 2 and 1), bad items 0 and 2 (weights 2 and 3)
    precision, recall = weighted_precision_recall([True, True, False], [True, False, True], [2.0, 1.0, 3.0])
    assert precision == pytest.approx(2 / 3) and recall == pytest.approx(2 / 5)
    assert label_shares([["omission"], ["omission", "addition"], []], [1.0, 1.0, 2.0]) == {"addition": 0.25, "omission": 0.5}


def test_allocation_spreads_half_evenly_and_the_rest_proportionally():
    # even share 20 // (2·3) = 3 each (c has only 2), then the 12 left by remaining rows: a gets them
    assert allocate({"a": 1000, "b": 10, "c": 2}, 20) == {"a": 15, "b": 3, "c": 2}
    assert allocate({"a": 3, "b": 2}, 200) == {"a": 3, "b": 2}
    assert sum(allocate({f"s{i}": 5 for i in range(50)}, 20).values()) == 20
    assert allocate({}, 10) == {}


@pytest.mark.parametrize(("reason", "codes"), [
    ("untranslated; length_ratio", ["untranslated", "length_ratio"]),
    ("untranslated=0.62>0.20; length_ratio=0.21<0.45", ["untranslated", "length_ratio"]),
    ("not translated (kind=caption)", ["not_translated"]),
    ("repeat of segment 3", ["repeat"]),
    ("duplicate of a-0001", ["duplicate"]),
    ("empty en", ["empty_en"]),
    ("", []),
])
def test_drop_codes_read_both_reason_formats(reason, codes):
    assert drop_codes(reason) == codes

strata_lists = st.lists(
    st.tuples(st.integers(1, 10_000), st.integers(1, 60), st.floats(0, 1)).map(
        lambda t: Stratum("s", t[0], t[1], round(t[1] * t[2]))),
    min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(strata_lists)
def test_the_stratified_interval_holds_its_estimate_within_zero_and_one(strata):
    share = stratified_share(strata)
    assert 0.0 <= share.lower <= share.estimate + 1e-12 and share.estimate - 1e-12 <= share.upper <= 1.0
    assert share.upper - share.lower > 0  # never a zero-width interval, whatever the verdicts
