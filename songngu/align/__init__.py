"""Sentence alignment of Vietnamese articles with their English translations.

``align_sentences(src, tgt)`` returns :class:`Link` objects covering every
sentence of both sides once, in order, with a confidence score each.
"""
from __future__ import annotations

from songngu.align.aligner import align_sentences
from songngu.align.links import Link

__all__ = ["Link", "align_sentences"]
