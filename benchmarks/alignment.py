"""Sentence-alignment benchmark: a perturbed vi–en document set built from FLORES-200.

Stand-in for the held-out vi–en news alignment set of issue 4 (123 documents,
about 9% merged sentences, 4% deleted, photo captions inserted), which we do not
have. Documents are built, seeded, from the line-parallel FLORES-200 devtest
sample in ``shared/data`` (Tatoeba with ``--corpus tatoeba``):

* the lines are cut into consecutive runs of 3–5 (FLORES keeps an article's
  sentences together in runs of about that size) and each document concatenates
  runs up to 10–40 sentence pairs;
* merges: two adjacent sentences are joined on one side (gold ``1-2``/``2-1``);
* deletions: a sentence is dropped from one side (gold ``1-0``/``0-1``);
* photo captions are inserted: mostly Vietnamese only ("Ảnh: AP", a caption
  describing a photo), some English only ("Photo: Reuters"), gold ``1-0``/``0-1``;
  a few translated on both sides (gold ``1-1``).

Scores (summed over all documents):

* strict F1: a link counts only if it equals a gold link exactly;
* lax F1: as in Vecalign's ``score.py``: precision over every predicted link, a
  predicted link being a lax hit when it shares at least one source sentence and
  one target sentence with gold links (or equals a gold link, which is how a
  ``1-0``/``0-1`` link can be a hit); recall over gold links with both sides
  non-empty, matched the same way against predicted links with both sides
  non-empty;
* 1-0/0-1 recall: the share of gold ``1-0``/``0-1`` links predicted exactly, and 1-0/0-1
  precision: the share of predicted ``1-0``/``0-1`` links that are gold links (a sentence
  wrongly left unmatched costs a real pair);
* m-n recall: the share of gold merges (``2-1``, ``1-2``, ``3-1``, ``1-3``) predicted exactly;
* the monotone ceiling: the strict F1 of the best monotone alignment (the one with the most
  gold links, then the fewest links); 1.0 here, lower where gold links cross;
* seconds per document: CPU time of one process with numpy's BLAS held to one thread;
* for songngu, how well ``Link.score`` is calibrated: Brier score and expected
  calibration error (10 bins) of the score as the probability that a link is
  strictly correct, and the strict precision of links scoring at least 0.5;
  1-0/0-1 recall split by where the unmatched sentence came from (dropped sentences, captions).
  Links touching sentences of crossing gold links (swaps, in the hard set) are left out of
  the calibration figures, as of 1-0/0-1 precision.

The aligner was tuned while looking at ``--seed 1`` (and ``--corpus tatoeba --seed 1``; seeds 2
and 3 were looked at too);
report the default ``--seed 0``, whose documents and perturbations differ (the
sentences themselves are the same 500 FLORES lines).

Gale–Church (length only, the classic dynamic programme with its published
priors, variance 6.8 and an English/Vietnamese character ratio of 0.95) runs
beside ``songngu.align.align_sentences`` without a model, and with
``src_translations`` standing in for machine translation: the gold English of
each Vietnamese sentence with a quarter of its words dropped and a tenth
replaced by words from other sentences (so that row is optimistic).

Usage: ``python benchmarks/alignment.py [--seed 0] [--documents 123] [--corpus flores] [--data DIR]``
"""
from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # one core, as in the timings
REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from songngu.align import align_sentences  # noqa: E402

DATA = REPOSITORY.parent / "shared" / "data"
CORPORA = {
    "flores": "flores200-devtest-first500",
    "tatoeba": "tatoeba-test-v2021-08-07",
}
MERGE_PROBABILITY = 0.1
DELETE_PROBABILITY = 0.04
CAPTION_PROBABILITY = 0.035

LinkPair = tuple[tuple[int, ...], tuple[int, ...]]
# Vietnamese sentences, English sentences, the English of the Vietnamese ones, whether it is a photo caption
Unit = tuple[list[str], list[str], list[str], bool]


