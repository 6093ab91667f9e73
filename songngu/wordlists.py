"""The one loader of the word lists songngu ships as data files (``songngu/data/*.tsv``).

A word list is a UTF-8 file of tab-separated rows, one entry a line; ``#`` starts a comment
line and blank lines are skipped. Users extend a list without touching the package: a file of
the same name in ``$SONGNGU_WORDLISTS`` (a folder), else in ``$XDG_CONFIG_HOME/songngu`` or
``~/.config/songngu``, adds its rows after the shipped ones (a later row for the same key
overrides an earlier one where the caller keys the rows).

Every list has a format (:data:`FORMATS`): how many columns a row has, whether its entries are
single words, whether its first column is a kind the shipped file uses (``text_cues.tsv``). The
first load of any list reads and checks all of them, shipped and user files alike, so a bad line
is one :class:`SetupError` (exit 2) naming the file and line before any work starts: a wrong
column count, an empty column, an unknown kind, a control character, a file that is not UTF-8,
a file in the user folder named nearly but not quite as a list (``name.tsv``).
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from songngu.errors import SetupError

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
USER_ENV = "SONGNGU_WORDLISTS"


@dataclass(frozen=True)
class ListFormat:
    """What a row of one word list holds: ``least`` to ``most`` columns, each of the first ``least`` non-empty."""

    least: int
    most: int
    row: str
    """The row as a fix names it (``Vietnamese<TAB>English``)."""
    single_words: bool = False
    """Entries are compared word by word: one of two words would never match."""
    lower_case: bool = False
    """Entries are compared with lower-cased words: one with a capital would never match."""
    kinds_from_package: bool = False
    """The first column is a kind, one of those the shipped file uses."""


FORMATS = {
    "names.tsv": ListFormat(2, 3, "Vietnamese<TAB>English, then optionally <TAB>other English forms (| between)"),
    "name_heads.tsv": ListFormat(1, 1, "one word", single_words=True),
    "name_surnames.tsv": ListFormat(1, 1, "one word", single_words=True),
    "name_titles.tsv": ListFormat(1, 1, "one word or phrase"),
    "institution_words.tsv": ListFormat(1, 1, "one lower-case word", single_words=True, lower_case=True),
    "english_stopwords.tsv": ListFormat(1, 1, "one lower-case word", single_words=True, lower_case=True),
    "common_vietnamese_words.tsv": ListFormat(1, 1, "one lower-case word with diacritics", single_words=True, lower_case=True),
    "lexicon.tsv": ListFormat(3, 3, "concept<TAB>Vietnamese phrases<TAB>English forms"),
    "text_cues.tsv": ListFormat(2, 2, "kind<TAB>entry", kinds_from_package=True),
}
"""Every word list the loader reads, by file name, with the format of its rows."""

_LIST_SUFFIXES = (".tsv", ".txt", ".csv")
"""File name endings under which a user's misnamed word list is looked for."""
_LINE_SEPARATORS = "\u2028\u2029"
_NOT_TEXT = re.compile(f"[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f{_LINE_SEPARATORS}\\ufffd]")
"""Characters that are no text in a word list: control characters but the tab (Unicode's Cc), line and paragraph separators, U+FFFD."""


def user_wordlist_dir() -> Path:
    """Where user additions to the word lists live: ``$SONGNGU_WORDLISTS``, else the user config folder."""
    if os.environ.get(USER_ENV):
        return Path(os.environ[USER_ENV])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "songngu"


