"""Split a songngu dataset into train/validation/test by article, never splitting an article.

Rule: articles are ordered by ``sha256(f"{seed}:{article_id}")``; the first ``n_test`` go to
test, the next ``n_validation`` to validation, the rest to train. A held-out split with a
non-zero fraction gets ``max(1, round(n * fraction))`` articles, but only while at least
one article is left for train; test is served before validation. So 1 article gives
train only, 2 give train/test, 3 give one article each. Empty splits are left out.
The assignment depends only on the seed and the article ids, not on row order.
"""
from __future__ import annotations

import hashlib

import datasets

from songngu.errors import SongnguError

SPLIT_ORDER = ("train", "validation", "test")


class SplitError(SongnguError):
    """The requested split fractions are impossible."""


def _held_out_count(n_articles: int, fraction: float, available: int) -> int:
    if fraction <= 0 or available <= 1:
        return 0
    wanted = max(1, int(n_articles * fraction + 0.5))
    return min(wanted, available - 1)


def assign_articles(article_ids: list[str], *, validation: float = 0.1, test: float = 0.1, seed: int = 0) -> dict[str, str]:
    """Map each distinct article id to ``"train"``, ``"validation"`` or ``"test"`` (see module rule)."""
    for name, fraction in (("validation", validation), ("test", test)):
        if not 0 <= fraction < 1:
            raise SplitError(f"{name} fraction must be in [0, 1), got {fraction}")
    if validation + test >= 1:
        raise SplitError(f"validation + test fractions must leave room for train, got {validation} + {test}")
    unique = sorted(set(article_ids))
    ranked = sorted(unique, key=lambda article: (hashlib.sha256(f"{seed}:{article}".encode()).hexdigest(), article))
    n_test = _held_out_count(len(ranked), test, len(ranked))
    n_validation = _held_out_count(len(ranked), validation, len(ranked) - n_test)
    assignment = {article: "test" for article in ranked[:n_test]}
    assignment.update({article: "validation" for article in ranked[n_test : n_test + n_validation]})
    assignment.update({article: "train" for article in ranked[n_test + n_validation :]})
    return assignment


def split_by_article(
    dataset: datasets.Dataset, *, validation: float = 0.1, test: float = 0.1, seed: int = 0
) -> datasets.DatasetDict:
    """Split rows into train/validation/test so that no article spans two splits.

    Rows keep their original order inside each split; splits with no rows are dropped.
    """
    article_ids = dataset["article_id"]
    assignment = assign_articles(list(article_ids), validation=validation, test=test, seed=seed)
    indices: dict[str, list[int]] = {name: [] for name in SPLIT_ORDER}
    for index, article in enumerate(article_ids):
        indices[assignment[article]].append(index)
    return datasets.DatasetDict(
        {name: dataset.select(indices[name]) for name in SPLIT_ORDER if indices[name]}
    )
