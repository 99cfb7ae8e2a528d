"""Re-crawl benchmark: what a second crawl of an unchanged portal fetches whole.

Each mirror portal named is crawled twice into a fresh archive through its own loopback mirror
server (`--env test`); the server's log gives the answers per crawl (200, 304, ...), the crawl
summary the article counts. A re-crawl asks "changed since?" (crawlers/middlewares/conditional.py),
so the second crawl should answer 304 for everything but robots.txt.

Results are printed and appended to bench/results/recrawl.jsonl; docs/benchmarks.md records
them. Not a test.

    .venv/bin/python -m bench.recrawl [PORTAL ...]   # default: luongson-hoabinh hoanghoa-thanhhoa
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import run_cli
from tests.mirror import MirrorServer, build_mirror

RESULTS = Path(__file__).parent / "results" / "recrawl.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portals", nargs="*", default=["luongson-hoabinh", "hoanghoa-thanhhoa"])
    args = parser.parse_args(argv)
    mirror = build_mirror(extended=True)
    portals = {p.id: p for p in mirror.portals}
    for portal_id in args.portals:
        portal = portals[portal_id]
        # The extended portals are not in the registry: crawled by their home URL.
        target = portal_id if portal_id in {p.id for p in build_mirror().portals} \
            else portal.home_url
        with tempfile.TemporaryDirectory() as tmp, MirrorServer(mirror) as server:
            row: dict = {"portal": portal_id, "date": datetime.now(UTC).isoformat(timespec="seconds")}
            for number in (1, 2):
                before = len(server.requests)
                started = time.monotonic()
                result = run_cli("crawl", target, "--archive", f"{tmp}/archive", "--resolve",
                                 f"*={server.url.removeprefix('http://')}", "--env", "test",
                                 "--quiet")
                answers = Counter(status for _, _, status in server.requests[before:])
                found = re.search(r"(\d+) articles \((\d+) new, (\d+) updated, (\d+) unchanged\)",
                                  result.stdout)
                row[f"crawl{number}"] = {
                    "exit": result.returncode, "requests": sum(answers.values()),
                    "answers": {str(k): v for k, v in sorted(answers.items())},
                    "articles": found.group(0) if found else None,
                    "wall_seconds": round(time.monotonic() - started, 1)}
            first, second = row["crawl1"], row["crawl2"]
            row["second_200_share"] = round(second["answers"].get("200", 0) / first["requests"], 3)
        print(json.dumps(row, ensure_ascii=False))
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
