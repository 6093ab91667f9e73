"""Tiny real translation models for tests, built on the spot with no downloads.

Each builder writes a directory laid out like a model downloaded from the Hugging Face Hub, so
that ``AutoTokenizer.from_pretrained(path)`` and ``AutoModelForSeq2SeqLM.from_pretrained(path)``
load it exactly as they would load ``Helsinki-NLP/opus-mt-vi-en`` or ``facebook/nllb-200-*``:

- ``build_tiny_marian``: Marian (opus-mt layout: ``source.spm``, ``target.spm``, joint
  ``vocab.json``), random weights.
- ``build_tiny_nllb``: M2M100 model with an NLLB tokenizer (``tokenizer.json`` plus
  ``sentencepiece.bpe.model``, all NLLB language codes), random weights.
- ``train_memorised_marian``: a tiny Marian trained until greedy decoding reproduces the English
  of every given pair exactly, alone or in padded batches.

The tokenizers are SentencePiece models trained on real text: FLORES-200 sentences in
``tests/data/models/`` (see the README there for attribution), the articles in ``seeds/`` and
``MEMORISED_PAIRS``. Everything runs on CPU and is deterministic for a given seed.
"""
from __future__ import annotations

import hashlib
import io
import json
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sentencepiece
import torch
from transformers import (
    GenerationConfig,
    M2M100Config,
    M2M100ForConditionalGeneration,
    MarianConfig,
    MarianMTModel,
    MarianTokenizer,
    NllbTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)
from transformers.tokenization_utils_base import generate_merges

TEXT_DIR = Path(__file__).resolve().parent / "data" / "models"
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
FLORES_FILES = {"vie": "flores200-devtest-first500.vie", "eng": "flores200-devtest-first500.eng"}

NLLB_SOURCE_LANG = "vie_Latn"
NLLB_TARGET_LANG = "eng_Latn"

MEMORISED_PAIRS: list[tuple[str, str]] = [
    (
        "Chính phủ đã công bố kế hoạch xây dựng một cây cầu mới qua sông Hồng.",
        "The government announced a plan to build a new bridge across the Red River.",
    ),
    (
        "Đội tuyển bóng đá quốc gia đã giành chiến thắng trong trận đấu tối qua.",
        "The national football team won the match last night.",
    ),
    (
        "Nhiệt độ ở Hà Nội có thể lên tới 38 độ vào cuối tuần này.",
        "Temperatures in Hanoi could reach 38 degrees this weekend.",
    ),
    (
        "Người dân sẽ làm gì khi giá xăng tiếp tục tăng?",
        "What will people do when petrol prices keep rising?",
    ),
    (
        "Mưa lớn khiến nhiều tuyến phố ở Thành phố Hồ Chí Minh bị ngập.",
        "Heavy rain flooded many streets in Ho Chi Minh City.",
    ),
    (
        "Các nhà khoa học cho biết loài cá này chỉ sống ở vùng nước lạnh.",
        "Scientists said this species of fish only lives in cold water.",
    ),
    (
        "Bộ Y tế khuyến cáo người dân nên rửa tay thường xuyên.",
        "The Ministry of Health advised people to wash their hands regularly.",
    ),
    (
        "Xuất khẩu gạo của Việt Nam tăng mạnh trong năm nay.",
        "Vietnam's rice exports rose sharply this year.",
    ),
    (
        "Trời hôm nay rất đẹp.",
        "The weather is very nice today.",
    ),
    (
        "Sau nhiều tháng đàm phán, hai công ty đã ký thỏa thuận hợp tác để phát triển"
        " năng lượng mặt trời tại các tỉnh miền Trung.",
        "After months of negotiations, the two companies signed a cooperation agreement"
        " to develop solar energy in the central provinces.",
    ),
    (
        "Đường sắt cao tốc sẽ giúp giảm thời gian đi lại giữa hai thành phố!",
        "The high-speed railway will cut travel time between the two cities!",
    ),
]
"""Vietnamese→English pairs that ``train_memorised_marian`` teaches by default: one sentence each."""


def training_sentences(language: str) -> list[str]:
    """Return the real text the tiny tokenizers learn from: ``"vie"`` or ``"eng"``.

    Vietnamese is the FLORES-200 lines plus every line of the articles in ``seeds/``; English is
    the FLORES-200 lines. ``MEMORISED_PAIRS`` are added by the builders, not here.
    """
    if language not in FLORES_FILES:
        raise ValueError(f"language must be one of {sorted(FLORES_FILES)}, got {language!r}")
    lines = (TEXT_DIR / FLORES_FILES[language]).read_text(encoding="utf-8").splitlines()
    if language == "vie":
        for article in sorted(SEEDS_DIR.glob("*.txt")):
            lines.extend(article.read_text(encoding="utf-8").splitlines())
    return [line.strip() for line in lines if line.strip()]


