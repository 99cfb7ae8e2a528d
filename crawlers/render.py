"""JavaScript portals: render the pages that need it in the system Chromium (scrapy-playwright).

Some portals send a shell — `<div id="news-list"></div>` and a script that fills it from a JSON
API — so a plain fetch finds no article link at all. Those pages go through a headless Chromium;
every other request stays on the ordinary HTTP/1.1 handler. Which pages (docs/rendering.md):
  - every HTML page of a portal marked `render = "js"` in the registry, or of every target with
    `crawl --render-js`;
  - on any portal, a page that *looks* like an empty script-filled listing (`empty_listing`) is
    fetched once more through the browser.
The browser is the Debian `chromium` package (never a Playwright download), launched with the
flags a closed network needs, behind the same proxy as the crawler (`--resolve` mirror or
`http_proxy`), so URLs keep their real host names. What the browser rendered is what the spider
parses and what the WARC keeps, marked with the `X-Portal-Archive-Rendered` response header.

The download handler is only installed for crawls that can need it (`configure_rendering`), so an
ordinary crawl never starts Playwright and needs no browser.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import Request as BrowserRequest
from playwright.async_api import Response as BrowserResponse
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from crawlers.errors import UserError
from crawlers.registry import Target
from crawlers.tls import TlsPolicyMixin
from crawlers.urls import scope_of

logger = logging.getLogger(__name__)

#: Response header added to every rendered response (and so to its WARC response record): the
#: body is the DOM Chromium serialised after the scripts ran, not the bytes the server sent.
RENDERED_HEADER = "X-Portal-Archive-Rendered"

#: Chromium flags for a closed network. Without the background-networking ones Chromium opens
#: connections of its own (component updates, sync, variations) that the network refuses, and
#: start-up stalls; QUIC would bypass the HTTP proxy. Playwright's `launch` adds a fresh
#: temporary `--user-data-dir` for every browser it starts (and removes it when it closes).
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")

#: Resource types of the browser's own fetches that are archived as WARC request/response pairs:
#: the page as the server sent it, the scripts and stylesheets, and the JSON/XHR the scripts
#: fetched (images, media and fonts are not downloaded at all).
ARCHIVED_RESOURCES = frozenset({"document", "xhr", "fetch", "script", "stylesheet"})

#: Request meta key of the `BrowserExchange`s a rendered page made (read by WarcMiddleware).
EXCHANGES_META = "render_exchanges"

#: Resource types the browser need not download to build the DOM (politeness and speed).
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})

#: Browser and navigation errors (a crashed or killed Chromium included) are retried like network
#: errors, with the same back-off (crawlers/middlewares/retry.py).
BROWSER_RETRY_EXCEPTION = "playwright.async_api.Error"

_HANDLER = "crawlers.render.RenderingDownloadHandler"


# -- which crawls and pages ------------------------------------------------------------------------
def find_chromium(settings: BaseSettings) -> str | None:
    """The Chromium executable: `CHROMIUM_EXECUTABLE` (or $PORTAL_ARCHIVE_CHROMIUM), else `chromium`
    on PATH (the Debian package's `/usr/bin/chromium`)."""
    configured = settings.get("CHROMIUM_EXECUTABLE") or ""
    if configured:
        return shutil.which(configured)
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class RenderPlan:
    """What `configure_rendering` decided for a crawl, and a line for the user when it matters."""

    enabled: bool
    render_all: bool
    detect: bool
    chromium: str | None
    warning: str | None = None


def configure_rendering(settings: BaseSettings, targets: Iterable[Target], *,
                        render_all: bool = False) -> RenderPlan:
    """Install the browser handler only if this crawl may render a page.

    It may when `render_all` (`crawl --render-js`), when a target's registry entry says
    `render = "js"`, or when detection is on (`RENDER_JS_DETECT`, the default): any portal's
    listing may turn out to be an empty shell its scripts fill (`empty_listing`), registry
    portals included. The handler starts Playwright with the first page to render, so a crawl
    whose pages all have their links costs nothing more. `--render-js` without Chromium is an
    error; a registry portal marked "js" without Chromium is crawled without the browser (with a
    warning), and detection is simply off.
    """
    targets = list(targets)
    registry_js = [t for t in targets if getattr(t.portal, "render", None) == "js"]
    detect = settings.getbool("RENDER_JS_DETECT", True) and bool(targets) and not render_all
    wanted = render_all or bool(registry_js) or detect
    chromium = find_chromium(settings) if wanted else None
    if wanted and chromium is None:
        where = settings.get("CHROMIUM_EXECUTABLE") or "chromium"
        if render_all:
            raise UserError(f"--render-js needs Chromium and '{where}' was not found: install it "
                            "(apt-get install chromium) or set PORTAL_ARCHIVE_CHROMIUM to its path")
        warning = None
        if registry_js:
            names = ", ".join(t.portal_id or "?" for t in registry_js)
            warning = (f"{names} need(s) a browser (render = \"js\") but '{where}' was not found: "
                       "crawled without rendering; install chromium (apt-get install chromium)")
        return RenderPlan(False, False, False, None, warning)
    if not wanted:
        return RenderPlan(False, False, False, None)
    priority = "cmdline"
    handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
    handlers.update({"http": _HANDLER, "https": _HANDLER})
    settings.set("DOWNLOAD_HANDLERS", handlers, priority=priority)
    settings.set("TWISTED_REACTOR", "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
                 priority=priority)
    launch = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
    launch.update({"executable_path": chromium, "headless": True, "args": list(CHROMIUM_FLAGS)})
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch, priority=priority)
    retry = list(settings.getlist("RETRY_EXCEPTIONS"))
    if BROWSER_RETRY_EXCEPTION not in retry:
        settings.set("RETRY_EXCEPTIONS", [*retry, BROWSER_RETRY_EXCEPTION], priority=priority)
    settings.set("RENDER_ENABLED", True, priority=priority)
    settings.set("RENDER_JS", render_all, priority=priority)
    return RenderPlan(True, render_all, detect, chromium)


