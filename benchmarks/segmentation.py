"""Score sentence splitters on the gold sets in benchmarks/gold/.

    python benchmarks/segmentation.py [--gold-dir benchmarks/gold] [--only songngu] [--detail]

Any ``str -> list[str]`` function can be scored. A boundary is a position in the text counted
in non-whitespace characters, so splitters that change whitespace (blingfire turns line breaks
into spaces) are scored fairly; the end of a document is not a boundary. Reports boundary
precision, recall and F1 (micro-averaged over documents) and the exact-sentence rate (share of
gold sentences that a splitter returns exactly, whitespace aside). Anchors that are not
installed, or fail, print as ``unavailable (reason)``. Install them with the ``bench`` extra:
``pip install underthesea sentencex blingfire pysbd``.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from songngu.text import split_sentences  # noqa: E402

Splitter = Callable[[str], list[str]]
GOLD_DIR = Path(__file__).resolve().parent / "gold"
MARK = "||"
GOLD_SETS = (
    ("flores_paragraphs.gold", "FLORES-200, 4 per paragraph"),
    ("news_documents.gold", "news documents"),
    ("scraped_seeds.gold", "scraped articles (seeds)"),
    ("hard_cases.gold", "hard Vietnamese cases"),
)
_HEADER = re.compile(r"^#### (.+)$", re.MULTILINE)
_SPLIT_AT = re.compile(r"\n|\|\|")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class GoldDocument:
    """One gold document: its text and its sentences in order."""

    doc_id: str
    text: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    """Boundary precision/recall/F1 and exact-sentence rate over a gold set."""

    precision: float
    recall: float
    f1: float
    exact: float


def load_gold(path: Path) -> list[GoldDocument]:
    """Read a ``.gold`` file: ``#### id`` headers, text with ``||`` at boundaries inside lines.

    Comment lines starting with ``#`` before the first header are ignored. A document's text
    runs from the line after its header up to the line break before the next header.
    """
    raw = path.read_text(encoding="utf-8")
    headers = list(_HEADER.finditer(raw))
    documents = []
    for index, header in enumerate(headers):
        body_end = headers[index + 1].start() - 1 if index + 1 < len(headers) else len(raw)
        body = raw[header.end() + 1 : body_end]
        if index + 1 == len(headers) and body.endswith("\n"):
            body = body[:-1]
        sentences = tuple(piece.strip() for piece in _SPLIT_AT.split(body) if piece.strip())
        documents.append(GoldDocument(header.group(1).strip(), body.replace(MARK, ""), sentences))
    return documents


def boundaries(text: str, sentences: Iterable[str]) -> tuple[set[int], set[tuple[int, int]]]:
    """Boundary positions and sentence extents of ``sentences`` in ``text``, in non-whitespace characters.

    Each sentence is located in order in ``text`` (whitespace ignored). A sentence the splitter
    changed beyond whitespace is skipped, so it earns no credit.
    """
    stream = _WHITESPACE.sub("", text)
    cuts: set[int] = set()
    extents: set[tuple[int, int]] = set()
    cursor = 0
    for sentence in sentences:
        piece = _WHITESPACE.sub("", sentence)
        if not piece:
            continue
        found = cursor if stream.startswith(piece, cursor) else stream.find(piece, cursor)
        if found < 0:
            continue
        cursor = found + len(piece)
        cuts.add(found)
        cuts.add(cursor)
        extents.add((found, cursor))
    cuts.discard(0)
    cuts.discard(len(stream))
    return cuts, extents


def score(splitter: Splitter, documents: list[GoldDocument]) -> Score:
    """Micro-averaged boundary scores and exact-sentence rate of ``splitter`` on ``documents``."""
    true_positive = predicted_total = gold_total = exact = gold_sentences = 0
    for document in documents:
        gold_cuts, gold_extents = boundaries(document.text, document.sentences)
        predicted_cuts, predicted_extents = boundaries(document.text, splitter(document.text))
        true_positive += len(gold_cuts & predicted_cuts)
        predicted_total += len(predicted_cuts)
        gold_total += len(gold_cuts)
        exact += len(gold_extents & predicted_extents)
        gold_sentences += len(gold_extents)
    precision = true_positive / predicted_total if predicted_total else 1.0
    recall = true_positive / gold_total if gold_total else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, exact / gold_sentences if gold_sentences else 1.0)


def mistakes(splitter: Splitter, documents: list[GoldDocument]) -> Iterable[str]:
    """Lines describing each missed or extra boundary, with a little context."""
    for document in documents:
        stream = _WHITESPACE.sub("", document.text)
        gold_cuts, _ = boundaries(document.text, document.sentences)
        predicted_cuts, _ = boundaries(document.text, splitter(document.text))
        for label, cuts in (("missed", gold_cuts - predicted_cuts), ("extra", predicted_cuts - gold_cuts)):
            for cut in sorted(cuts):
                yield f"  {document.doc_id}: {label} at …{stream[max(0, cut - 30):cut]}|{stream[cut:cut + 20]}…"


def anchor_splitters() -> dict[str, Splitter | str]:
    """The anchor splitters from the project's issue, or the reason each cannot run here."""
    anchors: dict[str, Splitter | str] = {}
    try:
        from underthesea import sent_tokenize

        anchors["underthesea sent_tokenize"] = sent_tokenize
    except Exception as error:  # noqa: BLE001 - any failure makes the anchor unavailable
        anchors["underthesea sent_tokenize"] = _reason(error)
    try:
        import sentencex

        anchors["sentencex (vi)"] = lambda text: list(sentencex.segment("vi", text))
    except Exception as error:  # noqa: BLE001
        anchors["sentencex (vi)"] = _reason(error)
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        anchors["pysbd (English rules)"] = segmenter.segment
    except Exception as error:  # noqa: BLE001
        anchors["pysbd (English rules)"] = _reason(error)
    try:
        import blingfire

        anchors["blingfire"] = lambda text: blingfire.text_to_sentences(text).split("\n")
        anchors["blingfire after splitting at newlines"] = lambda text: [
            sentence
            for line in text.split("\n")
            if line.strip()
            for sentence in blingfire.text_to_sentences(line).split("\n")
        ]
    except Exception as error:  # noqa: BLE001
        anchors["blingfire"] = anchors["blingfire after splitting at newlines"] = _reason(error)
    return anchors


