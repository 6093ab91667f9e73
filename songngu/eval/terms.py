"""Term accuracy (the WMT 2023 terminology measure) and name retention of translations against their sources.

Term accuracy is exact match: a required term counts as translated when its English occurs in
the hypothesis exactly as the glossary writes it, as whole words, once per occurrence of the
Vietnamese term (``songngu.translate.glossary``). It is reported per occurrence and per
sentence (a sentence counts when all its terms are there). Name retention is the share of the
names of the Vietnamese (``songngu.align.names``) the hypothesis keeps; with a glossary, a name
one of its terms covers is kept by the term's English too.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from songngu.align.names import names_kept
from songngu.errors import InputError, UsageError
from songngu.translate.glossary import Glossary


@dataclass(frozen=True)
class TermAccuracyResult:
    """Required term occurrences and sentences with terms, and how many of each the hypotheses got right."""

    occurrences_kept: int
    occurrences: int
    sentences_kept: int
    sentences: int

    def line(self) -> str:
        """``terms  0.950 per occurrence (38/40), 0.933 per sentence (28/30)``."""
        if not self.occurrences:
            return "terms  no glossary term occurs in the source"
        return (
            f"terms  {self.occurrences_kept / self.occurrences:.3f} per occurrence ({self.occurrences_kept:,}/{self.occurrences:,}), "
            f"{self.sentences_kept / self.sentences:.3f} per sentence ({self.sentences_kept:,}/{self.sentences:,})  "
            "[exact match, WMT 2023 terminology]"
        )


@dataclass(frozen=True)
class NameRetentionResult:
    """Names expected in the hypotheses (distinct per sentence), how many were kept, in how many sentences."""

    kept: int
    expected: int
    sentences: int

    def line(self) -> str:
        """``names  0.812 kept (812/1,000 names in 700 sentences)``."""
        if not self.expected:
            return "names  no name found in the source"
        return (
            f"names  {self.kept / self.expected:.3f} kept ({self.kept:,}/{self.expected:,} names in "
            f"{self.sentences:,} sentences)  [without diacritics and case; established English forms]"
        )


def term_accuracy(sources: Sequence[str], hypotheses: Sequence[str], glossary: Glossary) -> TermAccuracyResult:
    """Term accuracy of ``hypotheses`` translating line-aligned ``sources`` under ``glossary``."""
    occurrences_kept = occurrences = sentences_kept = sentences = 0
    for source, hypothesis in zip(sources, hypotheses, strict=True):
        kept, required = glossary.terms_kept(source, hypothesis)
        if not required:
            continue
        occurrences_kept += kept
        occurrences += required
        sentences += 1
        sentences_kept += kept == required
    return TermAccuracyResult(occurrences_kept, occurrences, sentences_kept, sentences)


def name_retention(sources: Sequence[str], hypotheses: Sequence[str], glossary: Glossary | None = None) -> NameRetentionResult:
    """How many of the names of ``sources`` the line-aligned ``hypotheses`` keep; a name a ``glossary``
    term covers is also kept by the term's English (``songngu.align.names.names_kept``)."""
    kept_total = expected_total = sentences = 0
    for source, hypothesis in zip(sources, hypotheses, strict=True):
        kept, expected = names_kept(source, hypothesis, glossary)
        kept_total += kept
        expected_total += expected
        sentences += expected > 0
    return NameRetentionResult(kept_total, expected_total, sentences)


def run_pairs(folder: str | Path) -> tuple[list[str], list[str]]:
    """The Vietnamese and English of every translated pair of an output folder (repeats left out): the
    published ones in order, then those a ``--filter`` run dropped, as BLEU on the folder counts them too."""
    from itertools import chain

    from songngu.eval import dropped_rows
    from songngu.export.manifest import iter_rows, read_manifest

    manifest = read_manifest(folder)
    columns = ["translation", "translated", "repeat_of"]
    rows = iter_rows(manifest, columns=columns)
    if manifest.dropped is not None:
        rows = chain(rows, dropped_rows(manifest.folder / manifest.dropped.path, columns))
    sources: list[str] = []
    english: list[str] = []
    for row in rows:
        if row["translated"] and row["repeat_of"] == -1:
            sources.append(row["translation"]["vi"])
            english.append(row["translation"]["en"])
    return sources, english


def glossary_note(hypothesis_file: str | Path, glossary: Glossary | None) -> str | None:
    """A note when ``hypothesis_file`` is a run folder translated with a glossary that ``glossary`` is not
    (none given, or another): its names that glossary renders (``Bộ Y tế`` → ``MOH``) then count as lost."""
    from songngu.export.manifest import RUN_FILE

    folder = Path(hypothesis_file)
    if not folder.is_dir():
        return None
    used = (json.loads((folder / RUN_FILE).read_text(encoding="utf-8")).get("settings") or {}).get("glossary")
    if not isinstance(used, dict):
        return None
    if glossary is None:
        terms = used.get("terms")
        return (f"{folder} was translated with a glossary ({terms} term{'' if terms == 1 else 's'}): give it with --glossary, or the "
                "names its terms render count as lost")
    if used.get("sha256") != glossary.digest:
        return f"--glossary {glossary.name} is not the glossary {folder} was translated with (another sha256): scored against yours"
    return None


def sources_and_hypotheses(hypothesis_file: str | Path, source_file: str | Path | None) -> tuple[list[str], list[str]]:
    """Line-aligned sources and hypotheses: a run folder's pairs, or a hypothesis file with its ``--src`` file."""
    from songngu.eval import read_lines

    hypothesis_path = Path(hypothesis_file)
    if hypothesis_path.is_dir():
        return run_pairs(hypothesis_path)
    if source_file is None:
        raise UsageError(f"--hyp {hypothesis_file} is a file: give its Vietnamese with --src (one line per line of --hyp)")
    hypotheses = read_lines(hypothesis_path)
    sources = read_lines(source_file)
    if len(hypotheses) != len(sources):
        raise InputError(hypothesis_file, f"has {len(hypotheses)} lines but {source_file} has {len(sources)}")
    return sources, hypotheses