# -- the empty-listing heuristic -------------------------------------------------------------------
#: Words (from id/class, split on -, _, spaces and camelCase) naming a container of list items.
LIST_WORDS = frozenset({"news", "list", "listing", "items", "posts", "articles", "results", "tin",
                        "tintuc", "feed", "grid", "thongbao", "baiviet", "danhsach"})
#: Elements (and id/class words) that are page chrome: their links and text do not count.
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "noscript", "script", "style",
                         "template", "select"})
CHROME_WORDS = frozenset({"nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "header", "footer",
                          "sidebar", "topbar", "search", "timkiem"})
#: Words naming the page's main column (`main`, `#content`, ASP.NET's `ContentPlaceHolder1`): the
#: listing that should be there is judged inside it, so a portal's sidebars and link boxes do not
#: hide an empty listing.
MAIN_WORDS = frozenset({"main", "maincontent", "content", "contents", "placeholder", "center",
                        "primary", "noidung"})
#: At most this many characters of text in the main block: a shell, not a page.
NEAR_EMPTY_TEXT = 300
#: A run of text this long in one element is prose: the page is an article or a page with a body,
#: never a listing shell (an article whose related-news box is filled by a script stays unrendered).
PROSE_TEXT = 200
_CONTAINER_TAGS = frozenset({"div", "ul", "ol", "section", "tbody", "table", "main"})
_NON_LINKS = ("javascript:", "mailto:", "tel:", "#")
#: ASP.NET forms wrap the whole page: a `form` is chrome only when it is not the page's frame.
_FRAME_FORM_MIN_CHILDREN = 3


def _words(element: Any) -> frozenset[str]:
    return _words_of(f"{element.get('id') or ''} {element.get('class') or ''}")


