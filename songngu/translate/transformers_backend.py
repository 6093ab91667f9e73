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

    # Forcing required terms (songngu.translate.forcing): decoding from given decoder input ids.

    def target_tokens(self, english: str) -> list[str]:
        """The target-side tokens of ``english``, no special tokens."""
        ids = self.tokenizer(text_target=english, add_special_tokens=False, verbose=False)["input_ids"]
        return self.tokenizer.convert_ids_to_tokens(ids)

    def detokenize(self, tokens: list[str]) -> str:
        """Target tokens back to text, special tokens skipped."""
        return self.tokenizer.decode(self.tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True).strip()

    def _lead(self) -> list[int]:
        """The decoder's first inputs: the start token, then the forced target language (NLLB)."""
        lead = [self.model.generation_config.decoder_start_token_id]
        return lead + ([self.forced_bos_token_id] if self.forced_bos_token_id is not None else [])

    @property
    def prefix_room(self) -> int:
        """The most target tokens a forced prefix may hold, within the model's positions."""
        return self.max_output_tokens - len(self._lead()) - 1

    def attention_batch(self, sources: list[list[int]], targets: list[list[str]]) -> list[list[list[float]]]:
        """For each pair, the last layer's cross-attention (mean over heads) when predicting each target token.

        Teacher-forced, right-padded (the decoder is causal and padded sources are masked); tokens
        past ``prefix_room`` get no attention (rows of zeros).
        """
        torch = self._torch
        lead = self._lead()
        usable = [target[: self.prefix_room] for target in targets]
        pad = self.model.generation_config.pad_token_id
        decoder_ids = [lead + self.tokenizer.convert_tokens_to_ids(target) for target in usable]
        width = max(map(len, decoder_ids))
        encoded = self.tokenizer.pad({"input_ids": sources}, return_tensors="pt").to(self.device)
        padded = torch.tensor([ids + [pad] * (width - len(ids)) for ids in decoder_ids], device=self.device)
        usual = self.model.config._attn_implementation
        self.model.set_attn_implementation("eager")  # sdpa kernels do not return attention weights
        try:
            with torch.inference_mode():
                output = self.model(**encoded, decoder_input_ids=padded, output_attentions=True)
        finally:
            self.model.set_attn_implementation(usual)
        weights = output.cross_attentions[-1].float().mean(1)  # (batch, decoder positions, source tokens)
        rows = []
        for row, source, target, kept in zip(weights, sources, targets, usable):
            found = row[len(lead) - 1 : len(lead) - 1 + len(kept), : len(source)].tolist()
            rows.append(found + [[0.0] * len(source)] * (len(target) - len(found)))
        return rows

    def continue_batch(self, sources: list[list[int]], prefixes: list[list[str]]) -> list[tuple[list[str], float]]:
        """Decode each source from its prefix given as ``decoder_input_ids`` (one at a time: prefixes differ in length)."""
        return [self._continue_from(source, prefix) for source, prefix in zip(sources, prefixes)]

    def _continue_from(self, source: list[int], prefix: list[str]) -> tuple[list[str], float]:
        """Decode ``source`` from ``prefix``; the model finishes the sentence."""
        torch = self._torch
        lead = self._lead()
        decoder_ids = lead + self.tokenizer.convert_tokens_to_ids(prefix)
        encoded = {
            "input_ids": torch.tensor([source], device=self.device),
            "attention_mask": torch.ones(1, len(source), dtype=torch.long, device=self.device),
        }
        limit = 1 + min(self.max_output_tokens, 2 * len(source) + 16)
        with torch.inference_mode():
            generated = self.model.generate(
                **encoded, decoder_input_ids=torch.tensor([decoder_ids], device=self.device), num_beams=self.num_beams,
                max_length=min(max(limit, len(decoder_ids) + 1) + len(prefix) // 4 + 1, self.max_output_tokens + 1),
            )
            logprob = self._mean_logprobs(encoded, generated)[0]
        ids = [token for token in generated[0, len(lead) :].tolist() if token not in (self.tokenizer.pad_token_id, self.tokenizer.eos_token_id)]
        return self.tokenizer.convert_ids_to_tokens(ids), logprob
