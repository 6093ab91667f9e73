"""Undo the HTML that survives scraping, keeping the text a reader of the page would see.

* Character references are decoded only when well formed: a name HTML defines, or a decimal or
  hexadecimal number, always ending with ``;`` (``&amp;``, ``&nbsp;``, ``&#8220;``, ``&#x201C;``).
  ``AT&T``, ``&copy`` without its semicolon and unknown names such as ``&foo;`` stay as they are.
  A decoded invisible character is dropped and a decoded no-break space is a plain space, as
  when they are typed (:func:`~songngu.text.patterns.clean_characters`).
* Tags count only when they name an HTML element (``<p>``, ``</DIV>``, ``<br/>``,
  ``<a href="...">``, ``<img alt="a > b">``). Block elements (paragraphs, divisions, line breaks,
  list items, headings, table rows and cells, quotations, sections...) become a line break, so the
  text inside is a paragraph of its own; inline elements (links, bold, italics, spans, images...)
  vanish and leave their text. ``a < b``, ``x<y``, ``<3`` and ``<tên>`` are text, not tags.
* ``script``, ``style`` and ``noscript`` elements vanish with their content, and comments
  (``<!-- ... -->``) with theirs.
* An inline or hidden element's opening tag that no closing tag follows is text when it is bare,
  without an ``attribute=`` (block elements may go unclosed in HTML, so theirs always count):
  a page shows a tag written as text (``&lt;b&gt;``, ``&lt;script&gt;``) that way, and prose
  such as ``p<a và q>b`` looks like one (``Thẻ <b> in đậm`` and ``chèn thẻ <script> vào`` keep
  their words). An unclosed comment is text too; an unclosed tag with an attribute
  (``<a href="...">Xem thêm``, ``<font face="Arial">``) is markup left by a careless page and
  goes alone, as does one of an empty element (``<img>``, ``<wbr>``...) or ``<b/>``.
* A tag, element or comment that vanishes between two spaces or tabs takes the ones after it
  along, so the text is spaced as if it had never been typed (``Viết <img src="x.jpg"> để``
  gives ``Viết để``); the text's own spacing (``Nội</b> ,``) stays.

One call is one left-to-right pass, linear in the length of the text (a closing tag that does
not exist is searched for once). Its output may hold markup that only appeared once other markup
was gone (``&amp;lt;p&amp;gt;`` gives ``<p>``): :func:`~songngu.text.normalize_text` repeats the
pass until nothing changes, so a reference a page meant to show as written (``&amp;lt;`` shown as
``&lt;``) comes out as its character (``<``), as twice-escaped text needs.
"""
from __future__ import annotations

import html
import re
from html.entities import html5

from songngu.text.patterns import clean_characters

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
    ins kbd label mark meta nobr object picture q rp rt ruby s samp select small source span strike
    strong sub sup textarea time track tt u var video wbr
    """.split()
)
_EMPTY_INLINE_ELEMENTS = frozenset("embed img input meta source track wbr".split())
_HIDDEN_ELEMENTS = ("script", "style", "noscript")
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

    Returns ``text`` itself, at the cost of two substring tests, when it has no ``<`` and no ``&``.
    """
    if "<" not in text and "&" not in text:
        return text
    pieces: list[str] = []
    position = 0
    closers: dict[str, re.Match[str] | None] = {}
    after_space = False
    while (match := _MARKUP.search(text, position)) is not None:
        before = text[position : match.start()]
        if before:
            after_space = before[-1] in " \t"
        replacement, position = _replace(text, match, closers)
        if replacement:
            after_space = replacement[-1] in " \t"
        elif after_space and match.group("reference") is None:
            while position < len(text) and text[position] in " \t":
                position += 1
        pieces.extend((before, replacement))
    pieces.append(text[position:])
    return "".join(pieces)


def _replace(text: str, match: re.Match[str], closers: dict[str, re.Match[str] | None]) -> tuple[str, int]:
    """What stands in for one markup candidate, and where scanning goes on (``closers``: see :func:`_closer`)."""
    if match.group("reference") is not None:
        return _decoded(match), match.end()
    if match.group("comment") is not None:
        closer = _closer(text, _COMMENT_OPEN, match.end(), closers)
        return ("<", match.start() + 1) if closer is None else ("", closer.end())
    name = match.group("tag").lower()
    if name in _BLOCK_ELEMENTS:
        return "\n", match.end()
    if name not in _INLINE_ELEMENTS and name not in _HIDDEN_ELEMENTS:
        return "<", match.start() + 1
    tag = match.group()
    if match.group("slash") or name in _EMPTY_INLINE_ELEMENTS or tag.endswith("/>"):
        return "", match.end()
    closer = _closer(text, name, match.end(), closers)
    if closer is None:
        return ("", match.end()) if "=" in tag else ("<", match.start() + 1)
    return "", closer.end() if name in _HIDDEN_ELEMENTS else match.end()


def _closer(text: str, opener: str, position: int, closers: dict[str, re.Match[str] | None]) -> re.Match[str] | None:
    """The first closer of ``opener`` (an element's name, or ``<!--``) at or after ``position``, or ``None``.

    ``closers`` keeps the last answer for each opener: positions only grow during a pass, so that
    answer holds while its closer lies ahead (or when there was none), and no stretch of the
    text is searched twice.
    """
    if opener in closers:
        known = closers[opener]
        if known is None or known.start() >= position:
            return known
    closer = _CLOSERS[opener].search(text, position)
    closers[opener] = closer
    return closer


def _decoded(match: re.Match[str]) -> str:
    """The character(s) a well-formed reference stands for; an unknown name stays as it is."""
    reference = match.group("reference")
    if reference.startswith("#"):
        return clean_characters(html.unescape(match.group()))
    value = html5.get(reference + ";")
    return match.group() if value is None else clean_characters(value)
