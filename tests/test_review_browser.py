"""The review page in a real headless browser (Debian's Chromium driven by Playwright), as a reviewer uses it.

Opened from disk (file://), judged with the keyboard, reloaded, downloaded, and fed to
`songngu eval --judgments`. Skipped only where /usr/bin/chromium is missing and CI is not set;
under CI=true these tests must run (.ci/run installs chromium).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from songngu.eval.review import write_review
from tests.helpers import run_cli
from tests.review_runs import HOSTILE_ARTICLE_ID, HOSTILE_TEXTS, all_dropped_run, hostile_run, memorised_article, translate_run

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium here (apt-get install chromium chromium-driver); CI runs these tests",
                    allow_module_level=True)
    pytest.importorskip("playwright.sync_api", reason="pip install playwright (in the test extra)")

from playwright import sync_api  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A browser tab on one page file, recording every request and script error."""

    def __init__(self, browser, path: Path, width: int = 1200) -> None:
        self.context = browser.new_context(accept_downloads=True, viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.as_uri())

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def pressed(self, index: int, kind: str) -> list[str]:
        return self.page.eval_on_selector_all(
            f'#pair-{index} button[data-{kind}][aria-pressed="true"]', f"els => els.map(e => e.dataset.{kind})")

    def reload_until_judged(self, count: str, tries: int = 20) -> None:
        """Reload the page until it shows ``count`` judged pairs, read back from the browser's storage.

        Chromium hands a page's storage writes to its browser process asynchronously: on a busy machine
        a reload right after a click may still read the storage as it was, and the next one reads the write.
        """
        for _ in range(tries):
            self.page.reload()
            if self.page.text_content("#judged") == count:
                return
        raise AssertionError(f"after {tries} reloads the page shows {self.page.text_content('#judged')} judged pairs, not {count}")

    def download(self, target: Path) -> Path:
        with self.page.expect_download() as info:
            self.press("s")
        info.value.save_as(target)
        return target

    def network(self) -> list[str]:
        """Requests that left the file: every one that is not the page itself, a blob or data URL."""
        return [url for url in self.requests if not url.startswith(("file://", "blob:", "data:"))]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory, memorised_marian_dir, tiny_marian_dir):
    base = tmp_path_factory.mktemp("review-browser")
    articles = memorised_article(base / "articles")
    return {
        "filtered": translate_run(articles, base / "filtered", memorised_marian_dir, "--filter"),
        "paragraph": translate_run(articles, base / "paragraph", memorised_marian_dir, "--context", "paragraph"),
        "other_model": translate_run(articles, base / "other", tiny_marian_dir),
    }


