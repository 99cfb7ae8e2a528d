"""Crawl benchmark: the whole offline mirror, into a fresh archive, against `scrapy bench`.

Measures pages/s and articles/s (from the crawl report) and the crawler's peak RSS (the crawl runs
as a child process; the mirror is served from this one, so its memory is not counted), for each
`--workers` count asked (extraction worker processes, crawlers/workers.py; 0 = in the reactor),
and, in the same run, Scrapy's own `scrapy bench` (a follow-all spider against Scrapy's local
server, no extraction, no archive): the ratio says what the archive and extraction cost against
the bare tool. `--env bench` (the default) turns politeness delays off (settings/bench.py).
Results are printed and appended to bench/results/crawl_mirror.jsonl; docs/benchmarks.md records
them. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import record, results_file, run_facts
from tests.mirror import MirrorServer, build_mirror

RESULTS = results_file("crawl_mirror")


def scrapy_bench(seconds: int = 10) -> float:
    """Pages/s of `scrapy bench` over `seconds` (its own log lines, after the first minute line)."""
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy.cmdline", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}",
         "-s", "LOGSTATS_INTERVAL=1"], capture_output=True, text=True, cwd=tempfile.gettempdir())
    counts = [int(n) for n in re.findall(r"Crawled (\d+) pages", proc.stderr)]
    if not counts:
        sys.exit(f"bench: scrapy bench printed no counts: {proc.stderr[-500:]}")
    return round(max(counts) / seconds, 1)


def run_once(mirror, server: MirrorServer, env: str, workers: int | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "crawlers.cli", "crawl", *[p.id for p in mirror.portals],
             "--archive", str(archive), "--resolve", f"*={server.url.removeprefix('http://')}",
             "--env", env, "--quiet", *(["--workers", str(workers)] if workers is not None else [])],
            capture_output=True, text=True)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            sys.exit(f"bench: crawl failed ({proc.returncode}): {proc.stderr.strip()}")
        report = json.loads(next((archive / "crawls").glob("*.json")).read_text("utf-8"))
    counts = report["counts"]
    seconds = counts["seconds"]
    return {
        "workers": workers,
        "pages": counts["pages"],
        "articles": counts["articles"],
        "crawl_seconds": seconds,
        "wall_seconds": round(wall, 2),
        "pages_per_s": round(counts["pages"] / seconds, 1),
        "articles_per_s": round(counts["articles"] / seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--env", default="bench")
    parser.add_argument("--workers", default="0,2",
                        help="comma-separated extraction worker counts to compare (default: 0,2)")
    args = parser.parse_args()
    mirror = build_mirror()
    worker_counts = [int(w) for w in args.workers.split(",")]
    runs: dict[int, list[dict]] = {w: [] for w in worker_counts}
    bench_runs: list[float] = []
    with MirrorServer(mirror, host="127.0.0.1", port=0) as server:
        for n in range(args.runs):
            for workers in worker_counts:  # interleaved: machine load hits every setting alike
                runs[workers].append(run_once(mirror, server, args.env, workers))
                print(f"run {n + 1}, {workers} workers: {runs[workers][-1]}", flush=True)
            # `scrapy bench` once per round too: one 10 s run of it gave 51 and 91 pages/s five
            # minutes apart on a quiet machine, so a single run set the ratio by itself.
            bench_runs.append(scrapy_bench())
            print(f"run {n + 1}, scrapy bench: {bench_runs[-1]} pages/s", flush=True)
    # ru_maxrss of children is the largest child's peak, in KiB on Linux.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    bench_pages_per_s = median(bench_runs)
    by_workers = {
        str(w): {"median_pages_per_s": median([r["pages_per_s"] for r in rs]),
                 "median_articles_per_s": median([r["articles_per_s"] for r in rs]),
                 "ratio_to_scrapy_bench": round(median([r["pages_per_s"] for r in rs])
                                                / bench_pages_per_s, 2),
                 "runs": rs}
        for w, rs in runs.items()}
    result = {
        **run_facts(),
        "env": args.env,
        "scrapy_bench_pages_per_s": bench_pages_per_s,
        "scrapy_bench_runs": bench_runs,
        "by_workers": by_workers,
        "peak_rss_mib": round(peak_mib, 1),
    }
    record(RESULTS, result)
    print(json.dumps({k: v for k, v in result.items() if k != "by_workers"}
                     | {"by_workers": {w: {k: v for k, v in r.items() if k != "runs"}
                                       for w, r in by_workers.items()}}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
