"""Paragraph-context translation: runs translated together, English shared out without loss."""
from __future__ import annotations

from songngu import translate_articles
from songngu.context import distribute, sentence_runs
from songngu.text import segment_article
from songngu.translate import Translation, load_translator
from tests.tinymodels import MEMORISED_PAIRS

VI = [vi for vi, _ in MEMORISED_PAIRS]
EN = [en for _, en in MEMORISED_PAIRS]


def test_runs_stop_at_paragraphs_and_untranslated_kinds():
    segments = segment_article(f"{VI[0]} {VI[1]}\nẢnh: AP\n{VI[2]} {VI[3]} {VI[4]}")
    runs = sentence_runs(segments, {"sentence", "heading"})
    assert [[segment.text for segment in run.segments] for run in runs] == [[VI[0], VI[1]], [VI[2], VI[3], VI[4]]]


def test_english_of_a_run_is_shared_one_to_one_when_it_aligns():
    segments = segment_article(f"{VI[2]} {VI[7]} {VI[1]}")
    [run] = sentence_runs(segments, {"sentence"})
    shares = distribute(run, Translation(" ".join([EN[2], EN[7], EN[1]]), logprob=-0.5))
    assert [shares[segment.index].english for segment in segments] == [EN[2], EN[7], EN[1]]
    assert all(share.link == "1-1" and 0 <= share.align_score <= 1 and share.logprob == -0.5 for share in shares.values())


def test_merged_english_gives_a_two_to_one_link_and_loses_nothing():
    segments = segment_article(f"{VI[2]} {VI[8]} {VI[1]}")
    [run] = sentence_runs(segments, {"sentence"})
    merged = f"{EN[2]} {EN[8][:-1]} and {EN[1][0].lower()}{EN[1][1:]}"
    shares = distribute(run, Translation(merged))
    english = [shares[segment.index].english for segment in segments]
    assert " ".join(part for part in english if part).split() == merged.split()
    assert {share.link for share in shares.values()} <= {"1-1", "2-1", "1-2", "1-0"}


def test_paragraph_context_through_the_api(memorised_marian_dir):
    text = f"{VI[2]} {VI[7]}\n{VI[8]}"
    translator = load_translator(memorised_marian_dir, backend="transformers")
    [article] = translate_articles({"a": text}, translator=translator, context="paragraph")
    assert article.settings["context"] == "paragraph"
    run_english = translator.translate([f"{VI[2]} {VI[7]}"])[0].text
    first_paragraph = " ".join(item.english for item in article.segments[:2] if item.english)
    assert first_paragraph.split() == run_english.split()
    assert article.segments[2].english == EN[8] and article.segments[2].link == "1-1"
