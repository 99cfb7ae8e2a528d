"""URL canonicalisation and crawler-trap rules.

One article must give one record: portals hand out the same page under session ids
(`;jsessionid=`, `PHPSESSID=`, ASP.NET cookieless `/(S(...))/`), print and share variants
(`print=1`, `tmpl=component`, `share=facebook`), tracking parameters and Liferay portlet state
parameters that do not change content. Canonicalising every discovered link *before* requesting it
means those variants are never fetched at all.

The URL normal form (percent-encoding, sorted parameters, no fragment, dot segments) is w3lib's
`canonicalize_url`, the one Scrapy's own fingerprints and LinkExtractor use; parameters are removed
with w3lib's `url_query_cleaner`. What this module adds is *which* parameters go, and that list is
deliberately short: a parameter is dropped only if it is known never to select content (a session,
a tracker, a print/share view, Liferay portlet state), or if the portal's registry entry names it in
`ignored_params` (shown not to change the page on that portal). Everything else stays: `sid` is the
story id of PHP-Nuke/NukeViet (`modules.php?name=News&op=viewst&sid=123`), and `id`, `ItemID`,
`newsid`, `catid`, `p`, `page` select the page on other portals. Dropping one of those would
collapse many articles into one record, the worst outcome for an archive.

Traps are URL spaces without end (calendars, query permutations). They are not refused outright:
the first page linked from a normal page is fetched and archived, but links from a trap page into
the same kind of trap are not followed, so each trap costs one page.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from urllib.parse import parse_qsl, unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url
from w3lib.url import url_query_cleaner

from crawlers.extraction.families import (
    STATE_PARAMS,
    VIEW_PARAMS,
    pager_param_style,
    pager_path_style,
)

# Query parameters that carry a session, never content. Matched case-insensitively (`PHPSESSID`,
# `ASP.NET_SessionId`). Not `sid`: on PHP-Nuke/NukeViet portals it is the story id.
SESSION_PARAMS = frozenset(
    {"jsessionid", "phpsessid", "sessionid", "session_id", "asp.net_sessionid", "aspsessionid",
     "cfid", "cftoken", "zenid", "oscsid"}
)
# Parameters that track a visit (click ids of ad and mail platforms, Zalo's `zarsrc`).
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "zarsrc", "mc_cid", "mc_eid",
     "_ga", "_gl", "igshid"}
)
TRACKING_PREFIXES = ("utm_",)
# Parameters that only change presentation: print and share views of the same page, WordPress's
# reply-to-comment form.
PRESENTATION_PARAMS = frozenset({"print", "share", "replytocom", "viewmode"})
# A family's own parameters that never select content (Liferay portlet state `p_p_state` …) and
# views of the same page (Joomla's print view `tmpl=component`) are named in the family modules
# (`STATE_PARAMS`, `VIEW_PARAMS` of crawlers/extraction/families/).
_DROPPED_PARAMS = SESSION_PARAMS | TRACKING_PARAMS | PRESENTATION_PARAMS | STATE_PARAMS

# Session ids in the path: Java's `;jsessionid=`, PHP's `;phpsessid=`, ASP.NET cookieless
# sessions `/(S(...))/` (also `(A(...))`, `(F(...))`). w3lib keeps path parameters, so these go here.
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid)=[^/?#;]*", re.IGNORECASE)
_ASPNET_COOKIELESS = re.compile(r"/\([A-Z]\([A-Za-z0-9_-]+\)\)(?=/)")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Calendar traps: a parameter named like a date part (Liferay `_8_INSTANCE_cal_month=1`, Drupal
# `date=2023-05`, Vietnamese `thang=5`) whose value is a number or a date.
_CALENDAR_NAME_WORDS = frozenset(
    {"date", "month", "year", "day", "week", "cal", "calendar", "ngay", "thang", "nam", "tuan"}
)
_NAME_WORD = re.compile(r"[a-z]+")
_CALENDAR_VALUE = re.compile(
    r"^\d{1,4}$|^\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?$|^\d{1,2}[-/.]\d{4}$"
)
_CALENDAR_PATH = re.compile(r"/(?:calendar|lich|lich-cong-tac|lich-lam-viec|events?)/\d{4}",
                            re.IGNORECASE)

# Site-search result pages: endless (every query is a page), and never the only way to an article.
_SEARCH_PATH = re.compile(r"/(?:search|tim-kiem|timkiem|ket-qua-tim-kiem)(?:/|$|\.aspx)|/search/node",
                          re.IGNORECASE)
_SEARCH_PARAMS = frozenset({"s", "q", "query", "keyword", "keywords", "searchword", "tukhoa",
                            "search", "search_api_fulltext", "_3_keywords"})

# "E-mail this article" / share forms: one per article, never content (Joomla com_mailto).
_SHARE_FORM = re.compile(r"/component/mailto\b|[?&]option=com_mailto\b|/sharer(?:\.php)?\b",
                         re.IGNORECASE)

# Documents and media are not pages; attachments are handled separately (later).
NON_PAGE_EXTENSIONS = frozenset(
    "pdf doc docx xls xlsx ppt pptx rar zip 7z gz jpg jpeg png gif bmp svg webp ico mp3 mp4 avi "
    "wmv flv mov swf css js woff woff2 ttf eot exe msi apk".split()
)


def _dropped(name: str, value: str, ignored: Collection[str]) -> bool:
    """Whether a query parameter can go without changing which page the URL names."""
    lowered = name.lower()
    return (lowered in _DROPPED_PARAMS or lowered.startswith(TRACKING_PREFIXES)
            or (lowered, value.lower()) in VIEW_PARAMS or name in ignored)


def canonicalize_url(url: str, ignored_params: Collection[str] = ()) -> str:
    """Return the canonical form of `url`: the one URL an article is fetched and recorded under.

    w3lib's normal form (lower-case host, percent-encoding normalised, parameters sorted, blank
    parameters and the fragment dropped) with the default port, path session ids and the
    parameters of `_dropped` removed. `ignored_params` are a portal's own parameters shown not to
    change its pages (registry field `ignored_params`), matched exactly.

    >>> canonicalize_url("HTTP://Example.gov.vn:80/a;jsessionid=AB12?b=2&utm_source=x&a=1#top")
    'http://example.gov.vn/a?a=1&b=2'
    >>> canonicalize_url("http://example.gov.vn/modules.php?name=News&sid=123&op=viewst")
    'http://example.gov.vn/modules.php?name=News&op=viewst&sid=123'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower()
    if parts.port is not None and parts.port == _DEFAULT_PORTS.get(scheme):
        netloc = netloc.rsplit(":", 1)[0]
    path = _ASPNET_COOKIELESS.sub("", _PATH_SESSION.sub("", parts.path)) or "/"
    drop = {raw for raw, value in _raw_params(parts.query)
            if _dropped(unquote_plus(raw), value, ignored_params)}
    cleaned = url_query_cleaner(urlunsplit((scheme, netloc, path, parts.query, "")),
                                sorted(drop), remove=True, unique=False)
    # Blank parameters go: an empty one selects nothing (Joomla print links end in `&page=`).
    return w3lib_canonicalize_url(cleaned, keep_blank_values=False)


