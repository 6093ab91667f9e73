"""What verdicts say about a run: the share of good published pairs, labels, filters, agreement,
and, for a blind comparison, each run's win rate.

``METHOD`` states the estimate exactly; ``songngu eval --help`` and the README repeat it.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from songngu.align.filtering import DEFAULT_THRESHOLDS
from songngu.eval.review.estimate import (
    Share, Stratum, cohen_kappa, label_shares, sign_test, stratified_share, threshold_for_precision,
    weighted_precision_recall, wilson,
)
from songngu.eval.review.judgments import JudgmentFile
from songngu.eval.review.rundata import DROPPED
from songngu.eval.review.vocabulary import BAD, GOOD, VERDICTS

METHOD = (
    "stratified estimate over published pairs: each stratum's share with its Wilson 95% score interval, "
    "combined with weights W_h = N_h/N (N_h: the stratum's pairs in the run); estimate = sum W_h*p_h, "
    "lower = estimate - sqrt(sum (W_h*(p_h - L_h))^2), upper = estimate + sqrt(sum (W_h*(U_h - p_h))^2); "
    "pairs without stratum and weight count once (one stratum, plain Wilson)"
)

DROP_BELOW = {"q_length_ratio": True, "q_number_match": True, "q_entity_overlap": True, "q_punct_match": True,
              "q_untranslated": False, "q_repetition": False, "q_logprob": True, "q_align_score": True}
"""For each thresholded signal: whether low values are dropped (else high ones)."""

_T = DEFAULT_THRESHOLDS
CURRENT_THRESHOLDS = {"q_length_ratio": _T.min_length_ratio, "q_number_match": _T.min_number_match,
                      "q_entity_overlap": _T.min_entity_overlap, "q_punct_match": _T.min_punct_match,
                      "q_untranslated": _T.max_untranslated, "q_repetition": _T.max_repetition,
                      "q_logprob": _T.min_logprob, "q_align_score": _T.min_align_score}


@dataclass
class _Pair:
    """One judged pair, all reviewers' verdicts together."""

    verdicts: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    stratum: str | None = None
    weight: float | None = None
    stratum_rows: float | None = None
    outcome: str = "published"
    codes: tuple = ()
    signals: dict = field(default_factory=dict)

    def share(self, verdicts: frozenset) -> float:
        return sum(verdict in verdicts for verdict in self.verdicts) / len(self.verdicts)


@dataclass(frozen=True)
class QualityReport:
    """The estimate and everything reported beside it (``as_dict`` is ``--json``'s object)."""

    files: list
    judged: int
    published_judged: int
    dropped_judged: int
    counts: dict
    good_share: Share
    good_only: Share
    labels: dict
    filters: list
    thresholds: list
    target_precision: float
    agreement: list
    covered_pairs: float = 0.0
    published_pairs: int | None = None
    unstratified_judged: int = 0
    """Published pairs judged without a sample stratum and weight (a hand-made verdict file has none)."""

    @property
    def sampled(self) -> bool:
        """Whether the verdicts carry the sample's strata: without them the estimate speaks for the judged pairs."""
        return self.unstratified_judged < self.published_judged

    @property
    def uncovered_pairs(self) -> float:
        """Published pairs of the run in strata no verdict judged (0 when the run's total is not known)."""
        return max(0.0, self.published_pairs - self.covered_pairs) if self.published_pairs is not None else 0.0

    def as_dict(self) -> dict:
        """Everything as plain JSON values (NaN as null)."""
        return _clean({
            "covered_pairs": self.covered_pairs, "published_pairs": self.published_pairs,
            "unstratified_judged": self.unstratified_judged,
            "good_share": self.good_share.estimate, "interval": [self.good_share.lower, self.good_share.upper],
            "good_only_share": self.good_only.estimate, "good_only_interval": [self.good_only.lower, self.good_only.upper],
            "judged": self.judged, "published_judged": self.published_judged, "dropped_judged": self.dropped_judged,
            "counts": self.counts, "labels": self.labels, "filters": self.filters,
            "target_precision": self.target_precision, "thresholds": self.thresholds, "agreement": self.agreement,
            "method": METHOD, "files": self.files,
        })

    def lines(self) -> list[str]:
        """The report as text lines."""
        out = [f"judged: {self.judged} pairs ({self.published_judged} published, {self.dropped_judged} dropped) "
               f"from {len(self.files)} file{'s' if len(self.files) > 1 else ''}"]
        if not self.sampled:
            scope = f"of the {self.published_judged:,} judged pairs"
        elif self.uncovered_pairs:
            scope = f"of the {self.covered_pairs:,.0f} published pairs in judged strata"
        else:
            scope = "of published pairs"
        out.append(f"good or minor: {_percent_interval(self.good_share)} {scope}")
        out.append(f"good:          {_percent_interval(self.good_only)} {scope}")
        if not self.sampled and self.published_judged:
            run = f"the run's {self.published_pairs:,} published pairs" if self.published_pairs is not None else "the run"
            out.append(f"  (the verdicts carry no sample stratum or weight, so they speak for {run} only if these pairs "
                       "were drawn at random from it; `songngu review` draws a weighted sample whose verdicts do)")
        elif self.uncovered_pairs:
            out.append(f"  ({self.uncovered_pairs:,.0f} of the run's {self.published_pairs:,} published pairs are in strata with no "
                       "verdict, which the estimate does not cover: judge at least one pair of every stratum)")
        out.append("  (" + METHOD + ")")
        out.append("verdicts: " + ", ".join(f"{name} {count}" for name, count in self.counts.items()))
        if self.labels:
            out.append("labels: " + ", ".join(f"{name} {share:.1%}" for name, share in self.labels.items()))
        for entry in self.filters:
            out.append(f"filter {entry['filter']}: dropped {entry['dropped_judged']} judged pairs; precision "
                       f"{_ratio(entry['precision'])}, recall {_ratio(entry['recall'])} (against bad or not a pair)")
        for entry in self.thresholds:
            side = "<" if entry["drop_below"] else ">"
            now = "off" if entry["current"] is None else f"{side} {entry['current']:g}"
            if entry["threshold"] is None:
                out.append(f"threshold {entry['signal']}: none reaches precision {self.target_precision:g} (now {now})")
            else:
                out.append(f"threshold {entry['signal']}: drop {side} {entry['threshold']:.4g} for precision "
                           f"{entry['precision']:.2f}, recall {_ratio(entry['recall'])} (now {now})")
        for entry in self.agreement:
            out.append(f"agreement {entry['files'][0]} ~ {entry['files'][1]}: Cohen's kappa {_ratio(entry['kappa'])} "
                       f"on {entry['pairs']} pairs both judged")
        return out