@lru_cache(maxsize=4096)
def _words_of(value: str) -> frozenset[str]:
    """Words of an id/class value and the joined pairs of neighbours. Cached: every page of a
    portal repeats its template's ids and classes, and the check runs on every element."""
    value = _CAMEL.sub(r"\1 \2", value)
    words = _LOWER_WORD.findall(value.lower())
    return frozenset(words) | {a + b for a, b in zip(words, words[1:], strict=False)}


_CAMEL = re.compile(r"([a-z])([A-Z])")
_LOWER_WORD = re.compile(r"[a-z]+")


def _is_chrome(element: Any) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "form" and element.xpath(".//input[@name='__VIEWSTATE']"):
        return False  # the WebForms page frame, not a search box
    return tag in CHROME_TAGS or bool(_words(element) & CHROME_WORDS)


def _content(element: Any) -> Iterator[Any]:
    """`element` and its descendants in document order, not descending into chrome (a stack,
    not nested generators: one frame per element was most of the check's time)."""
    stack = [element]
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str) or _is_chrome(node):
            continue
        yield node
        stack.extend(reversed(node))


def _content_links(content: list[Any]) -> list[Any]:
    return [el for el in content if el.tag.lower() == "a"
            and (el.get("href") or "").strip()
            and not (el.get("href") or "").strip().lower().startswith(_NON_LINKS)]


def _text_length(content: list[Any]) -> int:
    return sum(len(" ".join(((el.text or "") + " " + (el.tail or "")).split())) for el in content)


def _own_text(element: Any) -> int:
    """Characters of text in `element` itself and its inline children (a paragraph's run)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag.lower() in ("b", "strong", "i", "em", "span",
                                                                 "font", "br", "u", "sup", "sub"):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return len(" ".join("".join(parts).split()))


def _script_names(root: Any) -> str:
    return "\n".join(root.xpath("//script[not(@src)]/text()"))


def _filled_by_script(element: Any, scripts: str) -> bool:
    """The container's id (or a class of it) is named in an inline script: a script fills it."""
    names = [element.get("id") or ""] + (element.get("class") or "").split()
    return any(len(name) >= 4 and re.search(r"[#.'\"]" + re.escape(name) + r"\b", scripts)
               for name in names if name)


def _empty_list_container(element: Any, scripts: str) -> bool:
    """No child element, no text, and named like a list or named in an inline script."""
    return (len(element) == 0 and not (element.text or "").strip()
            and bool(_words(element) & LIST_WORDS or _filled_by_script(element, scripts)))


def _describe(element: Any) -> str:
    """`div#news-list`, `ul.list-news`, `main`: how the log names an element."""
    if element.get("id"):
        return f"{element.tag.lower()}#{element.get('id')}"
    classes = (element.get("class") or "").split()
    return f"{element.tag.lower()}.{classes[0]}" if classes else element.tag.lower()


def _main_block(element: Any, body: Any) -> Any:
    """The nearest ancestor of `element` named like the page's main column, else the body."""
    parent = element.getparent()
    while parent is not None and parent is not body:
        if isinstance(parent.tag, str) and (parent.tag.lower() == "main"
                                            or parent.get("role") == "main"
                                            or _words(parent) & MAIN_WORDS):
            return parent
        parent = parent.getparent()
    return body


