"""Monotonic alignment by dynamic programming inside a band around a path.

Cells ``(i, j)`` mean "the first ``i`` source and ``j`` target sentences are
aligned". A step of type ``(a, b)`` into ``(i, j)`` is the link of source
sentences ``i-a .. i-1`` with target sentences ``j-b .. j-1``. Only cells with
``low[i] <= j <= high[i]`` are visited, so the work is proportional to the
number of source sentences times the band width. Rows are processed as numpy
vectors: steps that consume a source sentence read earlier rows, and the ``0-1``
step (a target sentence left unmatched), whose score depends only on the target
sentence, is a running maximum (best path) or running log-sum (all paths) along
the row. Besides the best path the forward–backward sums give each link's
posterior probability.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NEGATIVE_INFINITY = float("-inf")
INSERTION = -1
TIE_TOLERANCE = 1e-9



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

    @property
    def rows(self) -> int:
        """Number of source positions, ``n + 1``."""
        return len(self.low)


@dataclass(frozen=True)
class AlignedStep:
    """One link of the best path: it ends at cell ``(i, j)`` and has type ``(a, b)``."""

    i: int
    j: int
    a: int
    b: int
    log_posterior: float


def _shifted(values: np.ndarray, values_low: int, low: int, width: int) -> np.ndarray:
    """``values`` (a row starting at column ``values_low``) read at columns ``low .. low + width - 1``."""
    result = np.full(width, NEGATIVE_INFINITY)
    start = max(low, values_low)
    stop = min(low + width, values_low + len(values))
    if start < stop:
        result[start - low:stop - low] = values[start - values_low:stop - values_low]
    return result


def _running(values: np.ndarray, steps: np.ndarray, combine: np.ufunc) -> np.ndarray:
    """``out[j] = combine(values[j], out[j - 1] + steps[j])``, vectorised (``steps[0]`` is not used)."""
    ramp = np.concatenate([[0.0], np.cumsum(steps[1:])])
    with np.errstate(invalid="ignore"):
        return combine.accumulate(values - ramp) + ramp


def align_in_band(
    band: Band, steps: Sequence[tuple[int, int]], row_scores: Sequence[np.ndarray], insertion: np.ndarray
) -> list[AlignedStep]:
    """The highest-scoring monotonic path from ``(0, 0)`` to ``(n, m)`` inside ``band``.

    ``steps`` are the link types ``(a, b)`` with ``a >= 1``; ``row_scores[i]``
    gives their log-scores for the links ending in row ``i`` as an array of shape
    ``(len(steps), high[i] - low[i] + 1)`` (``-inf`` where a link is impossible).
    The ``0-1`` link ending in column ``j`` (target sentence ``j - 1`` unmatched)
    scores ``insertion[j]`` in every row. Each returned step carries its log
    posterior probability, summed over all paths in the band.
    """
    n = band.rows - 1
    low, high = band.low, band.high
    forward: list[np.ndarray] = []
    best: list[np.ndarray] = []
    came_from: list[np.ndarray] = []
    for i in range(n + 1):
        width = high[i] - low[i] + 1
        row = row_scores[i]
        incoming_forward = np.full(width, NEGATIVE_INFINITY)
        incoming_best = np.full(width, NEGATIVE_INFINITY)
        choice = np.full(width, INSERTION)
        if i == 0:
            incoming_forward[0] = incoming_best[0] = 0.0
        for k, (a, b) in enumerate(steps):
            if i - a < 0:
                continue
            previous = i - a
            with np.errstate(invalid="ignore"):
                through_forward = _shifted(forward[previous], low[previous] + b, low[i], width) + row[k]
                through_best = _shifted(best[previous], low[previous] + b, low[i], width) + row[k]
            incoming_forward = np.logaddexp(incoming_forward, through_forward)
            better = through_best > incoming_best
            incoming_best = np.where(better, through_best, incoming_best)
            choice = np.where(better, k, choice)
        row_insertion = insertion[low[i]:high[i] + 1]
        forward_row = _running(incoming_forward, row_insertion, np.logaddexp)
        best_row = _running(incoming_best, row_insertion, np.maximum)
        choice = np.where(best_row > incoming_best + TIE_TOLERANCE, INSERTION, choice)
        forward.append(forward_row)
        best.append(best_row)
        came_from.append(choice)
    backward = _backward(band, steps, row_scores, insertion)
    total = forward[n][high[n] - low[n]]
    path: list[AlignedStep] = []
    i, j = n, high[n]
    while i > 0 or j > 0:
        k = int(came_from[i][j - low[i]])
        if k == INSERTION:
            a, b, link = 0, 1, insertion[j]
        else:
            (a, b), link = steps[k], row_scores[i][k][j - low[i]]
        previous = forward[i - a][j - b - low[i - a]]
        log_posterior = float(previous + link + backward[i][j - low[i]] - total)
        path.append(AlignedStep(i, j, a, b, min(0.0, log_posterior)))
        i, j = i - a, j - b
    path.reverse()
    return path


def _backward(
    band: Band, steps: Sequence[tuple[int, int]], scores: Sequence[np.ndarray], insertion: np.ndarray
) -> list[np.ndarray]:
    n = band.rows - 1
    low, high = band.low, band.high
    backward: list[np.ndarray] = [np.empty(0)] * (n + 1)
    for i in range(n, -1, -1):
        width = high[i] - low[i] + 1
        outgoing = np.full(width, NEGATIVE_INFINITY)
        if i == n:
            outgoing[-1] = 0.0
        for k, (a, b) in enumerate(steps):
            following = i + a
            if following > n:
                continue
            with np.errstate(invalid="ignore"):
                through = backward[following] + scores[following][k]
            outgoing = np.logaddexp(outgoing, _shifted(through, low[following] - b, low[i], width))
        reversed_steps = np.concatenate([[0.0], insertion[low[i] + 1:high[i] + 1][::-1]])
        backward[i] = _running(outgoing[::-1], reversed_steps, np.logaddexp)[::-1]
    return backward
