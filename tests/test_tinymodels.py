"""The tiny test models load through the Auto classes like downloaded ones, and the memorised one is exact."""
from __future__ import annotations

import random
import re
import unicodedata

import pytest
import sentencepiece
import torch
from transformers import (
    AutoModelForSeq2SeqLM,
    AutoTokenizer,
    M2M100ForConditionalGeneration,
    MarianMTModel,
    MarianTokenizer,
    NllbTokenizer,
)

from tests.tinymodels import MEMORISED_PAIRS, build_tiny_marian, train_memorised_marian, training_sentences, translate


def test_memorised_pairs_are_single_nfc_news_sentences() -> None:
    sources = [source for source, _ in MEMORISED_PAIRS]
    assert len(set(sources)) == len(sources) >= 10
    for source, english in MEMORISED_PAIRS:
        assert unicodedata.is_normalized("NFC", source)
        assert re.fullmatch(r"[^.?!]+[.?!]", source), source
        assert english[-1] == source[-1]
    assert any(re.search(r"\d", source) for source in sources)
    assert any(source.endswith("?") for source in sources)
    assert any(source.startswith("Đ") for source in sources)


def test_tiny_marian_loads_like_opus_mt(tiny_marian_dir) -> None:
    names = {path.name for path in tiny_marian_dir.iterdir()}
    assert {"source.spm", "target.spm", "vocab.json", "tokenizer_config.json"} <= names
    assert {"config.json", "generation_config.json", "model.safetensors"} <= names
    tokenizer = AutoTokenizer.from_pretrained(tiny_marian_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(tiny_marian_dir)
    assert isinstance(tokenizer, MarianTokenizer) and isinstance(model, MarianMTModel)
    config = model.config
    assert tokenizer.pad_token_id == config.pad_token_id == config.decoder_start_token_id
    assert tokenizer.eos_token_id == config.eos_token_id == 0
    assert model.generation_config.bad_words_ids == [[config.pad_token_id]]
    assert tokenizer.model_max_length == config.max_position_embeddings == 64
    for source, _ in MEMORISED_PAIRS:
        assert tokenizer.unk_token_id not in tokenizer(source).input_ids

    english = translate(model, tokenizer, [source for source, _ in MEMORISED_PAIRS[:3]], max_new_tokens=8)
    assert len(english) == 3 and all(isinstance(text, str) for text in english)


def test_tiny_marian_is_deterministic(tiny_marian_dir, tmp_path) -> None:
    rebuilt = build_tiny_marian(tmp_path / "again")
    for path in tiny_marian_dir.iterdir():
        assert (rebuilt / path.name).read_bytes() == path.read_bytes(), path.name


def test_tiny_nllb_loads_like_nllb(tiny_nllb_dir) -> None:
    tokenizer = AutoTokenizer.from_pretrained(tiny_nllb_dir, src_lang="vie_Latn")
    model = AutoModelForSeq2SeqLM.from_pretrained(tiny_nllb_dir)
    assert isinstance(tokenizer, NllbTokenizer) and isinstance(model, M2M100ForConditionalGeneration)
    assert [tokenizer.bos_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id] == [0, 1, 2, 3]
    english_id = tokenizer.convert_tokens_to_ids("eng_Latn")
    vietnamese_id = tokenizer.convert_tokens_to_ids("vie_Latn")
    assert tokenizer.unk_token_id not in (english_id, vietnamese_id)
    assert len(tokenizer) <= model.config.vocab_size

    sources = [source for source, _ in MEMORISED_PAIRS[:3]]
    batch = tokenizer(sources, padding=True, return_tensors="pt")
    assert batch.input_ids[0, 0] == vietnamese_id and batch.input_ids[0, -1] == tokenizer.eos_token_id
    with torch.inference_mode():
        output = model.generate(**batch, forced_bos_token_id=english_id, max_new_tokens=6)
    assert output[:, 0].tolist() == [model.config.decoder_start_token_id] * 3
    assert output[:, 1].tolist() == [english_id] * 3
    assert all(isinstance(text, str) for text in tokenizer.batch_decode(output, skip_special_tokens=True))


def test_tiny_nllb_tokenizer_agrees_with_its_sentencepiece_model(tiny_nllb_dir) -> None:
    tokenizer = AutoTokenizer.from_pretrained(tiny_nllb_dir)
    processor = sentencepiece.SentencePieceProcessor(model_file=str(tiny_nllb_dir / "sentencepiece.bpe.model"))
    lines = training_sentences("vie")[:100] + training_sentences("eng")[:100]
    for line in lines:
        fairseq_ids = [index + 1 if index > 0 else tokenizer.unk_token_id for index in processor.encode(line)]
        assert tokenizer(line, add_special_tokens=False).input_ids == fairseq_ids, line


def test_memorised_marian_translates_each_pair_alone(memorised_marian_dir) -> None:
    tokenizer = AutoTokenizer.from_pretrained(memorised_marian_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(memorised_marian_dir)
    assert not model.get_input_embeddings().weight[model.config.pad_token_id].any()
    for source, english in MEMORISED_PAIRS:
        assert translate(model, tokenizer, [source], num_beams=1) == [english]
        assert translate(model, tokenizer, [source]) == [english]


@pytest.mark.parametrize("batch_size", [2, 3, 5, len(MEMORISED_PAIRS)])
def test_memorised_marian_translates_padded_shuffled_batches(memorised_marian_dir, batch_size) -> None:
    tokenizer = AutoTokenizer.from_pretrained(memorised_marian_dir)
    model = AutoModelForSeq2SeqLM.from_pretrained(memorised_marian_dir)
    pairs = list(MEMORISED_PAIRS)
    random.Random(batch_size).shuffle(pairs)
    for start in range(0, len(pairs), batch_size):
        chunk = pairs[start : start + batch_size]
        sources = [source for source, _ in chunk]
        expected = [english for _, english in chunk]
        assert translate(model, tokenizer, sources, num_beams=1) == expected
        assert translate(model, tokenizer, sources, num_beams=4) == expected


def test_memorising_raises_when_steps_run_out(tmp_path) -> None:
    with pytest.raises(RuntimeError, match="did not memorise"):
        train_memorised_marian(tmp_path / "short", MEMORISED_PAIRS[:2], max_steps=1)


def test_memorised_marian_converts_to_ctranslate2_with_the_same_output(memorised_marian_dir, tmp_path) -> None:
    ctranslate2 = pytest.importorskip("ctranslate2")
    converted = tmp_path / "ct2"
    ctranslate2.converters.TransformersConverter(str(memorised_marian_dir)).convert(str(converted), quantization="int8")
    translator = ctranslate2.Translator(str(converted), device="cpu", intra_threads=1)
    tokenizer = AutoTokenizer.from_pretrained(memorised_marian_dir)
    pairs = list(MEMORISED_PAIRS)
    random.Random(0).shuffle(pairs)
    source_tokens = [tokenizer.convert_ids_to_tokens(tokenizer(source).input_ids) for source, _ in pairs]
    results = translator.translate_batch(source_tokens, beam_size=2, max_batch_size=4)
    english = [tokenizer.convert_tokens_to_string(result.hypotheses[0]) for result in results]
    assert english == [english for _, english in pairs]