def empty_listing(response: Response) -> str | None:
    """Why `response` looks like a listing its scripts fill in, or None.

    All must hold, so an ordinary page is never sent to the browser (docs/rendering.md):
      1. it has a `<script>` (something could fill the page in);
      2. it has an empty container (a div, ul, ol, section, table, tbody or main with no child
         element and no text, outside the page chrome) named like a list (`LIST_WORDS`:
         `<div id="news-list">`) or named in an inline script (`$('#divThongBao').html(...)`);
      3. the main block around it (`MAIN_WORDS`: `#content`, `ContentPlaceHolder1`, `<main>`;
         else the body) has no link outside the chrome — a listing with even one article link
         is a listing already — and at most `NEAR_EMPTY_TEXT` characters of text;
      4. no prose anywhere outside the chrome (no run of `PROSE_TEXT` characters in one
         element): an article whose related-news box a script fills is not a shell.
    """
    if not isinstance(response, TextResponse) or response.status != 200:
        return None
    root = response.selector.root
    bodies = root.xpath("//body") if hasattr(root, "xpath") else []
    if not bodies or not root.xpath("//script[@src or normalize-space()]"):
        return None
    body = bodies[0]
    scripts = _script_names(root)
    # Condition 2 without the chrome walk first: most pages have no empty container named like a
    # list at all, and walking every element (`_content`) was most of the check's time.
    if not any(isinstance(el.tag, str) and el.tag.lower() in _CONTAINER_TAGS
               and _empty_list_container(el, scripts) for el in body.iter()):
        return None
    content = list(_content(body))
    empty = [el for el in content if el.tag.lower() in _CONTAINER_TAGS
             and _empty_list_container(el, scripts)]
    if not empty:
        return None
    if any(_own_text(el) >= PROSE_TEXT for el in content):
        return None
    for candidate in empty:
        block = _main_block(candidate, body)
        inside = list(_content(block))
        if _content_links(inside):
            continue
        text = _text_length(inside[1:]) + len(" ".join((block.text or "").split()))
        if text > NEAR_EMPTY_TEXT:
            continue
        where = "" if block is body else f" in {_describe(block)}"
        return f"empty {_describe(candidate)}{where}, no content link, {text} characters of text"
    return None


# -- in the browser --------------------------------------------------------------------------------
#: Clicks a visible "Xem thêm"/"Tải thêm"/"Load more" button until it hides or nothing changes
#: (at most `maxClicks` times): listings like Bắc Quang's show page 1 and load the rest on click.
#: Only buttons and script links: never an `<a href>` that would navigate away.
_LOAD_MORE_JS = """async (maxClicks) => {
  const label = /^\\s*(xem thêm|tải thêm|xem tiếp|load more|show more|more)\\s*(»|›|\\.\\.\\.|…)?\\s*$/i;
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
      && getComputedStyle(el).visibility !== 'hidden';
  const find = () => Array.from(document.querySelectorAll(
      'button, [role=button], input[type=button], a[href^="javascript"], a[href="#"], a:not([href])'))
      .find((el) => visible(el) && label.test(el.textContent || el.value || ''));
  let clicks = 0;
  while (clicks < maxClicks) {
    const button = find();
    if (!button) break;
    const changed = new Promise((resolve) => {
      const seen = new MutationObserver(() => { seen.disconnect(); resolve(true); });
      seen.observe(document.body, {childList: true, subtree: true, attributes: true,
                                   attributeFilter: ['style', 'class', 'hidden']});
      setTimeout(() => { seen.disconnect(); resolve(false); }, 10000);
    });
    button.click();
    clicks += 1;
    if (!(await changed)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return clicks;
}"""


#: Attributes of a Playwright page holding its request counter and its captured exchanges
#: (set by `track_requests`).
_TRAFFIC = "_portal_archive_traffic"
_CAPTURES = "_portal_archive_captures"


