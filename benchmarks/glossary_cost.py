"""What forcing glossary terms and names costs, and what it gives, on the FLORES-200 sample.

    python benchmarks/glossary_cost.py [--model DIR] [--backend ctranslate2|transformers] [--sentences 500]

Translates the FLORES-200 devtest Vietnamese (first 500 lines, ``../shared/data``) once, then
forces the terms of ``benchmarks/gold/flores_glossary.tsv`` into the sentences that miss them,
and separately the names (``--keep-names``). Prints the sentences translated again, the decodes,
the last-resort rebuilds and the time against the plain translation, with term accuracy (WMT 2023
exact match) and name retention before and after, and the same measures for the human reference
English (a sanity check of the measures). Without ``--model`` a tiny random-weight Marian is built
(seconds, no downloads): its English is gibberish, so every term is missing and the figures are
the worst case of cost; they say nothing about translation quality.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from songngu.align.names import missing_names  # noqa: E402
from songngu.eval import read_lines  # noqa: E402
from songngu.eval.terms import name_retention, term_accuracy  # noqa: E402
from songngu.translate import load_translator  # noqa: E402
from songngu.translate.forcing import enforce_terms  # noqa: E402
from songngu.translate.glossary import load_glossary  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
GLOSSARY = Path(__file__).resolve().parent / "gold" / "flores_glossary.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="a local Marian/NLLB folder (default: a tiny random Marian)")
    parser.add_argument("--backend", default="ctranslate2", choices=["ctranslate2", "transformers"])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    vietnamese = read_lines(args.data / "flores200-devtest-first500.vie")[: args.sentences]
    reference = read_lines(args.data / "flores200-devtest-first500.eng")[: args.sentences]
    glossary = load_glossary(GLOSSARY)
    with tempfile.TemporaryDirectory() as work:
        model = args.model
        if model is None:
            from tests.tinymodels import build_tiny_marian

            model = build_tiny_marian(Path(work) / "tiny-marian")
        translator = load_translator(model, backend=args.backend)
        started = time.perf_counter()
        plain = translator.translate(vietnamese)
        plain_seconds = time.perf_counter() - started
        with_terms, terms_report = enforce_terms(translator, vietnamese, plain, glossary.missing)
        with_names, names_report = enforce_terms(translator, vietnamese, plain, missing_names)
    english = [translation.text for translation in plain]
    print(f"{len(vietnamese)} FLORES sentences, model {Path(model).name}, backend {args.backend}: "
          f"plain translation {plain_seconds:.1f} s\n")
    split = sum(translation.split_for_length for translation in plain)
    print(f"{split} sentences were longer than the model's input limit (translated in pieces: terms appended literally)\n")
    print("| forced | sentences translated again | decodes | last resort (of which appended) | seconds | × plain translation time |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, report in (("glossary terms", terms_report), ("names (--keep-names)", names_report)):
        print(f"| {label} | {report.retranslated} | {report.decodes} | {report.last_resort} ({report.appended}) | "
              f"{report.seconds:.1f} | {report.seconds / plain_seconds:.2f} |")
    print("\n| English | term accuracy per occurrence | per sentence | name retention |")
    print("| --- | --- | --- | --- |")
    rows = (
        ("model, plain", english),
        ("model, glossary forced", [t.text for t in with_terms]),
        ("model, names forced", [t.text for t in with_names]),
        ("human reference", reference),
    )
    for label, hypotheses in rows:
        terms = term_accuracy(vietnamese, hypotheses, glossary)
        names = name_retention(vietnamese, hypotheses)
        print(f"| {label} | {terms.occurrences_kept / terms.occurrences:.3f} ({terms.occurrences_kept}/{terms.occurrences}) | "
              f"{terms.sentences_kept / terms.sentences:.3f} ({terms.sentences_kept}/{terms.sentences}) | "
              f"{names.kept / names.expected:.3f} ({names.kept}/{names.expected}) |")


if __name__ == "__main__":
    main()
