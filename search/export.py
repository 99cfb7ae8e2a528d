"""Dataset export: the archive's articles as JSON Lines (optionally gzipped).

Researchers load exports into pandas/R/jq, so each line is one self-contained Article record with
keys in `crawlers.items.ARTICLE_FIELDS` order and real UTF-8 (Vietnamese stays readable).

Where it is written (atomically for regular files, in place for devices and FIFOs, through
symlinks, `-` for stdout) is `search/output.py`'s business.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import IO, Any

from crawlers.items import ARTICLE_FIELDS
from search.backends import ArticleSource
from search.output import OutputFile
from search.query import Filters


def dumps_record(record: dict[str, Any]) -> str:
    """One export line (without the newline): ARTICLE_FIELDS order, non-ASCII kept as is."""
    return json.dumps({name: record.get(name) for name in ARTICLE_FIELDS}, ensure_ascii=False)


def export_jsonl(store: ArticleSource, out: Path | str, filters: Filters | None = None) -> int:
    """Write every article matching `filters` to `out`; return how many were written.

    A name ending in ".gz" (e.g. "articles.jsonl.gz") is gzip-compressed. Records are streamed
    from the store (the SQLite `ArchiveStore` or an `ElasticIndex`: both order by published,
    then id), so memory use does not grow with the archive and both give the same bytes.
    """
    sink_name = os.fspath(out)
    count = 0
    with OutputFile(out) as raw:
        sink: IO[bytes] = raw
        if sink_name.endswith(".gz"):
            # mtime=0 and no file name: identical archives give byte-identical exports.
            sink = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
        try:
            for record in store.iter_articles(filters or Filters()):
                sink.write(dumps_record(record).encode("utf-8") + b"\n")
                count += 1
        finally:
            if sink is not raw:
                sink.close()  # writes the gzip trailer; `raw` stays open
    return count
