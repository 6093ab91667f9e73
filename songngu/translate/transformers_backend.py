"""Translate with a Hugging Face seq2seq model: tokenizer plus ``model.generate``."""
from __future__ import annotations

from collections.abc import Sequence

from songngu.translate.resolve import ResolvedModel
from songngu.translate.scheduling import BatchedTranslator, input_limit

DEFAULT_BATCH_SIZE = 32
DEFAULT_MAX_BATCH_TOKENS = 4096
SCORING_CHUNK = 8


class TransformersTranslator(BatchedTranslator):
    """A Marian, NLLB or M2M100 model loaded with transformers, translating vi→en in batches."""

    backend = "transformers"

    def __init__(
        self,
        model: ResolvedModel,
        *,
        device: str = "cpu",
        num_beams: int | None = None,
        batch_size: int | None = None,
        max_batch_tokens: int | None = None,
    ) -> None:
        """Load tokenizer and model from ``model.path`` without network access."""
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        self._torch = torch
        tokenizer_options = {"src_lang": model.family.src_lang} if model.family.src_lang else {}
        self.tokenizer = AutoTokenizer.from_pretrained(model.path, local_files_only=True, **tokenizer_options)
        # songngu splits input longer than the model's limit itself (songngu.translate.long_input), so
        # transformers' warning about such input ("Token indices sequence length is longer…") is noise.
        self.tokenizer.deprecation_warnings["sequence-length-is-longer-than-the-specified-maximum"] = True
        self.model = AutoModelForSeq2SeqLM.from_pretrained(model.path, local_files_only=True).to(device).eval()
        self.model_name = model.name
        self.model_revision = model.revision
        self.device = device
        generation = self.model.generation_config
        self.num_beams = num_beams or generation.num_beams or 1
        self.batch_size = batch_size or DEFAULT_BATCH_SIZE
        self.max_batch_tokens = max_batch_tokens or DEFAULT_MAX_BATCH_TOKENS
        self.max_input_tokens = input_limit(
            getattr(self.model.config, "max_position_embeddings", None), self.tokenizer.model_max_length
        )
        self.max_output_tokens = min(generation.max_length or self.max_input_tokens, self.max_input_tokens)
        self.forced_bos_token_id = (
            self.tokenizer.convert_tokens_to_ids(model.family.forced_bos_token) if model.family.forced_bos_token else None
        )

    def settings(self) -> dict:
        """Decoding settings that determine the output."""
        return {
            "backend": self.backend,
            "num_beams": self.num_beams,
            "batch_size": self.batch_size,
            "device": self.device,
            "max_input_tokens": self.max_input_tokens,
        }

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Texts to the token sequences the model reads (special tokens included)."""
        return self.tokenizer(list(texts), add_special_tokens=True)["input_ids"]

    def run_batch(self, batch_ids: list[list[int]]) -> list[tuple[str, float]]:
        """One batch of token sequences to (English, mean token log-probability) each."""
        torch = self._torch
        encoded = self.tokenizer.pad({"input_ids": batch_ids}, return_tensors="pt").to(self.device)
        longest = max(len(ids) for ids in batch_ids)
        generate_options = {
            "num_beams": self.num_beams,
            "max_length": 1 + min(self.max_output_tokens, 2 * longest + 16),
        }
        if self.forced_bos_token_id is not None:
            generate_options["forced_bos_token_id"] = self.forced_bos_token_id
        with torch.inference_mode():
            generated = self.model.generate(**encoded, **generate_options)
            logprobs = self._mean_logprobs(encoded, generated)
        texts = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
        return [(text.strip(), logprob) for text, logprob in zip(texts, logprobs)]

    def _mean_logprobs(self, encoded, generated) -> list[float]:
        """Mean log-probability of each generated token under the model, teacher-forced in small chunks."""
        pad_id = self.model.generation_config.pad_token_id
        means: list[float] = []
        for start in range(0, generated.shape[0], SCORING_CHUNK):
            chunk = slice(start, start + SCORING_CHUNK)
            decoder_input = generated[chunk, :-1]
            targets = generated[chunk, 1:]
            logits = self.model(
                input_ids=encoded["input_ids"][chunk],
                attention_mask=encoded["attention_mask"][chunk],
                decoder_input_ids=decoder_input,
            ).logits.float()
            token_logprobs = logits.gather(-1, targets.unsqueeze(-1)).squeeze(-1) - logits.logsumexp(-1)
            mask = (targets != pad_id).float()
            means.extend(((token_logprobs * mask).sum(-1) / mask.sum(-1).clamp(min=1)).tolist())
        return means
