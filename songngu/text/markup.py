"""Undo the HTML that survives scraping, keeping the text a reader of the page would see.

* Character references are decoded only when well formed: a name HTML defines, or a decimal or
  hexadecimal number, always ending with ``;`` (``&amp;``, ``&nbsp;``, ``&#8220;``, ``&#x201C;``).
  ``AT&T``, ``&copy`` without its semicolon and unknown names such as ``&foo;`` stay as they are.
  A decoded invisible character is dropped and a decoded no-break space is a plain space, as
  when they are typed (:func:`~songngu.text.patterns.clean_characters`).
* A ``<`` or ``>`` that a reference stands for (``&lt;``, ``&#60;``, ``&amp;gt;``...) is text, never
  part of a tag: a page writes a tag it talks about that way (``thẻ &lt;script&gt;``). A pass keeps
  such a reference as ``&lt;`` or ``&gt;``, so that no later pass reads a tag into it, and
  :func:`show_escaped_brackets` turns them into ``<`` and ``>`` once the passes are done.
* Tags count only when they name an HTML element (``<p>``, ``</DIV>``, ``<br/>``,
  ``<a href="...">``, ``<img alt="a > b">``). Block elements (paragraphs, divisions, line breaks,
  list items, headings, table rows and cells, quotations, sections...) become a line break, so the
  text inside is a paragraph of its own; inline elements (links, bold, italics, spans, images,
  ``noscript``...) vanish and leave their text. ``a < b``, ``x<y``, ``<3`` and ``<tên>`` are text, not tags.
* ``script`` and ``style`` elements vanish with their content when that content reads as code:
  leaving out its quoted strings and comments, it has no Vietnamese letter and no four words in a
  row (:func:`_reads_as_text`). Otherwise their tags are text, and so is the closing tag they
  would have paired with, so prose between ``<style>`` and a ``</style>`` paragraphs later stays,
  tags included. Comments (``<!-- ... -->``) vanish with their content.
* An inline or hidden element's opening tag that no closing tag follows is text when it is bare,
  without an ``attribute=`` (block elements may go unclosed in HTML, so theirs always count):
  prose such as ``p<a và q>b`` looks like one (``Thẻ <b> in đậm`` and ``chèn thẻ <script> vào`` keep
  their words). An unclosed comment is text too; an unclosed tag with an attribute
  (``<a href="...">Xem thêm``, ``<font face="Arial">``) is markup left by a careless page and
  goes alone, as does one of an empty element (``<img>``, ``<wbr>``...) or ``<b/>``.
* A tag, element or comment that vanishes between two spaces or tabs takes the ones after it
  along, so the text is spaced as if it had never been typed (``Viết <img src="x.jpg"> để``
  gives ``Viết để``); the text's own spacing (``Nội</b> ,``) stays.

One call is one left-to-right pass, linear in the length of the text (a closing tag that does
not exist is searched for once, and the content before a closing tag is read once). Its output
may hold markup that only appeared once other markup was gone (``<<b></b>p>`` gives ``<p>``,
``&amp;amp;`` gives ``&amp;``): :func:`~songngu.text.normalize_text` repeats the pass until
nothing changes, so twice-escaped text (``&amp;lt;`` shown as ``&lt;``) comes out as its
character (``<``), as text still.
"""
from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5

from songngu.text.patterns import VIETNAMESE_LETTERS, clean_characters

