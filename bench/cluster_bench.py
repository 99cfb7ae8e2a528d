"""Near-duplicate clustering cost (search/near_duplicates.py): what the end of a crawl pays.

`--articles` (default 20,000) distinct generated district-portal articles (bench/index_bench.py's
deterministic corpus: the offline mirror's generator over real Vietnamese sentence banks) go into
a fresh SQLite index; `ArchiveStore.cluster_near_duplicates()` then runs twice: the first run
hashes every article, the second only what changed (nothing), as a re-crawl does. Peak RSS is
this process's. Not a test.

    .venv/bin/python -m bench.cluster_bench [--articles 20000]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time

from bench.index_bench import corpus
from search.store import ArchiveStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root, \
            ArchiveStore.open(root, create=True, batch_size=5000) as store:
        for record in corpus(args.articles, args.seed):
            store.upsert_article(record)
        store.commit()
        for run in ("first", "again"):
            started = time.perf_counter()
            counts = store.cluster_near_duplicates()
            store.commit()
            print(f"{run}: {time.perf_counter() - started:.1f} s {counts}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB (insert included)")


if __name__ == "__main__":
    main()
