"""Indexes and search over the archive. For notebooks: `from search import load_articles`."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    # Lazy, so that `import search.query` (every crawl) does not open the notebook module.
    if name == "load_articles":
        from search.notebook import load_articles

        return load_articles
    raise AttributeError(f"module 'search' has no attribute {name!r}")


__all__ = ["load_articles"]