@dataclass(frozen=True)
class ComparisonReport:
    """Blind comparison: wins of each run, ties, win rates with intervals and the sign test."""

    files: list
    runs: dict
    wins_a: int
    wins_b: int
    same: int
    agreement: list

    def as_dict(self) -> dict:
        """Everything as plain JSON values."""
        decided = self.wins_a + self.wins_b
        rate_a = Share(self.wins_a / decided if decided else math.nan, *wilson(self.wins_a, decided), decided)
        rate_b = Share(self.wins_b / decided if decided else math.nan, *wilson(self.wins_b, decided), decided)
        return _clean({
            "judged": decided + self.same, "a_better": self.wins_a, "b_better": self.wins_b, "same": self.same,
            "a_win_rate": rate_a.estimate, "a_interval": [rate_a.lower, rate_a.upper],
            "b_win_rate": rate_b.estimate, "b_interval": [rate_b.lower, rate_b.upper],
            "sign_test_p": sign_test(self.wins_a, self.wins_b), "runs": self.runs, "agreement": self.agreement,
            "method": "win rate among pairs not judged the same, Wilson 95% interval; exact two-sided sign test",
            "files": self.files,
        })

    def lines(self) -> list[str]:
        """The report as text lines."""
        data = self.as_dict()
        out = [f"judged: {data['judged']} pairs: A better {self.wins_a}, B better {self.wins_b}, same {self.same}"]
        for side in ("a", "b"):
            out.append(f"run {side.upper()}: {_run_words(self.runs.get(side))}")
        for side in ("a", "b"):
            low, high = data[f"{side}_interval"]
            rate = data[f"{side}_win_rate"]
            out.append(f"{side.upper()} wins {_ratio(rate, percent=True)} of the pairs that differ "
                       f"(95% interval {low:.1%}–{high:.1%})")
        out.append(f"sign test (ties left out): p = {data['sign_test_p']:.3g}")
        for entry in self.agreement:
            out.append(f"agreement {entry['files'][0]} ~ {entry['files'][1]}: Cohen's kappa {_ratio(entry['kappa'])} "
                       f"on {entry['pairs']} pairs both judged")
        return out


def _run_words(run) -> str:
    """A compared run as the report names it; what the verdict file leaves out is ``unknown``, never ``None``."""
    if isinstance(run, str) and run.strip():
        return run
    if not isinstance(run, dict) or not run:
        return "unknown (the verdict file does not name it)"

    def known(name: str) -> str:
        value = run.get(name)
        return "unknown" if value is None or value == "" else str(value)

    return (f"{known('model')} @ {known('model_revision')}, {known('backend')}, context {known('context')}, "
            f"beams {known('num_beams')} ({known('folder')})")


def _ratio(value: float | None, percent: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.1%}" if percent else f"{value:.2f}"


def _percent_interval(share: Share) -> str:
    if math.isnan(share.estimate):
        return "n/a (no published pair judged)"
    return f"{share.estimate:.1%} (95% interval {share.lower:.1%}–{share.upper:.1%}, {share.judged:g} pairs)"


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):  # JSON has no NaN or Infinity
        return None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


