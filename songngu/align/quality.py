"""Cheap per-pair quality signals for Vietnamese–English sentence pairs.

Every signal is computed from the two strings alone (plus the model's log-probability
and the aligner's score when known), so it works on any pair, from any model.
See ``docs/quality.md`` for each signal's range, what normal pairs score, and the
thresholds ``songngu.align.filtering`` applies.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

SIGNAL_COLUMNS = {
    "q_length_ratio": "float32",
    "q_number_match": "float32",
    "q_entity_overlap": "float32",
    "q_punct_match": "float32",
    "q_untranslated": "float32",
    "q_repetition": "float32",
    "q_truncated": "bool",
    "q_logprob": "float32",
    "q_align_score": "float32",
}
"""The columns ``add_signals`` adds, with their ``datasets.Value`` dtypes; the last two are null when unknown."""

TRUNCATION_MIN_VI_CHARS = 30
"""Below this many Vietnamese characters the length test for truncation is not applied."""
TRUNCATION_LENGTH_RATIO = 0.5
"""English shorter than this share of a long Vietnamese sentence counts as truncated."""


@dataclass(frozen=True)
class PairSignals:
    """Quality signals of one Vietnamese–English pair.

    - ``length_ratio``: English characters / Vietnamese characters (0 when ``vi`` is empty);
      human vi→en translations have a median of 0.95, 90% of them within 0.65–1.45.
    - ``number_match``: share of the numbers (digits) on both sides that find a partner on
      the other side, in [0, 1]; 1.0 when neither side has a number.
    - ``entity_overlap``: share of names and acronyms (foreign-looking capitalised words and
      acronyms on the Vietnamese side, acronyms on the English side) found on the other side,
      compared without diacritics, in [0, 1]; 1.0 when there are none.
    - ``punct_match``: share of punctuation kinds (quotes, brackets, ``?``, ``!``) present on
      one side that are present on both, in [0, 1]; 1.0 when neither side has any.
    - ``untranslated``: share of English words that are still Vietnamese, in [0, 1].
    - ``repetition``: share of the English that is a looped copy of what precedes it, in [0, 1].
    - ``truncated``: the English looks cut short (see ``is_truncated``).
    - ``logprob``: the model's mean token log-probability, or None; ``align_score``: the
      aligner's score, or None.
    """

    length_ratio: float
    number_match: float
    entity_overlap: float
    punct_match: float
    untranslated: float
    repetition: float
    truncated: bool
    logprob: float | None = None
    align_score: float | None = None

    def as_dict(self) -> dict[str, float | bool | None]:
        """The signals as a plain dict keyed by signal name (no ``q_`` prefix)."""
        return asdict(self)


def pair_signals(vi: str, en: str, *, logprob: float | None = None, align_score: float | None = None) -> PairSignals:
    """Compute every quality signal of the pair ``vi``/``en`` (both are NFC-normalised first)."""
    vi = unicodedata.normalize("NFC", vi)
    en = unicodedata.normalize("NFC", en)
    return PairSignals(
        length_ratio=length_ratio(vi, en),
        number_match=number_match(vi, en),
        entity_overlap=entity_overlap(vi, en),
        punct_match=punct_match(vi, en),
        untranslated=untranslated_share(en, vi),
        repetition=repetition_share(en),
        truncated=is_truncated(vi, en),
        logprob=_optional_float(logprob),
        align_score=_optional_float(align_score),
    )


def add_signals(rows: Iterable[dict]) -> list[dict]:
    """Copies of ``rows`` with the ``SIGNAL_COLUMNS`` added.

    Signals come from ``translation`` and, when present, the row's ``logprob`` and ``align_score``.

    Rows that were not translated get signals too (computed against their empty English),
    so every row has the same columns; filtering decides what to do with them.
    """
    result = []
    for row in rows:
        translation = row.get("translation") or {}
        signals = pair_signals(
            translation.get("vi") or "",
            translation.get("en") or "",
            logprob=row.get("logprob"),
            align_score=row.get("align_score"),
        )
        result.append({**row, **{f"q_{name}": value for name, value in signals.as_dict().items()}})
    return result


def _optional_float(value: float | None) -> float | None:
    """``value`` as a float, or None when it is missing or NaN."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


