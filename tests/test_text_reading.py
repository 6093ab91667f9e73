"""read_article / normalize_text: real files in every accepted encoding, and every refusal."""
from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import pytest

from songngu.errors import InputError
from songngu.text import Article, normalize_text, read_article

SENTENCE = "Việt Nam là một quốc gia ở Đông Nam Á. Thủ đô của Việt Nam là Hà Nội."
TEXT = f"{SENTENCE}\r\nNgười dân rất thân thiện và hiếu khách.\rĐường phố đông đúc."
EXPECTED = f"{SENTENCE}\nNgười dân rất thân thiện và hiếu khách.\nĐường phố đông đúc."

# Legacy font encodings, built by hand from the published tables (one byte value per letter for
# TCVN3; base letter + modifier byte for VNI), independently of songngu's own tables.
TCVN3_BYTES = {
    "à": 0xB5, "á": 0xB8, "ả": 0xB6, "â": 0xA9, "ê": 0xAA, "ệ": 0xD6, "ô": 0xAB, "ộ": 0xE9, "ố": 0xE8,
    "ở": 0xEB, "ủ": 0xF1, "đ": 0xAE, "Đ": 0xA7, "Â": 0xA2, "ư": 0xAD, "ờ": 0xEA, "ị": 0xDE,
}
VNI_SEQUENCES = {
    "à": "aø", "á": "aù", "ả": "aû", "â": "aâ", "ê": "eâ", "ệ": "eä", "ô": "oâ", "ộ": "oä", "ố": "oá",
    "ở": "ôû", "ủ": "uû", "đ": "ñ", "Đ": "Ñ", "ư": "ö", "ờ": "ôø", "ị": "ò", "Ô": "OÂ",
}
LEGACY_SENTENCE = "Việt Nam là một quốc gia ở Đông Nam. Thủ đô của Việt Nam là Hà Nội. Người dân đi bộ."


def to_tcvn3(text: str) -> bytes:
    """Encode ``text`` in TCVN3 with the hand-written table above (ASCII passes through)."""
    return bytes(TCVN3_BYTES.get(char, ord(char)) for char in text)


def to_vni(text: str) -> bytes:
    """Encode ``text`` in VNI (bytes as Windows-1252 characters) with the table above."""
    return "".join(VNI_SEQUENCES.get(char, char) for char in text).encode("cp1252")


def to_cp1258(text: str) -> bytes:
    """Encode ``text`` in Windows-1258: base letters precomposed, tone marks as combining bytes."""
    pieces = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in tones))
        pieces.append(base + tones)
    return "".join(pieces).encode("cp1258")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("plain.txt", TEXT.encode("utf-8"), "utf-8"),
        ("bom.txt", TEXT.encode("utf-8-sig"), "utf-8-sig"),
        ("le.txt", b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
        ("be.txt", b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        ("utf32.txt", TEXT.encode("utf-32"), "utf-32"),
        ("windows.txt", to_cp1258(TEXT), "windows-1258"),
    ],
)
def test_reads_every_supported_encoding(tmp_path: Path, name: str, data: bytes, encoding: str) -> None:
    article = read_article(write(tmp_path, name, data))
    assert isinstance(article, Article)
    assert article.encoding == encoding
    assert article.text == EXPECTED
    assert unicodedata.is_normalized("NFC", article.text)
    assert article.article_id == Path(name).stem
    assert article.path == str(tmp_path / name)
    assert "\r" in article.original and "\ufeff" not in article.original


def test_windows_1258_original_keeps_combining_marks(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "cp.txt", to_cp1258(SENTENCE)))
    assert "\u0323" in article.original
    assert article.text == SENTENCE


def test_decomposed_utf8_is_normalised_to_nfc(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "nfd.txt", unicodedata.normalize("NFD", SENTENCE).encode()))
    assert article.text == SENTENCE
    assert article.original == unicodedata.normalize("NFD", SENTENCE)


