"""Elasticsearch backend for the article index, mirroring `ArchiveStore`'s article API.

Why a second backend: the SQLite index serves one researcher's laptop; a shared archive of every
portal (millions of articles, several readers) needs a server that shards, replicates and
survives a node going down. The API and the record/result shapes are those of `ArchiveStore`
(`upsert_articles`, `search`, `iter_articles`, `count_articles`, `stats`) so callers can switch.

Index design (the JSON lives in `search/elasticsearch/`, explained in docs/elasticsearch.md):

- writes and reads go through an alias (`portal-articles`) pointing at a versioned index
  (`portal-articles-v1`), so a mapping change is a reindex into `-v2` and an alias swap;
- `title`/`text` are indexed with lowercase + `asciifolding(preserve_original)`: every word is
  stored both as written and folded (đ→d included: Lucene's ASCII folding maps it), so a query is
  MATCHED on the folded form (with or without diacritics) and a second, optional clause on the
  exact spelling RANKS articles written the way the user typed first;
- a `shingles` sub-field (2–3 word shingles of the folded text) rewards words that stand next to
  each other, so "chuyển đổi số" ranks the phrase above scattered words;
- portal/province/district/topics are keywords with a folded sub-field (`.folded`) for
  diacritics-insensitive filters, like the store's `fold_unit` columns.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Self

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import streaming_bulk

from crawlers.errors import UserError
from crawlers.extraction.legal_refs import fold_number
from crawlers.extraction.text import fold, nfc
from crawlers.items import ARTICLE_FIELDS, Article
from search.facets import FACET_SIZE, FACETS, order_facets
from search.query import TOKEN_RE, Filters, Query, Term, _lex, _term, fold_unit, parse_query
from search.records import CLUSTER_FIELDS, normalise_record
from search.snippets import ELLIPSIS, MATCH_CLOSE, MATCH_OPEN

DEFAULT_ALIAS = "portal-articles"
INDEX_VERSION = 1
TEMPLATE_FILE = Path(__file__).resolve().parent / "elasticsearch" / "articles-template.json"
TITLE_BOOST = 5.0
"""Same weight as the SQLite store's TITLE_WEIGHT: a title word says what a short item is about."""
EXACT_BOOST = 2.0
"""Extra weight of the exact-spelling clause; enough that "Đảng" outranks "đăng" for "Đảng"."""
SHINGLE_BOOST = 1.0
SNIPPET_CHARS = 200
RETRY_STATUSES = (429, 500, 502, 503, 504)
"""Per-item bulk statuses worth retrying: rejected (queue full) or a shard briefly unavailable."""

_WS = re.compile(r"\s+")


class ElasticIndexError(RuntimeError):
    """Some articles could not be written; the message names the first failures."""


class ElasticUnavailable(UserError):
    """The cluster cannot be used (unreachable, or no article index yet); exits 3 like an
    unusable archive, with a message naming the URL and what to do."""

    exit_code = 3


UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (TransportError, ApiError)
"""What a call raises when the cluster is down, shutting down, or has no usable shard: callers
that must keep going (a crawl) catch these and spool instead."""


@dataclasses.dataclass
class WriteResult:
    """What one `write_articles` call did: counts per outcome, and each document that the
    cluster refused, with the reason and HTTP status, so the caller can keep it for a replay."""

    counts: dict[str, int]
    failed: list[tuple[dict[str, Any], str, int | None]] = dataclasses.field(default_factory=list)

    @property
    def acknowledged(self) -> int:
        return sum(self.counts.values())


@dataclasses.dataclass(frozen=True)
class ReindexResult:
    """The index a reindex built, the indices the alias left, and how many articles moved."""

    new_index: str
    old_indices: tuple[str, ...]
    articles: int
    deleted_old: bool


@dataclasses.dataclass(frozen=True)
class _SourceTerm:
    """A query term as the user wrote it (NFC) next to its folded form from `parse_query`."""

    text: str
    term: Term

    @property
    def has_diacritics(self) -> bool:
        return fold(self.text) != self.text.lower()


_EMPTY_VALUES = {
    name: f.default_factory
    for name, f in Article.__dataclass_fields__.items()
    if f.default_factory is not dataclasses.MISSING
}
"""List/dict fields (`topics`, and schema v2's `topic_terms`, `legal_refs`, `places`) and how to
make their empty value: documents indexed before a field existed come back like the SQLite
store's records, with [] or {} rather than null."""


