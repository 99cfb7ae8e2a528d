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

Besides the peak, the crawl process's RSS is sampled over the run (`VmRSS` of /proc/PID/status
every `--every` seconds) together with the number of pages the site has served so far (counted
by the site's handler), and each sample is printed as it is taken, so a long run that is stopped
half-way can still be read. The result carries the series and a least-squares slope of RSS
against pages served (MiB per 10,000 pages) over the second half of the pages, when start-up
(imports, workers, caches filling) is over; samples taken once every page is served (the
end-of-crawl near-duplicate clustering and vanished sweep) are kept apart: their peak is
reported as `end_peak_rss_mib`. A peak alone cannot tell a step at start-up from growth per page.
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


class Served:
    """Pages served so far, counted by the site's handler threads, read by the sampler."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def add(self) -> None:
        with self._lock:
            self.value += 1


class _Site(BaseHTTPRequestHandler):
    pages = 0
    served: Served

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = urlsplit(self.path).path
        if path == "/":
            path = "/p/0.html"
        body = b""
        if path.startswith("/p/") and path.endswith(".html"):
            number = path[3:-5]
            if number.isdigit() and int(number) < self.pages:
                body = page_html(int(number), self.pages)
                self.served.add()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def rss_mib(pid: int) -> float | None:
    """The resident set of process `pid` in MiB, or None once it has exited."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def sample(pid: int, counter: Served, every: float, started: float,
           series: list[dict], done: threading.Event) -> None:
    """Append (seconds, pages served, RSS) every `every` seconds until `done`, printing each."""
    while not done.wait(every):
        rss = rss_mib(pid)
        if rss is None:
            return
        point = {"s": round(time.perf_counter() - started, 1),
                 "served": counter.value, "rss_mib": round(rss, 1)}
        series.append(point)
        print(json.dumps({"sample": point}), file=sys.stderr, flush=True)


def slope_per_10k(points: list[dict]) -> float | None:
    """Least-squares slope of RSS against pages served, in MiB per 10,000 pages."""
    if len(points) < 3:
        return None
    xs = [p["served"] for p in points]
    ys = [p["rss_mib"] for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if not spread:
        return None
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return round(covariance / spread * 10_000, 2)


def summarise(series: list[dict], pages: int) -> dict:
    """The fitted slope over the second half of the pages, and the peak after the last page."""
    crawling = [p for p in series if pages / 2 <= p["served"] < pages]
    after = [p["rss_mib"] for p in series if p["served"] >= pages]
    return {"slope_mib_per_10k_second_half": slope_per_10k(crawling),
            "slope_samples": len(crawling),
            "crawl_peak_rss_mib": max((p["rss_mib"] for p in series if p["served"] < pages),
                                      default=None),
            "end_peak_rss_mib": max(after, default=None)}


def run_once(pages: int, workers: int, env: str, every: float) -> dict:
    counter = Served()
    handler = type("Site", (_Site,), {"pages": pages, "served": counter})
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
            series: list[dict] = []
            done = threading.Event()
            sampler = threading.Thread(target=sample, daemon=True,
                                       args=(proc.pid, counter, every, started, series, done))
            sampler.start()
            _, status, usage = os.wait4(proc.pid, 0)
            done.set()
            sampler.join()
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
            "archive_mib": round(job_bytes / 2**20, 1), **summarise(series, pages),
            "every_seconds": every, "series": series}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="10000,100000",
                        help="comma-separated site sizes (default: 10000,100000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--env", default="bench")
    parser.add_argument("--every", type=float, default=5.0,
                        help="seconds between RSS samples (default: 5)")
    parser.add_argument("--code", default="",
                        help="what is measured (branch, commit), recorded with the result")
    args = parser.parse_args()
    runs = []
    for pages in (int(p) for p in args.pages.split(",")):
        runs.append(run_once(pages, args.workers, args.env, args.every))
        print(json.dumps({k: v for k, v in runs[-1].items() if k != "series"}), flush=True)
    result = {**run_facts(), "env": args.env, "runs": runs}
    if args.code:
        result["code"] = args.code
    record(RESULTS, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
