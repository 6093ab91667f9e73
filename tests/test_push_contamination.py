"""Keeping test-set segments out of published data."""
from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from songngu.errors import InputError
from songngu.export.contamination import MIN_SENTENCE_WORDS, HeldOutText, load_test_sets, normalise_segment, overlap_reason
from songngu.export.hub import PushResult
from songngu.text import split_sentences
from tests.helpers import output_rows, run_cli
from tests.hub_server import HubServer

HUB_TOKEN = "hf_contamination_token"

# FLORES-200 devtest line 2 (vie_Latn / eng_Latn), CC BY-SA 4.0, Meta AI (NLLB team).
FLORES_VIE = "Giống như một số chuyên gia khác, ông ấy hoài nghi về khả năng chữa bệnh tiểu đường."
FLORES_ENG = '"We now have 4-month-old mice that are non-diabetic that used to be diabetic," he added.'


def test_normalisation_ignores_unicode_form_case_and_spacing() -> None:
    decomposed = "Giô\u0301ng  như\tMỘT"  # "ố" as o + circumflex + combining acute
    assert normalise_segment(decomposed) == normalise_segment(" Giống như một ") == "giống như một"


def test_rows_matching_either_side_are_dropped_with_a_reason(tmp_path: Path) -> None:
    vie, eng = tmp_path / "flores.vie", tmp_path / "flores.eng"
    vie.write_text(f"{FLORES_VIE}\n\n", encoding="utf-8")
    eng.write_text(f"{FLORES_ENG}\n", encoding="utf-8")
    test_segments = load_test_sets([vie, eng])
    assert test_segments.lines == {normalise_segment(FLORES_VIE), normalise_segment(FLORES_ENG)}

    pairs = [
        ("Một câu bình thường.", "An ordinary sentence."),
        (FLORES_VIE.upper(), "Like other experts, he doubts a cure."),
        ("Chúng tôi có chuột.", "  " + FLORES_ENG.replace(" ", "  ")),
        ("Tiêu đề", ""),
        (FLORES_VIE, FLORES_ENG),
    ]
    assert [overlap_reason(vi, en, test_segments) for vi, en in pairs] == [None, "vi", "en", None, "vi+en"]


def test_no_test_sets_keeps_everything() -> None:
    assert overlap_reason("Một.", "One.", load_test_sets([])) is None


def test_unreadable_test_sets_are_one_line_errors(tmp_path: Path) -> None:
    binary = tmp_path / "model.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    blank = tmp_path / "blank.eng"
    blank.write_text("\n  \n", encoding="utf-8")
    for path, problem in [(tmp_path / "missing.vie", "no such file"), (binary, "not UTF-8"),
                          (blank, "no segments"), (tmp_path, "is a folder")]:
        with pytest.raises(InputError) as caught:
            load_test_sets([path])
        message = str(caught.value)
        assert message.startswith(f"{path}: ") and problem in message and "\n" not in message


# The FLORES-200 devtest files the tiny models are trained on (tests/data/models/README.md).
FLORES = Path(__file__).parent / "data" / "models" / "flores200-devtest-first500"
FLORES_FILES = [FLORES.with_suffix(".vie"), FLORES.with_suffix(".eng")]


def _flores_lines(number: int) -> tuple[str, str]:
    """FLORES devtest line ``number`` (counted from 1): its Vietnamese and its English."""
    vie, eng = (path.read_text(encoding="utf-8").splitlines()[number - 1] for path in FLORES_FILES)
    return vie, eng


@pytest.fixture(scope="module")
def flores() -> HeldOutText:
    return load_test_sets(FLORES_FILES)


def test_a_sentence_of_a_multi_sentence_test_line_is_dropped_on_either_side(flores: HeldOutText) -> None:
    vie, eng = _flores_lines(5)  # three sentences on each side
    vi_sentences, en_sentences = split_sentences(vie), split_sentences(eng)
    assert len(vi_sentences) == len(en_sentences) == 3
    for vi, en in zip(vi_sentences, en_sentences):
        assert overlap_reason(vi, "An unrelated English sentence of a news article.", flores) == "vi"
        assert overlap_reason("Một câu tiếng Việt khác hẳn của bài báo.", en.upper(), flores) == "en"
        assert overlap_reason(vi, en, flores) == "vi+en"
    assert overlap_reason("Một câu tiếng Việt khác hẳn của bài báo.", "An unrelated English sentence of a news article.", flores) is None


