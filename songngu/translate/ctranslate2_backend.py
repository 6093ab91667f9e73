"""Translate with CTranslate2: the Hugging Face model converted once, quantised, run without torch."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from songngu.atomic import TEMPORARY_SUFFIX, atomic_open, temporary_name
from songngu.errors import ConversionError, SetupError, SongnguError, UsageError
from songngu.paths import user_cache_dir
from songngu.translate.batching import typical_batch_budget
from songngu.translate.memory import local_model_fingerprint
from songngu.translate.pieces import load_pieces_tokenizer
from songngu.translate.resolve import ResolvedModel
from songngu.translate.scheduling import BatchedTranslator, Outcome, input_limit
from songngu.translate.threads import ThreadSplit, beyond_cores_note, split_for

DEFAULT_BATCH_SIZE = 32
BATCH_TOKENS_RANGE = (1024, 2048)
"""Padded source tokens a batch holds at most by default: 32 sentences of the median length of the
sentences at hand (``typical_batch_budget``), within this range. Typical batches are full; batches of
the longest sentences hold fewer, so two translators side by side need about the memory one translator
of songngu 0.2 needed with batches of 32 sentences and up to 4,096 tokens (README, Measured)."""
COMPUTE_TYPES = {"cpu": "int8", "cuda": "int8_float16"}
RESULT_POLL_SECONDS = 0.005
"""How often a queued batch is checked while the caller waits for it (the wait stays interruptible)."""


class CTranslate2Translator(BatchedTranslator):
    """A Marian, NLLB or M2M100 model converted to CTranslate2, translating vi→en in batches.

    Tokenisation and detokenisation give exactly what the model's Hugging Face tokenizer gives,
    using its SentencePiece / tokenizer.json files directly (``songngu.translate.pieces``), so
    neither torch nor transformers is imported once the converted copy is cached.
    """

    backend = "ctranslate2"

    def __init__(
        self,
        model: ResolvedModel,
        *,
        device: str = "cpu",
        compute_type: str | None = None,
        num_beams: int | None = None,
        batch_size: int | None = None,
        max_batch_tokens: int | None = None,
        threads: int | ThreadSplit | None = None,
    ) -> None:
        """Convert ``model`` on first use (cached), then load it with CTranslate2 on ``device``.

        ``threads`` is the CPU split (parallel translators × threads each), or a number of cores
        to split with :func:`~songngu.translate.threads.default_split` (default: every usable
        core). The weights are loaded once, shared by the parallel translators. On CUDA, every
        visible GPU gets ``inter`` translators (default one).
        """
        import ctranslate2

        if device not in COMPUTE_TYPES:
            raise SongnguError(f"device {device!r}: the ctranslate2 backend runs on cpu or cuda; choose the transformers backend for it")
        self.device = device
        self.compute_type = compute_type or COMPUTE_TYPES[device]
        check_compute_type(self.compute_type, device)
        quantization = "int8" if self.compute_type.startswith("int8") else self.compute_type
        converted = converted_model(model, quantization)
        self.split = split_for(threads, device)
        if device == "cpu" and (note := beyond_cores_note(self.split)):
            print(f"songngu: note: {note}", file=sys.stderr, flush=True)
        gpus = ctranslate2.get_cuda_device_count() if device == "cuda" else 0
        self.translator = ctranslate2.Translator(
            str(converted),
            device=device,
            device_index=list(range(gpus)) if gpus else 0,
            compute_type=self.compute_type,
            inter_threads=self.split.inter,
            intra_threads=self.split.intra,
        )
        # each translator has a second batch waiting in CTranslate2's queue while Python detokenises the last
        self.batches_in_flight = 2 * self.translator.num_translators
        self.tokenizer = load_pieces_tokenizer(model.path, model.family)
        self.model_name = model.name
        self.model_revision = model.revision
        self.target_prefix = [model.family.forced_bos_token] if model.family.forced_bos_token else None
        starts_from_pad = _read_json(converted / "config.json").get("decoder_start_token") == "<pad>"
        self.suppressed = [["<pad>"]] if starts_from_pad and model.family.name == "marian" else None
        generation = _read_json(model.path / "generation_config.json")
        config = _read_json(model.path / "config.json")
        self.num_beams = num_beams or generation.get("num_beams") or config.get("num_beams") or 1
        self.batch_size = batch_size or DEFAULT_BATCH_SIZE
        self.max_batch_tokens = max_batch_tokens
        self.max_input_tokens = input_limit(config.get("max_position_embeddings"), self.tokenizer.model_max_length)
        self.max_output_tokens = min(generation.get("max_length") or self.max_input_tokens, self.max_input_tokens)
        self.forces_eos = generation.get("forced_eos_token_id", config.get("forced_eos_token_id")) is not None

    def settings(self) -> dict:
        """Decoding settings that determine the output."""
        return {
            "backend": self.backend,
            "num_beams": self.num_beams,
            "batch_size": self.batch_size,
            "device": self.device,
            "compute_type": self.compute_type,
            "max_input_tokens": self.max_input_tokens,
            "threads": str(self.split),
        }

    def batch_token_limit(self, lengths: list[int]) -> int:
        """``max_batch_tokens`` when set; by default ``batch_size`` sentences of the median of ``lengths``
        (:func:`~songngu.translate.batching.typical_batch_budget`)."""
        return self.max_batch_tokens or default_batch_tokens(lengths, self.batch_size)

    def encode(self, texts: Sequence[str]) -> list[list[str]]:
        """Texts to the token sequences the model reads (special tokens included)."""
        return [self.tokenizer.encode(text) for text in texts]

    def run_batch(self, tokens: list[list[str]]) -> list[tuple[str, float]]:
        """One batch of token sequences to (English, mean token log-probability) each."""
        return self.start_batch(tokens)()

    def start_batch(self, tokens: list[list[str]]) -> Outcome:
        """Queue one batch for the next free translator; the outcome waits for it and detokenises."""
        longest = max(len(item) for item in tokens)
        pending = self.translator.translate_batch(
            tokens,
            target_prefix=[self.target_prefix] * len(tokens) if self.target_prefix else None,
            beam_size=self.num_beams,
            max_decoding_length=min(self.max_output_tokens, 2 * longest + 16) - self.forces_eos,
            max_input_length=0,
            suppress_sequences=self.suppressed,
            length_penalty=1.0,
            return_scores=True,  # cumulative log-prob / length ** length_penalty: the mean with 1.0
            asynchronous=True,
        )

        def outcome() -> list[tuple[str, float]]:
            outputs = []
            for waiting in pending:
                while not waiting.done():  # result() blocks in C++, where Ctrl-C cannot reach the caller
                    time.sleep(RESULT_POLL_SECONDS)
                result = waiting.result()
                outputs.append((self.tokenizer.decode(result.hypotheses[0]).strip(), result.scores[0]))
            return outputs

        return outcome

    # Forcing required terms (songngu.translate.forcing): decoding from a given target prefix.

    def target_tokens(self, english: str) -> list[str]:
        """The target-side tokens of ``english``, no special tokens."""
        return self.tokenizer.encode_target(english)

    def detokenize(self, tokens: list[str]) -> str:
        """Target tokens back to text."""
        return self.tokenizer.decode(tokens).strip()

    @property
    def prefix_room(self) -> int:
        """The most target tokens a forced prefix may hold, within the model's positions."""
        return self.max_output_tokens - len(self.target_prefix or []) - 2

    def attention_batch(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[list[float]]]:
        """For each pair, the attention over the source when producing each target token (teacher-forced).

        Tokens past ``prefix_room`` get no attention (rows of zeros).
        """
        lead = self.target_prefix or []
        usable = [target[: self.prefix_room] for target in targets]
        results = self.translator.translate_batch(
            sources, target_prefix=[lead + target for target in usable], beam_size=1,
            max_decoding_length=len(lead) + max(map(len, usable)) + 1, max_input_length=0, return_attention=True,
            suppress_sequences=self.suppressed,
        )
        rows = []
        for source, target, kept, result in zip(sources, targets, usable, results):
            found = [list(row) for row in result.attention[0][len(lead) : len(lead) + len(kept)]]
            rows.append(found + [[0.0] * len(source)] * (len(target) - len(found)))
        return rows

    def continue_batch(self, sources: list[list[str]], prefixes: list[list[str]]) -> list[tuple[list[str], float]]:
        """Decode each source with its prefix forced (``target_prefix``); the model finishes each sentence."""
        lead = self.target_prefix or []
        limit = min(self.max_output_tokens, 2 * max(map(len, sources)) + 16) - self.forces_eos
        longest = max(map(len, prefixes))
        results = self.translator.translate_batch(
            sources, target_prefix=[lead + prefix for prefix in prefixes], beam_size=self.num_beams,
            max_decoding_length=min(max(limit, len(lead) + longest + 1) + longest // 4 + 1, self.max_output_tokens - 1),
            max_input_length=0, suppress_sequences=self.suppressed, length_penalty=1.0, return_scores=True,
        )
        return [(result.hypotheses[0][len(lead) :], result.scores[0]) for result in results]


def default_batch_tokens(lengths: list[int], batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """The default padded-token budget of a batch for sentences of ``lengths`` tokens (:data:`BATCH_TOKENS_RANGE`)."""
    floor, ceiling = BATCH_TOKENS_RANGE
    return typical_batch_budget(lengths, max_sentences=batch_size, floor=floor, ceiling=ceiling)


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def converted_model(model: ResolvedModel, quantization: str) -> Path:
    """The CTranslate2 copy of ``model`` quantised as ``quantization``, converting it on first use.

    Copies live under ``user_cache_dir()/ctranslate2``, keyed by model path or name, revision,
    quantisation and CTranslate2 version (for a local ``revision == "local"`` model, also the
    weight files' sizes and modification times). Conversion writes into a temporary folder that
    is renamed into place, so a concurrent run or a crash never leaves a half-written copy.
    A model the converter refuses is remembered beside the cache entry, so later runs fail
    (or fall back) at once instead of loading the model again.
    """
    import ctranslate2

    target = conversion_cache_dir(model, quantization, ctranslate2.__version__)
    if (target / "model.bin").is_file():
        return target
    refused = target.with_name(f"{target.name}.unconvertible")
    if refused.is_file():
        raise ConversionError(model.name, refused.read_text(encoding="utf-8").strip())
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=temporary_name(target), suffix=TEMPORARY_SUFFIX, dir=target.parent))
    except OSError as error:  # the cache, not the model: say which folder and how to move it
        raise SetupError(
            f"{target.parent}: cannot write the cache of converted models there ({error.strerror or error}); "
            "point SONGNGU_CACHE at a writable folder, or pass --backend transformers"
        ) from None
    print(f"songngu: note: converting {model.name} to CTranslate2 {quantization} (once, cached in {target})", file=sys.stderr, flush=True)
    try:
        try:
            _convert(model, staging / "model", quantization)
        except ConversionError as error:
            with atomic_open(refused) as handle:
                handle.write(error.reason + "\n")
            raise
        try:
            os.rename(staging / "model", target)
        except OSError:
            if not (target / "model.bin").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def conversion_cache_dir(model: ResolvedModel, quantization: str, ct2_version: str) -> Path:
    """Where the converted copy of ``model`` for ``quantization`` is cached."""
    key = {"model": model.name, "revision": model.revision}
    if model.revision == "local":
        key["files"] = local_model_fingerprint(model.path)
    key.update(quantization=quantization, ctranslate2=ct2_version)
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    slug = "".join(char if char.isalnum() or char in "-_." else "-" for char in Path(model.name).name)[:40]
    return user_cache_dir() / "ctranslate2" / f"{slug}-{quantization}-{digest}"