@dataclass(frozen=True)
class BrowserExchange:
    """One request the browser made for a rendered page and the response it got, as on the wire
    (body decoded from any Content-Encoding): what the WARC keeps of the page's own traffic."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    ip_address: str | None
    resource_type: str
    navigation: bool   # the page's own main-frame document (the original of the rendered DOM)
    date: datetime


@dataclass(frozen=True)
class RenderResult:
    """What `settle_page` returns: the clicks made and the exchanges captured."""

    clicks: int
    exchanges: list[BrowserExchange]


async def capture_exchange(response: BrowserResponse) -> BrowserExchange:
    """The request/response pair behind a browser response, body included (a redirect or an
    aborted response has none)."""
    date = datetime.now(UTC)
    request = response.request
    try:
        body = await response.body()
    except PlaywrightError:
        body = b""
    request_headers = list((await request.all_headers()).items())
    if not any(name.lower() == "host" for name, _ in request_headers):
        request_headers.insert(0, ("Host", urlsplit(request.url).netloc))
    response_headers = [(h["name"], h["value"]) for h in await response.headers_array()]
    address = None
    try:
        server = await response.server_addr()
        address = server["ipAddress"] if server else None
    except PlaywrightError:
        pass
    frame = response.frame
    navigation = request.is_navigation_request() and frame.parent_frame is None
    return BrowserExchange(
        url=response.url, method=request.method, request_headers=request_headers,
        request_body=request.post_data_buffer or b"", status=response.status,
        reason=response.status_text, response_headers=response_headers, body=body,
        ip_address=address, resource_type=request.resource_type, navigation=navigation, date=date)


async def track_requests(page: Page, request: Request) -> None:
    """playwright_page_init_callback: count the page's requests in flight, from before `goto`,
    and capture every response of `ARCHIVED_RESOURCES` for the WARC.

    Playwright's own `networkidle` waits 500 ms after the last request; counting lets
    `settle_page` stop after `RENDER_QUIET` instead, which halves the time of a rendered page.
    """
    traffic = {"inflight": 0, "last": time.monotonic()}

    def started(_request: BrowserRequest) -> None:
        traffic["inflight"] += 1
        traffic["last"] = time.monotonic()

    def ended(_request: BrowserRequest) -> None:
        traffic["inflight"] = max(0, traffic["inflight"] - 1)
        traffic["last"] = time.monotonic()

    captures: list[asyncio.Future[BrowserExchange]] = []

    def received(response: BrowserResponse) -> None:
        if response.request.resource_type in ARCHIVED_RESOURCES:
            captures.append(asyncio.ensure_future(capture_exchange(response)))

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    page.on("response", received)
    setattr(page, _TRAFFIC, traffic)
    setattr(page, _CAPTURES, captures)


async def wait_quiet(page: Page, *, quiet: float, timeout: float) -> bool:
    """Wait until no request of the page has been in flight for `quiet` seconds (False: timeout)."""
    traffic = getattr(page, _TRAFFIC, None)
    if traffic is None:  # not tracked: Playwright's own notion of idle
        try:
            await page.wait_for_load_state("networkidle", timeout=timeout * 1000)
            return True
        except PlaywrightError:
            return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if traffic["inflight"] == 0 and time.monotonic() - traffic["last"] >= quiet:
            return True
        await asyncio.sleep(0.02)
    return False


async def settle_page(page: Page, *, max_clicks: int = 20, quiet: float = 0.25,
                      timeout: float = 10.0) -> RenderResult:
    """Let the page's scripts finish, then load every "more" page; returns the clicks made and
    the exchanges the page made (bodies read before the page closes).

    The network going quiet (no request for `quiet` s) is the moment the listing's first API call
    has been rendered; a page that never goes quiet is rendered as it is after `timeout` s.
    """
    if not await wait_quiet(page, quiet=quiet, timeout=timeout):
        logger.info("%s was still loading after %.0f s; rendering it as it is", page.url, timeout)
    clicks = await page.evaluate(_LOAD_MORE_JS, max_clicks) if max_clicks else 0
    if clicks:
        await wait_quiet(page, quiet=quiet, timeout=timeout)
    captures: list[asyncio.Future[BrowserExchange]] = list(getattr(page, _CAPTURES, []))
    exchanges: list[BrowserExchange] = []
    if captures:
        done, late = await asyncio.wait(captures, timeout=timeout)
        for future in late:
            future.cancel()
        exchanges = [f.result() for f in captures if f in done and not f.cancelled()
                     and f.exception() is None]
    return RenderResult(int(clicks), exchanges)


def skip_heavy_resources(request: BrowserRequest) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: images, media and fonts are not needed to build the DOM."""
    return request.resource_type in SKIPPED_RESOURCES