def test_rows_holding_test_sentences_among_others_are_dropped(flores: HeldOutText) -> None:
    first, second = split_sentences(_flores_lines(333)[0])  # a 2-1 link's Vietnamese: both sentences
    ordinary = "Hôm nay Hà Nội mưa rất to suốt buổi chiều."
    merged = [
        f"{ordinary} {second}",  # a 2-1 row: an ordinary sentence and a test sentence
        f"{first} {ordinary}",
        f"Tin thế giới mới nhất {first}",  # an unpunctuated heading joined to a sentence in one row
        f"{split_sentences(_flores_lines(5)[0])[2]} {ordinary}",  # a sentence with a closing quote
    ]
    assert [flores.overlaps(text) for text in merged] == [True] * len(merged)
    assert not flores.overlaps(f"{ordinary} Tháng trước, ông đã ký dự luật.")


def test_short_sentences_of_longer_lines_count_only_as_whole_lines(tmp_path: Path, flores: HeldOutText) -> None:
    sentences = split_sentences(_flores_lines(321)[1])
    assert sentences[1] == "My first manager." and sentences[-1] == 'Strong woman."'  # everyday phrases, not the test item
    assert not any(flores.overlaps(text) for text in ("My first manager.", 'Strong woman."', "Strong woman."))
    assert flores.overlaps("Pretty unique just like her.")
    test_set = tmp_path / "short.eng"
    test_set.write_text("Yes.\nYes. I am sure of it now.\n", encoding="utf-8")
    held_out = load_test_sets([test_set])
    assert held_out.overlaps("yes.")  # a whole line, however short
    assert held_out.overlaps("I am sure of it now.")  # MIN_SENTENCE_WORDS words
    assert not held_out.overlaps("Yes. We will go to the market tomorrow.")
    assert MIN_SENTENCE_WORDS == 4


def test_punctuation_and_whole_words_count(flores: HeldOutText) -> None:
    sentence = split_sentences(_flores_lines(333)[0])[1]
    assert sentence.endswith("đồng giới.")
    assert not flores.overlaps(sentence[:-1] + ", nhưng sau đó rút lại.")  # not where it ends
    assert not flores.overlaps("X" + sentence)  # the first word is not whole
    assert flores.overlaps("  " + sentence.upper().replace(" ", " \t "))


def test_test_set_lines_are_read_as_songngu_reads_an_article(tmp_path: Path) -> None:
    test_set = tmp_path / "escaped.eng"
    test_set.write_text("Tom &amp; Jerry stayed home all day. They watched the rain.\n", encoding="utf-8")
    held_out = load_test_sets([test_set])
    assert held_out.overlaps("Tom & Jerry stayed home all day.")
    assert held_out.overlaps("Tom &amp; Jerry stayed home all day. They watched the rain.")


def test_the_push_line_counts_in_the_singular_and_plural() -> None:
    def line(dropped: int, duplicates: int) -> str:
        return PushResult(repo_id="alice/news", repo_url="http://hub/datasets/alice/news", commit="0" * 40, private=False,
                          splits={"pairs": {"train": 3}, "segments": {"train": 4}}, articles={"train": 1},
                          dropped=dropped, duplicates=duplicates).line()

    assert line(1, 1).endswith("1 row dropped as test-set overlaps, 1 repeated pair left out of pairs")
    assert line(2, 0).endswith("2 rows dropped as test-set overlaps, 0 repeated pairs left out of pairs")


def _published_rows(hub: HubServer, repo_id: str, config: str) -> list[dict]:
    """Every row of one config in the repository's head, read from the Parquet files the push committed."""
    with hub.state.lock:
        files = dict(hub.state.repo("datasets", repo_id).resolve("main").files)
    tables = [pq.read_table(io.BytesIO(stored.content)) for path, stored in sorted(files.items())
              if path.startswith(f"{config}/") and path.endswith(".parquet")]
    return [row for table in tables for row in table.to_pylist()]


def _hub_env(hub: HubServer, home: Path) -> dict[str, str]:
    return {"HF_ENDPOINT": hub.url, "HF_TOKEN": HUB_TOKEN, "HF_HUB_DISABLE_XET": "1", "HF_HOME": str(home / "hf"),
            "HF_HUB_DISABLE_PROGRESS_BARS": "1"}


def _flores_sentences(paths: list[Path]) -> set[str]:
    return {normalise_segment(sentence) for path in paths for line in path.read_text(encoding="utf-8").splitlines()
            for sentence in split_sentences(line) if len(sentence.split()) >= MIN_SENTENCE_WORDS}


