"""Reference values of the pair quality signals, as computed before the batch rewrite.

Also the gold pairs and their bad variants the calibration test uses. ``reference_pairs``
builds the test pairs: FLORES-200 devtest (first 500, CC BY-SA 4.0,
Meta AI NLLB team) and Tatoeba vie–eng test (2,500, CC BY 2.0 FR) from the shared data
folder, perturbed copies of them (copied, truncated, looped, swapped…) and seeded random
Unicode text. ``tests/data/signals/reference.tsv`` holds the signals that
``songngu/align/quality.py`` at ``REFERENCE_COMMIT`` gave those pairs; to rewrite it
(only ever from that commit's code, which ``reference_module`` loads from git):

    python -m tests.signals_reference
"""
from __future__ import annotations

import hashlib
import random
import re
import subprocess
import sys
import types
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "signals" / "reference.tsv"
REFERENCE_COMMIT = "e278e02cc483b9da3761c2d9c16c92719526993d"
"""The last commit of the single-module ``songngu/align/quality.py``: the values to keep."""
SIGNAL_NAMES = (
    "length_ratio", "number_match", "entity_overlap", "punct_match", "untranslated", "repetition", "truncated"
)  # fmt: skip
"""The signals computed from text; logprob and align_score are passed through."""
GOLD_FILES = {"flores": "flores200-devtest-first500", "tatoeba": "tatoeba-test-v2021-08-07"}
PER_PERTURBATION = 200
"""How many gold pairs each perturbation is applied to."""
RANDOM_PAIRS = 300
_RANDOM_ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    "fjwzFJWZ0123456789٣٤۵०१"
    "      \t\n.,;:!?…'’\"“”«»()[]-–/%&*"
    "\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b"
    "łŁøØæÆßñçÅΩ한中ｱＡ１"
)
"""Characters random pairs are drawn from: Vietnamese, foreign letters, other digits, punctuation, combining marks."""


def read_pairs(stem: str) -> list[tuple[str, str]]:
    """The line-parallel pairs of ``STEM.vie``/``STEM.eng`` in the shared data folder."""
    vi = (SHARED_DATA / f"{stem}.vie").read_text(encoding="utf-8").split("\n")
    en = (SHARED_DATA / f"{stem}.eng").read_text(encoding="utf-8").split("\n")
    return [(v, e) for v, e in zip(vi, en) if v.strip() and e.strip()]


def truncate(en: str) -> str:
    """The first 40% of the words of ``en``, as a decoder stopping early would leave it."""
    tokens = en.split()
    return " ".join(tokens[: max(1, int(len(tokens) * 0.4))])


