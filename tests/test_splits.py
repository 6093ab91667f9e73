"""Article-level train/validation/test splits by a seeded hash of the article id."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from songngu.errors import UsageError
from songngu.export.splits import check_fractions, split_of


def test_shares_are_met_on_average_and_depend_only_on_the_id() -> None:
    ids = [f"vnexpress/{index}" for index in range(20_000)]
    counts = {name: 0 for name in ("train", "validation", "test")}
    for article in ids:
        counts[split_of(article, validation=0.1, test=0.2)] += 1
    assert abs(counts["test"] / len(ids) - 0.2) < 0.02
    assert abs(counts["validation"] / len(ids) - 0.1) < 0.02
    assert [split_of(article, validation=0.1, test=0.2) for article in reversed(ids)][::-1] == [
        split_of(article, validation=0.1, test=0.2) for article in ids]


@given(st.text(min_size=1), st.integers(0, 5))
def test_seed_changes_the_assignment_but_zero_shares_give_train(article: str, seed: int) -> None:
    assert split_of(article, validation=0, test=0, seed=seed) == "train"
    assert split_of(article, seed=seed) in ("train", "validation", "test")


@pytest.mark.parametrize(("validation", "test"), [(-0.1, 0.1), (0.1, 1.0), (0.5, 0.5)])
def test_impossible_fractions_are_refused(validation: float, test: float) -> None:
    with pytest.raises(UsageError):
        check_fractions(validation, test)
