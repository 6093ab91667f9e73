"""Required terms into the English: translate again with the term forced as a decoder prefix.

Method (no retraining, no constrained beam search, which CTranslate2 lacks): a sentence whose
English misses a required term is translated again, once per missing term, with a *prefix*
forced on the decoder: the English up to where the term belongs, then the term's tokens; the
model finishes the sentence from there (CTranslate2 ``target_prefix``; transformers
``decoder_input_ids``, the same thing). Where the term belongs is read from the model's own
cross-attention over its English (the target position attending most to the term's source
tokens, moved back to the start of its word, and never before a term forced earlier). The rest
of the sentence is the model's, so nothing is cut or pasted; sentences with nothing missing are
not touched at all.

Last resort: when the forced English still lacks the term (its tokens decode differently, e.g.
characters the target vocabulary lacks become ``<unk>``), or when the prefix would not fit the
model's positions (an English already as long as the model allows), the English is rebuilt from
the same tokens with the term's text written literally where it was forced or belongs:
``detok(before) + " " + term + " " + detok(after)`` (no space before ``.,;:!?)``). So a required
term is always present.
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from songngu.translate.base import Translation
from songngu.translate.glossary import Term

MissingTerms = Callable[[str, str], list[Term]]
"""(Vietnamese sentence, its English) → the required terms the English lacks, in source order."""

_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)\]”’])")


class PrefixDecoder(Protocol):
    """What a backend offers for forcing: target tokens, cross-attention, decoding from a prefix."""

    def encode(self, texts: Sequence[str]) -> Sequence[Sequence]:
        """Source texts to the token sequences the model reads (special tokens included)."""
        ...

    def target_tokens(self, english: str) -> list[str]:
        """The target-side tokens of ``english`` (no special tokens); a word starts with ``▁``."""
        ...

    def detokenize(self, tokens: list[str]) -> str:
        """Target tokens back to text."""
        ...

    @property
    def prefix_room(self) -> int:
        """The most target tokens a forced prefix may hold (the model's positions)."""
        ...

    def attention(self, source: Sequence, target: list[str]) -> list[list[float]]:
        """For each target token, the model's attention over the source tokens when producing it."""
        ...

    def continue_from(self, source: Sequence, prefix: list[str]) -> tuple[list[str], float | None]:
        """Decode ``source`` with ``prefix`` forced: every target token (the prefix first) and the mean log-probability."""
        ...


@dataclass
class ForcingReport:
    """What forcing cost: sentences translated again, decodes run, seconds spent, last-resort rebuilds."""

    retranslated: int = 0
    decodes: int = 0
    seconds: float = 0.0
    last_resort: int = 0

    def add(self, other: ForcingReport) -> None:
        """Add ``other``'s counts to these."""
        self.retranslated += other.retranslated
        self.decodes += other.decodes
        self.seconds += other.seconds
        self.last_resort += other.last_resort


def source_span(decoder: PrefixDecoder, sentence: str, term: Term) -> range:
    """The source token positions of ``term`` in ``sentence`` (tokens of the text before it, up to its end)."""
    before = len(decoder.encode([sentence[: term.start]])[0]) - 1
    through = len(decoder.encode([sentence[: term.end]])[0]) - 1
    return range(before, max(through, before + 1))


def best_place(attention: list[list[float]], span: range, target: list[str], floor: int) -> int:
    """Where a term belongs in ``target``: the word start at or before the token attending most to ``span``.

    Never before ``floor`` (the end of a term forced earlier); the end of ``target`` when nothing
    after ``floor`` attends to it.
    """
    if floor >= len(target) or not attention:
        return min(floor, len(target))
    scores = [sum(row[index] for index in span if index < len(row)) for row in attention]
    best = max(range(floor, min(len(target), len(scores))), key=lambda position: scores[position], default=len(target))
    while best > floor and best < len(target) and not target[best].startswith("▁"):
        best -= 1
    return best


def _fitting(target: list[str], place: int, floor: int) -> int:
    """``place`` moved back to the start of its word (not before ``floor``)."""
    while place > floor and place < len(target) and not target[place].startswith("▁"):
        place -= 1
    return place


def _literal(decoder: PrefixDecoder, tokens: list[str], spans: list[tuple[int, int, str]]) -> str:
    """The English of ``tokens`` with each forced span written as its term's text (the last resort)."""
    parts = []
    position = 0
    for start, end, text in sorted(spans):
        parts.append(decoder.detokenize(tokens[position:start]))
        parts.append(text)
        position = end
    parts.append(decoder.detokenize(tokens[position:]))
    joined = " ".join(part for part in parts if part)
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", joined)


def _appended(english: str, terms: list[Term]) -> str:
    """``english`` with the text of ``terms`` added before its final punctuation."""
    body = english.rstrip()
    end = len(body.rstrip(".!?…"))
    return f"{body[:end]} {' '.join(term.en for term in terms)}{body[end:]}"


def force_terms(decoder: PrefixDecoder, sentence: str, english: str, missing_of: MissingTerms) -> tuple[Translation, ForcingReport]:
    """``sentence`` translated again with every term ``missing_of`` reports forced in, one decode per term."""
    report = ForcingReport(retranslated=1)
    sentence = unicodedata.normalize("NFC", sentence)
    source = decoder.encode([sentence])[0]
    tokens = decoder.target_tokens(english)
    text, logprob = english, None
    floor = 0
    forced: list[tuple[int, int, str]] = []
    inserted: list[tuple[int, int, str]] = []
    tried: set[tuple[str, int]] = set()
    while True:
        pending = [term for term in missing_of(sentence, text) if (term.en, term.start) not in tried]
        if not pending:
            break
        term = pending[0]
        tried.add((term.en, term.start))
        place = best_place(decoder.attention(source, tokens), source_span(decoder, sentence, term), tokens, floor)
        term_tokens = decoder.target_tokens(term.en)
        place = _fitting(tokens, min(place, max(floor, decoder.prefix_room - len(term_tokens))), floor)
        if place + len(term_tokens) > decoder.prefix_room:  # no room left in the model's positions
            inserted.append((place, place, term.en))
            floor = place
            continue
        tokens, logprob = decoder.continue_from(source, tokens[:place] + term_tokens)
        report.decodes += 1
        forced.append((place, place + len(term_tokens), term.en))
        floor = place + len(term_tokens)
        text = decoder.detokenize(tokens)
    if inserted or (missing_of(sentence, text) and forced):
        text = _literal(decoder, tokens, forced + inserted)
        report.last_resort += 1
    return Translation(text, logprob=logprob), report


def enforce_terms(
    decoder: PrefixDecoder, sources: Sequence[str], translations: Sequence[Translation], missing_of: MissingTerms
) -> tuple[list[Translation], ForcingReport]:
    """``translations`` of ``sources`` with required terms forced into those that miss any; the others untouched.

    A sentence translated in pieces (``split_for_length``) is too long for the model to decode
    again whole: its missing terms are written literally before its final punctuation.
    """
    report = ForcingReport()
    started = time.perf_counter()
    results = list(translations)
    for index, (sentence, translation) in enumerate(zip(sources, translations)):
        if not translation.text or not missing_of(sentence, translation.text):
            continue
        if translation.split_for_length:
            results[index] = Translation(
                _appended(translation.text, missing_of(sentence, translation.text)), True, translation.logprob
            )
            report.last_resort += 1
            continue
        forced, cost = force_terms(decoder, sentence, translation.text, missing_of)
        report.add(cost)
        results[index] = Translation(forced.text, split_for_length=translation.split_for_length, logprob=forced.logprob)
    report.seconds = time.perf_counter() - started
    return results, report
