"""Dataset export: the archive's articles as JSON Lines (optionally gzipped).

Researchers load exports into pandas/R/jq, so each line is one self-contained Article record with
keys in `crawlers.items.ARTICLE_FIELDS` order and real UTF-8 (Vietnamese stays readable).

The export is written to a hidden temporary file beside the target and renamed over it only when
complete: an interrupted or failed export never leaves a truncated file that looks finished.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from crawlers.errors import UserError
from crawlers.items import ARTICLE_FIELDS
from search.backends import ArticleSource
from search.query import Filters


def dumps_record(record: dict[str, Any]) -> str:
    """One export line (without the newline): ARTICLE_FIELDS order, non-ASCII kept as is."""
    return json.dumps({name: record.get(name) for name in ARTICLE_FIELDS}, ensure_ascii=False)


def _unwritable(out: Path, err: OSError) -> UserError:
    reason = err.strerror or str(err)
    return UserError(f"cannot write export to {out}: {reason}; choose a writable output path")


def export_jsonl(store: ArticleSource, out: Path | str, filters: Filters | None = None) -> int:
    """Write every article matching `filters` to `out`; return how many were written.

    A name ending in ".gz" (e.g. "articles.jsonl.gz") is gzip-compressed. Records are streamed
    from the store (the SQLite `ArchiveStore` or an `ElasticIndex`: both order by published,
    then id), so memory use does not grow with the archive and both give the same bytes.
    """
    out = Path(out)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as err:
        raise _unwritable(out, err) from None
    tmp = Path(tmp_name)
    count = 0
    try:
        with os.fdopen(fd, "wb") as raw:
            sink: IO[bytes] = raw
            if out.name.endswith(".gz"):
                # mtime=0 and no file name: identical archives give byte-identical exports.
                sink = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
            try:
                for record in store.iter_articles(filters or Filters()):
                    sink.write(dumps_record(record).encode("utf-8") + b"\n")
                    count += 1
            finally:
                if sink is not raw:
                    sink.close()  # writes the gzip trailer; `raw` stays open
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, out)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise _unwritable(out, err) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count
