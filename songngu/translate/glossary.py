"""A glossary: Vietnamese terms that must come out as given English, read from a TSV or CSV file.

File format: one term a line, Vietnamese then English, separated by a tab (a comma in a ``.csv``
file, quoted as CSV quotes); lines starting with ``#`` and blank lines are skipped. A first line
naming the columns (``vi``/``en``, ``Vietnamese``/``English``, ``source``/``target``, ``Tiếng
Việt``/``Tiếng Anh``; any case, with or without diacritics, ``term`` after a name allowed) says where
each side is, in any order (``en<TAB>vi`` reads English first). Further columns are ignored (notes).
Both sides are NFC-normalised and stripped.

A first line that looks like a header but names no known columns is refused rather than read as a
required term: its Vietnamese side is a column name in English (``vi``, ``English``, ``term``…) or its
English side is ``Tiếng Việt``/``Tiếng Anh``, or its English side has letters only Vietnamese writes
(``ư``, ``ệ``, ``ĩ``…), no other line's English has any, and it differs from its Vietnamese beyond
diacritics and case. Such a term as the first line needs a header line above it. Any other first
line (``foo<TAB>bar``) is a term.

Matching: a term matches on whole words (no letter or digit right before or after it), case as
written, in the NFC text. Where terms overlap, the leftmost match wins, and of those starting at
the same place the longest (``Thành phố Hồ Chí Minh`` over ``Hồ Chí Minh``). The English is
required exactly as written (case-sensitive, whole words), once per occurrence: the measure of
the WMT 2023 terminology task.

Refused with one line (exit 2): a file that is not UTF-8, a line with one column, an empty term on
either side, the same Vietnamese term twice with different English, a file with no terms, a first
line that looks like a header but names no known columns.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from songngu.errors import UsageError
from songngu.paths import given_path

_VI_HEADERS = {"vi", "vie", "vietnamese", "source", "src", "term", "tieng viet"}
_EN_HEADERS = {"en", "eng", "english", "target", "tgt", "translation", "tieng anh"}
"""Column names, folded (``_fold``): no diacritics, ``đ`` as ``d``, case-folded, single spaces."""
_LANGUAGE_NAMES_IN_VIETNAMESE = {"tieng viet", "tieng anh"}
_NAME_SUFFIXES = (" terms", " term")
_VIETNAMESE_MARKS = {"\u0306", "\u031b", "\u0323", "\u0309"}
"""Breve, horn, dot below, hook above: marks only Vietnamese, of the languages a glossary meets, writes on Latin letters."""


@dataclass(frozen=True)
class Term:
    """One occurrence of a glossary term in a sentence: its Vietnamese, where it is, its required English."""

    vi: str
    en: str
    start: int
    end: int


def _pattern(phrases: list[str]) -> re.Pattern | None:
    """A pattern matching any of ``phrases`` as whole words, longest first."""
    if not phrases:
        return None
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def count_exact(english: str, term: str) -> int:
    """How often ``term`` occurs in ``english`` exactly as written, as whole words (NFC)."""
    english = unicodedata.normalize("NFC", english)
    return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", english))


@dataclass(frozen=True)
class Glossary:
    """Vietnamese → English terms (NFC), in file order; ``name`` is where they came from."""

    entries: tuple[tuple[str, str], ...]
    name: str = "glossary"

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def english_of(self) -> dict[str, str]:
        """Each Vietnamese term's English."""
        return dict(self.entries)

    @cached_property
    def _matcher(self) -> re.Pattern | None:
        return _pattern([vi for vi, _ in self.entries])

    @cached_property
    def digest(self) -> str:
        """A sha256 of the terms (sorted, tab-separated, one a line): which glossary, without its content."""
        canonical = "".join(f"{vi}\t{en}\n" for vi, en in sorted(self.entries))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def occurrences(self, sentence: str) -> list[Term]:
        """Every occurrence of a term in ``sentence`` (NFC), leftmost then longest first."""
        if self._matcher is None:
            return []
        text = unicodedata.normalize("NFC", sentence)
        return [Term(match.group(), self.english_of[match.group()], match.start(), match.end()) for match in self._matcher.finditer(text)]

    def missing(self, sentence: str, english: str, terms: list[Term] | None = None) -> list[Term]:
        """The occurrences in ``sentence`` whose English ``english`` lacks (a term needed twice needs two copies).

        When a term's English is short of copies, its last occurrences are the ones reported.
        """
        terms = self.occurrences(sentence) if terms is None else terms
        return missing_terms(terms, english)

    def terms_kept(self, sentence: str, english: str) -> tuple[int, int]:
        """(required term occurrences ``english`` has, occurrences required) for ``sentence``."""
        terms = self.occurrences(sentence)
        return len(terms) - len(missing_terms(terms, english)), len(terms)

    def card(self) -> dict:
        """What a dataset card says of this glossary: size and hash, not content."""
        return {"terms": len(self), "sha256": self.digest}


def missing_terms(terms: list[Term], english: str) -> list[Term]:
    """The ``terms`` whose required English ``english`` holds too few copies of, in source order.

    A term needed ``n`` times and present ``p < n`` times reports its last ``n - p`` occurrences (the
    copies present are taken to be the earlier ones, so forcing in source order fills the rest).
    """
    needed = Counter(term.en for term in terms)
    short = {en: count - count_exact(english, en) for en, count in needed.items()}
    missing = []
    for term in reversed(terms):
        if short[term.en] > 0:
            missing.append(term)
            short[term.en] -= 1
    return missing[::-1]


