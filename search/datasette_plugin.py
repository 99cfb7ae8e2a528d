"""The Datasette plugin behind `portal-archive serve` (search/serve.py), and the Datasette it runs.

Why Datasette: researchers get faceted browsing, full-text search, every row's page, and CSV/JSON
export of any filtered view without us writing a web application; our part is this small plugin
(registered in-process by `build_datasette`) for what Datasette cannot know about this archive:

- **folded full-text search.** The FTS5 table holds folded text (lower case, no diacritics,
  đ→d; search/store.py). Datasette's own `?_search=` would hand the words to FTS5 as typed, and
  FTS5's tokenizer strips most diacritics but not đ. `filters_from_request` takes over `_search`
  on the articles table and builds the MATCH expression with `search.query.parse_query`, the one
  `portal-archive search` uses, so the browser finds exactly what the command line finds.
- **a year facet** (`YearFacet`, `?_facet_year=published`): the index stores ISO dates, and a view
  with a year column cannot live in the archive's file, which serving never writes.
- **the archived copy** of each article at `/-/archived/<article id>`, read from its WARC record
  (search/replay.py), linked from every row beside the original URL.

The index is opened read-only (`mode=ro`, plus `PRAGMA query_only`): serving never writes the
archive, and a crawl running at the same time is seen as it commits. (`immutable=1` would skip
SQLite's locking and the WAL, so pages could read a half-checkpointed file while a crawl writes.)
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.app import Datasette
from datasette.database import Database, QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.plugins import pm
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from datasette.utils.asgi import BadRequest, Response
from markupsafe import Markup, escape
from w3lib.url import safe_url_string

from crawlers.errors import UserError
from search.query import parse_query
from search.replay import ReplayError, read_archived_copy, with_banner
from search.store import INDEX_NAME, TITLE_WEIGHT

DATABASE = "archive"
"""The name the index has in Datasette's URLs: /archive/articles."""
TABLE = "articles"
PLUGIN = "portal-archive"
ARCHIVED_ROUTE = "/-/archived/"
FACETS: list[Any] = ["province", "district", "portal", {"array": "topics"}, {"year": "published"}, "cms"]
"""Shown on every articles page; the same six as `search --facets` (search/facets.py)."""
SETTINGS = {
    "truncate_cells_html": 160,  # article texts are long; the row page shows them whole
    "default_facet_size": 20,    # search/facets.py FACET_SIZE
    "facet_time_limit_ms": 2000,
    "suggest_facets": False,     # the six facets are always shown; suggesting more queries every column
    "sql_time_limit_ms": 5000,
    "allow_download": False,     # the whole index file: not a replacement for `export`
}


def metadata(archive: Path) -> dict[str, Any]:
    """Titles, facets, hidden FTS tables, the ranked-search canned query, and where the WARC
    files are (the plugin's configuration)."""
    return {
        "title": f"portal-archive: {archive.resolve().name}",
        "description": "Articles archived from Vietnamese local-government portals. Search ignores "
                       "case and diacritics; each row links to the original page and to the "
                       "archived copy replayed from the WARC files.",
        "databases": {DATABASE: {
            "tables": {
                TABLE: {
                    "label_column": "title",
                    "sort_desc": "published",
                    "facets": FACETS,
                    "columns": {
                        "url": "the page as the crawl fetched it (the live site)",
                        "warc_record_id": "the archived copy, replayed from the WARC record",
                        "published": "publication date as the page gives it (ISO)",
                    },
                },
                "articles_fts": {"hidden": True},
                # MinHash signatures (binary, search/near_duplicates.py); clusters stay visible.
                "article_minhash": {"hidden": True},
                "articles_fts_exact": {"hidden": True},  # exact-spelling ranking (docs/search.md)
                # Contentless FTS of the article versions (search/versions.py): nothing to browse.
                "article_versions_fts": {"hidden": True},
            },
            "queries": {
                "ranked_search": {
                    "title": "Ranked search",
                    "description": "Best matches first, scored like `portal-archive search` "
                                   "(BM25, title weighted). Same query language.",
                    "sql": RANKED_SEARCH_SQL,
                },
            },
        }},
        "plugins": {PLUGIN: {"archive": str(archive.resolve())}},
    }


RANKED_SEARCH_SQL = f"""select a.id, a.title, a.published, a.portal, a.province, a.district,
  a.url, a.warc_record_id, round(-bm25(articles_fts, {TITLE_WEIGHT}, 1.0), 3) as score
from articles_fts join articles a on a.rowid = articles_fts.rowid
where articles_fts match archive_match(:q)
order by score desc, a.id
limit 100"""


def _archive_match(text: str | None) -> str:
    """SQL function `archive_match(q)`: the FTS5 expression `portal-archive search` would run.

    No query (the canned query's page opened without one) matches nothing, `""`, rather than an
    error; a malformed one is an SQL error (Datasette shows it as "user-defined function raised
    exception"; the articles page's search box names the problem)."""
    if not (text or "").strip():
        return '""'
    try:
        return parse_query(text or "").match
    except UserError as err:
        raise ValueError(str(err)) from None


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    if database != DATABASE:
        return
    conn.execute("PRAGMA query_only = 1")  # belt and braces over mode=ro: no statement writes
    conn.create_function("archive_match", 1, _archive_match, deterministic=True)


