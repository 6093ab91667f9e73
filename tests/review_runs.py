"""Runs for the review tests: real translations with the memorised model, and rows written through songngu's writer."""
from __future__ import annotations

import json
from pathlib import Path

from songngu.align.quality import add_signals
from tests.helpers import SEEDS, run_cli, write_output_folder
from tests.tinymodels import MEMORISED_PAIRS

HOSTILE_TEXTS = [
    "<script>window.__pwned=1</script> Chính phủ đã công bố kế hoạch.",
    "</textarea><img src=x onerror=\"window.__pwned=2\"> 'single' \"double\" &amp; &lt;b&gt;",
    "\u202eRTL override \u2067isolate\u2069 \u200fمرحبا بالعالم\u200f and English",
    "Dài " + "x" * 2000,
    " ".join(["từ"] * 700),
]
HOSTILE_ARTICLE_ID = "x</script><script>window.__pwned=3</script><!--\"'"
"""An article id (embedded in the page's JSON data too) that tries to close the data block."""


def memorised_article(folder: Path) -> Path:
    """An article of the memorised sentences (real English from the memorised model) beside the seed articles."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [" ".join(vi for vi, _ in MEMORISED_PAIRS[start : start + 3]) for start in range(0, len(MEMORISED_PAIRS), 3)]
    (folder / "memorised.txt").write_text("Tin tức hôm nay\n\n" + "\n\n".join(paragraphs) + "\n\nẢnh: AP\n", encoding="utf-8")
    for seed in sorted(SEEDS.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def translate_run(articles: Path, out: Path, model: Path, *extra: str) -> Path:
    """``songngu translate ARTICLES -o OUT --model MODEL EXTRA``; fails the test if it does not finish."""
    result = run_cli("translate", str(articles), "-o", str(out), "--model", str(model), "--no-memory", "--no-progress", *extra)
    assert result.returncode == 0, result.stderr
    return out


def _row(article_id: str, segment: int, vi: str, en: str, **fields) -> dict:
    row = {
        "id": f"{article_id}-{segment:04d}", "article_id": article_id, "source": f"hostile/{article_id}.txt",
        "paragraph": segment, "sentence": 0, "segment": segment, "start": 0, "end": len(vi), "kind": "sentence",
        "repeat_of": -1, "translated": True, "split_for_length": False, "logprob": -0.5, "link": "1-1", "align_score": None,
        "translation": {"vi": vi, "en": en}, "model": "hostile-model", "model_revision": "local",
    }
    row.update(fields)
    return row


def hostile_run(out: Path) -> Path:
    """A run whose Vietnamese and English hold markup, quotes, RTL marks and 2,000-character lines."""
    rows = [_row("hostile", index, text, text.replace("Chính phủ", "The government")) for index, text in enumerate(HOSTILE_TEXTS)]
    rows.append(_row("hostile", len(rows), "Câu bình thường.", "A <b>normal</b> sentence & more."))
    rows.append(_row(HOSTILE_ARTICLE_ID, 0, "Câu có mã độc trong tên bài.", "A sentence whose article id is hostile."))
    write_output_folder(out, add_signals(rows), {"command": "translate", "model": "hostile-model", "model_revision": "local",
                                                 "settings": {"context": "sentence"}})
    return out


def all_dropped_run(out: Path, *, translated: bool = True) -> Path:
    """A filtered run that dropped every row: an empty shard and every row in dropped.jsonl.

    ``translated=False``: every row is an untranslated caption, so the run has no pair to judge at all.
    """
    if translated:
        rows = add_signals([_row("dropped", index, f"Câu số {index} có 12 người.", "the the the the the") for index in range(4)])
        reason = "repetition=1.00>0.20; number_match=0.00<0.50"
    else:
        rows = add_signals([_row("dropped", index, f"Ảnh: AP {index}", "", kind="caption", translated=False) for index in range(3)])
        reason = "not translated (kind=caption)"
    dropped = [{**row, "drop_reason": reason} for row in rows]
    write_output_folder(out, [], {"command": "translate", "model": "x", "model_revision": "local", "filtered": True,
                                  "settings": {"context": "sentence"}}, dropped=dropped)
    return out


def write_lines(path: Path, lines: list[dict]) -> Path:
    """Write ``lines`` as JSON Lines."""
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path
