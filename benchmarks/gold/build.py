"""Rebuild the FLORES- and Tatoeba-derived gold files from the shared data.

    python benchmarks/gold/build.py [--data /work/shared/data]

Writes ``flores_paragraphs.gold`` and ``news_documents.gold`` beside this script. The
sentence boundaries inside single FLORES lines come from ``flores_internal_boundaries.tsv``,
which was checked by hand: each row is a 0-based FLORES line number and that line with
``||`` at every sentence boundary inside it. Every other FLORES line is one sentence.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[2] / "shared" / "data"
FLORES = "flores200-devtest-first500.vie"
TATOEBA = "tatoeba-test-v2021-08-07.vie"
MARK = "||"
LINES_PER_PARAGRAPH = 4
LINES_PER_NEWS_PARAGRAPH = 3


def load_internal_boundaries(path: Path, lines: list[str]) -> dict[int, str]:
    """Read the hand-marked lines, checking each matches its FLORES line once marks are removed."""
    marked: dict[int, str] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row or row.startswith("#"):
            continue
        number, text = row.split("\t", 1)
        index = int(number)
        if text.replace(MARK, "") != lines[index]:
            raise SystemExit(f"{path}: line {index} does not match the FLORES text")
        marked[index] = text
    return marked


def flores_paragraph_documents(lines: list[str], marked: dict[int, str]) -> list[tuple[str, str]]:
    """FLORES lines grouped four per paragraph, one paragraph per document, joined by spaces."""
    documents = []
    for first in range(0, len(lines), LINES_PER_PARAGRAPH):
        sentences = [marked.get(index, lines[index]) for index in range(first, min(first + LINES_PER_PARAGRAPH, len(lines)))]
        documents.append((f"flores-{first:03d}", f" {MARK}".join(sentences)))
    return documents


def news_documents(lines: list[str], marked: dict[int, str], headlines: list[str]) -> list[tuple[str, str]]:
    """A headline line (a Tatoeba sentence without its full stop), then paragraphs of three FLORES lines."""
    rng = random.Random(20240601)
    paragraphs = []
    for first in range(0, len(lines), LINES_PER_NEWS_PARAGRAPH):
        chunk = range(first, min(first + LINES_PER_NEWS_PARAGRAPH, len(lines)))
        paragraphs.append(f" {MARK}".join(marked.get(index, lines[index]) for index in chunk))
    documents = []
    position = 0
    while position < len(paragraphs):
        count = rng.randint(2, 5)
        headline = headlines[rng.randrange(len(headlines))].rstrip(".")
        body = "\n".join(paragraphs[position : position + count])
        documents.append((f"news-{len(documents):03d}", f"{headline}\n{body}"))
        position += count
    return documents


def headline_candidates(lines: list[str]) -> list[str]:
    """Short one-sentence Tatoeba lines that read like headlines once the full stop is gone."""
    return [line for line in lines if line.endswith(".") and line.count(".") == 1 and 4 <= len(line.split()) <= 12]


def write_gold(path: Path, header: str, documents: list[tuple[str, str]]) -> None:
    """Write documents in the ``#### id`` gold format (see README.md)."""
    parts = [header.rstrip("\n")]
    parts.extend(f"#### {doc_id}\n{text}" for doc_id, text in documents)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


FLORES_HEADER = """\
# FLORES-200 devtest (vie_Latn), first 500 sentences, four lines per paragraph, one paragraph per document.
# Source text: CC BY-SA 4.0, Meta AI (NLLB team). Boundaries: line ends plus hand-marked ones inside lines.
# Format: see README.md. Rebuild with benchmarks/gold/build.py.
"""

NEWS_HEADER = """\
# News-style documents: a headline line, then paragraphs of three FLORES-200 devtest lines.
# Paragraph text: FLORES-200, CC BY-SA 4.0, Meta AI (NLLB team). Headlines: Tatoeba test set
# (vie), CC BY 2.0 FR, Tatoeba contributors, with the final full stop removed.
# Format: see README.md. Rebuild with benchmarks/gold/build.py.
"""


def main() -> None:
    """Build both generated gold files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding the FLORES and Tatoeba files")
    args = parser.parse_args()
    lines = (args.data / FLORES).read_text(encoding="utf-8").splitlines()
    headlines = headline_candidates((args.data / TATOEBA).read_text(encoding="utf-8").splitlines())
    marked = load_internal_boundaries(HERE / "flores_internal_boundaries.tsv", lines)
    write_gold(HERE / "flores_paragraphs.gold", FLORES_HEADER, flores_paragraph_documents(lines, marked))
    write_gold(HERE / "news_documents.gold", NEWS_HEADER, news_documents(lines, marked, headlines))


if __name__ == "__main__":
    main()
