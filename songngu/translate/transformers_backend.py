"""Translate with a Hugging Face seq2seq model: tokenizer plus ``model.generate``."""
from __future__ import annotations

from collections.abc import Sequence

from songngu.translate.base import ProgressCallback, ResultCallback, Translation
from songngu.translate.batching import length_sorted_batches
from songngu.translate.long_input import split_to_fit
from songngu.translate.resolve import ResolvedModel

DEFAULT_BATCH_SIZE = 32
DEFAULT_MAX_BATCH_TOKENS = 4096
SCORING_CHUNK = 8


class TransformersTranslator:
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
        self.model = AutoModelForSeq2SeqLM.from_pretrained(model.path, local_files_only=True).to(device).eval()
        self.model_name = model.name
        self.model_revision = model.revision
        self.device = device
        generation = self.model.generation_config
        self.num_beams = num_beams or generation.num_beams or 1
        self.batch_size = batch_size or DEFAULT_BATCH_SIZE
        self.max_batch_tokens = max_batch_tokens or DEFAULT_MAX_BATCH_TOKENS
        self.max_input_tokens = self._input_limit()
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

    def _input_limit(self) -> int:
        limits = [getattr(self.model.config, "max_position_embeddings", None), self.tokenizer.model_max_length]
        return min(limit for limit in limits if isinstance(limit, int) and 0 < limit < 1_000_000)

    def _token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return self.tokenizer(list(texts), add_special_tokens=True)["input_ids"]

    def translate(
        self,
        sentences: Sequence[str],
        on_progress: ProgressCallback | None = None,
        on_result: ResultCallback | None = None,
    ) -> list[Translation]:
        """Translate ``sentences`` in length-sorted batches; results come back in input order.

        ``on_result(index, translation)`` is called as soon as a sentence is complete;
        ``on_progress(count)`` after every batch with the number of sentences it finished.
        """
        pieces, owners, split_owners = self._pieces_that_fit(sentences)
        piece_ids = self._token_ids(pieces) if pieces else []
        outputs: list[tuple[str, float] | None] = [None] * len(pieces)
        remaining_pieces = [0] * len(sentences)
        for owner in owners:
            remaining_pieces[owner] += 1
        empty = [index for index in range(len(sentences)) if not remaining_pieces[index]]
        if on_result:
            for index in empty:
                on_result(index, Translation(""))
        if on_progress and empty:
            on_progress(len(empty))
        pieces_of: dict[int, list[int]] = {}
        for piece, owner in enumerate(owners):
            pieces_of.setdefault(owner, []).append(piece)
        batches = length_sorted_batches(
            [len(ids) for ids in piece_ids], max_sentences=self.batch_size, max_tokens=self.max_batch_tokens
        )
        for batch in batches:
            for index, result in zip(batch, self._translate_batch([piece_ids[index] for index in batch])):
                outputs[index] = result
            finished = 0
            for index in sorted(batch):
                owner = owners[index]
                remaining_pieces[owner] -= 1
                if remaining_pieces[owner] == 0:
                    finished += 1
                    if on_result:
                        on_result(owner, self._translation(pieces_of[owner], outputs, owner in split_owners))
            if on_progress and finished:
                on_progress(finished)
        return self._join(len(sentences), owners, outputs, split_owners)

    @staticmethod
    def _translation(pieces: list[int], outputs: list[tuple[str, float] | None], split_for_length: bool) -> Translation:
        """The Translation of one sentence from the outputs of its pieces."""
        done = [output for output in (outputs[piece] for piece in pieces) if output is not None]
        return Translation(
            " ".join(text for text, _ in done if text),
            split_for_length=split_for_length,
            logprob=sum(score for _, score in done) / len(done) if done else None,
        )

    def _pieces_that_fit(self, sentences: Sequence[str]) -> tuple[list[str], list[int], set[int]]:
        limit = self.max_input_tokens
        lengths = [len(ids) for ids in self._token_ids(sentences)] if sentences else []
        pieces: list[str] = []
        owners: list[int] = []
        split_owners: set[int] = set()
        for index, (sentence, length) in enumerate(zip(sentences, lengths)):
            if not sentence.strip():
                continue
            if length <= limit:
                parts = [sentence]
            else:
                parts = split_to_fit(sentence, lambda piece: len(self._token_ids([piece])[0]) <= limit)
                split_owners.add(index)
            pieces.extend(parts)
            owners.extend([index] * len(parts))
        return pieces, owners, split_owners

    @staticmethod
    def _join(
        count: int, owners: list[int], outputs: list[tuple[str, float] | None], split_owners: set[int]
    ) -> list[Translation]:
        texts: list[list[str]] = [[] for _ in range(count)]
        scores: list[list[float]] = [[] for _ in range(count)]
        for owner, output in zip(owners, outputs):
            assert output is not None
            texts[owner].append(output[0])
            scores[owner].append(output[1])
        return [
            Translation(
                " ".join(part for part in parts if part),
                split_for_length=index in split_owners,
                logprob=sum(scores[index]) / len(scores[index]) if scores[index] else None,
            )
            for index, parts in enumerate(texts)
        ]

    def _translate_batch(self, batch_ids: list[list[int]]) -> list[tuple[str, float]]:
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
