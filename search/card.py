"""The dataset card written beside every export (`<out>.card.md`): what the data is, where it
came from, what is missing, what each field means and how to cite it.

A card whose numbers were typed by hand goes stale with the next crawl, so every number here is
counted: the contents from the very records the export wrote (`CardStats.counting` wraps the
record stream, so no second pass over the archive), the crawls and their gaps from the store's
crawl log and the crawl reports beside it (`<archive>/crawls/NNNNNN.json`), the field list from
the shipped JSON Schema.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from search.schema import article_schema

GAP_COUNTS = {
    "robots_forbidden": "requests refused by robots.txt (not fetched)",
    "non_articles": "pages typed non-article (listings, contact pages, ...; archived, not indexed)",
    "errors": "fetch errors (timeouts, refused connections, TLS failures)",
    "http_errors": "HTTP error responses (4xx/5xx)",
    "pages_not_read": "pages archived but not read (binary bodies, over the extraction budget)",
    "downloads_over_max_size": "downloads cancelled at the size limit (neither archived nor read)",
    "traps_cut": "crawler-trap links cut",
    "duplicates_dropped": "duplicate pages dropped within a crawl",
}
"""Crawl-log counts (crawlers/extensions/archive.py `crawl_report`) that say what is NOT in the
data, and how the card names them."""


@dataclass
class CardStats:
    """Counts over the exported records, gathered while they stream past."""

    total: int = 0
    by_province: Counter = field(default_factory=Counter)
    by_portal: Counter = field(default_factory=Counter)
    by_year: Counter = field(default_factory=Counter)
    by_topic: Counter = field(default_factory=Counter)
    by_extractor: Counter = field(default_factory=Counter)
    undated: int = 0
    published_suspect: int = 0
    clustered: int = 0
    cluster_firsts: int = 0
    multi_clusters: set = field(default_factory=set)
    """Ids of clusters with a copy that is not the first: few (copies are rare), so kept."""
    first_published: str | None = None
    last_published: str | None = None

    def add(self, record: dict[str, Any]) -> None:
        self.total += 1
        self.by_province[record.get("province") or "unknown"] += 1
        self.by_portal[record.get("portal") or "unknown"] += 1
        published = record.get("published")
        self.by_year[published[:4] if published else "undated"] += 1
        if published:
            self.first_published = min(self.first_published or published, published)
            self.last_published = max(self.last_published or published, published)
        else:
            self.undated += 1
        for topic in record.get("topics") or []:
            self.by_topic[topic] += 1
        self.by_extractor[record.get("extractor_version") or "unknown"] += 1
        self.published_suspect += bool(record.get("published_suspect"))
        if record.get("cluster_id") is not None:
            self.clustered += 1
            if record.get("cluster_first"):
                self.cluster_firsts += 1
            else:
                self.multi_clusters.add(record["cluster_id"])

    def counting(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            self.add(record)
            yield record


def _package_version() -> str:
    try:
        return version("portal-archive")
    except PackageNotFoundError:
        return "unknown"


def _table(header: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |"
              for row in rows]
    return lines


def _counts(title: str, label: str, counter: Counter, total: int) -> list[str]:
    rows = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return ["", f"### {title}", "", *_table((label, "articles", "share"),
            ((k, n, f"{n / total:.1%}" if total else "-") for k, n in rows))]


@dataclass
class CrawlLog:
    """What the archive's index and reports say about the crawls (empty for an Elasticsearch
    export without the archive)."""

    crawls: list[dict[str, Any]] = field(default_factory=list)
    reports: dict[int, dict[str, Any]] = field(default_factory=dict)
    portals_with_articles: set[str] = field(default_factory=set)
    source: str = ""

    @classmethod
    def of_store(cls, store: Any) -> CrawlLog:
        reports = {}
        for path in sorted((Path(store.path).parent / "crawls").glob("*.json")):
            try:
                report = json.loads(path.read_text("utf-8"))
                reports[int(report["crawl_id"])] = report
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a torn or foreign file: the store's counts still stand
        return cls(crawls=store.crawls(), reports=reports,
                   portals_with_articles=set(store.stats()["by_portal"]), source=str(store.path))


def _selection_lines(selection: Any) -> list[str]:
    lines = []
    filters = selection.filters
    for name in ("province", "district", "portal", "topic", "legal_ref", "since", "until"):
        value = getattr(filters, name)
        if value is not None:
            lines.append(f"- `--{name.replace('_', '-')}` {value}")
    if selection.query:
        lines.append(f"- `--query` {selection.query}")
    if selection.dedupe:
        lines.append("- `--dedupe`: only the earliest matching copy of each near-duplicate cluster")
    return lines or ["- every article in the index (no filter, no query, no deduplication)"]


def _crawl_lines(log: CrawlLog) -> list[str]:
    if not log.crawls and log.source:
        return ["", f"`{log.source}` records no crawl: its articles were indexed without one."]
    if not log.crawls:
        return ["", "No crawl log: exported without the archive's SQLite index (e.g. from "
                "Elasticsearch alone), so crawls, settings and gaps are not known here."]
    crawls = log.crawls
    portals = sorted({p for c in crawls for p in c["portals"] or []})
    starts = [c["started_at"] for c in crawls]
    ends = [c["finished_at"] for c in crawls if c["finished_at"]]
    lines = ["", f"{len(crawls)} crawl(s) recorded in `{log.source}`, started {min(starts)} to "
             f"{max(starts)}, last finished {max(ends) if ends else 'never'}; "
             f"{len(portals)} registry portal(s): {', '.join(portals) or 'none (start URLs only)'}.",
             "", *_table(("crawl", "status", "started", "finished", "portals / start URLs",
                          "pages", "articles"),
                         ((c["id"], c["status"], c["started_at"], c["finished_at"] or "-",
                           ", ".join(c["portals"] or []) or ", ".join(c["start_urls"] or []),
                           (c["stats"] or {}).get("pages", "-"),
                           (c["stats"] or {}).get("articles", "-")) for c in crawls))]
    settings: dict[str, set[str]] = {}
    for crawl in crawls:
        for name, value in (crawl["settings"] or {}).items():
            settings.setdefault(name, set()).add(json.dumps(value, ensure_ascii=False))
    if settings:
        lines += ["", "Settings recorded with the crawls (every distinct value):", "",
                  *_table(("setting", "value(s)"),
                          ((f"`{k}`", ", ".join(f"`{v}`" for v in sorted(vs)))
                           for k, vs in sorted(settings.items())))]
    return lines


def _gap_lines(stats: CardStats, log: CrawlLog) -> list[str]:
    lines = []
    unfinished = [c for c in log.crawls if c["status"] != "finished"]
    for crawl in unfinished:
        lines.append(f"- crawl {crawl['id']} ended `{crawl['status']}`: it may have stopped "
                     "before reaching every page")
    sums = Counter()
    for crawl in log.crawls:
        for name in GAP_COUNTS:
            sums[name] += int((crawl["stats"] or {}).get(name, 0) or 0)
    for name, meaning in GAP_COUNTS.items():
        if sums[name]:
            lines.append(f"- {sums[name]} {meaning}")
    not_indexed = Counter()
    for report in log.reports.values():
        for portal in (report.get("discovery") or {}).values():
            not_indexed.update(portal.get("not_indexed") or {})
    if not_indexed:
        lines.append("- archived, not indexed, by page type: " + ", ".join(
            f"{kind} {n}" for kind, n in sorted(not_indexed.items(), key=lambda kv: (-kv[1], kv[0]))))
    crawled = {p for c in log.crawls for p in c["portals"] or []}
    empty = sorted(crawled - log.portals_with_articles)
    if empty:
        lines.append(f"- {len(empty)} portal(s) crawled without a single article in the archive "
                     f"(unreachable, refused, or not yet supported): {', '.join(empty)}")
    if stats.undated:
        lines.append(f"- {stats.undated} exported article(s) have no publication date (`published` "
                     "null: the page gives none, and the archive never guesses)")
    if stats.published_suspect:
        lines.append(f"- {stats.published_suspect} exported article(s) carry a suspect date "
                     "(`published_suspect`: a day many unrelated articles of the portal share)")
    if stats.total - stats.clustered:
        lines.append(f"- {stats.total - stats.clustered} exported article(s) were not clustered "
                     "for near-duplicates (`cluster_id` null: run a crawl or `reextract`)")
    return lines or ["- none recorded"]


def _field_lines() -> list[str]:
    schema = article_schema()
    rows = []
    for name, spec in schema["properties"].items():
        kind = spec.get("type") or ("object or null" if "oneOf" in spec else "")
        kind = " or ".join(kind) if isinstance(kind, list) else kind
        rows.append((f"`{name}`", kind, spec.get("description", "")))
    return _table(("field", "type", "meaning"), rows)


def render_card(stats: CardStats, *, context: CrawlLog | None, selection: Any, out: str,
                fmt: str, schema_file: str | None) -> str:
    log = context or CrawlLog()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    package = _package_version()
    schema_version = article_schema()["properties"]["schema_version"]["const"]
    span = (f"published {stats.first_published} to {stats.last_published}"
            if stats.first_published else "no dated article")
    lines = [
        f"# Dataset card: {Path(out).name if out != '-' else 'export'}",
        "",
        f"Articles from Vietnamese local-government web portals, archived by portal-archive "
        f"{package} and exported {now} as {fmt} (record `schema_version` {schema_version}; "
        f"JSON Schema: `{Path(schema_file).name if schema_file else 'search/schema/article.schema.json'}`).",
        "",
        f"**{stats.total} articles**, {span}, from {len(stats.by_portal)} portal(s) in "
        f"{len(stats.by_province)} province(s).",
        "",
        "## Selection",
        "",
        *_selection_lines(selection),
        "",
        "## What was crawled",
        *_crawl_lines(log),
        "",
        "Extractor versions of the exported records (`extractor_version`):",
        "",
        *_table(("extractor", "articles"), sorted(stats.by_extractor.items())),
        "",
        "## Contents",
        *_counts("By province", "province", stats.by_province, stats.total),
        *_counts("By portal", "portal", stats.by_portal, stats.total),
        "",
        "### By year",
        "",
        *_table(("year", "articles"), sorted(stats.by_year.items())),
        *_counts("By topic", "topic", stats.by_topic, stats.total),
        "",
        "An article may carry several topics or none, so topic counts need not add up to the total.",
        "",
        "### Near-duplicates",
        "",
        f"{stats.clustered} of {stats.total} articles clustered; {len(stats.multi_clusters)} "
        f"cluster(s) have copies in this export, {stats.clustered - stats.cluster_firsts} article(s) "
        "are later copies (`cluster_first` false).",
        "",
        "## Known gaps",
        "",
        *_gap_lines(stats, log),
        "",
        "## Fields",
        "",
        *_field_lines(),
        "",
        "## How to cite",
        "",
        f"portal-archive contributors. *Vietnamese local-government portal articles* "
        f"({stats.total} articles, {span}). Exported {now[:10]} with portal-archive {package}, "
        f"record schema version {schema_version}.",
        "",
        "```bibtex",
        "@misc{portal_archive_" + now[:10].replace("-", "") + ",",
        "  title = {Vietnamese local-government portal articles},",
        "  author = {{portal-archive contributors}},",
        f"  year = {{{now[:4]}}},",
        f"  note = {{{stats.total} articles, {span}; portal-archive {package}, "
        f"record schema version {schema_version}; exported {now[:10]}}}",
        "}",
        "```",
        "",
    ]
    return "\n".join(lines)