@dataclass
class Document:
    """One benchmark document: both sides, gold links and stand-in machine translations.

    ``origins`` names, for gold ``1-0``/``0-1`` links, what the unmatched sentence is
    (``"deletion"``, ``"caption"``...). ``crossing`` holds the sentences of gold links that
    cross each other (swaps), as ``("vi", i)`` and ``("en", j)``: no monotone aligner can
    match them all, so unmatched links touching them are left out of 1-0/0-1 precision.
    """

    vi: list[str]
    en: list[str]
    gold: list[LinkPair]
    vi_translations: list[str]
    origins: dict[LinkPair, str]
    crossing: frozenset[tuple[str, int]] = frozenset()


# --- photo captions ---------------------------------------------------------------------------

AGENCIES = ["AP", "Reuters", "AFP", "TTXVN", "EPA", "Getty Images", "Xinhua", "Bloomberg", "Kyodo", "VnExpress"]
PEOPLE = [
    "Antonio Guterres", "Emmanuel Macron", "Joko Widodo", "Olaf Scholz", "Nguyễn Văn An",
    "Lê Thị Hoa", "Trần Minh Đức", "Phạm Quốc Bảo", "Anthony Albanese", "Lula da Silva",
]
PLACES = [
    ("Hà Nội", "Hanoi"), ("TP Hồ Chí Minh", "Ho Chi Minh City"), ("Đà Nẵng", "Da Nang"), ("Huế", "Hue"),
    ("Bắc Kinh", "Beijing"), ("Paris", "Paris"), ("Jakarta", "Jakarta"), ("Geneva", "Geneva"),
    ("Cần Thơ", "Can Tho"), ("Luân Đôn", "London"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
VI_ONLY_CAPTIONS = [
    "Ảnh: {agency}",
    "Nguồn ảnh: {agency}",
    "(Ảnh: {agency})",
    "Ảnh minh họa",
    "Ảnh minh họa: {agency}",
    "Ảnh: {agency}/TTXVN",
    "Ảnh tư liệu: {agency}",
    "{person} phát biểu tại cuộc họp báo ở {vi_place} ngày {day}-{month}-{year}. Ảnh: {agency}",
    "Quang cảnh buổi lễ tại {vi_place} hôm {day}/{month}. Ảnh: {agency}",
    "Lực lượng cứu hộ làm việc tại hiện trường ở {vi_place}. Ảnh: {agency}",
    "Người dân xếp hàng chờ mua hàng tại {vi_place} ngày {day}-{month}. (Ảnh: {agency})",
    "Một góc {vi_place} nhìn từ trên cao. Ảnh: {agency}",
    "Ảnh chụp màn hình video do {agency} công bố.",
    "{person} trả lời phỏng vấn báo chí tại {vi_place}.",
    "Chú thích ảnh",
]
EN_ONLY_CAPTIONS = [
    "Photo: {agency}",
    "(Photo: {agency})",
    "Image: {agency}",
    "Photo by {agency}",
    "File photo: {agency}",
    "{person} speaks at a news conference in {en_place} on {month_name} {day}, {year}. Photo: {agency}",
    "Rescue workers at the scene in {en_place}. ({agency})",
    "People queue outside a shop in {en_place}. Photo: {agency}",
    "An aerial view of {en_place}. Image: {agency}",
]
TRANSLATED_CAPTIONS = [
    ("Ảnh: {agency}", "Photo: {agency}"),
    ("{person} phát biểu tại cuộc họp báo ở {vi_place} ngày {day}-{month}-{year}. Ảnh: {agency}",
     "{person} speaks at a news conference in {en_place} on {month_name} {day}, {year}. Photo: {agency}"),
    ("Lực lượng cứu hộ làm việc tại hiện trường ở {vi_place}. Ảnh: {agency}",
     "Rescue workers at the scene in {en_place}. Photo: {agency}"),
]


def _caption_slots(rng: random.Random) -> dict[str, str]:
    vi_place, en_place = rng.choice(PLACES)
    month = rng.randint(1, 12)
    return {
        "agency": rng.choice(AGENCIES), "person": rng.choice(PEOPLE), "vi_place": vi_place,
        "en_place": en_place, "day": str(rng.randint(1, 28)), "month": str(month),
        "month_name": MONTHS[month - 1], "year": str(rng.randint(2015, 2024)),
    }


# --- building documents -----------------------------------------------------------------------

def read_corpus(name: str, data: Path = DATA) -> tuple[list[str], list[str]]:
    """The line-parallel Vietnamese and English sentences of one corpus in ``data``."""
    stem = data / CORPORA[name]
    try:
        vi = stem.with_suffix(".vie").read_text(encoding="utf-8").splitlines()
        en = stem.with_suffix(".eng").read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise SystemExit(f"{error.filename}: cannot read ({error.strerror})") from None
    if len(vi) != len(en):
        raise SystemExit(f"{stem}: {len(vi)} Vietnamese lines but {len(en)} English lines")
    return vi, en


def _runs(count: int, rng: random.Random) -> list[range]:
    runs, start = [], 0
    while start < count:
        size = rng.randint(3, 5)
        runs.append(range(start, min(count, start + size)))
        start += size
    return runs


def _join(first: str, second: str, rng: random.Random, language: str) -> str:
    style = rng.random()
    if style < 0.6 or not first.endswith("."):
        return f"{first} {second}"
    if style < 0.85:
        return f"{first[:-1]}; {second}"
    return f"{first[:-1]}, {'và' if language == 'vi' else 'and'} {second}"


def noisy_translation(english: str, vocabulary: Sequence[str], rng: random.Random) -> str:
    """``english`` with a quarter of its words dropped and a tenth replaced from ``vocabulary``."""
    words = []
    for word in english.split():
        draw = rng.random()
        if draw < 0.25:
            continue
        words.append(rng.choice(vocabulary) if draw < 0.35 else word)
    return " ".join(words)


def sample_document(runs: Sequence[range], rng: random.Random) -> list[int]:
    """The line numbers of one document: runs of consecutive lines, in random order, until it holds 10–40."""
    size = rng.randint(10, 40)
    lines: list[int] = []
    for run in rng.sample(runs, len(runs)):
        if len(lines) >= size:
            break
        lines.extend(run)
    return lines


def build_documents(corpus: str, count: int, seed: int, data: Path = DATA) -> list[Document]:
    """``count`` perturbed documents with gold links, reproducible from ``seed``."""
    rng = random.Random(seed)
    vi_lines, en_lines = read_corpus(corpus, data)
    vocabulary = [word for line in en_lines for word in line.split()]
    runs = _runs(len(vi_lines), rng)
    documents = []
    for _ in range(count):
        pairs = sample_document(runs, rng)
        units: list[Unit] = []
        k = 0
        while k < len(pairs):
            vi, en = vi_lines[pairs[k]], en_lines[pairs[k]]
            draw = rng.random()
            if draw < MERGE_PROBABILITY and k + 1 < len(pairs):
                vi_next, en_next = vi_lines[pairs[k + 1]], en_lines[pairs[k + 1]]
                joined_english = f"{en} {en_next}"
                if rng.random() < 0.5:
                    units.append(([_join(vi, vi_next, rng, "vi")], [en, en_next], [joined_english], False))
                else:
                    units.append(([vi, vi_next], [_join(en, en_next, rng, "en")], [en, en_next], False))
                k += 2
                continue
            if draw < MERGE_PROBABILITY + DELETE_PROBABILITY:
                units.append(([vi], [], [en], False) if rng.random() < 0.5 else ([], [en], [], False))
            else:
                units.append(([vi], [en], [en], False))
            k += 1
            if rng.random() < CAPTION_PROBABILITY:
                units.append(_caption(rng))
        documents.append(_assemble(units, vocabulary, rng))
    return documents


def _caption(rng: random.Random) -> Unit:
    slots = _caption_slots(rng)
    draw = rng.random()
    if draw < 0.7:
        english = TRANSLATED_CAPTIONS[0][1].format(**slots)
        return [rng.choice(VI_ONLY_CAPTIONS).format(**slots)], [], [english], True
    if draw < 0.9:
        return [], [rng.choice(EN_ONLY_CAPTIONS).format(**slots)], [], True
    vi, en = rng.choice(TRANSLATED_CAPTIONS)
    return [vi.format(**slots)], [en.format(**slots)], [en.format(**slots)], True


def _assemble(units: list[Unit], vocabulary: Sequence[str], rng: random.Random) -> Document:
    vi: list[str] = []
    en: list[str] = []
    gold: list[LinkPair] = []
    translations: list[str] = []
    origins: dict[LinkPair, str] = {}
    for vi_part, en_part, english, caption in units:
        link = (tuple(range(len(vi), len(vi) + len(vi_part))), tuple(range(len(en), len(en) + len(en_part))))
        gold.append(link)
        if not vi_part or not en_part:
            origins[link] = "caption" if caption else "deletion"
        vi.extend(vi_part)
        en.extend(en_part)
        translations.extend(noisy_translation(text, vocabulary, rng) for text in english[: len(vi_part)])
    return Document(vi, en, gold, translations, origins)


# --- Gale–Church ------------------------------------------------------------------------------

GALE_CHURCH_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}
GALE_CHURCH_RATIO = 0.95
GALE_CHURCH_VARIANCE = 6.8


def _gale_church_cost(src_length: int, tgt_length: int, kind: tuple[int, int]) -> float:
    mean = (src_length + tgt_length / GALE_CHURCH_RATIO) / 2
    prior = -math.log(GALE_CHURCH_PRIORS[kind])
    if mean == 0:
        return prior
    z = (GALE_CHURCH_RATIO * src_length - tgt_length) / math.sqrt(GALE_CHURCH_VARIANCE * mean)
    probability = math.erfc(abs(z) / math.sqrt(2))
    return prior - math.log(max(probability, 1e-300))


def gale_church(src: list[str], tgt: list[str]) -> list[LinkPair]:
    """The classic length-only alignment of Gale and Church (1993), whole matrix."""
    n, m = len(src), len(tgt)
    src_lengths, tgt_lengths = [len(s) for s in src], [len(t) for t in tgt]
    cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for a, b in GALE_CHURCH_PRIORS:
                if i < a or j < b or cost[i - a][j - b] == math.inf:
                    continue
                value = cost[i - a][j - b] + _gale_church_cost(
                    sum(src_lengths[i - a:i]), sum(tgt_lengths[j - b:j]), (a, b)
                )
                if value < cost[i][j]:
                    cost[i][j], back[i][j] = value, (a, b)
    links: list[LinkPair] = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        links.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return links[::-1]


# --- scoring ----------------------------------------------------------------------------------

def _lax_counts(reference: Sequence[LinkPair], predicted: Sequence[LinkPair]) -> tuple[int, int, int]:
    """(predicted links, strict hits, lax hits) of ``predicted`` against ``reference``."""
    reference_set = {link for link in reference if link[0] or link[1]}
    reference_targets: dict[int, set[int]] = {}
    for src, tgt in reference_set:
        for i in src:
            reference_targets.setdefault(i, set()).update(tgt)
    total = strict = lax = 0
    for link in {link for link in predicted if link[0] or link[1]}:
        total += 1
        if link in reference_set:
            strict += 1
            lax += 1
        elif any(j in reference_targets.get(i, ()) for i in link[0] for j in link[1]):
            lax += 1
    return total, strict, lax


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _is_unmatched(link: LinkPair) -> bool:
    return not link[0] or not link[1]


def _is_merge(link: LinkPair) -> bool:
    return len(link[0]) + len(link[1]) > 2 and not _is_unmatched(link)


def _touches(link: LinkPair, sentences: frozenset[tuple[str, int]]) -> bool:
    return any(("vi", i) in sentences for i in link[0]) or any(("en", j) in sentences for j in link[1])


@dataclass
class Scores:
    """Benchmark scores of one aligner."""

    strict_f1: float
    lax_f1: float
    insert_delete_recall: float
    insert_delete_precision: float  # nan when the aligner predicts no 1-0/0-1 link
    merge_recall: float
    seconds_per_document: float


def score(
    golds: Sequence[Sequence[LinkPair]],
    predictions: Sequence[Sequence[LinkPair]],
    seconds: float,
    crossing: Sequence[frozenset[tuple[str, int]]] | None = None,
) -> Scores:
    """Strict/lax F1 (Vecalign's definitions), 1-0/0-1 recall and precision, m-n recall, seconds per document.

    ``crossing[d]`` are sentences of document ``d`` whose gold links cross (see
    :class:`Document`); predicted 1-0/0-1 links touching them do not count for precision.
    """
    precision_counts = Counter()
    recall_counts = Counter()
    counts = Counter()
    for index, (gold, predicted) in enumerate(zip(golds, predictions)):
        total, strict, lax = _lax_counts(gold, predicted)
        precision_counts.update(total=total, strict=strict, lax=lax)
        both_sides = [link for link in predicted if link[0] and link[1]]
        total, strict, lax = _lax_counts(both_sides, [link for link in gold if link[0] and link[1]])
        recall_counts.update(total=total, strict=strict, lax=lax)
        gold_set, predicted_set = set(gold), set(predicted)
        excluded = crossing[index] if crossing else frozenset()
        for link in gold:
            if _is_unmatched(link):
                counts.update(unmatched=1, unmatched_found=link in predicted_set)
            elif _is_merge(link):
                counts.update(merges=1, merges_found=link in predicted_set)
        for link in predicted_set:
            if _is_unmatched(link) and not _touches(link, excluded):
                counts.update(predicted_unmatched=1, predicted_unmatched_right=link in gold_set)
    f1 = {
        kind: _f1(
            precision_counts[kind] / max(1, precision_counts["total"]),
            recall_counts[kind] / max(1, recall_counts["total"]),
        )
        for kind in ("strict", "lax")
    }
    predicted_unmatched = counts["predicted_unmatched"]
    return Scores(
        f1["strict"],
        f1["lax"],
        counts["unmatched_found"] / max(1, counts["unmatched"]),
        counts["predicted_unmatched_right"] / predicted_unmatched if predicted_unmatched else math.nan,
        counts["merges_found"] / max(1, counts["merges"]),
        seconds / max(1, len(golds)),
    )


def monotone_ceiling(gold: Sequence[LinkPair], max_merge: int = 3) -> list[LinkPair]:
    """The monotone alignment with the most links in ``gold`` (then the fewest links).

    Where gold links cross (a swap), no monotone aligner can produce them all; the
    strict F1 of this alignment is the best such an aligner reaches, its ceiling.
    """
    gold_set = {link for link in gold if link[0] or link[1]}
    n = sum(len(src) for src, _ in gold_set)
    m = sum(len(tgt) for _, tgt in gold_set)
    types = [(1, 1), (1, 0), (0, 1)] + [kind for size in range(2, max_merge + 1) for kind in ((size, 1), (1, size))]
    best: dict[tuple[int, int], tuple[tuple[int, int], tuple[int, int]]] = {(0, 0): ((0, 0), (0, 0))}
    for i in range(n + 1):
        for j in range(m + 1):
            for a, b in types:
                if i < a or j < b or (i - a, j - b) not in best:
                    continue
                link = (tuple(range(i - a, i)), tuple(range(j - b, j)))
                (hits, fewer), _ = best[(i - a, j - b)]
                value = (hits + (link in gold_set), fewer - 1)
                if (i, j) not in best or value > best[(i, j)][0]:
                    best[(i, j)] = (value, (a, b))
    links: list[LinkPair] = []
    i, j = n, m
    while i or j:
        a, b = best[(i, j)][1]
        links.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return links[::-1]


ScoredLinks = list[tuple[LinkPair, float]]


def run(aligner: Callable[[Document], ScoredLinks], documents: Sequence[Document]) -> tuple[Scores, str]:
    """Align every document with ``aligner``; its scores and a line on how calibrated its link scores are."""
    predictions = []
    started = time.process_time()
    for document in documents:
        predictions.append(aligner(document))
    seconds = time.process_time() - started
    scores = score(
        [document.gold for document in documents],
        [[link for link, _ in p] for p in predictions],
        seconds,
        [document.crossing for document in documents],
    )
    return scores, _calibration(documents, predictions)


def _calibration(documents: Sequence[Document], predictions: Sequence[ScoredLinks]) -> str:
    outcomes = [
        (confidence, link in set(document.gold))
        for document, predicted in zip(documents, predictions)
        for link, confidence in predicted
        if not _touches(link, document.crossing)
    ]
    brier = sum((confidence - correct) ** 2 for confidence, correct in outcomes) / len(outcomes)
    bins: dict[int, list[tuple[float, bool]]] = {}
    for confidence, correct in outcomes:
        bins.setdefault(min(9, int(confidence * 10)), []).append((confidence, correct))
    error = sum(
        abs(sum(c for c, _ in members) - sum(k for _, k in members)) for members in bins.values()
    ) / len(outcomes)
    confident = [correct for confidence, correct in outcomes if confidence >= 0.5]
    return (
        f"Brier {brier:.4f}, calibration error {error:.4f}, "
        f"{len(confident) / len(outcomes):.1%} of links score >= 0.5 with strict precision "
        f"{sum(confident) / max(1, len(confident)):.4f}; " + _unmatched_recall(documents, predictions)
    )


def _unmatched_recall(documents: Sequence[Document], predictions: Sequence[ScoredLinks]) -> str:
    """Recall of gold 1-0/0-1 links, split by the origin of the unmatched sentence."""
    found = Counter()
    total = Counter()
    for document, predicted in zip(documents, predictions):
        predicted_links = {link for link, _ in predicted}
        for link, origin in document.origins.items():
            total[origin] += 1
            found[origin] += link in predicted_links
    return ", ".join(
        f"recall of {origin} {found[origin] / total[origin]:.2f} ({total[origin]})" for origin in sorted(total)
    )


def _gale_church(document: Document) -> ScoredLinks:
    return [(link, 1.0) for link in gale_church(document.vi, document.en)]


def _songngu(document: Document) -> ScoredLinks:
    return [((link.src, link.tgt), link.score) for link in align_sentences(document.vi, document.en)]


def _songngu_translated(document: Document) -> ScoredLinks:
    links = align_sentences(document.vi, document.en, src_translations=document.vi_translations)
    return [((link.src, link.tgt), link.score) for link in links]


def describe(documents: Sequence[Document]) -> str:
    """One line on the documents: size, link types, merges and unmatched sentences."""
    kinds = Counter(f"{len(src)}-{len(tgt)}" for document in documents for src, tgt in document.gold)
    total = sum(kinds.values())
    merged = sum(count for kind, count in kinds.items() if kind not in ("1-1", "1-0", "0-1"))
    unmatched = kinds["1-0"] + kinds["0-1"]
    sentences = sum(len(document.vi) for document in documents) / len(documents)
    return (
        f"{len(documents)} documents, {sentences:.1f} Vietnamese sentences each on average, {total} gold links: "
        f"{merged / total:.1%} merges, {unmatched / total:.1%} 1-0/0-1, "
        + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    )


ALIGNERS: list[tuple[str, Callable[[Document], ScoredLinks]]] = [
    ("Gale–Church (length only)", _gale_church),
    ("songngu, no model", _songngu),
    ("songngu + src_translations*", _songngu_translated),
]


def _ratio(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}"


def print_table(documents: Sequence[Document]) -> None:
    """Score every aligner of :data:`ALIGNERS` on ``documents`` and print the table and calibration."""
    ceiling = score([d.gold for d in documents], [monotone_ceiling(d.gold) for d in documents], 0.0)
    print(f"monotone ceiling: strict F1 {ceiling.strict_f1:.3f}, lax F1 {ceiling.lax_f1:.3f}")
    print(f"| {'aligner':<30} | strict F1 | lax F1 | 1-0/0-1 recall | 1-0/0-1 precision | m-n recall | s/doc  |")
    print(f"| {'-' * 30} | --------- | ------ | -------------- | ----------------- | ---------- | ------ |")
    calibration = []
    for name, aligner in ALIGNERS:
        scores, calibrated = run(aligner, documents)
        print(
            f"| {name:<30} | {scores.strict_f1:9.3f} | {scores.lax_f1:6.3f} | {scores.insert_delete_recall:14.3f} "
            f"| {_ratio(scores.insert_delete_precision):>17} | {scores.merge_recall:10.3f} "
            f"| {scores.seconds_per_document:6.4f} |"
        )
        if name.startswith("songngu"):
            calibration.append(f"{name}: {calibrated}")
    print("* src_translations: gold English with 25% of words dropped and 10% replaced (optimistic stand-in for MT)")
    print("Link.score as P(link strictly correct):")
    for line in calibration:
        print("  " + line)


def main(argv: Sequence[str] | None = None) -> None:
    """Build the benchmark set and print the score table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="flores")
    parser.add_argument("--documents", type=int, default=123)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the FLORES-200/Tatoeba files")
    args = parser.parse_args(argv)
    documents = build_documents(args.corpus, args.documents, args.seed, args.data)
    print(describe(documents))
    print_table(documents)


if __name__ == "__main__":
    main()
