"""Facet counts for `search --facets`: how the matching articles split by portal, province,
district, topic, CMS and year, computed the same way on both backends.

Why one module for both: a researcher switching `--index` must see the same numbers, so the
facet names, what is counted (articles that HAVE the value; undated articles have no year) and
the order (most articles first, ties by name; years newest first) are defined here once. The
SQLite side is a GROUP BY over exactly the rows `ArchiveStore.search` would match, without its
LIMIT; the Elasticsearch side (`ElasticIndex.facets`) is one search with aggregations.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from search.query import Filters, Query, parse_query
from search.store import ArchiveStore

FACETS: tuple[str, ...] = ("portal", "province", "district", "topics", "cms", "year")
FACET_SIZE = 20
"""Values kept per facet: enough for every province of a region, short enough to print."""

_SQLITE_VALUES = {
    "portal": "SELECT a.portal AS value FROM m JOIN articles a ON a.rowid = m.rowid WHERE a.portal IS NOT NULL",
    "province": "SELECT a.province AS value FROM m JOIN articles a ON a.rowid = m.rowid WHERE a.province IS NOT NULL",
    "district": "SELECT a.district AS value FROM m JOIN articles a ON a.rowid = m.rowid WHERE a.district IS NOT NULL",
    "topics": "SELECT t.value AS value FROM m JOIN articles a ON a.rowid = m.rowid, json_each(a.topics) t",
    "cms": "SELECT a.cms AS value FROM m JOIN articles a ON a.rowid = m.rowid WHERE a.cms IS NOT NULL",
    "year": "SELECT substr(a.published, 1, 4) AS value FROM m JOIN articles a ON a.rowid = m.rowid "
            "WHERE a.published IS NOT NULL AND a.published != ''",
}


def order_facets(raw: Mapping[str, Mapping[str, int]], *, size: int = FACET_SIZE) -> dict[str, dict[str, int]]:
    """The shared order: most articles first, ties by value; years newest first; `size` each."""
    ordered: dict[str, dict[str, int]] = {}
    for name in FACETS:
        counts = raw.get(name, {})
        if name == "year":
            items = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
        else:
            items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ordered[name] = dict(items[:size])
    return ordered


def sqlite_facets(
    store: ArchiveStore, query: Query | None = None, *, filters: Filters | None = None, size: int = FACET_SIZE
) -> dict[str, dict[str, int]]:
    """Facet counts over the articles `store.search(query)` matches (all of them, no limit).

    Reads through its own read-only connection to the store's file, so it sees what the store
    has committed and never writes.
    """
    if query is not None and not query.match:
        query = parse_query(query.text, query.filters)
    clauses, params = store._where(query.filters if query is not None else (filters or Filters()))
    extra = "".join(f" AND {c}" for c in clauses)
    if query is not None:
        matching = ("SELECT a.rowid FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                    f"WHERE articles_fts MATCH ?{extra}")
        params = [query.match, *params]
    else:
        matching = f"SELECT a.rowid FROM articles a WHERE 1{extra}"
    conn = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    # A damaged page gives the store's one-line archive error (exit 3), not a traceback.
    with store.reading():
        try:
            raw: dict[str, dict[str, int]] = {}
            for name in FACETS:
                rows = conn.execute(
                    f"WITH m AS ({matching}) SELECT value, count(*) FROM ({_SQLITE_VALUES[name]}) GROUP BY 1",
                    params,
                ).fetchall()
                raw[name] = {str(value): int(n) for value, n in rows}
        finally:
            conn.close()
    return order_facets(raw, size=size)


def format_facets(facets: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Human-readable lines for the terminal, one facet per line."""
    lines = ["facets:"]
    for name in FACETS:
        counts = facets.get(name) or {}
        shown = ", ".join(f"{value} {n}" for value, n in counts.items()) or "-"
        lines.append(f"  {name:<9} {shown}")
    return lines
