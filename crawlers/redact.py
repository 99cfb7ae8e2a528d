"""Keep credentials out of everything the crawler writes or prints.

Credentials come only from the environment (`ELASTICSEARCH_API_KEY`, `ELASTICSEARCH_USERNAME`/
`_PASSWORD`, `user:pw@` in `ELASTICSEARCH_URL` or `http_proxy`). They are split off a URL before
the URL goes anywhere (`strip_userinfo`), and every output path — the one-line errors, the crawl
summary, the Scrapy log file — passes its text through `redact` as a last guard, so a URL with
`user:pw@` that slips into a message shows as `***@`.

Archived WARC request records never carry `Authorization` or `Proxy-Authorization`
(crawlers/middlewares/warc.py, `SECRET_HEADERS`).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote, urlsplit, urlunsplit

MASK = "***"
SECRET_HEADERS = frozenset({b"authorization", b"proxy-authorization"})
"""Request headers that carry credentials: sent to the server, never archived or logged."""

# scheme://user:password@ — greedy to the last "@" before the path, so a password holding an
# unescaped "@" is masked whole.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#]*@")


def redact(text: str) -> str:
    """`text` with the `user:password@` of every URL in it replaced by `***@`."""
    return _USERINFO.sub(rf"\1{MASK}@", text)


def strip_userinfo(url: str) -> tuple[str, tuple[str, str] | None]:
    """(`url` without `user:password@`, the decoded (user, password) or None).

    Raises ValueError for what `urlsplit` cannot parse (e.g. an unclosed IPv6 bracket).
    """
    parts = urlsplit(url)
    _ = parts.port  # parsed lazily: a bad port raises here, not later in a client
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    clean = urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return clean, (unquote(user), unquote(password))


class RedactingFilter(logging.Filter):
    """A log filter that masks URL credentials in every record that passes a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse `exc_text` once set: the traceback is masked like the message.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def redact_log_handlers(logger: logging.Logger | None = None) -> None:
    """Install `RedactingFilter` on every handler of `logger` (default: the root logger)."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