# Text helpers


_UNDECOMPOSABLE = str.maketrans(
    {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss"}
)


def strip_diacritics(text: str) -> str:
    """``text`` without combining marks: ``Hà Nội`` → ``Ha Noi``; ``đ``, ``ł``, ``ø``… become plain letters."""
    decomposed = unicodedata.normalize("NFD", text.translate(_UNDECOMPOSABLE))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The words of ``text`` (letters only, apostrophes inside kept), in order."""
    return _WORD.findall(text)


# Length


def length_ratio(vi: str, en: str) -> float:
    """English characters per Vietnamese character, ignoring surrounding whitespace; 0.0 when ``vi`` is empty."""
    vi_chars = len(vi.strip())
    return len(en.strip()) / vi_chars if vi_chars else 0.0


# Numbers

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SCALE_AFTER = re.compile(r"\s*(nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|billion|trillion|bn|mn)\b", re.IGNORECASE)
_SCALES = {
    "nghìn": 1e3, "ngàn": 1e3, "thousand": 1e3,
    "triệu": 1e6, "million": 1e6, "mn": 1e6,
    "tỷ": 1e9, "tỉ": 1e9, "billion": 1e9, "bn": 1e9,
    "trillion": 1e12,
}  # fmt: skip
_EN_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1e6, "billion": 1e9, "dozen": 12, "half": 0.5, "once": 1, "twice": 2,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "single": 1, "double": 2, "pair": 2,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # Vietnamese numbers its weekdays: Monday is "thứ 2", Saturday "thứ 7".
    "monday": 2, "tuesday": 3, "wednesday": 4, "thursday": 5, "friday": 6, "saturday": 7,
    "noon": 12, "midnight": 12, "a": 1, "an": 1,
}  # fmt: skip
_VI_NUMBER_WORDS = {
    "không": 0, "linh": 0, "lẻ": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4,
    "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10,
    "chục": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
    "rưỡi": 0.5, "nửa": 0.5, "đôi": 2, "cặp": 2, "nhất": 1, "giêng": 1, "chạp": 12,
}  # fmt: skip
_VI_UNITS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
             "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}  # fmt: skip
_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9}  # fmt: skip
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_VI_SCALES = {"trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def _separated_values(token: str) -> set[float]:
    """Every value a digit string with ``.``/``,`` separators can stand for, in either convention.

    ``1.000.000`` and ``1,000,000`` → {1000000}; ``3,5`` and ``3.5`` → {3.5};
    ``1.000`` → {1000, 1.0} (thousands in Vietnamese, a decimal in English).
    """
    separators = re.findall(r"[.,]", token)
    groups = re.split(r"[.,]", token)
    if not separators:
        return {float(token)}
    values: set[float] = set()
    if len(set(separators)) == 1:
        if 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]):
            values.add(float("".join(groups)))
        if len(separators) == 1:
            values.add(float(f"{groups[0]}.{groups[1]}"))
    elif separators[-1] not in separators[:-1]:
        whole = groups[:-1]
        if 1 <= len(whole[0]) <= 3 and all(len(group) == 3 for group in whole[1:]):
            values.add(float(f"{''.join(whole)}.{groups[-1]}"))
    return values or {float(group) for group in groups}


def _digit_numbers(text: str) -> list[set[float]]:
    """The numbers written in digits in ``text``, each as its set of possible values (scaled by ``triệu``, ``million``…).

    Whole-hour minutes (the ``00`` of ``8:00``) are left out: ``eight o'clock`` has none.
    """
    numbers = []
    for match in _NUMBER.finditer(text):
        if text[match.start() - 1 : match.start()] == ":" and set(match.group()) == {"0"}:
            continue
        values = _separated_values(match.group())
        scale = _SCALE_AFTER.match(text, match.end())
        if scale:
            factor = _SCALES[scale.group(1).lower()]
            values |= {value * factor for value in values}
        numbers.append({round(value, 6) for value in values})
    return numbers


def _word_numbers(
    tokens: list[str], single: dict[str, float], units: dict[str, int], tens: dict[str, int], scales: dict[str, int]
) -> list[set[float]]:
    """Numbers spelled as words (``hai``, ``twenty``, ``March``), with simple compounds.

    Compounds: ``twenty-five``/``twenty five`` (``tens`` then a unit), ``three hundred``
    and ``ba trăm`` (a unit then a scale), ``mười hai`` (12), ``hai mươi`` (20) and
    ``hai mươi lăm`` (25).
    """
    numbers = [{float(single[token])} for token in tokens if token in single]
    for left, right in zip(tokens, tokens[1:]):
        if left in units and right in scales:
            numbers.append({float(units[left] * scales[right])})
        if left in tens and right in units:
            numbers.append({float(tens[left] + units[right])})
        if left == "mười" and right in units:
            numbers.append({float(10 + units[right])})
        if left in units and right == "mươi":
            numbers.append({float(units[left] * 10)})
    for left, middle, right in zip(tokens, tokens[1:], tokens[2:]):
        if left in units and middle == "mươi" and right in units:
            numbers.append({float(units[left] * 10 + units[right])})
    return numbers


def _vi_word_numbers(vi: str) -> list[set[float]]:
    """Vietnamese number words and month names of ``vi`` as possible values."""
    tokens = [token.lower() for token in words(vi)]
    return _word_numbers(tokens, _VI_NUMBER_WORDS, _VI_UNITS, {}, _VI_SCALES)


def _en_word_numbers(en: str) -> list[set[float]]:
    """English number words, month and weekday names of ``en`` as possible values."""
    tokens = [_singular(token.lower()) for token in re.findall(r"[A-Za-z]+", en)]
    return _word_numbers(tokens, _EN_NUMBER_WORDS, _EN_UNITS, _EN_TENS, _EN_SCALES)


def _singular(token: str) -> str:
    """An English number word without its plural ending (``fours`` → ``four``, ``sixes`` → ``six``)."""
    if len(token) >= 4 and token not in _EN_NUMBER_WORDS:
        for ending in ("s", "es"):
            if token.endswith(ending) and token[: -len(ending)] in _EN_NUMBER_WORDS:
                return token[: -len(ending)]
    return token


def _match_count(needles: list[set[float]], haystack: list[set[float]]) -> int:
    """Greedily pair each needle with an unused haystack item sharing a value; return how many paired.

    Paired haystack items are removed from ``haystack``.
    """
    matched = 0
    for needle in needles:
        for index, candidate in enumerate(haystack):
            if needle & candidate:
                del haystack[index]
                matched += 1
                break
    return matched


def number_match(vi: str, en: str) -> float:
    """Share of digit numbers on both sides that have a partner on the other side; 1.0 when there are none.

    Digits pair with digits first (``1.000.000`` with ``1,000,000``, ``3,5`` with ``3.5``,
    the parts of ``13-1-2020`` with ``January 13, 2020``); leftover digits may pair with a
    number word, month or weekday on the other side (``3 người`` with ``three people``),
    but words alone never lower the score.
    """
    vi_digits = _digit_numbers(vi)
    en_digits = _digit_numbers(en)
    total = len(vi_digits) + len(en_digits)
    if total == 0:
        return 1.0
    en_left = list(en_digits)
    vi_left = [number for number in vi_digits if not _match_count([number], en_left)]
    both = len(vi_digits) - len(vi_left)
    by_words = _match_count(vi_left, _en_word_numbers(en)) + _match_count(en_left, _vi_word_numbers(vi))
    return (2 * both + by_words) / total


# Names and acronyms

_VI_INITIALS = frozenset(
    "b c ch d g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x".split() + [""]
)
_VI_FINALS = frozenset("c ch m n ng nh p t".split() + [""])
_VI_ONLY_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_VI_TONED = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ")
_VI_TONED |= {char.upper() for char in _VI_TONED}
_VIETNAMESE_LETTERS = _VI_ONLY_LETTERS | _VI_TONED
_ACRONYM = re.compile(r"(?<![^\W\d_])[A-ZĐ]{2,}(?![^\W\d_])")
_VI_ACRONYMS = frozenset(
    "TTXVN UBND HĐND TP HCM TPHCM THPT THCS CSGT BHXH BHYT CAND QĐND TAND VKSND ĐBQH GS TS PGS BS "
    "KS CN VN NXB TW BCH ĐH CĐ SGK QL CAHN VTV VOV PV ĐT CNTT TCN SCN".split()
)
"""Vietnamese acronyms whose English translation is spelled differently (TTXVN is the VNA…)."""
_EN_TRANSLATED_ACRONYMS = frozenset(
    "US USA UK UN EU WHO UNESCO UNICEF IMF WTO ASEAN VNA HCMC VND CPV NA VFF TV CEO GDP AM PM OK IT AD BC BCE CE II III IV".split()
)
"""English acronyms a Vietnamese text may spell out in Vietnamese instead (Mỹ, Liên Hợp Quốc…)."""


def looks_foreign(word: str) -> bool:
    """True when ``word`` (letters, no Vietnamese diacritics) cannot be one Vietnamese syllable.

    A Vietnamese syllable has one vowel group, a Vietnamese initial and final consonant
    and no f/j/w/z; ``Baghdad``, ``Soleimani``, ``Bob`` and ``Trump`` fail that test,
    ``Nga``, ``Nguyen`` and ``Minh`` pass it.
    """
    lowered = word.lower()
    if re.search(r"[fjwz]", lowered):
        return True
    parts = re.fullmatch(r"([^aeiouy]*)([aeiouy]+)([^aeiouy]*)", lowered)
    if parts is None:
        return True
    return parts.group(1) not in _VI_INITIALS or parts.group(3) not in _VI_FINALS


def vi_entities(vi: str) -> list[str]:
    """Names and acronyms in ``vi`` that an English translation should keep, without diacritics.

    Foreign-looking capitalised words of two letters or more (``Baghdad``, ``Soleimani``)
    and acronyms (``IS``, ``NATO``) count; Vietnamese syllables and Vietnamese acronyms
    (``TTXVN``) do not.
    """
    found = []
    for word in words(vi):
        if _ACRONYM.fullmatch(word):
            if word not in _VI_ACRONYMS and not set(word) & _VIETNAMESE_LETTERS:
                found.append(word)
        elif len(word) > 1 and word[0].isupper() and not set(word) & _VIETNAMESE_LETTERS:
            plain = strip_diacritics(word)
            if looks_foreign(plain):
                found.append(plain)
    return found


def en_entities(en: str) -> list[str]:
    """Acronyms in ``en`` that a Vietnamese source would normally contain too (not US, UN, WHO…)."""
    return [word for word in _ACRONYM.findall(en) if word not in _EN_TRANSLATED_ACRONYMS]


def _mentions(plain_text: str, entity: str) -> bool:
    """True when diacritic-free ``plain_text`` mentions ``entity``.

    An acronym must appear as itself, in capitals (``IS`` is not ``is``). A name matches
    any word starting with its first half, at least four letters, case-insensitively, so
    ``Iran`` matches ``Iranian``, ``Afghanistan`` matches ``Afghan`` and ``Scotland`` ``Scottish``.
    """
    if _ACRONYM.fullmatch(entity):
        return re.search(rf"(?<![A-Za-z]){re.escape(entity)}(?![a-z])", plain_text) is not None
    stem = entity[: max(4, (len(entity) + 1) // 2)].lower()
    return re.search(rf"(?<![a-z]){re.escape(stem)}", plain_text.lower()) is not None


def entity_overlap(vi: str, en: str) -> float:
    """Share of names and acronyms of either side found on the other side, diacritics ignored; 1.0 when none."""
    from_vi = vi_entities(vi)
    from_en = en_entities(en)
    if not from_vi and not from_en:
        return 1.0
    vi_plain = strip_diacritics(vi)
    en_plain = strip_diacritics(en)
    found = sum(_mentions(en_plain, name) for name in from_vi) + sum(_mentions(vi_plain, name) for name in from_en)
    return found / (len(from_vi) + len(from_en))


# Punctuation

_PUNCT_KINDS = {
    "quote": re.compile(r"[\"“”«»„]"),
    "bracket": re.compile(r"[()\[\]]"),
    "question": re.compile(r"[?？]"),
    "exclamation": re.compile(r"[!！]"),
}


def punct_match(vi: str, en: str) -> float:
    """Share of punctuation kinds (quotes, brackets, ``?``, ``!``) used by either side that both sides use; 1.0 when none."""
    present = [(bool(pattern.search(vi)), bool(pattern.search(en))) for pattern in _PUNCT_KINDS.values()]
    used = [pair for pair in present if any(pair)]
    if not used:
        return 1.0
    return sum(all(pair) for pair in used) / len(used)


# Copy-through

_VI_FUNCTION_WORDS = frozenset(
    "cua va nhung duoc cac khong nguoi voi trong mot nhieu cung dang nhu theo tren nuoc viec cho "
    "nay da se la co ve tai khi thi ma nam".split()
)
"""Frequent Vietnamese words as they look written without diacritics (lower case only)."""
_ENGLISH_CLASHES = frozenset({"la", "co", "ma", "nay", "da", "se", "nam", "thi", "cho", "khi", "ve", "tai"})
"""Function words above that are also English words or common name parts: weak evidence only."""
_WEAK_EVIDENCE_RUN = 3
"""Weak evidence counts only in a run of this many consecutive Vietnamese-looking words."""


def _vietnamese_evidence(word: str, vi_words: set[str]) -> str:
    """How sure it is that lower-case ``word`` is Vietnamese: ``"sure"``, ``"maybe"`` or ``""``.

    Sure: a Vietnamese-only letter (``của``), or accented letters on what could be a
    Vietnamese syllable (``và``, ``có``; ``café`` is not one). Maybe: a Vietnamese function
    word written without diacritics that is also English or a name part (``la``, ``nay``),
    or a possible Vietnamese syllable copied from the source, diacritics aside (in
    ``vi_words``: ``gap`` from ``Tôi gặp khó khăn``, but also ``gum`` from ``kẹo gum``).
    """
    if set(word) & _VIETNAMESE_LETTERS:
        return "sure"
    plain = strip_diacritics(word)
    if plain != word:
        return "" if looks_foreign(plain) else "sure"
    if word in _VI_FUNCTION_WORDS:
        return "maybe" if word in _ENGLISH_CLASHES else "sure"
    if word.casefold() in vi_words and not looks_foreign(word):
        return "maybe"
    return ""


def untranslated_share(en: str, vi: str = "") -> float:
    """Share of the English side's words that are still Vietnamese; 0.0 when it has no words.

    An English side with the same words as ``vi`` (case, punctuation and diacritics aside)
    scores 1.0. Otherwise
    capitalised words never count (Vietnamese names such as ``Nguyễn`` legitimately stay
    in translations). Lower-case words count when they carry a Vietnamese-only letter
    (ă â đ ê ô ơ ư or a Vietnamese tone mark), are accented Vietnamese syllables (``và``),
    are frequent Vietnamese function words written without diacritics (``cua``,
    ``nhung``, ``duoc``), or are copied from ``vi``, diacritics aside, and could be
    Vietnamese syllables (``gap kho khan`` from ``gặp khó khăn``; ``email`` could not). Function words that are also English
    (``la``, ``nay``) and copied syllables count only inside a run of at least
    ``_WEAK_EVIDENCE_RUN`` words that look Vietnamese, so coincidences (``gum`` from
    ``kẹo gum``, ``do the`` from ``đó … thể``) do not count.
    """
    tokens = words(en)
    if not tokens:
        return 0.0
    vi_plain = [strip_diacritics(word).casefold() for word in words(vi)]
    if [strip_diacritics(token).casefold() for token in tokens] == vi_plain:
        return 1.0
    vi_words = set(vi_plain)
    evidence = ["" if token[0].isupper() else _vietnamese_evidence(token, vi_words) for token in tokens]
    vietnamese = 0
    run: list[str] = []
    for kind in evidence + [""]:
        if kind:
            run.append(kind)
            continue
        vietnamese += len(run) if len(run) >= _WEAK_EVIDENCE_RUN else run.count("sure")
        run = []
    return vietnamese / len(tokens)


# Repetition loops

_CHARACTER_LOOP = re.compile(r"(\S.{0,29}?)\1{3,}", re.DOTALL)


def _looped_tokens(tokens: list[str], longest: int = 8) -> int:
    """How many tokens are further copies of an n-gram (n ≤ ``longest``) repeated right before them.

    A single word must occur three times in a row to count (``had had`` is English);
    a phrase of two or more words counts from its second copy.
    """
    looped = [False] * len(tokens)
    for size in range(1, longest + 1):
        needed = 3 if size == 1 else 2
        start = 0
        while start + 2 * size <= len(tokens):
            unit = tokens[start : start + size]
            end = start + size
            while tokens[end : end + size] == unit:
                end += size
            if (end - start) // size >= needed:
                for index in range(start + size, end):
                    looped[index] = True
                start = end
            else:
                start += 1
    return sum(looped)


def repetition_share(en: str) -> float:
    """Share of the English that repeats what comes right before it, in [0, 1]: 0 for normal text.

    Counts looped words and phrases (``the the the``, ``we will fight, we will fight``)
    and character loops of a unit containing a letter (``hahahaha``, ``abcabcabcabc``).
    """
    tokens = [token.lower() for token in words(en)]
    token_share = _looped_tokens(tokens) / len(tokens) if tokens else 0.0
    stripped = en.strip()
    looped_chars = sum(
        len(match.group()) - len(match.group(1))
        for match in _CHARACTER_LOOP.finditer(stripped)
        if re.search(r"[^\W\d_]", match.group(1))
    )
    char_share = looped_chars / len(stripped) if stripped else 0.0
    return max(token_share, char_share)


# Truncation

_CLOSERS = "\"'”’»)]}*"
_VI_SENTENCE_END = frozenset(".!?…")
_EN_SENTENCE_END = frozenset(".!?…:;")


def _last_mark(text: str) -> str:
    """The last character of ``text`` before any closing quotes or brackets ('' when empty)."""
    return text.rstrip().rstrip(_CLOSERS + " ")[-1:]


def is_truncated(vi: str, en: str) -> bool:
    """True when the English looks cut short.

    Either the Vietnamese is long (at least ``TRUNCATION_MIN_VI_CHARS`` characters) and the
    English is under ``TRUNCATION_LENGTH_RATIO`` of its length, or the Vietnamese ends a
    sentence (``.!?…``, closing quotes and brackets aside) and the English does not.
    """
    vi_chars = len(vi.strip())
    if not en.strip():
        return vi_chars > 0
    if vi_chars >= TRUNCATION_MIN_VI_CHARS and length_ratio(vi, en) < TRUNCATION_LENGTH_RATIO:
        return True
    return _last_mark(vi) in _VI_SENTENCE_END and _last_mark(en) not in _EN_SENTENCE_END
