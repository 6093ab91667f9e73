"""How fast songngu translates on CPU: today's one translator against parallel translators, and raw CTranslate2.

Builds a random-weight model with the exact architecture of opus-mt-vi-en (or NLLB-200
distilled 600M with ``--nllb``): a SentencePiece tokenizer trained on the FLORES-200 text,
its vocabulary padded to the real model's size so the embeddings and output projection cost
the same. Random weights never end a sentence by themselves, so the model is wired to end each
output where its source ends (:func:`stop_at_source_length`): every output has as many tokens as
its source (less one or two: the source's special tokens), a natural length sentence by sentence
(the FLORES English references are shorter still: 0.77 target tokens per source token), at the
real model's cost per token. Every system stops at the same place; output token counts are
printed, so the equal work can be checked.

Systems (``--systems``, default ``today,songngu,raw-ctranslate2``); each runs in a subprocess
of its own per round, so its peak RSS (VmHWM) is its own, and the rounds interleave the systems
so the shared machine's load falls on all of them alike:

- today: songngu 0.2's default, one CTranslate2 translator computing with every core
  (``threads=ThreadSplit(1, cores)``), batches of 32 sentences and at most 4,096 padded tokens,
  each batch translated and detokenised before the next is started;
- songngu: ``load_translator(...).translate``, the default path (parallel translators, the split
  songngu chooses, batches of 32 sentences and at most the padded tokens of 32 median-length
  sentences, 1,024 to 2,048, two batches queued per translator);
- raw-ctranslate2: ``ctranslate2.Translator`` with that same split, ``translate_batch(...,
  asynchronous=True)`` on pre-tokenised input, the same batches and limits as songngu;
- one-translator: one translator with every core on songngu's batches: its English and logprobs
  must be songngu's (the table says whether they are);
- songngu-tokens: the default split with batches cut by a token budget alone (``--batch-tokens``
  padded tokens, no sentence count);
- naive: transformers ``generate``, one sentence per call (timed on the first
  ``--naive-sentences``, default 30; rates are per sentence, so they compare);
- songngu-transformers: ``load_translator(..., backend="transformers").translate`` (timed on
  the first ``--transformers-sentences``, default 100; it also scores each output);
- pipeline: ``songngu.run.translate_files`` on the FLORES lines as articles (translation
  memory in a fresh file), minus the translator's own time: reading, segmenting, memory,
  rows and export as a share of translation time (the one-time imports of ``datasets`` and
  the pipeline modules are done before timing and reported apart).

Usage: ``python benchmarks/translate_speed.py`` (about four minutes on 2 cores: 500 sentences,
5 rounds); ``--sentences 200 --rounds 3`` for a shorter run, ``--beams 4``, ``--nllb``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
DEFAULT_DATA = SHARED_DATA if SHARED_DATA.is_dir() else REPO / "tests" / "data" / "models"
FLORES = "flores200-devtest-first500"
SYSTEMS = ("today", "songngu", "raw-ctranslate2", "one-translator", "songngu-tokens", "naive", "songngu-transformers", "pipeline")
DEFAULT_SYSTEMS = ("today", "songngu", "raw-ctranslate2")
BASELINE = "today"
TODAY_MAX_BATCH_TOKENS = 4096
"""songngu 0.2's batches: 32 sentences and at most 4,096 padded tokens, one translator with every core."""
OPUS_MT_VI_EN = {"vocab_size": 53685, "d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "max_positions": 512}
NLLB_600M = {"vocab_size": 256206, "d_model": 1024, "layers": 12, "heads": 16, "ffn": 4096, "max_positions": 1024}
BATCH_SIZE = 32
POSITION_SHARPNESS = 4.0
MARKER, MARKER_GAIN, MARKER_AMPLIFIER = 0.1, 10.0, 100.0
"""How :func:`stop_at_source_length` wires its head: the query's scale on the positions, the marker's value
in ``</s>``'s embedding, the head's gain into the marker dimension, and the last layer norm's gain on it."""
EOS_BIAS = -8.0
"""``</s>``'s logit while no marker arrives: below every random logit (at most about 2 for opus-mt-vi-en's
size, 4 for NLLB's); at the source's end the marker lifts it far above them (by about 100 here)."""


def layer_sizes(dims: dict) -> dict:
    """The encoder/decoder size arguments MarianConfig and M2M100Config share."""
    return {
        "d_model": dims["d_model"],
        "encoder_layers": dims["layers"],
        "decoder_layers": dims["layers"],
        "encoder_attention_heads": dims["heads"],
        "decoder_attention_heads": dims["heads"],
        "encoder_ffn_dim": dims["ffn"],
        "decoder_ffn_dim": dims["ffn"],
        "max_position_embeddings": dims["max_positions"],
    }

def main() -> None:
    """Parse options, build the model, run every system in its own process per round and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the FLORES-200 files")
    parser.add_argument("--sentences", type=int, default=500, help="FLORES lines to translate (max 500)")
    parser.add_argument("--naive-sentences", type=int, default=30, help="first lines timed for the naive system")
    parser.add_argument(
        "--transformers-sentences", type=int, default=100, help="first lines timed for songngu's transformers backend"
    )
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="times each system runs (each in a fresh process)")
    parser.add_argument("--batch-tokens", type=int, default=1024, help="songngu-tokens: padded tokens a batch")
    parser.add_argument("--nllb", action="store_true", help="NLLB-200 600M architecture instead of opus-mt-vi-en")
    parser.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help="comma-separated subset of " + ", ".join(SYSTEMS))
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "songngu-benchmark")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    systems = args.systems.split(",")
    unknown = [system for system in systems if system not in SYSTEMS]
    if unknown:
        raise SystemExit(f"--systems: unknown {unknown[0]!r} (choose from {', '.join(SYSTEMS)})")
    sentences = read_sentences(args.data, args.sentences)
    os.environ["SONGNGU_CACHE"] = str(args.work_dir / "cache")
    if args.worker:
        print(json.dumps(run_system(args.worker, args.model_dir, sentences, args)))
        return
    model_dir = build_model(args.work_dir, args.data, nllb=args.nllb)
    started = time.perf_counter()
    convert(model_dir)
    from songngu.translate.threads import default_split, usable_cores

    print(f"model: {model_dir} ({'NLLB-600M' if args.nllb else 'opus-mt-vi-en'} architecture, random weights)")
    print(f"CTranslate2 int8 conversion (cached afterwards): {time.perf_counter() - started:.1f} s")
    print(f"cores: {usable_cores()}, songngu's split: {default_split()}, load average: {os.getloadavg()[0]:.1f}, "
          f"sentences: {len(sentences)}, beams: {args.beams}, rounds: {args.rounds}")
    print(f"source tokens: {sum(map(len, source_pieces(model_dir, sentences)))} (special tokens included; the model ends each "
          "output where its source ends, so raw CTranslate2's output tokens come within 2 a sentence of this)")
    results: dict[str, list[dict]] = {system: [] for system in systems}
    for round_number in range(args.rounds):
        for system in systems:
            result = run_worker(system, model_dir, args)
            results[system].append(result)
            print(f"  round {round_number + 1} {system}: {json.dumps(result)}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


def source_pieces(model_dir: Path, sentences: list[str]) -> list[list[str]]:
    """The token pieces the model reads for each of ``sentences``, special tokens included."""
    from songngu.translate.pieces import load_pieces_tokenizer
    from songngu.translate.resolve import resolve_model

    tokenizer = load_pieces_tokenizer(model_dir, resolve_model(model_dir).family)
    return [tokenizer.encode(sentence) for sentence in sentences]


def read_sentences(data: Path, count: int) -> list[str]:
    """The first ``count`` Vietnamese FLORES-200 devtest lines."""
    path = data / f"{FLORES}.vie"
    if not path.is_file():
        raise SystemExit(f"{path}: not found (pass --data FOLDER holding {FLORES}.vie/.eng)")
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:count]


def build_model(work_dir: Path, data: Path, *, nllb: bool) -> Path:
    """Write (once) the random-weight model with the real architecture; return its folder."""
    target = work_dir / ("nllb-600m-random-stops" if nllb else "opus-mt-vi-en-random-stops")
    if (target / "config.json").is_file():
        return target
    work_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=work_dir))
    vie, eng = ([line for path in sorted(data.glob(f"*.{lang}")) for line in path.read_text(encoding="utf-8").splitlines()]
                for lang in ("vie", "eng"))
    if nllb:
        build_nllb(staging, vie + eng)
    else:
        build_marian(staging, vie, eng)
    os.replace(staging, target)
    return target


def train_spm(lines: list[str], vocab_size: int, model_type: str = "unigram") -> bytes:
    """A SentencePiece model trained in memory on ``lines``."""
    import io

    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(line for line in lines if line.strip()),
        model_writer=model,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        normalization_rule_name="identity",
        num_threads=1,
        minloglevel=2,
        hard_vocab_limit=False,
    )
    return model.getvalue()


def build_marian(directory: Path, vie: list[str], eng: list[str]) -> None:
    """opus-mt-vi-en's layout and dimensions; joint vocab padded to 53685 entries, pad row zero."""
    import sentencepiece
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    dims = OPUS_MT_VI_EN
    vocab = {"</s>": 0, "<unk>": 1}
    for name, lines in (("source.spm", vie), ("target.spm", eng)):
        spm = train_spm(lines, 8000)
        (directory / name).write_bytes(spm)
        processor = sentencepiece.SentencePieceProcessor(model_proto=spm)
        for index in range(processor.get_piece_size()):
            if not (processor.is_control(index) or processor.is_unknown(index)):
                vocab.setdefault(processor.id_to_piece(index), len(vocab))
    while len(vocab) < dims["vocab_size"] - 1:
        vocab[f"<unused{len(vocab)}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(directory / "source.spm"),
        target_spm=str(directory / "target.spm"),
        vocab=str(directory / "vocab.json"),
        source_lang="vi",
        target_lang="en",
        model_max_length=dims["max_positions"],
    )
    tokenizer.save_pretrained(directory)
    pad, eos = tokenizer.pad_token_id, tokenizer.eos_token_id
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        **layer_sizes(dims),
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=eos,
        forced_eos_token_id=eos,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    with torch.no_grad():
        model.model.shared.weight[pad].zero_()
        stop_at_source_length(model, eos)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=eos,
        decoder_start_token_id=pad,
        eos_token_id=eos,
        forced_eos_token_id=eos,
        pad_token_id=pad,
        max_length=dims["max_positions"],
        num_beams=1,
    )
    model.save_pretrained(directory)


