"""Label each piece of a scraped article: sentence, heading, caption, byline or boilerplate.

The labels decide what gets translated (by default ``sentence`` and ``heading``; see
docs/text-labels.md). Rules look at the piece itself and at its paragraph (a non-empty line):

* ``boilerplate``: any piece without a letter or digit (``...``, ``!!!``, ``***``, ``—``, ``🎉🎉``:
  nothing to translate), share boxes and site furniture (``Chia sẻ:``, ``Tin liên quan``, menus such
  as ``Thông cáo báo chí Rao vặt``, footers, copyright lines), date/time stamps
  (``date 2020-02``, ``Thứ Hai, 13/01/2020 10:30 (GMT+7)``), bare URLs and e-mail addresses.
* ``caption``: photo credits (``Ảnh: AP``, ``Nguồn ảnh: Militarytimes.``, ``(Ảnh: TTXVN)``),
  caption markers (``Chú thích ảnh``, ``Ảnh minh họa``), and the description of a photo: a
  short paragraph (at most three pieces) that ends with a photo credit, or that follows a
  caption marker line.
* ``byline``: author and source lines (``Công Thuận/Báo Tin tức (Theo TASS)``, ``Theo VnExpress``,
  ``Nguồn: Reuters``, ``Bài và ảnh: ...``, ``Minh Anh (tổng hợp)``) and a bare name of two to
  four capitalised words in the last paragraphs of an article.
* ``heading``: a paragraph that is one piece, starts with a capital letter or digit, has at most
  30 words and does not end with sentence punctuation (``. ! ? … : ; ,``) or an emoji
  (``Chúc mừng năm mới 🎉`` is chatty text that merely lacks a full stop, not a title).
* ``sentence``: everything else.
"""
from __future__ import annotations

import re
from functools import lru_cache

from songngu.text.patterns import CLOSERS, DATE_STAMP, EMOJI_COMPONENTS, OPENERS, PICTOGRAPHS, text_cues
from songngu.text.segments import BOILERPLATE, BYLINE, CAPTION, HEADING, SENTENCE
from songngu.text.sentences import split_sentences

_MAX_HEADING_WORDS = 30
_MAX_BYLINE_WORDS = 12
_MAX_CREDIT_WORDS = 25
_MAX_BOILERPLATE_WORDS = 25
_MAX_CAPTION_PARAGRAPH_PIECES = 3

_PHOTO_LABEL = re.compile(
    r"\(?\s*(?:Nguồn\s+ảnh|Ảnh\s+minh\s+h(?:ọa|oạ)|Ảnh\s*/\s*Video|Ảnh\s*&\s*Video|Ảnh|Đồ\s+h(?:ọa|oạ)"
    r"|Video|Clip|Photo|Credit|Infographic)\s*:",
    re.IGNORECASE,
)
_CAPTION_MARKERS = text_cues("caption_marker")
_BOILERPLATE_EXACT = text_cues("boilerplate_line")
_BOILERPLATE_PREFIXES = tuple(sorted(text_cues("boilerplate_prefix")))
_BOILERPLATE_MARKERS = tuple(sorted(text_cues("boilerplate_marker")))
_MENU_MARKERS = tuple(sorted(text_cues("menu_marker")))
"""Menu and footer words that are also ordinary words: they mark boilerplate only without a full stop."""
_MENU_SEPARATOR = re.compile(r"\s[-–|»>›/]\s|\s\|\s?|\s?\|\s")
_URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
"""A web address, or an e-mail address (matched from the start of its local part only, so a long run of
letters with no ``@`` is scanned once, not once per letter)."""
_DATE_TIME_PART = re.compile(
    r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|cn|ngày|lúc|gmt\s*[+-]\s*\d{1,2}|utc"
    r"|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?"
    r"|\d{1,2}h|sa|ch|am|pm|date)\b",
    re.IGNORECASE,
)
_BYLINE_PREFIX = re.compile(
    r"(?:Tác\s+giả|Bài\s+và\s+ảnh|Bài,?\s+ảnh|Bài|Nhóm\s+PV|Nhóm\s+phóng\s+viên|Phóng\s+viên|PV|CTV|"
    r"Người\s+dịch|Biên\s+dịch|Dịch|Lược\s+dịch|Thực\s+hiện|Nguồn)\s*:",
    re.IGNORECASE,
)
_THEO_SOURCE = re.compile(r"\(?\s*[Tt]heo\s+(?P<source>[^,;:]+?)\s*\)?\.?")
_COMPILED_FROM = re.compile(r"\((?:tổng\s+hợp|t/h|TH|lược\s+dịch|theo\s+[^()]+)\)\.?$|\btổng\s+hợp\.?$", re.IGNORECASE)
_AGENCY_ONLY = frozenset({"TTXVN", "PV", "CTV", "VOV", "VNA", "TTXVN/VNA", "Nhóm PV", "PV/TTXVN"})
_WORD = re.compile(r"\S+")
MAX_WORD_CHARACTERS = 64
"""A segment that is one run of more characters than this with no space is no text to translate (a hash,
base64 data, a minified script): Vietnamese writes a space between syllables, and no word is that long."""
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_FINAL_PICTOGRAPH = re.compile(f"[{PICTOGRAPHS}][{EMOJI_COMPONENTS}]*$")


