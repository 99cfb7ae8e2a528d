"""JavaScript portals: render the pages that need it in the system Chromium (scrapy-playwright).

Some portals send a shell — `<div id="news-list"></div>` and a script that fills it from a JSON
API — so a plain fetch finds no article link at all. Those pages go through a headless Chromium;
every other request stays on the ordinary HTTP/1.1 handler. Which pages (docs/rendering.md):
  - every HTML page of a portal marked `render = "js"` in the registry, or of every target with
    `crawl --render-js`;
  - for a start URL the registry does not know, a page that *looks* like an empty script-filled
    listing (`empty_listing`) is fetched once more through the browser.
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
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page
from playwright.async_api import Request as BrowserRequest
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
    `render = "js"`, or when a target is a start URL the registry does not know (its listings
    may turn out to be empty shells: `empty_listing`). `--render-js` without Chromium is an
    error; a registry portal marked "js" without Chromium is crawled without the browser (with a
    warning), and detection is simply off.
    """
    targets = list(targets)
    registry_js = [t for t in targets if getattr(t.portal, "render", None) == "js"]
    unknown = [t for t in targets if t.portal is None]
    detect = settings.getbool("RENDER_JS_DETECT", True) and bool(unknown) and not render_all
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
                        "tintuc", "feed", "grid", "content"})
#: Elements (and id/class words) that are page chrome: their links and text do not count.
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "noscript", "script", "style",
                         "template", "select"})
CHROME_WORDS = frozenset({"nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "header", "footer",
                          "sidebar", "topbar"})
#: At most this many characters of text outside the chrome: a shell, not a page.
NEAR_EMPTY_TEXT = 300
_CONTAINER_TAGS = frozenset({"div", "ul", "ol", "section", "tbody", "table", "main"})
_NON_LINKS = ("javascript:", "mailto:", "tel:", "#")


def _words(element: Any) -> set[str]:
    value = f"{element.get('id') or ''} {element.get('class') or ''}"
    value = re.sub(r"([a-z])([A-Z])", r"\1 \2", value)
    return set(re.findall(r"[a-z]+", value.lower()))


def _is_chrome(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.lower() in CHROME_TAGS or bool(_words(element) & CHROME_WORDS)


def _content(element: Any) -> Iterator[Any]:
    """`element` and its descendants, not descending into chrome."""
    if not isinstance(element.tag, str) or _is_chrome(element):
        return
    yield element
    for child in element:
        yield from _content(child)


def empty_listing(response: Response) -> str | None:
    """Why `response` looks like a listing its scripts fill in, or None.

    All four must hold, so an ordinary page is never sent to the browser:
      1. it has a `<script>` (something could fill the page in);
      2. it has an empty container named like a list (`<div id="news-list"></div>`: a div, ul,
         ol, section, table or tbody with no child element and no text, whose id/class has a
         word of `LIST_WORDS`);
      3. no link outside the page chrome (nav, header, footer, aside, forms, menus, breadcrumbs):
         a listing with even one article link is a listing already;
      4. at most `NEAR_EMPTY_TEXT` characters of text outside the chrome.
    """
    if not isinstance(response, TextResponse) or response.status != 200:
        return None
    root = response.selector.root
    bodies = root.xpath("//body") if hasattr(root, "xpath") else []
    if not bodies or not root.xpath("//script[@src or normalize-space()]"):
        return None
    content = list(_content(bodies[0]))
    empty = [el for el in content if el.tag.lower() in _CONTAINER_TAGS and len(el) == 0
             and not (el.text or "").strip() and _words(el) & LIST_WORDS]
    if not empty:
        return None
    links = [el for el in content if el.tag.lower() == "a"
             and (el.get("href") or "").strip()
             and not (el.get("href") or "").strip().lower().startswith(_NON_LINKS)]
    if links:
        return None
    text = sum(len(" ".join(((el.text or "") + " " + (el.tail or "")).split())) for el in content[1:])
    text += len(" ".join((bodies[0].text or "").split()))
    if text > NEAR_EMPTY_TEXT:
        return None
    first = empty[0]
    name = f"#{first.get('id')}" if first.get("id") else f".{(first.get('class') or '').split()[0]}"
    return f"empty {first.tag.lower()}{name}, no content link, {text} characters of text"


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


#: Attribute of a Playwright page holding its request counter (set by `track_requests`).
_TRAFFIC = "_portal_archive_traffic"


async def track_requests(page: Page, request: Request) -> None:
    """playwright_page_init_callback: count the page's requests in flight, from before `goto`.

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

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    setattr(page, _TRAFFIC, traffic)


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
                      timeout: float = 10.0) -> int:
    """Let the page's scripts finish, then load every "more" page; returns the clicks made.

    The network going quiet (no request for `quiet` s) is the moment the listing's first API call
    has been rendered; a page that never goes quiet is rendered as it is after `timeout` s.
    """
    if not await wait_quiet(page, quiet=quiet, timeout=timeout):
        logger.info("%s was still loading after %.0f s; rendering it as it is", page.url, timeout)
    clicks = await page.evaluate(_LOAD_MORE_JS, max_clicks) if max_clicks else 0
    if clicks:
        await wait_quiet(page, quiet=quiet, timeout=timeout)
    return int(clicks)


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
    only in case (an unknown start URL, `empty_listing`) pays nothing until a page needs it.
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
        return response
