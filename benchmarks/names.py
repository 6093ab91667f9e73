"""Precision and recall of name detection on hand-written Vietnamese news sentences.

    python benchmarks/names.py [--detail]

The cases (``benchmarks/gold/names.tsv`` and ``names_heldout.tsv``: category, sentence, the
names a good English translation carries) were written by the songngu project; the detector was
adjusted after seeing its misses on the first set, never on the held-out one: persons, places, organisations,
foreign names, names at the start of a sentence, all-capitals headings, names next to numbers,
and sentences with no name. A predicted name counts when its English form equals a gold one
(case and diacritics aside). Beside songngu's ``find_names``, two baselines a user might
write: the foreign-word detector of ``q_entity_overlap`` (``vi_entities``), and "every
capitalised word not at the start of the sentence"; all three are also scored word by word,
which is fairer to the baselines (they return words, not names).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from songngu.align.names import find_names, fold  # noqa: E402
from songngu.align.quality import vi_entities  # noqa: E402

GOLD_SETS = {
    "cases the detector was tuned on": Path(__file__).resolve().parent / "gold" / "names.tsv",
    "held-out cases": Path(__file__).resolve().parent / "gold" / "names_heldout.tsv",
}
Detector = Callable[[str], list[str]]
_WORD = re.compile(r"[^\W\d_]+")


def read_cases(path: Path) -> list[tuple[str, str, list[str]]]:
    """(category, sentence, gold English forms) of every case."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, sentence, gold = (line.split("\t") + [""])[:3]
        cases.append((category, sentence, [form.strip() for form in gold.split("|") if form.strip()]))
    return cases


def songngu_names(sentence: str) -> list[str]:
    return [name.english for name in find_names(sentence)]


def capitalised_words(sentence: str) -> list[str]:
    words = _WORD.findall(sentence)
    return [word for word in words[1:] if word[0].isupper()]


DETECTORS: dict[str, Detector] = {
    "songngu find_names": songngu_names,
    "q_entity_overlap's vi_entities": vi_entities,
    "capitalised words, first word aside": capitalised_words,
}


def score(predicted: list[set[str]], gold: list[set[str]]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 of predicted against gold sets."""
    true = sum(len(p & g) for p, g in zip(predicted, gold))
    found = sum(map(len, predicted))
    wanted = sum(map(len, gold))
    precision = true / found if found else 1.0
    recall = true / wanted if wanted else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def words_of(forms: list[str]) -> set[str]:
    return {word for form in forms for word in fold(form).replace("-", " ").split()}


def report(cases: list[tuple[str, str, list[str]]], detail: bool) -> None:
    """Print the detectors' scores on ``cases``, songngu's by category, and with ``detail`` its misses."""
    print(f"{len(cases)} sentences, {sum(len(gold) for _, _, gold in cases)} names "
          f"({', '.join(f'{category} {count}' for category, count in Counter(c for c, _, _ in cases).items())})\n")
    print("| detector | names: precision | recall | F1 | words: precision | recall | F1 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, detect in DETECTORS.items():
        predicted = [detect(sentence) for _, sentence, _ in cases]
        names = score([{fold(form) for form in found} for found in predicted], [{fold(form) for form in gold} for _, _, gold in cases])
        words = score([words_of(found) for found in predicted], [words_of(gold) for _, _, gold in cases])
        print(f"| {label} | " + " | ".join(f"{value:.3f}" for value in (*names, *words)) + " |")
    print("\nsongngu by category (names):\n")
    print("| category | sentences | precision | recall |")
    print("| --- | --- | --- | --- |")
    by_category: dict[str, list[tuple[set[str], set[str]]]] = defaultdict(list)
    for category, sentence, gold in cases:
        by_category[category].append(({fold(form) for form in songngu_names(sentence)}, {fold(form) for form in gold}))
    for category, pairs in by_category.items():
        precision, recall, _ = score([p for p, _ in pairs], [g for _, g in pairs])
        print(f"| {category} | {len(pairs)} | {precision:.3f} | {recall:.3f} |")
    if detail:
        print()
        for category, sentence, gold in cases:
            found = songngu_names(sentence)
            if {fold(form) for form in found} != {fold(form) for form in gold}:
                print(f"{category}: {sentence}\n  found {found}\n  gold  {gold}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detail", action="store_true", help="print every case songngu gets wrong")
    args = parser.parse_args()
    for title, path in GOLD_SETS.items():
        print(f"## {title} ({path.name})\n")
        report(read_cases(path), args.detail)
        print()


if __name__ == "__main__":
    main()