def _convert(model: ResolvedModel, output_dir: Path, quantization: str) -> None:
    """Run CTranslate2's transformers converter; a model it cannot handle is a one-line error."""
    from ctranslate2.converters import TransformersConverter
    from ctranslate2.converters import transformers as ct2_transformers
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    standard_marian = ct2_transformers._MODEL_LOADERS.get("MarianConfig")
    ct2_transformers._MODEL_LOADERS["MarianConfig"] = _marian_loader()
    try:
        TransformersConverter(str(model.path), low_cpu_mem_usage=True).convert(
            str(output_dir), quantization=quantization, force=True
        )
    except Exception as error:  # the converter raises many types (ValueError, KeyError, NotImplementedError...)
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise ConversionError(model.name, first_line) from error
    finally:
        ct2_transformers._MODEL_LOADERS["MarianConfig"] = standard_marian


def check_compute_type(compute_type: str, device: str) -> None:
    """Refuse, before any conversion, a compute type CTranslate2 cannot run on ``device`` here, naming those it can."""
    import ctranslate2

    supported = sorted(ctranslate2.get_supported_compute_types(device))
    if compute_type not in supported:
        raise UsageError(
            f"--compute-type {compute_type}: CTranslate2 cannot compute in {compute_type} on this machine's {device}; "
            f"choose one of {', '.join(supported)}"
        )


