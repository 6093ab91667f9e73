"""Load a translator once and hand the same one to every caller with the same settings."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from songngu.errors import SongnguError
from songngu.translate.base import Translator
from songngu.translate.resolve import resolve_model

BACKENDS = ("transformers",)


def load_translator(
    model: str | Path | None = None,
    *,
    backend: str = "transformers",
    device: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
) -> Translator:
    """Resolve ``model`` offline and load it with ``backend``; repeated calls reuse the loaded model.

    ``model`` is a short name (``opus-mt-vi-en``, ``nllb-600m``), a hub id already in the
    local cache, or a local model directory; None means the default model.
    """
    resolved_path = str(Path(model).expanduser().resolve()) if model and Path(model).expanduser().is_dir() else model
    return _load(resolved_path, backend, device, num_beams, batch_size)


@lru_cache(maxsize=4)
def _load(model: str | None, backend: str, device: str | None, num_beams: int | None, batch_size: int | None) -> Translator:
    if backend not in BACKENDS:
        raise SongnguError(f"backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    resolved = resolve_model(model)
    from songngu.translate.device import pick_device
    from songngu.translate.transformers_backend import TransformersTranslator

    return TransformersTranslator(resolved, device=pick_device(device), num_beams=num_beams, batch_size=batch_size)
