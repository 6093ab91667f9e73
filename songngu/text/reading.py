"""Read an article file into NFC-normalised text, or refuse it with a one-line reason.

Accepted encodings: UTF-8 with or without a byte-order mark, UTF-16 and UTF-32 with a
byte-order mark, and Windows-1258 (detected when the bytes are not UTF-8 but read as
Vietnamese in that code page). Vietnamese typed with legacy TCVN3 or VNI fonts is recognised
and refused, as are binary files and bytes that decode as nothing sensible.

The text is then normalised (:func:`normalize_text`): NFC, ``\n`` line breaks, no invisible
characters, plain spaces for no-break spaces, and no HTML left over from scraping.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from songngu.errors import InputError
from songngu.text.legacy import legacy_reading, vietnamese_score
from songngu.text.markup import show_escaped_brackets, strip_markup
from songngu.text.patterns import LINE_BREAK, clean_characters

_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.05
_MIN_VIETNAMESE_SHARE = 0.1


@dataclass(frozen=True)
class Article:
    """One article as read from disk.

    ``text`` is ``original`` after :func:`normalize_text` (NFC, ``\\n`` line breaks, invisible
    characters and leftover HTML removed); every offset the pipeline reports points into
    ``text``. ``encoding`` names how the bytes were decoded: ``utf-8``, ``utf-8-sig``,
    ``utf-16``, ``utf-32`` or ``windows-1258``.
    """

    path: str
    article_id: str
    text: str
    original: str
    encoding: str


def normalize_text(text: str) -> str:
    """The text every later stage works on; all segment offsets point into it.

    * Unicode NFC; ``\\r\\n``, a lone ``\\r`` and the other line breaks (vertical tab, form feed,
      U+0085, U+2028, U+2029: :data:`~songngu.text.patterns.LINE_BREAK`) become ``\\n``.
    * Invisible characters are removed: zero-width space, byte-order mark (U+FEFF) anywhere,
      word joiner, soft hyphen, bidi marks, control characters and Unicode noncharacters
      (:data:`~songngu.text.patterns.INVISIBLE`); the zero-width joiner and non-joiner that emoji
      sequences need stay. No-break spaces become plain spaces.
    * HTML left by the scraper is undone (:func:`~songngu.text.markup.strip_markup`): well-formed
      character references (``&amp;``, ``&nbsp;``, ``&#8220;``) are decoded, block tags (``<p>``,
      ``<br>``, ``<div>``, ``<li>``, ``<h2>``...) become line breaks, inline tags (``<a>``, ``<b>``,
      ``<span>``...) are dropped, scripts and styles whose content is code, and comments, go with
      their content; markup dropped between two spaces leaves one. Text that merely contains ``<``
      or ``&`` (``a < b``, ``AT&T``) is not touched, nor is a bare tag never closed after it
      (``Thẻ <b> in đậm``), nor a script or style tag around prose.
    * Escaped markup is text: ``&lt;script&gt;`` gives the characters ``<script>`` and removes
      nothing, however often it was escaped (``&amp;lt;b&amp;gt;`` gives ``<b>``).

    The steps repeat until nothing changes, so markup that only appears once other markup is gone
    (``<<b></b>p>``) is undone as well; ordinary text takes one pass. Normalising the result again
    changes nothing unless it holds such escaped markup, which a second call would take for tags:
    call it once, on the text as read (HTML-escaping the result, ``html.escape(text, quote=False)``,
    and normalising that gives the result back).
    """
    text = _normalize_once(text)
    if "<" in text or "&" in text:
        previous = None
        while text != previous:
            previous, text = text, _normalize_once(text)
    return show_escaped_brackets(text)


def _normalize_once(text: str) -> str:
    """One pass of every normalisation step (see :func:`normalize_text`)."""
    text = strip_markup(clean_characters(text))
    return unicodedata.normalize("NFC", LINE_BREAK.sub("\n", text))


def read_article(path: str | Path) -> Article:
    """Read ``path`` as a Vietnamese article.

    Raises :class:`~songngu.errors.InputError` (message ``"PATH: problem"``, one line) for a
    missing path, a directory or other non-file, an unreadable, empty, whitespace-only or
    binary file, undecodable bytes (with the byte offset) and legacy TCVN3/VNI font encodings.
    """
    file_path = Path(path)
    data = _read_bytes(file_path)
    original, encoding = decode_article_bytes(data, file_path)
    text = normalize_text(original)
    if not text.strip():
        raise InputError(file_path, "contains only whitespace")
    return Article(str(file_path), file_path.stem, text, original, encoding)


def decode_article_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode the bytes of an article file; return ``(text, encoding name)`` or raise ``InputError``."""
    if not data:
        raise InputError(path, "is empty")
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _checked(_decode_unicode(data, encoding, path), encoding, path)
    if b"\x00" in data:
        raise InputError(path, _nul_problem(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_non_utf8(data, error, path)
    return _checked(text, "utf-8", path)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or an ``InputError`` saying why they cannot be had."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a text file")
    if not path.is_file():
        raise InputError(path, "is not a regular file")
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError(path, "cannot be read: permission denied") from None
    except OSError as error:
        raise InputError(path, f"cannot be read: {error.strerror or error}") from None


def _decode_unicode(data: bytes, encoding: str, path: str | Path) -> str:
    """Decode a file that starts with a byte-order mark (the mark itself is dropped)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(path, f"is not valid {encoding.upper()}: {error.reason} at byte offset {error.start}") from None


def _decode_non_utf8(data: bytes, error: UnicodeDecodeError, path: str | Path) -> tuple[str, str]:
    """Bytes that are not UTF-8: Windows-1258 Vietnamese, legacy font text, binary, or refused."""
    as_latin1 = data.decode("latin-1")
    control_share = _control_share(as_latin1)
    if control_share > _MAX_CONTROL_SHARE:
        raise InputError(path, f"looks like a binary file ({control_share:.0%} control bytes), not text")
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    _, cp1258_share = vietnamese_score(unicodedata.normalize("NFC", text))
    legacy, legacy_share = legacy_reading(as_latin1)
    if legacy is not None and legacy_share > cp1258_share:
        raise InputError(path, _legacy_problem(legacy))
    if cp1258_share >= _MIN_VIETNAMESE_SHARE:
        return text, "windows-1258"
    raise InputError(
        path,
        f"is not valid UTF-8 (byte 0x{data[error.start]:02X} at offset {error.start}) and does not read as "
        "Windows-1258 Vietnamese; convert it to UTF-8",
    )


def _checked(text: str, encoding: str, path: str | Path) -> tuple[str, str]:
    """Refuse decoded text that is really binary data or legacy-font mojibake."""
    control_share = _control_share(text)
    if control_share > _MAX_CONTROL_SHARE:
        raise InputError(path, f"looks like a binary file ({control_share:.0%} control characters), not text")
    legacy = legacy_reading(text)[0] if _may_be_legacy(text) else None
    if legacy is not None:
        raise InputError(path, _legacy_problem(legacy))
    return text, encoding


def _may_be_legacy(text: str) -> bool:
    """Cheap test first: text that already reads as Vietnamese needs no legacy check."""
    _, share = vietnamese_score(text[:20000])
    return share < _MIN_VIETNAMESE_SHARE


def _control_share(text: str) -> float:
    """Share of control characters other than whitespace (C0 and DEL) in the first 64K characters."""
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / len(sample) if sample else 0.0


def _nul_problem(data: bytes) -> str:
    """Why a file with NUL bytes is refused, hinting at UTF-16 without a byte-order mark."""
    sample = data[:4096]
    half = len(sample) / 2
    nuls = sorted((sample[0::2].count(0), sample[1::2].count(0)))
    if nuls[1] >= 0.4 * half and nuls[0] <= 0.05 * half:  # zero high bytes on one side only: ASCII-heavy UTF-16
        return "contains NUL bytes: UTF-16 text without a byte-order mark? save it as UTF-8"
    return "looks like a binary file (NUL bytes), not text"


def _legacy_problem(name: str) -> str:
    """The refusal message for a legacy Vietnamese font encoding."""
    return f"looks like {name} (legacy font encoding); convert it to Unicode first"
