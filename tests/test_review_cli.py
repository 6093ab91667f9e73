"""`songngu review` and `songngu eval --judgments` from the command line and the API, on real runs."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from songngu.errors import InputError
from songngu.eval.review import build_sample, evaluate_judgments, write_review
from tests.helpers import run_cli
from tests.review_runs import all_dropped_run, hostile_run, memorised_article, translate_run, write_lines


@pytest.fixture(scope="module")
def filtered_run(tmp_path_factory, memorised_marian_dir):
    base = tmp_path_factory.mktemp("review-run")
    return translate_run(memorised_article(base / "articles"), base / "out", memorised_marian_dir, "--filter")


def _lines_for(sample, verdicts):
    return [
        {"id": pair.id, "verdict": verdict, "labels": [], "stratum": pair.stratum, "weight": pair.weight,
         "stratum_rows": pair.stratum_rows, "outcome": pair.outcome, "run": sample.run["key"]}
        for pair, verdict in zip(sample.pairs, verdicts)
    ]


def test_sample_is_stratified_reproducible_and_weighted(filtered_run):
    sample = build_sample(filtered_run, size=30, seed=3)
    assert [pair.id for pair in sample.pairs] == [pair.id for pair in build_sample(filtered_run, size=30, seed=3).pairs]
    assert {pair.outcome for pair in sample.pairs} == {"published", "dropped"}
    assert len(sample.pairs) == min(30, sum(stratum["rows"] for stratum in sample.strata.values()))
    per_stratum = Counter(pair.stratum for pair in sample.pairs)
    for pair in sample.pairs:  # a pair stands for its stratum's rows, shared among the stratum's sampled pairs
        assert pair.weight * per_stratum[pair.stratum] == pytest.approx(sample.strata[pair.stratum]["rows"])
    published = sum(info["rows"] for name, info in sample.strata.items() if name.startswith("published"))
    assert published == sample.overview.published_pairs
    dropped = [pair for pair in sample.pairs if pair.outcome == "dropped"]
    assert all(pair.codes and pair.stratum == f"dropped · {pair.codes[0]}" for pair in dropped)
    assert any(pair.before is not None or pair.after is not None for pair in sample.pairs)
    other_seed = build_sample(filtered_run, size=30, seed=4)
    assert {pair.id for pair in other_seed.pairs} != {pair.id for pair in sample.pairs}


def test_review_writes_one_self_contained_page(filtered_run):
    result = run_cli("review", str(filtered_run), "--size", "500")
    assert result.returncode == 0, result.stderr
    page = filtered_run / "review.html"
    assert result.stdout.strip() == str(page)
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and 'type="application/json"' in html
    assert " src=" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "@import" not in html and "url(" not in html
    assert page.stat().st_size < 5_000_000
    ids = Counter(re.findall(r' id="([^"]+)"', html))
    assert ids and max(ids.values()) == 1, ids.most_common(3)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, where no file can be created")
def test_an_output_path_that_cannot_be_written_is_named_as_given(filtered_run):
    """The line named the page's temporary file (``/proc/.review.html.RANDOM.songngu-tmp``), not the path given."""
    result = run_cli("review", str(filtered_run), "--output", "/proc/review.html")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == ["songngu: error: /proc/review.html: No such file or directory"]