def test_judge_with_the_keyboard_reload_download_and_estimate(browser, runs, tmp_path):
    run = runs["filtered"]
    page_file = write_review(run, size=40)
    tab = Page(browser, page_file)
    page = tab.page
    total = int(page.text_content("#total"))
    assert total > 5
    tab.press("j", "1", "j", "3", "m", "o", "j", "4", "ArrowDown", "2", "k", "k")  # pairs 0..3, back to pair 1
    assert tab.pressed(0, "verdict") == ["good"]
    assert tab.pressed(1, "verdict") == ["bad"] and tab.pressed(1, "label") == ["mistranslation", "omission"]
    assert page.evaluate("document.activeElement.id") == "pair-1"
    page.click("#pair-4 button[data-verdict='minor']")  # the mouse works too
    assert page.text_content("#judged") == "5"
    tab.reload_until_judged("5")
    assert tab.pressed(1, "verdict") == ["bad"] and tab.pressed(1, "label") == ["mistranslation", "omission"]
    assert tab.pressed(3, "verdict") == ["minor"] and tab.pressed(4, "verdict") == ["minor"]
    tab.press("?")
    assert page.evaluate("document.getElementById('help').open")
    tab.press("Escape")
    downloaded = tab.download(tmp_path / "judgments.jsonl")
    lines = [json.loads(line) for line in downloaded.read_text(encoding="utf-8").splitlines()]
    assert [line["verdict"] for line in lines] == ["good", "bad", "not_a_pair", "minor", "minor"]
    assert all(line["weight"] > 0 and line["stratum"] and line["run"] for line in lines)
    assert tab.network() == [] and tab.errors == []
    tab.close()

    result = run_cli("eval", "--judgments", str(downloaded), str(run), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["judged"] == 5 and report["counts"] == {"good": 1, "minor": 2, "bad": 1, "not_a_pair": 1}
    published = [line for line in lines if line["outcome"] == "published"]
    assert report["published_judged"] == len(published)
    if published:  # the estimate, worked out from the downloaded lines: Σ W_h·p_h over published strata
        strata: dict[str, list] = {}
        for line in published:
            strata.setdefault(line["stratum"], []).append(line)
        total_rows = sum(members[0]["stratum_rows"] for members in strata.values())
        expected = sum(members[0]["stratum_rows"] / total_rows * sum(m["verdict"] in ("good", "minor") for m in members) / len(members)
                       for members in strata.values())
        assert report["good_share"] == pytest.approx(expected)
        assert report["interval"][0] <= report["good_share"] <= report["interval"][1]


def test_the_keys_judge_the_pair_that_tab_moved_the_focus_to(browser, runs):
    """After Tab into pair 2, the key '3' recorded 'bad' for pair 0, off screen, not for the pair holding the focus."""
    tab = Page(browser, write_review(runs["filtered"], size=40))
    page = tab.page
    for _ in range(60):  # the skip link, the toolbar, then the pairs' buttons
        tab.press("Tab")
        if page.evaluate("document.activeElement.closest('article.pair')?.id") == "pair-2":
            break
    else:
        raise AssertionError("Tab never reached pair 2")
    tab.press("3")
    assert tab.pressed(2, "verdict") == ["bad"]
    assert tab.pressed(0, "verdict") == [] and tab.pressed(1, "verdict") == []
    tab.press("j", "1")  # and j/k go on from there
    assert tab.pressed(3, "verdict") == ["good"]
    assert tab.errors == []
    tab.close()


def test_after_a_reload_a_key_judges_the_pair_on_the_screen_under_a_toolbar_that_stays(browser, runs):
    """After a reload (focus on the body) the key '1' judged pair 0, 2,600 px above the pair on screen, and the
    page jumped there; the sticky toolbar sat in the page's header and scrolled away; closing the help with Esc
    left the focus on the body."""
    tab = Page(browser, write_review(runs["filtered"], size=40))
    page = tab.page
    assert int(page.text_content("#total")) > 6
    tab.press("j", "j", "j", "j", "j", "j", "3")  # pair 5 is bad
    page.evaluate("history.scrollRestoration = 'manual'")  # the test scrolls, not a restore racing with it
    tab.reload_until_judged("1")
    page.evaluate("document.getElementById('pair-5').scrollIntoView({block: 'center'})")  # where Chromium puts it
    assert page.evaluate("document.activeElement === document.body")
    tab.press("1")
    assert tab.pressed(5, "verdict") == ["good"] and tab.pressed(0, "verdict") == []
    geometry = page.evaluate("""() => {
        const bar = document.querySelector('.toolbar').getBoundingClientRect();
        const pair = document.activeElement.getBoundingClientRect();
        return {bar: bar.top, under: pair.top - bar.bottom, below: innerHeight - pair.top, scrolled: scrollY};
    }""")
    assert geometry["scrolled"] > 0 and geometry["bar"] == 0  # the toolbar holds the top of the screen
    assert geometry["under"] >= 0 and geometry["below"] > 0  # and the judged pair is on the screen below it
    tab.press("j")  # the next pair scrolls into view below the toolbar, not under it
    assert page.evaluate("document.activeElement.id") == "pair-6"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top"
                         " - document.querySelector('.toolbar').getBoundingClientRect().bottom") >= 0
    tab.press("?")
    assert page.evaluate("document.getElementById('help').open")
    tab.press("Escape")
    assert page.evaluate("document.activeElement.id") == "pair-6"
    assert tab.errors == [] and tab.network() == []
    tab.close()


def test_hostile_text_is_shown_as_text_and_the_layout_holds(browser, tmp_path):
    page_file = write_review(hostile_run(tmp_path / "hostile"))
    for width in (1200, 420):
        tab = Page(browser, page_file, width=width)
        page = tab.page
        assert page.evaluate("typeof window.__pwned") == "undefined"
        shown = page.eval_on_selector_all(".sides .text[lang=vi]", "els => els.map(e => e.textContent)")
        for text in HOSTILE_TEXTS:
            assert text in shown
        assert page.evaluate("document.querySelectorAll('#sample script, #sample img, #sample textarea').length") == 0
        data = json.loads(page.text_content("#review-data"))
        assert f"{HOSTILE_ARTICLE_ID}-0000" in [pair["id"] for pair in data["pairs"]]
        assert f"{HOSTILE_ARTICLE_ID}-0000" in page.text_content("#sample")
        overflow = page.evaluate("""() => {
            const main = document.querySelector('main');
            const wide = [...document.querySelectorAll('article.pair')].filter(a => a.scrollWidth > a.clientWidth + 1).length;
            return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                    main: main.scrollWidth - main.clientWidth, wide};
        }""")
        assert overflow == {"page": 0, "main": 0, "wide": 0}
        tab.press("j", "1")
        assert tab.pressed(0, "verdict") == ["good"] and tab.errors == [] and tab.network() == []
        tab.close()


