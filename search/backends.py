"""Which index a command reads or writes: the embedded SQLite index or Elasticsearch.

`--index sqlite|elasticsearch` (or `PORTAL_ARCHIVE_INDEX`, default sqlite) picks it; the cluster
comes from `ELASTICSEARCH_URL` (several nodes comma-separated, for fail-over) and the alias from
`ELASTICSEARCH_ALIAS` (default `portal-articles`, what the Kibana objects expect). Secrets and
addresses only ever come from the environment (settings/base.py says the same for the crawl):
`ELASTICSEARCH_API_KEY`, or `ELASTICSEARCH_USERNAME` + `ELASTICSEARCH_PASSWORD`, or `user:pw@` in
the URL — split off the URL at once, so only the bare URL is ever shown.

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
API_KEY_ENV = "ELASTICSEARCH_API_KEY"
USERNAME_ENV = "ELASTICSEARCH_USERNAME"
PASSWORD_ENV = "ELASTICSEARCH_PASSWORD"


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


def _node_urls(environ: Mapping[str, str]) -> list[tuple[str, tuple[str, str] | None]]:
    """Each `ELASTICSEARCH_URL` node split into (URL without credentials, its user/password)."""
    from crawlers.redact import redact, strip_userinfo

    nodes = []
    for raw in environ.get(URL_ENV, "").split(","):
        if raw.strip():
            try:
                nodes.append(strip_userinfo(raw.strip().rstrip("/")))
            except ValueError:
                raise UserError(f"invalid ${URL_ENV} node '{redact(raw.strip())}': use "
                                "http://HOST:PORT (several comma-separated)") from None
    return nodes


def elasticsearch_hosts(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The cluster's node URLs from `ELASTICSEARCH_URL`, without any `user:pw@` (that goes to
    `elasticsearch_auth`: a URL is printed, reported and logged; a credential never is).
    Missing is bad input (exit 2)."""
    hosts = [url for url, _ in _node_urls(environ)]
    if not hosts:
        raise UserError(
            f"--index elasticsearch needs ${URL_ENV} (e.g. export {URL_ENV}=http://127.0.0.1:9200; "
            "`make es` or `docker compose up -d elasticsearch` starts one), or use --index sqlite"
        )
    return hosts


def elasticsearch_auth(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The client's credentials, only ever from the environment: `{"api_key": ...}` from
    `ELASTICSEARCH_API_KEY`, or `{"basic_auth": (user, password)}` from `ELASTICSEARCH_USERNAME`
    and `ELASTICSEARCH_PASSWORD` or from `user:pw@` in `ELASTICSEARCH_URL`; `{}` for none.

    Two sources at once, or half a pair, is bad input (exit 2): which one wins would be a guess.
    The messages name the variables, never their values.
    """
    api_key = environ.get(API_KEY_ENV, "").strip()
    user, password = environ.get(USERNAME_ENV, ""), environ.get(PASSWORD_ENV, "")
    in_urls = {auth for _, auth in _node_urls(environ) if auth is not None}
    if bool(user) != bool(password):
        raise UserError(f"${USERNAME_ENV} and ${PASSWORD_ENV} go together: set both or neither")
    if len(in_urls) > 1:
        raise UserError(f"the nodes in ${URL_ENV} carry different user:password@ credentials: "
                        f"give them once, in ${USERNAME_ENV} and ${PASSWORD_ENV}")
    given = [name for name, present in ((f"${API_KEY_ENV}", api_key),
                                        (f"${USERNAME_ENV}/${PASSWORD_ENV}", user),
                                        (f"user:password@ in ${URL_ENV}", in_urls)) if present]
    if len(given) > 1:
        raise UserError(f"Elasticsearch credentials given twice ({' and '.join(given)}): "
                        "keep one of them")
    if api_key:
        return {"api_key": api_key}
    if user:
        return {"basic_auth": (user, password)}
    if in_urls:
        return {"basic_auth": next(iter(in_urls))}
    return {}


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
    index = ElasticIndex.connect(hosts, alias=elasticsearch_alias(environ),
                                 **elasticsearch_auth(environ))
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
