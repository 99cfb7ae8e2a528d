"""Load an archive's articles into a notebook: records, or a pandas DataFrame.

Researchers work in Jupyter; going through `portal-archive export` and `pd.read_json` for every
question is a detour. `load_articles` reads the archive's SQLite index directly (read-only: a
crawl can keep writing), with the same filters and the same query language as
`portal-archive search` / `export`, because it builds the same `Filters` and `Query` objects.

pandas is an optional extra (`pip install 'portal-archive[notebook]'`): the crawler does not need
it, and `as_frame=False` (the default) returns plain dicts that need nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawlers.errors import UserError
from crawlers.items import ARTICLE_FIELDS
from search.export import EXPORT_FIELDS, Selection, export_records
from search.query import Filters, parse_date, parse_query
from search.store import ArchiveStore

if TYPE_CHECKING:
    import pandas

SEARCH_FIELDS = ("score", "snippet")
"""Columns a query adds after the record fields: the rank score (higher is better) and the
snippet with matched words in « »."""


def _bound(value: str | date | None, name: str) -> date | None:
    """A `since`/`until` value: a date, or text as the CLI takes it (YYYY, YYYY-MM, YYYY-MM-DD)."""
    if value is None or isinstance(value, date):
        return value
    return parse_date(str(value), flag=f"--{name}")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise UserError(
            "load_articles(as_frame=True) needs pandas: pip install 'portal-archive[notebook]' "
            "(or pip install pandas), or call it without as_frame to get a list of dicts"
        ) from None
    return pandas


def load_articles(
    archive: str | Path,
    query: str | None = None,
    *,
    portal: str | None = None,
    province: str | None = None,
    district: str | None = None,
    topic: str | None = None,
    legal_ref: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    limit: int | None = None,
    dedupe: bool = False,
    as_frame: bool = False,
) -> list[dict[str, Any]] | pandas.DataFrame:
    """The articles of the archive at `archive` that match, as dicts or a DataFrame.

    Without `query`: every article passing the filters, ordered by `published` (undated last),
    then id - what `portal-archive export` writes. With `query` (the search language: words,
    "phrases", OR, -exclusions, prefix*; diacritics optional, exact spelling ranked first): the
    matches best first, each with "score" and "snippet" - what `portal-archive search --json`
    prints, but all of them unless `limit` is given.

    Filters are those of the CLI: `portal`, `province`, `district`, `topic` match a whole value
    ignoring case and diacritics; `legal_ref` a cited document number; `since`/`until` are
    inclusive and take a `date` or "YYYY", "YYYY-MM", "YYYY-MM-DD" (a year or month as a whole).
    `dedupe` keeps only the earliest copy of each near-duplicate cluster (as `export --dedupe`;
    without a query only). Each record has the export's fields (`search.export.EXPORT_FIELDS`,
    with `schema_version` and the cluster fields); a DataFrame has one
    column per field, in that order, with lists and dicts (topics, topic_terms, places,
    legal_refs) as Python objects.

    Raises `ArchiveError` when there is no usable archive index, `UserError` for a bad query or
    date, and `UserError` naming the extra when `as_frame=True` and pandas is not installed.
    """
    if as_frame:
        pandas_module = _pandas()  # fail before reading anything
    if dedupe and query is not None:
        raise UserError("dedupe=True goes with an export-style load (no query): search ranks "
                        "every copy")
    if limit is not None and limit < 1:
        raise UserError(f"limit={limit}: give a positive number of articles, or None for all")
    filters = Filters(portal=portal, province=province, district=district, topic=topic,
                      legal_ref=legal_ref, since=_bound(since, "since"),
                      until=_bound(until, "until"))
    parsed = parse_query(query, filters) if query is not None else None
    with ArchiveStore.open(Path(archive), readonly=True) as store:
        if parsed is not None:
            wanted = limit if limit is not None else max(1, store.count_articles(filters))
            records = store.search(parsed, limit=wanted)
        else:
            records = []
            for record in export_records(store, Selection(filters=filters, dedupe=dedupe)):
                records.append(record)
                if limit is not None and len(records) >= limit:
                    break
    if not as_frame:
        return records
    columns = list(ARTICLE_FIELDS) + list(SEARCH_FIELDS) if parsed is not None else list(EXPORT_FIELDS)
    return pandas_module.DataFrame.from_records(records, columns=columns)
