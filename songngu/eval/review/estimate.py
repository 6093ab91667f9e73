"""The statistics behind ``songngu eval --judgments``: pure functions, checkable by hand.

- :func:`wilson` — the Wilson score interval of a proportion (95 % by default).
- :func:`stratified_share` — a share estimated from a stratified sample: each stratum ``h``
  has weight ``W_h = N_h / N`` (its share of the population), ``n_h`` judged items and
  ``s_h`` successes. The estimate is ``p = Σ W_h·p_h`` with ``p_h = s_h / n_h``; each stratum
  gets its Wilson interval ``[L_h, U_h]``, and the two sides are combined separately with the
  weights, as independent errors are::

      lower = p − √Σ (W_h·(p_h − L_h))²      upper = p + √Σ (W_h·(U_h − p_h))²

  clipped to [0, 1]. With one stratum this is exactly Wilson's interval; like Wilson's, it
  keeps a non-zero width when a stratum's pairs are all good or all bad.
- :func:`cohen_kappa` — agreement of two reviewers beyond chance.
- :func:`sign_test` — the exact two-sided binomial (sign) test of wins against losses.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
"""The standard normal quantile of a two-sided 95 % interval."""


def wilson(successes: float, trials: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``successes`` out of ``trials`` (``(0, 1)`` for no trials).

    ``centre = (p + z²/2n) / (1 + z²/n)``, ``half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)``.
    Fractional counts are allowed (a pair two reviewers judged differently counts half).
    """
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(max(p * (1 - p) / trials + z2 / (4 * trials * trials), 0.0)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Stratum:
    """One stratum of a sample: its size in the population, items judged and successes among them."""

    name: str
    population: float
    judged: float
    successes: float


@dataclass(frozen=True)
class Share:
    """An estimated share with its 95 % interval and the number of items behind it."""

    estimate: float
    lower: float
    upper: float
    judged: float


def stratified_share(strata: Sequence[Stratum], z: float = Z95) -> Share:
    """The population share of successes, from strata with judged items (see the module docstring).

    Strata with no judged item are left out and the others' weights renormalised (the
    estimate then speaks for the strata that were judged). No judged item at all gives
    ``Share(nan, 0, 1, 0)``.
    """
    judged = [stratum for stratum in strata if stratum.judged > 0 and stratum.population > 0]
    total = sum(stratum.population for stratum in judged)
    if not judged or total <= 0:
        return Share(math.nan, 0.0, 1.0, 0)
    estimate = low_square = high_square = 0.0
    for stratum in judged:
        weight = stratum.population / total
        share = stratum.successes / stratum.judged
        low, high = wilson(stratum.successes, stratum.judged, z)
        estimate += weight * share
        low_square += (weight * (share - low)) ** 2
        high_square += (weight * (high - share)) ** 2
    return Share(estimate, max(0.0, estimate - math.sqrt(low_square)), min(1.0, estimate + math.sqrt(high_square)),
                 sum(stratum.judged for stratum in judged))


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen's kappa of two reviewers' labels on the same items: ``(p_o − p_e) / (1 − p_e)``.

    ``p_o`` is the share of items they agree on, ``p_e`` the agreement expected by chance
    from each reviewer's label shares. 1.0 when both use one and the same label throughout;
    NaN for no items.
    """
    if len(first) != len(second):
        raise ValueError(f"{len(first)} labels against {len(second)}")
    n = len(first)
    if n == 0:
        return math.nan
    observed = sum(a == b for a, b in zip(first, second)) / n
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(counts_a[label] * counts_b[label] for label in counts_a) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def sign_test(wins: int, losses: int) -> float:
    """Exact two-sided sign-test p-value of ``wins`` against ``losses`` (ties left out): 1.0 for none.

    ``p = min(1, 2·P(X ≤ min(wins, losses)))`` with ``X ~ Binomial(wins + losses, 1/2)``.
    """
    n = wins + losses
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(wins, losses) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def weighted_precision_recall(flagged: Sequence[bool], bad: Sequence[bool], weights: Sequence[float]) -> tuple[float, float]:
    """Precision and recall of ``flagged`` (e.g. dropped) against ``bad``, each item counting its weight.

    NaN where a denominator is zero (nothing flagged, nothing bad).
    """
    flagged_weight = sum(w for f, w in zip(flagged, weights) if f)
    bad_weight = sum(w for b, w in zip(bad, weights) if b)
    both = sum(w for f, b, w in zip(flagged, bad, weights) if f and b)
    precision = both / flagged_weight if flagged_weight > 0 else math.nan
    recall = both / bad_weight if bad_weight > 0 else math.nan
    return precision, recall


def threshold_for_precision(
    values: Sequence[float], bad: Sequence[bool], weights: Sequence[float], target: float, *, drop_below: bool
) -> tuple[float, float, float] | None:
    """The threshold on a signal whose drops reach ``target`` precision against ``bad``, dropping the most.

    ``drop_below``: rows with a value below the threshold are dropped (else above). Candidate
    thresholds are the judged values themselves (drop ``value < t`` or ``value > t``, so the
    next value up or down). Returns ``(threshold, precision, recall)`` or None when no
    threshold that drops anything reaches the target.
    """
    items = sorted(zip(values, bad, weights), key=lambda item: item[0], reverse=not drop_below)
    bad_weight = sum(w for _, b, w in items if b)
    best = None
    dropped_weight = dropped_bad = 0.0
    for index, (value, is_bad, weight) in enumerate(items):
        dropped_weight += weight
        dropped_bad += weight if is_bad else 0.0
        if index + 1 < len(items) and items[index + 1][0] == value:
            continue
        if dropped_weight > 0 and dropped_bad / dropped_weight >= target:
            if index + 1 < len(items):
                threshold = (value + items[index + 1][0]) / 2
            else:
                threshold = math.nextafter(value, math.inf if drop_below else -math.inf)
            best = (threshold, dropped_bad / dropped_weight, dropped_bad / bad_weight if bad_weight else math.nan)
    return best


def label_shares(label_lists: Sequence[Sequence[str]], weights: Sequence[float]) -> dict[str, float]:
    """The weighted share of items carrying each label (an item may carry several)."""
    total = sum(weights)
    shares: dict[str, float] = {}
    for labels, weight in zip(label_lists, weights):
        for label in set(labels):
            shares[label] = shares.get(label, 0.0) + weight
    return {label: value / total for label, value in sorted(shares.items())} if total > 0 else {}

