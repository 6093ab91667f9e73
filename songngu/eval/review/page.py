"""The review page: one self-contained HTML file, rendered from the template shipped with the package.

``page.html``, ``page.css`` and ``page.js`` (package data, read with ``importlib.resources``) are
inlined, so the page opens from disk with no server and makes no request. Every text from the
run is escaped with ``html.escape``; the data the script needs is embedded as JSON in a
``<script type="application/json">`` block with ``<`` written as ``\\u003c``, so no text can close
the block.
"""
from __future__ import annotations

import base64
import json
import re
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from songngu.align.filtering import DEFAULT_THRESHOLDS
from songngu.atomic import atomic_open
from songngu.eval.review.charts import bars, histogram
from songngu.eval.review.sample import Context, Sample, SampledPair
from songngu.eval.review.vocabulary import COMPARE_VERDICTS, LABELS, VERDICT_NAMES, VERDICTS

if TYPE_CHECKING:
    from songngu.eval.review.compare import ComparedPair, Comparison

PAGE_FILE = "review.html"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

_T = DEFAULT_THRESHOLDS
SIGNAL_CHARTS: dict[str, tuple[str, float, float, list[tuple[float | None, str]]]] = {
    "q_length_ratio": ("length ratio (English / Vietnamese characters)", 0.0, 3.0,
                       [(_T.min_length_ratio, "min"), (_T.max_length_ratio, "max")]),
    "q_number_match": ("numbers matched", 0.0, 1.0, [(_T.min_number_match, "min")]),
    "q_entity_overlap": ("names found on the other side", 0.0, 1.0, [(_T.min_entity_overlap, "min")]),
    "q_punct_match": ("punctuation kinds shared", 0.0, 1.0, [(_T.min_punct_match, "min")]),
    "q_untranslated": ("Vietnamese words left in the English", 0.0, 1.0, [(_T.max_untranslated, "max")]),
    "q_repetition": ("English repeating itself", 0.0, 1.0, [(_T.max_repetition, "max")]),
    "q_logprob": ("logprob (mean token log-probability)", -6.0, 0.0, [(_T.min_logprob, "min")]),
    "q_align_score": ("align_score (aligner confidence)", 0.0, 1.0, [(_T.min_align_score, "min")]),
}
"""Each charted signal: x-axis label, range and the filter's default thresholds."""


def asset(name: str) -> str:
    """A template file shipped with the package (``page.html``, ``page.css``, ``page.js``)."""
    return resources.files("songngu.eval.review").joinpath(name).read_text(encoding="utf-8")


