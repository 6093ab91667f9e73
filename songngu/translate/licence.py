"""Under which licence a translation model's output is made, and whether a dataset licence fits it.

A model's licence comes from its folder's model card (``README.md`` metadata, ``license:``)
when it has one, else from songngu's registry of named models; otherwise it is unknown.
"""
from __future__ import annotations

from pathlib import Path

UNDECLARED = ("other", "unknown", "")
"""Dataset licence ids that declare nothing a model's licence could contradict."""


def card_licence(model_dir: Path) -> str | None:
    """The ``license`` of the model card (``README.md`` metadata) in ``model_dir``, or None."""
    card = Path(model_dir) / "README.md"
    if not card.is_file():
        return None
    from huggingface_hub.repocard import metadata_load

    try:
        metadata = metadata_load(card) or {}
    except Exception:  # a card whose metadata does not parse tells nothing
        return None
    value = metadata.get("license")
    return str(value).strip().lower() if isinstance(value, str) and value.strip() else None


def model_licence(model_dir: Path, name: str) -> str | None:
    """The licence of the model in ``model_dir`` named ``name`` (a short name or hub id): its card's, else the registry's."""
    from songngu.translate.registry import find_named_model

    named = find_named_model(name)
    return card_licence(model_dir) or (named.licence if named else None)


def licence_conflict(declared: str, model: str | None) -> bool:
    """True when the dataset licence ``declared`` allows commercial use but the model's licence ``model`` does not."""
    if model is None or declared.strip().lower() in UNDECLARED:
        return False
    return "-nc" in model.lower() and "-nc" not in declared.lower()
