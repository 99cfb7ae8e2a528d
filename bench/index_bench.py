"""Index benchmark: bulk indexing and search latency, Elasticsearch vs the SQLite store.

The corpus is deterministic (`--seed`): `--articles` (default 50,000) district-portal news items
written by the offline mirror's generator (`tests/mirror/content.py` over the sentence banks of
`tests/mirror/banks.py`: real Vietnamese administrative prose with names, dates and numbers), spread
over the mirror's five portals and 2018–2025, with topics tagged by the real tagger (title + lead). The same
records go into

- a fresh SQLite archive index (`ArchiveStore.upsert_article`, committed in its batches), and
- a fresh Elasticsearch index (`ElasticIndex.write_articles`, `streaming_bulk` chunks of 500),
  against `ELASTICSEARCH_URL`, or a node started here with `search.es_runner` (1 GB heap).

Then a fixed query set (accented and folded words, phrases, OR, prefix, filters) runs `--rounds`
times on each backend after one warm-up round; p50/p95 of the per-query wall time are reported,
for `search(limit=20)` and for `--facets`. Results are printed and appended to
`bench/results/index_bench.jsonl`; docs/benchmarks.md records them. Not a test.

    .venv/bin/python -m bench.index_bench [--articles 50000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawlers.extraction.topics import tag_topics
from search.elastic import ElasticIndex
from search.facets import sqlite_facets
from search.query import Filters, Query, parse_query
from search.store import ArchiveStore
from tests.mirror.content import PORTAL_DEFS, _generate

RESULTS = Path(__file__).parent / "results" / "index_bench.jsonl"
QUERIES: tuple[tuple[str, Filters], ...] = (
    ("chuyển đổi số", Filters()),
    ("chuyen doi so", Filters()),
    ('"cải cách hành chính"', Filters()),
    ('"nông thôn mới"', Filters(since=datetime(2022, 1, 1).date())),
    ("dịch vụ công trực tuyến", Filters(province="nghe an")),
    ("IOC OR \"trung tâm điều hành\"", Filters()),
    ("điện*", Filters()),
    ("hội nghị -covid", Filters(topic="admin-reform")),
    ("y tế", Filters(district="cao loc")),
    ("Đảng bộ", Filters(until=datetime(2020, 12, 31).date())),
    ("tiêm chủng", Filters()),
    ('"Tổ công nghệ số cộng đồng"', Filters(portal="nghiloc-nghean")),
)


def corpus(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """`n` article records, the same for the same seed."""
    rng = random.Random(seed)
    start, span = datetime(2018, 1, 2, 7, 0), (datetime(2025, 6, 28) - datetime(2018, 1, 2)).days
    for i in range(n):
        portal = PORTAL_DEFS[i % len(PORTAL_DEFS)]
        when = start + timedelta(days=rng.randrange(span), hours=rng.randint(0, 9), minutes=rng.randrange(60))
        spec = _generate(portal, rng, rng.randrange(3), when, i, set())
        text = "\n\n".join(spec.paragraphs)
        url = f"http://{portal.host}/tin-tuc/{spec.slug}-{i}"
        yield {
            "id": hashlib.sha256(url.encode()).hexdigest()[:20],
            "url": url,
            "canonical_url": url,
            "portal": portal.id,
            "province": portal.province,
            "district": portal.district,
            "title": spec.title,
            "text": text,
            "published": spec.published.isoformat() if spec.published else None,
            "author": spec.author,
            "source": spec.source,
            "language": "vi",
            # The real tagger over title + lead: over the whole text it would triple generation time.
            "topics": tag_topics(spec.title, spec.paragraphs[0]),
            "cms": portal.family,
            "fetched_at": "2026-11-23T00:00:00+00:00",
            "content_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "warc_file": None,
            "warc_record_id": None,
            "http_status": 200,
        }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def latencies(run: Callable[[Query], Any], queries: list[Query], rounds: int) -> dict[str, float]:
    for query in queries:  # warm-up: caches, JIT, page cache
        run(query)
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 95), 2),
            "n": len(times)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    records = list(corpus(args.articles, args.seed))
    generated = time.perf_counter() - started
    chars = sum(len(r["text"]) for r in records)
    print(f"corpus: {len(records)} articles, {chars / len(records):.0f} characters on average, "
          f"generated in {generated:.1f}s", file=sys.stderr)
    queries = [parse_query(text, filters) for text, filters in QUERIES]
    result: dict[str, Any] = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{os.cpu_count()} vCPU {platform.machine()}, Python {platform.python_version()}",
        "articles": len(records),
        "avg_chars": round(chars / len(records)),
        "queries": len(queries),
        "rounds": args.rounds,
    }

    with tempfile.TemporaryDirectory() as tmp:
        with ArchiveStore.open(tmp, create=True) as store:
            t0 = time.perf_counter()
            for record in records:
                store.upsert_article(record)
            store.commit()
            seconds = time.perf_counter() - t0
            result["sqlite"] = {"index_docs_per_s": round(len(records) / seconds), "index_seconds": round(seconds, 1),
                                "file_mib": round(Path(tmp, "index.sqlite3").stat().st_size / 2**20, 1)}
            result["sqlite"]["search"] = latencies(lambda q: store.search(q, limit=20), queries, args.rounds)
            result["sqlite"]["facets"] = latencies(lambda q: sqlite_facets(store, q), queries, max(1, args.rounds // 4))
        print(f"sqlite: {result['sqlite']}", file=sys.stderr)

    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    running = None
    if not url:
        from search import es_runner

        running = es_runner.start_elasticsearch()
        url = running.url
    try:
        with ElasticIndex.connect(url, alias="bench-articles", request_timeout=120) as es:
            es.drop()
            es.ensure_index()
            t0 = time.perf_counter()
            written = es.write_articles(records, skip_unchanged=False)
            es.refresh()
            seconds = time.perf_counter() - t0
            assert not written.failed and es.count_articles() == len(records)
            stats = es.client.indices.stats(index=es.alias, metric="store")["_all"]["primaries"]["store"]
            result["elasticsearch"] = {
                "index_docs_per_s": round(len(records) / seconds), "index_seconds": round(seconds, 1),
                "store_mib": round(stats["size_in_bytes"] / 2**20, 1),
                # (`GET /` is a module the test distribution lacks; the nodes list has the version.)
                "version": es.client.cat.nodes(format="json", h="version")[0]["version"],
            }
            es.client.indices.forcemerge(index=es.alias, max_num_segments=1)  # a settled index, like SQLite's
            result["elasticsearch"]["search"] = latencies(lambda q: es.search(q, limit=20), queries, args.rounds)
            result["elasticsearch"]["facets"] = latencies(es.facets, queries, max(1, args.rounds // 4))
            es.drop()
        print(f"elasticsearch: {result['elasticsearch']}", file=sys.stderr)
    finally:
        if running is not None:
            running.stop()

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(result, ensure_ascii=False) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
