"""Glossary files: format, matching rules, and bad files refused in one line (exit 2)."""
from __future__ import annotations

import unicodedata

import pytest

from songngu.errors import UsageError
from songngu.translate.glossary import count_exact, load_glossary, parse_glossary
from tests.test_cli_errors import assert_one_line
from tests.helpers import run_cli


def test_tsv_with_comments_header_and_notes(tmp_path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("# our terms\nVietnamese\tEnglish\n\nHà Nội\tHa Noi City\tcity name\nBộ Y tế\tHealth Ministry\n", encoding="utf-8")
    glossary = load_glossary(path)
    assert glossary.entries == (("Hà Nội", "Ha Noi City"), ("Bộ Y tế", "Health Ministry"))
    assert len(glossary.digest) == 64 and glossary.card() == {"terms": 2, "sha256": glossary.digest}


def test_csv_with_quotes(tmp_path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text('vi,en\n"Hồ Chí Minh, Thành phố",HCMC\nTrung Quốc,China\n', encoding="utf-8")
    assert load_glossary(path).entries == (("Hồ Chí Minh, Thành phố", "HCMC"), ("Trung Quốc", "China"))


def test_a_first_line_naming_the_columns_says_where_each_side_is() -> None:
    """A header `en<TAB>vi` was read as a term 'en' → 'vi', and every term after it backwards: nothing matched."""
    assert parse_glossary("en\tvi\nHa Noi City\tHà Nội\n", "g").entries == (("Hà Nội", "Ha Noi City"),)
    assert parse_glossary("note\tEnglish\tVietnamese\ncity\tHa Noi City\tHà Nội\n", "g").entries == (("Hà Nội", "Ha Noi City"),)
    with pytest.raises(UsageError, match="line 3: 2 columns, but its first line names column 3"):
        parse_glossary("note\ten\tvi\ncity\tHa Noi City\tHà Nội\nHuế\tHue\n", "g")


@pytest.mark.parametrize("header", ["Tiếng Việt\tTiếng Anh", "tieng viet\tTIENG ANH", "TIẾNG VIỆT\ttiếng anh\tghi chú",
                                    "Vietnamese term\tEnglish term", "Tiếng Anh\tTiếng Việt"])
def test_vietnamese_and_spelled_out_column_names_are_a_header(header: str) -> None:
    """A header `Tiếng Việt<TAB>Tiếng Anh` was read as a required term: 'Tiếng Việt' in an article forced 'Tiếng Anh' into its English."""
    body = "MOH\tBộ Y tế\n" if header.startswith("Tiếng Anh") else "Bộ Y tế\tMOH\n"
    assert parse_glossary(f"{header}\n{body}", "g").entries == (("Bộ Y tế", "MOH"),)


@pytest.mark.parametrize("line", ["Phở\tphở", "Tiếng Việt\tVietnamese", "foo\tbar", "Nguồn\tsource", "Zürich\tZürich",
                                  "Cà phê Sài Gòn\tSaigon café", "Hồ Chí Minh\tHo Chi Minh"])
def test_a_first_line_that_is_a_term_stays_a_term(line: str) -> None:
    vi, en = line.split("\t")
    assert parse_glossary(f"{line}\nBộ Y tế\tMOH\n", "g").entries == ((vi, en), ("Bộ Y tế", "MOH"))


def test_a_header_like_term_is_a_term_below_a_header() -> None:
    assert parse_glossary("vi\ten\nTừ\tNghĩa\nvi\tmeaning\n", "g").entries == (("Từ", "Nghĩa"), ("vi", "meaning"))
    assert parse_glossary("Tiếng Việt,Tiếng Anh\nTừ,Nghĩa\n", "g", csv_format=True).entries == (("Từ", "Nghĩa"),)
    with pytest.raises(UsageError, match="put a vi,en line above it"):
        parse_glossary("Từ,Nghĩa\nBộ Y tế,MOH\n", "g", csv_format=True)


def test_english_with_vietnamese_letters_on_the_first_line_is_a_term_where_other_lines_have_them_too() -> None:
    assert len(parse_glossary("Phở bò\tbeef phở\nBún chả\tgrilled pork bún chả\n", "g")) == 2
    assert len(parse_glossary("Từ\tNghĩa\n", "g")) == 1  # nothing to compare with: read as written


def test_terms_and_sentences_are_compared_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Hà Nội")
    glossary = parse_glossary(f"{decomposed}\tHa Noi City\n", "g")
    assert [term.vi for term in glossary.occurrences("Tôi sống ở Hà Nội.")] == ["Hà Nội"]
    assert [term.vi for term in glossary.occurrences(unicodedata.normalize("NFD", "ở Hà Nội."))] == ["Hà Nội"]


def test_whole_words_case_as_written_longest_first() -> None:
    glossary = parse_glossary("Hồ Chí Minh\tHo Chi Minh\nThành phố Hồ Chí Minh\tHCMC\nNam\tSouth\n", "g")
    found = glossary.occurrences("Thành phố Hồ Chí Minh và Hồ Chí Minh; Nam Định, nam, Namibia, Nam.")
    assert [(term.vi, term.en) for term in found] == [
        ("Thành phố Hồ Chí Minh", "HCMC"), ("Hồ Chí Minh", "Ho Chi Minh"), ("Nam", "South"), ("Nam", "South"),
    ]


def test_each_occurrence_needs_its_own_copy_of_the_english() -> None:
    glossary = parse_glossary("Hà Nội\tHanoi\n", "g")
    sentence = "Hà Nội và Hà Nội."
    assert glossary.terms_kept(sentence, "Hanoi and the capital.") == (1, 2)
    assert glossary.terms_kept(sentence, "Hanoi and Hanoi.") == (2, 2)
    assert glossary.terms_kept(sentence, "hanoi and Hanoians.") == (0, 2)  # exact, whole words
    assert count_exact("Hanoi's Hanoi", "Hanoi") == 2


def test_identical_duplicates_are_one_term() -> None:
    assert len(parse_glossary("Hà Nội\tHanoi\nHà Nội\tHanoi\n", "g")) == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"H\xe0 N\xf4i\tHanoi\n", ["not UTF-8", "save it as UTF-8"]),
        ("Hà Nội\n".encode(), ["line 1", "one column"]),
        ("Hà Nội\tHanoi\n\tSouth\n".encode(), ["line 2", "empty Vietnamese"]),
        ("Hà Nội\t\n".encode(), ["line 1", "empty English"]),
        ("Hà Nội\tHanoi\nHà Nội\tHa Noi\n".encode(), ["lines 1 and 2", "two English terms", "keep one"]),
        ("# nothing yet\n".encode(), ["no terms"]),
        ("en\tnote\tvi\nHanoi\tcity\tHà Nội\nHue\tHuế\n".encode(), ["line 3", "its first line names column 3"]),
        ("# mine\nTừ\tNghĩa\nBộ Y tế\tMOH\n".encode(), ["line 2", "'Từ', 'Nghĩa' looks like a header row", "Vietnamese letters",
                                                          "no other line's", "vi<TAB>en", "if it is a term"]),
        ("vi\tmeaning\nBộ Y tế\tMOH\n".encode(), ["line 1", "looks like a header row (it names a column)", "vi<TAB>en"]),
        ("Thuật ngữ\tTieng Anh\nBộ Y tế\tMOH\n".encode(), ["line 1", "it names a column"]),
    ],
)
def test_bad_glossaries_are_one_line_exit_2(tmp_path, content: bytes, words: list[str]) -> None:
    path = tmp_path / "terms.tsv"
    path.write_bytes(content)
    with pytest.raises(UsageError):
        load_glossary(path)
    result = run_cli("translate", "seeds", "-o", str(tmp_path / "out"), "--glossary", str(path), "--no-memory")
    assert_one_line(result, 2, "glossary", str(path), *words)
    assert not (tmp_path / "out").exists()


def test_eval_needs_a_reference_a_glossary_or_sources(tmp_path) -> None:
    hypothesis = tmp_path / "hyp.en"
    hypothesis.write_text("Hanoi\n", encoding="utf-8")
    assert_one_line(run_cli("eval", "--hyp", str(hypothesis)), 2, "--ref", "--glossary", "--src")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Hà Nội\tHanoi\n", encoding="utf-8")
    assert_one_line(run_cli("eval", "--hyp", str(hypothesis), "--glossary", str(glossary)), 2, "--src")
