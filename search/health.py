"""Portal health and crawl reports, read from the archive's index (never written).

Every figure comes from what the crawls already record: the `crawls` table and each crawl's
counts (the report `crawls/<id>.json` holds the same), the crawl log `fetches` (one row per
request outcome), the `articles` table, and - only for robots.txt - the WARC records the crawl
log points at. Nothing here is estimated: a figure the archive cannot tell (the bytes of one
portal, the earlier versions of an article) is left out rather than guessed.

Changes per run go through `article_changes`, the one place that knows how "new / changed /
removed" is read from the archive (see its docstring for what it reads today).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from crawlers.urls import scope_of
from search.store import ArchiveStore

DEFAULT_SILENT_DAYS = 30
_OFF_HOST = re.compile(r"^redirect out of scope: from (\S+) to ([^,\s]+)")


@dataclass
class PortalRun:
    """One portal in one crawl."""

    portal: str
    pages: int = 0
    new: int = 0
    changed: int = 0
    removed: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    bytes: int | None = None
    """Response bytes archived (None for crawls made before the report kept them per portal)."""
    robots: int = 0
    """Responses to robots.txt among `pages` (left out of the error rate: a missing robots.txt
    is normal, and the crawl's own error counts leave them out too)."""

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class CrawlRun:
    id: int
    started: str
    finished: str | None
    status: str
    seconds: float
    pages: int
    new: int
    changed: int
    errors: int
    bytes: int
    portals: dict[str, PortalRun]


@dataclass
class Health:
    portal: str
    articles: int
    last_published: str | None
    days_without_updates: int | None
    last_crawl: int | None
    error_rate: float | None
    flags: list[str] = field(default_factory=list)


@dataclass
class Report:
    generated: str
    archive: str
    silent_days: int
    runs: list[CrawlRun]
    health: list[Health]
    articles_per_month: dict[str, dict[str, int]]
    """portal -> "YYYY-MM" -> articles published that month (suspect dates left out)."""
    undated: dict[str, int]


def portal_key(portal: str | None, url: str) -> str:
    """The portal a fetch belongs to: its registry id, else the host[:port] of its URL (a crawl
    of a start URL outside the registry), which is also what such articles carry."""
    return portal or scope_of(url)


def error_kind(kind: str, status: int | None, error: str | None) -> str | None:
    """`HTTP 404`, `DownloadTimeoutError`, ... for failed fetches; None for everything else."""
    if kind == "http-error":
        return f"HTTP {status}"
    if kind == "error":
        return (error or "error").split(":", 1)[0].strip() or "error"
    return None


def article_changes(store: ArchiveStore, crawls: list[dict[str, Any]]) -> dict[int, dict[str, Counter]]:
    """New, changed and removed articles per crawl (by id) and portal, for `crawls` (rows of
    `store.crawls()`).

    - new: stored articles whose URL was first fetched as a page in that crawl (the crawl log
      covers every archive, including those from before versions were kept);
    - changed: article versions after the first that a crawl saw first (`article_versions`,
      search/versions.py): every change is counted in the crawl that saw it;
    - removed: articles marked removed (404/410) in that crawl and not back since
      (`article_removals`).
    An index opened read-only before the version tables existed has no changes or removals to
    count; `reextract` rebuilds them from the WARC files.
    """
    del crawls  # every crawl's figures come from the same few grouped queries
    changes: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for row in store.rows(
            "SELECT f.first AS crawl, a.portal, count(*) AS n FROM articles a JOIN "
            "(SELECT url, min(crawl_id) AS first FROM fetches WHERE kind = 'page' GROUP BY url) f "
            "ON f.url = a.url GROUP BY 1, 2"):
        changes[row["crawl"]][row["portal"]]["new"] += row["n"]
    tables = {row["name"] for row in store.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "article_versions" in tables:
        for row in store.rows(
                "SELECT v.first_crawl AS crawl, a.portal, count(*) AS n FROM article_versions v "
                "JOIN articles a ON a.id = v.article_id WHERE v.version > 1 AND v.first_crawl "
                "IS NOT NULL GROUP BY 1, 2"):
            changes[row["crawl"]][row["portal"]]["changed"] += row["n"]
    if "article_removals" in tables:
        for row in store.rows(
                "SELECT r.crawl_id AS crawl, a.portal, count(*) AS n FROM article_removals r "
                "JOIN articles a ON a.id = r.article_id WHERE r.crawl_id IS NOT NULL GROUP BY 1, 2"):
            changes[row["crawl"]][row["portal"]]["removed"] += row["n"]
    return changes


def _bytes_by_portal(archive: Path, crawl_id: int) -> dict[str, int] | None:
    """Per-portal bytes from the crawl's report file (`bytes_by_portal`), None when absent."""
    try:
        report = json.loads((archive / "crawls" / f"{crawl_id:06d}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    found = report.get("bytes_by_portal")
    return found if isinstance(found, dict) else None


def _runs(store: ArchiveStore, archive: Path) -> list[CrawlRun]:
    """Every crawl with its own counts, and per portal what its crawl log says. The log is
    grouped in SQL (a big archive has millions of fetches); a fetch without a registry portal
    is grouped by the scheme://host[:port] its URL starts with."""
    runs = []
    per_crawl: dict[int, dict[str, PortalRun]] = defaultdict(dict)
    for row in store.rows(
            "SELECT crawl_id, portal, CASE WHEN portal IS NULL THEN "
            "substr(url, 1, 7 + instr(substr(url, 9), '/')) END AS origin, kind, status, "
            "CASE WHEN kind = 'error' THEN substr(error, 1, instr(error || ':', ':') - 1) END AS error, "
            "count(*) AS n FROM fetches WHERE kind != 'skipped' GROUP BY 1, 2, 3, 4, 5, 6"):
        # Skipped = not fetched on purpose (robots.txt, scope); off-host redirects: see health.
        key = portal_key(row["portal"], row["origin"] or "")
        run = per_crawl[row["crawl_id"]].setdefault(key, PortalRun(key))
        if row["status"] is not None:
            run.pages += row["n"]
            if row["kind"] == "robots":
                run.robots += row["n"]
        kind = error_kind(row["kind"], row["status"], row["error"])
        if kind:
            run.errors[kind] = run.errors.get(kind, 0) + row["n"]
    crawls = store.crawls()
    changes = article_changes(store, crawls)
    for crawl in crawls:
        stats = crawl["stats"] or {}
        portals = per_crawl.get(crawl["id"], {})
        for portal, counts in changes.get(crawl["id"], {}).items():
            run = portals.setdefault(portal, PortalRun(portal))
            run.new, run.changed, run.removed = counts["new"], counts["changed"], counts["removed"]
        sizes = _bytes_by_portal(archive, crawl["id"])
        if sizes is not None:
            for portal, run in portals.items():
                run.bytes = int(sizes.get(portal, 0))
        runs.append(CrawlRun(
            id=crawl["id"], started=crawl["started_at"], finished=crawl["finished_at"],
            status=crawl["status"], seconds=float(stats.get("seconds", 0.0)),
            pages=int(stats.get("pages", sum(p.pages for p in portals.values()))),
            new=int(stats.get("articles_new", 0)), changed=int(stats.get("articles_updated", 0)),
            errors=int(stats.get("errors", 0)) + int(stats.get("http_errors", 0)),
            bytes=int(stats.get("warc_bytes", 0)), portals=dict(sorted(portals.items()))))
    return runs


def _robots_bodies(archive: Path, wanted: dict[str, set[str]]) -> dict[str, str]:
    """sha256 of the robots.txt bodies, by WARC record id: each file is read up to its last
    wanted record (robots.txt is fetched first, so that is near the start)."""
    from warcio.archiveiterator import ArchiveIterator

    digests: dict[str, str] = {}
    for name, ids in wanted.items():
        path = archive / "warc" / name
        if not path.is_file():
            continue
        left = set(ids)
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                if record.rec_type == "response" and record_id in left:
                    digests[record_id] = hashlib.sha256(record.content_stream().read()).hexdigest()
                    left.discard(record_id)
                    if not left:
                        break
    return digests


def _robots_flags(store: ArchiveStore, archive: Path) -> dict[str, list[str]]:
    """`robots.txt changed in crawl N (200 -> 404)` when its status or body differs from the
    portal's previous crawl."""
    rows = store.rows("SELECT crawl_id, portal, url, status, warc_file, warc_record_id FROM fetches "
                      "WHERE kind = 'robots' AND status IS NOT NULL ORDER BY crawl_id, id")
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["warc_file"] and row["warc_record_id"]:
            wanted[row["warc_file"]].add(row["warc_record_id"])
    digests = _robots_bodies(archive, wanted)
    seen: dict[str, tuple[int, int, str | None]] = {}
    flags: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        key = portal_key(row["portal"], row["url"])
        state = (row["crawl_id"], row["status"], digests.get(row["warc_record_id"]))
        before = seen.get(key)
        if before and before[0] != state[0] and (before[1], before[2]) != (state[1], state[2]):
            what = f"status {before[1]} -> {state[1]}" if before[1] != state[1] else "content"
            flags[key].append(f"robots.txt changed in crawl {state[0]} ({what})")
        seen[key] = state
    return flags


def _tls_flags(store: ArchiveStore) -> dict[str, list[str]]:
    """The certificate verdict of a portal's https pages: changed between its articles (oldest
    to newest fetch), or a problem now."""
    verdicts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.rows("SELECT portal, fetched_at, tls FROM articles WHERE tls IS NOT NULL "
                          "ORDER BY fetched_at"):
        tls = json.loads(row["tls"])
        verdict = "; ".join(tls.get("problems") or []) or "valid"
        if not verdicts[row["portal"]] or verdicts[row["portal"]][-1][1] != verdict:
            verdicts[row["portal"]].append((row["fetched_at"], verdict))
    flags: dict[str, list[str]] = {}
    for portal, changes in verdicts.items():
        found = []
        if len(changes) > 1:
            found.append(f"TLS changed: {changes[-2][1]} -> {changes[-1][1]} (fetched {changes[-1][0]})")
        if changes[-1][1] != "valid":
            found.append(f"TLS problem: {changes[-1][1]}")
        flags[portal] = found
    return flags


def _off_host_flags(store: ArchiveStore) -> dict[str, list[str]]:
    """Redirects the crawl did not follow because they leave the portal, per portal; a start
    page that redirects away (a district portal folded into its province's) says so."""
    starts: set[str] = set()
    for crawl in store.crawls():
        starts.update(crawl["start_urls"] or [])
    portal_of_url = {row["url"]: row["portal"] for row in store.rows(
        "SELECT url, portal FROM fetches WHERE kind = 'redirect'")}
    found: dict[str, Counter] = defaultdict(Counter)
    home: dict[str, set[str]] = defaultdict(set)
    for row in store.rows("SELECT error FROM fetches WHERE kind = 'skipped' AND error LIKE "
                          "'redirect out of scope:%'"):
        match = _OFF_HOST.match(row["error"])
        if not match:
            continue
        source, host = match[1], match[2]
        key = portal_key(portal_of_url.get(source), source)
        found[key][host] += 1
        if source in starts:
            home[key].add(host)
    flags: dict[str, list[str]] = {}
    for key, hosts in found.items():
        flags[key] = [f"start page redirects to {host} (folded into another portal?)"
                      for host in sorted(home[key])]
        flags[key] += [f"{n} redirect(s) to {host}" for host, n in sorted(hosts.items())
                       if host not in home[key]]
    return flags


def build_report(archive: Path, *, now: datetime | None = None,
                 silent_days: int = DEFAULT_SILENT_DAYS) -> Report:
    """Everything `portal-archive report` shows, from the archive at `archive`."""
    now = now or datetime.now(UTC)
    today = now.date()
    with ArchiveStore.open(archive, readonly=True) as store:
        runs = _runs(store, archive)
        per_month: dict[str, dict[str, int]] = defaultdict(dict)
        undated: dict[str, int] = {}
        for row in store.rows(
                "SELECT coalesce(portal, 'unknown') AS portal, "
                "CASE WHEN published IS NULL OR published_suspect THEN NULL "
                "ELSE substr(published, 1, 7) END AS month, count(*) AS n "
                "FROM articles GROUP BY 1, 2 ORDER BY 1, 2"):
            if row["month"] is None:
                undated[row["portal"]] = row["n"]
            else:
                per_month[row["portal"]][row["month"]] = row["n"]
        latest = {row["portal"]: (row["n"], row["last"]) for row in store.rows(
            "SELECT coalesce(portal, 'unknown') AS portal, count(*) AS n, "
            "max(CASE WHEN published_suspect OR substr(published, 1, 10) > ? THEN NULL "
            "ELSE substr(published, 1, 10) END) AS last FROM articles GROUP BY 1",
            (today.isoformat(),))}
        flags: dict[str, list[str]] = defaultdict(list)
        for source in (_off_host_flags(store), _robots_flags(store, archive), _tls_flags(store)):
            for portal, found in source.items():
                flags[portal].extend(found)
    last_run: dict[str, tuple[int, PortalRun]] = {}
    for run in runs:
        for portal, portal_run in run.portals.items():
            last_run[portal] = (run.id, portal_run)
    health = []
    for portal in sorted(set(latest) | set(last_run) | set(flags)):
        count, last = latest.get(portal, (0, None))
        days = (today - date.fromisoformat(last)).days if last else None
        crawl_id, portal_run = last_run.get(portal, (None, None))
        rate = None
        if portal_run is not None:
            # Attempts = responses (robots.txt aside) + fetches that got none; errors = HTTP
            # errors + those.
            failed = sum(n for kind, n in portal_run.errors.items() if not kind.startswith("HTTP "))
            attempts = portal_run.pages - portal_run.robots + failed
            rate = round(portal_run.error_count / attempts, 3) if attempts else None
        found = list(flags.get(portal, []))
        if days is None:
            found.insert(0, "no dated article")
        elif days > silent_days:
            found.insert(0, f"silent for {days} days (over {silent_days})")
        if rate is not None and rate >= 0.5:
            found.append(f"error rate {rate:.0%} in crawl {crawl_id}")
        health.append(Health(portal=portal, articles=count, last_published=last,
                             days_without_updates=days, last_crawl=crawl_id, error_rate=rate,
                             flags=found))
    return Report(generated=now.isoformat(timespec="seconds"), archive=str(archive),
                  silent_days=silent_days, runs=runs, health=health,
                  articles_per_month={p: dict(m) for p, m in sorted(per_month.items())},
                  undated=undated)


def format_report(report: Report) -> str:
    """The terminal table: health per portal, then one line per run (portals indented)."""
    lines = [f"health of {report.archive} at {report.generated} (silent after {report.silent_days} days)",
             f"{'portal':<28} {'articles':>8} {'last published':<14} {'days':>5} {'errors':>7}  flags"]
    for h in report.health:
        rate = f"{h.error_rate:.0%}" if h.error_rate is not None else "-"
        days = str(h.days_without_updates) if h.days_without_updates is not None else "-"
        lines.append(f"{h.portal:<28} {h.articles:>8} {h.last_published or '-':<14} {days:>5} {rate:>7}  "
                     + ("; ".join(h.flags) or "ok"))
    lines += ["", "runs:", f"{'crawl':>5} {'started':<25} {'status':<11} {'seconds':>8} {'pages':>6} "
              f"{'new':>5} {'changed':>7} {'removed':>7} {'errors':>6} {'bytes':>10}"]
    for run in report.runs:
        removed = sum(p.removed for p in run.portals.values())
        lines.append(f"{run.id:>5} {run.started:<25} {run.status:<11} {run.seconds:>8.1f} {run.pages:>6} "
                     f"{run.new:>5} {run.changed:>7} {removed:>7} {run.errors:>6} {run.bytes:>10}")
        for p in run.portals.values():
            errors = ", ".join(f"{k} {n}" for k, n in sorted(p.errors.items())) or "no errors"
            size = f", {p.bytes} bytes" if p.bytes is not None else ""
            lines.append(f"{'':>5}   {p.portal:<28} {p.pages:>5} pages{size}, {p.new} new, {p.changed} changed, "
                         f"{p.removed} removed; {errors}")
    return "\n".join(lines)


def report_dict(report: Report) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(report)
