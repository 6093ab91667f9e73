"""The Vietnamese text stage: read an article, normalise it, split and label its sentences."""
from __future__ import annotations

from songngu.text.sentences import split_sentence_spans, split_sentences

__all__ = ["split_sentence_spans", "split_sentences"]