def test_at_twice_the_text_size_on_a_phone_the_charts_reflow(browser, runs):
    """At a 32 px root font on a 320 px screen the charts' grid kept 19rem columns: the page was 640 px wide."""
    tab = Page(browser, write_review(runs["filtered"], size=10), width=320)
    page = tab.page
    page.evaluate("document.documentElement.style.fontSize = '32px'")
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        figures: Math.max(...[...document.querySelectorAll('figure')].map(f => f.getBoundingClientRect().right))})""")
    assert widths["page"] == 0 and widths["figures"] <= 320
    # the toolbar, wrapped to a third of the screen, scrolls with the page rather than cover the pairs
    page.wait_for_function("getComputedStyle(document.querySelector('.toolbar')).position === 'static'")
    assert tab.errors == []
    tab.close()


def test_pages_with_nothing_published_or_nothing_at_all(browser, tmp_path):
    dropped_page = write_review(all_dropped_run(tmp_path / "dropped"))
    tab = Page(browser, dropped_page)
    assert "0 published pairs" in tab.page.text_content("header")
    tab.press("j", "3")
    assert tab.pressed(0, "verdict") == ["bad"] and tab.errors == []
    tab.close()
    empty_page = write_review(all_dropped_run(tmp_path / "captions", translated=False))
    tab = Page(browser, empty_page)
    assert "No pair to judge" in tab.page.text_content("#sample")
    assert tab.page.text_content("#total") == "0"
    tab.press("j", "1", "m", "k", "?")
    assert tab.errors == [] and tab.network() == []
    tab.close()


def test_a_paragraph_context_run_is_judged_like_any_other(browser, runs, tmp_path):
    run = runs["paragraph"]
    tab = Page(browser, write_review(run, size=25))
    links = tab.page.eval_on_selector_all(".pair .meta", "els => els.map(e => e.textContent)")
    assert links and all("link " in text for text in links)
    tab.press("j", "1", "j", "2")
    downloaded = tab.download(tmp_path / "paragraph.jsonl")
    tab.close()
    result = run_cli("eval", "--judgments", str(downloaded), str(run), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["judged"] == 2


def test_blind_comparison_hides_the_runs_until_revealed(browser, runs, tmp_path):
    """The page's source named both runs' models and folders, and each pair's "left" run, in plain text."""
    result = run_cli("review", str(runs["filtered"]), "--compare", str(runs["other_model"]), "--size", "20",
                     "--output", str(tmp_path / "compare.html"))
    assert result.returncode == 0, result.stderr
    tab = Page(browser, tmp_path / "compare.html")
    page = tab.page
    data = json.loads(page.text_content("#review-data"))
    assert len(data["pairs"]) >= 3 and all(set(pair) == {"id"} for pair in data["pairs"]) and "runs" not in data
    source = (tmp_path / "compare.html").read_text(encoding="utf-8")
    for run in (runs["filtered"], runs["other_model"]):
        described = json.loads((run / "run.json").read_text(encoding="utf-8"))
        assert str(run) not in source and described["model"] not in source
    assert page.is_hidden("#run-names") and page.text_content("#pair-0 [data-side=left]") == ""
    tab.press("j", "1", "j", "2", "j", "3")
    downloaded = tab.download(tmp_path / "comparison.jsonl")
    assert page.locator("#reveal").count() == 1
    page.click("#reveal")
    assert page.is_visible("#run-names") and "(run " in page.text_content("#pair-0")
    assert str(runs["filtered"]) in page.text_content("#run-names") and str(runs["other_model"]) in page.text_content("#run-names")
    revealed_left = page.text_content("#pair-0 [data-side=left]")
    assert tab.network() == [] and tab.errors == []
    tab.close()
    lines = [json.loads(line) for line in downloaded.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [pair["id"] for pair in data["pairs"][:3]]
    assert revealed_left == f"(run {lines[0]['left'].upper()})"
    expected = [lines[0]["left"], "b" if lines[1]["left"] == "a" else "a", "same"]
    assert [line["verdict"] for line in lines] == expected
    report = run_cli("eval", "--judgments", str(downloaded), "--json")
    assert report.returncode == 0, report.stderr
    summary = json.loads(report.stdout)
    assert summary["a_better"] + summary["b_better"] == 2 and summary["same"] == 1
    assert summary["runs"]["a"]["folder"] == str(runs["filtered"])
