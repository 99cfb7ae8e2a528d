"""Parse an incoming URL into what a portal router needs.

Real CMSs ignore the parameters a crawler canonicalises away (session ids, print/share/tracking
flags, Liferay portlet state), so the mirror strips them once here and remembers that it did: a
URL that carried any of them is a *variant* of the page it serves (a canonicalising crawler never
fetches it). The rules mirror the crawler's canonicalisation described in docs/mirror.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

#: Query parameters that only select a variant of a page (print view, share button, tracking,
#: PHP session, Liferay portlet window state). Their presence makes the URL a variant.
VARIANT_PARAMS: frozenset[str] = frozenset({
    "print", "tmpl", "share", "replytocom", "phpsessid", "viewmode",
    "p_p_lifecycle", "p_p_state", "p_p_mode", "p_p_col_id", "p_p_col_pos", "p_p_col_count",
})

_JSESSIONID = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
_ASPNET_SESSION = re.compile(r"^/\(S\([a-z0-9]+\)\)(?=/)", re.IGNORECASE)


def is_variant_param(name: str) -> bool:
    """True for parameters a canonicalising crawler drops (see VARIANT_PARAMS, plus utm_*)."""
    low = name.lower()
    return low in VARIANT_PARAMS or low.startswith("utm_")


@dataclass(frozen=True)
class Req:
    """A parsed request URL: host, clean path, remaining parameters and the variant flag."""

    host: str
    path: str
    params: dict[str, str]
    variant: bool
    raw_query: str
    scheme: str = "http"

    def has(self, *names: str) -> bool:
        """True when every name is a (non-variant) parameter of the request."""
        return all(n in self.params for n in names)

    @property
    def is_print(self) -> bool:
        """True for print views (Joomla tmpl=component/print=1, Liferay viewMode=print, ?print=1)."""
        pairs = {k.lower(): v.lower() for k, v in parse_qsl(self.raw_query, keep_blank_values=True)}
        return "print" in pairs or pairs.get("tmpl") == "component" or pairs.get("viewmode") == "print"


def parse(url: str) -> Req | None:
    """Split an absolute http(s) URL; None when it is not one (the mirror then answers 'unknown').

    Portals answer `unknown` for the scheme they do not serve (see `Family.resolve`).
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    path = unquote(parts.path) or "/"
    variant = False
    stripped = _JSESSIONID.sub("", path)
    if stripped != path:
        variant, path = True, stripped
    stripped = _ASPNET_SESSION.sub("", path)
    if stripped != path:
        variant, path = True, stripped or "/"
    params: dict[str, str] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if is_variant_param(name):
            variant = True
        elif name not in params:
            params[name] = value
    return Req(parts.hostname.lower(), path, params, variant, parts.query, parts.scheme.lower())


def build(base: str, path: str, params: dict[str, str] | None = None) -> str:
    """Absolute canonical URL: `base` + quoted `path` + params sorted by name (the canonical order)."""
    url = base + quote(path, safe="/-._~()")
    if params:
        url += "?" + urlencode(sorted(params.items()))
    return url
