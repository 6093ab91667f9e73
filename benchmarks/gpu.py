"""GPU throughput: CTranslate2 (int8_float16, float16) against transformers fp16, and songngu's whole pipeline.

One command on one GPU, about four minutes, no downloads::

    python benchmarks/gpu.py                    # prints one table, writes gpu-benchmark.json
    python benchmarks/gpu.py --cpu-smoke        # the same code paths on CPU with tiny models (the tests run it)

Models: random-weight copies of the opus-mt-vi-en and NLLB-200-distilled-600M architectures,
built from their config objects with tokenizers trained on the FLORES-200 text (see
``translate_speed.py``: no tokenizer or weight is downloaded). They are wired to end each output
where its source ends (``translate_speed.stop_at_source_length``), so every system decodes the
same natural lengths, sentence by sentence.

Measured, on the first ``--sentences`` FLORES-200 Vietnamese lines:

- CTranslate2 ``translate_batch`` (all batches queued at once, ``asynchronous=True``) for each
  compute type, beam 1 and 4, and length-sorted batches cut at a sweep of padded-token budgets;
- transformers ``generate`` in fp16, batches of 32 sentences, beam 1 and 4 (the baseline);
- ``songngu translate``'s pipeline (``translate_files``: read, segment, translate with the default
  int8_float16, rows, quality signals, Parquet) on the FLORES lines as articles, against the
  model alone on the same batches (the goal: within 10 %).

Reported: target tokens/s, sentences/s and the GPU memory in use at the peak (sampled with
``nvidia-smi``; CTranslate2's caching allocator keeps what a configuration allocated, so the
sweep runs smallest batches first). Anchor: CTranslate2's published OPUS-MT figure, 9,297
target tokens/s (A10G, float16, beam 4, batch 32). On a machine without a CUDA GPU it says so
in one line and exits 0.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from translate_speed import DEFAULT_DATA, build_model, read_sentences  # noqa: E402

ANCHOR = "CTranslate2's published OPUS-MT figure: 9,297 target tokens/s (A10G, float16, beam 4, batch 32)"
GPU_COMPUTE_TYPES = ("int8_float16", "float16")
CPU_COMPUTE_TYPES = ("int8", "float32")
BATCH_TOKENS = (1024, 4096, 16384)
SMOKE_BATCH_TOKENS = (128, 512)
BEAMS = (1, 4)
TRANSFORMERS_BATCH = 32
BUDGET_SECONDS = 270


def main() -> None:
    """Parse options; say so and exit 0 without a GPU; otherwise measure, print the table, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-smoke", action="store_true", help="tiny models on CPU: exercise every code path, measure nothing")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the FLORES-200 files")
    parser.add_argument("--sentences", type=int, default=500, help="FLORES lines to translate (max 500)")
    parser.add_argument("--models", default="opus-mt-vi-en,nllb-600m", help="comma-separated: opus-mt-vi-en, nllb-600m")
    parser.add_argument("--json", type=Path, default=Path("gpu-benchmark.json"), help="where to write every measurement")
    parser.add_argument("--pipeline-copies", type=int, default=4, help="the pipeline translates the sentences this many times over")
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="seconds; configurations left after it are skipped")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "songngu-benchmark")
    parser.add_argument("--model-dir", action="append", default=[], metavar="NAME=DIR", help="use this model folder for NAME")
    args = parser.parse_args()
    if not args.cpu_smoke:
        missing = cuda_missing()
        if missing:
            print(f"benchmarks/gpu.py: no CUDA GPU here ({missing}); nothing measured. Run it on a machine with a GPU.")
            return
    os.environ["SONGNGU_CACHE"] = str(args.work_dir / "cache")
    started = time.perf_counter()
    device = "cpu" if args.cpu_smoke else "cuda"
    sentences = read_sentences(args.data, args.sentences)
    if args.cpu_smoke:  # the tiny models read 64 positions at most
        sentences = [" ".join(sentence.split()[:6]) for sentence in sentences[:16]]
    given = dict(item.split("=", 1) for item in args.model_dir)
    rows: list[dict] = []
    deadline = started + args.budget
    for name in args.models.split(","):
        model_dir = Path(given[name]) if name in given else prepare_model(name, args)
        rows += measure_model(name, model_dir, sentences, device, args.cpu_smoke, deadline)
    rows += measure_pipeline(Path(given.get("opus-mt-vi-en") or prepare_model("opus-mt-vi-en", args)), sentences, device, args)
    report = {"device": device_name(device), "anchor": ANCHOR, "sentences": len(sentences),
              "seconds": time.perf_counter() - started, "rows": rows}
    print_table(report)
    args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"wrote {args.json} ({report['seconds']:.0f} s in all)")