def stop_at_source_length(model, eos: int) -> None:
    """Make a random-weight Marian or M2M-100 model end each output where its source ends, at the same cost.

    Random weights never choose end-of-sentence by themselves. Here one cross-attention head of the
    first decoder layer attends from decoding step ``t`` to source position ``t``: its query and key
    read only the fastest sine/cosine pairs of the positions (``d_model / 16`` of them), which no
    token embedding and no sub-layer writes to. It carries back one "marker" dimension that only
    ``</s>``'s embedding sets; the decoder's last layer norm amplifies that dimension, and the
    ``</s>`` row of the tied output projection reads it. So the step that reaches the source's
    ``</s>`` outputs ``</s>``: every output is as long as its source, less its special tokens.
    Every other weight stays random and every matrix keeps its shape, so the compute per token is
    the real model's.
    """
    import torch

    dims = model.config.d_model
    half, pairs = dims // 2, dims // 16
    positions = [*range(pairs), *range(half, half + pairs)]  # sine, then cosine, of the fastest frequencies
    marker = half - 1  # sine of the slowest frequency: about 0.1 at most over the positions the model takes
    kept = [*positions, marker]
    head = dims // model.config.decoder_attention_heads
    decoder = model.model.decoder
    pre_norm = getattr(decoder, "layer_norm", None) is not None  # M2M-100 (NLLB); Marian normalises after

    def nearly_zero(*shape: int):
        return torch.randn(*shape) * 1e-6  # an all-zero row would give int8 quantisation no scale

    def write_nothing_to(linear, rows: list[int]) -> None:
        linear.weight[rows] = nearly_zero(len(rows), linear.weight.shape[1])
        linear.bias[rows] = 0

    embeddings = model.model.shared.weight
    embeddings[:, kept] = 0
    embeddings[eos] = 0
    embeddings[eos, marker] = MARKER
    for layer in model.model.encoder.layers:
        write_nothing_to(layer.self_attn.out_proj, kept)
        write_nothing_to(layer.fc2, kept)
    for index, layer in enumerate(decoder.layers):
        write_nothing_to(layer.self_attn.out_proj, kept if index == 0 else [marker])
        write_nothing_to(layer.encoder_attn.out_proj, [marker])
        write_nothing_to(layer.fc2, [marker])
    attention = decoder.layers[0].encoder_attn
    for projection in (attention.q_proj, attention.k_proj, attention.v_proj):
        projection.weight[:head] = nearly_zero(head, dims)
        projection.bias[:head] = 0
    for row, position in enumerate(positions):
        attention.q_proj.weight[row, position] = POSITION_SHARPNESS
        attention.k_proj.weight[row, position] = 1.0
    attention.v_proj.weight[0, marker] = 1.0
    attention.out_proj.weight[:, :head] = nearly_zero(dims, head)
    attention.out_proj.weight[marker, 0] = MARKER_GAIN
    last_norm = decoder.layer_norm if pre_norm else decoder.layers[-1].final_layer_norm
    last_norm.weight[marker] = MARKER_AMPLIFIER
    last_norm.bias[marker] = EOS_BIAS / MARKER  # </s>'s logit: EOS_BIAS until the marker arrives


