"""The row layout of every songngu dataset, shared by all writers and readers.

The layout is plain data (:data:`COLUMNS`, column name → type) from which both the Parquet
schema (:func:`arrow_schema`, with the Hugging Face feature metadata that gives ``load_dataset``
the ``Translation`` feature) and the ``datasets.Features`` (:func:`features`) are built, so the
processes that write shards need only pyarrow, not ``datasets``.

Columns: ``id`` is ``{article_id}-{segment:04d}``; ``source`` is where the article came from
(its path relative to the inputs' base folder's parent, ``:LINE`` for a corpus record);
``repeat_of`` is -1 unless the segment repeats an earlier one of the same article;
``translated`` is False for kinds left untranslated (their ``en`` is empty);
``split_for_length`` marks a sentence longer than the model's input limit that was translated in
pieces and joined; ``logprob`` is the model's mean log-probability per output token (null when
not translated); ``link`` is the alignment type of the pair (``1-1`` for sentence-by-sentence
translation; ``2-1``, ``1-2``, ``1-0``, ``0-1`` from paragraph-context translation or alignment
with an existing English text) and ``align_score`` the aligner's confidence in it (null when no
alignment was needed). The ``q_*`` columns are the pair quality signals of
``songngu.align.quality`` (docs/quality.md).
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from songngu.align.quality import SIGNAL_COLUMNS

if TYPE_CHECKING:
    import datasets
    import pyarrow

LANGUAGES = ["vi", "en"]
TRANSLATION = "translation"
"""The type of the ``translation`` column: ``datasets.Translation(languages=LANGUAGES)``."""

COLUMNS: dict[str, str] = {
    "id": "string",
    "article_id": "string",
    "source": "string",
    "paragraph": "int32",
    "sentence": "int32",
    "segment": "int32",
    "start": "int32",
    "end": "int32",
    "kind": "string",
    "repeat_of": "int32",
    "translated": "bool",
    "split_for_length": "bool",
    "logprob": "float32",
    "link": "string",
    "align_score": "float32",
    "translation": TRANSLATION,
    "model": "string",
    "model_revision": "string",
    **SIGNAL_COLUMNS,
}
"""Every column of a segment row and its type (a ``datasets.Value`` dtype, or :data:`TRANSLATION`)."""

PAIR_COLUMNS = ("id", "article_id", "source", "translation", "link", "align_score", "logprob", "model", "model_revision",
                *SIGNAL_COLUMNS)
"""The columns of the ``pairs`` config a push publishes: one row per pair, ready to train on."""


def columns_of(names: Sequence[str]) -> dict[str, str]:
    """The layout restricted to ``names``, in that order."""
    return {name: COLUMNS[name] for name in names}


def _feature_dict(kind: str) -> dict:
    if kind == TRANSLATION:
        return {"languages": LANGUAGES, "_type": "Translation"}
    return {"dtype": kind, "_type": "Value"}


def arrow_schema(columns: Mapping[str, str] = COLUMNS) -> pyarrow.Schema:
    """The Parquet schema of ``columns``, with the feature metadata ``datasets`` reads back."""
    import pyarrow as pa

    def arrow_type(kind: str) -> pyarrow.DataType:
        if kind == TRANSLATION:
            return pa.struct([(language, pa.string()) for language in sorted(LANGUAGES)])
        return {"float32": pa.float32()}.get(kind) or pa.type_for_alias(kind)

    metadata = {"info": {"features": {name: _feature_dict(kind) for name, kind in columns.items()}}}
    return pa.schema([(name, arrow_type(kind)) for name, kind in columns.items()],
                     metadata={"huggingface": json.dumps(metadata)})


def features(columns: Mapping[str, str] = COLUMNS) -> datasets.Features:
    """The ``datasets.Features`` of ``columns``."""
    import datasets

    return datasets.Features.from_dict({name: _feature_dict(kind) for name, kind in columns.items()})


def __getattr__(name: str) -> datasets.Features:
    """``FEATURES`` and ``PAIR_FEATURES``, built on first use (they import ``datasets``)."""
    if name == "FEATURES":
        return features(COLUMNS)
    if name == "PAIR_FEATURES":
        return features(columns_of(PAIR_COLUMNS))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