class RenderMiddleware:
    """Turns the spider's `meta["render"]` into scrapy-playwright's request meta.

    The spider only says *that* a page needs the browser; *how* is decided here, after
    HostOverrideMiddleware and HttpProxyMiddleware have set `meta["proxy"]`: the browser context
    uses that proxy (so the `--resolve` mirror and `http_proxy` work with real host names), and
    ignores certificate errors only for the hosts the TLS policy calls insecure
    (`spider.tls_insecure_scopes`). One context per (proxy, TLS policy).
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.max_clicks = crawler.settings.getint("RENDER_MAX_CLICKS", 20)
        self.quiet = crawler.settings.getfloat("RENDER_QUIET", 0.25)
        self.timeout = crawler.settings.getfloat("RENDER_IDLE_TIMEOUT", 10.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        if not crawler.settings.getbool("RENDER_ENABLED"):
            raise NotConfigured("rendering is off for this crawl")
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("render") or request.meta.get("playwright"):
            return None
        insecure = scope_of(request.url) in getattr(self.crawler.spider, "tls_insecure_scopes", ())
        kwargs: dict[str, Any] = {"ignore_https_errors": insecure, "service_workers": "block"}
        proxy = request.meta.get("proxy")
        if proxy:
            parts = urlsplit(proxy)
            server = f"{parts.scheme or 'http'}://{parts.hostname}:{parts.port or 8080}"
            kwargs["proxy"] = {"server": server}
            if parts.username:
                kwargs["proxy"].update(username=parts.username, password=parts.password or "")
        name = f"render via {kwargs['proxy']['server'] if proxy else 'direct'}" + \
            (" tls-insecure" if insecure else "")
        request.meta.update(
            playwright=True, playwright_context=name, playwright_context_kwargs=kwargs,
            playwright_page_init_callback=track_requests,
            playwright_page_methods=[PageMethod(settle_page, max_clicks=self.max_clicks,
                                                quiet=self.quiet, timeout=self.timeout)])
        return None


class RenderingDownloadHandler(TlsPolicyMixin, ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler with the portal TLS policy for what it does not render, a
    `X-Portal-Archive-Rendered` header on what it does, and Playwright started on first use.

    The header travels with the response to WarcMiddleware (priority 950, next to the handler), so
    the WARC response record says its body is the rendered DOM (chosen over a separate metadata
    record: the record stays self-describing and no reader needs to join records).

    scrapy-playwright starts its Playwright driver when the engine starts, for each scheme's
    handler; here it starts with the first page to render, so a crawl that installs the handler
    only in case (detection, `empty_listing`) pays nothing until a page needs it.
    """

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._start_lock = asyncio.Lock()
        self._started = False

    async def _maybe_launch_in_thread(self) -> None:
        """engine_started: nothing yet (see the class docstring)."""
        return None

    async def download_request(self, request: Request) -> Response:
        if request.meta.get("playwright") and not self._started:
            async with self._start_lock:  # `_launch` sets browser_provider before starting it
                if not self._started:
                    await self._launch()
                    self._started = True
        response = await super().download_request(request)
        if request.meta.get("playwright"):
            browser = getattr(self, "browser", None)
            version = getattr(browser, "version", "") if browser is not None else ""
            response.headers[RENDERED_HEADER] = f"chromium/{version}" if version else "chromium"
            self.stats.inc_value("portal_archive/pages_rendered")
            results = [pm.result for pm in request.meta.get("playwright_page_methods") or ()
                       if isinstance(getattr(pm, "result", None), RenderResult)]
            if results:
                request.meta[EXCHANGES_META] = results[-1].exchanges
        return response