def loop(en: str) -> str:
    """``en`` up to its middle, then a three-word phrase repeated four times, as a looping decoder writes."""
    tokens = en.rstrip(".!?").split()
    middle = max(3, len(tokens) // 2)
    return " ".join(tokens[:middle] + tokens[middle - 3 : middle] * 4)


def half_copied(vi: str, en: str) -> str:
    """The first half of ``en`` followed by the second half of ``vi``, untranslated."""
    en_tokens, vi_tokens = en.split(), vi.split()
    return " ".join(en_tokens[: len(en_tokens) // 2] + vi_tokens[len(vi_tokens) // 2 :])


def shift_numbers(en: str) -> str:
    """``en`` with every number changed."""
    return re.sub(r"\d+", lambda match: str(int(match.group()) + 7), en)


def _perturbations(gold: list[tuple[str, str]], rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """Bad and odd variants of sampled gold pairs, each kind over its own sample."""

    def sample() -> list[tuple[str, str]]:
        return rng.sample(gold, PER_PERTURBATION)

    def shuffled(en: str) -> str:
        tokens = en.split()
        rng.shuffle(tokens)
        return " ".join(tokens)

    def no_marks(text: str) -> str:
        return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()

    english = [e for _, e in gold]
    return {
        "copied": [(v, v) for v, _ in sample()],
        "copied without marks": [(v, no_marks(v)) for v, _ in sample()],
        "half copied": [(v, half_copied(v, e)) for v, e in sample()],
        "truncated": [(v, truncate(e)) for v, e in sample()],
        "phrase loop": [(v, loop(e)) for v, e in sample()],
        "character loop": [(v, f"{e} {'ha' * rng.randint(2, 9)}{rng.choice(['', '!', ' ha'])}") for v, e in sample()],
        "shifted numbers": [(v, shift_numbers(e)) for v, e in sample()],
        "swapped": [(v, rng.choice(english)) for v, _ in sample()],
        "shuffled words": [(v, shuffled(e)) for v, e in sample()],
        "upper case": [(v.upper(), e.upper()) for v, e in sample()],
        "decomposed": [(unicodedata.normalize("NFD", v), unicodedata.normalize("NFD", e)) for v, e in sample()],
        "empty english": [(v, "") for v, _ in sample()],
        "english only": [("", e) for _, e in sample()],
    }


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_RANDOM_ALPHABET) for _ in range(rng.randint(0, 80)))


def reference_pairs() -> dict[str, list[tuple[str, str]]]:
    """The test pairs by group name, in a fixed order (same result on every run)."""
    groups = {name: read_pairs(stem) for name, stem in GOLD_FILES.items()}
    rng = random.Random(2024)
    groups.update(_perturbations(groups["flores"] + groups["tatoeba"], rng))
    groups["random text"] = [(_random_text(rng), _random_text(rng)) for _ in range(RANDOM_PAIRS)]
    return groups


def pairs_digest(pairs: list[tuple[str, str]]) -> str:
    """A short digest of ``pairs``, to tell a change of the inputs from a change of the signals."""
    digest = hashlib.sha256()
    for vi, en in pairs:
        digest.update(f"{vi}\x00{en}\x00".encode())
    return digest.hexdigest()[:16]


def format_value(value: float | bool) -> str:
    """``value`` as written in the reference file: ``repr`` of the float (exact), ``T``/``F`` for booleans."""
    if isinstance(value, bool):
        return "T" if value else "F"
    return repr(float(value))


def parse_value(text: str) -> float | bool:
    """The value ``format_value`` wrote."""
    return {"T": True, "F": False}[text] if text in ("T", "F") else float(text)


def read_reference(path: Path = REFERENCE_FILE) -> dict[str, tuple[str, list[tuple[float | bool, ...]]]]:
    """Group name → (digest of its pairs, one tuple of ``SIGNAL_NAMES`` values per pair)."""
    groups: dict[str, tuple[str, list[tuple[float | bool, ...]]]] = {}
    values: list[tuple[float | bool, ...]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# group "):
            name, digest = line.removeprefix("# group ").rsplit(" ", 1)
            values = []
            groups[name] = (digest, values)
        elif line and not line.startswith("#"):
            values.append(tuple(parse_value(field) for field in line.split("\t")))
    return groups


def reference_module() -> types.ModuleType:
    """``songngu/align/quality.py`` as it was at ``REFERENCE_COMMIT``, loaded from git."""
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{REFERENCE_COMMIT}:songngu/align/quality.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    module = types.ModuleType("reference_quality")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, "reference_quality.py", "exec"), module.__dict__)
    return module


def write_reference(path: Path = REFERENCE_FILE) -> None:
    """Compute every group's signals with the reference implementation and write them to ``path``."""
    signals = reference_module().pair_signals
    lines = [
        f"# Pair quality signals from songngu/align/quality.py at {REFERENCE_COMMIT}.",
        "# Written by `python -m tests.signals_reference`; one line per pair of tests.signals_reference.reference_pairs().",
        "# " + "\t".join(SIGNAL_NAMES),
    ]
    for name, pairs in reference_pairs().items():
        lines.append(f"# group {name} {pairs_digest(pairs)}")
        for vi, en in pairs:
            computed = signals(vi, en).as_dict()
            lines.append("\t".join(format_value(computed[signal]) for signal in SIGNAL_NAMES))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_reference()
    print(f"wrote {REFERENCE_FILE}")
