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
    """A model users can pick by a short name.

    ``licence`` is the Hub licence id on the model's card; ``architecture`` the ``config.json``
    values a copy of the model must have (``songngu models lock NAME --from DIR`` checks them).
    """

    name: str
    hub_id: str
    family: ModelFamily
    description: str
    licence: str
    architecture: dict[str, object]


NAMED_MODELS: dict[str, NamedModel] = {
    model.name: model
    for model in (
        NamedModel("opus-mt-vi-en", "Helsinki-NLP/opus-mt-vi-en", MARIAN, "MarianMT, 75M parameters", "apache-2.0",
                   {"model_type": "marian", "vocab_size": 53685, "d_model": 512, "encoder_layers": 6, "decoder_layers": 6}),
        NamedModel("nllb-600m", "facebook/nllb-200-distilled-600M", NLLB, "NLLB-200 distilled, 600M parameters", "cc-by-nc-4.0",
                   {"model_type": "m2m100", "vocab_size": 256206, "d_model": 1024, "encoder_layers": 12, "decoder_layers": 12}),
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
