"""Defaults for every environment. Politeness first: these are small government servers."""

from __future__ import annotations

import os

BOT_NAME = "portal-archive"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Who we are, and where a webmaster can reach us. Override with PORTAL_ARCHIVE_CONTACT_URL.
CONTACT_URL = os.environ.get(
    "PORTAL_ARCHIVE_CONTACT_URL", "https://github.com/portal-archive/portal-archive"
)
USER_AGENT = f"portal-archive/0.1 (+{CONTACT_URL}; archiving Vietnamese government portals)"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many asyncio tasks for *each* response's output (default 100) to run the item
# pipelines concurrently; ours are all synchronous, so the tasks only cost the reactor time
# (~15% of it in a mirror crawl with extraction workers, docs/benchmarks.md).
CONCURRENT_ITEMS = 8
# Scrapy's DownloaderAwarePriorityQueue (the host with the fewest downloads in progress goes
# first, so a crawl of many portals keeps all of them moving), which also keeps the requests of a
# host held by Retry-After or back-off (crawlers/middlewares/retry.py) in the queue until the hold
# ends: they cannot fill CONCURRENT_REQUESTS while other portals wait. Works with the job
# directory (resumed crawls); needs CONCURRENT_REQUESTS_PER_IP = 0.
SCHEDULER_PRIORITY_QUEUE = "crawlers.pqueues.HoldAwarePriorityQueue"
# Request fingerprints in SQLite in the job directory, not in a set in memory (crawlers/dupefilter.py).
DUPEFILTER_CLASS = "crawlers.dupefilter.DiskDupeFilter"
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 60
# A body over DOWNLOAD_MAXSIZE is cancelled by Scrapy while it downloads (the connection dropped,
# nothing kept): it is not in the WARC, and the crawl report counts it (`downloads_over_max_size`)
# and names it (`skipped: over-max-size`). 64 MiB keeps the big scanned PDFs that portals attach;
# at most that much of one response is held in memory.
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
# Scrapy logs a warning for bodies over this size. HTML pages over the extraction budget (2 MiB,
# crawlers/extraction/budget.py) are archived and reported but not read, whatever this says.
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024

# Worker processes that read pages (crawlers/workers.py): the reactor downloads while they parse.
# None = one per core; 0 = in the reactor thread (then EXTRACT_TIMEOUT cannot be enforced).
EXTRACT_WORKERS: int | None = None
# Seconds one page's extraction may take in a worker before the worker is killed and replaced;
# the page stays archived and is reported `skipped: over-time`. A 2 MiB page (the size budget)
# takes a few seconds (bench/big_pages.py), so this only stops pathological pages.
EXTRACT_TIMEOUT = 60.0

# Shared frontier (`crawl --frontier redis://...`, crawlers/frontier.py): seconds between a
# worker's heartbeats, and seconds without one after which its requests in progress are queued
# again for the other workers.
FRONTIER_HEARTBEAT = 2.0
FRONTIER_DEAD_AFTER = 10.0
# The frontier's settings are applied by this add-on when FRONTIER_URL and FRONTIER_JOB are set,
# by the crawl command or by a scrapyd job (docs/scale.md).
ADDONS = {"crawlers.frontier.FrontierAddon": 0}
FRONTIER_URL: str | None = None
FRONTIER_JOB: str | None = None

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Retry n of a request holds its host RETRY_BACKOFF_BASE * 2**(n-1) seconds, capped
# (crawlers/middlewares/retry.py): no request to that host starts meanwhile, other hosts go on.
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
# A 429/503 `Retry-After` holds the whole host that long (up to this many seconds).
RETRY_AFTER_MAX = 600.0

# Keep 404/500 pages flowing to the spider so they are logged (the WARC has them anyway).
HTTPERROR_ALLOWED_CODES = [404, 410, 500]

# Depth is measured from the home page; listings of district portals rarely exceed 30 pages.
DEPTH_LIMIT = 40
DEPTH_PRIORITY = 0

COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# HTTPS verifies certificates unless the portal is marked `tls = "insecure"` (crawlers/tls.py).
DOWNLOAD_HANDLERS = {"https": "crawlers.tls.PortalTlsDownloadHandler"}
# Accept bad certificates on every target of a crawl (`crawl --tls-insecure`); recorded anyway.
TLS_INSECURE = False

# ASP.NET post-back pagers (crawlers/postback.py): post-backs per listing at most.
POSTBACK_MAX_PAGES = 500

# JavaScript portals (crawlers/render.py, docs/rendering.md). The CLI installs the browser
# download handler (and sets RENDER_ENABLED) only for crawls that may render a page.
RENDER_ENABLED = False
# Every HTML page of every target through the browser (`crawl --render-js`).
RENDER_JS = False
# Any portal: fetch a page that looks like an empty script-filled listing again in the browser.
RENDER_JS_DETECT = True
# The system Chromium (Debian package `chromium`); empty = `chromium` on PATH.
CHROMIUM_EXECUTABLE = os.environ.get("PORTAL_ARCHIVE_CHROMIUM", "")
# "Xem thêm" clicks per page at most; a page is rendered once no request of it has been in
# flight for RENDER_QUIET seconds, or after RENDER_IDLE_TIMEOUT seconds at most.
RENDER_MAX_CLICKS = 20
RENDER_QUIET = 0.25
RENDER_IDLE_TIMEOUT = 10.0
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# Pages are small but a browser is not: at most 4 contexts (one per proxy and TLS policy) of 4
# pages each; politeness still comes from CONCURRENT_REQUESTS_PER_DOMAIN.
PLAYWRIGHT_MAX_CONTEXTS = 4
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # ms
# A crashed or killed Chromium is started again on the next page (the failed pages are retried).
PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER = True
PLAYWRIGHT_ABORT_REQUEST = "crawlers.render.skip_heavy_resources"

