"""End-to-end benchmark: fetch → WARC → extract → index, with SQLite and with Elasticsearch.

The whole offline mirror is crawled into a fresh archive by the real `portal-archive crawl`
(`--env bench`: politeness off, `--workers 2`), once with `--index sqlite` and once with
`--index elasticsearch` against a real Elasticsearch 8 started here on loopback
(`search/es_runner.py`, the same node `make es` starts; or `ELASTICSEARCH_URL` when set). Each
crawl is a child process: articles/s are the crawl report's articles over its seconds, peak RSS is
the crawl process's own (`wait4`; the mirror server and Elasticsearch are not counted, nor the
extraction workers, grandchildren through the fork server). Results are printed and appended to
bench/results/end_to_end.jsonl; docs/benchmarks.md records them. Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import record, results_file, run_facts
from tests.mirror import MirrorServer, build_mirror

RESULTS = results_file("end_to_end")


@contextlib.contextmanager
def elasticsearch() -> Iterator[str]:
    url = os.environ.get("ELASTICSEARCH_URL", "").strip().rstrip("/")
    if url:
        yield url
        return
    from search import es_runner

    running = es_runner.start_elasticsearch(nodes=1)
    try:
        yield running.url
    finally:
        running.stop()


def run_once(mirror, server: MirrorServer, index: str, es_url: str | None, workers: int) -> dict:
    env = dict(os.environ) | ({"ELASTICSEARCH_URL": es_url} if es_url else {})
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        log = (Path(tmp) / "stderr.log").open("w+b")
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawlers.cli", "crawl", *[p.id for p in mirror.portals],
             "--archive", str(archive), "--resolve", f"*={server.url.removeprefix('http://')}",
             "--env", "bench", "--quiet", "--workers", str(workers), "--index", index],
            stdout=subprocess.DEVNULL, stderr=log, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        log.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"bench: crawl failed: {log.read().decode('utf-8', 'replace')[-800:]}")
        report = json.loads(next((archive / "crawls").glob("*.json")).read_text("utf-8"))
    counts = report["counts"]
    return {"index": index, "workers": workers, "pages": counts["pages"],
            "articles": counts["articles"], "crawl_seconds": counts["seconds"],
            "wall_seconds": round(wall, 1),
            "articles_per_s": round(counts["articles"] / counts["seconds"], 1),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    mirror = build_mirror()
    runs = []
    with MirrorServer(mirror, host="127.0.0.1", port=0) as server, elasticsearch() as es_url:
        for _ in range(args.runs):
            for index in ("sqlite", "elasticsearch"):  # interleaved: load hits both alike
                runs.append(run_once(mirror, server, index, es_url, args.workers))
                print(json.dumps(runs[-1]), flush=True)
    result = {**run_facts(), "runs": runs}
    record(RESULTS, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
