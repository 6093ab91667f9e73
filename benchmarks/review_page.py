"""How big and how fast is a review page of 500 pairs? (no downloads)

    python benchmarks/review_page.py [--pairs 500] [--rows 2000]

Builds a run of FLORES-200 devtest pairs (human translations, a quarter of them spoiled: English
cut short, numbers changed, copied Vietnamese) through songngu's writer and filter, writes its
review page, and opens it in headless Chromium (/usr/bin/chromium, via Playwright) from disk:
prints the file size, the time until the page is judgeable (load event, data parsed, verdicts
restored) and the time from a key press to the verdict shown.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from songngu.align.filtering import filter_rows  # noqa: E402
from songngu.align.quality import add_signals  # noqa: E402
from songngu.eval.review import write_review  # noqa: E402
from tests.helpers import write_output_folder  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "models"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def corpus_rows(count: int) -> list[dict]:
    """``count`` rows of FLORES pairs in articles of 20, every fourth spoiled."""
    vi = (DATA / "flores200-devtest-first500.vie").read_text(encoding="utf-8").splitlines()
    en = (DATA / "flores200-devtest-first500.eng").read_text(encoding="utf-8").splitlines()
    rows = []
    for index in range(count):
        source, english = vi[index % len(vi)], en[index % len(en)]
        spoil = index % 8
        if spoil == 1:
            english = english[: len(english) // 3]
        elif spoil == 3:
            english = source
        elif spoil == 5:
            english = english + " 1234567"
        article, segment = f"article-{index // 20:04d}", index % 20
        rows.append({
            "id": f"{article}-{segment:04d}", "article_id": article, "source": f"bench/{article}.txt", "paragraph": segment,
            "sentence": 0, "segment": segment, "start": 0, "end": len(source), "kind": "sentence", "repeat_of": -1,
            "translated": True, "split_for_length": False, "logprob": -0.2 - (index % 37) / 10, "link": "1-1",
            "align_score": None, "translation": {"vi": source, "en": english}, "model": "flores-human", "model_revision": "gold",
        })
    return add_signals(rows)


def main() -> None:
    """Build the run, write the page, time it in Chromium."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        kept, dropped = filter_rows(corpus_rows(args.rows))
        run = Path(folder) / "run"
        write_output_folder(run, kept, {"command": "translate", "model": "flores-human", "model_revision": "gold",
                                        "filtered": True, "settings": {"context": "sentence"}}, dropped=dropped)
        started = time.perf_counter()
        page_file = write_review(run, size=args.pairs)
        written = time.perf_counter() - started
        print(f"run: {len(kept)} published, {len(dropped)} dropped; page of {args.pairs} pairs: "
              f"{page_file.stat().st_size / 1e6:.2f} MB, written in {written:.2f} s")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for attempt in range(3):
                page = browser.new_page()
                started = time.perf_counter()
                page.goto(page_file.as_uri(), wait_until="load")
                page.wait_for_function("document.getElementById('total').textContent !== '0'")
                ready = time.perf_counter() - started
                judged = page.evaluate("""() => {
                    const started = performance.now();
                    for (const key of ["j", "1", "j", "3", "m"]) {
                        document.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}));
                    }
                    document.body.getBoundingClientRect();  // the layout the keys caused
                    return (performance.now() - started) / 5;
                }""") / 1000
                assert page.get_attribute("#pair-1 button[data-verdict=bad]", "aria-pressed") == "true"
                navigation = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                print(f"open {attempt + 1}: judgeable after {ready * 1000:.0f} ms (load event at {navigation:.0f} ms "
                      f"in the browser's clock); {judged * 1000:.1f} ms per key (verdict, label or move, with the layout it causes)")
                page.close()
            browser.close()


if __name__ == "__main__":
    main()