DOWNLOADER_MIDDLEWARES = {
    # Before RobotsTxtMiddleware (100): a redirect out of the target's scope is not followed,
    # not even to the other host's robots.txt (crawlers/middlewares/scope.py).
    "crawlers.middlewares.scope.RedirectScopeMiddleware": 50,
    # Before HttpProxyMiddleware (750): routes configured hosts to an override address.
    "crawlers.middlewares.resolve.HostOverrideMiddleware": 740,
    # Replace the stock retry middleware with one that backs off.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.retry.BackoffRetryMiddleware": 550,
    # After HttpProxyMiddleware (750), so the browser gets the request's proxy; off unless the
    # crawl renders pages (crawlers/render.py).
    "crawlers.render.RenderMiddleware": 760,
    # Re-crawls ask "changed since?" (If-None-Match / If-Modified-Since from the archive) and read
    # a 304's page back from the WARC; after the WARC middleware in the response chain, so the
    # 304 is archived as it came (crawlers/middlewares/conditional.py).
    "crawlers.middlewares.conditional.ConditionalRequestMiddleware": 900,
    # Closest to the network: sees every raw response (robots.txt, redirects, errors) first.
    "crawlers.middlewares.warc.WarcMiddleware": 950,
}

EXTENSIONS = {
    # Masks user:pw@ in every log line (crawlers/extensions/redact.py).
    "crawlers.extensions.redact.RedactLogs": 0,
    # Proxy credentials never wait in the on-disk job queue (crawlers/extensions/redact.py).
    "crawlers.extensions.redact.ForgetQueuedCredentials": 0,
    "crawlers.extensions.archive.ArchiveSession": 100,
    # AUTOTHROTTLE_* as usual, but a 304 lowers the delay like a 200 (crawlers/extensions/throttle.py).
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawlers.extensions.throttle.ConditionalAutoThrottle": 0,
    "crawlers.extensions.progress.CrawlProgress": 200,
}

ITEM_PIPELINES = {
    "pipelines.normalise.NormalisePipeline": 100,
    "pipelines.deduplicate.DeduplicatePipeline": 200,
    "pipelines.index.IndexPipeline": 300,
    # After the SQLite index (always written): the cluster copy, only with --index elasticsearch.
    "pipelines.elastic.ElasticsearchPipeline": 350,
    "pipelines.export.ExportPipeline": 400,
}

# Where the archive lives (index.sqlite3, warc/, crawls/). The CLI sets it from --archive.
ARCHIVE_DIR = "archive"
# Gzipped WARC files are rotated when they pass this size (bytes).
WARC_MAX_SIZE = 1024**3
WARC_PREFIX = "portal-archive"
# Free space (bytes) a crawl keeps on the archive's disk: a WARC record that would eat into it
# stops the crawl cleanly (exit 3, resumable), leaving room to commit the index, write the report
# and keep the queue. 0 turns the check off (then only a real ENOSPC stops it).
ARCHIVE_MIN_FREE = int(os.environ.get("PORTAL_ARCHIVE_MIN_FREE", 64 * 1024**2))
# Bytes held in ARCHIVE/.disk-reserve during a crawl and released when it must stop for a full
# disk (filled by something else, or ARCHIVE_MIN_FREE = 0), so that stopping can still write.
ARCHIVE_RESERVE = 4 * 1024**2
# Host → "address:port" overrides (like curl --resolve). "*" matches every host.
HOST_OVERRIDES: dict[str, str] = {}
# Seconds between progress lines on stderr (0 disables).
PROGRESS_INTERVAL = 10.0
# Write this crawl's articles as JSONL too (pipelines/export.py); empty = off.
EXPORT_PATH = ""

# Re-crawls send conditional requests for pages the archive holds (docs/guarantees.md).
RECRAWL_CONDITIONAL = True

# Which index the crawl writes besides the archive's own SQLite index: "sqlite" (nothing more)
# or "elasticsearch". The CLI sets it from --index / PORTAL_ARCHIVE_INDEX.
INDEX_BACKEND = "sqlite"
# Cluster node URLs; the CLI fills them from ELASTICSEARCH_URL (never written here: environment only)
# without any user:pw@. Credentials never enter the settings (Scrapy logs them): the pipeline reads
# ELASTICSEARCH_API_KEY, ELASTICSEARCH_USERNAME/_PASSWORD or the URL's user:pw@ from the environment.
ELASTICSEARCH_HOSTS: list[str] = []
ELASTICSEARCH_ALIAS = "portal-articles"
# Articles per bulk request from the crawl; a failed batch is spooled (ARCHIVE/spool/).
ELASTICSEARCH_BATCH = 200
# After a failed batch, spool without trying the cluster for this many seconds.
ELASTICSEARCH_RETRY_AFTER = 30.0
ELASTICSEARCH_TIMEOUT = 10.0
