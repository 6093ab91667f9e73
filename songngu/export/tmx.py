"""Pairs as TMX 1.4 (Translation Memory eXchange), valid against LISA's ``tmx14.dtd``."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from songngu.atomic import atomic_open
from songngu.errors import InputError

SEGTYPES = ("block", "paragraph", "sentence", "phrase")
PROP_KEYS = ("article_id", "segment", "kind", "model", "model_revision")
"""Row fields written as ``<prop type="x-FIELD">`` on each ``<tu>`` (``x-`` marks user-defined types)."""

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML_10 = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters outside XML 1.0's ``Char`` production, plus the C1 controls it tells authors to avoid."""


def _package_version() -> str:
    """The installed songngu version, or ``unknown`` when running from a source tree."""
    try:
        return metadata.version("songngu")
    except metadata.PackageNotFoundError:
        return "unknown"


def xml_text(text: str) -> str:
    """``text`` escaped as XML 1.0 character data; characters XML 1.0 forbids or discourages are dropped.

    Carriage returns are written as ``&#13;`` so parsers do not turn them into newlines.
    """
    text = _NOT_XML_10.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attribute(text: str) -> str:
    """``text`` escaped for a double-quoted XML attribute value."""
    return (
        xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    )


def write_tmx(
    rows: Iterable[dict],
    path: str | Path,
    *,
    srclang: str = "vi",
    tgtlang: str = "en",
    creationtool: str = "songngu",
    creationtoolversion: str | None = None,
    segtype: str = "sentence",
    o_tmf: str = "songngu-jsonl",
    adminlang: str = "en",
    datatype: str = "plaintext",
) -> int:
    """Write the pairs of ``rows`` to ``path`` as a TMX 1.4 document; return how many ``<tu>`` it holds.

    Each row whose ``translation`` has both sides non-empty becomes one ``<tu tuid=ID>``
    with ``<prop type="x-FIELD">`` for the ``PROP_KEYS`` it has, then one ``<tuv>``
    per language. ``creationtoolversion`` defaults to the installed songngu version.
    The file is written atomically: if ``rows`` raises midway, nothing is left at ``path``.
    """
    if segtype not in SEGTYPES:
        raise ValueError(f"segtype must be one of {', '.join(SEGTYPES)}, not {segtype!r}")
    header = {
        "creationtool": creationtool,
        "creationtoolversion": creationtoolversion or _package_version(),
        "segtype": segtype,
        "o-tmf": o_tmf,
        "adminlang": adminlang,
        "srclang": srclang,
        "datatype": datatype,
    }
    count = 0
    with atomic_open(path, "w") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n')
        attributes = " ".join(f'{name}="{xml_attribute(value)}"' for name, value in header.items())
        handle.write(f"  <header {attributes}/>\n  <body>\n")
        for row in rows:
            translation = row.get("translation") or {}
            source = _NOT_XML_10.sub("", translation.get(srclang) or "")
            target = _NOT_XML_10.sub("", translation.get(tgtlang) or "")
            if source.strip() and target.strip():
                handle.write(_translation_unit(row, {srclang: source, tgtlang: target}))
                count += 1
        handle.write("  </body>\n</tmx>\n")
    return count


def _translation_unit(row: dict, segments: dict[str, str]) -> str:
    """One ``<tu>`` element as text, with its props and one ``<tuv>`` per language."""
    tuid = row.get("id")
    lines = [f'    <tu tuid="{xml_attribute(str(tuid))}">' if tuid not in (None, "") else "    <tu>"]
    for key in PROP_KEYS:
        value = row.get(key)
        if value not in (None, ""):
            lines.append(f'      <prop type="x-{key}">{xml_text(str(value))}</prop>')
    for lang, text in segments.items():
        lines.append(f'      <tuv xml:lang="{xml_attribute(lang)}"><seg>{xml_text(text)}</seg></tuv>')
    lines.append("    </tu>\n")
    return "\n".join(lines)


def _primary_language(tag: str) -> str:
    """The primary subtag of a language tag, lowercased: ``en-US`` → ``en``."""
    return tag.replace("_", "-").split("-")[0].lower()


def read_tmx(path: str | Path, *, srclang: str = "vi", tgtlang: str = "en") -> list[tuple[str, str]]:
    """Read the ``(srclang, tgtlang)`` segment pairs of a TMX file, in document order.

    Languages match on their primary subtag (``en-GB`` counts as ``en``); a ``<tu>``
    lacking either language is skipped. Inline markup inside ``<seg>`` is reduced to
    its text. Raises ``InputError`` naming the file when it is not well-formed XML.
    """
    wanted = (_primary_language(srclang), _primary_language(tgtlang))
    pairs: list[tuple[str, str]] = []
    try:
        for _, element in ElementTree.iterparse(str(path), events=("end",)):
            if element.tag != "tu":
                continue
            texts: dict[str, str] = {}
            for variant in element.iter("tuv"):
                lang = variant.get(_XML_LANG) or variant.get("lang") or ""
                seg = variant.find("seg")
                if seg is not None:
                    texts.setdefault(_primary_language(lang), "".join(seg.itertext()))
            if wanted[0] in texts and wanted[1] in texts:
                pairs.append((texts[wanted[0]], texts[wanted[1]]))
            element.clear()
    except ElementTree.ParseError as error:
        raise InputError(path, f"is not well-formed TMX ({error})") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    return pairs