def builder_fingerprint() -> str:
    """Return a short hash of everything a built model depends on: this file, its text, library versions
    and the CPU kernels torch uses (``ATEN_CPU_CAPABILITY=default`` draws other random weights than AVX2).

    Use it as a cache key: two builds with the same fingerprint and arguments give the same files.
    """
    import sentencepiece as sp_module
    import transformers

    digest = hashlib.sha256()
    sources = [Path(__file__)] + sorted(TEXT_DIR.glob("*")) + sorted(SEEDS_DIR.glob("*.txt"))
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    for version in (torch.__version__, transformers.__version__, sp_module.__version__, torch.backends.cpu.get_cpu_capability()):
        digest.update(version.encode())
    return digest.hexdigest()[:16]


def build_tiny_marian(
    directory: Path,
    *,
    seed: int = 0,
    vocab_size: int = 800,
    d_model: int = 32,
    max_positions: int = 64,
    pairs: Sequence[tuple[str, str]] = MEMORISED_PAIRS,
) -> Path:
    """Write a tiny vi→en Marian model with random weights to ``directory`` and return it.

    ``vocab_size`` is per SentencePiece model (source and target); the joint ``vocab.json`` holds
    both, so the model's vocabulary is somewhat under twice that. ``max_positions`` is the model's
    input limit (``config.max_position_embeddings`` and the tokenizer's ``model_max_length``).
    ``pairs`` are added to the tokenizers' training text so they tokenize without ``<unk>``.
    """
    directory = Path(directory)
    tokenizer = _save_marian_tokenizer(
        directory, pairs, vocab_size=vocab_size, seed=seed, max_positions=max_positions
    )
    model = _random_marian(tokenizer, seed=seed, d_model=d_model, max_positions=max_positions)
    model.save_pretrained(directory)
    return directory


