"""The Python API takes the command line's options under their Python names and returns articles by id."""
from __future__ import annotations

import inspect

import pytest

from songngu import translate_article, translate_articles
from songngu.errors import UsageError
from tests.tinymodels import MEMORISED_PAIRS

VI = [vi for vi, _ in MEMORISED_PAIRS]


def test_api_and_cli_options_match() -> None:
    from songngu.cli import translate

    cli = {param.name for param in translate.params}
    api = set(inspect.signature(translate_article).parameters)
    for cli_name, api_name in [("model", "model"), ("backend", "backend"), ("device", "device"), ("compute_type", "compute_type"),
                               ("beams", "num_beams"), ("batch_size", "batch_size"), ("translate_kinds", "translate_kinds"),
                               ("context", "context"), ("memory", "memory"), ("glossary", "glossary"),
                               ("keep_names", "keep_names")]:
        assert cli_name in cli and api_name in api, (cli_name, api_name)


def test_compute_type_is_accepted_and_recorded(memorised_marian_dir, tmp_path) -> None:
    article = translate_article(VI[0], model=memorised_marian_dir, compute_type="float32", memory=tmp_path / "m.sqlite")
    assert article.settings["compute_type"] == "float32"
    assert article.segments[0].english


def test_translate_articles_returns_results_by_article_id(memorised_marian_dir) -> None:
    results = translate_articles({"b": VI[1], "a": VI[2]}, model=memorised_marian_dir, backend="transformers", memory=False)
    assert list(results) == ["b", "a"] and results["a"].segments[0].text == VI[2]
    unnamed = translate_articles([VI[3], VI[4]], model=memorised_marian_dir, backend="transformers", memory=False)
    assert list(unnamed) == ["article-0", "article-1"]


def test_unknown_kinds_and_contexts_are_usage_errors() -> None:
    with pytest.raises(UsageError):
        translate_article(VI[0], translate_kinds=["photo"])
    with pytest.raises(UsageError):
        translate_article(VI[0], context="article")


def test_translate_files_takes_one_path_given_as_a_string(memorised_marian_dir, tmp_path) -> None:
    """A string was read one character at a time: "seeds/" became the inputs s, e, e, d, s and / (the whole disk)."""
    import json

    from songngu.run import translate_files
    from tests.helpers import SEEDS

    summary = translate_files(str(SEEDS), tmp_path / "out", model=str(memorised_marian_dir), show_progress=False,
                              engine="local", memory=False, translate_kinds="sentence")
    assert summary.articles == 3
    assert json.loads((tmp_path / "out" / "run.json").read_text())["inputs"] == [str(SEEDS)]


@pytest.mark.parametrize("options", [
    {"threads": "2y1"}, {"threads": 0}, {"threads": 1.5}, {"num_beams": 0}, {"batch_size": -1}, {"model": 123},
    {"threads": "0x1"},
])
def test_bad_loader_arguments_are_usage_errors(memorised_marian_dir, options) -> None:
    """threads="2x1" blamed the model ("cannot be loaded"); num_beams=0 and batch_size=-1 were taken."""
    from songngu.translate import load_translator

    with pytest.raises(UsageError):
        load_translator(options.pop("model", memorised_marian_dir), device="cpu", **options)


def test_a_split_of_zero_translators_is_refused_rather_than_waited_for(memorised_marian_dir) -> None:
    """ThreadSplit(0, 1) loaded no translator, and the first batch waited for ever."""
    from songngu.translate.threads import ThreadSplit

    with pytest.raises(UsageError):
        translate_article("Hà Nội.", model=str(memorised_marian_dir), threads=ThreadSplit(0, 1), memory=False)
    assert translate_article(MEMORISED_PAIRS[0][0], model=str(memorised_marian_dir), threads="1x1", memory=False).segments


