"""Shared pytest fixtures. Add new fixtures under a section header of their own."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from songngu.atomic import atomic_directory
from tests.tinymodels import build_tiny_marian, build_tiny_nllb, builder_fingerprint, train_memorised_marian

# --- Test-wide settings -------------------------------------------------------------------------
# The test models are tiny: more torch threads only add overhead, and on a shared 2-core machine
# they made the model tests over three times slower. CLI subprocesses inherit the variable; set
# OMP_NUM_THREADS yourself to override.
os.environ.setdefault("OMP_NUM_THREADS", "1")
torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))

# --- Isolation -----------------------------------------------------------------------------
# songngu's own cache (translation memory, converted CTranslate2 models) goes to a session
# temporary folder, for this process and the CLI subprocesses the tests start; a test that
# needs a cache of its own sets SONGNGU_CACHE itself.


@pytest.fixture(scope="session", autouse=True)
def private_songngu_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point SONGNGU_CACHE at a temporary folder for the whole test session."""
    cache = tmp_path_factory.mktemp("songngu-cache")
    previous = os.environ.get("SONGNGU_CACHE")
    os.environ["SONGNGU_CACHE"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("SONGNGU_CACHE", None)
    else:
        os.environ["SONGNGU_CACHE"] = previous


# --- Tiny translation models ------------------------------------------------------------------
# Session-scoped directories laid out like downloaded Hub models; load them with
# AutoTokenizer / AutoModelForSeq2SeqLM.from_pretrained. Tests share them: treat them as
# read-only and copy one (shutil.copytree) before changing anything in it.
# Set SONGNGU_TEST_MODEL_CACHE=DIR to keep built models across runs, keyed by a hash of the
# builder source, its training text and library versions (stale entries are never reused).

MODEL_CACHE_ENV = "SONGNGU_TEST_MODEL_CACHE"


def _model_dir(name: str, build: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a directory holding the model ``build`` writes: from the cache if enabled, else freshly built."""
    cache = os.environ.get(MODEL_CACHE_ENV)
    if not cache:
        return build(tmp_path_factory.mktemp(name))
    target = Path(cache) / f"{name}-{builder_fingerprint()}"
    if not target.is_dir():
        with atomic_directory(target) as work:
            build(work)
    return target


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random-weight vi→en Marian (opus-mt layout), input limit 64 tokens."""
    return _model_dir("tiny_marian", build_tiny_marian, tmp_path_factory)


@pytest.fixture(scope="session")
def tiny_nllb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random-weight M2M100 with a real NLLB tokenizer (vie_Latn, eng_Latn, ...), input limit 64 tokens."""
    return _model_dir("tiny_nllb", build_tiny_nllb, tmp_path_factory)


@pytest.fixture(scope="session")
def memorised_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Marian that translates every ``tests.tinymodels.MEMORISED_PAIRS`` source to its English exactly."""
    return _model_dir("memorised_marian", train_memorised_marian, tmp_path_factory)
