"""Names a Vietnamese sentence holds that its English translation should carry.

Three kinds, found in this order (a later kind never overlaps an earlier one):

1. **Established forms** (``songngu/data/names.tsv``, user-extendable): ``Hà Nội`` → ``Hanoi``,
   ``Thành phố Hồ Chí Minh`` → ``Ho Chi Minh City``, ``Mỹ`` → ``US``, ``Bộ Y tế`` → ``Ministry of
   Health``; matched on whole words, case as written, longest first. A one-word form inside a
   longer run of capitalised words (``Đức`` in ``Nguyễn Minh Đức``) is part of that name instead.
2. **Runs of capitalised words**: Vietnamese personal and place names and Latin-script foreign
   names (``Nguyễn Phú Trọng``, ``Quảng Ninh``, ``Donald Trump``, ``Covid``), expected in the
   English without diacritics (``Đ`` → ``D``). Title, organisation and sentence-opening words
   (``songngu/data/name_heads.tsv``: ``Thủ tướng``, ``Theo``…) are taken off the front of a run; at
   the start of a sentence the first word counts only when it is a surname
   (``songngu/data/name_surnames.tsv``) or cannot be a Vietnamese syllable. Acronyms
   (``NATO``, ``UBND``) are left to ``q_entity_overlap``.
3. In an **all-capitals line** (a heading), only established forms (any case) and words that
   cannot be Vietnamese syllables count.

A name is *kept* by an English text that contains its English form or one of the accepted
alternatives (for a run: the Vietnamese without diacritics) as whole words, ignoring case and
diacritics. With a glossary, a name a glossary term covers is also kept by that term's English
(``Bộ Y tế`` → ``MOH``): the glossary is the user's chosen rendering.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from songngu.align.quality.text import VIETNAMESE_LETTERS, looks_foreign, strip_diacritics
from songngu.translate.glossary import Glossary, Term
from songngu.wordlists import environment, load_wordlist, load_words

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_OPENERS = set(".!?:;\"“”‘'«»([–—-…")


@dataclass(frozen=True)
class Name:
    """One name of a Vietnamese sentence: where it is, and the English forms that keep it.

    ``english`` is the form ``--keep-names`` writes; ``accepted`` every form that counts as kept
    (``english`` first).
    """

    vi: str
    start: int
    end: int
    english: str
    accepted: tuple[str, ...]
    established: bool = True

    def kept_in(self, english_text: str, folded: str | None = None, glossary_terms: Sequence[Term] = ()) -> bool:
        """Whether ``english_text`` carries this name (whole words, case and diacritics ignored).

        An established name needs one of its forms as written; a run needs each of its words, in
        any order (``Singapore Wong Kan Seng`` is kept by ``Singapore's minister Wong Kan Seng``),
        a word of five letters or more by its stem, as ``q_entity_overlap`` compares
        (``Canada`` ~ ``Canadian``, ``Afghanistan`` ~ ``Afghan``). ``folded`` is ``fold(english_text)``
        when the caller has it already. ``glossary_terms`` are the glossary's occurrences in the
        Vietnamese: when some cover this name and the English has the English of each, the name
        is kept in the user's rendering.
        """
        folded = fold(english_text) if folded is None else folded
        covering = [term for term in glossary_terms if term.start < self.end and self.start < term.end]
        if covering and all(_occurs(folded, fold(term.en)) for term in covering):
            return True
        if self.established:
            return any(_occurs(folded, fold(form)) for form in self.accepted)
        return all(_occurs(folded, word) or _stem_occurs(folded, word) for word in fold(self.english).split())


def fold(text: str) -> str:
    """``text`` compared the way names are: NFC, no diacritics (``Đ`` → ``D``), case-folded."""
    return strip_diacritics(unicodedata.normalize("NFC", text)).casefold()


def _is_word_character(char: str) -> bool:
    return char.isalnum() or char == "_"


def _occurs(folded_text: str, folded_form: str, whole: bool = True) -> bool:
    """Whether ``folded_form`` occurs in ``folded_text`` with no letter or digit right before it (and after it, when ``whole``)."""
    if not folded_form:
        return False
    start = folded_text.find(folded_form)
    while start != -1:
        end = start + len(folded_form)
        if (start == 0 or not _is_word_character(folded_text[start - 1])) and (
            not whole or end == len(folded_text) or not _is_word_character(folded_text[end])
        ):
            return True
        start = folded_text.find(folded_form, start + 1)
    return False


def _stem_occurs(folded_text: str, folded_word: str) -> bool:
    """Whether a word of ``folded_text`` starts with the stem of ``folded_word`` (five letters or more)."""
    if len(folded_word) < 5:
        return False
    return _occurs(folded_text, folded_word[: max(4, (len(folded_word) + 1) // 2)], whole=False)


@dataclass(frozen=True)
class _Forms:
    """The established forms: Vietnamese → (English, accepted forms), and patterns finding them as written and in capitals."""

    forms: dict[str, tuple[str, tuple[str, ...]]]
    pattern: re.Pattern | None
    upper_pattern: re.Pattern | None


@lru_cache(maxsize=4)
def _forms(rows: tuple[tuple[str, ...], ...]) -> _Forms:
    forms: dict[str, tuple[str, tuple[str, ...]]] = {}
    for row in rows:
        if len(row) < 2 or not row[0] or not row[1]:
            continue
        vi = unicodedata.normalize("NFC", row[0])
        english = unicodedata.normalize("NFC", row[1])
        alternatives = tuple(form.strip() for form in (row[2] if len(row) > 2 else "").split("|") if form.strip())
        forms[vi] = (english, (english, *alternatives))
    if not forms:
        return _Forms(forms, None, None)
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)")
    upper = re.compile(r"(?<!\w)(" + "|".join(re.escape(vi.upper()) for vi in ordered) + r")(?!\w)")
    return _Forms(forms, pattern, upper)


@dataclass(frozen=True)
class _Lists:
    """The word lists a sentence is read with, loaded once per call (``songngu.wordlists``)."""

    forms: _Forms
    heads: frozenset[str]
    surnames: frozenset[str]
    titles: frozenset[str]


def _lists() -> _Lists:
    return _lists_for(environment())


@lru_cache(maxsize=4)
def _lists_for(key: tuple[str | None, ...]) -> _Lists:
    """The lists as the user folder of the environment ``key`` names extends them (read once per environment)."""
    return _Lists(
        _forms(load_wordlist("names.tsv")), load_words("name_heads.tsv"), load_words("name_surnames.tsv"),
        load_words("name_titles.tsv"),
    )


def _is_all_caps(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (only punctuation or nothing since a sentence end)."""
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_OPENERS


def _is_heading(words: list[re.Match]) -> bool:
    lettered = [match.group() for match in words]
    return len(lettered) >= 2 and all(word.isupper() for word in lettered)


def _runs(text: str, words: list[re.Match]) -> list[list[re.Match]]:
    """Maximal runs of capitalised words separated by spaces only."""
    runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    for match in words:
        word = match.group()
        if word[0].isupper():
            if current and text[current[-1].end() : match.start()].strip(" ") == "":
                current.append(match)
            else:
                if current:
                    runs.append(current)
                current = [match]
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _trim(text: str, run: list[re.Match], lists: _Lists) -> list[re.Match]:
    """``run`` without its leading title/organisation words and a sentence-opening common word."""
    heads, surnames = lists.heads, lists.surnames
    run = list(run)
    if run and _opens_sentence(text, run[0].start()):
        first = run[0].group()
        if first not in surnames and not _foreign(first):
            run = run[1:]
    while run and run[0].group() in heads and run[0].group() not in surnames:
        run = run[1:]
    return run


def _foreign(word: str) -> bool:
    """A word that cannot be one Vietnamese syllable (``Trump``, ``Baghdad``), by its letters."""
    return not set(word) & VIETNAMESE_LETTERS and looks_foreign(strip_diacritics(word))


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in taken)


