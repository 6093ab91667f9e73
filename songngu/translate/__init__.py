"""Stage 2: Vietnamese → English with open models, offline first."""
from songngu.translate.base import Translation, Translator
from songngu.translate.loader import BACKENDS, load_translator
from songngu.translate.registry import DEFAULT_MODEL, NAMED_MODELS
from songngu.translate.resolve import ResolvedModel, resolve_model

__all__ = [
    "BACKENDS",
    "DEFAULT_MODEL",
    "NAMED_MODELS",
    "ResolvedModel",
    "Translation",
    "Translator",
    "load_translator",
    "resolve_model",
]
