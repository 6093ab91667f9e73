"""Per-document scores for candidate links: log prior + length and anchor log-likelihood ratios.

Every candidate link is scored as ``log P(type) + log [P(data | the sentences
translate each other) / P(data | they are unrelated)]``. A link with an empty side
(``1-0``, ``0-1``) scores its prior plus the ratio of its sentence's length under
the model of unmatched sentences (an ordinary sentence the other side dropped, or
a short added line such as a caption, credit or editor's line) to the document's
own length distribution; an unmatched caption or dropped sentence is then cheaper
as its own ``1-0`` link than glued onto a neighbour, where its unmatched anchors
and its length count against the merged link.

Length: the target length given the source length follows a log-normal around
the document's length ratio, compared with the document's own distribution of
target lengths. Anchors: each anchor finds a counterpart in a true translation
with a probability ``p`` that depends on its kind, and in an unrelated stretch
of the other side with the probability ``q`` measured in this document, giving
``log(p/q)`` when matched and ``log((1-p)/(1-q))`` when not. Whether names are
translated or kept is correlated within a sentence, so the unmatched evidence of
one kind on one side of a link is divided by the square root of its count.
The length ratio, the ``p`` values and the link-type probabilities (how often this
document leaves sentences unmatched or merges them) are re-estimated per document
from a first alignment (:meth:`DocumentModel.recalibrated`): the cost of a ``1-0``
or ``0-1`` link adapts to the document.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from songngu.align.anchors import (
    ANCHOR_KINDS, CONCEPT, CONTENT_WORD, CREDIT, ENGLISH_NAME, ENGLISH_PROPER_NAME, FOREIGN_NAME, NUMBER,
    PUNCTUATION, SMALL_NUMBER, VIETNAMESE_NAME, VIETNAMESE_PROPER_NAME, SentenceAnchors,
)
from songngu.align.banded_dp import Band

DEFAULT_MATCH_PROBABILITY = {
    NUMBER: 0.9,
    SMALL_NUMBER: 0.6,
    FOREIGN_NAME: 0.85,
    VIETNAMESE_PROPER_NAME: 0.75,
    VIETNAMESE_NAME: 0.45,
    ENGLISH_NAME: 0.6,
    ENGLISH_PROPER_NAME: 0.8,
    PUNCTUATION: 0.75,
    CONCEPT: 0.5,
    CREDIT: 0.98,
    CONTENT_WORD: 0.5,
}
DEFAULT_TYPE_PROBABILITY = {
    (1, 1): 0.85, (1, 2): 0.05, (2, 1): 0.05, (1, 0): 0.02, (0, 1): 0.02,
    (1, 3): 0.005, (3, 1): 0.005,
}
OTHER_TYPE_PROBABILITY = 0.001
LENGTH_BASE_VARIANCE = 0.004
LENGTH_CHARACTER_VARIANCE = 2.2
MIN_UNRELATED_LOG_VARIANCE = 0.09
PRIOR_WEIGHT = 10.0
TYPE_PRIOR_WEIGHT = 20.0
UNMATCHED_ORDINARY = 0.5
MIN_ORDINARY_LOG_VARIANCE = 0.25
ADDED_LINE_LOG_MEAN = math.log(20.0)
ADDED_LINE_LOG_VARIANCE = 0.5**2
BLOCK_ROWS = 64
CHANCE_GROWTH = 0.25  # see _Side.weights
# Lexicon concepts are translated or not word by word, so their misses add up undamped.
UNDAMPED_KINDS = frozenset({CONCEPT})


@dataclass(frozen=True)
class Parameters:
    """The knobs of the per-document model; :meth:`DocumentModel.recalibrated` refits them."""

    log_length_ratio: float
    length_variance_scale: float = 1.0
    match_probability: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MATCH_PROBABILITY))
    type_probability: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_TYPE_PROBABILITY))


def link_types(max_merge: int) -> list[tuple[int, int]]:
    """Allowed ``(source count, target count)`` link types: 1-0, 0-1 and 1-k, k-1 up to ``max_merge``."""
    types = [(1, 1), (1, 0), (0, 1)]
    for size in range(2, max_merge + 1):
        types += [(size, 1), (1, size)]
    return types


class _Side:
    """The anchors of one side of a document, indexed, with the other-side sentences they match."""

    def __init__(self, sentences: Sequence[SentenceAnchors], other: Sequence[SentenceAnchors]) -> None:
        other_index: dict[str, set[int]] = {}
        for position, sentence in enumerate(other):
            for key in sentence.keys:
                other_index.setdefault(key, set()).add(position)
        anchors = sorted({anchor for sentence in sentences for anchor in sentence.anchors},
                         key=lambda anchor: (ANCHOR_KINDS.index(anchor.kind), sorted(anchor.keys)))
        ids = {anchor: number for number, anchor in enumerate(anchors)}
        self.kinds = [anchor.kind for anchor in anchors]
        self.sentence_anchors = [np.array(sorted(ids[a] for a in s.anchors), dtype=np.intp) for s in sentences]
        self.hits: list[frozenset[int]] = []
        for anchor in anchors:
            hit: set[int] = set()
            for key in anchor.keys:
                hit |= other_index.get(key, set())
            self.hits.append(frozenset(hit))
        self.chance = np.array([(len(hit) + 0.5) / (len(other) + 1) for hit in self.hits])

    def weights(self, probabilities: dict[str, float], max_count: int) -> tuple[np.ndarray, np.ndarray]:
        """Log weights when matched and when not, per anchor and per other-side sentence count.

        ``q`` grows with the number of other-side sentences a link covers, but only
        at :data:`CHANCE_GROWTH` of the rate independent sentences would give: a
        merge should not lose all the credit its first sentence earned by matching.
        """
        p = np.array([probabilities[kind] for kind in self.kinds])[:, None]
        counts = np.arange(max_count + 1)[None, :]
        effective = 1.0 + CHANCE_GROWTH * (counts - 1.0)
        q = np.minimum(0.99, 1.0 - (1.0 - self.chance[:, None]) ** effective)
        informative = (q < p) & (counts > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            matched = np.where(informative, np.log(p / q), 0.0)
            missing = np.where(informative, np.log((1.0 - p) / (1.0 - q)), 0.0)
        return matched, missing


def _unmatched_length_log_ratio(lengths: Sequence[int]) -> np.ndarray:
    """log P(length | sentence without counterpart) - log P(length | any sentence of this side), per sentence.

    A sentence without counterpart is, with probability :data:`UNMATCHED_ORDINARY`,
    an ordinary sentence the other side left out (its length drawn like the
    document's sentences) and otherwise a line added on one side, such as a
    photo caption, a credit or an editor's line, whose log-length is normal
    around :data:`ADDED_LINE_LOG_MEAN`. Short sentences are then cheaper to leave
    unmatched than sentences of typical length. The document's log-length variance
    is floored at :data:`MIN_ORDINARY_LOG_VARIANCE`, so that a short sentence in a
    document of very even sentences is not taken for an added line on length alone.
    """
    if not len(lengths):
        return np.zeros(0)
    log_lengths = np.log(np.maximum(1, np.asarray(lengths, dtype=float)))
    variance = max(float(log_lengths.var()), MIN_ORDINARY_LOG_VARIANCE)
    document = _log_normal_density(log_lengths, float(log_lengths.mean()), variance)
    added = _log_normal_density(log_lengths, ADDED_LINE_LOG_MEAN, ADDED_LINE_LOG_VARIANCE)
    return np.logaddexp(math.log(UNMATCHED_ORDINARY), math.log(1 - UNMATCHED_ORDINARY) + added - document)


def _log_normal_density(values: np.ndarray, mean: float, variance: float) -> np.ndarray:
    return -0.5 * (values - mean) ** 2 / variance - 0.5 * math.log(2 * math.pi * variance)


def _window_or(padded: np.ndarray, first: int, count: int, size: int, axis: int) -> np.ndarray:
    """OR of ``size`` consecutive slices ending just before positions ``first .. first+count-1``."""
    result = None
    for back in range(1, size + 1):
        piece = np.take(padded, range(first - back, first - back + count), axis=axis)
        result = piece if result is None else result | piece
    return result


class _AnchorBlock:
    """Anchor evidence of one side of a block of cells, for runs of any size on either side.

    Rows ``[row_start, row_stop)`` are positions on this side, columns positions on
    the other; a run of ``size`` sentences ends just before each row and one of
    ``other_size`` sentences just before each column. The anchors present and the
    other-side sentences they match are gathered once and shared by every link type.
    """

    def __init__(
        self, model: DocumentModel, side_number: int, row_start: int, row_stop: int, column_start: int, column_stop: int
    ) -> None:
        side = model.sides[side_number]
        self.weights = model._weights[side_number]
        pad = model.max_merge
        sentence_start = max(0, row_start - pad)
        present_ids = [side.sentence_anchors[s] for s in range(sentence_start, row_stop - 1)]
        self.local = np.unique(np.concatenate(present_ids)) if present_ids else np.empty(0, dtype=np.intp)
        self.shape = (row_stop - row_start, column_stop - column_start)
        self.presence = np.zeros((pad + row_stop - sentence_start, len(self.local)), dtype=bool)
        position = {anchor: index for index, anchor in enumerate(self.local)}
        for offset, ids in enumerate(present_ids):
            self.presence[pad + offset, [position[anchor] for anchor in ids]] = True
        other_start = max(0, column_start - pad)
        self.hits = np.zeros((len(self.local), pad + column_stop - other_start), dtype=bool)
        for index, anchor in enumerate(self.local):
            for sentence in side.hits[anchor]:
                if other_start <= sentence < column_stop - 1:
                    self.hits[index, pad + sentence - other_start] = True
        self.first_row, self.first_column = pad + row_start - sentence_start, pad + column_start - other_start
        kinds = [side.kinds[anchor] for anchor in self.local]
        self.undamped = np.array([kind in UNDAMPED_KINDS for kind in kinds], dtype=bool)
        self.damped_groups = [
            (start, stop) for start, stop in _runs_of_equal(kinds) if kinds[start] not in UNDAMPED_KINDS
        ]

    def log_ratio(self, size: int, other_size: int) -> np.ndarray:
        """log P(anchors | the runs translate each other) - log P(anchors | unrelated), per cell.

        Matched anchors add ``log(p/q)``, unmatched ones ``log((1-p)/(1-q))``; for
        kinds other than :data:`UNDAMPED_KINDS` the unmatched evidence of one kind is
        divided by the square root of its count, as such misses go together.
        """
        if len(self.local) == 0:
            return np.zeros(self.shape)
        run = _window_or(self.presence, self.first_row, self.shape[0], size, axis=0).astype(float)
        hit = _window_or(self.hits, self.first_column, self.shape[1], other_size, axis=1).astype(float)
        matched = self.weights[0][self.local, other_size]
        missing = self.weights[1][self.local, other_size]
        undamped_missing = np.where(self.undamped, missing, 0.0)
        total = run @ ((matched - undamped_missing)[:, None] * hit) + (run @ undamped_missing)[:, None]
        for start, stop in self.damped_groups:
            kind_run, kind_hit, kind_missing = run[:, start:stop], hit[start:stop], missing[start:stop]
            missing_sum = (kind_run @ kind_missing)[:, None] - kind_run @ (kind_missing[:, None] * kind_hit)
            missing_count = kind_run.sum(axis=1)[:, None] - kind_run @ kind_hit
            total += missing_sum / np.sqrt(np.maximum(missing_count, 1.0))
        return total


def _runs_of_equal(values: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, stop)`` of each run of equal consecutive ``values``."""
    runs: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if runs and values[runs[-1][0]] == value:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


class DocumentModel:
    """Scores links between the sentences of one document (source ``src``, target ``tgt``)."""

    def __init__(
        self,
        src: Sequence[SentenceAnchors],
        tgt: Sequence[SentenceAnchors],
        src_lengths: Sequence[int],
        tgt_lengths: Sequence[int],
        types: Sequence[tuple[int, int]],
        parameters: Parameters,
        sides: tuple[_Side, _Side] | None = None,
    ) -> None:
        self.src, self.tgt = src, tgt
        self.n, self.m = len(src), len(tgt)
        self.types = list(types)
        self.steps = [kind for kind in self.types if kind[0] > 0]
        self.parameters = parameters
        self.max_merge = max(max(a, b) for a, b in self.types)
        self._src_lengths, self._tgt_lengths = list(src_lengths), list(tgt_lengths)
        self._src_prefix = np.concatenate([[0.0], np.cumsum(np.maximum(1, src_lengths))])
        self._tgt_prefix = np.concatenate([[0.0], np.cumsum(np.maximum(1, tgt_lengths))])
        self._src_empty = np.concatenate([[0], np.cumsum(np.asarray(src_lengths) == 0)])
        self._tgt_empty = np.concatenate([[0], np.cumsum(np.asarray(tgt_lengths) == 0)])
        log_tgt = np.log(np.maximum(1, tgt_lengths)) if self.m else np.zeros(1)
        self._tgt_log_mean = float(log_tgt.mean())
        self._tgt_log_variance = max(float(log_tgt.var()), MIN_UNRELATED_LOG_VARIANCE)
        self._src_unmatched = _unmatched_length_log_ratio(src_lengths)
        self._tgt_unmatched = _unmatched_length_log_ratio(tgt_lengths)
        weights = {kind: parameters.type_probability.get(kind, OTHER_TYPE_PROBABILITY) for kind in self.types}
        total = sum(weights.values())
        self._log_prior = {kind: math.log(weight / total) for kind, weight in weights.items()}
        self.sides = sides or (_Side(src, tgt), _Side(tgt, src))
        self._weights = tuple(side.weights(parameters.match_probability, self.max_merge) for side in self.sides)

    @property
    def insertion(self) -> np.ndarray:
        """Log-scores of the ``0-1`` links: entry ``j`` leaves target sentence ``j - 1`` unmatched."""
        return np.concatenate([[-np.inf], self._log_prior[(0, 1)] + self._tgt_unmatched])

    def with_parameters(self, parameters: Parameters) -> DocumentModel:
        """The same document scored with other parameters (anchor indexes are reused)."""
        return DocumentModel(
            self.src, self.tgt, self._src_lengths, self._tgt_lengths, self.types, parameters, self.sides
        )

    def row_scores(self, band: Band) -> list[np.ndarray]:
        """For every row ``i`` of ``band``, log-scores of the :attr:`steps` ending there, over the band's columns."""
        rows: list[np.ndarray] = []
        for first in range(0, band.rows, BLOCK_ROWS):
            last = min(band.rows, first + BLOCK_ROWS)
            low, high = min(band.low[first:last]), max(band.high[first:last]) + 1
            block = self.block_scores(first, last, low, high)
            rows.extend(block[:, i - first, band.low[i] - low:band.high[i] + 1 - low] for i in range(first, last))
        return rows

    def block_scores(self, row_start: int, row_stop: int, column_start: int, column_stop: int) -> np.ndarray:
        """Log-scores of every step ending in cells ``[row_start, row_stop) x [column_start, column_stop)``.

        Shape ``(len(steps), rows, columns)``; ``-inf`` where a link would reach before the start
        or would pair an empty sentence (length 0: nothing to translate) with anything.
        """
        rows = np.arange(row_start, row_stop)
        columns = np.arange(column_start, column_stop)
        result = np.empty((len(self.steps), len(rows), len(columns)))
        src_anchors = _AnchorBlock(self, 0, row_start, row_stop, column_start, column_stop)
        tgt_anchors = _AnchorBlock(self, 1, column_start, column_stop, row_start, row_stop)
        for k, (a, b) in enumerate(self.steps):
            if b == 0:
                unmatched = np.concatenate([[0.0], self._src_unmatched])[rows]
                result[k] = (self._log_prior[(a, b)] + unmatched)[:, None]
            else:
                src_length = self._src_prefix[rows] - self._src_prefix[np.maximum(0, rows - a)]
                tgt_length = self._tgt_prefix[columns] - self._tgt_prefix[np.maximum(0, columns - b)]
                result[k] = (
                    self._log_prior[(a, b)]
                    + self._length_log_ratio(np.maximum(src_length, 1)[:, None], np.maximum(tgt_length, 1)[None, :], b)
                    + src_anchors.log_ratio(a, b)
                    + tgt_anchors.log_ratio(b, a).T
                )
            result[k, rows < a, :] = -np.inf
            result[k, :, columns < b] = -np.inf
            if b > 0:
                result[k, self._src_empty[rows] > self._src_empty[np.maximum(0, rows - a)], :] = -np.inf
                result[k, :, self._tgt_empty[columns] > self._tgt_empty[np.maximum(0, columns - b)]] = -np.inf
        return result

    def _length_log_ratio(self, src_length: np.ndarray, tgt_length: np.ndarray, tgt_count: int) -> np.ndarray:
        """log P(target length | source length, translation) - log P(target length | unrelated)."""
        observed = np.log(tgt_length) - np.log(src_length) - self.parameters.log_length_ratio
        variance = self.parameters.length_variance_scale * (
            LENGTH_BASE_VARIANCE + LENGTH_CHARACTER_VARIANCE / ((src_length + tgt_length) / 2)
        )
        translated = -0.5 * observed**2 / variance - 0.5 * np.log(2 * math.pi * variance)
        unrelated_variance = self._tgt_log_variance * (0.5 + 0.5 / tgt_count)
        deviation = np.log(tgt_length) - self._tgt_log_mean - math.log(tgt_count)
        unrelated = -0.5 * deviation**2 / unrelated_variance - 0.5 * math.log(2 * math.pi * unrelated_variance)
        return translated - unrelated

    def _type_probabilities(self, links: Sequence[tuple[int, int, int, int, float]]) -> dict[tuple[int, int], float]:
        """Link-type probabilities of this document: the first pass's counts, shrunk towards the defaults."""
        counts = dict.fromkeys(self.types, 0.0)
        for _, _, a, b, _ in links:
            counts[(a, b)] += 1.0
        defaults = {kind: DEFAULT_TYPE_PROBABILITY.get(kind, OTHER_TYPE_PROBABILITY) for kind in self.types}
        scale = sum(defaults.values())
        return {
            kind: (counts[kind] + TYPE_PRIOR_WEIGHT * defaults[kind] / scale) / (len(links) + TYPE_PRIOR_WEIGHT)
            for kind in self.types
        }

    def recalibrated(self, links: Sequence[tuple[int, int, int, int, float]]) -> Parameters:
        """Parameters refitted on confident ``1-1`` links ``(i, j, a, b, posterior)`` of a first pass.

        The length ratio becomes the median ratio of those links; the length
        variance scale and each anchor kind's match probability are shrunk
        towards their defaults with a weight of :data:`PRIOR_WEIGHT` links. The
        link-type probabilities are the counts of all the first pass's links,
        shrunk towards the defaults with a weight of :data:`TYPE_PRIOR_WEIGHT` links.
        """
        confident = [(i - 1, j - 1) for i, j, a, b, posterior in links if a == 1 and b == 1 and posterior > 0.5]
        if len(confident) < 3:
            return self.parameters
        src_lengths = np.array([max(1, self._src_lengths[s]) for s, _ in confident], dtype=float)
        tgt_lengths = np.array([max(1, self._tgt_lengths[t]) for _, t in confident], dtype=float)
        ratios = np.log(tgt_lengths) - np.log(src_lengths)
        log_ratio = float(np.median(ratios))
        base = LENGTH_BASE_VARIANCE + LENGTH_CHARACTER_VARIANCE / ((src_lengths + tgt_lengths) / 2)
        scale = (float(np.sum((ratios - log_ratio) ** 2 / base)) + PRIOR_WEIGHT) / (len(confident) + PRIOR_WEIGHT)
        seen = dict.fromkeys(ANCHOR_KINDS, 0.0)
        matched = dict.fromkeys(ANCHOR_KINDS, 0.0)
        for s, t in confident:
            for side, own, other in ((self.sides[0], s, t), (self.sides[1], t, s)):
                for anchor in side.sentence_anchors[own]:
                    seen[side.kinds[anchor]] += 1
                    matched[side.kinds[anchor]] += other in side.hits[anchor]
        probabilities = {
            kind: min(0.99, max(0.05, (matched[kind] + PRIOR_WEIGHT * default) / (seen[kind] + PRIOR_WEIGHT)))
            for kind, default in DEFAULT_MATCH_PROBABILITY.items()
        }
        return replace(
            self.parameters,
            type_probability=self._type_probabilities(links),
            log_length_ratio=log_ratio,
            length_variance_scale=min(3.0, max(0.5, scale)),
            match_probability=probabilities,
        )
