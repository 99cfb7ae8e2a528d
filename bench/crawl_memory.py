"""Memory benchmark: the crawler's peak RSS against the number of pages of one site.

A generated site is served on loopback from this process (so its memory is not counted): page
`/p/<i>.html` links to pages `10i+1 .. 10i+10` (a tree: the frontier holds most of the site at
once, as a big portal's does) and carries a short Vietnamese article (words drawn at random, so
no two articles are near-duplicates), so every page goes through the whole crawl (WARC,
extraction, SQLite, the end-of-crawl near-duplicate clustering). For each `--pages` size the full
`portal-archive crawl` runs as a child process (`--env bench`, `--workers` as given) into a fresh
archive, and its peak RSS is read from `wait4` (the crawl process only: extraction workers are
its grandchildren through the fork server and are not counted; each is a few tens of MiB and
their number does not depend on the site's size).

The crawl always has a JOBDIR (crawlers/cli.py): Scrapy's request queue is on disk
(`SCHEDULER_DISK_QUEUE`, pickle LIFO, one file per priority), the duplicate filter's fingerprints
are in `JOBDIR/requests.seen.sqlite3` (crawlers/dupefilter.py), the spider's URL sets and the
discovery log in `JOBDIR/spider-urls.sqlite3` (crawlers/disksets.py), and the near-duplicate LSH
bands in a temporary SQLite file (search/near_duplicates.py). Results are printed and
appended to bench/results/crawl_memory.jsonl; docs/benchmarks.md records them. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import record, results_file, run_facts

RESULTS = results_file("crawl_memory")
HOST = "memtest.example.gov.vn"
BRANCHING = 10
_WORDS = ("Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch phát triển kinh tế xã hội "
          "năm tới, đẩy mạnh chuyển đổi số, cải cách hành chính và xây dựng nông thôn mới").split()


def page_html(index: int, pages: int) -> bytes:
    """Page `index` of a site of `pages` pages: an article plus links to its children."""
    children = [c for c in range(index * BRANCHING + 1, index * BRANCHING + BRANCHING + 1)
                if c < pages]
    links = "".join(f'<li><a href="/p/{c}.html">Tin số {c}</a></li>' for c in children)
    # Words drawn at random (seeded by the page number): articles that are not copies of each
    # other, as a portal's are. (Rotations of one sentence, as first written, made every article
    # a near-duplicate of every other, and the end-of-crawl clustering quadratic in the pages.)
    draw = random.Random(index)
    words = [draw.choice(_WORDS) for _ in range(180)]
    paragraphs = "".join(f"<p>{' '.join(words[k:k + 30])}.</p>" for k in range(0, 180, 30))
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin số {index}'
            f'</title></head><body><header><a href="/">Trang chủ</a></header><main><article>'
            f'<h1>Tin số {index}: hội nghị của huyện</h1><p class="date">Ngày 12/03/2024</p>'
            f'{paragraphs}</article><ul class="related">{links}</ul></main></body></html>'
            ).encode()


class _Site(BaseHTTPRequestHandler):
    pages = 0

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = urlsplit(self.path).path
        if path == "/":
            path = "/p/0.html"
        body = b""
        if path.startswith("/p/") and path.endswith(".html"):
            number = path[3:-5]
            if number.isdigit() and int(number) < self.pages:
                body = page_html(int(number), self.pages)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def run_once(pages: int, workers: int, env: str) -> dict:
    handler = type("Site", (_Site,), {"pages": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            archive = Path(tmp) / "archive"
            started = time.perf_counter()
            log = (Path(tmp) / "stderr.log").open("w+b")
            proc = subprocess.Popen(
                [sys.executable, "-m", "crawlers.cli", "crawl", f"http://{HOST}/",
                 "--archive", str(archive), "--resolve", f"*=127.0.0.1:{server.server_port}",
                 "--env", env, "--quiet", "--workers", str(workers)],
                stdout=subprocess.DEVNULL, stderr=log)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            log.seek(0)
            stderr = log.read().decode("utf-8", "replace")
            log.close()
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"bench: crawl failed: {stderr.strip()[-800:]}")
            report = json.loads(next((archive / "crawls").glob("*.json")).read_text("utf-8"))
            job_bytes = sum(p.stat().st_size for p in archive.rglob("*") if p.is_file())
    finally:
        server.shutdown()
    counts = report["counts"]
    return {"site_pages": pages, "workers": workers, "pages": counts["pages"],
            "articles": counts["articles"], "crawl_seconds": counts["seconds"],
            "wall_seconds": round(wall, 1), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "archive_mib": round(job_bytes / 2**20, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="10000,100000",
                        help="comma-separated site sizes (default: 10000,100000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--env", default="bench")
    args = parser.parse_args()
    runs = []
    for pages in (int(p) for p in args.pages.split(",")):
        runs.append(run_once(pages, args.workers, args.env))
        print(json.dumps(runs[-1]), flush=True)
    result = {**run_facts(), "env": args.env, "runs": runs}
    record(RESULTS, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
