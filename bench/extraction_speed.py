"""Extraction speed: `extract_page` against plain `trafilatura.bare_extraction`, page by page.

Issue 12 asks that extraction cost at most 1.3x plain Trafilatura's time per page on the real
portal pages of the labelled corpus (`../shared/corpus`, the pages `make eval` judges). Both
extractors run in the same process, on the same bytes, alternately page by page and round by
round, so the machine's load (2 cores shared with other jobs) weighs on both alike. The ratio
reported is of medians over rounds of the total time of all pages.

    .venv/bin/python -m bench.extraction_speed [--rounds 5] [--profile N]

Plain is what a project calling Trafilatura directly gets: `bare_extraction(body, url=url)` on
the raw bytes (its own decoding, its own parse, metadata included). Ours is `extract_page(body,
url)` (decoding, family detection, pruning, headline/date/byline, body, page typing, legal refs,
places). One summary line (numbers only) is appended to bench/results/extraction_speed.jsonl.
`--profile N` prints the N most expensive functions of ours (cProfile, cumulative) instead.
Not a test: timings live here and in docs/benchmarks.md, never in assertions.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

import trafilatura

from bench.common import record, results_file, run_facts
from crawlers.extraction.evaluate import CORPUS, labelled_pages
from crawlers.extraction.page import extract_page

RESULTS = results_file("extraction_speed")


def _plain(body: bytes, url: str) -> object:
    return trafilatura.bare_extraction(body, url=url)


def measure(pages: list[tuple[bytes, str]], rounds: int) -> dict[str, object]:
    """Median over `rounds` of the total seconds of each extractor over all pages."""
    ours_totals: list[float] = []
    plain_totals: list[float] = []
    for body, url in pages:  # warm-up: imports, compiled XPaths and regexes of both
        extract_page(body, url)
        _plain(body, url)
    for _ in range(rounds):
        ours = plain = 0.0
        for body, url in pages:
            started = time.perf_counter()
            extract_page(body, url)
            ours += time.perf_counter() - started
            started = time.perf_counter()
            _plain(body, url)
            plain += time.perf_counter() - started
        ours_totals.append(ours)
        plain_totals.append(plain)
    ours_median = statistics.median(ours_totals)
    plain_median = statistics.median(plain_totals)
    return {
        **run_facts(),
        "trafilatura": trafilatura.__version__,
        "pages": len(pages),
        "rounds": rounds,
        "ours_ms_per_page": round(1000 * ours_median / len(pages), 1),
        "plain_ms_per_page": round(1000 * plain_median / len(pages), 1),
        "ratio": round(ours_median / plain_median, 2),
        "ratio_per_round": [round(o / p, 2) for o, p in zip(ours_totals, plain_totals, strict=True)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print cProfile's N most expensive functions of ours and exit")
    parser.add_argument("--no-record", action="store_true", help=f"do not append to {RESULTS.name}")
    args = parser.parse_args(argv)
    pages = [(page.body, page.label["url"]) for page in labelled_pages(args.corpus)]
    if not pages:
        parser.error(f"--corpus {args.corpus}: no labelled pages there")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for body, url in pages:
            extract_page(body, url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
        return 0
    summary = measure(pages, args.rounds)
    print(f"{summary['pages']} corpus pages, {summary['rounds']} rounds (median of round totals)")
    print(f"ours  {summary['ours_ms_per_page']} ms/page (extract_page)")
    print(f"plain {summary['plain_ms_per_page']} ms/page (trafilatura.bare_extraction)")
    print(f"ratio {summary['ratio']} (per round: {summary['ratio_per_round']})")
    if not args.no_record:
        record(RESULTS, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