def _agreement(files: Sequence[JudgmentFile], verdict_of) -> list[dict]:
    out = []
    for first, second in combinations(files, 2):
        left = {verdict_of(item)[0]: verdict_of(item)[1] for item in first.items}
        right = {verdict_of(item)[0]: verdict_of(item)[1] for item in second.items}
        common = sorted(left.keys() & right.keys())
        out.append({"files": [str(first.path), str(second.path)], "pairs": len(common),
                    "kappa": cohen_kappa([left[i] for i in common], [right[i] for i in common])})
    return out


def _pool(files: Sequence[JudgmentFile]) -> dict[str, _Pair]:
    pairs: dict[str, _Pair] = defaultdict(_Pair)
    for judgments in files:
        for item in judgments.items:
            pair = pairs[item.id]
            pair.verdicts.append(item.verdict)
            pair.labels.append(item.labels)
            pair.stratum = pair.stratum or item.stratum
            pair.weight = pair.weight or item.weight
            pair.stratum_rows = pair.stratum_rows or item.stratum_rows
            pair.outcome = item.outcome
            pair.codes = pair.codes or item.drop_codes
            pair.signals = pair.signals or item.signals
    return pairs


def _stratified(pair: _Pair) -> bool:
    return pair.stratum is not None and pair.weight is not None


def _strata(pairs: Sequence[_Pair], good: frozenset) -> list[Stratum]:
    groups: dict[str, list[_Pair]] = defaultdict(list)
    for pair in pairs:
        groups[pair.stratum if _stratified(pair) else "\x00unstratified"].append(pair)
    strata = []
    for name, members in groups.items():
        if name == "\x00unstratified":
            population = float(len(members))
        else:
            population = next((pair.stratum_rows for pair in members if pair.stratum_rows), None) or sum(pair.weight for pair in members)
        strata.append(Stratum(name, population, len(members), sum(pair.share(good) for pair in members)))
    return strata


def estimate_quality(files: Sequence[JudgmentFile], target_precision: float = 0.95, published_pairs: int | None = None) -> QualityReport:
    """Estimate a run's quality from one or more review verdict files (see ``METHOD``).

    ``published_pairs``, the run's total when known, lets the report say how many published pairs lie
    in strata without a verdict: the estimate speaks only for the judged strata.
    """
    pairs = _pool(files)
    judged = list(pairs.values())
    published = [pair for pair in judged if pair.outcome != DROPPED]
    counts = Counter(verdict for pair in judged for verdict in pair.verdicts)
    weights = [pair.weight or 1.0 for pair in judged]
    bad = [pair.share(BAD) >= 0.5 for pair in judged]
    labels = label_shares([sorted(set().union(*pair.labels)) for pair in published], [pair.weight or 1.0 for pair in published])
    filters = []
    codes = sorted({code for pair in judged for code in pair.codes})
    if any(pair.outcome == DROPPED for pair in judged):
        codes = ["any"] + codes
    for code in codes:
        flagged = [pair.outcome == DROPPED if code == "any" else code in pair.codes for pair in judged]
        precision, recall = weighted_precision_recall(flagged, bad, weights)
        filters.append({"filter": code, "dropped_judged": sum(flagged), "precision": precision, "recall": recall})
    thresholds = []
    for column, drop_below in DROP_BELOW.items():
        rows = [(pair.signals[column], is_bad, weight) for pair, is_bad, weight in zip(judged, bad, weights)
                if isinstance(pair.signals.get(column), (int, float)) and not isinstance(pair.signals.get(column), bool)]
        if not rows:
            continue
        found = threshold_for_precision([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], target_precision,
                                        drop_below=drop_below)
        thresholds.append({"signal": column, "drop_below": drop_below, "current": CURRENT_THRESHOLDS[column],
                           "threshold": found[0] if found else None, "precision": found[1] if found else None,
                           "recall": found[2] if found else None})
    strata = _strata(published, GOOD)
    return QualityReport(
        files=[str(judgments.path) for judgments in files], judged=len(judged), published_judged=len(published),
        dropped_judged=len(judged) - len(published),
        counts={name: counts.get(name, 0) for name in VERDICTS},
        good_share=stratified_share(strata), good_only=stratified_share(_strata(published, frozenset({"good"}))),
        labels=labels, filters=filters, thresholds=thresholds, target_precision=target_precision,
        agreement=_agreement(files, lambda item: (item.id, item.verdict)),
        covered_pairs=sum(stratum.population for stratum in strata), published_pairs=published_pairs,
        unstratified_judged=sum(not _stratified(pair) for pair in published),
    )


def compare_runs(files: Sequence[JudgmentFile]) -> ComparisonReport:
    """Each run's wins from one or more blind-comparison files (several reviewers' verdicts all count)."""
    tally = Counter(item["verdict"] for judgments in files for item in judgments.items)
    run_a, run_b = files[0].runs()
    return ComparisonReport(
        files=[str(judgments.path) for judgments in files], runs={"a": run_a, "b": run_b},
        wins_a=tally["a"], wins_b=tally["b"], same=tally["same"],
        agreement=_agreement(files, lambda item: (item["id"], item["verdict"])),
    )