def build_tiny_nllb(
    directory: Path,
    *,
    seed: int = 0,
    vocab_size: int = 800,
    d_model: int = 32,
    max_positions: int = 64,
) -> Path:
    """Write a tiny NLLB-style model (M2M100 weights, random) with a real NLLB tokenizer; return ``directory``.

    The tokenizer is a SentencePiece BPE model trained on Vietnamese and English text, converted
    to ``tokenizer.json`` with the NLLB layout: ``<s> <pad> </s> <unk>`` at ids 0-3, the pieces,
    then ``<mask>`` and the 202 NLLB language codes as special tokens. Load it with
    ``AutoTokenizer.from_pretrained(directory, src_lang="vie_Latn")`` and translate with
    ``forced_bos_token_id=tokenizer.convert_tokens_to_ids("eng_Latn")``.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    lines = training_sentences("vie") + training_sentences("eng")
    lines += [text for pair in MEMORISED_PAIRS for text in pair]
    spm_model = _train_sentencepiece(lines, vocab_size=vocab_size, model_type="bpe", seed=seed)
    processor = sentencepiece.SentencePieceProcessor(model_proto=spm_model)
    spm_vocab = {processor.id_to_piece(index): index for index in range(processor.get_piece_size())}
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in spm_vocab:
        vocab.setdefault(piece, len(vocab))
    tokenizer = NllbTokenizer(
        vocab=vocab,
        merges=generate_merges(spm_vocab),
        src_lang=NLLB_SOURCE_LANG,
        tgt_lang=NLLB_TARGET_LANG,
        model_max_length=max_positions,
    )
    tokenizer.save_pretrained(directory)
    (directory / "sentencepiece.bpe.model").write_bytes(spm_model)

    config = M2M100Config(
        vocab_size=len(tokenizer),
        d_model=d_model,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model,
        max_position_embeddings=max_positions,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        scale_embedding=True,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config)
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        max_length=max_positions,
    )
    model.save_pretrained(directory)
    return directory


def train_memorised_marian(
    directory: Path,
    pairs: Sequence[tuple[str, str]] = MEMORISED_PAIRS,
    *,
    seed: int = 0,
    vocab_size: int = 800,
    d_model: int = 64,
    max_positions: int = 64,
    max_steps: int = 1500,
    learning_rate: float = 3e-3,
    margin: float = 3.0,
) -> Path:
    """Train a tiny Marian until it translates every ``pairs`` source into its English exactly; save it.

    Training (Adam, full batch, one CPU thread, deterministic for a seed) stops once, at every
    target position, the right token's logit beats every other by at least ``margin``; greedy and
    beam decoding then reproduce the English exactly, and padding or batch composition cannot
    flip a token. The ``<pad>`` embedding (the decoder's start) stays all zeros, as in opus-mt
    models; CTranslate2's converter relies on it. Before saving, each sentence is translated
    alone and in shuffled padded batches to check.

    Raises ``RuntimeError`` if the margin is not reached within ``max_steps``, and ``ValueError``
    if a sentence is too long for ``max_positions`` or an English sentence does not survive the
    target tokenizer unchanged.
    """
    directory = Path(directory)
    tokenizer = _save_marian_tokenizer(
        directory, pairs, vocab_size=vocab_size, seed=seed, max_positions=max_positions
    )
    _check_pairs_fit(tokenizer, pairs, max_positions)
    model = _random_marian(tokenizer, seed=seed, d_model=d_model, max_positions=max_positions)
    with _single_thread():
        _fit_until_margin(model, tokenizer, pairs, max_steps=max_steps, learning_rate=learning_rate, margin=margin)
        _check_memorised(model, tokenizer, pairs, seed=seed)
    model.save_pretrained(directory)
    return directory


def translate(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    sentences: Sequence[str],
    **generate_kwargs: object,
) -> list[str]:
    """Translate ``sentences`` as one padded batch with the model's generation config, plus overrides."""
    batch = tokenizer(list(sentences), padding=True, return_tensors="pt")
    with torch.inference_mode():
        output = model.generate(**batch, **generate_kwargs)
    return tokenizer.batch_decode(output, skip_special_tokens=True)


def _train_sentencepiece(lines: Sequence[str], *, vocab_size: int, model_type: str, seed: int) -> bytes:
    """Train a SentencePiece model on ``lines`` in memory and return its serialized proto.

    Identity normalization keeps the raw SentencePiece model and the ``tokenizers`` conversion of
    it in exact agreement (converting an ``nmt_nfkc`` charsmap needs protobuf, which we avoid).
    """
    sentencepiece.set_random_generator_seed(seed)
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        normalization_rule_name="identity",
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _save_marian_tokenizer(
    directory: Path,
    pairs: Sequence[tuple[str, str]],
    *,
    vocab_size: int,
    seed: int,
    max_positions: int,
) -> MarianTokenizer:
    """Train source/target SentencePiece models, write the opus-mt tokenizer files, return the tokenizer.

    ``vocab.json`` is joint, as in opus-mt: ``</s>`` = 0, ``<unk>`` = 1, source pieces, the
    target pieces not already there, and ``<pad>`` last (also the decoder start token).
    """
    directory.mkdir(parents=True, exist_ok=True)
    source_lines = training_sentences("vie") + [source for source, _ in pairs]
    target_lines = training_sentences("eng") + [target for _, target in pairs]
    vocab = {"</s>": 0, "<unk>": 1}
    for name, lines in (("source.spm", source_lines), ("target.spm", target_lines)):
        spm_model = _train_sentencepiece(lines, vocab_size=vocab_size, model_type="unigram", seed=seed)
        (directory / name).write_bytes(spm_model)
        processor = sentencepiece.SentencePieceProcessor(model_proto=spm_model)
        for index in range(processor.get_piece_size()):
            if not (processor.is_control(index) or processor.is_unknown(index)):
                vocab.setdefault(processor.id_to_piece(index), len(vocab))
    vocab["<pad>"] = len(vocab)
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=2), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(directory / "source.spm"),
        target_spm=str(directory / "target.spm"),
        vocab=str(directory / "vocab.json"),
        source_lang="vi",
        target_lang="en",
        model_max_length=max_positions,
    )
    tokenizer.save_pretrained(directory)
    return tokenizer


def _random_marian(
    tokenizer: MarianTokenizer, *, seed: int, d_model: int, max_positions: int
) -> MarianMTModel:
    """Return a 2+2-layer Marian with opus-mt's token conventions and generation config, seeded weights."""
    pad_id = tokenizer.pad_token_id
    eos_id = tokenizer.eos_token_id
    config = MarianConfig(
        vocab_size=len(tokenizer.encoder),
        d_model=d_model,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=2 * d_model,
        decoder_ffn_dim=2 * d_model,
        max_position_embeddings=max_positions,
        activation_function="swish",
        scale_embedding=True,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]],
        bos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        forced_eos_token_id=eos_id,
        pad_token_id=pad_id,
        max_length=max_positions,
        num_beams=2,
    )
    return model


