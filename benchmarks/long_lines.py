"""CPU time of the pair quality signals on one very long line (2 MB a side by default).

    python benchmarks/long_lines.py [--megabytes 2]

Nothing is downloaded. Each case is one pair of lines without sentence punctuation, made to
hit a signal's worst case (loops for ``q_repetition``, names and acronyms that occur inside
other words for ``q_entity_overlap``, numbers without partners for ``q_number_match``; the
cases of ``tests/test_signals_linear.py``). Prints the CPU seconds of scoring the pair with
every signal, and of each signal taking more than 0.1 s.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from songngu.align.quality import SIGNALS, PairBatch  # noqa: E402
from tests.test_signals_linear import pairs  # noqa: E402


def main() -> None:
    """Score each long pair and print where the time goes."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=2.0, help="characters a side, in millions (default 2)")
    args = parser.parse_args()
    length = int(args.megabytes * 1_000_000)
    print(f"one pair of {length:,} characters a side; CPU seconds, one process")
    for case, (vi, en) in pairs(length).items():
        batch = PairBatch([vi], [en])
        times = {}
        for signal in SIGNALS:
            started = time.process_time()
            signal.score(batch)
            times[signal.name] = time.process_time() - started
        slow = ", ".join(f"{name} {seconds:.1f}" for name, seconds in times.items() if seconds > 0.1)
        print(f"{case:<28}{sum(times.values()):>7.1f} s   {slow}")


if __name__ == "__main__":
    main()