def cuda_missing() -> str | None:
    """Why there is no usable CUDA GPU (None when CTranslate2 and torch both see one)."""
    try:
        import ctranslate2
        import torch
    except ImportError as error:
        return f"cannot import {error.name}"
    if ctranslate2.get_cuda_device_count() == 0:
        return "CTranslate2 sees no CUDA device"
    if not torch.cuda.is_available():
        return "torch sees no CUDA device"
    return None


def device_name(device: str) -> str:
    """The GPU's name, or the CPU's for the smoke run."""
    if device == "cuda":
        import torch

        return torch.cuda.get_device_name(0)
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "cpu"


def prepare_model(name: str, args: argparse.Namespace) -> Path:
    """The random-weight model for ``name``: real architecture on GPU, a test-suite tiny model for the smoke run."""
    if args.cpu_smoke:
        from tests.tinymodels import build_tiny_marian, build_tiny_nllb

        target = args.work_dir / f"smoke-{name}"
        if not (target / "config.json").is_file():
            shutil.rmtree(target, ignore_errors=True)
            (build_tiny_nllb if name == "nllb-600m" else build_tiny_marian)(target)
        return target
    return build_model(args.work_dir, args.data, nllb=name == "nllb-600m")


def measure_model(name: str, model_dir: Path, sentences: list[str], device: str, smoke: bool, deadline: float) -> list[dict]:
    """Every CTranslate2 configuration of one model, then the transformers baseline."""
    from songngu.translate.batching import length_sorted_batches
    from songngu.translate.pieces import load_pieces_tokenizer
    from songngu.translate.resolve import resolve_model

    resolved = resolve_model(model_dir)
    tokenizer = load_pieces_tokenizer(model_dir, resolved.family)
    tokens = [tokenizer.encode(sentence) for sentence in sentences]
    limit = output_limit(model_dir)
    prefix = [resolved.family.forced_bos_token] if resolved.family.forced_bos_token else None
    rows = []
    for compute_type in CPU_COMPUTE_TYPES if smoke else GPU_COMPUTE_TYPES:
        translator = load_ctranslate2(resolved, device, compute_type)
        for beams in BEAMS:
            for budget in SMOKE_BATCH_TOKENS if smoke else BATCH_TOKENS:
                if time.perf_counter() > deadline:
                    rows.append({"model": name, "system": f"ctranslate2 {compute_type}", "beams": beams, "batch": f"{budget} tokens",
                                 "skipped": "over the time budget"})
                    continue
                batches = length_sorted_batches([len(t) for t in tokens], max_sentences=10**6, max_tokens=budget)
                with gpu_memory(device) as memory:
                    seconds, produced = timed(lambda: ctranslate2_run(translator, tokens, batches, prefix, limit, beams))
                rows.append(row(name, f"ctranslate2 {compute_type}", beams, f"{budget} tokens", len(sentences), produced, seconds, memory))
        del translator
    rows += measure_transformers(name, model_dir, sentences, device, limit, deadline)
    return rows


def load_ctranslate2(resolved, device: str, compute_type: str):
    """The model converted once to float16 (cached), loaded as ``compute_type`` (CTranslate2 quantises on load)."""
    import ctranslate2

    from songngu.translate.ctranslate2_backend import converted_model

    return ctranslate2.Translator(str(converted_model(resolved, "float16")), device=device, compute_type=compute_type)


