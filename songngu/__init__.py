"""songngu: Vietnamese news articles into English and aligned vi–en sentence pairs."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("songngu")
except PackageNotFoundError:
    __version__ = "0.0.0+local"

__all__ = ["TranslatedArticle", "TranslatedSegment", "__version__", "translate_article", "translate_articles"]


def __getattr__(name: str):
    """Import the API lazily so ``import songngu`` stays fast for the CLI."""
    if name in {"translate_article", "translate_articles", "TranslatedArticle", "TranslatedSegment"}:
        from songngu import api

        return getattr(api, name)
    raise AttributeError(f"module 'songngu' has no attribute {name!r}")