def classify(
    segment: str,
    *,
    paragraph_text: str | None = None,
    previous_paragraph: str | None = None,
    near_end: bool = False,
) -> str:
    """Return the kind of ``segment``: ``sentence``, ``heading``, ``caption``, ``byline`` or ``boilerplate``.

    ``paragraph_text`` is the whole line the segment sits in (defaults to the segment itself);
    ``previous_paragraph`` the non-empty line before it, if any; ``near_end`` says the line is
    among the last few of its article (where a bare name is a byline).
    """
    text = segment.strip()
    paragraph = (paragraph_text if paragraph_text is not None else text).strip()
    whole_paragraph = text == paragraph
    words = _WORD.findall(text)
    if not _LETTER_OR_DIGIT.search(text) or (len(words) == 1 and len(text) > MAX_WORD_CHARACTERS):
        return BOILERPLATE
    if _is_boilerplate(text, words, whole_paragraph):
        return BOILERPLATE
    if _is_photo_credit(text, words) or (whole_paragraph and _is_caption_marker(text)):
        return CAPTION
    if whole_paragraph and _is_byline(text, words, near_end):
        return BYLINE
    if _is_photo_description(paragraph, previous_paragraph):
        return CAPTION
    if whole_paragraph and _is_heading(text, words):
        return HEADING
    return SENTENCE


def is_photo_credit(segment: str) -> bool:
    """Whether ``segment`` is a photo credit such as ``Ảnh: AP`` or ``Nguồn ảnh: Militarytimes.``."""
    text = segment.strip()
    return _is_photo_credit(text, _WORD.findall(text))


def _normalised(text: str) -> str:
    """Casefolded text with outer punctuation removed and spaces collapsed, for list look-ups."""
    return " ".join(text.casefold().strip(" .:;,!?…-–—|()[]\"'“”‘’*•").split())


def _is_boilerplate(text: str, words: list[str], whole_paragraph: bool) -> bool:
    """Share boxes, menus, footers, date stamps, bare links."""
    if DATE_STAMP.fullmatch(text):
        return True
    folded = text.casefold()
    normalised = _normalised(text)
    if normalised in _BOILERPLATE_EXACT:
        return True
    if len(words) > _MAX_BOILERPLATE_WORDS:
        return False
    if folded.startswith(_BOILERPLATE_PREFIXES) or any(marker in folded for marker in _BOILERPLATE_MARKERS):
        return True
    if not _ends_like_sentence(text) and any(marker in folded for marker in _MENU_MARKERS):
        return True
    if _URL_OR_EMAIL.sub("", text).strip(" .,;:|-–()[]<>") == "":
        return True
    if _is_date_time_only(text):
        return True
    return whole_paragraph and _is_menu(text)