def ctranslate2_run(translator, tokens: list[list[str]], batches: list[list[int]], prefix, limit: int, beams: int) -> int:
    """All batches queued at once; returns the target tokens produced."""
    pending = []
    for batch in batches:
        source = [tokens[index] for index in batch]
        longest = max(len(item) for item in source)
        pending.append(translator.translate_batch(
            source, target_prefix=[prefix] * len(source) if prefix else None, beam_size=beams,
            max_decoding_length=min(limit, 2 * longest + 16), max_input_length=0, asynchronous=True,
        ))
    return sum(len(result.result().hypotheses[0]) for results in pending for result in results)


def measure_transformers(name: str, model_dir: Path, sentences: list[str], device: str, limit: int, deadline: float) -> list[dict]:
    """transformers ``generate`` (fp16 on GPU, fp32 on CPU) on length-sorted batches of 32 sentences."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from songngu.translate.batching import length_sorted_batches
    from songngu.translate.resolve import detect_family

    family = detect_family(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(model_dir, **({"src_lang": family.src_lang} if family.src_lang else {}))
    dtype = torch.float16 if device == "cuda" else torch.float32
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir, torch_dtype=dtype).to(device).eval()
    forced = {"forced_bos_token_id": tokenizer.convert_tokens_to_ids(family.forced_bos_token)} if family.forced_bos_token else {}
    encoded = tokenizer(sentences)["input_ids"]
    batches = length_sorted_batches([len(ids) for ids in encoded], max_sentences=TRANSFORMERS_BATCH)
    system = f"transformers {'fp16' if device == 'cuda' else 'fp32'}"
    rows = []

    def run(beams: int) -> int:
        produced = 0
        with torch.inference_mode():
            for batch in batches:
                inputs = tokenizer.pad({"input_ids": [encoded[index] for index in batch]}, return_tensors="pt").to(device)
                longest = inputs["input_ids"].shape[1]
                output = model.generate(**inputs, num_beams=beams, max_new_tokens=min(limit, 2 * longest + 16), **forced)
                produced += int((output[:, 1:] != tokenizer.pad_token_id).sum())
        if device == "cuda":
            torch.cuda.synchronize()
        return produced

    for beams in BEAMS:
        if time.perf_counter() > deadline:
            rows.append({"model": name, "system": system, "beams": beams, "batch": f"{TRANSFORMERS_BATCH} sentences",
                         "skipped": "over the time budget"})
            continue
        with gpu_memory(device) as memory:
            seconds, produced = timed(lambda: run(beams))
        rows.append(row(name, system, beams, f"{TRANSFORMERS_BATCH} sentences", len(sentences), produced, seconds, memory))
    del model
    if device == "cuda":
        torch.cuda.empty_cache()
    return rows


def measure_pipeline(model_dir: Path, sentences: list[str], device: str, args: argparse.Namespace) -> list[dict]:
    """``translate_files`` on the sentences (``--pipeline-copies`` times over, so start-up weighs little) as
    10-paragraph articles, chunks of 10, against the model alone on the batches songngu forms for each chunk."""
    from songngu.run import EngineOptions, translate_files
    from songngu.translate import load_translator
    from songngu.translate.batching import length_sorted_batches
    from songngu.translate.ctranslate2_backend import COMPUTE_TYPES

    work = Path(tempfile.mkdtemp(prefix="gpu-pipeline-", dir=args.work_dir))
    articles = work / "articles"
    articles.mkdir()
    chunk_sentences = 100  # 10 articles of 10 lines
    for copy in range(args.pipeline_copies):
        for start in range(0, len(sentences), 10):
            text = "\n\n".join(sentences[start : start + 10]) + "\n"
            (articles / f"copy{copy}-flores-{start // 10:03d}.txt").write_text(text, encoding="utf-8")
    translator = load_translator(model_dir, device=device, num_beams=1)  # loaded before timing; translate_files reuses it
    tokens = [translator.encode([sentence])[0] for sentence in sentences] * args.pipeline_copies
    batches = []
    for start in range(0, len(tokens), chunk_sentences):
        lengths = [len(t) for t in tokens[start : start + chunk_sentences]]
        batches += [
            [start + index for index in batch]
            for batch in length_sorted_batches(
                lengths, max_sentences=translator.batch_size, max_tokens=translator.batch_token_limit(lengths)
            )
        ]
    limit = output_limit(model_dir)
    with gpu_memory(device) as model_memory:
        model_seconds, produced = timed(lambda: ctranslate2_run(translator.translator, tokens, batches, translator.target_prefix, limit, 1))
    with gpu_memory(device) as pipeline_memory:
        pipeline_seconds, summary = timed(lambda: translate_files(
            [str(articles)], work / "out", model=str(model_dir), device=device, num_beams=1, memory=False,
            show_progress=False, engine=EngineOptions(chunk_size=10),
        ))
    compute_type = COMPUTE_TYPES[device]
    model_row = row("opus-mt-vi-en", f"model alone, ctranslate2 {compute_type}", 1, f"{translator.batch_size} sentences",
                    len(tokens), produced, model_seconds, model_memory)
    pipeline_row = row("opus-mt-vi-en", f"songngu translate pipeline, {compute_type}", 1, f"{translator.batch_size} sentences",
                       summary.translated_sentences, None, pipeline_seconds, pipeline_memory)
    pipeline_row["x_model_alone"] = pipeline_row["sentences_per_s"] / model_row["sentences_per_s"]
    shutil.rmtree(work, ignore_errors=True)
    return [model_row, pipeline_row]


def output_limit(model_dir: Path) -> int:
    """The model's output limit, as songngu applies it (``max_length`` less a forced end token)."""
    generation = json.loads((model_dir / "generation_config.json").read_text(encoding="utf-8"))
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    forced = generation.get("forced_eos_token_id", config.get("forced_eos_token_id")) is not None
    return min(generation.get("max_length") or 10**6, config["max_position_embeddings"]) - forced


