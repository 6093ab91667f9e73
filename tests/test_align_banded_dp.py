"""The banded dynamic programme against brute force: best path and link posteriors on small random grids."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from songngu.align.banded_dp import Band, align_in_band

STEPS = [(1, 1), (1, 0), (2, 1), (1, 2)]


def all_paths(n: int, m: int):
    """Every monotone path from (0, 0) to (n, m) as a list of (i, j, a, b) links, 0-1 links included."""
    if n == 0 and m == 0:
        yield []
        return
    for a, b in STEPS + [(0, 1)]:
        if a <= n and b <= m:
            for path in all_paths(n - a, m - b):
                yield path + [(n, m, a, b)]


def link_score(scores, insertion, i, j, a, b) -> float:
    return insertion[j] if a == 0 else scores[i][STEPS.index((a, b)), j]


@pytest.mark.parametrize("seed", range(6))
def test_best_path_and_posteriors_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    scores = [rng.normal(size=(len(STEPS), m + 1)) for _ in range(n + 1)]
    for i, row in enumerate(scores):
        for k, (a, b) in enumerate(STEPS):
            row[k, :b] = -np.inf
            if i < a:
                row[k] = -np.inf
    insertion = np.concatenate([[-np.inf], rng.normal(size=m) - 1.0])
    path = align_in_band(Band.full(n, m), STEPS, scores, insertion)

    totals = {}
    for candidate in all_paths(n, m):
        totals[tuple(candidate)] = sum(link_score(scores, insertion, *link) for link in candidate)
    best = max(totals, key=totals.get)
    assert [(s.i, s.j, s.a, s.b) for s in path] == list(best)
    log_total = np.logaddexp.reduce(list(totals.values()))
    for step in path:
        link = (step.i, step.j, step.a, step.b)
        through = [value for candidate, value in totals.items() if link in candidate]
        assert step.log_posterior == pytest.approx(np.logaddexp.reduce(through) - log_total, abs=1e-9)


def test_insertion_scores_are_read_per_target_sentence():
    scores = [np.full((len(STEPS), 3), -np.inf) for _ in range(2)]
    scores[1][STEPS.index((1, 1)), 1] = 0.0
    scores[1][STEPS.index((1, 1)), 2] = 0.0
    # target sentence 0 is cheap to leave out, target sentence 1 is not: the source pairs with 1
    path = align_in_band(Band.full(1, 2), STEPS, scores, np.array([-np.inf, 0.0, -5.0]))
    assert [(s.i, s.j, s.a, s.b) for s in path] == [(0, 1, 0, 1), (1, 2, 1, 1)]
    path = align_in_band(Band.full(1, 2), STEPS, scores, np.array([-np.inf, -5.0, 0.0]))
    assert [(s.i, s.j, s.a, s.b) for s in path] == [(1, 1, 1, 1), (1, 2, 0, 1)]


def test_all_paths_enumerates_monotone_paths():
    assert len(list(all_paths(1, 1))) == 3  # 1-1; 1-0 then 0-1; 0-1 then 1-0
    for path in itertools.islice(all_paths(2, 2), 50):
        assert sum(a for _, _, a, _ in path) == 2 and sum(b for *_, b in path) == 2
