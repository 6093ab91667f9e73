"""Tell within seconds whether the Hugging Face Hub can be reached at all.

huggingface_hub and datasets retry a dead connection for about half a minute, logging each
try; one quick request first tells a machine with no network from a slow Hub.
"""
from __future__ import annotations

PROBE_TIMEOUT = 5.0


def unreachable_hub(timeout: float = PROBE_TIMEOUT) -> str | None:
    """Why the Hub (``HF_ENDPOINT``) cannot be reached, in a few words, or None when it answers.

    Offline mode (``HF_HUB_OFFLINE``) is left to the caller's own offline handling: None.
    """
    from huggingface_hub import constants
    from huggingface_hub.utils import httpx

    if constants.HF_HUB_OFFLINE:
        return None
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            client.head(constants.ENDPOINT)
    except httpx.HTTPError as error:
        return " ".join(str(error).split()) or type(error).__name__
    return None


def hub_endpoint() -> str:
    """The Hub's address (``HF_ENDPOINT``)."""
    from huggingface_hub import constants

    return constants.ENDPOINT
