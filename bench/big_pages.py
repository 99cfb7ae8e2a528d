"""Big-page benchmark: what one huge or binary page costs extraction and the crawl around it.

Three parts, each measured in a fresh process (peak RSS is that process's own `ru_maxrss`):

1. **extraction** - `extract_page` on a generated Vietnamese article page (tests/bounded_portal.py:
   real article markup, the mirror's prose with places and legal references, repeated) of
   0.5-1.9 MiB (within the budget), and, with the budget lifted (`--uncapped`, on by default), of
   4 and 20 MiB: time and peak RSS per size show that every step is linear;
2. **crawl** - a loopback portal (4 normal articles) crawled with the `test` settings, alone and
   beside one 4 MB page, one 20 MB page, one 50 MB binary body served as text/html: crawl time,
   wall time and the crawler's peak RSS;
3. **pathological inputs** - texts that made a regex backtrack or a loop go quadratic before.

Results are printed and appended to bench/results/big_pages.jsonl; docs/benchmarks.md records
them. Not a test.

    .venv/bin/python -m bench.big_pages [--no-uncapped]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import record, results_file, run_facts
from tests.bounded_portal import HOST, MIB, BoundedPortal, crawl_with_rusage

RESULTS = results_file("big_pages")
EXTRACT_SIZES = (0.5, 1, 1.9)
UNCAPPED_SIZES = (4, 20)
CRAWL_CASES: tuple[tuple[str, dict[str, tuple[int, ...]]], ...] = (
    ("4 articles only", {}),
    ("+ 4 MB HTML", {"big_pages": (4 * MIB,)}),
    ("+ 20 MB HTML", {"big_pages": (20 * MIB,)}),
    ("+ 50 MB binary as text/html", {"binary_pages": (50 * MIB,)}),
)


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def extract_one(size_mib: float, uncapped: bool) -> dict:
    """In this (fresh) process: extract one generated page of `size_mib`; time and peak RSS."""
    from crawlers.extraction import budget, extract_page
    from tests.bounded_portal import article, big_article

    if uncapped:
        # The budget check is the one thing measured away: how the steps scale past it.
        budget.skip_reason.__kwdefaults__["max_bytes"] = None
    extract_page(article("Khởi động"), f"http://{HOST}/tin-tuc/a.html")  # gazetteer, imports
    body = big_article(int(size_mib * MIB))
    baseline = _peak_rss_mib()
    started = time.perf_counter()
    page = extract_page(body, f"http://{HOST}/tin-tuc/bao-cao.html")
    seconds = time.perf_counter() - started
    return {"size_mib": size_mib, "uncapped": uncapped, "page_type": page.page_type,
            "text_chars": len(page.text), "places": len(page.places),
            "legal_refs": len(page.legal_refs), "seconds": round(seconds, 2),
            "peak_rss_mib": _peak_rss_mib(), "rss_before_mib": baseline}


def run_extract(size_mib: float, uncapped: bool) -> dict:
    proc = subprocess.run([sys.executable, "-m", "bench.big_pages", "--one", str(size_mib)]
                          + (["--uncapped"] if uncapped else []),
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def run_crawl(name: str, pages: dict[str, tuple[int, ...]]) -> dict:
    with tempfile.TemporaryDirectory() as tmp, BoundedPortal(**pages) as portal:
        archive = Path(tmp) / "archive"
        started = time.perf_counter()
        result, peak = crawl_with_rusage(portal.url, "--resolve", f"{HOST}={portal.address}",
                                         "--archive", str(archive), "--env", "test", "--quiet")
        wall = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"bench: crawl failed ({result.returncode}): {result.stderr.strip()}")
        report = json.loads(next((archive / "crawls").glob("*.json")).read_text("utf-8"))
    counts = report["counts"]
    return {"case": name, "articles": counts["articles"], "pages_not_read": counts["pages_not_read"],
            "crawl_seconds": counts["seconds"], "wall_seconds": round(wall, 2),
            "peak_rss_mib": round(peak / MIB, 1)}


def pathological() -> list[dict]:
    from crawlers.extraction.legal_refs import find_legal_refs
    from crawlers.extraction.places import find_places

    cases = {
        "legal refs: 100,000 capitals after 'số 1/'":
            lambda: find_legal_refs("theo Quyết định số 1/" + "A" * 100_000 + "bc"),
        "places: 90,000 spaces between two units":
            lambda: find_places(None, "xã Nghi Tiến" + " " * 90_000 + "x huyện Nghi Lộc"),
        "places: 2,500 chained mentions (100,000 chars)":
            lambda: find_places(None, "Nghệ An và xã Nghi Tiến, huyện Nghi Lộc. " * 2_500),
    }
    find_places(None, "tỉnh Nghệ An")  # load the gazetteer outside the timings
    out = []
    for name, call in cases.items():
        started = time.perf_counter()
        call()
        out.append({"case": name, "seconds": round(time.perf_counter() - started, 3)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--uncapped", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-uncapped", action="store_true",
                        help="skip the 4 and 20 MiB extractions past the budget (~1 GB RSS)")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(extract_one(args.one, args.uncapped)))
        return 0
    extraction = [run_extract(size, False) for size in EXTRACT_SIZES]
    extraction += [run_extract(size, False) for size in UNCAPPED_SIZES]
    if not args.no_uncapped:
        extraction += [run_extract(size, True) for size in UNCAPPED_SIZES]
    for row in extraction:
        print(row, flush=True)
    crawls = []
    for name, pages in CRAWL_CASES:
        crawls.append(run_crawl(name, pages))
        print(crawls[-1], flush=True)
    patho = pathological()
    for row in patho:
        print(row, flush=True)
    result = {
        **run_facts(),
        "extraction": extraction,
        "crawls": crawls,
        "pathological": patho,
    }
    record(RESULTS, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