def build_nllb(directory: Path, lines: list[str]) -> None:
    """NLLB-200 distilled 600M's dimensions with an NLLB tokenizer padded to 256206 entries."""
    import sentencepiece
    import torch
    from transformers import GenerationConfig, M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.tokenization_utils_base import generate_merges

    dims = NLLB_600M
    spm = train_spm(lines, 16000, model_type="bpe")
    processor = sentencepiece.SentencePieceProcessor(model_proto=spm)
    spm_vocab = {processor.id_to_piece(index): index for index in range(processor.get_piece_size())}
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in spm_vocab:
        vocab.setdefault(piece, len(vocab))
    probe = NllbTokenizer(vocab=dict(vocab), merges=generate_merges(spm_vocab))
    extra = len(probe) - len(vocab)
    while len(vocab) + extra < dims["vocab_size"]:
        vocab[f"<unused{len(vocab)}>"] = len(vocab)
    tokenizer = NllbTokenizer(
        vocab=vocab,
        merges=generate_merges(spm_vocab),
        src_lang="vie_Latn",
        tgt_lang="eng_Latn",
        model_max_length=dims["max_positions"],
    )
    tokenizer.save_pretrained(directory)
    config = M2M100Config(
        vocab_size=len(tokenizer),
        **layer_sizes(dims),
        scale_embedding=True,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )
    torch.manual_seed(0)
    model = M2M100ForConditionalGeneration(config)
    with torch.no_grad():
        stop_at_source_length(model, tokenizer.eos_token_id)
    tokenizer.src_lang = "vie_Latn"
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        max_length=dims["max_positions"],
        num_beams=1,
    )
    model.save_pretrained(directory)


