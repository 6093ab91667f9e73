"""Keep evaluation test sets (e.g. FLORES) out of published data.

songngu publishes sentences, and pairs of up to three sentences a side, while a test-set line
often holds several sentences. So a row is dropped when its Vietnamese or its English side

* equals a whole line of a test-set file, whatever its length; or
* contains, as whole words, a sentence of a test-set line that has at least
  :data:`MIN_SENTENCE_WORDS` words. The lines are read as songngu reads an article
  (:func:`~songngu.text.normalize_text`) and split with its own sentence splitter
  (:func:`~songngu.text.split_sentences`, used for both languages), so a row that is one sentence
  of a test line, or a ``2-1`` row joining one with another sentence or an unpunctuated heading,
  is caught.

Shorter sentences of a longer line (``Có.``, ``Yes.``, ``Strong woman."``) are everyday phrases
that would drop ordinary rows everywhere while leaking nothing of the test line; they count only
as a whole line. Texts are compared after normalisation: Unicode NFC, case folding and
whitespace collapsed to single spaces; a word is a run of non-space characters holding a letter
or digit, and its punctuation counts (a sentence ending ``hạ.`` is not found in ``hạ,``).

Matching is a few hash-set lookups per row (sentences are indexed by their last two words), so
the rows are streamed and the test sets alone are held in memory.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from songngu.errors import InputError
from songngu.text import normalize_text, split_sentences
from songngu.textfiles import read_text_file

MIN_SENTENCE_WORDS = 4
"""Words a sentence of a test-set line needs to be matched inside rows; shorter ones match only as a whole line."""


def normalise_segment(text: str) -> str:
    """NFC, casefold and collapse whitespace, so trivial differences do not hide an overlap."""
    return " ".join(_normalised_tokens(text))


def _normalised_tokens(text: str) -> list[str]:
    """The whitespace-separated tokens of ``text`` in NFC, casefolded."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold()).split()


class HeldOutText:
    """The normalised lines of the test sets, and their sentences long enough to be looked for inside rows."""

    def __init__(self) -> None:
        self.lines: set[str] = set()
        self.sentences: set[str] = set()
        self._last_words: set[str] = set()
        self._lengths_by_ending: dict[str, set[int]] = {}
        """Token counts of the sentences, by their last two tokens."""

    def add_line(self, line: str) -> bool:
        """Add one test-set line (as written, and as songngu reads it) and its sentences; False when it holds no text."""
        text = normalize_text(line)
        keys = {normalise_segment(line), normalise_segment(text)} - {""}
        if not keys:
            return False
        self.lines |= keys
        for sentence in split_sentences(text):
            self._add_sentence(normalise_segment(sentence))
        return True

    def _add_sentence(self, sentence: str) -> None:
        tokens = sentence.split(" ")
        if sum(1 for token in tokens if _is_word(token)) < MIN_SENTENCE_WORDS or sentence in self.sentences:
            return
        self.sentences.add(sentence)
        self._last_words.add(tokens[-1])
        self._lengths_by_ending.setdefault(f"{tokens[-2]} {tokens[-1]}", set()).add(len(tokens))

    def __bool__(self) -> bool:
        return bool(self.lines)

    def overlaps(self, text: str) -> bool:
        """Whether ``text`` equals a test-set line or holds one of its sentences (see the module docstring)."""
        tokens = _normalised_tokens(text)
        if not tokens:
            return False
        if " ".join(tokens) in self.lines:
            return True
        for last_word in self._last_words.intersection(tokens):  # usually few: set operations run at C speed
            end = -1
            for _ in range(tokens.count(last_word)):
                end = tokens.index(last_word, end + 1)
                for length in self._lengths_by_ending.get(f"{tokens[end - 1]} {last_word}", ()):
                    if length <= end + 1 and " ".join(tokens[end + 1 - length:end + 1]) in self.sentences:
                        return True
        return False


def _is_word(token: str) -> bool:
    return any(character.isalnum() for character in token)


def load_test_sets(paths: Iterable[str | Path]) -> HeldOutText:
    """Read line-parallel test-set files (one segment per line, UTF-8) into :class:`HeldOutText`."""
    held_out = HeldOutText()
    for raw_path in paths:
        path = Path(raw_path)
        text = read_text_file(path, "a test set file with one segment per line")
        found = sum(held_out.add_line(line) for line in text.splitlines())
        if not found:
            raise InputError(path, "test set has no segments")
    return held_out


def overlap_reason(vi: str, en: str, held_out: HeldOutText) -> str | None:
    """Why a vi/en pair overlaps the test sets (``"vi"``, ``"en"`` or ``"vi+en"``), or None."""
    sides = [name for name, text in (("vi", vi), ("en", en)) if text and held_out.overlaps(text)]
    return "+".join(sides) or None