_BLOCK_ELEMENTS = frozenset(
    """
    address article aside blockquote body br caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li
    main menu nav ol p pre section summary table tbody td tfoot th thead title tr ul
    """.split()
)
_INLINE_ELEMENTS = frozenset(
    """
    a abbr acronym audio b bdi bdo big button cite code data del dfn em embed font i iframe img input
    ins kbd label mark meta nobr noscript object picture q rp rt ruby s samp select small source span
    strike strong sub sup textarea time track tt u var video wbr
    """.split()
)
_EMPTY_INLINE_ELEMENTS = frozenset("embed img input meta source track wbr".split())
_HIDDEN_ELEMENTS = ("script", "style")
_ESCAPED_BRACKETS = {"<": "&lt;", ">": "&gt;"}
_ESCAPED_BRACKET = re.compile("[<>]")
_SHOWN_BRACKETS = {escaped: bracket for bracket, escaped in _ESCAPED_BRACKETS.items()}
_SHOWN_BRACKET = re.compile("&lt;|&gt;")
_CODE_STRING_OR_COMMENT = re.compile(
    r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\\n]|\\.)*`"
    r"|(?s:/\*.*?(?:\*/|\Z))|(?<![:/])//[^\n]*"
)
_PROSE = re.compile(
    f"[{re.escape(''.join(sorted(VIETNAMESE_LETTERS)))}]"
    r"|(?<!\S)(?:[^\W\d_]+ ){3}[^\W\d_]"
)
_COMMENT_OPEN = "<!--"
_CLOSERS = {
    name: re.compile(f"</{name}\\s*>", re.IGNORECASE)
    for name in (*_HIDDEN_ELEMENTS, *(_INLINE_ELEMENTS - _EMPTY_INLINE_ELEMENTS))
}
_CLOSERS[_COMMENT_OPEN] = re.compile("-->")
_MARKUP = re.compile(
    r"(?P<comment><!--)"
    r"|<(?P<slash>/?)(?P<tag>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>\"']*(?:(?:\"[^<\"]*\"|'[^<']*')[^<>\"']*)*)?/?>"
    r"|&(?P<reference>#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"
)


def strip_markup(text: str) -> str:
    """``text`` with HTML character references decoded and tags, scripts and comments removed.

    A reference to ``<`` or ``>`` comes out as ``&lt;`` or ``&gt;`` (see :func:`show_escaped_brackets`).
    Returns ``text`` itself, at the cost of two substring tests, when it has no ``<`` and no ``&``.
    """
    if "<" not in text and "&" not in text:
        return text
    pieces: list[str] = []
    position = 0
    scan = _Scan(text)
    after_space = False
    while (match := _MARKUP.search(text, position)) is not None:
        before = text[position : match.start()]
        if before:
            after_space = before[-1] in " \t"
        replacement, position = _replace(scan, match)
        if replacement:
            after_space = replacement[-1] in " \t"
        elif after_space and match.group("reference") is None:
            while position < len(text) and text[position] in " \t":
                position += 1
        pieces.extend((before, replacement))
    pieces.append(text[position:])
    return "".join(pieces)


def show_escaped_brackets(text: str) -> str:
    """``text`` with the ``&lt;`` and ``&gt;`` that :func:`strip_markup` keeps made ``<`` and ``>``, in NFC.

    Call it once, after the last pass: the brackets it gives are text, which a further pass would
    read as tags.
    """
    if "&" not in text:
        return text
    shown = _SHOWN_BRACKET.sub(lambda match: _SHOWN_BRACKETS[match.group()], text)
    return shown if shown == text else unicodedata.normalize("NFC", shown)


class _Scan:
    """What one pass of :func:`strip_markup` learns about its text as it goes.

    ``closers`` keeps the last closer found for each opener (see :func:`_closer`);
    ``text_closers`` holds the start of each closing tag of a script or style whose content was
    prose: that tag is text, and so is every opening tag before it that would pair with it, so the
    content before a closing tag is read once.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.closers: dict[str, re.Match[str] | None] = {}
        self.text_closers: set[int] = set()


def _replace(scan: _Scan, match: re.Match[str]) -> tuple[str, int]:
    """What stands in for one markup candidate, and where scanning goes on."""
    text = scan.text
    if match.group("reference") is not None:
        return _decoded(match), match.end()
    if match.group("comment") is not None:
        closer = _closer(scan, _COMMENT_OPEN, match.end())
        return ("<", match.start() + 1) if closer is None else ("", closer.end())
    name = match.group("tag").lower()
    if name in _BLOCK_ELEMENTS:
        return "\n", match.end()
    if name not in _INLINE_ELEMENTS and name not in _HIDDEN_ELEMENTS:
        return "<", match.start() + 1
    tag = match.group()
    if match.group("slash"):
        return ("<", match.start() + 1) if match.start() in scan.text_closers else ("", match.end())
    if name in _EMPTY_INLINE_ELEMENTS or tag.endswith("/>"):
        return "", match.end()
    closer = _closer(scan, name, match.end())
    if closer is None:
        return ("", match.end()) if "=" in tag else ("<", match.start() + 1)
    if name not in _HIDDEN_ELEMENTS:
        return "", match.end()
    if closer.start() in scan.text_closers or _reads_as_text(text[match.end() : closer.start()]):
        scan.text_closers.add(closer.start())
        return "<", match.start() + 1
    return "", closer.end()


def _reads_as_text(content: str) -> bool:
    """Whether a script's or style's content is prose rather than code.

    Leaving out what code quotes or comments (``"..."``, ``'...'`` and backquoted strings on one
    line, ``/* ... */``, ``// ...``), prose has a Vietnamese letter or four words of letters in a row,
    one space apart, the first after a space or a line break (``@media only screen and`` is not);
    code, CSS and JSON have neither. Letters count in NFC, which a pass applies only after this one.
    """
    return _PROSE.search(_CODE_STRING_OR_COMMENT.sub(" ", unicodedata.normalize("NFC", content))) is not None


def _closer(scan: _Scan, opener: str, position: int) -> re.Match[str] | None:
    """The first closer of ``opener`` (an element's name, or ``<!--``) at or after ``position``, or ``None``.

    ``scan.closers`` keeps the last answer for each opener: positions only grow during a pass, so
    that answer holds while its closer lies ahead (or when there was none), and no stretch of the
    text is searched twice.
    """
    if opener in scan.closers:
        known = scan.closers[opener]
        if known is None or known.start() >= position:
            return known
    closer = _CLOSERS[opener].search(scan.text, position)
    scan.closers[opener] = closer
    return closer


def _decoded(match: re.Match[str]) -> str:
    """The character(s) a well-formed reference stands for, ``<`` and ``>`` kept escaped; an unknown name stays as it is."""
    reference = match.group("reference")
    if reference.startswith("#"):
        value = html.unescape(match.group())
    else:
        value = html5.get(reference + ";")
        if value is None:
            return match.group()
    return _ESCAPED_BRACKET.sub(lambda bracket: _ESCAPED_BRACKETS[bracket.group()], clean_characters(value))
