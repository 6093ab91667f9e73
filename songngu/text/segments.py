"""The unit every later stage works on: one labelled piece of an article."""
from __future__ import annotations

from dataclasses import dataclass

SENTENCE = "sentence"
HEADING = "heading"
CAPTION = "caption"
BYLINE = "byline"
BOILERPLATE = "boilerplate"
KINDS = (SENTENCE, HEADING, CAPTION, BYLINE, BOILERPLATE)
DEFAULT_TRANSLATED_KINDS = frozenset({SENTENCE, HEADING})


@dataclass(frozen=True)
class Segment:
    """One sentence-sized piece of an article, with where it came from.

    ``start``/``end`` are character offsets into the normalised article text
    (:func:`~songngu.text.normalize_text`), so ``text == article[start:end]``. ``repeat_of`` is
    the ``index`` of the first segment with the same repeat key
    (:func:`~songngu.text.repeat_key`: case and spacing ignored, punctuation not) when this one
    repeats it, else ``None``.
    """

    index: int
    paragraph: int
    sentence: int
    start: int
    end: int
    text: str
    kind: str = SENTENCE
    repeat_of: int | None = None