def embed_json(data: object) -> str:
    """``data`` as JSON safe inside a ``<script>`` block: every ``<`` written as ``\\u003c``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def fill(template: str, parts: dict[str, str]) -> str:
    """Replace each ``{{name}}`` of ``template`` in one pass (inserted text is never scanned again)."""
    return _PLACEHOLDER.sub(lambda match: parts[match.group(1)], template)


def _page(title: str, header: str, overview: str, pairs: str, after: str, data: dict, help_rows: str) -> str:
    return fill(asset("page.html"), {
        "title": escape(title), "css": asset("page.css"), "js": asset("page.js"), "header": header,
        "overview": overview, "pairs": pairs, "after": after, "data": embed_json(data), "help": help_rows,
    })


def _text(text: str, language: str, css: str = "text") -> str:
    return f'<p class="{css}" lang="{language}" dir="auto">{escape(text) if text else "<i>(empty)</i>"}</p>'


def _context(context: Context | None, where: str, english: bool = True) -> str:
    if context is None:
        return f'<div class="context"><p class="none">({escape(where)}: start or end of the article)</p></div>'
    columns = _text(context.vi, "vi", "ctx") + (_text(context.en, "en", "ctx") if english else "")
    return (f'<div class="context{"" if english else " single"}" role="group" aria-label="{escape(where)}">'
            f'<p class="ctx-label">{escape(where)}</p>{columns}</div>')


def _buttons(group: str, items: dict[str, str], names: dict[str, str], label: str) -> str:
    buttons = "".join(
        f'<button type="button" data-{group}="{escape(value)}" aria-pressed="false">'
        f'<kbd>{escape(key)}</kbd> {escape(names.get(value, value.replace("_", " ")))}</button>'
        for value, key in items.items()
    )
    return f'<div class="{group}s" role="group" aria-label="{escape(label)}">{buttons}</div>'


def _help_rows(mode: str) -> str:
    rows = [("j or ↓", "next pair"), ("k or ↑", "previous pair")]
    if mode == "review":
        rows += [(key, VERDICT_NAMES[name]) for name, key in VERDICTS.items()]
        rows += [(key, f"label: {name.replace('_', ' ')}") for name, key in LABELS.items()]
        rows += [("a key again", "takes its verdict or label back; labels are downloaded with the pair's verdict")]
    else:
        rows += [(key, {"left": "left English better", "right": "right English better", "same": "about the same"}[name])
                 for name, key in COMPARE_VERDICTS.items()]
    rows += [("s", "download the verdicts (JSON Lines)"), ("?", "this help"), ("Esc", "close the help")]
    return "".join(f"<tr><th scope=\"row\"><kbd>{escape(key)}</kbd></th><td>{escape(what)}</td></tr>" for key, what in rows)


def _pair_html(index: int, pair: SampledPair) -> str:
    outcome = (f'<span class="outcome dropped">dropped: {escape(pair.drop_reason)}</span>' if pair.outcome == "dropped"
               else '<span class="outcome published">published</span>')
    words = ("<ul class=\"words\">" + "".join(f"<li>{escape(word)}</li>" for word in pair.words) + "</ul>") if pair.words \
        else '<p class="words none">no warning signs in the signals</p>'
    return (
        f'<article class="pair" id="pair-{index}" tabindex="-1" data-index="{index}" aria-labelledby="pair-{index}-title">'
        f'<header class="pair-head"><h3 id="pair-{index}-title"><span class="pos">{index + 1}</span> '
        f'<code>{escape(pair.id)}</code></h3>'
        f'<p class="meta">{escape(pair.kind)} · link {escape(pair.link)} · {outcome} · from {escape(pair.source)} · '
        f'stratum <span class="stratum">{escape(pair.stratum)}</span> · weight {pair.weight:.4g}</p></header>'
        f'{_context(pair.before, "sentence before")}'
        f'<div class="sides"><div class="side"><h4>Vietnamese</h4>{_text(pair.vi, "vi")}</div>'
        f'<div class="side"><h4>English</h4>{_text(pair.en, "en")}</div></div>'
        f'{_context(pair.after, "sentence after")}'
        f"{words}"
        f'<div class="judge">{_buttons("verdict", VERDICTS, VERDICT_NAMES, f"Verdict for pair {index + 1}")}'
        f'{_buttons("label", LABELS, {}, f"Labels for pair {index + 1}")}</div>'
        "</article>"
    )


def _overview(sample: Sample) -> str:
    overview = sample.overview
    figures = [bars("rows by kind", overview.rows_by_kind)]
    figures.append(bars("dropped rows by filter", overview.dropped_by_filter if sample.run.get("filtered") else {},
                        empty="none" if sample.run.get("filtered") else "none: the run was not filtered"))
    candidates = overview.published_pairs + overview.dropped_pairs
    per_article = list(overview.pairs_per_article.values())
    most = max(per_article, default=1) + 1
    figures.append(histogram("published pairs per article", per_article, 0, most + most % 2, "pairs in the article",
                             y_label="articles", empty="no article in the run"))  # an even top: a whole middle tick
    for column, (label, low, high, thresholds) in SIGNAL_CHARTS.items():
        values = overview.signal_values.get(column, [])
        marks = [(value, f"{name} {value:g}") for value, name in thresholds if value is not None]
        figures.append(histogram(column, values, low, high, label, marks,
                                 empty="no pair has this signal" if candidates else "no candidate pair"))
    figures.append(bars("q_truncated", {"cut short": overview.truncated[True], "whole": overview.truncated[False]} if candidates
                        else {}, "pairs", empty="no candidate pair"))
    return ('<section id="overview" aria-labelledby="overview-title"><h2 id="overview-title">The whole run</h2>'
            '<p class="note">The first two charts count every row of the run (a row dropped for several reasons '
            'counts under each), the third every article, the others every candidate pair (translated, both '
            'sides non-empty, not a repeat), published and dropped; dashed lines are the filter\'s default '
            'thresholds.</p><div class="figures">'
            + "".join(f"<figure>{figure}</figure>" for figure in figures) + "</div></section>")


def _run_text(run: dict) -> str:
    return (f"{run.get('model')} @ {run.get('model_revision')} · {run.get('backend')} · context {run.get('context')} · "
            f"beams {run.get('num_beams')} · {run.get('folder')}")


def _run_line(run: dict) -> str:
    return escape(_run_text(run))


def seal(data: object) -> str:
    """``data`` as base64 of its UTF-8 JSON: in the page, but not read by a glance at its source."""
    return base64.b64encode(json.dumps(data, ensure_ascii=False).encode("utf-8")).decode("ascii")


def _dropped_phrase(sample: Sample) -> str:
    """What the filter dropped, in the words of the run's summary line (rows), and how many were candidate pairs."""
    overview = sample.overview
    if not sample.run.get("filtered"):
        return "the run was not filtered"
    return (f"{overview.dropped_rows:,} rows dropped by the filter, {overview.dropped_pairs:,} of them candidate pairs "
            "(the others not translated, empty or repeats)")


