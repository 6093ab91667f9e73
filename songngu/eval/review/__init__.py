"""Spot checks a person can see: a review page of a stratified sample, verdicts, and estimates.

```python
from songngu.eval.review import build_sample, write_review, read_judgments, evaluate_judgments

sample = build_sample("out/", size=200, seed=0)        # strata, weights, context, whole-run figures
page = write_review("out/")                           # out/review.html, self-contained
page = write_review("out_a/", compare="out_b/")        # out_a/comparison.html, blind
report = evaluate_judgments(["judgments.jsonl"], run="out/", target_precision=0.95)
report.as_dict()["good_share"], report.lines()
```
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from songngu.errors import InputError, SetupError, UsageError
from songngu.eval.review.compare import Comparison, build_comparison
from songngu.eval.review.estimate import Share, Stratum, cohen_kappa, sign_test, stratified_share, wilson
from songngu.eval.review.judgments import Judgment, JudgmentFile, check_against_run, read_judgments
from songngu.eval.review.page import PAGE_FILE, render_comparison, render_review, write_page
from songngu.eval.review.report import METHOD, ComparisonReport, QualityReport, compare_runs, estimate_quality
from songngu.eval.review.rundata import published_pair_count
from songngu.eval.review.sample import DEFAULT_SEED, DEFAULT_SIZE, Sample, SampledPair, build_sample
from songngu.export.output import run_part
from songngu.export.written import not_ours, note_written, refusal
from songngu.paths import given_path

COMPARISON_FILE = "comparison.html"

__all__ = [
    "COMPARISON_FILE", "METHOD", "PAGE_FILE", "Comparison", "ComparisonReport", "Judgment", "JudgmentFile",
    "QualityReport", "Sample", "SampledPair", "Share", "Stratum", "build_comparison", "build_sample",
    "check_against_run", "cohen_kappa", "compare_runs", "estimate_quality", "evaluate_judgments", "read_judgments",
    "render_comparison", "render_review", "sign_test", "stratified_share", "wilson", "write_review",
]


def write_review(folder: str | Path, *, size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED, compare: str | Path | None = None,
                 output: str | Path | None = None, overwrite: bool = False, show_progress: bool = False) -> Path:
    """Write the review page of the run in ``folder`` (``folder/review.html``) and return its path.

    With ``compare``, the blind comparison of ``folder`` (run A) and ``compare`` (run B) goes to
    ``folder/comparison.html`` instead. ``output`` chooses another file; ``show_progress`` shows
    the rows read on stderr. A file already there is replaced only if it is a page songngu wrote
    into the run's folder, unchanged since, or with ``overwrite`` (:mod:`songngu.export.written`).
    """
    if size < 1:
        raise UsageError(f"--size {size}: give at least 1 pair")
    folder = given_path(folder, "folder")
    compare = None if compare is None else given_path(compare, "compare")
    if output is not None:
        given_path(output, "output")  # kept as given: a trailing slash says it names a folder
    if output and not str(output).endswith(("/", os.sep)) and not Path(output).parent.is_dir():
        raise UsageError(f"{output}: the folder {Path(output).parent} does not exist; create it first, or choose another --output")
    target = Path(output) if output else Path(folder) / (PAGE_FILE if compare is None else COMPARISON_FILE)
    if part := run_part(target):
        raise UsageError(f"{target}: {part}: review never writes there, --overwrite or not; choose another --output")
    if compare is None:
        html_text = render_review(build_sample(folder, size, seed, show_progress=show_progress))
    else:
        if Path(compare).resolve() == Path(folder).resolve():
            raise UsageError(f"--compare {compare}: compare two different runs")
        html_text = render_comparison(build_comparison(folder, compare, size, seed, show_progress=show_progress))
    if target.is_dir() or str(output or "").endswith(("/", os.sep)):
        raise UsageError(f"{output or target}: is a folder; give a file name for the page")
    present = [] if overwrite else not_ours([target], Path(folder))
    if present:
        raise SetupError(refusal(target.parent, present, "--output", Path(folder)))
    page = write_page(html_text, target)
    note_written([page], Path(folder))
    return page


def evaluate_judgments(paths: str | Path | Sequence[str | Path], run: str | Path | None = None,
                       target_precision: float = 0.95) -> QualityReport | ComparisonReport:
    """Read verdict files (several reviewers), check them against ``run`` if given, and estimate.

    Review files give a :class:`QualityReport`, blind-comparison files a :class:`ComparisonReport`.
    """
    if isinstance(paths, (str, Path)):  # one file, not a sequence of one-character names
        paths = [paths]
    if not paths:
        raise UsageError("--judgments: give at least one verdict file")
    paths = [given_path(path, "paths") for path in paths]
    run = None if run is None else given_path(run, "run")
    if not 0 < target_precision <= 1:
        raise UsageError(f"--target-precision {target_precision}: give a share between 0 and 1")
    files = [read_judgments(path) for path in paths]
    odd = next((judgments for judgments in files if judgments.kind != files[0].kind), None)
    if odd is not None:
        kind, first_kind = ("a comparison file", "a review file") if odd.kind == "compare" else ("a review file", "a comparison file")
        raise InputError(odd.path, f"is {kind}, but {files[0].path} is {first_kind}: evaluate them apart")
    published_pairs = None
    if run is not None:
        files = [check_against_run(judgments, run) for judgments in files]
        published_pairs = published_pair_count(run)
    if files[0].kind == "compare":
        return compare_runs(files)
    return estimate_quality(files, target_precision, published_pairs)
