"""Choose where a model runs."""
from __future__ import annotations

from songngu.errors import SongnguError, UsageError

DEVICES = ("auto", "cpu", "cuda", "mps")


def pick_device(requested: str | None = None) -> str:
    """``cuda`` if available, then ``mps``, then ``cpu``; an explicit request is checked."""
    import torch

    requested = (requested or "auto").lower()
    if requested.split(":")[0] not in DEVICES:
        raise UsageError(f"device {requested!r}: choose one of {', '.join(DEVICES)}")
    if requested == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise SongnguError("device cuda: no CUDA GPU is visible to torch")
    if requested == "mps" and not torch.backends.mps.is_available():
        raise SongnguError("device mps: Apple MPS is not available")
    return requested
