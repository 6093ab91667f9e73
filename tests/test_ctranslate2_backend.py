"""The CTranslate2 backend on tiny real models, loaded through ``load_translator`` as users do.

Exact-English assertions use the memorised Marian converted to CTranslate2 int8 on CPU (the
default compute type there); its memorised margins survive int8 quantisation.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from songngu.errors import SongnguError
from songngu.translate import load_translator
from songngu.translate.ctranslate2_backend import CTranslate2Translator
from songngu.translate.loader import _load
from tests.tinymodels import MEMORISED_PAIRS, hand_made_marian


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own songngu cache and a fresh loader cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("SONGNGU_CACHE", str(cache))
    _load.cache_clear()
    yield cache
    _load.cache_clear()


def converted_copies(cache: Path) -> list[Path]:
    return sorted(path for path in (cache / "ctranslate2").iterdir() if not path.name.startswith("."))


def test_default_backend_is_ctranslate2_int8_on_cpu(memorised_marian_dir: Path) -> None:
    translator = load_translator(memorised_marian_dir, device="cpu")
    assert isinstance(translator, CTranslate2Translator)
    assert translator.backend == "ctranslate2"
    assert translator.settings()["compute_type"] == "int8"


def test_memorised_pairs_come_back_exactly_in_input_order(memorised_marian_dir: Path) -> None:
    translator = load_translator(memorised_marian_dir, device="cpu", num_beams=1)
    pairs = list(MEMORISED_PAIRS)
    random.Random(1).shuffle(pairs)
    results = translator.translate([source for source, _ in pairs])
    assert [result.text for result in results] == [english for _, english in pairs]
    assert all(result.split_for_length is False for result in results)


def test_logprob_promise_same_model_same_precision_same_value(memorised_marian_dir: Path) -> None:
    """``logprob`` is the mean log-probability per output token under the model as it ran.

    Like with like: CTranslate2 in float32 and transformers (float32) give the same value for
    the same output. int8 quantisation shifts it by an amount that depends on the CPU's kernels,
    so it is only held to a loose bound, far inside the filter's default threshold.
    """
    from songngu.align.filtering import DEFAULT_THRESHOLDS

    sources = [source for source, _ in MEMORISED_PAIRS[:4]]
    float32 = load_translator(memorised_marian_dir, device="cpu", num_beams=1, compute_type="float32").translate(sources)
    int8 = load_translator(memorised_marian_dir, device="cpu", num_beams=1).translate(sources)
    reference = load_translator(memorised_marian_dir, backend="transformers", device="cpu", num_beams=1).translate(sources)
    for exact, quantised, theirs in zip(float32, int8, reference):
        assert exact.text == theirs.text
        assert exact.logprob == pytest.approx(theirs.logprob, abs=0.01)
        assert quantised.logprob is not None and quantised.logprob <= 0
        assert abs(quantised.logprob - exact.logprob) < 1.0
        assert quantised.logprob > DEFAULT_THRESHOLDS.min_logprob + 1.0


def test_conversion_is_cached_and_reused(memorised_marian_dir: Path, private_cache: Path) -> None:
    load_translator(memorised_marian_dir, device="cpu")
    [copy] = converted_copies(private_cache)
    model_file = copy / "model.bin"
    before = (model_file.stat().st_ino, model_file.stat().st_mtime_ns)
    _load.cache_clear()
    load_translator(memorised_marian_dir, device="cpu", num_beams=1)
    assert converted_copies(private_cache) == [copy]
    assert (model_file.stat().st_ino, model_file.stat().st_mtime_ns) == before
    leftovers = [path.name for path in (private_cache / "ctranslate2").iterdir() if path.name.startswith(".")]
    assert leftovers == []


def test_quantisations_are_cached_apart(memorised_marian_dir: Path, private_cache: Path) -> None:
    load_translator(memorised_marian_dir, device="cpu")
    load_translator(memorised_marian_dir, device="cpu", compute_type="float32")
    assert len(converted_copies(private_cache)) == 2


def test_long_sentence_is_split_and_flagged(tiny_marian_dir: Path) -> None:
    short = MEMORISED_PAIRS[0][0]
    long = " ".join(source for source, _ in MEMORISED_PAIRS)
    translator = load_translator(tiny_marian_dir, device="cpu")
    assert len(translator.tokenizer.encode(long)) > translator.max_input_tokens
    results = translator.translate([short, long, short])
    assert [result.split_for_length for result in results] == [False, True, False]
    assert results[0] == results[2]
    assert results[1].text


def test_on_result_reports_each_sentence_once_with_its_index(tiny_marian_dir: Path) -> None:
    sentences = [source for source, _ in MEMORISED_PAIRS] + ["", "   "]
    seen: dict[int, object] = {}
    progress: list[int] = []

    def record(index: int, translation) -> None:
        assert index not in seen
        seen[index] = translation

    translator = load_translator(tiny_marian_dir, device="cpu", batch_size=4)
    results = translator.translate(sentences, on_progress=progress.append, on_result=record)
    assert [seen[index] for index in range(len(sentences))] == results
    assert sum(progress) == len(sentences)
    assert results[-1].text == results[-2].text == ""


def test_tiny_nllb_translates_with_language_tokens(tiny_nllb_dir: Path) -> None:
    translator = load_translator(tiny_nllb_dir, device="cpu", num_beams=1)
    assert translator.target_prefix == ["eng_Latn"]
    tokens = translator.tokenizer.encode(MEMORISED_PAIRS[0][0])
    assert tokens[0] == "vie_Latn" and tokens[-1] == "</s>"
    results = translator.translate([source for source, _ in MEMORISED_PAIRS[:3]])
    assert len(results) == 3
    assert all(result.text and "eng_Latn" not in result.text and result.logprob < 0 for result in results)


def test_unconvertible_model_suggests_transformers_backend(tmp_path: Path) -> None:
    unconvertible = hand_made_marian(tmp_path / "hand-made")
    with pytest.raises(SongnguError, match="--backend transformers") as raised:
        load_translator(unconvertible, backend="ctranslate2", device="cpu")
    assert "\n" not in str(raised.value)
