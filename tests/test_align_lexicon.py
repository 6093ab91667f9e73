"""The hand-written lexicon: longest-match reading of Vietnamese, English base forms, no ambiguous entries."""
from __future__ import annotations

from songngu.align.anchors import ENGLISH, ENGLISH_NAME, ENGLISH_PROPER_NAME, document_anchors
from songngu.align.lexicon import LEXICON_FILE, english_concept, vietnamese_concepts
from songngu.align.normalize import canonical_tones
from songngu.wordlists import load_wordlist


def concepts(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], concept) for start, end, concept in vietnamese_concepts(text)]


def test_the_longest_phrase_wins():
    found = concepts("Các nhà nghiên cứu đã cứu sống hai người.")
    assert found == [("nghiên cứu", "research"), ("cứu sống", "rescue")]


def test_old_and_new_tone_marks_match_alike():
    assert canonical_tones("hoà") == canonical_tones("hòa") == "hòa"
    assert canonical_tones("thuỷ") == "thủy" and canonical_tones("khoẻ") == "khỏe"
    assert canonical_tones("hoàn") == "hoàn"
    assert concepts("Hai nước ký hiệp định hoà bình.")[-1] == ("hoà bình", "peace")
    assert concepts("Hai nước ký hiệp định hòa bình.")[-1] == ("hòa bình", "peace")


def test_english_words_are_read_in_their_base_form():
    assert english_concept("investigators") == english_concept("investigation") == "investigate"
    assert english_concept("cities") == "city" and english_concept("stopped") == "stop"
    assert english_concept("rising") == "increase" and english_concept("agreed") == "agree"
    assert english_concept("said") == "say" and english_concept("Reporting") == "report"
    assert english_concept("the") is None and english_concept("thing") is None


def test_no_word_or_phrase_names_two_concepts():
    seen: dict[tuple[str, str], str] = {}
    for concept, vi_side, en_side in load_wordlist(LEXICON_FILE):
        for side, forms in (("vi", vi_side), ("en", en_side)):
            for form in forms.split(","):
                key = (side, form.strip())
                assert seen.setdefault(key, concept) == concept, f"{key} in {seen[key]} and {concept}"


def test_english_names_without_lexicon_words_are_proper_names():
    [anchors] = document_anchors(["Additional reporting by Ben Adeyemi and the Ministry of Defence."], ENGLISH)
    keys = {kind: set() for kind in (ENGLISH_NAME, ENGLISH_PROPER_NAME)}
    for anchor in anchors.anchors:
        keys.get(anchor.kind, set()).update(anchor.keys)
    assert "n:adeyemi" in keys[ENGLISH_PROPER_NAME] and "n:adeyemi" not in keys[ENGLISH_NAME]
    institution = {"n:ministry", "n:defence"}
    assert institution <= keys[ENGLISH_NAME] and not keys[ENGLISH_PROPER_NAME] & institution