@contextmanager
def _translated_and_pushed(tmp_path: Path, model: Path, lines: list[str], out: Path, repo_id: str) -> Iterator[tuple[HubServer, subprocess.CompletedProcess]]:
    """``lines`` as one article, translated into ``out`` and pushed to ``repo_id`` on a local Hub with FLORES's
    Vietnamese excluded: the Hub, still serving, and the push's result."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    translated = run_cli("translate", str(articles), "--model", str(model), "-o", str(out), "--no-progress")
    assert translated.returncode == 0, translated.stderr
    with HubServer({HUB_TOKEN: "tester"}) as hub:
        yield hub, run_cli("push", str(out), repo_id, "--exclude-test-set", str(FLORES_FILES[0]), "--no-progress",
                           env=_hub_env(hub, tmp_path))


def test_push_publishes_no_sentence_of_a_translated_test_line(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """The user trial: an article holding FLORES lines 5 (three sentences) and 1, translated, pushed with the .vie excluded."""
    lines = ["Hôm nay Hà Nội mưa rất to suốt buổi chiều.", _flores_lines(5)[0], _flores_lines(1)[0]]
    out = tmp_path / "out_leak"
    with _translated_and_pushed(tmp_path, tiny_marian_dir, lines, out, "tester/leak") as (hub, pushed):
        assert pushed.returncode == 0, pushed.stderr
        segments = _published_rows(hub, "tester/leak", "segments")
        card = hub.file("tester/leak", "README.md").content.decode("utf-8")
    assert [row["translation"]["vi"] for row in segments] == [lines[0]]
    dropped = len(output_rows(out)) - 1  # line 5's three sentences and line 1, in rows linked as the model's English allows
    assert f"{dropped} rows dropped as test-set overlaps" in pushed.stdout
    assert f"| test-set overlaps dropped | {dropped} |" in card and f"dropped {dropped} rows whose" in card


def test_push_of_an_aligned_corpus_publishes_no_test_sentence_on_either_side(tmp_path: Path) -> None:
    """Reference English aligned to its Vietnamese: lines 5 (3-3 sentences), 333 (2-1) and 1, amid news sentences."""
    numbers = [5, 333, 1]
    vie = ["Hôm nay Hà Nội mưa rất to suốt buổi chiều.", *(_flores_lines(number)[0] for number in numbers),
           "Giá xăng giảm nhẹ từ chiều nay."]
    eng = ["It rained very heavily in Hanoi all afternoon today.", *(_flores_lines(number)[1] for number in numbers),
           "Petrol prices fell slightly from this afternoon."]
    (tmp_path / "vi.txt").write_text("\n".join(vie) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(eng) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    aligned = run_cli("align", str(tmp_path / "vi.txt"), str(tmp_path / "en.txt"), "-o", str(out), "--no-progress")
    assert aligned.returncode == 0, aligned.stderr
    with HubServer({HUB_TOKEN: "tester"}) as hub:
        pushed = run_cli("push", str(out), "tester/aligned", *(f"--exclude-test-set={path}" for path in FLORES_FILES),
                         "--no-progress", env=_hub_env(hub, tmp_path))
        assert pushed.returncode == 0, pushed.stderr
        segments = _published_rows(hub, "tester/aligned", "segments")
    held_out = _flores_sentences(FLORES_FILES)
    published = [(row["translation"]["vi"], row["translation"]["en"]) for row in segments]
    assert published and all(normalise_segment(sentence) not in held_out
                             for pair in published for side in pair for sentence in split_sentences(side))
    assert {vi for vi, _ in published} == {vie[0], vie[-1]}


def test_a_push_that_would_publish_no_pair_is_refused_and_sends_nothing(tmp_path: Path, tiny_marian_dir: Path) -> None:
    """Every pair overlapped the test set, a caption row was left: the push exited 0 with 'pairs: ;' and a card whose
    default config listed no file, so load_dataset(repo) failed."""
    lines = [_flores_lines(5)[0], "Ảnh: AP"]
    with _translated_and_pushed(tmp_path, tiny_marian_dir, lines, tmp_path / "out", "tester/nopairs") as (hub, pushed):
        with hub.state.lock:
            created = ("datasets", "tester/nopairs") in hub.state.repos
    assert pushed.returncode == 1, pushed.stderr
    [line] = pushed.stderr.strip().splitlines()
    assert "no pair to publish: of the 1 row left, none is a pair" in line and "nothing was sent" in line, line
    assert not created
