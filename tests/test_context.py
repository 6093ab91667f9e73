"""Paragraph-context translation: runs translated together, the English aligned back into whole pairs."""
from __future__ import annotations

from songngu import translate_articles
from songngu.export.rows import article_rows, is_pair
from songngu.run.assemble import assemble, segment_text
from songngu.run.context import distribute, sentence_runs
from songngu.text import segment_article
from songngu.translate import Translation, load_translator
from songngu.translate.base import TranslatorInfo
from tests.tinymodels import MEMORISED_PAIRS

VI = [vi for vi, _ in MEMORISED_PAIRS]
EN = [en for _, en in MEMORISED_PAIRS]
INFO = TranslatorInfo("tiny", "local", "transformers", {})


def test_runs_stop_at_paragraphs_and_untranslated_kinds():
    segments = segment_article(f"{VI[0]} {VI[1]}\nẢnh: AP\n{VI[2]} {VI[3]} {VI[4]}")
    runs = sentence_runs(segments, {"sentence", "heading"})
    assert [[segment.text for segment in run.segments] for run in runs] == [[VI[0], VI[1]], [VI[2], VI[3], VI[4]]]


def test_english_of_a_run_is_shared_one_to_one_when_it_aligns():
    segments = segment_article(f"{VI[2]} {VI[7]} {VI[1]}")
    [run] = sentence_runs(segments, {"sentence"})
    links = distribute(run, Translation(" ".join([EN[2], EN[7], EN[1]]), logprob=-0.5))
    assert [(len(link.segments), link.english) for link in links] == [(1, EN[2]), (1, EN[7]), (1, EN[1])]
    assert all(link.link == "1-1" and 0 <= link.align_score <= 1 and link.logprob == -0.5 for link in links)


def test_a_two_to_one_link_is_one_pair_holding_both_sentences_and_all_the_english():
    text = f"{VI[2]} {VI[8]} {VI[1]}"
    merged = f"{EN[2]} {EN[8][:-1]} and {EN[1][0].lower()}{EN[1][1:]}"
    article = segment_text("a", text)
    [translated] = assemble([article], {text: Translation(merged)}, INFO, {"sentence"}, "paragraph")
    rows = article_rows(translated)
    pairs = [row for row in rows if is_pair(row)]
    assert " ".join(row["translation"]["en"] for row in pairs).split() == merged.split()
    assert " ".join(row["translation"]["vi"] for row in pairs).split() == text.split()
    for row in pairs:
        assert row["translation"]["vi"] == translated.text[row["start"]:row["end"]]
        sources, targets = map(int, row["link"].split("-"))
        assert sources == len([vi for vi in (VI[2], VI[8], VI[1]) if vi in row["translation"]["vi"]])
    assert any(row["link"] == "2-1" for row in pairs)
    assert all(row["translation"]["en"] for row in rows)  # no Vietnamese sentence left with another's English


def test_a_repeat_of_a_merged_sentence_gets_no_english():
    text = f"{VI[2]} {VI[8]} {VI[1]}\n{VI[8]}"
    merged = f"{EN[2]} {EN[8][:-1]} and {EN[1][0].lower()}{EN[1][1:]}"
    article = segment_text("a", text)
    [translated] = assemble([article], {f"{VI[2]} {VI[8]} {VI[1]}": Translation(merged)}, INFO, {"sentence"}, "paragraph")
    repeat = translated.segments[-1]
    assert repeat.segment.repeat_of is not None
    merged_with_it = [item for item in translated.segments if len(item.segments) > 1 and repeat.segment.repeat_of in
                      [segment.index for segment in item.segments]]
    assert repeat.english == ("" if merged_with_it else repeat.english)


def test_paragraph_context_through_the_api(memorised_marian_dir):
    text = f"{VI[2]} {VI[7]}\n{VI[8]}"
    translator = load_translator(memorised_marian_dir, backend="transformers")
    article = translate_articles({"a": text}, translator=translator, context="paragraph", memory=False)["a"]
    assert article.settings["context"] == "paragraph"
    run_english = translator.translate([f"{VI[2]} {VI[7]}"])[0].text
    first_paragraph = " ".join(item.english for item in article.segments if item.segment.paragraph == 0 and item.english)
    assert first_paragraph.split() == run_english.split()
    assert " ".join(item.text for item in article.segments if item.segment.paragraph == 0) == f"{VI[2]} {VI[7]}"
    last = article.segments[-1]
    assert last.english == EN[8] and last.link == "1-1"


def test_a_chunk_counts_the_inputs_segments_not_its_rows(tmp_path):
    """With --context paragraph the summary said 95 segments instead of 97 when a forced English made a 2-1 link:
    it counted rows, and a row of a 2-1 link holds two segments."""
    from songngu.run.assemble import texts_to_translate
    from songngu.run.stages import ChunkJob, PreparedChunk, finish_translation

    text = f"{VI[2]} {VI[8]} {VI[1]}"
    merged = f"{EN[2]} {EN[8][:-1]} and {EN[1][0].lower()}{EN[1][1:]}"
    article = segment_text("a", text)
    prepared = PreparedChunk(0, [article], texts=texts_to_translate([article], {"sentence"}, "paragraph"))
    assert prepared.texts == [text]
    job = ChunkJob(tmp_path, frozenset({"sentence"}), "paragraph", translator=INFO)
    record = finish_translation(prepared, [Translation(merged)], job)
    assert record["rows"] < len(article.segments) == 3
    assert record["segments"] == 3
