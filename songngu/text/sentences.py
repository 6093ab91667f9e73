"""Split Vietnamese news text into sentences.

Rules, in the order they apply:

* Every line break ends a sentence: headings, captions and bylines sit on lines of their own.
* At the start of a sentence a scraper's date stamp (``date 2020-02``) is cut off, and so is a
  photo credit glued to the next sentence (``Ảnh: TTXVN Theo báo cáo...``).
* A credit label after caption text with no full stop (``... Baghdad Ảnh: AP``) starts a new piece.
* ``?``, ``!`` and ellipses end a sentence when a sentence visibly starts next (capital letter,
  digit, opening quote before a capital, dialogue dash). Closing quotes and brackets stay with
  the sentence they close.
* A full stop ends a sentence unless the word before it is a title or place abbreviation
  (``TS.``, ``PGS.TS.``, ``TP.``, ``Q.``), an initial or ambiguous abbreviation followed by what
  looks like the rest of a foreign name (``John F. Kennedy``, ``U.S. Army``), or a list number at
  the start of a sentence (``1. Giới thiệu``). Sentence-final ``v.v.`` does end a sentence, and
  so does a full stop after a Vietnamese word even when a careless lowercase sentence follows.
* A full stop with no space after it ends a sentence only between a lowercase word and a
  capitalised word (``gái.Dựa``); numbers (``3.5``, ``1.000.000``), domains (``baomoi.vn``)
  and ``TP.HCM`` stay whole.
* Emoji and pictographs (``🎉``, ``👍🏽 ❤️``) right after ``.!?…`` are looked past: the sentence
  ends there when the text after them starts a sentence (or nothing follows), and the emoji run
  becomes a piece of its own. So does an emoji run that opens a sentence (``👉 Xem thêm``).
  Emoji inside a sentence, or ending one without punctuation (``Đẹp quá 😍``), stay in it.

The splitter runs one compiled regular expression over each line and looks at a bounded
window around each candidate, so its cost is linear in the length of the text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from songngu.text.patterns import (
    AMBIGUOUS_ABBREVIATIONS,
    ASCII_SENTENCE_STARTERS,
    CLOSERS,
    CREDIT_LABEL,
    DASHES,
    DATE_STAMP,
    INLINE_CREDIT_LABEL,
    LINE_BREAKS,
    OPENERS,
    PICTOGRAPH_RUN,
    PICTOGRAPHS,
    TITLE_ABBREVIATIONS,
    has_vietnamese_letter,
    is_pictograph,
)

_TERMINATORS = ".!?…"
_LINE = re.compile(f"[^{re.escape(LINE_BREAKS)}]+")
_CANDIDATE_CORE = f"([{_TERMINATORS}][{_TERMINATORS}]*)([{re.escape(CLOSERS)}]*)\\s*"
_CANDIDATE = re.compile(_CANDIDATE_CORE)
_CANDIDATE_OR_CREDIT = re.compile(f"{_CANDIDATE_CORE}|(?<=\\s)({INLINE_CREDIT_LABEL.pattern})")
_CREDIT_GROUP = 3
_INLINE_CREDIT_HINTS = ("Ảnh", "Nguồn")
_PREFIX_START = re.compile(f"date|Date|DATE|\\(|Ảnh|Nguồn|Đồ|Video|Clip|Photo|Credit|[{PICTOGRAPHS}]")
"""What a date stamp, a credit or an emoji run starts with: a cheap test before trying to cut one."""
_DETACHED_CLOSERS = "\"”’'"
_SPACE = re.compile(r"\s*")
_TOKEN = re.compile(r"\S+")
_TERMINAL_TOKEN = re.compile(f"[{_TERMINATORS}][{re.escape(CLOSERS)}]*$")
_ENUMERATOR = re.compile(r"\d{1,3}|[IVXLC]{1,6}|[A-Za-z]")
_SENTENCE_FINAL_ABBREVIATIONS = frozenset({"v.v", "vv", "v.v.v", "etc"})
_CREDIT_SCAN_LIMIT = 8
_LOOKBACK = 64


def split_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences of ``text``, in order.

    Spans never include surrounding whitespace, never overlap and are never empty; every
    non-whitespace character of ``text`` lies in exactly one span. Line breaks always end a span.
    """
    spans: list[tuple[int, int]] = []
    for line_match in _LINE.finditer(text):
        _append_line_spans(line_match.group(), line_match.start(), spans)
    return spans


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` in order, each stripped of surrounding whitespace.

    Joining them back, ignoring whitespace, gives ``text`` again: nothing but whitespace
    between sentences is dropped, and nothing is added.
    """
    return [text[start:end] for start, end in split_sentence_spans(text)]


def _append_line_spans(line: str, offset: int, spans: list[tuple[int, int]]) -> None:
    """Append the sentence spans of one line (no line breaks in it), shifted by ``offset``."""
    length = len(line)
    start = _SPACE.match(line).end()
    if start == length:
        return
    if _PREFIX_START.match(line, start):
        start = _cut_prefixes(line, start, offset, spans)
    pattern = _CANDIDATE_OR_CREDIT if any(hint in line for hint in _INLINE_CREDIT_HINTS) else _CANDIDATE
    for match in pattern.finditer(line, start):
        position = match.start()
        if position < start:
            continue
        if match.lastindex == _CREDIT_GROUP:
            end = _inline_credit_end(line, start, position) if position > start else None
            next_start = position
        else:
            end, next_start = _terminator_cut(line, start, match)
        if end is None:
            continue
        spans.append((offset + start, offset + end))
        start = next_start
        if _PREFIX_START.match(line, start):
            start = _cut_prefixes(line, start, offset, spans)
    end = len(line.rstrip())
    if start < end:
        spans.append((offset + start, offset + end))


def _terminator_cut(line: str, start: int, match: re.Match[str]) -> tuple[int | None, int]:
    """Where the sentence ends and the next starts, for a run of ``.!?…`` plus closers and spaces.

    Returns ``(None, _)`` when the run does not end a sentence.
    """
    position = match.start()
    term_end = match.end(1)
    close_end = match.end(2)
    next_start = match.end()
    length = len(line)
    if next_start >= length:
        return None, next_start
    if next_start == close_end and not is_pictograph(line[next_start]):
        return (close_end if _glued_sentence_start(line, start, match) else None), next_start
    has_closer = close_end > term_end
    if line[next_start] in _DETACHED_CLOSERS and (next_start + 1 == length or line[next_start + 1].isspace()):
        close_end = next_start + 1
        next_start = _SPACE.match(line, close_end).end()
        if next_start >= length:
            return None, next_start
        has_closer = True
    text_start = _after_pictographs(line, next_start)
    if text_start >= length:
        return close_end, next_start
    if term_end - position == 1 and line[position] == ".":
        ends = _full_stop_ends_sentence(line, start, position, text_start, has_closer)
    else:
        ends = _starts_sentence(line, text_start)
    return (close_end if ends else None), next_start


def _after_pictographs(line: str, position: int) -> int:
    """Where the text after an emoji run at ``position`` (and its spaces) starts; ``position`` if none is there."""
    if not is_pictograph(line[position]):
        return position
    return _SPACE.match(line, PICTOGRAPH_RUN.match(line, position).end()).end()


def _cut_prefixes(line: str, start: int, offset: int, spans: list[tuple[int, int]]) -> int:
    """Cut a date stamp, a glued photo credit or an emoji run off the sentence starting at ``start``."""
    for _ in range(3):
        cut = _stamp_cut(line, start) or _credit_cut(line, start) or _pictograph_cut(line, start)
        if cut is None:
            break
        end, next_start = cut
        spans.append((offset + start, offset + end))
        start = next_start
    return start


def _stamp_cut(line: str, start: int) -> tuple[int, int] | None:
    """``date 2020-02 Các tướng...`` -> the stamp is a piece of its own."""
    stamp = DATE_STAMP.match(line, start)
    if stamp is None:
        return None
    next_start = _SPACE.match(line, stamp.end()).end()
    return (stamp.end(), next_start) if next_start < len(line) else None


def _pictograph_cut(line: str, start: int) -> tuple[int, int] | None:
    """``🎉 Bộ Y tế khuyến cáo...`` -> the emoji run is a piece of its own when text follows it."""
    run = PICTOGRAPH_RUN.match(line, start)
    if run is None:
        return None
    next_start = _SPACE.match(line, run.end()).end()
    return (run.end(), next_start) if next_start < len(line) else None


def _credit_cut(line: str, start: int) -> tuple[int, int] | None:
    """``Ảnh: TTXVN Theo báo cáo...`` -> cut after the credit when a sentence follows it."""
    label = CREDIT_LABEL.match(line, start)
    if label is None:
        return None
    tokens = list(_tokens(line, label.end(), _CREDIT_SCAN_LIMIT))
    split_at = _credit_length([token.group() for token in tokens])
    if split_at is None:
        return None
    return tokens[split_at - 1].end(), tokens[split_at].start()


def _credit_length(words: list[str]) -> int | None:
    """How many words after a credit label name the source, when a sentence follows them."""
    for index, word in enumerate(words):
        if _TERMINAL_TOKEN.search(word):
            return None
        if index == 0:
            if not _is_capitalised(word):
                return None
            continue
        previous = words[index - 1]
        if not _is_capitalised(word):
            return index - 1 if index >= 2 and word[0].islower() else None
        starts = word.lstrip(OPENERS) in ASCII_SENTENCE_STARTERS or _is_source_end(previous)
        if starts and any(later[0].islower() for later in words[index + 1 :]):
            return index
    return None


def _inline_credit_end(line: str, start: int, position: int) -> int | None:
    """``... căn cứ Taji Ảnh: Reuters``: where the caption text ends when the credit is a piece of its own."""
    end = position
    while end > start and line[end - 1].isspace():
        end -= 1
    if end == start or line[end - 1] in "(:-–—/":
        return None
    label = CREDIT_LABEL.match(line, position)
    if label is None:
        return None
    words = []
    for token in _tokens(line, label.end(), _CREDIT_SCAN_LIMIT):
        words.append(token.group())
        if _TERMINAL_TOKEN.search(words[-1]):
            break
    else:
        if len(words) >= _CREDIT_SCAN_LIMIT:
            return None
    if words and (all(_is_capitalised(word) for word in words) or _credit_length(words) is not None):
        return end
    return None


def _glued_sentence_start(line: str, start: int, match: re.Match[str]) -> bool:
    """``gái.Dựa``: a sentence starting right after the terminator, with no space."""
    next_start = match.end()
    if not line[next_start].isupper():
        return False
    if match.end(2) > match.end(1):
        return True
    if not (next_start + 1 < len(line) and line[next_start + 1].islower()):
        return False
    word = _word_before(line, start, match.start()).lstrip(OPENERS)
    return (
        len(word) >= 2
        and word.isalpha()
        and word[-1].islower()
        and word not in TITLE_ABBREVIATIONS
        and word not in AMBIGUOUS_ABBREVIATIONS
    )


def _full_stop_ends_sentence(line: str, start: int, stop: int, next_start: int, has_closer: bool) -> bool:
    """Decide a single full stop at ``stop`` followed by whitespace and text at ``next_start``."""
    token = _word_before(line, start, stop)
    word = token.lstrip(OPENERS).rstrip(CLOSERS)
    next_char = line[next_start]
    starts = next_char.isupper() or next_char.isdigit() or _starts_sentence(line, next_start)
    if not word:
        return starts
    last_part = word.rsplit(".", 1)[-1] if "." in word else word
    if last_part in TITLE_ABBREVIATIONS or word in TITLE_ABBREVIATIONS:
        return False
    if "." in word and word.casefold() in _SENTENCE_FINAL_ABBREVIATIONS:
        return starts
    if stop - len(token) == start and not has_closer and _ENUMERATOR.fullmatch(word):
        return False
    if len(last_part) == 1:
        if last_part.islower() and next_char.isdigit():
            return False
        if last_part.isupper():
            return _ambiguous_stop_ends_sentence(line, next_start, starts)
    if last_part in AMBIGUOUS_ABBREVIATIONS:
        return _ambiguous_stop_ends_sentence(line, next_start, starts)
    if starts:
        return True
    return (
        not has_closer
        and next_char.islower()
        and len(word) >= 2
        and word.isalpha()
        and has_vietnamese_letter(word)
    )


def _ambiguous_stop_ends_sentence(line: str, next_start: int, starts: bool) -> bool:
    """After an initial or ``Co.``/``Jr.``: a sentence ends only if a Vietnamese one clearly starts.

    ``Nguyễn Văn T. (35 tuổi)`` keeps its bracket: an initial before ``(`` is a name.
    """
    return starts and line[next_start] != "(" and _clearly_vietnamese_start(line, next_start)


def _starts_sentence(line: str, position: int) -> bool:
    """Whether the text at ``position`` looks like the first character of a sentence."""
    char = line[position]
    if char.isupper() or char.isdigit():
        return True
    if char in OPENERS:
        index = position + 1
        limit = min(len(line), position + 4)
        while index < limit and line[index] in OPENERS:
            index += 1
        return index < len(line) and (line[index].isupper() or line[index].isdigit())
    if char in DASHES:
        return position + 1 < len(line) and line[position + 1].isspace()
    if char.islower():
        return any(following.isupper() for following in line[position + 1 : position + 3])
    return False


def _clearly_vietnamese_start(line: str, position: int) -> bool:
    """Whether the word at ``position`` starts a Vietnamese sentence rather than continuing a name."""
    token = _TOKEN.match(line, position)
    word = token.group().strip(OPENERS + CLOSERS + ".,;:!?…") if token else ""
    if not word:
        return True
    return word[0].isdigit() or has_vietnamese_letter(word) or word in ASCII_SENTENCE_STARTERS


def _is_capitalised(word: str) -> bool:
    """First letter-or-digit of ``word`` is an uppercase letter or a digit."""
    for char in word:
        if char.isalnum():
            return char.isupper() or char.isdigit()
    return False


def _is_source_end(word: str) -> bool:
    """A credit word after which the source is complete: ``TTXVN``, ``Reuters/TTXVN``, ``baomoi.vn``."""
    letters = [char for char in word if char.isalpha()]
    return "/" in word or "." in word or (len(letters) >= 2 and all(char.isupper() for char in letters))


def _tokens(line: str, position: int, limit: int) -> Iterator[re.Match[str]]:
    """Up to ``limit`` whitespace-separated tokens of ``line`` from ``position`` on."""
    for count, token in enumerate(_TOKEN.finditer(line, position)):
        if count >= limit:
            return
        yield token


def _word_before(line: str, start: int, position: int) -> str:
    """The token of the current sentence ending at ``position``; empty after whitespace.

    Looks back at most a fixed number of characters, so the cost per candidate is bounded.
    """
    low = max(start, position - _LOOKBACK)
    space = line.rfind(" ", low, position)
    word = line[space + 1 if space >= 0 else low : position]
    if word.isprintable():
        return word
    if not word or word[-1].isspace():
        return ""
    return word.split()[-1]
