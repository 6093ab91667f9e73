"""The row layout of every songngu dataset, shared by all exporters."""
from __future__ import annotations

import datasets

from songngu.align.quality import SIGNAL_COLUMNS

LANGUAGES = ["vi", "en"]

FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "article_id": datasets.Value("string"),
        "source": datasets.Value("string"),
        "paragraph": datasets.Value("int32"),
        "sentence": datasets.Value("int32"),
        "segment": datasets.Value("int32"),
        "start": datasets.Value("int32"),
        "end": datasets.Value("int32"),
        "kind": datasets.Value("string"),
        "repeat_of": datasets.Value("int32"),
        "translated": datasets.Value("bool"),
        "split_for_length": datasets.Value("bool"),
        "logprob": datasets.Value("float32"),
        "link": datasets.Value("string"),
        "align_score": datasets.Value("float32"),
        "translation": datasets.Translation(languages=LANGUAGES),
        "model": datasets.Value("string"),
        "model_revision": datasets.Value("string"),
        **{name: datasets.Value(dtype) for name, dtype in SIGNAL_COLUMNS.items()},
    }
)
"""Columns: ``id`` is ``{article_id}-{segment:04d}``; ``source`` is where the article came from
(its path relative to the inputs' base folder's parent, ``:LINE`` for a corpus record); ``repeat_of`` is -1 unless the
segment repeats an earlier one of the same article; ``translated`` is False for kinds
left untranslated (their ``en`` is empty); ``split_for_length`` marks a sentence longer
than the model's input limit that was translated in pieces and joined; ``logprob`` is the model's mean log-probability per
output token (null when not translated); ``link`` is the alignment type of the pair the row
belongs to (``1-1`` for sentence-by-sentence translation; ``2-1``, ``1-2``, ``1-0``, ``0-1`` from
paragraph-context translation or alignment with an existing English text) and ``align_score``
the aligner's confidence in it (null when no alignment was needed). The ``q_*`` columns are
the pair quality signals of ``songngu.align.quality`` (docs/quality.md)."""

PAIR_COLUMNS = ("id", "article_id", "source", "translation", "link", "align_score", "logprob", "model", "model_revision",
                *SIGNAL_COLUMNS)
PAIR_FEATURES = datasets.Features({name: FEATURES[name] for name in PAIR_COLUMNS})
"""The columns of the ``pairs`` config a push publishes: one row per pair, ready to train on."""
