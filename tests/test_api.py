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