def _is_date_time_only(text: str) -> bool:
    """``Thứ Hai, 13/01/2020 10:30 (GMT+7)``: nothing but weekdays, dates and times."""
    if not any(char.isdigit() for char in text):
        return False
    rest = _DATE_TIME_PART.sub("", text)
    return not any(char.isalpha() for char in rest)


def _ends_like_sentence(text: str) -> bool:
    """Whether ``text`` ends with ``.``, ``!``, ``?`` or ``…`` (closing quotes aside)."""
    return text.rstrip(CLOSERS).endswith((".", "!", "?", "…"))


def _is_menu(text: str) -> bool:
    """A navigation menu: several items split by `` - ``, `` | ``, ``»``... and no full stop."""
    if _ends_like_sentence(text):
        return False
    separators = len(_MENU_SEPARATOR.findall(text))
    return separators >= 3 or text.count("|") >= 2


def _is_photo_credit(text: str, words: list[str]) -> bool:
    """``Ảnh: AP``, ``(Ảnh: TTXVN)``, ``Nguồn ảnh: Militarytimes.``, ``Ảnh minh họa: Internet``."""
    label = _PHOTO_LABEL.match(text)
    return label is not None and len(words) <= _MAX_CREDIT_WORDS and label.end() < len(text)


def _is_caption_marker(text: str) -> bool:
    """A line that only announces a caption: ``Chú thích ảnh``, ``Ảnh minh họa``."""
    return _normalised(text) in _CAPTION_MARKERS


def _is_byline(text: str, words: list[str], near_end: bool) -> bool:
    """Author or source lines."""
    if len(words) > _MAX_BYLINE_WORDS:
        return False
    stripped = text.strip()
    if stripped in _AGENCY_ONLY or _BYLINE_PREFIX.match(stripped):
        return True
    body = stripped.rstrip(".")
    if body.endswith((".", "!", "?", "…", ":", ";", ",")):
        return False
    theo = _THEO_SOURCE.fullmatch(stripped)
    if theo is not None and _mostly_capitalised(theo.group("source").split(), threshold=0.5):
        return True
    if _COMPILED_FROM.search(stripped) and _mostly_capitalised(words[:2], threshold=1.0):
        return True
    if "/" in stripped and not stripped.endswith(".") and _mostly_capitalised(words, threshold=0.75):
        return True
    return near_end and 2 <= len(words) <= 4 and all(word.isalpha() and word[0].isupper() for word in words)


def _mostly_capitalised(words: list[str], *, threshold: float) -> bool:
    """Whether at least ``threshold`` of ``words`` start (after brackets) with a capital or digit."""
    if not words:
        return False
    capitalised = sum(1 for word in words if (word.lstrip(OPENERS)[:1] or "a").isupper() or word[:1].isdigit())
    return capitalised >= threshold * len(words)


def _is_photo_description(paragraph: str, previous_paragraph: str | None) -> bool:
    """A short paragraph describing a photo: it ends with a credit, or follows ``Chú thích ảnh``."""
    pieces = _paragraph_pieces(paragraph)
    if not pieces or len(pieces) > _MAX_CAPTION_PARAGRAPH_PIECES:
        return False
    if len(pieces) >= 2 and is_photo_credit(pieces[-1]):
        return True
    return previous_paragraph is not None and _is_caption_marker(previous_paragraph.strip())


@lru_cache(maxsize=256)
def _paragraph_pieces(paragraph: str) -> tuple[str, ...]:
    """The sentence pieces of a paragraph (cached: every piece of a paragraph asks)."""
    return tuple(split_sentences(paragraph))


def _is_heading(text: str, words: list[str]) -> bool:
    """A one-piece paragraph that reads as a title: capitalised, short, no final punctuation or emoji."""
    if len(words) > _MAX_HEADING_WORDS:
        return False
    core = text.rstrip(CLOSERS + " ")
    if not core or core.endswith((".", "!", "?", "…", ":", ";", ",")) or _FINAL_PICTOGRAPH.search(core):
        return False
    first = text.lstrip(OPENERS + " ")[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and any(char.isalpha() for char in text)