def _check_pairs_fit(tokenizer: MarianTokenizer, pairs: Sequence[tuple[str, str]], max_positions: int) -> None:
    """Raise ``ValueError`` for a pair too long for the model or whose English the tokenizer alters."""
    sources = [source for source, _ in pairs]
    targets = [target for _, target in pairs]
    for source, ids in zip(sources, tokenizer(sources).input_ids):
        if len(ids) > max_positions:
            raise ValueError(f"{source!r} is {len(ids)} tokens, over max_positions={max_positions}")
    for target, ids in zip(targets, tokenizer(text_target=targets).input_ids):
        if tokenizer.decode(ids, skip_special_tokens=True) != target:
            raise ValueError(f"target tokenizer does not round-trip {target!r}")
        if len(ids) >= max_positions:
            raise ValueError(f"{target!r} is {len(ids)} tokens, too long for max_positions={max_positions}")


def _fit_until_margin(
    model: MarianMTModel,
    tokenizer: MarianTokenizer,
    pairs: Sequence[tuple[str, str]],
    *,
    max_steps: int,
    learning_rate: float,
    margin: float,
) -> None:
    """Train on all ``pairs`` as one batch until every target token leads by ``margin``; leave ``model`` in eval mode."""
    batch = tokenizer(
        [source for source, _ in pairs], text_target=[target for _, target in pairs], padding=True, return_tensors="pt"
    )
    labels = batch["labels"].masked_fill(batch["labels"] == tokenizer.pad_token_id, -100)
    embeddings = model.get_input_embeddings().weight
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    model.train()
    for _ in range(max_steps):
        output = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels)
        if _smallest_margin(output.logits.detach(), labels) >= margin:
            model.eval()
            return
        output.loss.backward()
        embeddings.grad[tokenizer.pad_token_id] = 0
        optimizer.step()
        optimizer.zero_grad()
    raise RuntimeError(f"tiny Marian did not memorise {len(pairs)} pairs in {max_steps} steps")


def _smallest_margin(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Return the smallest lead of the right token's logit over the best wrong one, over real positions."""
    positions = labels != -100
    scores = logits[positions]
    right = labels[positions]
    right_scores = scores.gather(1, right[:, None]).squeeze(1)
    wrong_scores = scores.scatter(1, right[:, None], float("-inf")).max(dim=1).values
    return float((right_scores - wrong_scores).min())


def _check_memorised(
    model: MarianMTModel, tokenizer: MarianTokenizer, pairs: Sequence[tuple[str, str]], *, seed: int
) -> None:
    """Raise ``RuntimeError`` unless every pair translates exactly: alone (greedy), in shuffled batches (greedy, beam)."""
    expected = dict(pairs)
    shuffled = list(expected)
    random.Random(seed).shuffle(shuffled)
    runs = [([source], 1) for source in shuffled]
    runs += [(shuffled, 1), (shuffled, 2), (shuffled[: len(shuffled) // 2 + 1], 2)]
    for sources, num_beams in runs:
        for source, english in zip(sources, translate(model, tokenizer, sources, num_beams=num_beams)):
            if english != expected[source]:
                raise RuntimeError(
                    f"memorised Marian translates {source!r} as {english!r}, not {expected[source]!r}"
                )


@contextmanager
def _single_thread() -> Iterator[None]:
    """Run torch on one thread inside the block (reproducible sums, fair to a shared machine)."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def hand_made_marian(directory: Path) -> Path:
    """A tiny Marian made directly with transformers and sentencepiece, as a user might: ``<pad>`` has id 2, and
    CTranslate2's converter refuses it (the transformers backend runs it)."""
    directory.mkdir(parents=True)
    vocab = {"</s>": 0, "<unk>": 1, "<pad>": 2}
    for name, text in (("source", "\n".join(vi for vi, _ in MEMORISED_PAIRS)), ("target", "\n".join(en for _, en in MEMORISED_PAIRS))):
        (directory / f"{name}.txt").write_text(text * 20, encoding="utf-8")
        sentencepiece.SentencePieceTrainer.train(
            input=str(directory / f"{name}.txt"), model_prefix=str(directory / name), vocab_size=120,
            bos_id=-1, eos_id=0, unk_id=1, pad_id=-1, minloglevel=2,
        )
        (directory / f"{name}.model").rename(directory / f"{name}.spm")
        processor = sentencepiece.SentencePieceProcessor(model_file=str(directory / f"{name}.spm"))
        for index in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(index), len(vocab))
    (directory / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    MarianTokenizer(str(directory / "source.spm"), str(directory / "target.spm"), str(directory / "vocab.json")).save_pretrained(directory)
    torch.manual_seed(0)
    config = MarianConfig(
        vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
        pad_token_id=2, eos_token_id=0, decoder_start_token_id=2, forced_eos_token_id=0,
    )
    MarianMTModel(config).save_pretrained(directory)
    return directory