@hookimpl(trylast=True)
def filters_from_request(request, database: str, table: str, datasette) -> FilterArguments | None:
    """`?_search=` on the articles table: folded like `portal-archive search` (parse_query).

    Runs last so that its `supports_search` (which shows Datasette's search box) wins over the
    built-in search filter's, which finds no FTS table that names `articles` as its content."""
    if database != DATABASE or table != TABLE:
        return None
    text = request.args.get("_search", "")
    context = {"supports_search": True, "search": text}
    if not text.strip():
        return FilterArguments([], extra_context=context)
    try:
        match = parse_query(text).match
    except UserError as err:
        raise BadRequest(str(err)) from None
    return FilterArguments(
        ["rowid in (select rowid from articles_fts where articles_fts match :archive_search)"],
        {"archive_search": match}, [f'search matches "{text}" (case and diacritics ignored)'], context)


class YearFacet(Facet):
    """`?_facet_year=published`: articles per year of an ISO date column, newest year first;
    selecting a year filters with `published__startswith=YYYY`. Undated articles have no year."""

    type = "year"

    async def suggest(self) -> list[dict[str, Any]]:
        return []

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        pairs = self.get_querystring_pairs()
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            col = escape_sqlite(column)
            sql = (f"select substr({col}, 1, 4) as value, count(*) as count from ({self.sql}) "
                   f"where {col} is not null and {col} != '' group by value order by value desc "
                   f"limit {size + 1}")
            try:
                rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:  # over facet_time_limit_ms: said on the page, as ColumnFacet
                timed_out.append(column)
                continue
            arg = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = (arg, str(row["value"])) in pairs
                toggle = (path_with_removed_args(self.request, {arg: str(row["value"])}) if selected
                          else path_with_added_args(self.request, {arg: row["value"]}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                               "selected": selected})
            results.append({
                "name": column, "type": self.type, "hideable": source != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_year": column})),
                "results": values, "truncated": len(rows.rows) > size,
            })
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [YearFacet]


@hookimpl
def render_cell(row, value, column: str, table: str | None, database: str, datasette) -> Markup | None:
    """The `warc_record_id` cell of an article becomes the link to its archived copy."""
    if database != DATABASE or column != "warc_record_id" or value is None:
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    if "id" not in keys or (table is not None and table != TABLE):
        return None
    href = datasette.urls.path(f"{ARCHIVED_ROUTE}{quote(str(row['id']))}")
    return Markup(f'<a href="{escape(href)}" class="archived-copy">archived copy</a>')


async def archived_copy(datasette, request) -> Response:
    """The archived payload of one article, with its original content type, `Memento-Datetime`
    and, for HTML, the banner saying it is an archived copy (search/replay.py)."""
    article_id = request.url_vars["article_id"]
    db = datasette.get_database(DATABASE)
    found = await db.execute("select warc_file, warc_record_id from articles where id = ?", [article_id])
    row = found.first()
    if row is None:
        return Response.text(f"no article {article_id} in this archive", status=404)
    if row["warc_file"] is None or row["warc_record_id"] is None:
        return Response.text(f"article {article_id} has no WARC record (see `portal-archive verify`)",
                             status=404)
    warc_dir = Path(datasette.plugin_config(PLUGIN)["archive"]) / "warc"
    try:
        copy = await asyncio.to_thread(read_archived_copy, warc_dir, row["warc_file"], row["warc_record_id"])
    except ReplayError as err:
        return Response.text(f"the archived copy of article {article_id} cannot be read: {err} "
                             "(see `portal-archive verify`)", status=404)
    headers = {
        "Memento-Datetime": copy.memento_datetime(),
        # (percent-encoded: a header is Latin-1, a portal URL may hold Vietnamese letters)
        "Link": f'<{safe_url_string(copy.url)}>; rel="original"',
        "X-Archive-Warc-File": copy.warc_file,
        "X-Archive-Warc-Record-Id": copy.record_id,
        # Archived pages are foreign HTML: shown in a sandbox (no scripts, an origin of its own),
        # so nothing they carry runs with Datasette's origin.
        "Content-Security-Policy": "sandbox",
    }
    if copy.status is not None:
        headers["X-Archive-Http-Status"] = str(copy.status)
    return Response(with_banner(copy), status=200, headers=headers, content_type=copy.content_type)


async def home(datasette, request) -> Response:
    return Response.redirect(datasette.urls.table(DATABASE, TABLE))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/$", home), (rf"^{ARCHIVED_ROUTE}(?P<article_id>[0-9A-Za-z_-]+)$", archived_copy)]


def _register_plugin() -> None:
    """This module is the plugin (its `@hookimpl` functions); registered once per process."""
    if pm.get_plugin(PLUGIN) is None:
        pm.register(sys.modules[__name__], name=PLUGIN)


def build_datasette(archive: Path) -> Datasette:
    """A Datasette over the archive's index, read-only, with the plugin registered."""
    _register_plugin()
    ds = Datasette(metadata=metadata(archive), settings=SETTINGS)
    ds.add_database(Database(ds, path=str((archive / INDEX_NAME).resolve()), is_mutable=True),
                    name=DATABASE)
    return ds
