"""Export benchmark: peak memory and time of `portal-archive export` per format and archive size.

For each `--sizes` (default 100,000 and 1,000,000) an archive index is filled by bulk insert
(one `executemany` per 10,000 rows straight into `articles`: realistic Vietnamese records of
about 1 KB of text, built from the sample fixture's articles, with lists and objects filled;
the FTS index is left empty because export does not read it), then each format is exported by
`python -m crawlers.cli export` in a child process. The child's peak RSS is
`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` after it exits (one child at a time, so the
maximum is that child's). Flat peak RSS from 100k to 1M is what streaming promises.
Results are printed and appended to `bench/results/export_bench.jsonl`. Not a test.

    .venv/bin/python -m bench.export_bench [--sizes 100000 1000000] [--dir /tmp/export-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from crawlers.items import ARTICLE_FIELDS
from search.store import ArchiveStore

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "articles" / "sample.jsonl"
FORMATS = ("articles.jsonl.gz", "articles.csv", "articles.parquet")


def fill(archive: Path, count: int) -> None:
    base = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]
    with ArchiveStore.open(archive, create=True) as store:
        store.commit()
    conn = __import__("sqlite3").connect(archive / "index.sqlite3")
    conn.execute("PRAGMA synchronous = OFF")
    columns = [*ARTICLE_FIELDS, "indexed_at"]
    sql = f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    rows = []
    for n in range(count):
        r = base[n % len(base)]
        text = f"{r['text']}\n\n{base[(n * 7 + 3) % len(base)]['text']} (bản {n})"
        year = 2018 + n % 8
        values = dict(r, id=f"{n:020x}", url=f"{r['url']}?b={n}", canonical_url=f"{r['url']}?b={n}",
                      text=text, published=f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                      content_sha256=f"{n:064x}", indexed_at="2026-11-30T00:00:00+00:00",
                      published_suspect=0)
        for name in ("topics", "topic_terms", "legal_refs", "places", "tls"):
            values[name] = json.dumps(values[name], ensure_ascii=False) if values[name] else (
                None if name == "tls" else json.dumps(values[name]))
        rows.append([values.get(c) for c in columns])
        if len(rows) == 10_000:
            conn.executemany(sql, rows)
            rows.clear()
    conn.executemany(sql, rows)
    conn.commit()
    conn.close()


def export_child(archive: Path, out: Path) -> dict:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crawlers.cli", "export", "--archive", str(archive),
                    "--out", str(out)], cwd=REPO, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 1), "peak_rss_mib": round(peak_kib / 1024, 1),
            "bytes": out.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--dir", default="/tmp/export-bench")
    args = parser.parse_args()
    root = Path(args.dir)
    results = []
    for size in sorted(args.sizes):
        archive = root / f"archive-{size}"
        shutil.rmtree(archive, ignore_errors=True)
        started = time.perf_counter()
        fill(archive, size)
        print(f"{size} records inserted in {time.perf_counter() - started:.1f} s "
              f"({(archive / 'index.sqlite3').stat().st_size / 2**20:.0f} MiB index)", flush=True)
        for name in FORMATS:
            # Each export in its own child; RUSAGE_CHILDREN keeps the maximum over the children
            # that ended, so measure each in a fresh helper process of its own.
            code = ("import json,sys; from pathlib import Path; from bench.export_bench import "
                    "export_child; print(json.dumps(export_child(Path(sys.argv[1]), "
                    "Path(sys.argv[2]))))")
            out = root / f"{size}-{name}"
            line = subprocess.run([sys.executable, "-c", code, str(archive), str(out)], cwd=REPO,
                                  check=True, capture_output=True, text=True).stdout
            result = {"records": size, "format": name.removeprefix("articles."), **json.loads(line)}
            results.append(result)
            print(json.dumps(result), flush=True)
            for path in (out, Path(f"{out}.schema.json"), Path(f"{out}.card.md")):
                path.unlink()
        shutil.rmtree(archive, ignore_errors=True)
    stamp = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
             "python": platform.python_version(), "cpus": os.cpu_count()}
    with (REPO / "bench" / "results" / "export_bench.jsonl").open("a", encoding="utf-8") as fh:
        for result in results:
            fh.write(json.dumps({**stamp, **result}) + "\n")


if __name__ == "__main__":
    main()
