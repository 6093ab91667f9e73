"""Required terms are forced into the English by decoding from a prefix; nothing else changes.

The tiny models' English is gibberish (random weights) or memorised, so these tests check
properties that hold for any model: every required term is there exactly as often as the
source asks, the English before the term is the model's first translation, the model still
writes the rest, and sentences without terms are byte-identical to a run without a glossary.
"""
from __future__ import annotations

import json

import pytest

from songngu import translate_articles
from songngu.translate import load_translator
from songngu.translate.forcing import enforce_terms
from songngu.translate.glossary import count_exact, parse_glossary
from tests.helpers import output_rows, run_cli
from tests.tinymodels import MEMORISED_PAIRS

GLOSSARY = parse_glossary("Hà Nội\tHa Noi City\ncuối tuần\tweekend days\nBộ Y tế\tMinistry of Health (MOH)\n", "test")
WITH_TERMS = [
    "Nhiệt độ ở Hà Nội có thể lên tới 38 độ vào cuối tuần này.",
    "Bộ Y tế khuyến cáo người dân nên rửa tay thường xuyên.",
    "Hà Nội và Hà Nội đều có mưa.",
]
WITHOUT_TERMS = [MEMORISED_PAIRS[0][0], MEMORISED_PAIRS[8][0], "Người dân sẽ làm gì khi giá xăng tiếp tục tăng?"]
MODELS = ["tiny_marian_dir", "tiny_nllb_dir", "memorised_marian_dir"]
BACKENDS = ["ctranslate2", "transformers"]


def _squeezed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("model_fixture", MODELS)
def test_every_required_term_is_forced_in_and_the_model_writes_the_rest(model_fixture, backend, request) -> None:
    translator = load_translator(request.getfixturevalue(model_fixture), backend=backend)
    sources = WITH_TERMS + WITHOUT_TERMS
    plain = translator.translate(sources)
    forced, report = enforce_terms(translator, sources, plain, GLOSSARY.missing)
    assert report.retranslated == sum(bool(GLOSSARY.missing(source, t.text)) for source, t in zip(sources, plain))
    for source, before, after in zip(sources, plain, forced):
        terms = GLOSSARY.occurrences(source)
        kept, required = GLOSSARY.terms_kept(source, after.text)
        assert kept == required, (source, after.text)  # term accuracy 1.0
        for english in {term.en for term in terms}:  # each term as often as the source has it, not duplicated
            wanted = sum(term.en == english for term in terms)
            assert count_exact(after.text, english) == max(wanted, count_exact(before.text, english)), after.text
        if not GLOSSARY.missing(source, before.text):
            assert after == before  # untouched, byte for byte
            continue
        first = min(after.text.find(term.en) for term in terms)
        assert _squeezed(before.text).startswith(_squeezed(after.text[:first])), (before.text, after.text)
        last = max(after.text.rfind(term.en) + len(term.en) for term in terms)
        assert after.text[:first].strip() or after.text[last:].strip(), after.text  # the model wrote more than the term
        assert after.logprob is not None


@pytest.mark.parametrize("model_fixture", ["tiny_marian_dir", "tiny_nllb_dir"])
def test_random_models_continue_after_the_forced_term(model_fixture, request) -> None:
    """A random model never stops early: after the forced term, it keeps writing (nothing is truncated)."""
    translator = load_translator(request.getfixturevalue(model_fixture), backend="ctranslate2")
    sources = [WITH_TERMS[1]]
    forced, _ = enforce_terms(translator, sources, translator.translate(sources), GLOSSARY.missing)
    text = forced[0].text
    assert text[text.find("Ministry of Health (MOH)") + len("Ministry of Health (MOH)") :].strip()


def test_a_term_the_vocabulary_cannot_spell_is_written_literally(tiny_marian_dir) -> None:
    glossary = parse_glossary("Hà Nội\tĦà-Ŋội ★\n", "test")
    translator = load_translator(tiny_marian_dir, backend="ctranslate2")
    sources = [WITH_TERMS[0]]
    forced, report = enforce_terms(translator, sources, translator.translate(sources), glossary.missing)
    assert report.last_resort == 1
    assert count_exact(forced[0].text, "Ħà-Ŋội ★") == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_sentences_without_terms_are_byte_identical_to_a_run_without_glossary(memorised_marian_dir, backend) -> None:
    articles = {"a": "\n".join(WITH_TERMS + WITHOUT_TERMS), "b": "\n".join(vi for vi, _ in MEMORISED_PAIRS)}
    plain = translate_articles(articles, model=memorised_marian_dir, backend=backend, memory=False)
    forced = translate_articles(articles, model=memorised_marian_dir, backend=backend, memory=False, glossary=GLOSSARY)
    changed = 0
    for article_id in articles:
        for before, after in zip(plain[article_id], forced[article_id]):
            assert before.text == after.text
            if GLOSSARY.occurrences(before.text):
                kept, required = GLOSSARY.terms_kept(before.text, after.english)
                assert kept == required
                changed += after.english != before.english
            else:
                assert after.english.encode() == before.english.encode()
    assert changed >= 1


def test_translate_command_with_a_glossary(tiny_marian_dir, tmp_path) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("vi\ten\nHà Nội\tHa Noi City\nBộ Y tế\tMinistry of Health (MOH)\n", encoding="utf-8")
    article = tmp_path / "news" / "a.txt"
    article.parent.mkdir()
    article.write_text("\n".join(WITH_TERMS + WITHOUT_TERMS) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("translate", str(article.parent), "-o", str(out), "--model", str(tiny_marian_dir), "--glossary", str(glossary),
                     "--no-memory", "--no-progress", "--workers", "1")  # the glossary travels to a worker process
    assert result.returncode == 0, result.stderr
    assert "translated again for required terms" in result.stdout
    rows = output_rows(out)
    with_terms = [row for row in rows if "Hà Nội" in row["translation"]["vi"] or "Bộ Y tế" in row["translation"]["vi"]]
    assert with_terms and all(row["q_terms"] == 1.0 for row in with_terms)
    assert all(row["q_terms"] == 1.0 for row in rows if row["translated"])
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    loaded = parse_glossary(glossary.read_text(encoding="utf-8"), "g")
    assert run["settings"]["glossary"] == {"terms": 2, "sha256": loaded.digest}
    assert run["counts"]["retranslated"] == len(with_terms)
    card = (out / "README.md").read_text(encoding="utf-8")
    assert loaded.digest in card and "Ha Noi City" not in card  # its size and hash, never its content
    assert f"forced into it: {len(with_terms)} sentences." in card
    evaluation = run_cli("eval", "--hyp", str(out), "--glossary", str(glossary))
    assert evaluation.returncode == 0, evaluation.stderr
    assert evaluation.stdout.startswith(f"terms  1.000 per occurrence (4/4), 1.000 per sentence ({len(with_terms)}/{len(with_terms)})")
    assert "names" in evaluation.stdout


def test_the_translation_memory_keeps_the_models_own_english(memorised_marian_dir, tmp_path) -> None:
    articles = {"a": "\n".join(WITH_TERMS + WITHOUT_TERMS)}
    memory = tmp_path / "memory.sqlite"
    forced = translate_articles(articles, model=memorised_marian_dir, memory=memory, glossary=GLOSSARY)["a"]
    remembered = translate_articles(articles, model=memorised_marian_dir, memory=memory)["a"]
    plain = translate_articles(articles, model=memorised_marian_dir, memory=False)["a"]
    assert [item.english for item in remembered] == [item.english for item in plain]
    assert [item.english for item in forced] != [item.english for item in plain]