def test_compare_page_has_one_reveal_button_and_unique_ids(filtered_run, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(filtered_run, other)
    rows_file = other / "run.json"
    rows_file.write_text(rows_file.read_text(encoding="utf-8").replace('"complete": true', '"complete": true, "note": "copy"'),
                         encoding="utf-8")
    page = write_review(filtered_run, compare=other, output=tmp_path / "cmp.html")
    html = page.read_text(encoding="utf-8")
    assert "No pair to compare" in html  # the same English everywhere: nothing to judge, said so
    ids = Counter(re.findall(r' id="([^"]+)"', html))
    assert ids["reveal"] == 1 and max(ids.values()) == 1


def test_eval_judgments_against_the_run(filtered_run, tmp_path):
    sample = build_sample(filtered_run, size=40)
    verdicts = ["good", "minor", "bad", "not_a_pair"] * 10
    path = write_lines(tmp_path / "j.jsonl", _lines_for(sample, verdicts))
    result = run_cli("eval", "--judgments", str(path), str(filtered_run), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["judged"] == len(sample.pairs)
    assert 0 <= report["interval"][0] <= report["good_share"] <= report["interval"][1] <= 1
    assert report["counts"] == dict(Counter(verdicts[: len(sample.pairs)]))
    assert report["filters"] and report["filters"][0]["filter"] == "any"
    assert {entry["signal"] for entry in report["thresholds"]} >= {"q_length_ratio", "q_entity_overlap"}
    text = run_cli("eval", "--judgments", str(path), str(filtered_run), "--target-precision", "0.6")
    assert text.returncode == 0 and "good or minor:" in text.stdout and "Wilson" in text.stdout


def test_eval_hand_computed_stratified_file_from_the_command_line(tmp_path):
    # Stratum A: 900 pairs, 10 judged, 8 good; B: 100 pairs, 10 judged, 5 good (test_review_estimate works it out):
    # estimate 0.77, interval 0.4899–0.9016.
    lines = [{"id": f"a-{i}", "verdict": "good" if i < 8 else "bad", "stratum": "A", "weight": 90.0} for i in range(10)]
    lines += [{"id": f"b-{i}", "verdict": "minor" if i < 5 else "not_a_pair", "stratum": "B", "weight": 10.0} for i in range(10)]
    result = run_cli("eval", "--judgments", str(write_lines(tmp_path / "toy.jsonl", lines)), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["good_share"] == pytest.approx(0.77)
    assert report["interval"] == pytest.approx([0.48990, 0.90163], abs=2e-4)
    assert report["good_only_share"] == pytest.approx(0.72)  # 0.9·0.8 + 0.1·0
    assert report["judged"] == 20
    unweighted = [{"id": line["id"], "verdict": line["verdict"]} for line in lines]  # each pair counts once: 13/20
    plain = json.loads(run_cli("eval", "--judgments", str(write_lines(tmp_path / "plain.jsonl", unweighted)), "--json").stdout)
    assert plain["good_share"] == pytest.approx(0.65)


def test_several_reviewers_get_cohens_kappa(tmp_path):
    first = [{"id": f"p{i}", "verdict": "good" if i < 5 else "bad"} for i in range(10)]
    second = [{"id": f"p{i}", "verdict": "good" if i < 4 or i == 9 else "bad"} for i in range(10)]
    report = evaluate_judgments([write_lines(tmp_path / "a.jsonl", first), write_lines(tmp_path / "b.jsonl", second)])
    (entry,) = report.as_dict()["agreement"]
    assert entry["pairs"] == 10 and entry["kappa"] == pytest.approx(0.6)


def test_a_comparison_file_among_review_files_is_named_as_such(tmp_path):
    """Given a comparison file then a review file, the line called the review file 'a comparison file'."""
    runs = {"run_a": {"model": "model-a", "key": "aaa"}, "run_b": {"model": "model-b", "key": "bbb"}}
    comparison = write_lines(tmp_path / "cmp.jsonl", [{"id": "p0", "verdict": "a", "comparison": True, **runs}])
    review = write_lines(tmp_path / "review.jsonl", [{"id": "p0", "verdict": "good"}])
    with pytest.raises(InputError) as raised:
        evaluate_judgments([comparison, review])
    assert str(raised.value) == f"{review}: is a review file, but {comparison} is a comparison file: evaluate them apart"


def test_comparison_file_gives_win_rates_and_a_sign_test(tmp_path):
    runs = {"run_a": {"model": "model-a", "key": "aaa"}, "run_b": {"model": "model-b", "key": "bbb"}}
    lines = [{"id": f"p{i}", "verdict": "a" if i < 8 else "b", "comparison": True, **runs} for i in range(10)]
    lines.append({"id": "p10", "verdict": "same", "comparison": True, **runs})
    result = run_cli("eval", "--judgments", str(write_lines(tmp_path / "c.jsonl", lines)), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["a_better"], report["b_better"], report["same"]) == (8, 2, 1)
    assert report["a_win_rate"] == pytest.approx(0.8)
    assert report["a_interval"] == pytest.approx([0.49016, 0.94332], abs=1e-4)
    assert report["sign_test_p"] == pytest.approx(0.109375)
    text = run_cli("eval", "--judgments", str(tmp_path / "c.jsonl")).stdout
    assert "model-a" in text and "model-b" in text and "p = 0.109" in text


def test_a_comparison_file_without_its_runs_says_unknown_and_is_checked_against_a_run(filtered_run, tmp_path):
    """A comparison file written by hand printed 'run A: None @ None, None, context None, beams None (None)',
    and with a run folder an id that is no pair of it was accepted (exit 0)."""
    ids = [pair.id for pair in build_sample(filtered_run, size=3).pairs]
    bare = write_lines(tmp_path / "cmp.jsonl", [{"id": row_id, "verdict": "a"} for row_id in ids])
    result = run_cli("eval", "--judgments", str(bare))
    assert result.returncode == 0, result.stderr
    assert "None" not in result.stdout and "run A: unknown (the verdict file does not name it)" in result.stdout, result.stdout
    partial = write_lines(tmp_path / "partial.jsonl", [{"id": ids[0], "verdict": "b", "run_a": {"model": "model-a"}, "run_b": {}}])
    text = run_cli("eval", "--judgments", str(partial)).stdout
    assert "None" not in text and "run A: model-a @ unknown, unknown, context unknown, beams unknown (unknown)" in text, text
    checked = run_cli("eval", "--judgments", str(bare), str(filtered_run))
    assert checked.returncode == 0 and "A better 3" in checked.stdout, checked.stderr
    stray = write_lines(tmp_path / "cmp3.jsonl", [{"id": ids[0], "verdict": "a"}, {"id": "x1", "verdict": "same"}])
    _one_line_error(run_cli("eval", "--judgments", str(stray), str(filtered_run)), 1, f"{stray}: pair x1 is not a pair of {filtered_run}")


def _one_line_error(result, code: int, *needles: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr


def test_bad_judgments_get_one_line_and_an_exit_code(filtered_run, tmp_path):
    sample = build_sample(filtered_run, size=5)
    good_lines = _lines_for(sample, ["good"] * 5)
    foreign = write_lines(tmp_path / "foreign.jsonl", [{**line, "run": "0123456789abcdef"} for line in good_lines])
    _one_line_error(run_cli("eval", "--judgments", str(foreign), str(filtered_run)), 1, "another run")
    unknown = write_lines(tmp_path / "unknown.jsonl", good_lines + [{"id": "nowhere-0001", "verdict": "good"}])
    _one_line_error(run_cli("eval", "--judgments", str(unknown), str(filtered_run)), 1, "nowhere-0001", "not a pair of")
    wrong = write_lines(tmp_path / "wrong.jsonl", [{**good_lines[0], "verdict": "great"}])
    _one_line_error(run_cli("eval", "--judgments", str(wrong), str(filtered_run)), 1, "line 1", '"great"', "not_a_pair")
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "verdict": "good"}\n{"id": \n', encoding="utf-8")
    _one_line_error(run_cli("eval", "--judgments", str(tmp_path / "broken.jsonl")), 1, "line 2")
    _one_line_error(run_cli("eval", "--judgments", str(tmp_path / "missing.jsonl")), 1, "no such file")
    _one_line_error(run_cli("eval", "--judgments", str(wrong), "--hyp", "x.txt"), 2, "--hyp")
    _one_line_error(run_cli("eval", "--judgments", str(foreign), "--target-precision", "1.5"), 2, "--target-precision")
    half = tmp_path / "half"
    shutil.copytree(filtered_run, half)
    (half / "run.json").unlink()
    (half / "review.html").unlink(missing_ok=True)
    (half / ".songngu").mkdir()
    good = write_lines(tmp_path / "good.jsonl", good_lines)
    _one_line_error(run_cli("eval", "--judgments", str(good), str(half)), 1, "did not finish")
    _one_line_error(run_cli("review", str(half)), 1, "did not finish")
    assert not (half / "review.html").exists()


def test_comparing_runs_that_share_no_article_is_one_line_and_writes_nothing(filtered_run, tmp_path):
    """It exited 0 with a comparison page of 0 pairs, as if the two runs agreed everywhere."""
    other = hostile_run(tmp_path / "other")
    result = run_cli("review", str(filtered_run), "--compare", str(other))
    _one_line_error(result, 1, f"songngu: error: {filtered_run}: shares no article with {other}")
    assert result.stdout == ""
    assert not (filtered_run / "comparison.html").exists() and not (other / "comparison.html").exists()


def test_a_run_that_dropped_everything_still_gets_a_page_and_an_estimate(tmp_path):
    run = all_dropped_run(tmp_path / "all-dropped")
    page = write_review(run)
    sample = build_sample(run)
    assert page.is_file() and sample.overview.published_pairs == 0 and all(pair.outcome == "dropped" for pair in sample.pairs)
    path = write_lines(tmp_path / "j.jsonl", _lines_for(sample, ["bad"] * len(sample.pairs)))
    report = evaluate_judgments([path], run).as_dict()
    assert report["good_share"] is None and report["dropped_judged"] == len(sample.pairs)
    assert report["filters"][0] == {"filter": "any", "dropped_judged": len(sample.pairs), "precision": 1.0, "recall": 1.0}
    nothing = build_sample(all_dropped_run(tmp_path / "captions", translated=False))
    assert nothing.pairs == [] and "No pair to judge" in (write_review(tmp_path / "captions")).read_text(encoding="utf-8")


def test_an_empty_bar_chart_is_its_sentence_alone() -> None:
    """An unfiltered run's "rows each filter removed" chart was an empty axis with a stray "rows" label and "none"."""
    from songngu.eval.review.charts import bars

    empty = bars("rows each filter removed", {}, empty="none: the run was not filtered")
    assert "none: the run was not filtered" in empty and 'class="axis' not in empty
    drawn = bars("rows each filter removed", {"length_ratio": 3, "script": 1})
    assert drawn.count('class="bar"') == 2 and 'class="axis-label"' in drawn and "none" not in drawn


def test_the_pairs_per_article_chart_counts_articles_on_whole_ticks(filtered_run) -> None:
    """Its y-axis said "pairs" over bars that count articles, and its middle tick could read "12.5 pairs"."""
    import re

    page = write_review(filtered_run).read_text(encoding="utf-8")
    figure = page[page.index("published pairs per article"):]
    figure = figure[: figure.index("</figure>")]
    assert re.search(r'class="axis-label"[^>]*>articles<', figure), figure[:2000]
    ticks = re.findall(r'class="tick"[^>]*text-anchor="middle">([^<]+)<', figure)
    assert ticks and all("." not in tick for tick in ticks), ticks


def test_review_keeps_a_users_file_of_the_pages_name_unless_overwrite(filtered_run, tmp_path):
    """review.html in the run's folder, and any --output file, were replaced without a word."""
    import shutil

    run = shutil.copytree(filtered_run, tmp_path / "run")
    (run / "review.html").unlink(missing_ok=True)
    (run / ".songngu-written.json").unlink(missing_ok=True)
    (run / "review.html").write_text("my notes\n", encoding="utf-8")
    refused = run_cli("review", str(run))
    assert refused.returncode == 2 and refused.stderr.splitlines() == [
        f"songngu: error: {run}: holds review.html already, not written there by songngu (or changed since); "
        "pass --overwrite to replace it, or choose another --output"]
    assert (run / "review.html").read_text(encoding="utf-8") == "my notes\n"
    assert run_cli("review", str(run), "--overwrite").returncode == 0
    again = run_cli("review", str(run), "--seed", "1")  # the page is songngu's now: the next review replaces it
    assert again.returncode == 0, again.stderr
    mine = tmp_path / "mine.html"
    mine.write_text("mine\n", encoding="utf-8")
    elsewhere = run_cli("review", str(run), "--output", str(mine))
    assert elsewhere.returncode == 2 and mine.read_text(encoding="utf-8") == "mine\n"
    assert run_cli("review", str(run), "--output", str(mine), "--overwrite").returncode == 0
    assert "<svg" in mine.read_text(encoding="utf-8")


def test_a_review_page_in_an_output_folder_is_not_read_as_an_input(filtered_run, tmp_path):
    """`translate "news/**/*"` read news/out/review.html as an article (1,089 rows of HTML)."""
    import shutil

    from songngu.run.sources import Corpus

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Hà Nội mùa thu.\n", encoding="utf-8")
    out = shutil.copytree(filtered_run, news / "out")
    assert run_cli("review", str(out), "--overwrite").returncode == 0
    assert run_cli("review", str(out), "--compare", str(filtered_run)).returncode == 0
    (out / "notes.txt").write_text("the user's own file, read as any other\n", encoding="utf-8")
    notes: list[str] = []
    items = list(Corpus([str(news / "**" / "*")], note=notes.append))
    assert [item.article_id for item in items] == ["a", "out/notes"], [item.source for item in items]


def test_an_output_ending_in_a_slash_is_a_folder_not_a_file_of_that_name(filtered_run, tmp_path):
    """`--output newdir/` wrote a 250 KB page named newdir."""
    result = run_cli("review", str(filtered_run), "--output", f"{tmp_path / 'newdir'}/")
    assert result.returncode == 2 and "is a folder; give a file name for the page" in result.stderr, result.stderr
    assert not (tmp_path / "newdir").exists()


def test_an_output_in_a_folder_that_does_not_exist_is_refused(filtered_run, tmp_path):
    """`review --output /nonexistent/x.html` created /nonexistent (a typo in a path made folders)."""
    page = tmp_path / "no-such" / "deeper" / "x.html"
    result = run_cli("review", str(filtered_run), "--output", str(page))
    assert result.returncode == 2 and result.stderr.splitlines() == [
        f"songngu: error: {page}: the folder {page.parent} does not exist; create it first, or choose another --output"], result.stderr
    assert not (tmp_path / "no-such").exists()


def test_json_without_judgments_names_only_what_was_given(filtered_run):
    """`eval --hyp OUT/ --json` said "RUN_DIR and --json go with --judgments" though no RUN_DIR was given."""
    result = run_cli("eval", "--hyp", str(filtered_run), "--json")
    assert result.returncode == 2 and result.stderr.splitlines() == ["songngu: error: --json goes with --judgments"], result.stderr


def test_verdicts_that_leave_strata_unjudged_say_what_the_estimate_covers(filtered_run, tmp_path):
    """Two verdicts in two strata gave "57.1% of published pairs" while half the run's pairs had no verdict at all."""
    sample = build_sample(filtered_run, size=500)
    published = [pair for pair in sample.pairs if pair.outcome == "published"]
    strata = {pair.stratum for pair in published}
    assert len(strata) >= 2, strata
    one = next(pair for pair in published)
    lines = [line for line in _lines_for(sample, ["good"] * len(sample.pairs)) if line["id"] == one.id]
    path = write_lines(tmp_path / "j.jsonl", lines)
    result = run_cli("eval", "--judgments", str(path), str(filtered_run))
    assert result.returncode == 0, result.stderr
    total = sample.overview.published_pairs
    assert f"of the {one.stratum_rows:,} published pairs in judged strata" in result.stdout, result.stdout
    assert f"{total - one.stratum_rows:,} of the run's {total:,} published pairs are in strata with no verdict" in result.stdout
    everything = write_lines(tmp_path / "all.jsonl", _lines_for(sample, ["good"] * len(sample.pairs)))
    whole = run_cli("eval", "--judgments", str(everything), str(filtered_run))
    assert "good or minor:" in whole.stdout and "of published pairs" in whole.stdout and "no verdict" not in whole.stdout


def test_hand_made_verdicts_without_strata_speak_for_the_judged_pairs(filtered_run, tmp_path):
    """A verdict file of ids alone said "of the 3 published pairs in judged strata" and told the user to judge
    "every stratum", strata the file never had."""
    published = [pair for pair in build_sample(filtered_run, size=500).pairs if pair.outcome == "published"][:3]
    path = write_lines(tmp_path / "mine.jsonl", [{"id": pair.id, "verdict": "good"} for pair in published])
    result = run_cli("eval", "--judgments", str(path), str(filtered_run))
    assert result.returncode == 0, result.stderr
    assert "of the 3 judged pairs" in result.stdout and "strata" not in result.stdout.split("(stratified estimate")[0], result.stdout
    assert "only if these pairs were drawn at random" in result.stdout
    as_json = json.loads(run_cli("eval", "--judgments", str(path), str(filtered_run), "--json").stdout)
    assert as_json["unstratified_judged"] == 3


@pytest.mark.parametrize("lines, words", [
    (['{"id": "a", "verdict": null}'], ["line 1: verdict null is not one of good"]),
    (['{"id": "a", "verdict": "goood"}'], ['line 1: verdict "goood" is not one of']),
    (['{"id": "a", "verdict": "good", "stratum": "s", "weight": 1e308}', '{"id": "b", "verdict": "bad", "stratum": "s", "weight": 1e308}'],
     ["line 1: weight 1e+308 is more pairs than a run holds"]),
    (['{"id": "a", "verdict": "good", "stratum": "s", "weight": 2, "stratum_rows": 1e200}'], ["line 1: stratum_rows 1e+200"]),
])
def test_odd_verdict_lines_are_one_line_in_json_terms(tmp_path: Path, lines: list[str], words: list[str]) -> None:
    """A null verdict was shown as Python's None; weights of 1e308 summed to infinity and --json printed
    "covered_pairs": Infinity (not JSON) beside text saying "2 published" and "no published pair judged"."""
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for extra in ([], ["--json"]):
        result = run_cli("eval", "--judgments", str(verdicts), *extra)
        assert result.returncode == 1 and result.stdout == "", result.stdout
        assert result.stderr.count("\n") == 1 and all(word in result.stderr for word in words), result.stderr
        assert "None" not in result.stderr and "Traceback" not in result.stderr


def _figure(page: str, title: str) -> str:
    """The ``<figure>`` of the chart titled ``title`` in a review page."""
    start = page.rindex("<figure>", 0, page.index(f"<title>{title}</title>"))
    return page[start: page.index("</figure>", start)]


def test_the_pages_counts_are_the_runs_counts_and_say_what_they_count(filtered_run, tmp_path) -> None:
    """The page said "8 published pairs, 58 dropped" where the run's summary said "98 dropped by the filter" (rows,
    58 of them candidate pairs), under a note saying every chart counted candidate pairs; a run of one article
    and no pair drew "no values" for published pairs per article; bar tooltips were bare numbers."""
    run = json.loads((filtered_run / "run.json").read_text(encoding="utf-8"))
    sample = build_sample(filtered_run)
    assert run["counts"]["dropped"] > sample.overview.dropped_pairs  # the run drops rows that are no pair
    assert dict(sample.overview.dropped_by_filter) == run["drop_reasons"]
    page = write_review(filtered_run).read_text(encoding="utf-8")
    assert (f'{run["counts"]["pairs"]:,} published pairs; {run["counts"]["dropped"]:,} rows dropped by the filter, '
            f'{sample.overview.dropped_pairs:,} of them candidate pairs') in page
    assert "The first two charts count every row of the run" in page
    per_article = _figure(page, "published pairs per article")
    counted = sum(int(cell) for cell in re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td>(\d+)</td></tr>", per_article))
    assert counted == run["counts"]["articles"]
    tooltips = re.findall(r"<rect class=\"bar\"[^>]*><title>([^<]*)</title>", page)
    assert tooltips and all(re.search(r"\d (pairs|articles|rows)\b", tip) for tip in tooltips), tooltips

    nothing = all_dropped_run(tmp_path / "captions", translated=False)
    page = write_review(nothing).read_text(encoding="utf-8")
    per_article = _figure(page, "published pairs per article")
    assert "no values" not in per_article and re.search(r"<tr><td>0</td><td>[^<]*</td><td>1</td></tr>", per_article)
    assert "no candidate pair" in _figure(page, "q_logprob")
