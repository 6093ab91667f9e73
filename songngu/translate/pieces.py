"""Text ↔ token strings for CTranslate2, exactly as the model's Hugging Face tokenizer does it.

Marian (opus-mt) models are tokenised with their ``source.spm`` / ``target.spm`` and joint
``vocab.json`` through the ``sentencepiece`` library; NLLB models with their ``tokenizer.json``
through the ``tokenizers`` library. Neither imports torch or transformers, which keeps the
CTranslate2 backend's memory small. Other models fall back to ``AutoTokenizer``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Protocol

from songngu.translate.registry import ModelFamily

SPIECE_UNDERLINE = "▁"


class PiecesTokenizer(Protocol):
    """Turns a sentence into the token strings a model reads, and output tokens back into text."""

    model_max_length: int | None

    def encode(self, text: str) -> list[str]:
        """The source tokens of ``text``, special tokens included."""
        ...

    def decode(self, tokens: list[str]) -> str:
        """The text of output ``tokens``, special tokens skipped."""
        ...


def load_pieces_tokenizer(directory: Path, family: ModelFamily) -> PiecesTokenizer:
    """The fastest exact tokenizer for the model in ``directory``."""
    config = _read_json(directory / "tokenizer_config.json")
    if family.name == "marian" and not config.get("separate_vocabs") and all(
        (directory / name).is_file() for name in ("source.spm", "target.spm", "vocab.json")
    ):
        return MarianPieces(directory, config)
    if family.name == "nllb" and (directory / "tokenizer.json").is_file():
        return TokenizerJsonPieces(directory, config, family)
    return TransformersPieces(directory, family)


class MarianPieces:
    """opus-mt tokenisation: source SentencePiece, joint vocabulary, ``</s>`` appended."""

    def __init__(self, directory: Path, config: dict) -> None:
        """Load the two SentencePiece models and the vocabulary from ``directory``."""
        import sentencepiece

        self.source = sentencepiece.SentencePieceProcessor(model_file=str(directory / "source.spm"))
        self.target = sentencepiece.SentencePieceProcessor(model_file=str(directory / "target.spm"))
        self.vocab = set(_read_json(directory / "vocab.json"))
        self.eos = config.get("eos_token") or "</s>"
        self.unk = config.get("unk_token") or "<unk>"
        self.special = {self.eos, self.unk, config.get("pad_token") or "<pad>"}
        self.model_max_length = config.get("model_max_length")
        self._special_split = re.compile("(" + "|".join(re.escape(token) for token in sorted(self.special)) + ")")

    def encode(self, text: str) -> list[str]:
        """Split on literal special tokens, keep a leading ``>>xx<<`` code, SentencePiece the rest."""
        tokens: list[str] = []
        for part in self._special_split.split(text):
            if part in self.special:
                tokens.append(part)
            elif part:
                tokens.extend(self._pieces(part))
        return [token if token in self.vocab else self.unk for token in tokens] + [self.eos]

    def _pieces(self, text: str) -> list[str]:
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:
            code, text = [text[: end + 2]], text[end + 2 :]
        return code + self.source.encode(text, out_type=str)

    def encode_target(self, text: str) -> list[str]:
        """The target-side pieces of English ``text`` (no ``</s>``), unknown ones as ``<unk>``."""
        return [token if token in self.vocab else self.unk for token in self.target.encode(text, out_type=str)]

    def decode(self, tokens: list[str]) -> str:
        """Target SentencePiece decoding of the non-special tokens."""
        pieces = [token for token in tokens if token not in self.special]
        return self.target.decode_pieces(pieces).replace(SPIECE_UNDERLINE, " ").strip()


class TokenizerJsonPieces:
    """NLLB tokenisation from ``tokenizer.json``: ``[src_lang] pieces </s>``."""

    def __init__(self, directory: Path, config: dict, family: ModelFamily) -> None:
        """Load ``tokenizer.json`` from ``directory``."""
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.prefix = [family.src_lang] if family.src_lang else []
        self.eos = config.get("eos_token") or "</s>"
        self.model_max_length = config.get("model_max_length")

    def encode(self, text: str) -> list[str]:
        """The source language code, the pieces, then ``</s>``."""
        return self.prefix + self.tokenizer.encode(text, add_special_tokens=False).tokens + [self.eos]

    def encode_target(self, text: str) -> list[str]:
        """The pieces of English ``text``, no language code or ``</s>``."""
        return self.tokenizer.encode(text, add_special_tokens=False).tokens

    def decode(self, tokens: list[str]) -> str:
        """Decode the ids of ``tokens``, special tokens (language codes included) skipped."""
        ids = [self.tokenizer.token_to_id(token) for token in tokens]
        return self.tokenizer.decode([i for i in ids if i is not None], skip_special_tokens=True).strip()


class TransformersPieces:
    """Any other model: its ``AutoTokenizer`` (imports transformers and torch)."""

    def __init__(self, directory: Path, family: ModelFamily) -> None:
        """Load the model's tokenizer offline."""
        from transformers import AutoTokenizer

        options = {"src_lang": family.src_lang} if family.src_lang else {}
        self.tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True, **options)
        self.model_max_length = self.tokenizer.model_max_length

    def encode(self, text: str) -> list[str]:
        """The tokenizer's tokens, special tokens included."""
        return self.tokenizer.convert_ids_to_tokens(self.tokenizer(text)["input_ids"])

    def encode_target(self, text: str) -> list[str]:
        """The target-side tokens of English ``text``, no special tokens."""
        return self.tokenizer.convert_ids_to_tokens(self.tokenizer(text_target=text, add_special_tokens=False)["input_ids"])

    def decode(self, tokens: list[str]) -> str:
        """The tokenizer's decoding, special tokens skipped."""
        return self.tokenizer.decode(self.tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True).strip()


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
