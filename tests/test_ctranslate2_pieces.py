"""The CTranslate2 backend's own tokenisation gives exactly what the Hugging Face tokenizer gives."""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from transformers import AutoTokenizer

from songngu.translate.pieces import MarianPieces, TokenizerJsonPieces, load_pieces_tokenizer
from songngu.translate.resolve import detect_family
from tests.tinymodels import MEMORISED_PAIRS, training_sentences

EDGE_CASES = [">>vie<< Xin chào.", "a </s> b", "<unk>x", "x<pad>y", "😀 漢字 ✓", "  nhiều   khoảng trắng  ", "", "Giá\u00a0xăng"]


def sentences() -> list[str]:
    return training_sentences("vie")[:300] + [source for source, _ in MEMORISED_PAIRS] + EDGE_CASES


@pytest.mark.parametrize(("fixture", "kind"), [("tiny_marian_dir", MarianPieces), ("tiny_nllb_dir", TokenizerJsonPieces)])
def test_same_tokens_and_text_as_hugging_face(fixture: str, kind: type, request: pytest.FixtureRequest) -> None:
    directory: Path = request.getfixturevalue(fixture)
    family = detect_family(directory)
    ours = load_pieces_tokenizer(directory, family)
    assert isinstance(ours, kind)
    theirs = AutoTokenizer.from_pretrained(directory, **({"src_lang": family.src_lang} if family.src_lang else {}))
    for sentence in sentences():
        assert ours.encode(sentence) == theirs.convert_ids_to_tokens(theirs(sentence)["input_ids"]), sentence
    rng = random.Random(0)
    for _ in range(200):
        ids = [rng.randrange(len(theirs)) for _ in range(rng.randrange(1, 30))]
        assert ours.decode(theirs.convert_ids_to_tokens(ids)) == theirs.decode(ids, skip_special_tokens=True).strip()
    assert ours.model_max_length == theirs.model_max_length


def test_translating_with_a_converted_model_never_imports_torch(memorised_marian_dir: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from songngu.translate import load_translator\n"
        f"translator = load_translator({str(memorised_marian_dir)!r}, device='cpu', num_beams=1)\n"
        "first = translator.translate([" + repr(MEMORISED_PAIRS[0][0]) + "])[0].text\n"
        "print(first)\n"
        "print('torch' in sys.modules, 'transformers' in sys.modules)\n"
    )
    env = {"SONGNGU_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    convert = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert convert.stdout.splitlines()[0] == MEMORISED_PAIRS[0][1]
    cached = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert cached.stdout.splitlines() == [MEMORISED_PAIRS[0][1], "False False"]