def convert(model_dir: Path) -> None:
    """Convert the model to CTranslate2 int8 through songngu's cache, outside every timing."""
    from songngu.translate.ctranslate2_backend import converted_model
    from songngu.translate.resolve import resolve_model

    converted_model(resolve_model(model_dir), "int8")


def run_worker(system: str, model_dir: Path, args: argparse.Namespace) -> dict:
    """Run one system in a fresh interpreter and return what it measured."""
    command = [
        sys.executable, str(Path(__file__).resolve()), "--worker", system, "--model-dir", str(model_dir),
        "--data", str(args.data), "--sentences", str(args.sentences), "--naive-sentences", str(args.naive_sentences),
        "--transformers-sentences", str(args.transformers_sentences), "--batch-tokens", str(args.batch_tokens),
        "--beams", str(args.beams), "--work-dir", str(args.work_dir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{system} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_system(system: str, model_dir: Path, sentences: list[str], args: argparse.Namespace) -> dict:
    """Time ``system`` in this process; return sentences/s, output tokens and peak RSS."""
    measure = {
        "today": measure_songngu,
        "one-translator": measure_songngu,
        "songngu": measure_songngu,
        "songngu-tokens": measure_songngu,
        "songngu-transformers": measure_songngu,
        "naive": measure_naive,
        "raw-ctranslate2": measure_raw_ctranslate2,
        "pipeline": measure_pipeline,
    }[system]
    result = measure(system, model_dir, sentences, args)
    result["peak_rss_gb"] = peak_rss_bytes() / 1e9
    return result


def measure_naive(system: str, model_dir: Path, sentences: list[str], args: argparse.Namespace) -> dict:
    """transformers ``generate`` on one sentence at a time, greedy or ``--beams``."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from songngu.translate.resolve import detect_family

    family = detect_family(model_dir)
    options = {"src_lang": family.src_lang} if family.src_lang else {}
    tokenizer = AutoTokenizer.from_pretrained(model_dir, **options)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
    limit = model.generation_config.max_length
    forced = {"forced_bos_token_id": tokenizer.convert_tokens_to_ids(family.forced_bos_token)} if family.forced_bos_token else {}
    subset = sentences[: args.naive_sentences]
    tokens = 0
    started = time.perf_counter()
    with torch.inference_mode():
        for sentence in subset:
            encoded = tokenizer([sentence], return_tensors="pt")
            length = encoded["input_ids"].shape[1]
            output = model.generate(
                **encoded, num_beams=args.beams, max_new_tokens=min(limit, 2 * length + 16), **forced
            )
            tokens += output.shape[1] - 1
    seconds = time.perf_counter() - started
    return {"sentences": len(subset), "seconds": seconds, "output_tokens": tokens}


def measure_songngu(system: str, model_dir: Path, sentences: list[str], args: argparse.Namespace) -> dict:
    """songngu's ``load_translator(...).translate`` as ``system`` configures it."""
    from songngu.translate import load_translator
    from songngu.translate.threads import ThreadSplit, usable_cores

    options: dict = {}
    if system == "songngu-transformers":
        options["backend"] = "transformers"
        sentences = sentences[: args.transformers_sentences]
    if system in ("today", "one-translator"):
        options["threads"] = ThreadSplit(1, usable_cores())
    translator = load_translator(model_dir, device="cpu", num_beams=args.beams, **options)
    if system == "today":
        translator.max_batch_tokens, translator.batches_in_flight = TODAY_MAX_BATCH_TOKENS, 1
    if system == "songngu-tokens":
        translator.batch_size, translator.max_batch_tokens = 1_000_000, args.batch_tokens
    translator.translate(sentences[:8])  # warm-up: first-call allocations
    started = time.perf_counter()
    results = translator.translate(sentences)
    seconds = time.perf_counter() - started
    assert len(results) == len(sentences)
    english = hashlib.sha256(json.dumps([(r.text, r.logprob) for r in results]).encode()).hexdigest()[:12]
    return {"sentences": len(sentences), "seconds": seconds, "threads": translator.settings().get("threads"), "english": english}


def measure_raw_ctranslate2(system: str, model_dir: Path, sentences: list[str], args: argparse.Namespace) -> dict:
    """``translate_batch(asynchronous=True)`` on pre-tokenised input: songngu's split, batches and limits, nothing else."""
    import ctranslate2

    from songngu.translate.batching import length_sorted_batches
    from songngu.translate.ctranslate2_backend import converted_model, default_batch_tokens
    from songngu.translate.resolve import resolve_model
    from songngu.translate.threads import default_split

    resolved = resolve_model(model_dir)
    family = resolved.family
    generation = json.loads((model_dir / "generation_config.json").read_text())
    limit = generation["max_length"] - ("forced_eos_token_id" in generation)
    split = default_split()
    translator = ctranslate2.Translator(
        str(converted_model(resolved, "int8")), device="cpu", compute_type="int8",
        inter_threads=split.inter, intra_threads=split.intra,
    )
    tokens = source_pieces(model_dir, sentences)
    lengths = [len(t) for t in tokens]
    batches = length_sorted_batches(lengths, max_sentences=BATCH_SIZE, max_tokens=default_batch_tokens(lengths, BATCH_SIZE))
    prefix = [family.forced_bos_token] if family.forced_bos_token else None
    translate_batches(translator, tokens, batches[:1], prefix, limit, args.beams)  # warm-up, as for songngu
    started = time.perf_counter()
    produced = translate_batches(translator, tokens, batches, prefix, limit, args.beams)
    seconds = time.perf_counter() - started
    return {"sentences": len(sentences), "seconds": seconds, "output_tokens": produced, "threads": str(split)}


def translate_batches(translator, tokens: list[list[str]], batches: list[list[int]], prefix, limit: int, beams: int) -> int:
    """Raw ``translate_batch`` over the given batches, all queued at once; returns the number of output tokens."""
    pending = []
    for batch in batches:
        source = [tokens[index] for index in batch]
        longest = max(len(item) for item in source)
        pending.append(translator.translate_batch(
            source,
            target_prefix=[prefix] * len(source) if prefix else None,
            beam_size=beams,
            max_decoding_length=min(limit, 2 * longest + 16),
            max_input_length=0,
            asynchronous=True,
        ))
    return sum(len(result.result().hypotheses[0]) for results in pending for result in results)


def measure_pipeline(system: str, model_dir: Path, sentences: list[str], args: argparse.Namespace) -> dict:
    """``translate_files`` on the lines as 10-paragraph articles, minus the translator's own time."""
    from songngu.run import EngineOptions, translate_files
    from songngu.translate import load_translator

    work = Path(tempfile.mkdtemp(prefix="pipeline-", dir=args.work_dir))
    articles = work / "articles"
    articles.mkdir()
    for start in range(0, len(sentences), 10):
        text = "\n\n".join(sentences[start : start + 10]) + "\n"
        (articles / f"flores-{start // 10:03d}.txt").write_text(text, encoding="utf-8")
    translator = load_translator(model_dir, device="cpu", num_beams=args.beams)
    translating = [0.0]
    translate = translator.translate

    def timed_translate(*positional, **keywords):
        started = time.perf_counter()
        try:
            return translate(*positional, **keywords)
        finally:
            translating[0] += time.perf_counter() - started

    translator.translate = timed_translate
    importing = time.perf_counter()
    import songngu.export.output
    import songngu.export.rows
    import songngu.run.translation
    import songngu.text  # noqa: F401  (one-time imports, reported apart from the overhead)

    import_seconds = time.perf_counter() - importing
    started = time.perf_counter()
    summary = translate_files(
        [str(articles)], work / "out", model=str(model_dir), device="cpu", num_beams=args.beams,
        memory=work / "memory.sqlite", show_progress=False, engine=EngineOptions(workers=0),
    )
    total = time.perf_counter() - started
    return {
        "sentences": summary.translated_sentences,
        "seconds": total,
        "translator_seconds": translating[0],
        "overhead_share": (total - translating[0]) / translating[0],
        "import_seconds": import_seconds,
    }


def peak_rss_bytes() -> int:
    """This process's peak resident set size (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def print_table(results: dict[str, list[dict]]) -> None:
    """The comparison table: median sentences/s and its spread over the rounds, ratio to one translator, peak RSS."""
    import statistics

    rates = {name: [r["sentences"] / r["seconds"] for r in rounds] for name, rounds in results.items() if name != "pipeline"}
    base = statistics.median(rates[BASELINE]) if BASELINE in rates else None
    base_rss = max(r["peak_rss_gb"] for r in results[BASELINE]) if BASELINE in results else None
    print()
    print("| system | threads | sentences/s, median (min–max) | output tokens/s | × today (min–max) | peak RSS | RSS × today |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, rounds in results.items():
        if name == "pipeline":
            continue
        rate = rates[name]
        tokens = statistics.median(r["output_tokens"] / r["seconds"] for r in rounds) if "output_tokens" in rounds[0] else None
        ratio = f"{statistics.median(rate) / base:.2f} ({min(rate) / base:.2f}–{max(rate) / base:.2f})" if base else "-"
        rss = max(r["peak_rss_gb"] for r in rounds)
        print(
            f"| {name} | {rounds[0].get('threads') or '-'} | {statistics.median(rate):.2f} ({min(rate):.2f}–{max(rate):.2f}) "
            f"| {f'{tokens:.0f}' if tokens else '-'} | {ratio} | {rss:.2f} GB | {f'{rss / base_rss:.2f}' if base_rss else '-'} |"
        )
    if "pipeline" in results:
        pipeline = results["pipeline"][-1]
        print(
            f"\npipeline (translate_files, default backend): {pipeline['seconds']:.1f} s total, "
            f"translator {pipeline['translator_seconds']:.1f} s, overhead {100 * pipeline['overhead_share']:.1f}% "
            f"of translation time (one-time imports of datasets & co, {pipeline['import_seconds']:.1f} s, "
            f"excluded), peak RSS {pipeline['peak_rss_gb']:.2f} GB"
        )
    digests = {name: {r["english"] for r in rounds} for name, rounds in results.items() if "english" in rounds[0]}
    if "one-translator" in digests and "songngu" in digests:
        same = digests["one-translator"] == digests["songngu"] and len(digests["songngu"]) == 1
        print(f"\nsongngu's English and logprobs {'are identical to' if same else 'DIFFER from'} one translator's "
              f"(same batches), in every round")
    partial = [f"{name} on the first {r[0]['sentences']}" for name, r in results.items() if name in ("naive", "songngu-transformers")]
    if partial:
        print(f"(timed {', '.join(partial)} sentences; rates are per sentence)")


if __name__ == "__main__":
    main()