def timed(work: Callable[[], object]) -> tuple[float, object]:
    """Seconds ``work`` took, and what it returned."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def row(model: str, system: str, beams: int, batch: str, sentences: int, tokens: int | None, seconds: float, memory: dict) -> dict:
    """One measurement as a table row."""
    return {
        "model": model, "system": system, "beams": beams, "batch": batch, "sentences": sentences,
        "target_tokens": tokens, "seconds": seconds, "sentences_per_s": sentences / seconds,
        "target_tokens_per_s": tokens / seconds if tokens is not None else None, "gpu_memory_gb": memory.get("peak_gb"),
    }


@contextmanager
def gpu_memory(device: str, interval: float = 0.05) -> Iterator[dict]:
    """Sample ``nvidia-smi`` while the block runs; ``peak_gb`` is the most memory in use on GPU 0 (None on CPU)."""
    found: dict = {"peak_gb": None}
    if device != "cuda" or shutil.which("nvidia-smi") is None:
        yield found
        return
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            used = subprocess.run(
                ["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits", "--id=0"],
                capture_output=True, text=True, check=False,
            ).stdout.strip()
            if used.isdigit():
                found["peak_gb"] = max(found["peak_gb"] or 0.0, int(used) / 1024)
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield found
    finally:
        stop.set()
        sampler.join()


def print_table(report: dict) -> None:
    """One Markdown table of every row, with the device and the anchor."""
    print(f"\ndevice: {report['device']}; {report['sentences']} FLORES-200 sentences; anchor: {report['anchor']}\n")
    print("| model | system | beams | batch | target tokens/s | sentences/s | GPU memory |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for item in report["rows"]:
        if "skipped" in item:
            print(f"| {item['model']} | {item['system']} | {item['beams']} | {item['batch']} | skipped: {item['skipped']} | | |")
            continue
        tokens = f"{item['target_tokens_per_s']:,.0f}" if item["target_tokens_per_s"] is not None else "-"
        memory = f"{item['gpu_memory_gb']:.1f} GB" if item["gpu_memory_gb"] is not None else "-"
        extra = f" ({item['x_model_alone']:.2f} × model alone)" if "x_model_alone" in item else ""
        print(f"| {item['model']} | {item['system']} | {item['beams']} | {item['batch']} | {tokens} "
              f"| {item['sentences_per_s']:.1f}{extra} | {memory} |")


if __name__ == "__main__":
    main()