def parse_glossary(text: str, name: str, csv_format: bool = False) -> Glossary:
    """The glossary in ``text`` (see the module doc); ``name`` names it in error messages."""
    if csv_format:
        rows = list(csv.reader(io.StringIO(text)))
    else:
        rows = [line.split("\t") for line in text.splitlines()]
    entries: dict[str, tuple[str, int]] = {}
    separator = "a comma" if csv_format else "a tab"
    tab = "," if csv_format else "<TAB>"
    first = True
    first_line: tuple[int, str, str] | None = None  # the first line, when it is read as a term
    columns = (0, 1)  # Vietnamese, English; a first line naming the columns may say otherwise
    for number, row in enumerate(rows, start=1):
        fields = [unicodedata.normalize("NFC", field).strip() for field in row]
        if not any(fields) or fields[0].startswith("#"):
            continue
        if len(fields) < 2:
            raise UsageError(f"glossary {name} line {number}: one column ({fields[0]!r}); write the Vietnamese term, {separator}, then its English")
        if first:
            first = False
            named = _named_columns(fields)
            if named is not None:
                columns = named
                continue
            first_line = (number, fields[0], fields[1])
        if max(columns) >= len(fields):
            raise UsageError(f"glossary {name} line {number}: {len(fields)} columns, but its first line names column "
                             f"{max(columns) + 1}; give every line the columns its first line names")
        vi, en = fields[columns[0]], fields[columns[1]]
        if not vi or not en:
            side = "Vietnamese" if not vi else "English"
            raise UsageError(f"glossary {name} line {number}: empty {side} term; give both sides or delete the line")
        if vi in entries and entries[vi][0] != en:
            earlier_en, earlier_line = entries[vi]
            raise UsageError(
                f"glossary {name} lines {earlier_line} and {number}: {vi!r} has two English terms "
                f"({earlier_en!r}, {en!r}); keep one"
            )
        entries.setdefault(vi, (en, number))
    if not entries:
        raise UsageError(f"glossary {name}: no terms; write one Vietnamese term, {separator}, then its English per line")
    if first_line is not None:
        number, vi, en = first_line
        likeness = _header_likeness(vi, en, [other for other, line in entries.values() if line != number])
        if likeness is not None:
            raise UsageError(
                f"glossary {name} line {number}: {vi!r}, {en!r} looks like a header row ({likeness}) but names no columns "
                f"songngu knows; name them vi{tab}en (or Tiếng Việt{tab}Tiếng Anh) there, or, if it is a term, put a vi{tab}en line above it"
            )
    return Glossary(tuple((vi, en) for vi, (en, _) in entries.items()), name)


def _fold(text: str) -> str:
    """``text`` without diacritics (``đ`` as ``d``), case-folded, its spaces single: how column names compare."""
    bare = "".join(character for character in unicodedata.normalize("NFD", text) if not unicodedata.combining(character))
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").casefold().split())


def _column_name(field: str) -> str:
    """``field`` folded, ``term`` after a name dropped (``Vietnamese term`` names the column ``vietnamese``)."""
    folded = _fold(field)
    for suffix in _NAME_SUFFIXES:
        if folded.endswith(suffix) and folded.removesuffix(suffix) in _VI_HEADERS | _EN_HEADERS:
            return folded.removesuffix(suffix)
    return folded


def _has_vietnamese_letters(text: str) -> bool:
    """Whether ``text`` has a letter only Vietnamese writes: ``đ``, a breve, horn, dot below or hook above, two marks, a tilde on i, u, y or e."""
    decomposed = unicodedata.normalize("NFD", text)
    for index, character in enumerate(decomposed):
        if unicodedata.combining(character):
            continue
        marks = set()
        for mark in decomposed[index + 1 :]:
            if not unicodedata.combining(mark):
                break
            marks.add(mark)
        if character in "đĐ" or marks & _VIETNAMESE_MARKS or len(marks) > 1 or ("\u0303" in marks and character in "iuyeIUYE"):
            return True
    return False


def _header_likeness(vi: str, en: str, other_english: list[str]) -> str | None:
    """Why a first line ``vi``, ``en`` read as a term looks like a header row; None when it looks like a term.

    ``other_english``: the English of the other terms; a first line whose English has Vietnamese letters
    looks like a header only when none of theirs has (a glossary of dishes may keep ``phở`` throughout).
    """
    if _column_name(vi) in (_VI_HEADERS | _EN_HEADERS) - _LANGUAGE_NAMES_IN_VIETNAMESE or _column_name(en) in _LANGUAGE_NAMES_IN_VIETNAMESE:
        return "it names a column"
    if (_has_vietnamese_letters(en) and _fold(en) != _fold(vi) and other_english
            and not any(_has_vietnamese_letters(other) for other in other_english)):
        return "its English has Vietnamese letters, no other line's English has"
    return None


def _named_columns(fields: list[str]) -> tuple[int, int] | None:
    """Where the Vietnamese and the English are, when ``fields`` (a first line) names both columns (``vi``, ``en``…), in any order."""
    names = [_column_name(field) for field in fields]
    vi = next((index for index, field in enumerate(names) if field in _VI_HEADERS), None)
    en = next((index for index, field in enumerate(names) if field in _EN_HEADERS), None)
    return (vi, en) if vi is not None and en is not None else None


def load_glossary(path: str | Path) -> Glossary:
    """Read the glossary file ``path`` (``.csv``: CSV, otherwise tab-separated); a bad file is one line, exit 2."""
    path = given_path(path, "glossary")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"glossary {path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"glossary {path}: is a folder; give a TSV or CSV file") from None
    except OSError as error:
        raise UsageError(f"glossary {path}: cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"glossary {path}: not UTF-8 (byte {error.start}); save it as UTF-8") from None
    return parse_glossary(text, str(path), csv_format=path.suffix.lower() == ".csv")