def test_a_script_without_the_main_guard_is_told_why(memorised_marian_dir, tmp_path) -> None:
    """The workers import the script again; its unguarded run failed on the folder lock and the run ended with
    'a worker process died 3 times ... killed, or out of memory?' (later after each worker's traceback)."""
    import json
    import subprocess
    import sys

    from tests.helpers import REPO

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{index}", "text": MEMORISED_PAIRS[index % 3][0]}) + "\n"
                              for index in range(6)), encoding="utf-8")
    script = tmp_path / "script.py"
    script.write_text(
        "from songngu.run import EngineOptions, translate_files\n"
        f"translate_files([{str(corpus)!r}], {str(tmp_path / 'out')!r}, model={str(memorised_marian_dir)!r}, memory=False,\n"
        "                show_progress=False, engine=EngineOptions('local', chunk_size=2, workers=1))\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=REPO, timeout=300,
                            stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert 'start runs under `if __name__ == "__main__":`' in last_line, result.stderr[-2000:]
    assert last_line.startswith("songngu.errors.UsageError: ")  # not WorkerDied's "killed, or out of memory?"
    assert result.stderr.count("imported your script again") == 1  # said by the run, not by every worker too


def test_api_arguments_of_the_wrong_shape_are_one_clear_error(memorised_marian_dir, tmp_path) -> None:
    """Each raised from deep inside (TypeError in the text stage, 'j: no such file', characters aligned one by one)
    or was taken (a sample of 0 pairs)."""
    from songngu.align import align_sentences
    from songngu.eval.review import build_sample, evaluate_judgments

    for text in (None, b"bytes"):
        with pytest.raises(UsageError, match="text as a str, not (NoneType|bytes)"):
            translate_article(text, model=str(memorised_marian_dir), memory=False)
    with pytest.raises(UsageError, match="a mapping of ids to texts"):
        translate_articles("one text", model=str(memorised_marian_dir), memory=False)
    missing = tmp_path / "judgments.jsonl"
    with pytest.raises(Exception, match=str(missing)):  # one file named whole, not as the characters of its name
        evaluate_judgments(str(missing))
    with pytest.raises(UsageError, match="give at least 1 pair"):
        build_sample(tmp_path, size=0)
    with pytest.raises(TypeError, match="two lists of sentences"):
        align_sentences("Trời đẹp. Mưa.", "Nice. Rain.")


def test_api_messages_name_the_parameter_and_the_fix(memorised_marian_dir, tmp_path) -> None:
    from pathlib import Path

    article_file = tmp_path / "x.txt"
    article_file.write_text(VI[0], encoding="utf-8")
    refusals = [
        (lambda: translate_article(article_file), r"^text: give the article's text as a str, not \w*Path \(read the file first: Path\(\.\.\.\)\.read_text\(\)\)$"),
        (lambda: translate_articles({"a": VI[0].encode()}), r"^articles\['a'\]: give the article's text as a str, not bytes"),
        (lambda: translate_article(VI[0], translate_kinds=["sentenc"]), r"^translate_kinds: unknown kind 'sentenc'"),
        (lambda: translate_article(VI[0], model=memorised_marian_dir, device="tpu", memory=False),
         r"^device 'tpu': choose one of auto, cpu, cuda, mps$"),
        (lambda: translate_article(VI[0], model=memorised_marian_dir, backend="onnx", memory=False), r"^backend 'onnx': choose one of"),
    ]
    for call, message in refusals:
        with pytest.raises(UsageError, match=message) as refused:
            call()
        assert "--" not in str(refused.value) and "article article" not in str(refused.value)
    assert Path(article_file).read_text(encoding="utf-8") == VI[0]


def test_a_translated_article_is_indexed_like_its_pairs(memorised_marian_dir) -> None:
    article = translate_article(VI[0] + "\n\n" + VI[1], model=memorised_marian_dir, memory=False)
    assert len(article) == 2 and list(article) == article.segments
    assert article[0] is article.segments[0] and article[-1] is article.segments[1] and article[0:1] == article.segments[:1]
    with pytest.raises(IndexError):
        article[2]
