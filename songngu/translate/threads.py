"""How a CTranslate2 model uses the cores: parallel translators (inter) × threads each (intra).

Small models such as opus-mt-vi-en scale poorly with intra-op threads: two one-thread
translators side by side translate far more than one two-thread translator. So the cores go to
parallel translators first (CTranslate2's ``inter_threads``; the weights are loaded once and
shared), and to intra-op threads only on machines with many cores, where one translator per
core would hold too many batches' working memory.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from songngu.errors import UsageError

MAX_TRANSLATORS = 8
"""Parallel CPU translators at most by default; more cores go to threads within each."""
MAX_THREADS_PER_CORE = 4
"""A split may ask for at most this many threads per usable core: far beyond it CTranslate2 crashes
(100,000 translators abort, 1x100000 segfaults) or crawls (1x5000 ran ten minutes on three articles)."""
_PATTERN = re.compile(r"^\s*(\d+)\s*(?:[x×*]\s*(\d+)\s*)?$")


@dataclass(frozen=True)
class ThreadSplit:
    """``inter`` translators running batches in parallel, each computing with ``intra`` threads."""

    inter: int
    intra: int

    def __str__(self) -> str:
        return f"{self.inter}x{self.intra}"

    @property
    def total(self) -> int:
        """Threads in all: ``inter`` × ``intra``."""
        return self.inter * self.intra


def usable_cores() -> int:
    """CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_split(cores: int | None = None) -> ThreadSplit:
    """The split of ``cores`` (default: :func:`usable_cores`) for a CPU model.

    One single-thread translator per core up to :data:`MAX_TRANSLATORS`; beyond that the
    translators get ``cores // MAX_TRANSLATORS`` threads each.
    """
    cores = _cores(cores)
    intra = max(1, cores // MAX_TRANSLATORS)
    return ThreadSplit(max(1, cores // intra), intra)


def split_for(threads: int | ThreadSplit | None, device: str = "cpu") -> ThreadSplit:
    """The split a CTranslate2 model loaded with ``threads`` runs on ``device``: a given split as is; on a
    CPU, ``threads`` cores split by :func:`default_split`; on CUDA, one translator per GPU."""
    if isinstance(threads, ThreadSplit):
        return threads
    return ThreadSplit(1, 1) if device == "cuda" else default_split(threads)


def beyond_cores_note(split: ThreadSplit, cores: int | None = None, *, asked: str | None = None,
                      default: str | None = None) -> str | None:
    """A note for a CPU split that runs more threads than ``cores`` (default: :func:`usable_cores`), else None.

    Threads beyond the cores take turns on them: translation gets slower, not faster, and each
    extra translator holds its own batches' working memory. ``asked`` names what asked for the
    split (default ``threads INTERxINTRA``), ``default`` what runs without it (default: :func:`default_split`).
    """
    cores = _cores(cores)
    if split.total <= cores:
        return None
    return (f"{asked or f'threads {split}'}: {split.total} threads on {_plural_cores(cores)} take turns, "
            f"which slows translation down (the default here: {default or default_split(cores)})")


def transformers_threads(threads: int | ThreadSplit, cores: int | None = None) -> tuple[int, str | None]:
    """The threads torch computes with for ``threads`` (inter × intra of a split), at most ``cores`` (default:
    :func:`usable_cores`), and a note when more were asked for (9,801 threads on 2 cores took minutes a sentence)."""
    wanted, cores = _total(threads), _cores(cores)
    if wanted <= cores:
        return wanted, None
    return cores, (f"threads {threads}: the transformers backend computes with the {_plural_cores(cores)} "
                   "this process may use; more threads would only take turns on them")


def parse_split(value: str, option: str = "--threads") -> ThreadSplit:
    """``INTER`` or ``INTERxINTRA`` (``4``, ``2x2``) as a :class:`ThreadSplit`; a bad value is a usage error."""
    match = _PATTERN.match(str(value))
    if not match or int(match.group(1)) < 1 or (match.group(2) is not None and int(match.group(2)) < 1):
        raise UsageError(f"{option} {value!r}: give INTER or INTERxINTRA with positive numbers, e.g. 2 or 2x1")
    return check_fits(ThreadSplit(int(match.group(1)), int(match.group(2) or 1)), option)


def check_fits(split: ThreadSplit | int, option: str = "--threads", cores: int | None = None, *, asked: str | None = None,
               default: str | None = None) -> ThreadSplit | int:
    """``split`` (or a number of threads) when it asks for at most :data:`MAX_THREADS_PER_CORE` threads per
    usable core (default: :func:`usable_cores`), else a usage error. ``asked`` names what asked for it
    (default ``OPTION SPLIT``), ``default`` what runs without it (default: :func:`default_split`)."""
    cores = _cores(cores)
    if _total(split) > MAX_THREADS_PER_CORE * cores:
        raise UsageError(f"{asked or f'{option} {split}'}: {_total(split)} threads for {_plural_cores(cores)}; "
                         f"give at most {MAX_THREADS_PER_CORE * cores} in all (the default here: {default or default_split(cores)})")
    return split


def _total(threads: int | ThreadSplit) -> int:
    return threads.total if isinstance(threads, ThreadSplit) else threads


def _cores(cores: int | None) -> int:
    return max(1, cores or usable_cores())


def _plural_cores(cores: int) -> str:
    return f"{cores} {'core' if cores == 1 else 'cores'}"
