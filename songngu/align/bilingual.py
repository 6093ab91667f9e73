"""Align a Vietnamese article with an existing English version into dataset rows."""
from __future__ import annotations

from songngu.align import align_sentences
from songngu.align.quality import add_signals
from songngu.export.rows import segment_id
from songngu.text import normalize_text, segment_article
from songngu.text.segments import Segment
from songngu.translate.base import Translator

REFERENCE_MODEL = "reference"


def align_article_pair(
    vi_text: str, en_text: str, *, article_id: str = "article", bridge: Translator | None = None
) -> list[dict]:
    """Rows pairing the sentences of a Vietnamese article with those of its English version.

    Both texts are segmented with the text stage; repeated segments are left out of the
    alignment and kept as unmatched rows with ``repeat_of`` set. With ``bridge``, the
    Vietnamese is machine-translated first and the aligner also compares that English
    with the reference (the Bleualign idea). Every Vietnamese segment and every English
    sentence appears in exactly one row; ``link`` and ``align_score`` tell how it was paired.
    """
    vi_segments = segment_article(normalize_text(vi_text))
    en_segments = segment_article(normalize_text(en_text))
    vi_units = [segment for segment in vi_segments if segment.repeat_of is None]
    en_units = [segment for segment in en_segments if segment.repeat_of is None]
    bridge_texts = [item.text for item in bridge.translate([unit.text for unit in vi_units])] if bridge else None
    links = align_sentences([unit.text for unit in vi_units], [unit.text for unit in en_units], src_translations=bridge_texts)
    rows: list[tuple[float, dict]] = []
    last_vi = -1
    for link in links:
        sources = [vi_units[index] for index in link.src]
        targets = [en_units[index] for index in link.tgt]
        if sources:
            last_vi = sources[-1].index
        order = sources[0].index if sources else last_vi + 0.5
        rows.append((order, _row(article_id, sources, targets, link.kind, link.score, targets[0].index if targets else 0)))
    for segment in vi_segments:
        if segment.repeat_of is not None:
            rows.append((segment.index, _row(article_id, [segment], [], "1-0", None, 0)))
    rows.sort(key=lambda item: item[0])
    return add_signals([row for _, row in rows])


def _row(article_id: str, sources: list[Segment], targets: list[Segment], link: str, score: float | None, first_en: int) -> dict:
    first = sources[0] if sources else None
    vi = " ".join(segment.text for segment in sources)
    en = " ".join(segment.text for segment in targets)
    return {
        "id": segment_id(article_id, first.index) if first else f"{article_id}-en{first_en:04d}",
        "article_id": article_id,
        "paragraph": first.paragraph if first else -1,
        "sentence": first.sentence if first else -1,
        "segment": first.index if first else -1,
        "start": first.start if first else -1,
        "end": sources[-1].end if first else -1,
        "kind": first.kind if first else targets[0].kind,
        "repeat_of": -1 if first is None or first.repeat_of is None else first.repeat_of,
        "translated": bool(vi and en),
        "split_for_length": False,
        "logprob": None,
        "link": link,
        "align_score": score,
        "translation": {"vi": vi, "en": en},
        "model": REFERENCE_MODEL,
        "model_revision": "",
    }
