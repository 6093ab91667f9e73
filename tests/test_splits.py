"""Article-level train/validation/test splits."""
from __future__ import annotations

import datasets
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songngu.export.splits import SplitError, assign_articles, split_by_article


def _dataset(rows_per_article: dict[str, int]) -> datasets.Dataset:
    rows = [
        {"id": f"{article}-{segment:04d}", "article_id": article, "segment": segment}
        for article, count in rows_per_article.items()
        for segment in range(count)
    ]
    return datasets.Dataset.from_list(rows)


@pytest.mark.parametrize(
    ("n_articles", "expected"),
    [(1, {"train": 1}), (2, {"train": 1, "test": 1}), (3, {"train": 1, "validation": 1, "test": 1}),
     (10, {"train": 8, "validation": 1, "test": 1}), (100, {"train": 80, "validation": 10, "test": 10})],
)
def test_articles_per_split_follow_the_documented_rule(n_articles: int, expected: dict[str, int]) -> None:
    assignment = assign_articles([f"a{i}" for i in range(n_articles)])
    counts = {name: list(assignment.values()).count(name) for name in ("train", "validation", "test")}
    assert {name: count for name, count in counts.items() if count} == expected


def test_no_article_in_two_splits_rows_keep_order_and_empty_splits_are_dropped() -> None:
    dataset = _dataset({"b": 3, "a": 2, "c": 4})
    split = split_by_article(dataset)
    assert list(split) == ["train", "validation", "test"]
    seen: dict[str, str] = {}
    for name, part in split.items():
        for article in part["article_id"]:
            assert seen.setdefault(article, name) == name
        assert part["id"] == [row_id for row_id in dataset["id"] if seen.get(row_id.split("-")[0]) == name]
    assert sum(len(part) for part in split.values()) == len(dataset)

    only_train = split_by_article(_dataset({"a": 2, "b": 1}), validation=0.0, test=0.0)
    assert list(only_train) == ["train"] and len(only_train["train"]) == 3


def test_split_is_deterministic_given_the_seed_and_independent_of_row_order() -> None:
    articles = [f"article-{i}" for i in range(40)]
    first = assign_articles(articles, seed=7)
    assert assign_articles(list(reversed(articles)), seed=7) == first
    assert assign_articles(articles, seed=8) != first


@pytest.mark.parametrize(("validation", "test"), [(-0.1, 0.1), (0.1, 1.0), (0.5, 0.5)])
def test_impossible_fractions_are_refused(validation: float, test: float) -> None:
    with pytest.raises(SplitError):
        assign_articles(["a", "b", "c"], validation=validation, test=test)


@settings(max_examples=60, deadline=None)
@given(
    articles=st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=30),
    validation=st.floats(0, 0.45),
    test=st.floats(0, 0.45),
    seed=st.integers(0, 5),
)
def test_every_article_gets_one_split_and_train_is_never_empty(
    articles: list[str], validation: float, test: float, seed: int
) -> None:
    assignment = assign_articles(articles, validation=validation, test=test, seed=seed)
    assert set(assignment) == set(articles)
    assert "train" in assignment.values()
    if test == 0:
        assert "test" not in assignment.values()
    if validation == 0:
        assert "validation" not in assignment.values()