def load_template(alias: str) -> dict[str, Any]:
    """The index template body for indices behind `alias` (`<alias>-v<N>`)."""
    body = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    body["index_patterns"] = [f"{alias}-v*"]
    return body


def _prepare(record: Mapping[str, Any] | Any) -> dict[str, Any]:
    """The document for one record, with the same defaults and checks as `ArchiveStore`."""
    values = normalise_record(record)
    for name, empty in _EMPTY_VALUES.items():
        values[name] = empty() if values[name] is None else values[name]
    values["topics"] = list(values["topics"])
    for name in CLUSTER_FIELDS:  # near-duplicate clusters: from `reindex` (the store's export rows)
        if isinstance(record, Mapping) and record.get(name) is not None:
            values[name] = record[name]
    if isinstance(record, Mapping) and "removed_at" in record:
        # From the archive's index with removals (reindex): the flag search filters on.
        values["removed_at"] = record["removed_at"]
        values["removed"] = bool(record["removed_at"])
    return values


def _record(source: Mapping[str, Any], filters: Filters | None = None) -> dict[str, Any]:
    record = {name: source.get(name) for name in ARTICLE_FIELDS}
    for name, empty in _EMPTY_VALUES.items():
        record[name] = empty() if record[name] is None else record[name]
    if filters is not None and filters.include_removed:
        record["removed_at"] = source.get("removed_at")  # as the SQLite index gives it
        # Not in the cluster's mapping: the SQLite index alone says why (docs/formats.md).
        record["removed_reason"] = source.get("removed_reason")
    return record


def _export_record(source: Mapping[str, Any], filters: Filters | None = None) -> dict[str, Any]:
    return {**_record(source, filters), **{name: source.get(name) for name in CLUSTER_FIELDS}}


# -- query translation ---------------------------------------------------------------------------


def _source_terms(query: Query) -> tuple[list[list[_SourceTerm]], list[_SourceTerm]]:
    """Pair each parsed term with the words the user typed, walking the same grammar.

    `parse_query` keeps only folded tokens (what FTS5 needs); ranking the exact spelling first
    needs the original. The query was validated by `parse_query` already, so this walk only
    groups; if it ever disagrees with the parsed terms the folded text is used instead.
    """
    groups: list[list[_SourceTerm]] = []
    excluded: list[_SourceTerm] = []
    pending_or = pending_not = False
    for kind, negated, body, star in _lex(query.text):
        if kind == "and":
            continue
        if kind == "not":
            pending_not = True
            continue
        negated, pending_not = negated or pending_not, False
        if kind == "or":
            pending_or = True
            continue
        term = _term(body, star)
        if term is None:
            continue
        source = _SourceTerm(nfc(body).strip(), term)
        if negated:
            excluded.append(source)
        elif pending_or and groups:
            groups[-1].append(source)
            pending_or = False
        else:
            groups.append([source])
    parsed = ([[t for t in g] for g in query.groups], list(query.excluded))
    if ([[s.term for s in g] for g in groups], [s.term for s in excluded]) != parsed:
        groups = [[_SourceTerm(" ".join(t.tokens), t) for t in g] for g in query.groups]
        excluded = [_SourceTerm(" ".join(t.tokens), t) for t in query.excluded]
    return groups, excluded


def _fields(*names: str) -> list[str]:
    return [f"{name}^{TITLE_BOOST:g}" if name.startswith("title") else name for name in names]


def _match_clause(source: _SourceTerm) -> dict[str, Any]:
    """Diacritics- and case-insensitive match of one term in the title or the text."""
    term = source.term
    if term.prefix and len(term.tokens) == 1:
        # A plain prefix query on the folded token: no expansion limit, unlike phrase_prefix.
        return {
            "bool": {
                "should": [
                    {"prefix": {"title": {"value": term.tokens[0], "boost": TITLE_BOOST}}},
                    {"prefix": {"text": {"value": term.tokens[0]}}},
                ],
                "minimum_should_match": 1,
            }
        }
    return {
        "multi_match": {
            "query": source.text,
            "fields": _fields("title", "text"),
            "type": "phrase_prefix" if term.prefix else "phrase",
            "analyzer": "vi_folded",
            "tie_breaker": 1.0,  # title and text scores add up, as in the store's bm25()
            **({"max_expansions": 500} if term.prefix else {}),
        }
    }