def find_names(vietnamese: str) -> list[Name]:
    """The names of ``vietnamese`` an English translation should carry, in text order (see the module doc)."""
    text = unicodedata.normalize("NFC", vietnamese)
    words = list(_WORD.finditer(text))
    lists = _lists()
    forms = lists.forms
    names: list[Name] = []
    taken: list[tuple[int, int]] = []
    if _is_heading(words):
        if forms.upper_pattern is not None:
            upper_forms = {vi.upper(): vi for vi in forms.forms}
            for match in forms.upper_pattern.finditer(text):
                english, accepted = forms.forms[upper_forms[match.group()]]
                names.append(Name(match.group(), match.start(), match.end(), english, accepted))
                taken.append(match.span())
        for match in words:
            if not _overlaps(*match.span(), taken) and len(match.group()) > 1 and _foreign(match.group()):
                plain = strip_diacritics(match.group())
                names.append(Name(match.group(), match.start(), match.end(), plain, (plain,)))
        return sorted(names, key=lambda name: name.start)
    runs = _runs(text, words)
    run_of = {match.start(): run for run in runs for match in run}
    if forms.pattern is not None:
        for match in forms.pattern.finditer(text):
            run = run_of.get(match.start())
            inside_longer_run = " " not in match.group() and run is not None and _inside_personal_name(run, match, lists)
            if inside_longer_run:
                continue
            english, accepted = forms.forms[match.group()]
            names.append(Name(match.group(), match.start(), match.end(), english, accepted))
            taken.append(match.span())
    for run in runs:
        run = [match for match in _trim(text, run, lists) if not _overlaps(*match.span(), taken)]
        for part in _contiguous(text, run):
            start, end = part[0].start(), part[-1].end()
            if end - start < 2:
                continue
            if all(_is_all_caps(word.group()) for word in part):
                continue  # acronyms alone are left to q_entity_overlap
            if len(part) == 1 and not _foreign(part[0].group()) and not _after_title(text, start, lists.titles):
                continue
            vi = text[start:end]
            plain = strip_diacritics(vi)
            names.append(Name(vi, start, end, plain, (plain,), established=False))
    return sorted(names, key=lambda name: name.start)