def pick_ctranslate2_device(requested: str | None = None) -> str:
    """``cuda`` when CTranslate2 sees a GPU, else ``cpu``; an explicit request is checked."""
    import ctranslate2

    requested = (requested or "auto").lower()
    if requested == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if requested == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise SongnguError("device cuda: CTranslate2 sees no CUDA GPU")
    if requested not in COMPUTE_TYPES:
        raise SongnguError(f"device {requested!r}: the ctranslate2 backend runs on cpu or cuda; choose the transformers backend for it")
    return requested


def _marian_loader():
    """CTranslate2's Marian loader, extended to models whose ``<pad>`` embedding is not zero.

    opus-mt checkpoints start the decoder from ``<pad>``, whose embedding is all zeros, and
    CTranslate2 relies on that (``start_from_zero_embedding``, ``<pad>`` dropped from the
    vocabulary). When the row is not zero (models trained with transformers from scratch), this
    loader keeps ``<pad>`` and starts the decoder from it, as transformers does; the translator
    then suppresses ``<pad>`` in outputs, like the model's ``bad_words_ids``.
    """
    from ctranslate2.converters.transformers import BartLoader, MarianMTLoader

    class PadAwareMarianLoader(MarianMTLoader):
        def get_model_spec(self, model):
            if _pad_embedding_is_zero(model.model.decoder):
                return super().get_model_spec(model)
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            return BartLoader.get_model_spec(self, model)

        def set_config(self, config, model, tokenizer):
            super().set_config(config, model, tokenizer)
            if not _pad_embedding_is_zero(model.model.decoder):
                config.decoder_start_token = tokenizer.pad_token

        def set_decoder(self, spec, decoder):
            if _pad_embedding_is_zero(decoder):
                super().set_decoder(spec, decoder)
            else:
                BartLoader.set_decoder(self, spec, decoder)

        def get_vocabulary(self, model, tokenizer):
            if _pad_embedding_is_zero(model.model.decoder):
                return super().get_vocabulary(model, tokenizer)
            return BartLoader.get_vocabulary(self, model, tokenizer)

    return PadAwareMarianLoader()


def _pad_embedding_is_zero(decoder) -> bool:
    """Whether the decoder's ``<pad>`` (start) embedding is all zeros, as in opus-mt checkpoints."""
    embeddings = decoder.embed_tokens
    return embeddings.padding_idx is None or not bool(embeddings.weight[embeddings.padding_idx].any())
