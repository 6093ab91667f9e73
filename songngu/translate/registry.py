"""The models songngu knows by short name, and how each is prompted."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelFamily:
    """How to prompt a model family: source language setting and forced first target token."""

    name: str
    src_lang: str | None = None
    forced_bos_token: str | None = None


MARIAN = ModelFamily("marian")
NLLB = ModelFamily("nllb", src_lang="vie_Latn", forced_bos_token="eng_Latn")
M2M100 = ModelFamily("m2m100", src_lang="vi", forced_bos_token="__en__")


@dataclass(frozen=True)
class NamedModel:
    """A model users can pick by a short name."""

    name: str
    hub_id: str
    family: ModelFamily
    description: str


NAMED_MODELS: dict[str, NamedModel] = {
    model.name: model
    for model in (
        NamedModel("opus-mt-vi-en", "Helsinki-NLP/opus-mt-vi-en", MARIAN, "MarianMT, 75M parameters"),
        NamedModel("nllb-600m", "facebook/nllb-200-distilled-600M", NLLB, "NLLB-200 distilled, 600M parameters"),
    )
}
DEFAULT_MODEL = "opus-mt-vi-en"


def find_named_model(name_or_hub_id: str) -> NamedModel | None:
    """Return the named model matching a short name or a hub id, if songngu knows it."""
    if name_or_hub_id in NAMED_MODELS:
        return NAMED_MODELS[name_or_hub_id]
    for model in NAMED_MODELS.values():
        if model.hub_id == name_or_hub_id:
            return model
    return None