def _inside_personal_name(run: list[re.Match], match: re.Match, lists: _Lists) -> bool:
    """Whether the one-word form ``match`` is part of a personal name in its run (``Đức`` in ``Nguyễn Văn Đức``).

    It is when a surname comes before it in the run, or right before or after it a word that is
    neither a title nor foreign nor an acronym (``Mỹ Tâm``, a singer; not ``Mỹ Joe Biden``).
    """
    heads, surnames = lists.heads, lists.surnames
    position = next(index for index, word in enumerate(run) if word.start() == match.start())

    def name_word(index: int) -> bool:
        word = run[index].group() if 0 <= index < len(run) else ""
        return bool(word) and word not in heads and not _foreign(word) and not _is_all_caps(word)

    return any(word.group() in surnames for word in run[:position]) or name_word(position - 1) or name_word(position + 1)


def _after_title(text: str, start: int, titles: frozenset[str]) -> bool:
    """Whether a lower-case title or place word (``name_titles.tsv``: ``ông``, ``tỉnh``) comes right before ``start``."""
    before = text[:start].rstrip(" ").lower()
    return any(before.endswith(title) and _opens_word(before, len(before) - len(title)) for title in titles)


def _opens_word(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()


def _contiguous(text: str, run: list[re.Match]) -> list[list[re.Match]]:
    """``run`` split where words were removed from its middle."""
    parts: list[list[re.Match]] = []
    for match in run:
        if parts and text[parts[-1][-1].end() : match.start()].strip(" ") == "":
            parts[-1].append(match)
        else:
            parts.append([match])
    return parts


def names_kept(vietnamese: str, english: str, glossary: Glossary | None = None) -> tuple[int, int]:
    """(names of ``vietnamese`` that ``english`` keeps, names expected), counting each distinct name once.

    With ``glossary``, a name a glossary term covers is also kept by the term's English (see ``Name.kept_in``).
    """
    expected = {fold(name.english): name for name in find_names(vietnamese)}
    if not expected:
        return 0, 0
    terms = glossary.occurrences(vietnamese) if glossary is not None else []
    folded = fold(english)
    kept = sum(name.kept_in(english, folded, terms) for name in expected.values())
    return kept, len(expected)


def name_retention(vietnamese: str, english: str, glossary: Glossary | None = None) -> float:
    """Share of the distinct names of ``vietnamese`` that ``english`` keeps (``glossary``: see ``names_kept``); 1.0 when there are none."""
    kept, expected = names_kept(vietnamese, english, glossary)
    return kept / expected if expected else 1.0


def missing_names(vietnamese: str, english: str) -> list[Term]:
    """The names of ``vietnamese`` that ``english`` does not keep, as terms to force (their ``english`` form)."""
    text = unicodedata.normalize("NFC", vietnamese)
    seen: set[str] = set()
    missing = []
    for name in find_names(text):
        key = fold(name.english)
        if key in seen:
            continue
        seen.add(key)
        if not name.kept_in(english):
            missing.append(Term(name.vi, name.english, name.start, name.end))
    return missing