def _exact_clause(source: _SourceTerm) -> dict[str, Any]:
    """Optional clause that only the exact (accented) spelling satisfies: ranks it first."""
    return {
        "multi_match": {
            "query": source.text,
            "fields": _fields("title", "text"),
            "type": "phrase",
            "analyzer": "vi_exact",
            "tie_breaker": 1.0,
            "boost": EXACT_BOOST,
        }
    }


def filters_query(filters: Filters) -> list[dict[str, Any]]:
    """`Filters` as Elasticsearch filter clauses (no scoring, cached by Elasticsearch)."""
    clauses: list[dict[str, Any]] = []
    for field_name, value in (
        ("province", filters.province),
        ("district", filters.district),
        ("portal", filters.portal),
        ("topics", filters.topic),
    ):
        if value is not None:
            clauses.append({"term": {f"{field_name}.folded": fold_unit(value)}})
    bounds: dict[str, str] = {}
    if filters.since is not None:
        bounds["gte"] = filters.since.isoformat()
    if filters.until is not None:
        # Inclusive of the whole last day, also for timestamps later that day.
        bounds["lt"] = (filters.until + timedelta(days=1)).isoformat()
    if bounds:
        clauses.append({"range": {"published": bounds}})
    if filters.legal_ref is not None:
        # Same identity as the store's facet table: the folded, space-free document number.
        clauses.append({"term": {"legal_refs.number.folded": fold_number(filters.legal_ref)}})
    return clauses


def removed_excluded(filters: Filters) -> list[dict[str, Any]]:
    """`must_not` clauses leaving out the articles that answered 404/410 (search/versions.py),
    unless `include_removed`. An index made before the flag existed has no removed article."""
    return [] if filters.include_removed else [{"term": {"removed": True}}]


def build_query(query: Query) -> dict[str, Any]:
    """Translate a parsed `Query` into Elasticsearch query DSL.

    Words and phrases are ANDed (`must`), OR groups become a `should` with one required match,
    exclusions go to `must_not`, and a trailing `*` is a prefix on the last word. Ranking
    extras are optional `should` clauses: the exact spelling of accented terms and shingles of
    the whole positive query.
    """
    groups, excluded = _source_terms(query)
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    for group in groups:
        clauses = [_match_clause(s) for s in group]
        must.append(clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}})
        should.extend(_exact_clause(s) for s in group if s.has_diacritics and not s.term.prefix)
    words = " ".join(s.text for group in groups for s in group if not s.term.prefix)
    if len(TOKEN_RE.findall(words)) > 1:
        should.append(
            {
                "multi_match": {
                    "query": words,
                    "fields": _fields("title.shingles", "text.shingles"),
                    "type": "most_fields",
                    "boost": SHINGLE_BOOST,
                }
            }
        )
    body: dict[str, Any] = {"must": must}
    if should:
        body["should"] = should
    must_not = [_match_clause(s) for s in excluded] + removed_excluded(query.filters)
    if must_not:
        body["must_not"] = must_not
    filters = filters_query(query.filters)
    if filters:
        body["filter"] = filters
    return {"bool": body}


def _filtered(filters: Filters | None) -> dict[str, Any]:
    filters = filters or Filters()
    clauses = filters_query(filters)
    must_not = removed_excluded(filters)
    if not clauses and not must_not:
        return {"match_all": {}}
    body: dict[str, Any] = {"filter": clauses}
    if must_not:
        body["must_not"] = must_not
    return {"bool": body}


def _snippet(text: str, fragments: Sequence[str] | None) -> str:
    """One highlighter fragment as the store shapes snippets: single spaces, « » marks, …."""
    if not fragments:
        return ""
    fragment = _WS.sub(" ", fragments[0]).strip()
    # The highlighter marks each word of a phrase; the store marks the phrase as one span.
    fragment = fragment.replace(f"{MATCH_CLOSE} {MATCH_OPEN}", " ")
    plain = fragment.replace(MATCH_OPEN, "").replace(MATCH_CLOSE, "")
    flat = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if plain and not flat.startswith(plain):
        fragment = f"{ELLIPSIS} {fragment}"
    if plain and not flat.endswith(plain):
        fragment = f"{fragment} {ELLIPSIS}"
    return fragment


# -- the index ------------------------------------------------------------------------------------


