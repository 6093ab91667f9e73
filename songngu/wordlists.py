"""The one loader of the word lists songngu ships as data files (``songngu/data/*.tsv``).

A word list is a UTF-8 file of tab-separated rows, one entry a line; ``#`` starts a comment
line and blank lines are skipped. Users extend a list without touching the package: a file of
the same name in ``$SONGNGU_WORDLISTS`` (a folder), else in ``$XDG_CONFIG_HOME/songngu`` or
``~/.config/songngu``, adds its rows after the shipped ones (a later row for the same key
overrides an earlier one where the caller keys the rows).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from songngu.errors import SetupError

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
USER_ENV = "SONGNGU_WORDLISTS"


def user_wordlist_dir() -> Path:
    """Where user additions to the word lists live: ``$SONGNGU_WORDLISTS``, else the user config folder."""
    if os.environ.get(USER_ENV):
        return Path(os.environ[USER_ENV])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "songngu"


def parse_rows(text: str) -> list[tuple[str, ...]]:
    """The rows of a word-list text: tab-separated fields, stripped; comment and blank lines skipped."""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(field.strip() for field in line.split("\t")))
    return rows


def _read(path: Path) -> list[tuple[str, ...]]:
    try:
        return parse_rows(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SetupError(f"{path}: word list is not UTF-8 (byte {error.start}); save it as UTF-8") from None
    except OSError as error:
        raise SetupError(f"{path}: word list cannot be read ({error.strerror or error})") from None


def environment() -> tuple[str | None, ...]:
    """The variables that decide the user folder: a change of any of them reloads the lists."""
    return os.environ.get(USER_ENV), os.environ.get("XDG_CONFIG_HOME"), os.environ.get("HOME")


@lru_cache(maxsize=None)
def _load(name: str, environment: tuple[str | None, ...]) -> tuple[tuple[str, ...], ...]:
    rows = _read(PACKAGE_DATA / name)
    if environment[0] and not user_wordlist_dir().is_dir():
        raise SetupError(f"{USER_ENV}={environment[0]}: no such folder; point it at the folder that holds your word lists, or unset it")
    user_file = user_wordlist_dir() / name
    if user_file.is_file():
        rows += _read(user_file)
    return tuple(rows)


@lru_cache(maxsize=None)
def _words(name: str, environment: tuple[str | None, ...]) -> frozenset[str]:
    return frozenset(row[0] for row in _load(name, environment) if row and row[0])


def load_wordlist(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of word list ``name`` (``names.tsv``…): the shipped file's, then the user's additions (read once)."""
    return _load(name, environment())


def load_words(name: str) -> frozenset[str]:
    """The first field of every row of word list ``name``, as a set (built once)."""
    return _words(name, environment())
