"""Harder sentence-alignment benchmark: unmatched sentences that length cues miss, splits, swaps.

``benchmarks/alignment.py`` perturbs FLORES-200 documents the easy way (one sentence
dropped at a time, captions that read like captions). This set, built seeded from the
same ``shared/data`` lines (runs of 3–5 consecutive lines from one article, concatenated
to 10–40 sentence pairs) and from sentences written for it, perturbs them the way web
versions of a news article differ:

* deletions on either side, of single sentences, of 2–3 consecutive sentences, and of
  short sentences (a short pair written for this set, the other side of which is kept);
  short pairs also appear translated, so that shortness alone does not mean unmatched;
* English-only lines that read like content ("X did not respond to a request for
  comment.", "Reporting by ...", corrections, context sentences), often naming a person or
  place of the neighbouring sentence, and Vietnamese-only asides ("Ông cho biết thêm.");
* photo captions and credits on one side, phrased unlike those of ``alignment.py``;
* merges of two sentences (gold ``2-1``/``1-2``) and splits of long sentences into two or
  three (gold ``1-2``/``1-3``/``2-1``/``3-1``);
* a few swaps of two adjacent English sentences: gold links then cross, so no monotone
  aligner can find both; the table's monotone ceiling is the best strict F1 one can reach;
* noise: a news-agency dateline before the first English sentence, typing errors,
  doubled spaces.

Scores are those of ``alignment.py``; 1-0/0-1 precision leaves out unmatched links that
touch a swapped sentence (a monotone aligner must leave one of the pair unmatched).
1-0/0-1 recall is also given per origin of the unmatched sentence.

The aligner was tuned while looking at ``--seed 1`` and ``--seed 2`` (and checked on
``--seed 3``); report the default ``--seed 0``, never looked at while tuning.

Usage: ``python benchmarks/alignment_hard.py [--seed 0] [--documents 123] [--data DIR]``
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import alignment as base  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# Probabilities per FLORES sentence pair of the events that perturb a document.
SWAP = 0.03
MERGE = 0.06
SPLIT = 0.06
DELETE = 0.05
DELETE_RUN = 0.015
DELETE_SHORT = 0.03
SHORT_PAIR = 0.04
ENGLISH_ONLY = 0.045
VIETNAMESE_ONLY = 0.03
CAPTION = 0.02
TYPO = 0.04
DATELINE = 0.15
SPLIT_MIN_LENGTH = 110

LocalLink = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class Unit:
    """Consecutive sentences of both sides with their gold links (indices local to the unit)."""

    vi: list[str]
    en: list[str]
    english: list[str]  # the English of each Vietnamese sentence, for the stand-in machine translation
    links: list[LocalLink]
    origin: str = "pair"  # what a 1-0/0-1 link of this unit is, or "swap"
    crossing: bool = False


@dataclass
class Slots:
    """Names, places and numbers for the templates, some taken from the neighbouring sentences."""

    values: dict[str, str] = field(default_factory=dict)


# --- sentences written for this benchmark ------------------------------------------------------

PEOPLE = ["Maria Lopez", "David Chen", "Amina Yusuf", "Peter Novak", "Sarah Mitchell", "Kenji Tanaka",
          "Ahmed Karimi", "Elena Petrova", "James Okafor", "Lucas Moreau"]
VI_PEOPLE = ["Nguyễn Thanh Tùng", "Trần Thị Mai", "Lê Văn Hùng", "Phạm Minh Châu", "Hoàng Gia Bảo",
             "Vũ Thu Hà", "Đỗ Quang Huy", "Bùi Thị Lan"]
REPORTERS = ["Anna Kowalski", "Tom Harding", "Linh Nguyen", "Rahul Mehta", "Chloe Martin", "Ben Adeyemi"]
ORGANISATIONS = ["the ministry", "the company", "the city government", "the police", "the agency",
                 "the embassy", "the hospital", "the organisers", "the federation", "the regulator"]
VI_ORGANISATIONS = ["Bộ Y tế", "Sở Giao thông vận tải", "Công an thành phố", "Ủy ban nhân dân tỉnh",
                    "Tập đoàn Điện lực", "Ban tổ chức"]
PLACES = [("Hà Nội", "Hanoi"), ("Đà Nẵng", "Da Nang"), ("Hải Phòng", "Hai Phong"), ("Nha Trang", "Nha Trang"),
          ("Bangkok", "Bangkok"), ("Nairobi", "Nairobi"), ("Lima", "Lima"), ("Oslo", "Oslo")]
NEWSPAPERS = ["VnExpress", "Tuổi Trẻ", "Thanh Niên", "Dân trí", "Người Lao Động", "Zing"]
AGENCIES = ["Reuters", "AP", "AFP", "EPA", "Getty Images", "Bloomberg", "Xinhua", "Kyodo", "Anadolu"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DATELINES = ["{place} (Reuters) - ", "{PLACE}, {month} {day} (Reuters) - ", "{place} (AP) — ", "{PLACE} — "]

ENGLISH_ONLY_LINES = [
    "The ministry did not respond to a request for comment.",
    "{person} did not immediately respond to a request for comment.",
    "A spokesperson for {org} could not be reached for comment on {weekday}.",
    "{Org} declined to comment.",
    "{Org} declined to say how many people were involved.",
    "Reporting by {reporter}; editing by {reporter2}.",
    "Additional reporting by {reporter} in {place}.",
    "Writing by {reporter}.",
    "This story has been updated to include a statement from {org}.",
    "An earlier version of this story misstated the date of the meeting.",
    "The figures could not be independently verified.",
    "It was not immediately clear how many people were affected.",
    "{person} has denied any wrongdoing.",
    "Officials said the investigation was continuing.",
    "The cause is still under investigation.",
    "Details of the agreement were not made public.",
    "Neither side has commented publicly.",
    "{Org} said it was reviewing the findings.",
    "Local media first reported the news on {weekday}.",
    "{person} spoke on condition of anonymity because they were not authorised to talk to reporters.",
    "The statement gave no further details.",
    "It remains unclear whether the plan will go ahead.",
    "Efforts to reach {person} were unsuccessful.",
    "{person} was not available for comment.",
    "The decision can be appealed within {number} days.",
    "Both sides are expected to meet again in {month}.",
    "{Org} has until the end of {month} to reply.",
    "That figure is up from {number} a year earlier.",
    "{place} is home to about {number} million people.",
    "Analysts had expected a smaller increase.",
    "Shares of the company fell about {number} percent in early trading.",
    "This is a developing story and will be updated.",
    "Editor's note: this article has been corrected.",
    "Read the full statement on the ministry's website.",
    "The talks in {place} are due to resume next week.",
    "{person} told reporters the matter was closed.",
]
# Vietnamese-only asides with their English, which stands in for machine translation.
VIETNAMESE_ONLY_LINES = [
    ("Ông cho biết thêm.", "He added."),
    ("Bà nói.", "She said."),
    ("Ông {vi_person} cho biết thêm.", "Mr {vi_person} added."),
    ("Sự việc đang được cơ quan chức năng làm rõ.", "The incident is being clarified by the authorities."),
    ("Vụ việc đang được điều tra.", "The case is under investigation."),
    ("Theo ghi nhận của phóng viên, nhiều người dân vẫn chưa biết thông tin này.",
     "According to our reporter, many residents did not know this information yet."),
    ("Phóng viên đã liên hệ với {vi_org} nhưng chưa nhận được phản hồi.",
     "The reporter contacted {vi_org} but received no response."),
    ("Đại diện đơn vị này từ chối bình luận.", "A representative of the unit declined to comment."),
    ("Báo {paper} sẽ tiếp tục thông tin về vụ việc.", "{paper} will continue to report on the case."),
    ("Trước đó, như {paper} đã đưa tin, sự việc gây xôn xao dư luận.",
     "Earlier, as {paper} reported, the incident caused a public stir."),
    ("Đây là lần thứ {small} trong năm nay xảy ra sự việc tương tự.",
     "This is the {small} time this year that a similar incident has happened."),
    ("Chưa rõ nguyên nhân vụ việc.", "The cause of the incident is not clear."),
    ("Con số này có thể còn tăng trong những ngày tới.", "The number may rise in the coming days."),
    ("Hiện chưa có thông tin về thương vong.", "There is no information on casualties yet."),
    ("Theo các chuyên gia, cần thêm thời gian để đánh giá.", "According to experts, more time is needed to assess."),
    ("Nhiều người cho rằng đây là quyết định đúng đắn.", "Many people think this is the right decision."),
    ("Tin liên quan:", "Related news:"),
    ("Mời độc giả xem video:", "Readers are invited to watch the video:"),
    ("(Theo {paper})", "(According to {paper})"),
    ("{vi_person} (tổng hợp)", "{vi_person} (compiled)"),
    ("Thông tin này cũng được nhiều hãng tin quốc tế đăng tải.", "This information was also carried by many international news agencies."),
    ("Ông {name} nhấn mạnh.", "Mr {name} stressed."),
]
VIETNAMESE_CAPTIONS = [
    "Hiện trường vụ việc. Ảnh: {agency}",
    "Ảnh: Internet",
    "Đồ họa: {paper}",
    "Ảnh: {vi_person}",
    "{name} tại buổi làm việc hôm {day}/{month_number}.",
]
ENGLISH_CAPTIONS = [
    "({agency} Photo)",
    "Photo courtesy of {org}.",
    "Pictured: {name} in {place} last week.",
    "Image credit: {agency}",
    "Video: {agency}",
]
# Short translated pairs: kept on both sides (gold 1-1) or on one side only.
SHORT_PAIRS = [
    ("Không ai bị thương.", "No one was hurt."),
    ("Chúng tôi rất bất ngờ.", "We were very surprised."),
    ("Đó là một thảm họa.", "It was a disaster."),
    ("Cuộc họp kéo dài hai giờ.", "The meeting lasted two hours."),
    ("Giá vé không đổi.", "Ticket prices are unchanged."),
    ("Ông từ chối trả lời.", "He refused to answer."),
    ("Trời mưa suốt đêm.", "It rained all night."),
    ("Con đường đã được mở lại.", "The road has been reopened."),
    ("Cảnh sát đã có mặt.", "Police were at the scene."),
    ("Kết quả sẽ có vào tuần sau.", "Results are due next week."),
    ("Bà ấy đã nghỉ hưu.", "She has retired."),
    ("Trận đấu bị hoãn.", "The match was postponed."),
    ("Không có gì thay đổi.", "Nothing has changed."),
    ("Đó là lần đầu tiên.", "It was the first time."),
    ("Họ đã đồng ý.", "They agreed."),
    ("Nhà máy vẫn hoạt động.", "The factory is still running."),
    ("Mọi người đều vui mừng.", "Everyone was delighted."),
    ("Cuộc điều tra vẫn tiếp tục.", "The investigation continues."),
    ("Anh ấy được thả ngay sau đó.", "He was released shortly afterwards."),
    ("Dự án bị đình chỉ.", "The project was suspended."),
]
SPLIT_CONNECTIVES = {
    "en": ("and ", "but ", "which ", "while ", "although ", "because ", "so "),
    "vi": ("và ", "nhưng ", "trong khi ", "khi ", "vì ", "nên ", "còn "),
}


def _slots(rng: random.Random, vi_neighbour: str, en_neighbour: str) -> dict[str, str]:
    """Values for the templates; ``name`` comes from the neighbouring sentences when they name someone."""
    vi_place, en_place = rng.choice(PLACES)
    names = _mid_sentence_names(en_neighbour) & _mid_sentence_names(vi_neighbour)
    person = rng.choice(PEOPLE)
    name = rng.choice(sorted(names)) if names else person.split()[-1]
    month = rng.randint(1, 12)
    organisation = rng.choice(ORGANISATIONS)
    return {
        "person": name if names and rng.random() < 0.6 else person,
        "name": name,
        "vi_person": rng.choice(VI_PEOPLE),
        "reporter": rng.choice(REPORTERS),
        "reporter2": rng.choice(REPORTERS),
        "org": organisation,
        "Org": organisation[0].upper() + organisation[1:],
        "vi_org": rng.choice(VI_ORGANISATIONS),
        "place": en_place,
        "vi_place": vi_place,
        "paper": rng.choice(NEWSPAPERS),
        "agency": rng.choice(AGENCIES),
        "weekday": rng.choice(WEEKDAYS),
        "month": MONTHS[month - 1],
        "month_number": str(month),
        "day": str(rng.randint(1, 28)),
        "number": str(rng.choice([3, 5, 12, 15, 20, 30, 45, 60, 90, 150])),
        "small": rng.choice(["hai", "ba"]),
    }


def _mid_sentence_names(sentence: str) -> set[str]:
    """Capitalised words of ``sentence`` that do not start it (names shared by both sides)."""
    return {
        word for word in re.findall(r"(?<=[a-zà-ỹ,] )[A-Z][a-z]{2,}", sentence)
        if word not in {"The", "This", "That", "President", "Minister"}
    }


# --- perturbations ------------------------------------------------------------------------------

def _split(sentence: str, parts: int, language: str, rng: random.Random) -> list[str] | None:
    """``sentence`` cut into ``parts`` sentences where a web editor would cut it, or None.

    Cuts fall after a comma, semicolon or colon or before a connective ("and",
    "but", "và"...), each piece keeping at least four words; the cuts closest to
    equal lengths (give or take two words) are taken.
    """
    words = sentence.split()
    starters = {connective.strip() for connective in SPLIT_CONNECTIVES[language]}
    natural = [
        k for k in range(4, len(words) - 3)
        if words[k - 1].endswith((",", ";", ":")) or words[k].lower() in starters
    ]
    cuts: list[int] = []
    for part in range(1, parts):
        ideal = len(words) * part / parts + rng.uniform(-2, 2)
        candidates = [k for k in natural if k >= (cuts[-1] if cuts else 0) + 4 and len(words) - k >= 4 * (parts - part)]
        if not candidates:
            return None
        cuts.append(min(candidates, key=lambda k: abs(k - ideal)))
    pieces = [" ".join(words[start:stop]) for start, stop in zip([0] + cuts, cuts + [len(words)])]
    return [_as_sentence(piece, language) for piece in pieces]


def _as_sentence(piece: str, language: str) -> str:
    piece = piece.rstrip(",;: ")
    for connective in SPLIT_CONNECTIVES[language]:
        if piece.startswith(connective) and len(piece) > len(connective) + 10:
            piece = piece[len(connective):]
            break
    if piece[-1] not in ".!?\"”'":
        piece += "."
    return piece[0].upper() + piece[1:]


def _english_shares(english: str, parts: int) -> list[str]:
    words = english.split()
    bounds = [round(len(words) * part / parts) for part in range(parts + 1)]
    return [" ".join(words[start:stop]) for start, stop in zip(bounds, bounds[1:])]


def _typo(sentence: str, rng: random.Random) -> str:
    positions = [k for k in range(1, len(sentence) - 1) if sentence[k].isalpha() and sentence[k + 1].isalpha()]
    if not positions:
        return sentence
    k = rng.choice(positions)
    edit = rng.random()
    if edit < 0.4:
        return sentence[:k] + sentence[k + 1] + sentence[k] + sentence[k + 2:]
    if edit < 0.7:
        return sentence[:k] + sentence[k + 1:]
    return sentence[:k] + " " + sentence[k:] if edit < 0.85 else sentence.replace(" ", "  ", 1)


def _pair(vi: str, en: str) -> Unit:
    return Unit([vi], [en], [en], [((0,), (0,))])


def _merge(vi: list[str], en: list[str], rng: random.Random) -> Unit:
    if rng.random() < 0.5:
        return Unit([base._join(vi[0], vi[1], rng, "vi")], en, [" ".join(en)], [((0,), (0, 1))])
    return Unit(vi, [base._join(en[0], en[1], rng, "en")], en, [((0, 1), (0,))])


def _split_unit(vi: str, en: str, rng: random.Random) -> Unit | None:
    """One sentence cut in two or three on one side (gold 1-2, 1-3, 2-1 or 3-1), or None where it cannot be."""
    parts = 3 if rng.random() < 0.6 else 2
    if rng.random() < 0.5:
        pieces = _split(en, parts, "en", rng)
        return pieces and Unit([vi], pieces, [en], [((0,), tuple(range(parts)))])
    pieces = _split(vi, parts, "vi", rng)
    return pieces and Unit(pieces, [en], _english_shares(en, parts), [(tuple(range(parts)), (0,))])


def _deletion(vi: list[str], en: list[str], rng: random.Random, origin: str) -> Unit:
    """Sentences kept on one side only: 1-0 links, or 0-1 links."""
    if rng.random() < 0.5:
        return Unit(vi, [], en, [((k,), ()) for k in range(len(vi))], origin)
    return Unit([], en, [], [((), (k,)) for k in range(len(en))], origin)


def _swap(vi: list[str], en: list[str]) -> Unit:
    return Unit(vi, [en[1], en[0]], en, [((0,), (1,)), ((1,), (0,))], "swap", crossing=True)


def _english_only(slots: dict[str, str], rng: random.Random) -> Unit:
    return Unit([], [rng.choice(ENGLISH_ONLY_LINES).format(**slots)], [], [((), (0,))], "english-only line")


def _vietnamese_only(slots: dict[str, str], rng: random.Random) -> Unit:
    vi, en = rng.choice(VIETNAMESE_ONLY_LINES)
    return Unit([vi.format(**slots)], [], [en.format(**slots)], [((0,), ())], "vietnamese-only aside")


def _caption(slots: dict[str, str], rng: random.Random) -> Unit:
    if rng.random() < 0.6:
        return Unit([rng.choice(VIETNAMESE_CAPTIONS).format(**slots)], [], ["Photo."], [((0,), ())], "caption")
    return Unit([], [rng.choice(ENGLISH_CAPTIONS).format(**slots)], [], [((), (0,))], "caption")


def _units(vi_lines: Sequence[str], en_lines: Sequence[str], pairs: Sequence[int], rng: random.Random) -> list[Unit]:
    """The perturbed units of one document made of the sentence pairs ``pairs``."""
    units: list[Unit] = []
    k = 0
    while k < len(pairs):
        vi, en = vi_lines[pairs[k]], en_lines[pairs[k]]
        two = k + 1 < len(pairs)
        draw = rng.random()
        thresholds = [SWAP, MERGE, SPLIT, DELETE, DELETE_RUN]
        event = next((number for number, limit in enumerate(thresholds) if draw < sum(thresholds[:number + 1])), None)
        if event == 0 and two:
            units.append(_swap([vi, vi_lines[pairs[k + 1]]], [en, en_lines[pairs[k + 1]]]))
            k += 2
        elif event == 1 and two:
            units.append(_merge([vi, vi_lines[pairs[k + 1]]], [en, en_lines[pairs[k + 1]]], rng))
            k += 2
        elif event == 2 and len(en) >= SPLIT_MIN_LENGTH and (split := _split_unit(vi, en, rng)):
            units.append(split)
            k += 1
        elif event == 3:
            units.append(_deletion([vi], [en], rng, "deletion"))
            k += 1
        elif event == 4 and two:
            size = min(len(pairs) - k, rng.choice([2, 2, 3]))
            chosen = [pairs[k + offset] for offset in range(size)]
            units.append(_deletion([vi_lines[c] for c in chosen], [en_lines[c] for c in chosen], rng, "deletion run"))
            k += size
        else:
            units.append(_pair(vi, en))
            k += 1
        units.extend(_extras(units[-1], rng))
    return units


def _extras(previous: Unit, rng: random.Random) -> list[Unit]:
    """Sentences inserted after ``previous``: short pairs, one-side lines and captions."""
    extras: list[Unit] = []
    vi_neighbour = previous.vi[-1] if previous.vi else ""
    en_neighbour = previous.en[-1] if previous.en else ""
    if rng.random() < SHORT_PAIR:
        extras.append(_pair(*rng.choice(SHORT_PAIRS)))
    if rng.random() < DELETE_SHORT:
        vi, en = rng.choice(SHORT_PAIRS)
        extras.append(_deletion([vi], [en], rng, "short deletion"))
    if rng.random() < ENGLISH_ONLY:
        extras.append(_english_only(_slots(rng, vi_neighbour, en_neighbour), rng))
    if rng.random() < VIETNAMESE_ONLY:
        extras.append(_vietnamese_only(_slots(rng, vi_neighbour, en_neighbour), rng))
    if rng.random() < CAPTION:
        extras.append(_caption(_slots(rng, vi_neighbour, en_neighbour), rng))
    return extras


def _dateline(sentence: str, rng: random.Random) -> str:
    _, place = rng.choice(PLACES)
    month = rng.randint(1, 12)
    template = rng.choice(DATELINES)
    month_name = MONTHS[month - 1][:3] + "."
    prefix = template.format(place=place, PLACE=place.upper(), month=month_name, day=rng.randint(1, 28))
    return prefix + sentence


def _assemble(units: Sequence[Unit], vocabulary: Sequence[str], rng: random.Random) -> base.Document:
    vi: list[str] = []
    en: list[str] = []
    gold: list[base.LinkPair] = []
    translations: list[str] = []
    origins: dict[base.LinkPair, str] = {}
    crossing: set[tuple[str, int]] = set()
    for unit in units:
        for src, tgt in unit.links:
            link = (tuple(len(vi) + i for i in src), tuple(len(en) + j for j in tgt))
            gold.append(link)
            if not src or not tgt:
                origins[link] = unit.origin
            if unit.crossing:
                crossing.update({("vi", i) for i in link[0]} | {("en", j) for j in link[1]})
        translations.extend(base.noisy_translation(text, vocabulary, rng) for text in unit.english[: len(unit.vi)])
        vi.extend(unit.vi)
        en.extend(unit.en)
    vi = [_typo(sentence, rng) if rng.random() < TYPO else sentence for sentence in vi]
    en = [_typo(sentence, rng) if rng.random() < TYPO else sentence for sentence in en]
    if en and rng.random() < DATELINE:
        en[0] = _dateline(en[0], rng)
    return base.Document(vi, en, gold, translations, origins, frozenset(crossing))


def build_documents(count: int, seed: int, data: Path = DATA) -> list[base.Document]:
    """``count`` hard documents with gold links, reproducible from ``seed``."""
    rng = random.Random(seed)
    vi_lines, en_lines = base.read_corpus("flores", data)
    vocabulary = [word for line in en_lines for word in line.split()]
    runs = base._runs(len(vi_lines), rng)
    documents = []
    for _ in range(count):
        pairs = base.sample_document(runs, rng)
        documents.append(_assemble(_units(vi_lines, en_lines, pairs, rng), vocabulary, rng))
    return documents


def main(argv: Sequence[str] | None = None) -> None:
    """Build the hard set and print the score table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=123)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the FLORES-200 files")
    args = parser.parse_args(argv)
    documents = build_documents(args.documents, args.seed, args.data)
    print(base.describe(documents))
    base.print_table(documents)


if __name__ == "__main__":
    main()
