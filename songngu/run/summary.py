"""What a run did, in numbers, and the one line that says it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songngu.wording import plural


@dataclass
class RunSummary:
    """Counts of a run: totals over every chunk, and what this invocation translated or resumed."""

    articles: int = 0
    segments: int = 0
    pairs: int = 0
    dropped: int = 0
    translated_sentences: int = 0
    from_memory: int = 0
    retranslated: int = 0
    resumed_chunks: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    output: Path | None = None

    def add(self, record: dict[str, Any], *, resumed: bool = False) -> None:
        """Count a finished chunk's record (``resumed``: finished by an earlier, interrupted run)."""
        self.articles += record.get("articles", 0)
        self.segments += record.get("segments", 0)
        self.pairs += record.get("pairs", 0)
        self.dropped += record.get("dropped", 0)
        self.errors.extend(record.get("errors", []))
        if resumed:
            self.resumed_chunks += 1
        else:
            self.translated_sentences += record.get("translated", 0)
            self.from_memory += record.get("from_memory", 0)
            self.retranslated += record.get("retranslated", 0)

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        parts = [
            plural(self.articles, "article"), plural(self.segments, "segment"), plural(self.pairs, "pair"),
            f"{plural(self.translated_sentences, 'sentence')} translated", f"{self.from_memory:,} from memory",
        ]
        if self.retranslated:
            parts.append(f"{self.retranslated:,} translated again for required terms")
        if self.dropped:
            parts.append(f"{self.dropped:,} dropped by the filter")
        line = ", ".join(parts) + f", in {self.seconds:.1f} s"
        if self.resumed_chunks:
            line += f" ({plural(self.resumed_chunks, 'chunk')} kept from the interrupted run)"
        if self.errors:
            line += f", {plural(len(self.errors), 'input')} failed"
        return line
