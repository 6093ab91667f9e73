"""How fast songngu translates, against naive transformers and raw CTranslate2, with no downloads.

Builds a random-weight model with the exact architecture of opus-mt-vi-en (or NLLB-200
distilled 600M with ``--nllb``): a SentencePiece tokenizer trained on the FLORES-200 text,
its vocabulary padded to the real model's size so the embeddings and output projection cost
the same. The end-of-sentence logit is pushed to -1e4 (``final_logits_bias``), so every system
decodes until the output limit: each output is forced to the same length,
``min(T, 2 × longest source in the batch + 16)`` tokens where ``T`` = 1.1 × the mean source
length (set as the model's ``max_length``; songngu's own output limit rule, applied by every
system). Output token counts are printed, so the equal work can be checked.

Each system runs in its own subprocess, so its peak RSS (VmHWM) is its own:

- naive: transformers ``generate``, one sentence per call (timed on the first
  ``--naive-sentences``, default 30; rates are per sentence, so they compare);
- songngu-transformers: ``load_translator(..., backend="transformers").translate`` (timed on
  the first ``--transformers-sentences``, default 100; it also scores each output);
- songngu-ctranslate2: ``load_translator(...).translate`` (the default path);
- raw-ctranslate2: ``ctranslate2.Translator.translate_batch`` on pre-tokenised input, same
  batches and limits as songngu;
- pipeline: ``songngu.run.translate_files`` on the FLORES lines as articles (translation
  memory in a fresh file), minus the translator's own time: reading, segmenting, memory,
  rows and export as a share of translation time (the one-time imports of ``datasets`` and
  the pipeline modules are done before timing and reported apart).

The CTranslate2 systems are timed ``--repeats`` times (best kept) against the shared machine's noise.

Usage: ``python benchmarks/translate_speed.py [--sentences 500] [--beams 1] [--nllb]``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FLORES = "flores200-devtest-first500"
SYSTEMS = ("naive", "songngu-transformers", "songngu-ctranslate2", "raw-ctranslate2", "pipeline")
OPUS_MT_VI_EN = {"vocab_size": 53685, "d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "max_positions": 512}
NLLB_600M = {"vocab_size": 256206, "d_model": 1024, "layers": 12, "heads": 16, "ffn": 4096, "max_positions": 1024}
OUTPUT_RATIO = 1.1
BATCH_SIZE = 32
EOS_BIAS = -1e4


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
    """Parse options, build the model, run every system in its own process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the FLORES-200 files")
    parser.add_argument("--sentences", type=int, default=500, help="FLORES lines to translate (max 500)")
    parser.add_argument("--naive-sentences", type=int, default=30, help="first lines timed for the naive system")
    parser.add_argument(
        "--transformers-sentences", type=int, default=100, help="first lines timed for songngu's transformers backend"
    )
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2, help="CTranslate2 systems: best of this many timings")
    parser.add_argument("--nllb", action="store_true", help="NLLB-200 600M architecture instead of opus-mt-vi-en")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ", ".join(SYSTEMS))
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "songngu-benchmark")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sentences = read_sentences(args.data, args.sentences)
    if args.worker:
        os.environ["SONGNGU_CACHE"] = str(args.work_dir / "cache")
        print(json.dumps(run_system(args.worker, args.model_dir, sentences, args)))
        return
    os.environ["SONGNGU_CACHE"] = str(args.work_dir / "cache")
    model_dir = build_model(args.work_dir, args.data, nllb=args.nllb)
    started = time.perf_counter()
    convert(model_dir)
    print(f"model: {model_dir} ({'NLLB-600M' if args.nllb else 'opus-mt-vi-en'} architecture, random weights)")
    print(f"CTranslate2 int8 conversion (cached afterwards): {time.perf_counter() - started:.1f} s")
    print(f"cores: {len(os.sched_getaffinity(0))}, sentences: {len(sentences)}, beams: {args.beams}")
    results = {}
    for system in args.systems.split(","):
        results[system] = run_worker(system, model_dir, args)
        print(f"  {system}: {json.dumps(results[system])}", flush=True)
    print_table(results, args)


def read_sentences(data: Path, count: int) -> list[str]:
    """The first ``count`` Vietnamese FLORES-200 devtest lines."""
    path = data / f"{FLORES}.vie"
    if not path.is_file():
        raise SystemExit(f"{path}: not found (pass --data FOLDER holding {FLORES}.vie/.eng)")
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:count]


def build_model(work_dir: Path, data: Path, *, nllb: bool) -> Path:
    """Write (once) the random-weight model with the real architecture; return its folder."""
    target = work_dir / ("nllb-600m-random" if nllb else "opus-mt-vi-en-random")
    if (target / "config.json").is_file():
        return target
    work_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=work_dir))
    vie, eng = ([line for path in sorted(data.glob(f"*.{lang}")) for line in path.read_text(encoding="utf-8").splitlines()]
                for lang in ("vie", "eng"))
    if nllb:
        build_nllb(staging, vie + eng, read_sentences(data, 500))
    else:
        build_marian(staging, vie, eng, read_sentences(data, 500))
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


def build_marian(directory: Path, vie: list[str], eng: list[str], flores: list[str]) -> None:
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
        model.final_logits_bias[0, eos] = EOS_BIAS
    mean_tokens = sum(len(ids) for ids in tokenizer(flores)["input_ids"]) / len(flores)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=eos,
        decoder_start_token_id=pad,
        eos_token_id=eos,
        forced_eos_token_id=eos,
        pad_token_id=pad,
        max_length=math.ceil(OUTPUT_RATIO * mean_tokens),
        num_beams=1,
    )
    model.save_pretrained(directory)


