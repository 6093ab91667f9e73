"""Write one of the test suite's tiny translation models to a folder, to try the CLI by hand.

    python benchmarks/make_tiny_model.py memorised /tmp/tiny-memorised
    songngu translate ARTICLE.txt --model /tmp/tiny-memorised ...

``marian`` and ``nllb`` have random weights (output is gibberish, but it loads and runs like a
real model); ``memorised`` translates the sentences in ``tests.tinymodels.MEMORISED_PAIRS``
exactly. Built in seconds on CPU, no downloads.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.tinymodels import MEMORISED_PAIRS, build_tiny_marian, build_tiny_nllb, train_memorised_marian  # noqa: E402

BUILDERS = {"marian": build_tiny_marian, "nllb": build_tiny_nllb, "memorised": train_memorised_marian}


def main() -> None:
    """Parse the command line and build the chosen model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(BUILDERS))
    parser.add_argument("directory", type=Path, help="folder to write (created; files in it are overwritten)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    directory = BUILDERS[args.kind](args.directory, seed=args.seed)
    print(f"wrote {args.kind} model to {directory}")
    if args.kind == "memorised":
        for source, english in MEMORISED_PAIRS:
            print(f"  {source}  ->  {english}")


if __name__ == "__main__":
    main()
