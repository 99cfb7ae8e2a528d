"""Crawl benchmark: the whole offline mirror, into a fresh archive, with the test settings.

Measures pages/s and articles/s (from the crawl report) and the crawler's peak RSS (the crawl runs
as a child process; the mirror is served from this one, so its memory is not counted).
Results are printed and appended to bench/results/crawl_mirror.jsonl; docs/benchmarks.md records
them. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.mirror import MirrorServer, build_mirror

RESULTS = Path(__file__).parent / "results" / "crawl_mirror.jsonl"


def run_once(mirror, server: MirrorServer, env: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "crawlers.cli", "crawl", *[p.id for p in mirror.portals],
             "--archive", str(archive), "--resolve", f"*={server.url.removeprefix('http://')}",
             "--env", env, "--quiet"], capture_output=True, text=True)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            sys.exit(f"bench: crawl failed ({proc.returncode}): {proc.stderr.strip()}")
        report = json.loads(next((archive / "crawls").glob("*.json")).read_text("utf-8"))
    counts = report["counts"]
    seconds = counts["seconds"]
    return {
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
    parser.add_argument("--env", default="test")
    args = parser.parse_args()
    mirror = build_mirror()
    runs = []
    with MirrorServer(mirror, host="127.0.0.1", port=0) as server:
        for n in range(args.runs):
            runs.append(run_once(mirror, server, args.env))
            print(f"run {n + 1}: {runs[-1]}", flush=True)
    # ru_maxrss of children is the largest child's peak, in KiB on Linux.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    best = max(runs, key=lambda r: r["pages_per_s"])
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "env": args.env,
        "runs": runs,
        "median_pages_per_s": sorted(r["pages_per_s"] for r in runs)[len(runs) // 2],
        "median_articles_per_s": sorted(r["articles_per_s"] for r in runs)[len(runs) // 2],
        "best": best,
        "peak_rss_mib": round(peak_mib, 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(result) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
