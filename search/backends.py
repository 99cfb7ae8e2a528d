"""Which index a command reads or writes: the embedded SQLite index or Elasticsearch.

`--index sqlite|elasticsearch` (or `PORTAL_ARCHIVE_INDEX`, default sqlite) picks it; the cluster
comes from `ELASTICSEARCH_URL` (several nodes comma-separated, for fail-over) and the alias from
`ELASTICSEARCH_ALIAS` (default `portal-articles`, what the Kibana objects expect). Secrets and
addresses only ever come from the environment (settings/base.py says the same for the crawl).

The errors are the CLI's: a missing URL is bad input (exit 2), a cluster that does not answer or
has no article index cannot be used (exit 3), each one line naming the URL and what to do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from crawlers.errors import UserError
from search.query import Filters

INDEX_CHOICES = ("sqlite", "elasticsearch")
INDEX_ENV = "PORTAL_ARCHIVE_INDEX"
URL_ENV = "ELASTICSEARCH_URL"
ALIAS_ENV = "ELASTICSEARCH_ALIAS"


class ArticleSource(Protocol):
    """What `search`, `export` and `stats` need from an index; both backends provide it."""

    def iter_articles(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]: ...

    def count_articles(self, filters: Filters | None = None) -> int: ...


def chosen_index(flag: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The `--index` value, else `PORTAL_ARCHIVE_INDEX`, else sqlite; anything else is an error."""
    value = (flag or environ.get(INDEX_ENV, "") or "sqlite").strip().lower()
    if value not in INDEX_CHOICES:
        raise UserError(f"unknown index '{value}' (--index or ${INDEX_ENV}): use sqlite or elasticsearch")
    return value


def elasticsearch_hosts(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The cluster's node URLs from `ELASTICSEARCH_URL`; missing is bad input (exit 2)."""
    hosts = [h.strip().rstrip("/") for h in environ.get(URL_ENV, "").split(",") if h.strip()]
    if not hosts:
        raise UserError(
            f"--index elasticsearch needs ${URL_ENV} (e.g. export {URL_ENV}=http://127.0.0.1:9200; "
            "`make es` or `docker compose up -d elasticsearch` starts one), or use --index sqlite"
        )
    return hosts


def elasticsearch_alias(environ: Mapping[str, str] = os.environ) -> str:
    from search.elastic import DEFAULT_ALIAS

    return environ.get(ALIAS_ENV, "").strip() or DEFAULT_ALIAS


def open_elastic(*, require_index: bool = True, environ: Mapping[str, str] = os.environ):
    """A connected `ElasticIndex`, checked to answer (and to hold the alias unless told not to).

    Raises `UserError` (exit 2) without `ELASTICSEARCH_URL`, `ElasticUnavailable` (exit 3) when
    the cluster does not answer or has no article index yet.
    """
    from search.elastic import UNAVAILABLE_ERRORS, ElasticIndex, ElasticUnavailable

    hosts = elasticsearch_hosts(environ)
    where = ", ".join(hosts)
    index = ElasticIndex.connect(hosts, alias=elasticsearch_alias(environ))
    try:
        # One quick try: the client's own retries would make a closed port take seconds.
        # (Cluster health, not `GET /`: that route is a module some distributions leave out.)
        quick = index.client.options(request_timeout=10, max_retries=0)
        quick.cluster.health()
        has_index = quick.indices.exists_alias(name=index.alias).body
    except UNAVAILABLE_ERRORS as err:
        index.close()
        reason = str(getattr(err, "message", "") or err).splitlines()[0][:160]
        raise ElasticUnavailable(
            f"Elasticsearch at {where} is not reachable ({reason}): start it (`make es`, "
            f"`docker compose up -d elasticsearch`) or fix ${URL_ENV}"
        ) from None
    if require_index and not has_index:
        index.close()
        raise ElasticUnavailable(
            f"Elasticsearch at {where} has no article index '{index.alias}': crawl with "
            "`--index elasticsearch` or run `portal-archive reindex --archive DIR` first"
        )
    return index