def _raw_params(query: str) -> list[tuple[str, str]]:
    """(raw name, decoded value) pairs, split the way `url_query_cleaner` splits them."""
    pairs = []
    for item in query.split("&"):
        if item:
            name, _, value = item.partition("=")
            pairs.append((name, unquote_plus(value)))
    return pairs


def scope_of(url: str) -> str:
    """The crawl scope of a start URL: its host and port (`host` or `host:port`)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def trap_kind(url: str) -> str | None:
    """Name the kind of endless URL space `url` belongs to, or None for a normal page."""
    parts = urlsplit(url)
    if _CALENDAR_PATH.search(parts.path):
        return "calendar"
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        words = set(_NAME_WORD.findall(name.lower()))
        if words & _CALENDAR_NAME_WORDS and _CALENDAR_VALUE.match(value.strip()):
            return "calendar"
    return None


def is_search_page(url: str) -> bool:
    """A site-search result page (`/tim-kiem?...`, `/?s=...`, Drupal `/search/node`)."""
    parts = urlsplit(url)
    if _SEARCH_PATH.search(parts.path):
        return True
    return any(name.lower() in _SEARCH_PARAMS and value
               for name, value in parse_qsl(parts.query, keep_blank_values=True))


def is_share_form(url: str) -> bool:
    """A share-by-e-mail form page (Joomla `/component/mailto?...`)."""
    return bool(_SHARE_FORM.search(url))


def is_pager_url(url: str) -> bool:
    """A listing page beyond the first, in any family's paging style (the families' `PAGER_PARAMS`
    and `PAGER_PATHS`: Liferay `_<portlet>_cur`, Joomla `start`, Drupal `page`, WordPress
    `/page/N/`, `Page`/`PageIndex`/`trang` of other portals)."""
    parts = urlsplit(url)
    if pager_path_style(parts.path):
        return True
    return any(pager_param_style(name, value) for name, value in parse_qsl(parts.query))


def path_key(url: str) -> str:
    """scheme://host/path without the query: the unit for counting query permutations.

    >>> path_key("http://x.gov.vn/lich?thang=5&nam=2023#t")
    'http://x.gov.vn/lich'
    """
    return url_query_cleaner(url)  # no parameter kept, no fragment


def is_page_url(url: str) -> bool:
    """False for links to documents, images and other non-HTML resources."""
    path = urlsplit(url).path.lower()
    last = path.rsplit("/", 1)[-1]
    if "." not in last:
        return True
    return last.rsplit(".", 1)[-1] not in NON_PAGE_EXTENSIONS


class ListingPages:
    """A portal's listing pages, as its registry entry names them (`listing_urls`).

    Each entry is a URL pattern: a page is a listing page when its host and path are the entry's
    (http or https, a trailing slash aside; `*` stands for any text within one path segment) and
    it carries every query parameter of the entry with the same value (`*`: any value). Other
    parameters may be added, so the listing's own pager pages (`?_101_INSTANCE_x_cur=3`,
    `&start=20`) match too, while the articles *under* a listing path
    (`/tin-tuc/-/asset_publisher/...`) do not.

    >>> pages = ListingPages(["http://x.gov.vn/tin-tuc", "http://x.gov.vn/index.php?view=category"])
    >>> pages.matches("http://x.gov.vn/tin-tuc?page=2"), pages.matches("http://x.gov.vn/tin-tuc/a-1")
    (True, False)
    >>> pages.matches("http://x.gov.vn/index.php?id=5&view=category&start=10")
    True
    """

    def __init__(self, patterns: Iterable[str] = ()) -> None:
        self._rules: list[tuple[str, re.Pattern[str], tuple[tuple[str, str], ...]]] = []
        for pattern in patterns:
            parts = urlsplit(canonicalize_url(pattern.replace("*", "__ANY__")))
            path = re.escape(parts.path.rstrip("/")).replace("__ANY__", "[^/]*")
            query = tuple((name, value.replace("__ANY__", "*"))
                          for name, value in parse_qsl(parts.query))
            self._rules.append((parts.netloc, re.compile(path + "/?"), query))

    def __bool__(self) -> bool:
        return bool(self._rules)

    def matches(self, url: str) -> bool:
        """Whether `url` (canonical) is one of the portal's listing pages."""
        parts = urlsplit(url)
        params = parse_qsl(parts.query)
        for netloc, path, query in self._rules:
            if parts.netloc == netloc and path.fullmatch(parts.path) and all(
                    any(n == name and (value == "*" or v == value) for n, v in params)
                    for name, value in query):
                return True
        return False
