"""The signals as filters: thresholds, reasons, and filter_rows judging rows on their q_* columns."""
from __future__ import annotations

import math

import datasets
import pytest

from songngu.align.filtering import DEFAULT_THRESHOLDS, Thresholds, drop_reason, filter_rows
from songngu.align.quality import (
    SIGNAL_COLUMNS,
    SIGNALS,
    LengthRatio,
    PairBatch,
    Truncated,
    Untranslated,
    add_signals,
    pair_signals,
    score_columns,
)
from tests.signals_reference import SHARED_DATA, reference_pairs
from tests.test_quality import row

# Pairs whose signals sit exactly on a default threshold; float32 cannot hold 0.2, 0.45 or 2.2.
ON_THE_LIMITS = [
    ("Ngôi nhà của bạn tôi rất đẹp.", "The house của my friend.", "untranslated", 0.2),
    ("Anh ấy rất thích nó.", "He loves.", "length_ratio", 0.45),
    ("Chị ấy rất thích nó.", "She really, really likes it a lot, they say.", "length_ratio", 2.2),
]


def test_every_signal_has_its_column_and_a_filter() -> None:
    assert SIGNAL_COLUMNS == {signal.column: signal.dtype for signal in SIGNALS}
    assert list(SIGNAL_COLUMNS) == [f"q_{name}" for name in pair_signals("", "").as_dict()]
    assert sorted(signal.column for signal in DEFAULT_THRESHOLDS.filters()) == sorted(SIGNAL_COLUMNS)


def test_filters_accept_and_word_their_reasons() -> None:
    untranslated = Untranslated(maximum=0.2)
    assert untranslated.accept(0.2) and untranslated.reason(0.2) == ""
    assert not untranslated.accept(0.62)
    assert untranslated.reason(0.62) == "untranslated=0.62>0.20"
    assert untranslated.accept(None) and untranslated.accept(math.nan)
    assert Untranslated().accept(1.0)  # no threshold: off
    length = LengthRatio(minimum=0.45, maximum=2.2, min_vi_chars=20)
    assert length.reason(0.17) == "length_ratio=0.17<0.45"
    assert length.reason(3.0) == "length_ratio=3.00>2.20"
    assert not length.applies_to("Tôi hứa.") and length.applies_to("Anh ấy rất thích nó.")
    assert Truncated(drop=True).reason(True) == "truncated"
    assert Truncated(drop=False).accept(True)


def test_score_columns_checks_its_inputs() -> None:
    assert score_columns([], []) == {column: [] for column in SIGNAL_COLUMNS}
    with pytest.raises(ValueError):
        PairBatch(["Xin chào."], [])
    with pytest.raises(ValueError):
        PairBatch(["Xin chào."], ["Hello."], logprob=[])


@pytest.mark.parametrize(("vi", "en", "name", "value"), ON_THE_LIMITS)
def test_pairs_on_a_limit_pass_it(vi: str, en: str, name: str, value: float) -> None:
    assert pair_signals(vi, en).as_dict()[name] == value
    assert drop_reason(row(vi, en)) == ""


def test_rows_read_back_from_a_dataset_are_judged_like_fresh_ones() -> None:
    # The q_* columns are float32: 0.2 comes back as 0.2000000029..., which a float64
    # comparison would find above the 0.2 limit.
    rows = add_signals([row(vi, en, index) for index, (vi, en, _, _) in enumerate(ON_THE_LIMITS)])
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "translated": datasets.Value("bool"),
            "repeat_of": datasets.Value("int32"),
            "translation": datasets.Translation(languages=["vi", "en"]),
            **{name: datasets.Value(dtype) for name, dtype in SIGNAL_COLUMNS.items()},
        }
    )
    stored = datasets.Dataset.from_list([{name: item[name] for name in features} for item in rows], features=features)
    read_back = stored.to_list()
    assert [item[f"q_{name}"] for item, (_, _, name, value) in zip(read_back, ON_THE_LIMITS)] != [
        value for _, _, _, value in ON_THE_LIMITS
    ]
    assert [len(part) for part in filter_rows(read_back)] == [len(ON_THE_LIMITS), 0]


def test_filter_rows_judges_rows_on_their_signal_columns() -> None:
    clean = row("Có 3 người bị thương.", "Three people were injured.")
    assert filter_rows([clean]) == ([clean], [])
    scored = add_signals([clean])[0]
    (failed,) = filter_rows([{**scored, "q_untranslated": 0.9}])[1]
    assert (failed["drop_reason"], failed["drop_detail"]) == ("untranslated", "untranslated=0.90>0.20")
    unscored = row("Có 3 người bị thương.", "Có 3 người bị thương.", 1)
    kept, dropped = filter_rows([scored, unscored])
    assert [item["id"] for item in kept] == ["art-0000"]
    assert dropped[0]["drop_detail"].startswith("untranslated=1.00>0.20")


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"{SHARED_DATA} not found")
def test_scored_and_unscored_rows_get_the_same_decisions() -> None:
    pairs = [pair for group in reference_pairs().values() for pair in group]
    rows = [{"id": str(index), "translation": {"vi": vi, "en": en}} for index, (vi, en) in enumerate(pairs)]
    lenient = Thresholds(min_punct_match=0.5, drop_duplicates=False)
    kept, dropped = filter_rows(rows, lenient)
    kept_scored, dropped_scored = filter_rows(add_signals(rows), lenient)
    assert [item["id"] for item in kept_scored] == [item["id"] for item in kept]
    assert [item["drop_detail"] for item in dropped_scored] == [item["drop_detail"] for item in dropped]