def test_normalize_text_fixes_newlines_composition_and_no_break_spaces() -> None:
    assert normalize_text("a\r\nb\rc\n\nd") == "a\nb\nc\n\nd"
    assert normalize_text(unicodedata.normalize("NFD", "Việt Nam\u00a0 x")) == "Việt Nam  x"
    assert normalize_text(SENTENCE) == SENTENCE


def test_accepts_english_text(tmp_path: Path) -> None:
    assert read_article(write(tmp_path, "en.txt", b"Hello world. This is English.\n")).encoding == "utf-8"


@pytest.mark.parametrize(
    ("name", "data", "legacy"),
    [
        ("tcvn3.txt", to_tcvn3(LEGACY_SENTENCE), "TCVN3"),
        ("tcvn3-in-utf8.txt", to_tcvn3(LEGACY_SENTENCE).decode("latin-1").encode("utf-8"), "TCVN3"),
        ("vni.txt", to_vni(LEGACY_SENTENCE), "VNI"),
        ("vni-in-utf8.txt", to_vni(LEGACY_SENTENCE).decode("cp1252").encode("utf-8"), "VNI"),
    ],
)
def test_refuses_legacy_font_encodings(tmp_path: Path, name: str, data: bytes, legacy: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert str(caught.value) == f"{path}: looks like {legacy} (legacy font encoding); convert it to Unicode first"


def test_legacy_samples_are_the_known_mojibake() -> None:
    assert to_tcvn3("Việt Nam").decode("cp1252") == "ViÖt Nam"
    assert to_vni("Việt Nam").decode("cp1252") == "Vieät Nam"


def test_refusals_name_the_file_on_one_line(tmp_path: Path) -> None:
    cases = {
        "missing.txt": (None, "no such file"),
        "empty.txt": (b"", "is empty"),
        "blank.txt": (b" \n\t\r\n  ", "contains only whitespace"),
        "nul.bin": (b"PK\x03\x04\x00\x00binary\x00data" * 20, "binary"),
        "controls.bin": (bytes(range(1, 32)) * 40, "binary"),
        "utf16-no-bom.txt": (SENTENCE.encode("utf-16-le"), "UTF-16"),
        "utf16be-no-bom.txt": (SENTENCE.encode("utf-16-be"), "UTF-16"),
        "program.txt": (Path(sys.executable).read_bytes()[:3000], "binary file"),  # NULs on both sides: not UTF-16
        "latin1.txt": ("Café crème brûlée".encode("latin-1"), "offset 3"),
        "bad-utf16.txt": (b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8", "UTF-16"),
    }
    for name, (data, fragment) in cases.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        with pytest.raises(InputError) as caught:
            read_article(path)
        message = str(caught.value)
        assert message.startswith(f"{path}: "), message
        assert fragment in message, message
        assert "\n" not in message


def test_undecodable_bytes_report_byte_and_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", b"Xin chao \xff\xfe\x81 ban")
    with pytest.raises(InputError, match=r"byte 0xFF at offset 9"):
        read_article(path)


def test_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_article(fifo)


def test_reads_the_seed_articles() -> None:
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    assert seeds
    for seed in seeds:
        article = read_article(seed)
        assert article.encoding == "utf-8"
        assert article.text == seed.read_text(encoding="utf-8").replace("\u00a0", " ")


def test_common_vietnamese_words_come_from_their_word_list(tmp_path, monkeypatch) -> None:
    """vietnamese_score counts the words of common_vietnamese_words.tsv (with diacritics); the user's file adds words."""
    from songngu.text.legacy import vietnamese_score

    assert vietnamese_score("Người dân của phố") == (3, 0.75)
    assert vietnamese_score("Xin chào bạn") == (0, 0.0)
    (tmp_path / "common_vietnamese_words.tsv").write_text("chào\nbạn\n", encoding="utf-8")
    monkeypatch.setenv("SONGNGU_WORDLISTS", str(tmp_path))
    assert vietnamese_score("Xin chào bạn") == (2, 2 / 3)
