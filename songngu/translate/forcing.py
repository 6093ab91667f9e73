"""Required terms into the English: translate again with the term forced as a decoder prefix.

Method (no retraining, no constrained beam search, which CTranslate2 lacks): a sentence whose
English misses a required term is translated again, once per missing term, with a *prefix*
forced on the decoder: the English up to where the term belongs, then the term's tokens; the
model finishes the sentence from there (CTranslate2 ``target_prefix``; transformers
``decoder_input_ids``, the same thing). Where the term belongs is read from the model's own
cross-attention over its English (the target position attending most to the term's source
tokens, moved back to the start of its word, and never before a term forced earlier). The rest
of the sentence is the model's, so nothing is cut or pasted; sentences with nothing missing are
not touched at all. Sentences are forced together in rounds: each round runs one batched
attention pass and one batched decode for the next missing term of every sentence.

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
from dataclasses import dataclass, field
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

    def attention_batch(self, sources: Sequence[Sequence], targets: Sequence[list[str]]) -> list[list[list[float]]]:
        """For each pair, for each target token, the model's attention over the source tokens when producing it."""
        ...

    def continue_batch(self, sources: Sequence[Sequence], prefixes: Sequence[list[str]]) -> list[tuple[list[str], float | None]]:
        """Decode each source with its prefix forced: every target token (the prefix first) and the mean log-probability."""
        ...


@dataclass
class ForcingReport:
    """What forcing cost: sentences translated again, decodes run, seconds spent, last-resort rebuilds.

    ``appended`` counts the sentences too long for the model (translated in pieces) whose missing
    terms were appended literally; they are among ``last_resort`` and not among ``retranslated``.
    """

    retranslated: int = 0
    decodes: int = 0
    seconds: float = 0.0
    last_resort: int = 0
    appended: int = 0

    def add(self, other: ForcingReport) -> None:
        """Add ``other``'s counts to these."""
        self.retranslated += other.retranslated
        self.decodes += other.decodes
        self.seconds += other.seconds
        self.last_resort += other.last_resort
        self.appended += other.appended


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


@dataclass
class _Forcing:
    """One sentence being forced: its source tokens, current English tokens and text, and what was forced where.

    ``logprob`` is the model's mean token log-probability of its last forced decode (forced tokens
    included), None until one ran.
    """

    sentence: str
    source: Sequence
    tokens: list[str]
    text: str
    logprob: float | None = None
    floor: int = 0
    forced: list[tuple[int, int, str]] = field(default_factory=list)
    inserted: list[tuple[int, int, str]] = field(default_factory=list)
    tried: set[tuple[str, int]] = field(default_factory=set)

    def next_term(self, missing_of: MissingTerms) -> Term | None:
        """The first missing term not forced yet (marked as tried), or None when nothing is left to force."""
        for term in missing_of(self.sentence, self.text):
            if (term.en, term.start) not in self.tried:
                self.tried.add((term.en, term.start))
                return term
        return None


def force_terms(
    decoder: PrefixDecoder, sentences: Sequence[str], english: Sequence[str], missing_of: MissingTerms
) -> tuple[list[Translation], ForcingReport]:
    """``sentences`` translated again with every term ``missing_of`` reports forced in.

    Works in rounds: each round forces the next missing term of every sentence still missing
    one, with one batched attention pass and one batched decode for all of them.
    """
    report = ForcingReport(retranslated=len(sentences))
    normalised = [unicodedata.normalize("NFC", sentence) for sentence in sentences]
    sources = decoder.encode(normalised)
    states = [
        _Forcing(sentence, source, decoder.target_tokens(text), text)
        for sentence, source, text in zip(normalised, sources, english)
    ]
    active = states
    while active:
        picked = [(state, term) for state in active if (term := state.next_term(missing_of)) is not None]
        if not picked:
            break
        attention = decoder.attention_batch([state.source for state, _ in picked], [state.tokens for state, _ in picked])
        to_decode: list[tuple[_Forcing, int, list[str], str]] = []
        for (state, term), rows in zip(picked, attention):
            place = best_place(rows, source_span(decoder, state.sentence, term), state.tokens, state.floor)
            term_tokens = decoder.target_tokens(term.en)
            place = _fitting(state.tokens, min(place, max(state.floor, decoder.prefix_room - len(term_tokens))), state.floor)
            if place + len(term_tokens) > decoder.prefix_room:  # no room left in the model's positions
                state.inserted.append((place, place, term.en))
                state.floor = place
            else:
                to_decode.append((state, place, term_tokens, term.en))
        if to_decode:
            outputs = decoder.continue_batch(
                [state.source for state, *_ in to_decode],
                [state.tokens[:place] + term_tokens for state, place, term_tokens, _ in to_decode],
            )
            report.decodes += len(to_decode)
            for (state, place, term_tokens, term_text), (tokens, logprob) in zip(to_decode, outputs):
                state.tokens, state.logprob = tokens, logprob
                state.forced.append((place, place + len(term_tokens), term_text))
                state.floor = place + len(term_tokens)
                state.text = decoder.detokenize(tokens)
        active = [state for state, _ in picked]
    results = []
    for state in states:
        if state.inserted or (state.forced and missing_of(state.sentence, state.text)):
            state.text = _literal(decoder, state.tokens, state.forced + state.inserted)
            report.last_resort += 1
        results.append(Translation(state.text, logprob=state.logprob))
    return results, report


def enforce_terms(
    decoder: PrefixDecoder, sources: Sequence[str], translations: Sequence[Translation], missing_of: MissingTerms,
    batch_size: int = 32,
) -> tuple[list[Translation], ForcingReport]:
    """``translations`` of ``sources`` with required terms forced into those that miss any; the others untouched.

    Sentences to force are handled ``batch_size`` at a time (see ``force_terms``).

    A sentence translated in pieces (``split_for_length``) is too long for the model to decode
    again whole: its missing terms are written literally before its final punctuation.
    """
    report = ForcingReport()
    started = time.perf_counter()
    results = list(translations)
    to_force: list[int] = []
    for index, (sentence, translation) in enumerate(zip(sources, translations)):
        if not missing_of(sentence, translation.text):
            continue
        if translation.split_for_length:
            results[index] = Translation(
                _appended(translation.text, missing_of(sentence, translation.text)), True, translation.logprob
            )
            report.last_resort += 1
            report.appended += 1
            continue
        to_force.append(index)
    for start in range(0, len(to_force), batch_size):
        batch = to_force[start : start + batch_size]
        forced, cost = force_terms(decoder, [sources[i] for i in batch], [translations[i].text for i in batch], missing_of)
        report.add(cost)
        for index, translation in zip(batch, forced):
            logprob = translation.logprob if translation.logprob is not None else translations[index].logprob
            results[index] = Translation(translation.text, logprob=logprob)
    report.seconds = time.perf_counter() - started
    return results, report
