"""Load a translator once and hand the same one to every caller with the same settings."""
from __future__ import annotations

import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from songngu.errors import ConversionError, SetupError, SongnguError, UsageError, first_line
from songngu.translate.base import Translator
from songngu.translate.device import DEVICES
from songngu.translate.resolve import ResolvedModel, resolve_model
from songngu.translate.threads import ThreadSplit, check_fits, parse_split, transformers_threads

BACKENDS = ("auto", "ctranslate2", "transformers")
DEFAULT_BACKEND = "auto"


def load_translator(
    model: str | Path | None = None,
    *,
    backend: str = DEFAULT_BACKEND,
    device: str | None = None,
    num_beams: int | None = None,
    batch_size: int | None = None,
    compute_type: str | None = None,
    threads: int | str | ThreadSplit | None = None,
) -> Translator:
    """Resolve ``model`` offline and load it with ``backend``; repeated calls reuse the loaded model.

    ``model`` is a short name (``opus-mt-vi-en``, ``nllb-600m``), a hub id already in the
    local cache, or a local model directory; None means the default model. ``backend`` is
    ``ctranslate2`` (the model converted once and cached, int8 on CPU, int8_float16 on CUDA
    unless ``compute_type`` says otherwise), ``transformers``, or ``auto`` (default):
    CTranslate2 when the model converts, else transformers, with a note on stderr. ``threads``
    is the CTranslate2 split of the CPU (``ThreadSplit(inter, intra)``: parallel translators ×
    threads each) or a number of cores to split (default: every core this process may use; see
    ``songngu.translate.threads``); transformers computes with that many threads.
    """
    if model is not None and not isinstance(model, (str, Path)):
        raise UsageError(f"model {model!r}: give a short name, a hub id or a model folder")
    for option, value in (("num_beams", num_beams), ("batch_size", batch_size)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise UsageError(f"{option} {value!r}: give a whole number of at least 1")
    resolved_path = str(Path(model).expanduser().resolve()) if model and Path(model).expanduser().is_dir() else model
    return _load(resolved_path, backend, device, num_beams, batch_size, compute_type, checked_threads(threads))


def checked_threads(threads: int | str | ThreadSplit | None) -> int | ThreadSplit | None:
    """``threads`` as the loaders take it: a number of cores (at least 1), a :class:`ThreadSplit` of
    positive numbers, or a string such as ``"2x1"`` (parsed as ``--threads`` is), in all at most
    :data:`~songngu.translate.threads.MAX_THREADS_PER_CORE` threads a core; anything else is a usage error."""
    if threads is None:
        return threads
    if isinstance(threads, str):
        return parse_split(threads, "threads")
    if (isinstance(threads, ThreadSplit) and threads.inter >= 1 and threads.intra >= 1) or (
            isinstance(threads, int) and not isinstance(threads, bool) and threads >= 1):
        return check_fits(threads, "threads")
    raise UsageError(f"threads {threads!r}: give a number of cores, ThreadSplit(inter, intra) of positive numbers, or 'INTERxINTRA'")


@lru_cache(maxsize=4)
def _load(
    model: str | None,
    backend: str,
    device: str | None,
    num_beams: int | None,
    batch_size: int | None,
    compute_type: str | None,
    threads: int | ThreadSplit | None,
) -> Translator:
    if backend not in BACKENDS:
        raise UsageError(f"backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    if device is not None and str(device).lower().split(":")[0] not in DEVICES:
        raise UsageError(f"device {device!r}: choose one of {', '.join(DEVICES)}")
    resolved = resolve_model(model)
    if backend == "auto":
        try:
            return _load(model, "ctranslate2", device, num_beams, batch_size, compute_type, threads)
        except ConversionError as error:
            translator = _load(model, "transformers", device, num_beams, batch_size, None, threads)
            print(  # only once the fallback works: a model neither backend loads gets its one error line
                f"songngu: note: model {error.model}: CTranslate2 cannot convert it ({error.reason}); "
                "using the transformers backend",
                file=sys.stderr,
            )
            return translator
    if backend == "ctranslate2":
        from songngu.translate.ctranslate2_backend import CTranslate2Translator, pick_ctranslate2_device

        return _loaded(resolved, lambda: CTranslate2Translator(
            resolved,
            device=pick_ctranslate2_device(device),
            compute_type=compute_type,
            num_beams=num_beams,
            batch_size=batch_size,
            threads=threads,
        ))
    if compute_type is not None:
        raise SongnguError("--compute-type applies to the ctranslate2 backend only")
    from songngu.translate.device import pick_device
    from songngu.translate.transformers_backend import TransformersTranslator

    if threads:
        import torch

        count, note = transformers_threads(threads)
        if note:
            print(f"songngu: note: {note}", file=sys.stderr, flush=True)
        torch.set_num_threads(count)
    return _loaded(resolved, lambda: TransformersTranslator(resolved, device=pick_device(device), num_beams=num_beams,
                                                            batch_size=batch_size))


def _loaded(model: ResolvedModel, load: Callable[[], Translator]) -> Translator:
    """``load()``, where a damaged or incomplete model folder is one line: the loaders of transformers,
    tokenizers and safetensors raise whatever their parsers meet (TypeError, SafetensorError, …)."""
    try:
        return load()
    except SongnguError:
        raise
    except Exception as error:
        raise SetupError(f"model {model.path}: cannot be loaded ({first_line(error)}); its files are damaged or incomplete") from None
