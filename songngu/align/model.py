"""Per-document scores for candidate links: log prior + length and anchor log-likelihood ratios.

Every candidate link is scored as ``log P(type) + log [P(data | the sentences
translate each other) / P(data | they are unrelated)]``. A link with an empty side
(``1-0``, ``0-1``) explains its sentences by the "unrelated" model, so its ratio
is 0 and only its prior counts; an unmatched caption or dropped sentence is then
cheaper as its own ``1-0`` link than glued onto a neighbour, where its unmatched
anchors and its length count against the merged link.

Length: the target length given the source length follows a log-normal around
the document's length ratio, compared with the document's own distribution of
target lengths. Anchors: each anchor finds a counterpart in a true translation
with a probability ``p`` that depends on its kind, and in an unrelated stretch
of the other side with the probability ``q`` measured in this document.
Both the length ratio and the ``p`` values are re-estimated per document from a
first alignment (:func:`recalibrated`).
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from statistics import median

from songngu.align.anchors import (
    CONCEPT, CONTENT_WORD, CREDIT, ENGLISH_NAME, FOREIGN_NAME, NUMBER, PUNCTUATION,
    SMALL_NUMBER, VIETNAMESE_NAME, Anchor, SentenceAnchors,
)

DEFAULT_MATCH_PROBABILITY = {
    NUMBER: 0.9,
    SMALL_NUMBER: 0.6,
    FOREIGN_NAME: 0.85,
    VIETNAMESE_NAME: 0.45,
    ENGLISH_NAME: 0.6,
    PUNCTUATION: 0.75,
    CONCEPT: 0.5,
    CREDIT: 0.95,
    CONTENT_WORD: 0.5,
}
DEFAULT_TYPE_PROBABILITY = {
    (1, 1): 0.85, (1, 2): 0.05, (2, 1): 0.05, (1, 0): 0.02, (0, 1): 0.02,
    (1, 3): 0.005, (3, 1): 0.005,
}
OTHER_TYPE_PROBABILITY = 0.001
LENGTH_BASE_VARIANCE = 0.004
LENGTH_CHARACTER_VARIANCE = 2.2
PRIOR_WEIGHT = 10.0


@dataclass(frozen=True)
class Parameters:
    """The knobs of the per-document model; :func:`recalibrated` refits them to a document."""

    log_length_ratio: float
    length_variance_scale: float = 1.0
    match_probability: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MATCH_PROBABILITY))


def link_types(max_merge: int) -> list[tuple[int, int]]:
    """Allowed ``(source count, target count)`` link types: 1-0, 0-1 and 1-k, k-1 up to ``max_merge``."""
    types = [(1, 1), (1, 0), (0, 1)]
    for size in range(2, max_merge + 1):
        types += [(size, 1), (1, size)]
    return types


def _type_log_priors(types: Sequence[tuple[int, int]]) -> dict[tuple[int, int], float]:
    weights = {kind: DEFAULT_TYPE_PROBABILITY.get(kind, OTHER_TYPE_PROBABILITY) for kind in types}
    total = sum(weights.values())
    return {kind: math.log(weight / total) for kind, weight in weights.items()}


def _prefix_sums(values: Sequence[int]) -> list[int]:
    sums = [0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _key_index(sentences: Sequence[SentenceAnchors]) -> dict[str, set[int]]:
    index: dict[str, set[int]] = defaultdict(set)
    for position, sentence in enumerate(sentences):
        for key in sentence.keys:
            index[key].add(position)
    return index


class DocumentModel:
    """Scores links between the sentences of one document (source side ``src``, target ``tgt``)."""

    def __init__(
        self,
        src: Sequence[SentenceAnchors],
        tgt: Sequence[SentenceAnchors],
        src_lengths: Sequence[int],
        tgt_lengths: Sequence[int],
        types: Sequence[tuple[int, int]],
        parameters: Parameters,
    ) -> None:
        self.src, self.tgt = src, tgt
        self.types = list(types)
        self.parameters = parameters
        self.max_merge = max(max(a, b) for a, b in self.types)
        self._src_length = _prefix_sums([max(1, length) for length in src_lengths])
        self._tgt_length = _prefix_sums([max(1, length) for length in tgt_lengths])
        self._log_prior = _type_log_priors(self.types)
        log_tgt = [math.log(max(1, length)) for length in tgt_lengths] or [0.0]
        self._tgt_log_mean = sum(log_tgt) / len(log_tgt)
        spread = sum((value - self._tgt_log_mean) ** 2 for value in log_tgt) / len(log_tgt)
        self._tgt_log_variance = max(spread, 0.09)
        self._src_weights = self._anchor_weights(src, _key_index(tgt), len(tgt))
        self._tgt_weights = self._anchor_weights(tgt, _key_index(src), len(src))
        self._src_runs = self._unions(src)
        self._tgt_runs = self._unions(tgt)

    def _anchor_weights(
        self, sentences: Sequence[SentenceAnchors], other_index: dict[str, set[int]], other_count: int
    ) -> dict[Anchor, tuple[tuple[float, float], ...]]:
        """Per anchor and per number of sentences on the other side: (log weight if matched, if not)."""
        weights: dict[Anchor, tuple[tuple[float, float], ...]] = {}
        for sentence in sentences:
            for anchor in sentence.anchors:
                if anchor in weights:
                    continue
                hits: set[int] = set()
                for key in anchor.keys:
                    hits |= other_index.get(key, set())
                chance = (len(hits) + 0.5) / (other_count + 1)
                p = self.parameters.match_probability[anchor.kind]
                by_count = [(0.0, 0.0)]
                for count in range(1, self.max_merge + 1):
                    q = min(0.99, 1.0 - (1.0 - chance) ** count)
                    if q >= p:
                        by_count.append((0.0, 0.0))
                    else:
                        by_count.append((math.log(p / q), math.log((1.0 - p) / (1.0 - q))))
                weights[anchor] = tuple(by_count)
        return weights

    def _unions(self, sentences: Sequence[SentenceAnchors]) -> list[list[tuple[frozenset[Anchor], frozenset[str]]]]:
        """``runs[size][end]``: anchors and keys of sentences ``end - size .. end - 1``."""
        runs: list[list[tuple[frozenset[Anchor], frozenset[str]]]] = [[]]
        for size in range(1, self.max_merge + 1):
            row = []
            for end in range(len(sentences) + 1):
                if end < size:
                    row.append((frozenset(), frozenset()))
                    continue
                anchors = frozenset().union(*(sentences[k].anchors for k in range(end - size, end)))
                keys = frozenset().union(*(sentences[k].keys for k in range(end - size, end)))
                row.append((anchors, keys))
            runs.append(row)
        return runs

    def length_log_ratio(self, src_length: int, tgt_length: int, tgt_count: int) -> float:
        """log P(target length | source length, translation) - log P(target length | unrelated)."""
        observed = math.log(tgt_length) - math.log(src_length) - self.parameters.log_length_ratio
        mean_length = (src_length + tgt_length) / 2
        variance = self.parameters.length_variance_scale * (
            LENGTH_BASE_VARIANCE + LENGTH_CHARACTER_VARIANCE / mean_length
        )
        translated = -0.5 * observed * observed / variance - 0.5 * math.log(2 * math.pi * variance)
        unrelated_variance = self._tgt_log_variance * (0.5 + 0.5 / tgt_count)
        deviation = math.log(tgt_length) - self._tgt_log_mean - math.log(tgt_count)
        unrelated = -0.5 * deviation * deviation / unrelated_variance - 0.5 * math.log(2 * math.pi * unrelated_variance)
        return translated - unrelated

    def anchor_log_ratio(self, i: int, j: int, a: int, b: int) -> float:
        """Evidence from anchors for linking source ``i-a..i-1`` with target ``j-b..j-1``."""
        src_anchors, src_keys = self._src_runs[a][i]
        tgt_anchors, tgt_keys = self._tgt_runs[b][j]
        total = 0.0
        src_weights, tgt_weights = self._src_weights, self._tgt_weights
        for anchor in src_anchors:
            matched, missing = src_weights[anchor][b]
            total += missing if anchor.keys.isdisjoint(tgt_keys) else matched
        for anchor in tgt_anchors:
            matched, missing = tgt_weights[anchor][a]
            total += missing if anchor.keys.isdisjoint(src_keys) else matched
        return total

    def score(self, i: int, j: int, a: int, b: int) -> float:
        """Log-score of the link of source ``i-a..i-1`` with target ``j-b..j-1``."""
        prior = self._log_prior[(a, b)]
        if a == 0 or b == 0:
            return prior
        src_length = self._src_length[i] - self._src_length[i - a]
        tgt_length = self._tgt_length[j] - self._tgt_length[j - b]
        return prior + self.length_log_ratio(src_length, tgt_length, b) + self.anchor_log_ratio(i, j, a, b)

    def recalibrated(self, links: Sequence[tuple[int, int, int, int, float]]) -> Parameters:
        """Parameters refitted on confident ``1-1`` links ``(i, j, a, b, posterior)`` of a first pass.

        The length ratio becomes the median ratio of those links; the length
        variance scale and each anchor kind's match probability are shrunk
        towards their defaults with a weight of :data:`PRIOR_WEIGHT` links.
        """
        confident = [(i, j) for i, j, a, b, posterior in links if a == 1 and b == 1 and posterior > 0.5]
        if len(confident) < 3:
            return self.parameters
        ratios = [
            math.log(self._tgt_length[j] - self._tgt_length[j - 1]) - math.log(self._src_length[i] - self._src_length[i - 1])
            for i, j in confident
        ]
        log_ratio = median(ratios)
        squared = []
        for (i, j), ratio in zip(confident, ratios):
            mean_length = (self._src_length[i] - self._src_length[i - 1] + self._tgt_length[j] - self._tgt_length[j - 1]) / 2
            squared.append((ratio - log_ratio) ** 2 / (LENGTH_BASE_VARIANCE + LENGTH_CHARACTER_VARIANCE / mean_length))
        scale = (sum(squared) + PRIOR_WEIGHT) / (len(squared) + PRIOR_WEIGHT)
        matched: dict[str, float] = defaultdict(float)
        seen: dict[str, float] = defaultdict(float)
        for i, j in confident:
            for anchors, other_keys in ((self.src[i - 1].anchors, self.tgt[j - 1].keys), (self.tgt[j - 1].anchors, self.src[i - 1].keys)):
                for anchor in anchors:
                    seen[anchor.kind] += 1
                    matched[anchor.kind] += not anchor.keys.isdisjoint(other_keys)
        probabilities = {}
        for kind, default in DEFAULT_MATCH_PROBABILITY.items():
            estimate = (matched[kind] + PRIOR_WEIGHT * default) / (seen[kind] + PRIOR_WEIGHT)
            probabilities[kind] = min(0.97, max(0.05, estimate))
        return replace(
            self.parameters,
            log_length_ratio=log_ratio,
            length_variance_scale=min(3.0, max(0.5, scale)),
            match_probability=probabilities,
        )