def numbered_rows(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """The rows of a word-list text with their line numbers: tab-separated fields, stripped; comment and blank lines skipped.

    Lines end at ``\\n`` only (a ``\\r`` before it is dropped), as editors and ``grep -n`` count them.
    """
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((number, tuple(field.strip() for field in line.split("\t"))))
    return rows


def _not_text(row: tuple[str, ...]) -> str | None:
    """What the first character of ``row`` that is no text is (a control character, a line break other than ``\\n``, U+FFFD); None when none."""
    match = _NOT_TEXT.search("\t".join(row))
    if match is None:
        return None
    character = match.group()
    code = f"U+{ord(character):04X}"
    if character in _LINE_SEPARATORS:
        return f"a line break inside the line ({code})"
    if character == "\ufffd":
        return f"a replacement character ({code}: the file lost characters when it was converted)"
    return f"a control character ({code})"


def _problem(row: tuple[str, ...], form: ListFormat, kinds: frozenset[str] | None) -> str | None:
    """What is wrong with ``row`` of a list of format ``form``, with the fix; None when nothing.

    ``kinds``: those the shipped file uses (None while reading the shipped file itself).
    """
    not_text = _not_text(row)
    if not_text is not None:
        return f"{not_text}; delete it and save the file as plain UTF-8 text"
    if not form.least <= len(row) <= form.most:
        count = f"{len(row)} column" + ("s" if len(row) != 1 else "")
        return f"{count}; write {form.row}, one entry a line"
    empty = next((index for index in range(form.least) if not row[index]), None)
    if empty is not None:
        return f"column {empty + 1} is empty; write {form.row}"
    if form.single_words and len(row[0].split()) > 1:
        return f"{row[0]!r} is more than one word, which never matches; write one word a line"
    if form.lower_case and row[0] != row[0].lower():
        return f"{row[0]!r} has a capital, which never matches; write it in lower case"
    if form.kinds_from_package and kinds is not None and row[0] not in kinds:
        return f"unknown kind {row[0]!r}; use one of {', '.join(sorted(kinds))}"
    return None


def _read(path: Path, form: ListFormat, kinds: frozenset[str] | None = None) -> list[tuple[str, ...]]:
    """The checked rows of the word list at ``path``; a bad file or line is one :class:`SetupError` naming it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SetupError(f"word list {path}: cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SetupError(f"word list {path} line {line}: not UTF-8 (byte {error.start}); save it as UTF-8") from None
    rows = []
    for number, row in numbered_rows(text):
        problem = _problem(row, form, kinds)
        if problem is not None:
            raise SetupError(f"word list {path} line {number}: {problem}")
        rows.append(row)
    return rows


def environment() -> tuple[str | None, ...]:
    """The variables that decide the user folder: a change of any of them reloads the lists."""
    return os.environ.get(USER_ENV), os.environ.get("XDG_CONFIG_HOME"), os.environ.get("HOME")


def _user_folder(environment: tuple[str | None, ...]) -> Path:
    """The user folder; ``$SONGNGU_WORDLISTS`` naming anything but a folder is a :class:`SetupError`."""
    folder = user_wordlist_dir()
    if environment[0] and not folder.is_dir():
        found = "a file, not a folder" if folder.exists() else "no such folder"
        raise SetupError(f"{USER_ENV}={environment[0]}: {found}; point it at the folder that holds your word lists, or unset it")
    return folder


def _check_names(folder: Path) -> None:
    """A file in the user folder named like a word list but not as one (``name.tsv``, ``Names.tsv``) is a :class:`SetupError`.

    Its rows would be left out without a word. Only ``.tsv``, ``.txt`` and ``.csv`` files are looked at (an editor's
    ``names.tsv~`` or ``names.tsv.bak`` is not a list); those named unlike any list (a glossary kept there) are left alone.
    """
    if not folder.is_dir():
        return
    stems = {Path(name).stem: name for name in FORMATS}
    try:
        paths = sorted(folder.iterdir())
    except OSError:  # a folder that cannot be listed: the lists in it are still read by name
        return
    for path in paths:
        if path.name in FORMATS or path.suffix.lower() not in _LIST_SUFFIXES or not path.is_file():
            continue
        near = difflib.get_close_matches(path.stem.lower(), stems, n=1, cutoff=0.8)
        meant = folder / stems[near[0]] if near else None
        if meant is not None and not (meant.is_file() and meant.samefile(path)):  # a case-blind file system reads Names.tsv
            raise SetupError(f"word list {path}: songngu reads no list of this name, so its rows would be left out; "
                             f"rename it {meant.name} (the lists: {', '.join(FORMATS)})")


@lru_cache(maxsize=None)
def _load_all(environment: tuple[str | None, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Every list of :data:`FORMATS`, shipped rows then the user's, all checked: one bad line anywhere stops the first load."""
    folder = _user_folder(environment)
    _check_names(folder)
    lists = {}
    for name, form in FORMATS.items():
        rows = _read(PACKAGE_DATA / name, form)
        user_file = folder / name
        if user_file.is_file():
            rows += _read(user_file, form, frozenset(row[0] for row in rows))
        lists[name] = tuple(rows)
    return lists


@lru_cache(maxsize=None)
def _words(name: str, environment: tuple[str | None, ...]) -> frozenset[str]:
    return frozenset(row[0] for row in _load_all(environment)[name])


def load_wordlist(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of word list ``name`` (``names.tsv``…, one of :data:`FORMATS`): the shipped file's, then the user's (read once)."""
    return _load_all(environment())[name]


def load_words(name: str) -> frozenset[str]:
    """The first field of every row of word list ``name``, as a set (built once)."""
    return _words(name, environment())
