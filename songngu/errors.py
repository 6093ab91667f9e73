"""Errors songngu raises on purpose, each carrying a one-line message for users."""
from __future__ import annotations

from pathlib import Path


class SongnguError(Exception):
    """Base class: a problem songngu can explain in one line."""

    exit_code = 1


class InputError(SongnguError):
    """An input file cannot be read as a Vietnamese article."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ModelNotAvailableError(SongnguError):
    """A model is neither a local directory nor in the Hugging Face cache."""

    exit_code = 2


class ModelIntegrityError(SongnguError):
    """A model file does not match the size or sha256 pinned in models.lock."""

    exit_code = 2


class ConversionError(SongnguError):
    """A model cannot be converted for the CTranslate2 backend."""

    def __init__(self, model: str, reason: str) -> None:
        self.model = model
        self.reason = reason
        super().__init__(f"model {model}: CTranslate2 cannot convert it ({reason}); try --backend transformers")