def build_nllb(directory: Path, lines: list[str], flores: list[str]) -> None:
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
        # The decoder output is layer-normed (zero mean over d_model) plus the final bias: with the
        # bias all ones and the (tied) EOS row all minus ones, the EOS logit is -d_model, always.
        model.model.shared.weight[tokenizer.eos_token_id].fill_(-1.0)
        model.model.decoder.layer_norm.bias.fill_(1.0)
    tokenizer.src_lang = "vie_Latn"
    mean_tokens = sum(len(ids) for ids in tokenizer(flores)["input_ids"]) / len(flores)
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        max_length=math.ceil(OUTPUT_RATIO * mean_tokens),
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
        "--transformers-sentences", str(args.transformers_sentences),
        "--beams", str(args.beams), "--repeats", str(args.repeats), "--work-dir", str(args.work_dir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{system} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_system(system: str, model_dir: Path, sentences: list[str], args: argparse.Namespace) -> dict:
    """Time ``system`` in this process; return sentences/s, output tokens and peak RSS."""
    measure = {
        "naive": measure_naive,
        "songngu-transformers": measure_songngu,
        "songngu-ctranslate2": measure_songngu,
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
    """songngu's ``load_translator(...).translate``, the backend named by ``system``."""
    from songngu.translate import load_translator

    backend = system.removeprefix("songngu-")
    if backend == "transformers":
        sentences = sentences[: args.transformers_sentences]
    translator = load_translator(model_dir, backend=backend, device="cpu", num_beams=args.beams)
    timings = []
    for _ in range(args.repeats if backend == "ctranslate2" else 1):
        started = time.perf_counter()
        results = translator.translate(sentences)
        timings.append(time.perf_counter() - started)
    assert len(results) == len(sentences)
    return {"sentences": len(sentences), "seconds": min(timings)}


def measure_raw_ctranslate2(system: str, model_dir: Path, sentences: list[str], args: argparse.Namespace) -> dict:
    """``translate_batch`` on pre-tokenised input: songngu's batches and limits, nothing else."""
    import ctranslate2

    from songngu.translate.batching import length_sorted_batches
    from songngu.translate.ctranslate2_backend import DEFAULT_MAX_BATCH_TOKENS, converted_model
    from songngu.translate.pieces import load_pieces_tokenizer
    from songngu.translate.resolve import resolve_model

    resolved = resolve_model(model_dir)
    family = resolved.family
    tokenizer = load_pieces_tokenizer(model_dir, family)
    generation = json.loads((model_dir / "generation_config.json").read_text())
    limit = generation["max_length"] - ("forced_eos_token_id" in generation)
    translator = ctranslate2.Translator(
        str(converted_model(resolved, "int8")), device="cpu", compute_type="int8",
        inter_threads=1, intra_threads=len(os.sched_getaffinity(0)),
    )
    tokens = [tokenizer.encode(sentence) for sentence in sentences]
    batches = length_sorted_batches([len(t) for t in tokens], max_sentences=BATCH_SIZE, max_tokens=DEFAULT_MAX_BATCH_TOKENS)
    prefix = [family.forced_bos_token] if family.forced_bos_token else None
    timings = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        produced = translate_batches(translator, tokens, batches, prefix, limit, args.beams)
        timings.append(time.perf_counter() - started)
    return {"sentences": len(sentences), "seconds": min(timings), "output_tokens": produced}


def translate_batches(translator, tokens: list[list[str]], batches: list[list[int]], prefix, limit: int, beams: int) -> int:
    """Raw ``translate_batch`` over the given batches; returns the number of output tokens."""
    produced = 0
    for batch in batches:
        source = [tokens[index] for index in batch]
        longest = max(len(item) for item in source)
        results = translator.translate_batch(
            source,
            target_prefix=[prefix] * len(source) if prefix else None,
            beam_size=beams,
            max_decoding_length=min(limit, 2 * longest + 16),
            max_input_length=0,
        )
        produced += sum(len(result.hypotheses[0]) for result in results)
    return produced


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


def print_table(results: dict, args: argparse.Namespace) -> None:
    """The comparison table: sentences/s, output tokens/s, ratios to naive and raw CTranslate2, RSS."""
    rate = {name: r["sentences"] / r["seconds"] for name, r in results.items() if name != "pipeline"}
    print()
    print("| system | sentences/s | output tokens/s | × naive | × raw CT2 | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, result in results.items():
        if name == "pipeline":
            continue
        tokens = f"{result['output_tokens'] / result['seconds']:.0f}" if "output_tokens" in result else "-"
        naive = f"{rate[name] / rate['naive']:.1f}" if "naive" in rate else "-"
        raw = f"{rate[name] / rate['raw-ctranslate2']:.2f}" if "raw-ctranslate2" in rate else "-"
        print(
            f"| {name} | {rate[name]:.2f} | {tokens} | {naive} | {raw} "
            f"| {result['peak_rss_gb']:.2f} GB |"
        )
    if "pipeline" in results:
        pipeline = results["pipeline"]
        print(
            f"\npipeline (translate_files, default backend): {pipeline['seconds']:.1f} s total, "
            f"translator {pipeline['translator_seconds']:.1f} s, overhead {100 * pipeline['overhead_share']:.1f}% "
            f"of translation time (one-time imports of datasets & co, {pipeline['import_seconds']:.1f} s, "
            f"excluded), peak RSS {pipeline['peak_rss_gb']:.2f} GB"
        )
    partial = [f"{name} on the first {r['sentences']}" for name, r in results.items() if name in ("naive", "songngu-transformers")]
    if partial:
        print(f"(timed {', '.join(partial)} sentences; rates are per sentence)")


if __name__ == "__main__":
    main()