class ElasticIndex:
    """Articles in Elasticsearch behind a write alias; the article half of `ArchiveStore`'s API.

    Thread-safe as far as the `Elasticsearch` client is. Writes become searchable after a
    refresh (at most `refresh_interval`, 1 s); `refresh()` forces one (tests, end of a crawl).
    """

    def __init__(
        self,
        client: Elasticsearch,
        *,
        alias: str = DEFAULT_ALIAS,
        chunk_size: int = 500,
        max_retries: int = 5,
    ) -> None:
        self.client = client
        self.alias = alias
        self.chunk_size = chunk_size
        self.max_retries = max_retries

    @classmethod
    def connect(
        cls,
        hosts: str | Sequence[str],
        *,
        alias: str = DEFAULT_ALIAS,
        request_timeout: float = 30,
        api_key: str | None = None,
        basic_auth: tuple[str, str] | None = None,
        **kwargs: Any,
    ) -> Self:
        """A client that retries 429/5xx and timeouts on another node, and the index on it.

        Credentials are passed apart from `hosts` (see `search.backends.elasticsearch_auth`):
        hosts are shown in summaries and errors, credentials never.
        """
        client = Elasticsearch(
            [hosts] if isinstance(hosts, str) else list(hosts),
            api_key=api_key,
            basic_auth=basic_auth,
            request_timeout=request_timeout,
            retry_on_status=(429, 502, 503, 504),
            retry_on_timeout=True,
            max_retries=5,
        )
        return cls(client, alias=alias, **kwargs)

    @property
    def index_name(self) -> str:
        """The concrete index this code version creates behind the alias."""
        return f"{self.alias}-v{INDEX_VERSION}"

    @property
    def template_name(self) -> str:
        return f"{self.alias}-template"

    def ensure_index(self) -> str:
        """Install the template and create `<alias>-v1` with the write alias unless it exists."""
        self.client.indices.put_index_template(name=self.template_name, **load_template(self.alias))
        if not self.client.indices.exists_alias(name=self.alias):
            self.client.indices.create(
                index=self.index_name,
                aliases={self.alias: {"is_write_index": True}},
                wait_for_active_shards="1",
            )
        return self.index_name

    def drop(self) -> None:
        """Delete every index behind the alias and the template (tests, re-creating from WARCs)."""
        # Deleting by wildcard is refused by default (action.destructive_requires_name): name them.
        names = list(self.client.indices.get(index=f"{self.alias}-v*", allow_no_indices=True))
        if names:
            self.client.indices.delete(index=",".join(names))
        self.client.options(ignore_status=404).indices.delete_index_template(name=self.template_name)

    def refresh(self) -> None:
        """Make every write so far visible to search."""
        self.client.indices.refresh(index=self.alias)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------

    def _existing_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        response = self.client.mget(index=self.alias, ids=list(ids), source_includes=["content_sha256"])
        return {
            doc["_id"]: (doc.get("_source") or {}).get("content_sha256") or ""
            for doc in response["docs"]
            if doc.get("found")
        }

    def _batches(self, records: Iterable[Mapping[str, Any] | Any]) -> Iterator[list[dict[str, Any]]]:
        """Chunks of prepared documents, cut early at a repeated id so order is kept."""
        batch: list[dict[str, Any]] = []
        seen: set[str] = set()
        for record in records:
            doc = _prepare(record)
            if len(batch) >= self.chunk_size or doc["id"] in seen:
                yield batch
                batch, seen = [], set()
            batch.append(doc)
            seen.add(doc["id"])
        if batch:
            yield batch

    def write_articles(
        self, records: Iterable[Mapping[str, Any] | Any], *, skip_unchanged: bool = True
    ) -> WriteResult:
        """Index articles keyed by their id and say what happened to each, without raising for
        documents the cluster refused (the caller decides: raise, or spool them for a replay).

        With `skip_unchanged`, each chunk first reads the stored `content_sha256` (`mget`) and
        leaves equal articles alone, so a re-crawl does not churn the index. Writes go through
        `streaming_bulk`: `_id` is the article id (a replay never duplicates), items rejected with
        429/5xx are retried with backoff. Transport errors (cluster down) propagate.
        """
        result = WriteResult({"inserted": 0, "updated": 0, "unchanged": 0})
        for batch in self._batches(records):
            stored = self._existing_hashes([doc["id"] for doc in batch]) if skip_unchanged else {}
            by_id = {doc["id"]: doc for doc in batch}
            actions = []
            for doc in batch:
                old = stored.get(doc["id"])
                if old is not None and doc["content_sha256"] and old == doc["content_sha256"]:
                    result.counts["unchanged"] += 1
                    continue
                actions.append({"_op_type": "index", "_index": self.alias, "_id": doc["id"], "_source": doc})
            for ok, item in streaming_bulk(
                self.client,
                actions,
                chunk_size=self.chunk_size,
                max_retries=self.max_retries,
                initial_backoff=0.5,
                max_backoff=10,
                retry_on_status=RETRY_STATUSES,
                raise_on_error=False,
                raise_on_exception=False,
            ):
                info = item.get("index", {})
                if ok:
                    result.counts["inserted" if info.get("result") == "created" else "updated"] += 1
                    continue
                error = info.get("error")
                if isinstance(error, dict):
                    error = f"{error.get('type')}: {error.get('reason')}"
                status = info.get("status")
                result.failed.append((by_id.get(info.get("_id"), {"id": info.get("_id")}),
                                      f"{status} {error}", status if isinstance(status, int) else None))
        return result

    def mark_removed(self, removals: Iterable[tuple[str, str]]) -> int:
        """Flag articles `(id, removed_at)` removed (a partial update: their text stays, and a
        search leaves them out unless asked). Returns how many documents were flagged; an id the
        index does not hold is passed by."""
        actions = [{"_op_type": "update", "_index": self.alias, "_id": article_id,
                    "doc": {"removed": True, "removed_at": when}} for article_id, when in removals]
        flagged = 0
        for ok, _item in streaming_bulk(self.client, actions, chunk_size=self.chunk_size,
                                        max_retries=self.max_retries, initial_backoff=0.5,
                                        max_backoff=10, retry_on_status=RETRY_STATUSES,
                                        raise_on_error=False, raise_on_exception=False):
            flagged += bool(ok)
        return flagged

    def upsert_articles(
        self, records: Iterable[Mapping[str, Any] | Any], *, refresh: bool = False
    ) -> dict[str, int]:
        """Insert or update articles keyed by their id; returns counts per outcome.

        Outcomes are the store's: "inserted", "updated", or "unchanged" when the stored
        `content_sha256` equals the new one (see `write_articles`). Items that still fail after
        the retries are reported together in one `ElasticIndexError` after the rest were written.
        """
        result = self.write_articles(records)
        if refresh:
            self.refresh()
        if result.failed:
            first = "; ".join(f"{doc.get('id')}: {reason}" for doc, reason, _ in result.failed[:3])
            raise ElasticIndexError(
                f"{len(result.failed)} article(s) were not indexed into {self.alias} after "
                f"{self.max_retries} retries ({result.counts}); first errors: {first}"
            )
        return result.counts

    def upsert_article(self, record: Mapping[str, Any] | Any) -> str:
        """One record; the store's single-record call, for symmetry."""
        counts = self.upsert_articles([record])
        return next(outcome for outcome, n in counts.items() if n)

    # -- versions and reindexing ---------------------------------------------------------------

    def versions(self) -> dict[str, int]:
        """Every `<alias>-v<N>` index in the cluster, with its N."""
        names = self.client.indices.get(index=f"{self.alias}-v*", allow_no_indices=True)
        found = {}
        for name in names:
            tail = name.removeprefix(f"{self.alias}-v")
            if tail.isdigit():
                found[name] = int(tail)
        return found

    def aliased_indices(self) -> list[str]:
        """The indices the alias points at now (normally one)."""
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias).body)

    def reindex(
        self, records: Iterable[Mapping[str, Any] | Any], *, delete_old: bool = False
    ) -> ReindexResult:
        """Build `<alias>-v<N+1>` from `records` and move the alias to it in one atomic step.

        Why not the `_reindex` API: the source of truth is the archive's SQLite index, and a
        rebuild also picks up records the old index never received (a lost spool, a mapping
        that rejected them). The alias is swapped by one `_aliases` call (remove from the old
        indices + add to the new one), so a search at any moment sees the old or the new index,
        never none. If any article is refused, the new index is deleted and the alias left alone.
        Writes sent to the alias while this runs land in the old index only: reindex between
        crawls (or replay their spool afterwards).
        """
        self.client.indices.put_index_template(name=self.template_name, **load_template(self.alias))
        version = max(self.versions().values(), default=0) + 1
        new = f"{self.alias}-v{version}"
        old = self.aliased_indices()
        # No refreshes while loading (one at the end): bulk loading is several times faster.
        self.client.indices.create(index=new, settings={"index": {"refresh_interval": "-1"}},
                                   wait_for_active_shards="1")
        loaded = refused = 0
        first: list[str] = []
        try:
            for batch in self._batches(records):
                actions = [{"_op_type": "index", "_index": new, "_id": d["id"], "_source": d} for d in batch]
                for ok, item in streaming_bulk(
                    self.client, actions, chunk_size=self.chunk_size, max_retries=self.max_retries,
                    initial_backoff=0.5, max_backoff=10, retry_on_status=RETRY_STATUSES,
                    raise_on_error=False, raise_on_exception=False,
                ):
                    if ok:
                        loaded += 1
                        continue
                    refused += 1
                    if len(first) < 3:
                        info = item.get("index", {})
                        first.append(f"{info.get('_id')}: {info.get('status')} {info.get('error')}")
            if refused:
                raise ElasticIndexError(
                    f"{refused} article(s) were refused by {new}; the alias {self.alias} was left on "
                    f"{', '.join(old) or 'nothing'}; first errors: {'; '.join(first)}"
                )
            self.client.indices.put_settings(index=new, settings={"index": {"refresh_interval": "1s"}})
            self.client.indices.refresh(index=new)
        except BaseException:
            self.client.options(ignore_status=404).indices.delete(index=new)
            raise
        actions: list[dict[str, Any]] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new, "alias": self.alias, "is_write_index": True}})
        self.client.indices.update_aliases(actions=actions)
        if delete_old and old:
            self.client.indices.delete(index=",".join(old))
        return ReindexResult(new_index=new, old_indices=tuple(old), articles=loaded,
                             deleted_old=delete_old and bool(old))

    # -- reading -------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The stored record with this id, or None."""
        try:
            return _record(self.client.get(index=self.alias, id=article_id)["_source"])
        except NotFoundError:
            return None

    def count_articles(self, filters: Filters | None = None) -> int:
        """How many articles `iter_articles(filters)` would yield."""
        return int(self.client.count(index=self.alias, query=_filtered(filters))["count"])

    def iter_export(self, filters: Filters | None = None, *, query: Query | None = None,
                    dedupe: bool = False, page_size: int = 500) -> Iterator[dict[str, Any]]:
        """`iter_articles` plus the near-duplicate cluster fields, for `portal-archive export`
        (the store's `iter_export` on this backend). The clusters are computed in the SQLite
        store; documents carry them after `reindex`, so `dedupe` is refused here."""
        if dedupe:
            raise UserError("--dedupe needs the archive's SQLite index (near-duplicate clusters "
                            "are computed there): export with --index sqlite")
        return (_export_record(source, filters) for source in self._sources(filters, page_size, query))

    def iter_articles(self, filters: Filters | None = None, *, page_size: int = 500,
                      query: Query | None = None) -> Iterator[dict[str, Any]]:
        """Matching records in export order (see `_sources`); with `query` (`export --query`),
        only its matches."""
        return (_record(source, filters) for source in self._sources(filters, page_size, query))

    def _sources(self, filters: Filters | None, page_size: int,
                 query: Query | None) -> Iterator[dict[str, Any]]:
        """Stream matching documents' sources ordered by `published` (undated last), then id; with `query`
        (`export --query`), only its matches, in the same order (its filters are `filters`).

        A point in time plus `search_after` pages through a frozen view of the index, so memory
        stays at one page whatever the size, and concurrent writes do not shift pages.
        """
        if query is not None:
            matching = build_query(parse_query(query.text, filters or Filters()))
        else:
            matching = _filtered(filters)
        pit = self.client.open_point_in_time(index=self.alias, keep_alive="2m")["id"]
        try:
            after: list[Any] | None = None
            while True:
                response = self.client.search(
                    pit={"id": pit, "keep_alive": "2m"},
                    query=matching,
                    sort=[{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
                    size=page_size,
                    track_total_hits=False,
                    **({"search_after": after} if after is not None else {}),
                )
                pit = response.get("pit_id", pit)
                hits = response["hits"]["hits"]
                for hit in hits:
                    yield hit["_source"]
                if len(hits) < page_size:
                    return
                after = hits[-1]["sort"]
        finally:
            self.client.close_point_in_time(id=pit)

    def search(self, query: Query, *, limit: int = 20) -> list[dict[str, Any]]:
        """Best `limit` matches: record fields + "score" (higher is better) + "snippet".

        Ties are ordered by id so results are stable, like the store. The snippet is the
        highlighter's best fragment of the text with matched words in « »; when only the title
        matched it is the opening of the text.
        """
        if not query.match:
            query = parse_query(query.text, query.filters)
        response = self.client.search(
            index=self.alias,
            query=build_query(query),
            size=limit,
            sort=[{"_score": "desc"}, {"id": "asc"}],
            track_total_hits=False,
            highlight={
                "pre_tags": [MATCH_OPEN],
                "post_tags": [MATCH_CLOSE],
                "fields": {
                    "text": {
                        "type": "unified",
                        "number_of_fragments": 1,
                        "fragment_size": SNIPPET_CHARS,
                        "no_match_size": SNIPPET_CHARS,
                    }
                },
            },
        )
        results = []
        for hit in response["hits"]["hits"]:
            record = _record(hit["_source"], query.filters)
            record["score"] = float(hit["_score"] or 0.0)
            record["snippet"] = _snippet(record["text"], hit.get("highlight", {}).get("text"))
            results.append(record)
        return results

    def facets(self, query: Query | None = None, *, filters: Filters | None = None,
               size: int = FACET_SIZE) -> dict[str, dict[str, int]]:
        """Counts per portal, province, district, topic, CMS and year over every match of
        `query` (or of `filters` alone), in the order `search.facets` defines for both backends.

        One `size=0` search with a terms aggregation per field (a single shard, so the counts
        are exact) and a yearly date histogram; articles without the field are not counted.
        """
        order = [{"_count": "desc"}, {"_key": "asc"}]
        aggs: dict[str, Any] = {
            name: {"terms": {"field": name, "size": size, "order": order}}
            for name in FACETS if name != "year"
        }
        aggs["year"] = {"date_histogram": {"field": "published", "calendar_interval": "year",
                                           "format": "yyyy", "min_doc_count": 1}}
        if query is not None and not query.match:
            query = parse_query(query.text, query.filters)
        body = build_query(query) if query is not None else _filtered(filters)
        response = self.client.search(index=self.alias, size=0, query=body, aggs=aggs, track_total_hits=False)
        raw = {
            name: {str(b.get("key_as_string", b["key"])): int(b["doc_count"])
                   for b in response["aggregations"][name]["buckets"]}
            for name in FACETS
        }
        return order_facets(raw, size=size)

    def stats(self) -> dict[str, Any]:
        """Article counts as `ArchiveStore.stats()` gives them (the crawl log stays in SQLite).

        A composite aggregation pages through (portal, year) pairs, so the cost does not grow
        with the number of portals; missing portal or date counts as "unknown".
        """
        by_portal: dict[str, int] = {}
        by_year: dict[str, int] = {}
        pairs: dict[tuple[str, str], int] = {}
        after: dict[str, Any] | None = None
        sources = [
            {"portal": {"terms": {"field": "portal", "missing_bucket": True}}},
            {"year": {"date_histogram": {"field": "published", "calendar_interval": "year",
                                         "format": "yyyy", "missing_bucket": True}}},
        ]
        while True:
            composite: dict[str, Any] = {"size": 1000, "sources": copy.deepcopy(sources)}
            if after is not None:
                composite["after"] = after
            response = self.client.search(
                index=self.alias, size=0, aggs={"pairs": {"composite": composite}}
            )
            agg = response["aggregations"]["pairs"]
            for bucket in agg["buckets"]:
                portal = bucket["key"]["portal"] or "unknown"
                year = bucket["key"]["year"] or "unknown"
                pairs[(portal, str(year))] = bucket["doc_count"]
            after = agg.get("after_key")
            if not agg["buckets"] or after is None:
                break
        by_portal_year: dict[str, dict[str, int]] = {}
        for (portal, year), n in sorted(pairs.items()):
            by_portal[portal] = by_portal.get(portal, 0) + n
            by_year[year] = by_year.get(year, 0) + n
            by_portal_year.setdefault(portal, {})[year] = n
        return {
            "articles": sum(pairs.values()),
            "by_portal": by_portal,
            "by_year": dict(sorted(by_year.items())),
            "by_portal_year": by_portal_year,
        }
