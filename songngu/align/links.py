"""The result type of sentence alignment: one link between runs of sentences."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """Source sentences ``src`` aligned to target sentences ``tgt``.

    ``src`` and ``tgt`` hold consecutive sentence indices (either may be empty:
    an empty ``tgt`` means the source sentences have no translation, as for a
    photo caption present on one side only). ``score`` is the aligner's
    confidence in this exact link, between 0 and 1: the posterior probability,
    under the aligner's per-document model, that the alignment contains this
    link with exactly these sentences on each side. Filter pairs on it (for
    example keep links with ``score >= 0.5``).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        """Sentence counts on each side, e.g. ``"1-1"``, ``"2-1"`` or ``"1-0"``."""
        return f"{len(self.src)}-{len(self.tgt)}"
