"""Monotonic alignment by dynamic programming inside a band around a path.

Cells ``(i, j)`` mean "the first ``i`` source and ``j`` target sentences are
aligned". A step of type ``(a, b)`` into ``(i, j)`` is the link of source
sentences ``i-a .. i-1`` with target sentences ``j-b .. j-1``. Only cells with
``low[i] <= j <= high[i]`` are visited, so the work is proportional to the
number of source sentences times the band width. Besides the best path (Viterbi)
the forward–backward sums give each link's posterior probability.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

NEGATIVE_INFINITY = float("-inf")

LinkScore = Callable[[int, int, int, int], float]


@dataclass(frozen=True)
class Band:
    """For each source position ``i`` (0..n) the target positions ``low[i]..high[i]`` searched."""

    low: tuple[int, ...]
    high: tuple[int, ...]

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        """The whole ``(n + 1) x (m + 1)`` matrix."""
        return cls((0,) * (n + 1), (m,) * (n + 1))

    @classmethod
    def around(cls, centre: Sequence[tuple[int, int]], width: int, m: int) -> Band:
        """A band ``width`` cells either side of per-row target ranges ``centre[i] = (first, last)``.

        The result is widened where needed so that its edges never decrease and
        consecutive rows overlap, which keeps ``(0, 0)`` connected to ``(n, m)``.
        """
        low = [max(0, first - width) for first, _ in centre]
        high = [min(m, last + width) for _, last in centre]
        for i in range(len(low) - 2, -1, -1):
            low[i] = min(low[i], low[i + 1])
        for i in range(1, len(high)):
            high[i] = max(high[i], high[i - 1])
        for i in range(1, len(low)):
            low[i] = min(low[i], high[i - 1])
        low[0], high[-1] = 0, m
        return cls(tuple(low), tuple(high))

    def contains(self, i: int, j: int) -> bool:
        """Whether cell ``(i, j)`` is inside the band."""
        return 0 <= i < len(self.low) and self.low[i] <= j <= self.high[i]


@dataclass(frozen=True)
class AlignedStep:
    """One link of the best path: it ends at cell ``(i, j)`` and has type ``(a, b)``."""

    i: int
    j: int
    a: int
    b: int
    log_posterior: float


def _log_add(values: list[float]) -> float:
    top = max(values)
    if top == NEGATIVE_INFINITY:
        return top
    return top + math.log(sum(math.exp(value - top) for value in values))


def align_in_band(band: Band, steps: Sequence[tuple[int, int]], score: LinkScore) -> list[AlignedStep]:
    """The highest-scoring monotonic path from ``(0, 0)`` to ``(n, m)`` inside ``band``.

    ``score(i, j, a, b)`` is the log-score of the link of type ``(a, b)`` ending
    at ``(i, j)``. Each returned step carries the link's log posterior probability
    (summed over all paths in the band).
    """
    n = len(band.low) - 1
    m = band.high[-1]
    low, high = band.low, band.high
    forward: list[list[float]] = []
    best: list[list[float]] = []
    came_from: list[list[int]] = []
    step_scores: list[list[list[float]]] = []
    for i in range(n + 1):
        width = high[i] - low[i] + 1
        forward_row = [NEGATIVE_INFINITY] * width
        best_row = [NEGATIVE_INFINITY] * width
        from_row = [-1] * width
        scores_row: list[list[float]] = []
        for j in range(low[i], high[i] + 1):
            cell_scores = [NEGATIVE_INFINITY] * len(steps)
            if i == 0 and j == 0:
                forward_row[0] = best_row[0] = 0.0
                scores_row.append(cell_scores)
                continue
            incoming: list[float] = []
            best_value, best_step = NEGATIVE_INFINITY, -1
            for k, (a, b) in enumerate(steps):
                pi, pj = i - a, j - b
                if pi < 0 or pj < low[pi] or pj > high[pi]:
                    continue
                if pi == i:
                    previous_forward, previous_best = forward_row[pj - low[i]], best_row[pj - low[i]]
                else:
                    previous_forward, previous_best = forward[pi][pj - low[pi]], best[pi][pj - low[pi]]
                if previous_forward == NEGATIVE_INFINITY:
                    continue
                link = score(i, j, a, b)
                cell_scores[k] = link
                incoming.append(previous_forward + link)
                if previous_best + link > best_value:
                    best_value, best_step = previous_best + link, k
            if incoming:
                forward_row[j - low[i]] = _log_add(incoming)
                best_row[j - low[i]] = best_value
                from_row[j - low[i]] = best_step
            scores_row.append(cell_scores)
        forward.append(forward_row)
        best.append(best_row)
        came_from.append(from_row)
        step_scores.append(scores_row)
    backward = _backward(band, steps, step_scores)
    total = forward[n][m - low[n]]
    path: list[AlignedStep] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = came_from[i][j - low[i]]
        a, b = steps[k]
        pi, pj = i - a, j - b
        log_posterior = forward[pi][pj - low[pi]] + step_scores[i][j - low[i]][k] + backward[i][j - low[i]] - total
        path.append(AlignedStep(i, j, a, b, min(0.0, log_posterior)))
        i, j = pi, pj
    path.reverse()
    return path


def _backward(band: Band, steps: Sequence[tuple[int, int]], step_scores: list[list[list[float]]]) -> list[list[float]]:
    n = len(band.low) - 1
    low, high = band.low, band.high
    backward = [[NEGATIVE_INFINITY] * (high[i] - low[i] + 1) for i in range(n + 1)]
    backward[n][high[n] - low[n]] = 0.0
    for i in range(n, -1, -1):
        for j in range(high[i], low[i] - 1, -1):
            outgoing: list[float] = []
            for k, (a, b) in enumerate(steps):
                ni, nj = i + a, j + b
                if ni > n or nj < low[ni] or nj > high[ni]:
                    continue
                following = backward[ni][nj - low[ni]]
                link = step_scores[ni][nj - low[ni]][k]
                if following != NEGATIVE_INFINITY and link != NEGATIVE_INFINITY:
                    outgoing.append(link + following)
            if outgoing:
                backward[i][j - low[i]] = _log_add(outgoing)
    return backward
