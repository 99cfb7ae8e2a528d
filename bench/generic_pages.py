"""Generic-path benchmark: ordinary websites' article pages, our extraction against plain Trafilatura.

Issue 8 asks that extraction be never worse than plain Trafilatura off the portals: on any real
article page, family known or not, the body text at least as good. The judge is Trafilatura's own
evaluation set - real article pages of ordinary websites (blogs, news, government sites, mostly
German and English) with, for each, snippets that must be in the main text ("with") and snippets
that must not ("without"). It is read in place from a snapshot of the Trafilatura repository
(`tests/evaldata.json`, pages in `tests/cache/` and `tests/eval/`), copied into a temporary
directory outside this repository and never committed: third-party pages stay out of it.

Scoring is Trafilatura's (`tests/eval_common.py`): whitespace-normalised substring matches,
summed over all pages into one confusion matrix; precision, recall, F1. Our text is counted when
`extract_page` says "article"; any other page type is a refusal and misses every "with" snippet
of the page (all of them are articles), which is what an archive loses.

    .venv/bin/python -m bench.generic_pages --repo /work/.mirror/adbar+trafilatura/repo

Prints the table and appends one summary line (numbers only) to
bench/results/generic_pages.jsonl; `--per-page PATH` writes per-page numbers for diagnosis.
Not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.common import record, results_file, run_facts

RESULTS = results_file("generic_pages")
# Where Trafilatura's repository keeps the pages (its `eval_common.resolve` looks in this order).
PAGE_DIRS = ("tests/cache", "tests/eval")
EVALDATA = "tests/evaldata.json"


@dataclass
class Matrix:
    """Summed snippet counts (Trafilatura's confusion matrix) and the time spent."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    seconds: float = 0.0

    def add(self, counts: tuple[int, int, int, int], seconds: float) -> None:
        """Add one page's (tp, fp, fn, tn) and its extraction time."""
        self.tp += counts[0]
        self.fp += counts[1]
        self.fn += counts[2]
        self.tn += counts[3]
        self.seconds += seconds

    def scores(self) -> dict[str, float]:
        """precision, recall, F1 as Trafilatura computes them (0.0 on an empty denominator)."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        denom = 2 * self.tp + self.fp + self.fn
        return {"precision": precision, "recall": recall, "f1": 2 * self.tp / denom if denom else 0.0}


@dataclass
class Run:
    """Both extractors over the whole set."""

    commit: str
    pages: int = 0
    missing: int = 0
    ours: Matrix = field(default_factory=Matrix)
    plain: Matrix = field(default_factory=Matrix)
    # The second reading: each side's headline, then its text (see `record_text`).
    ours_record: Matrix = field(default_factory=Matrix)
    plain_record: Matrix = field(default_factory=Matrix)
    refused: Counter[str] = field(default_factory=Counter)
    # Pages where ours finds fewer 'with' or more 'without' snippets than plain ("worse"), and
    # the reverse ("better"), for each reading ("text", "record").
    compared: Counter[str] = field(default_factory=Counter)
    crashed: int = 0


def norm(text: str) -> str:
    """Whitespace-normalise, as Trafilatura's scorer does, so line breaks cost no recall."""
    return re.sub(r"\s+", " ", text).strip()


def count_item(item: dict[str, Any], result: str | None) -> tuple[int, int, int, int]:
    """Per-page (tp, fp, fn, tn): Trafilatura's `eval_common.count_item`. None = nothing kept."""
    tp = fp = 0
    if result is not None:
        text = norm(result)
        tp = sum(1 for snippet in item["with"] if norm(snippet) in text)
        fp = sum(1 for snippet in item["without"] if norm(snippet) in text)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def record_text(title: str | None, text: str | None) -> str | None:
    """A headline and a body read as one text: what a record shows a reader.

    We keep an article's headline in the record's `title`, not in its `text`; plain Trafilatura's
    text often opens with it. Where an evaluation snippet is the headline, the text-only reading
    counts it against us although the record holds it, so the benchmark also scores each side's
    headline + text (plain's headline from its own metadata), symmetrically. None stays None.
    """
    if text is None:
        return None
    return f"{title}\n{text}" if title else text


def _worse(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """True when counts `a` find fewer 'with' or more 'without' snippets than counts `b`."""
    return a[0] < b[0] or a[1] > b[1]


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True, check=True).stdout


def materialise(repo: Path, dest: Path) -> tuple[str, dict[str, dict[str, Any]], int]:
    """Copy evaldata.json and every page it names from `repo`'s HEAD into `dest`.

    Returns the commit, the annotations of the pages found, and how many pages are absent from
    the snapshot (large blobs may be missing there): absent pages are skipped and counted.
    """
    commit = _git(repo, "rev-parse", "HEAD").decode().strip()
    evaldata: dict[str, dict[str, Any]] = json.loads(_git(repo, "show", f"{commit}:{EVALDATA}"))
    (dest / "evaldata.json").write_bytes(json.dumps(evaldata).encode())
    names = sorted({item["file"] for item in evaldata.values()})
    requests = [f"{commit}:{folder}/{name}" for name in names for folder in PAGE_DIRS]
    # One `cat-file --batch` for all pages: "<sha> blob <size>\n<bytes>\n" or "<spec> missing\n".
    output = _git(repo, "cat-file", "--batch", data="".join(f"{r}\n" for r in requests).encode())
    found: dict[str, bytes] = {}
    position = 0
    for request in requests:
        end = output.index(b"\n", position)
        header = output[position:end].decode()
        position = end + 1
        if header.endswith(" missing"):
            continue
        size = int(header.split()[2])
        name = request.rsplit("/", 1)[1]
        found.setdefault(name, output[position : position + size])
        position += size + 1
    pages = dest / "pages"
    pages.mkdir()
    for name, content in found.items():
        (pages / name).write_bytes(content)
    kept = {url: item for url, item in evaldata.items() if item["file"] in found}
    return commit, kept, len(evaldata) - len(kept)


def run(repo: Path, limit: int | None, per_page: Path | None) -> Run:
    """Extract every page with both extractors and score them."""
    from crawlers.extraction import engine, extract_page

    with tempfile.TemporaryDirectory(prefix="generic-pages-") as tmp:
        commit, evaldata, missing = materialise(repo, Path(tmp))
        result = Run(commit=commit, missing=missing)
        rows = []
        for url in sorted(evaldata)[:limit]:
            item = evaldata[url]
            body = (Path(tmp) / "pages" / item["file"]).read_bytes()
            started = time.perf_counter()
            baseline = engine.plain_trafilatura(body, url)
            plain = baseline.text
            plain_seconds = time.perf_counter() - started
            started = time.perf_counter()
            try:
                page = extract_page(body, url)
                page_type, ours = page.page_type, (page.text if page.is_article else None)
                title = page.title
            except Exception:  # a crash is a full miss, as in Trafilatura's own scorer
                page_type, ours, title = "crash", None, None
                result.crashed += 1
            ours_seconds = time.perf_counter() - started
            if ours is None:
                result.refused[page_type] += 1
            ours_counts = count_item(item, ours)
            plain_counts = count_item(item, plain or None)
            result.ours.add(ours_counts, ours_seconds)
            result.plain.add(plain_counts, plain_seconds)
            ours_record = count_item(item, record_text(title, ours))
            plain_record = count_item(item, record_text(baseline.title, plain or None))
            result.ours_record.add(ours_record, 0.0)
            for reading, ours_side, plain_side in (("text", ours_counts, plain_counts),
                                                   ("record", ours_record, plain_record)):
                result.compared[f"{reading}_worse"] += _worse(ours_side, plain_side)
                result.compared[f"{reading}_better"] += _worse(plain_side, ours_side)
            result.plain_record.add(plain_record, 0.0)
            result.pages += 1
            rows.append({
                "file": item["file"], "page_type": page_type, "ours": ours_counts, "plain": plain_counts,
                "ours_record": ours_record, "plain_record": plain_record,
                "ours_chars": len(ours or ""), "plain_chars": len(plain),
                "ours_seconds": round(ours_seconds, 4), "plain_seconds": round(plain_seconds, 4),
            })
    if per_page is not None:
        per_page.write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    return result


def report(result: Run) -> dict[str, Any]:
    """The summary line: numbers only."""
    def side(matrix: Matrix) -> dict[str, Any]:
        scores = {k: round(v, 4) for k, v in matrix.scores().items()}
        per_page = matrix.seconds / result.pages if result.pages else 0.0
        return {**asdict(matrix), **scores, "seconds": round(matrix.seconds, 2),
                "ms_per_page": round(1000 * per_page, 1)}

    return {
        **run_facts(),
        "source": "adbar/trafilatura tests/evaldata.json",
        "commit": result.commit,
        "pages": result.pages,
        "missing": result.missing,
        "refused": dict(result.refused),
        "crashed": result.crashed,
        "ours": side(result.ours),
        "plain": side(result.plain),
        "record": {"ours": side(result.ours_record), "plain": side(result.plain_record)},
        "pages_worse_better": dict(result.compared),
        "time_ratio": round(result.ours.seconds / result.plain.seconds, 2) if result.plain.seconds else None,
    }


def print_table(summary: dict[str, Any]) -> None:
    """The table docs/evaluation.md records."""
    ours, plain = summary["ours"], summary["plain"]
    refused = sum(summary["refused"].values())
    by_type = ", ".join(f"{k} {v}" for k, v in sorted(summary["refused"].items())) or "none"
    print(f"Trafilatura evaluation set at {summary['commit'][:12]}: {summary['pages']} pages "
          f"({summary['missing']} absent from the snapshot)")
    print(f"refused by portal-archive: {refused} ({100 * refused / max(summary['pages'], 1):.1f}%): {by_type}")
    print()
    print("| metric | portal-archive | plain trafilatura |")
    print("|---|---:|---:|")
    for key in ("tp", "fn", "fp", "tn"):
        label = {"tp": "'with' found", "fn": "'with' missed", "fp": "'without' found",
                 "tn": "'without' kept out"}[key]
        print(f"| {label} | {ours[key]} | {plain[key]} |")
    for key in ("precision", "recall", "f1"):
        print(f"| {key} | {ours[key]:.3f} | {plain[key]:.3f} |")
    compared = summary["pages_worse_better"]
    print(f"| pages worse / better than plain | {compared.get('text_worse', 0)} / "
          f"{compared.get('text_better', 0)} | - |")
    print(f"| ms per page | {ours['ms_per_page']} | {plain['ms_per_page']} |")
    ours_r, plain_r = summary["record"]["ours"], summary["record"]["plain"]
    print("\nheadline + text, each side's own headline (`record_text`):\n")
    print("| metric | portal-archive | plain trafilatura |")
    print("|---|---:|---:|")
    print(f"| 'with' found / 'without' found | {ours_r['tp']} / {ours_r['fp']} | {plain_r['tp']} / {plain_r['fp']} |")
    for key in ("precision", "recall", "f1"):
        print(f"| {key} | {ours_r[key]:.3f} | {plain_r[key]:.3f} |")
    print(f"| pages worse / better than plain | {compared.get('record_worse', 0)} / "
          f"{compared.get('record_better', 0)} | - |")
    print(f"\ntime ratio (ours / plain): {summary['time_ratio']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, required=True,
                        help="a clone (or bare snapshot) of github.com/adbar/trafilatura")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by URL)")
    parser.add_argument("--per-page", type=Path, default=None,
                        help="write per-page numbers here (keep it outside the repository)")
    parser.add_argument("--no-record", action="store_true", help=f"do not append to {RESULTS.name}")
    args = parser.parse_args(argv)
    if not (args.repo / "HEAD").exists() and not (args.repo / ".git").exists():
        parser.error(f"--repo {args.repo}: not a git repository; clone adbar/trafilatura there")
    summary = report(run(args.repo, args.limit, args.per_page))
    print_table(summary)
    if not args.no_record:
        record(RESULTS, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