def _reason(error: Exception) -> str:
    """One-line reason an anchor cannot run."""
    return f"{type(error).__name__}: {error}".splitlines()[0][:80]


def sentences_per_second(splitter: Splitter, text: str, seconds: float) -> tuple[float, int]:
    """Best sentences-per-second rate of ``splitter`` on ``text`` over repeated timed batches, and the count per pass.

    The best batch is reported (as ``timeit`` advises) because other processes on a shared
    machine only ever slow a batch down.
    """
    count = len(splitter(text))
    best = float("inf")
    spent = 0.0
    while spent < seconds:
        started = time.perf_counter()
        for _ in range(5):
            splitter(text)
        elapsed = time.perf_counter() - started
        best = min(best, elapsed / 5)
        spent += elapsed
    return count / best, count


def table_row(name: str, splitter: Splitter | str, gold: list[tuple[str, list[GoldDocument]]]) -> str:
    """One markdown table row: scores per gold set, or ``unavailable (reason)`` cells."""
    if isinstance(splitter, str):
        return f"| {name} | " + " | ".join(f"unavailable ({splitter})" for _ in gold) + " |"
    cells = []
    for _, documents in gold:
        try:
            result = score(splitter, documents)
        except Exception as error:  # noqa: BLE001 - an anchor crashing must not stop the table
            cells.append(f"unavailable ({_reason(error)})")
            continue
        cells.append(f"{result.f1:.3f} ({result.precision:.3f} / {result.recall:.3f}), exact {result.exact:.3f}")
    return f"| {name} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    """Print the score table (and optionally each mistake) for songngu and the anchors."""
    parser = argparse.ArgumentParser(description="Sentence-boundary benchmark for songngu.")
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR)
    parser.add_argument("--only", action="append", help="score only splitters whose name contains this (repeatable)")
    parser.add_argument("--detail", action="store_true", help="list every missed and extra boundary")
    parser.add_argument("--speed-seconds", type=float, default=2.0, help="how long to time songngu (0 skips it)")
    args = parser.parse_args(argv)

    gold = [(title, load_gold(args.gold_dir / name)) for name, title in GOLD_SETS]
    splitters: dict[str, Splitter | str] = {"songngu": split_sentences}
    splitters.update(anchor_splitters())
    if args.only:
        splitters = {name: s for name, s in splitters.items() if any(part in name for part in args.only)}

    print("Boundary F1 (precision / recall) and exact-sentence rate per gold set")
    print("| splitter | " + " | ".join(f"{title} ({sum(len(d.sentences) for d in docs)} sent.)" for title, docs in gold) + " |")
    print("|---" * (len(gold) + 1) + "|")
    for name, splitter in splitters.items():
        print(table_row(name, splitter, gold))
    if args.detail:
        for name, splitter in splitters.items():
            if isinstance(splitter, str):
                continue
            print(f"\nMistakes of {name}:")
            for title, documents in gold:
                print(f" {title}:")
                try:
                    for line in mistakes(splitter, documents):
                        print(line)
                except Exception as error:  # noqa: BLE001 - an anchor crashing must not stop the report
                    print(f"  unavailable ({_reason(error)})")
    if args.speed_seconds > 0:
        flores = "\n".join(document.text for document in gold[0][1])
        rate, count = sentences_per_second(split_sentences, flores, args.speed_seconds)
        print(f"\nsongngu speed: {rate:,.0f} sentences/s on one core ({count} sentences, {len(flores):,} characters of FLORES text per pass)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
