"""Extraction: one fetched HTML page -> an article record or "not an article".

`extract_page` is the entry point used by the spider and the CLI; see docs/extraction.md.
"""

from crawlers.extraction.page import ExtractedPage, extract_page

__all__ = ["ExtractedPage", "extract_page"]