def render_review(sample: Sample) -> str:
    """The review page of ``sample`` as one HTML string."""
    overview = sample.overview
    header = (
        f'<h1>Review: {escape(str(sample.run.get("model")))}</h1><p class="run">{_run_line(sample.run)}</p>'
        f'<p class="summary">{overview.published_pairs:,} published pairs; {_dropped_phrase(sample)}; '
        f'a stratified sample of {len(sample.pairs)} (seed {sample.seed}, {len(sample.strata)} strata; each pair\'s '
        f'weight is how many of the run\'s pairs it stands for).</p>'
    )
    pairs = "".join(_pair_html(index, pair) for index, pair in enumerate(sample.pairs)) or \
        '<p class="empty-sample">No pair to judge: the run has no candidate pair (every row was dropped before pairing, or nothing was translated).</p>'
    data = {
        "mode": "review",
        "storageKey": f"songngu-review:{sample.run['key']}",
        "run": sample.run,
        "verdicts": VERDICTS,
        "labels": LABELS,
        "pairs": [
            {"id": pair.id, "stratum": pair.stratum, "weight": pair.weight, "stratum_rows": pair.stratum_rows,
             "outcome": pair.outcome, "drop_codes": list(pair.codes), "signals": pair.signals}
            for pair in sample.pairs
        ],
    }
    return _page(f"songngu review · {sample.run.get('model')}", header, _overview(sample), pairs, "", data, _help_rows("review"))


def write_page(html_text: str, path: str | Path) -> Path:
    """Write ``html_text`` to the file ``path`` atomically (never half-written); return the path."""
    path = Path(path)
    with atomic_open(path) as handle:
        handle.write(html_text)
    return path


def _compared_html(index: int, pair: ComparedPair) -> str:
    left, right = (pair.en_a, pair.en_b) if pair.left == "a" else (pair.en_b, pair.en_a)
    names = {"left": "left better", "right": "right better", "same": "about the same"}
    return (
        f'<article class="pair" id="pair-{index}" tabindex="-1" data-index="{index}" aria-labelledby="pair-{index}-title">'
        f'<header class="pair-head"><h3 id="pair-{index}-title"><span class="pos">{index + 1}</span> '
        f'<code>{escape(pair.id)}</code></h3></header>'
        f'{_context(pair.before, "sentence before", english=False)}'
        f'<div class="source"><h4>Vietnamese</h4>{_text(pair.vi, "vi")}</div>'
        f'<div class="sides"><div class="side"><h4>Left <span class="reveal" data-side="left"></span></h4>{_text(left, "en")}</div>'
        f'<div class="side"><h4>Right <span class="reveal" data-side="right"></span></h4>{_text(right, "en")}</div></div>'
        f'{_context(pair.after, "sentence after", english=False)}'
        f'{_buttons("verdict", COMPARE_VERDICTS, names, f"Which English is better, pair {index + 1}")}'
        "</article>"
    )


def render_comparison(comparison: Comparison) -> str:
    """The blind comparison page of two runs."""
    a, b = comparison.run_a, comparison.run_b
    header = (
        "<h1>Blind comparison</h1>"
        f'<p class="summary">{comparison.matched:,} segments translated by both runs, {comparison.identical:,} of them '
        f"with the same English (not shown); {len(comparison.pairs)} of the others below, the two English versions "
        "in random order. Which run is which stays hidden until you press “Reveal the runs” at the end (the "
        "downloaded verdicts name the runs).</p>"
    )
    pairs = "".join(_compared_html(index, pair) for index, pair in enumerate(comparison.pairs)) or \
        '<p class="empty-sample">No pair to compare: the runs share no translated segment whose English differs.</p>'
    after = (
        '<section class="reveal-box" aria-label="Reveal the runs"><button type="button" id="reveal">Reveal the runs</button>'
        '<dl id="run-names" hidden></dl>'
        '<p id="tally" hidden></p></section>'
    )
    data = {
        "mode": "compare",
        "storageKey": f"songngu-compare:{a['key']}:{b['key']}",
        "verdicts": COMPARE_VERDICTS,
        "labels": {},
        "pairs": [{"id": pair.id} for pair in comparison.pairs],
        # which run is which, sealed: the script opens it for the download and on "Reveal the runs"
        "sealed": seal({"runs": {"a": a, "b": b}, "names": {"a": _run_text(a), "b": _run_text(b)},
                        "left": [pair.left for pair in comparison.pairs]}),
    }
    return _page("songngu blind comparison", header, "", pairs, after, data, _help_rows("compare"))
