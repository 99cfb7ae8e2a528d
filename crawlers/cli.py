"""`portal-archive`: crawl, search, export, extract, stats, serve.

Every failure caused by input is one line on stderr (`portal-archive: error: ...`) naming the input
and what to do, with a non-zero exit code:
  1  the crawl ran but some targets could not be reached
  2  bad input (portal id, URL, query, date, file)
  3  the archive cannot be used (unwritable, corrupt, missing)
  4  no target could be reached at all
  130 interrupted
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import json
import logging
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from crawlers.errors import UserError

DEFAULT_ARCHIVE = "archive"
MAX_SEARCH_LIMIT = 10_000
"""Elasticsearch's default `index.max_result_window`; the same bound for SQLite, so both indexes
accept the same flags (`export` is the way to get every match)."""
MAX_PAGES_LIMIT = 100_000_000


class _Parser(argparse.ArgumentParser):
    """argparse with the CLI's error form: one line on stderr, exit 2.

    argparse prints the usage before its message; on a terminal full of crawl output that buries
    the one line that says what was wrong, so the usage stays behind `--help`.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"portal-archive: error: {message} (see `{self.prog} --help`)\n")


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse `type`: an int within [low, high]. Unbounded ints reach SQLite or
    Elasticsearch as overflows or "result window too large" errors, as tracebacks."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{value} is not a whole number from {low} to {high}")
        return number

    return parse


# -- argument helpers ------------------------------------------------------------------------------
def _add_archive(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive", default=os.environ.get("PORTAL_ARCHIVE_DIR", DEFAULT_ARCHIVE),
                        help="archive directory (default: ./archive or $PORTAL_ARCHIVE_DIR)")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--province", help="only this province (diacritics optional)")
    parser.add_argument("--district", help="only this district (diacritics optional)")
    parser.add_argument("--portal", help="only this portal id")
    parser.add_argument("--topic", help="only articles tagged with this topic (ict, admin-reform, "
                                        "new-rural, ...)")
    parser.add_argument("--since", help="published on or after: YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--until", help="published on or before: YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--legal-ref", help="only articles citing this document number "
                                            "(e.g. 45/2016/QĐ-TTg; accents and case optional)")
    parser.add_argument("--versions", choices=("latest", "all"), default="latest",
                        help="latest: each article as last archived (default); all: every "
                             "archived version of it, with version, first/last crawl and date "
                             "(SQLite index only)")
    parser.add_argument("--include-removed", action="store_true",
                        help="also removed articles, left out by default: those that answered "
                             "404/410 on a later crawl or vanished from a complete crawl of their "
                             "portal; each record then carries removed_at and removed_reason")


def _add_index(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", choices=("sqlite", "elasticsearch"), default=None,
                        help="which index to use: the archive's SQLite index or Elasticsearch "
                             "($ELASTICSEARCH_URL) (default: $PORTAL_ARCHIVE_INDEX or sqlite)")


def _filters(args: argparse.Namespace):
    from search.backends import chosen_index
    from search.query import Filters, parse_date

    since = parse_date(args.since, flag="--since") if args.since else None
    until = parse_date(args.until, flag="--until", end=True) if args.until else None
    if since and until and since > until:
        raise UserError(f"--since {args.since} is after --until {args.until}: swap them")
    if args.versions == "all" and chosen_index(args.index) == "elasticsearch":
        raise UserError("--versions all reads the archive's SQLite index (Elasticsearch holds the "
                        "latest version of each article): drop --index elasticsearch")
    return Filters(province=args.province, district=args.district, portal=args.portal,
                   topic=args.topic, since=since, until=until, legal_ref=args.legal_ref,
                   include_removed=args.include_removed, versions=args.versions)


def _parse_resolve(values: Sequence[str]) -> dict[str, str]:
    overrides = {}
    for value in values:
        host, sep, address = value.partition("=")
        if not sep or not host or ":" not in address:
            raise UserError(f"invalid --resolve '{value}': use HOST=ADDRESS:PORT "
                            "(or '*=127.0.0.1:8765' for every host)")
        port = address.rpartition(":")[2]
        if not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
            raise UserError(f"invalid --resolve '{value}': the port must be a number from 1 to 65535")
        overrides[host.lower()] = address
    return overrides


# -- commands ------------------------------------------------------------------------------------
def cmd_crawl(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawlers.extensions.archive import ArchiveSession
    from crawlers.registry import Registry
    from crawlers.spiders.portal import PortalSpider
    from search.store import ArchiveStore
    from settings import settings_module

    registry = Registry.load(Path(args.registry) if args.registry else None)
    specs = list(args.targets)
    if args.all:
        specs += list(registry.portals)
    if not specs:
        raise UserError("nothing to crawl: give portal ids or start URLs (http://...), or --all")
    if args.frontier:
        # Requests name their target by index: every worker must list the targets in one order.
        specs = sorted(set(specs))
    targets = [registry.target_for(spec) for spec in specs]
    overrides = _parse_resolve(args.resolve)

    from search.backends import (
        chosen_index,
        elasticsearch_alias,
        elasticsearch_auth,
        elasticsearch_hosts,
    )

    backend = chosen_index(args.index)
    es_hosts = elasticsearch_hosts() if backend == "elasticsearch" else []  # missing URL: exit 2
    if es_hosts:
        elasticsearch_auth()  # ambiguous credentials: exit 2 before anything starts

    archive = Path(args.archive)
    settings = Settings()
    settings.setmodule(settings_module(args.env), priority="project")
    # Fail before starting Scrapy if the archive cannot be written, its disk is full or its
    # index is damaged.
    _check_free_space(archive, settings.getint("ARCHIVE_MIN_FREE"))
    ArchiveStore.open(archive, create=True).close()
    _check_writable(archive / "warc")
    lock = _lock_archive(archive)  # held until this process exits

    settings.set("ARCHIVE_DIR", str(archive), priority="cmdline")
    settings.set("ARCHIVE_LOCK_HELD", True, priority="cmdline")  # by this process: `lock` above
    if overrides:
        settings.set("HOST_OVERRIDES", overrides, priority="cmdline")
    if args.export:
        settings.set("EXPORT_PATH", str(Path(args.export)), priority="cmdline")
    # The SQLite index is always written; with elasticsearch the cluster gets a copy
    # (pipelines/elastic.py), spooled to ARCHIVE/spool/ whenever the cluster cannot take it.
    settings.set("INDEX_BACKEND", backend, priority="cmdline")
    if es_hosts:
        settings.set("ELASTICSEARCH_HOSTS", es_hosts, priority="cmdline")
        settings.set("ELASTICSEARCH_ALIAS", elasticsearch_alias(), priority="cmdline")
    if args.max_pages:
        settings.set("CLOSESPIDER_PAGECOUNT", args.max_pages, priority="cmdline")
    # Every crawl keeps its queue on disk, so an interrupted crawl resumes where it stopped
    # when the same command is run again. The state is removed when a crawl finishes.
    job_dir = archive / "jobs" / job_key(specs, overrides)
    if args.frontier:
        from crawlers.frontier import check_frontier, clear_frontier

        check_frontier(args.frontier)
        if args.restart:
            clear_frontier(args.frontier, job_key(specs, overrides))
        # Applied by crawlers.frontier.FrontierAddon, as for a scrapyd job.
        settings.set("FRONTIER_URL", args.frontier, priority="cmdline")
        settings.set("FRONTIER_JOB", job_key(specs, overrides), priority="cmdline")
    from crawlers.recovery import recover_archive

    for line in recover_archive(archive, job_dir=job_dir):  # what a killed crawl left behind
        print(f"crawl: {line}", file=sys.stderr)
    if args.restart and job_dir.exists():
        shutil.rmtree(job_dir)
    resuming = (job_dir / "requests.queue").exists()
    if resuming:
        print(f"crawl: resuming the interrupted crawl kept in {job_dir} "
              "(use --restart to start over)", file=sys.stderr)
    if not args.frontier:  # with a frontier, the queue and seen requests are in Redis
        settings.set("JOBDIR", str(job_dir), priority="cmdline")
    if args.quiet:
        settings.set("PROGRESS_INTERVAL", 0, priority="cmdline")
    if args.tls_insecure:
        settings.set("TLS_INSECURE", True, priority="cmdline")
    if args.workers is not None:
        settings.set("EXTRACT_WORKERS", args.workers, priority="cmdline")
    if args.extract_timeout is not None:
        if not args.extract_timeout > 0:
            raise UserError(f"--extract-timeout must be a positive number of seconds, not {args.extract_timeout}")
        settings.set("EXTRACT_TIMEOUT", args.extract_timeout, priority="cmdline")
    # The browser handler only for crawls that may render a page (crawlers/render.py).
    from crawlers.render import configure_rendering

    rendering = configure_rendering(settings, targets, render_all=getattr(args, "render_js", False))
    if rendering.warning:
        print(f"crawl: {rendering.warning}", file=sys.stderr)
    # Scrapy's own log goes beside the archive, not to the terminal: the terminal gets progress
    # lines, the summary and one-line errors; the file keeps every detail for later.
    logs = archive / "logs"
    _check_writable(logs)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log_file = logs / f"crawl-{stamp}.log"
    settings.set("LOG_FILE", str(log_file), priority="cmdline")
    settings.set("LOG_LEVEL", "INFO", priority="cmdline")
    # A record logged once Scrapy has removed its handler (a late Twisted error while the
    # download handlers close their connections) would reach Python's last-resort handler, which
    # prints it on the terminal: it goes to the same log file instead.
    late = logging.FileHandler(log_file, encoding="utf-8", delay=True)
    late.setLevel(logging.WARNING)
    late.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    logging.lastResort = late

    # A log file on a full disk must not turn into a traceback per log line on the terminal:
    # the crawl stops on its own (exit 3) and says so in one line.
    logging.raiseExceptions = False
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, targets=targets)
    process.start()
    lock.close()

    session = crawler.get_extension(ArchiveSession)
    spider = crawler.spider
    report = session.report if session else {}
    from crawlers.redact import redact

    print(redact(format_crawl_summary(report, archive)))
    if report.get("failure"):
        # The disk filled up: everything archived is whole, the queue is kept in the job dir.
        print(redact(f"portal-archive: error: {report['failure']}; the crawl stopped after the last "
                     "whole WARC record: free some space (or choose another --archive) and run the "
                     "same command again to resume"), file=sys.stderr)
        return 3
    if report.get("status") == "finished":
        shutil.rmtree(job_dir, ignore_errors=True)
    elif report:
        print(f"crawl: stopped early; run the same command again to resume ({job_dir})",
              file=sys.stderr)
    # With a shared frontier another worker may have fetched all of a portal: only a portal this
    # worker failed to reach, and never reached, counts.
    unreached = [(t, err) for t, ok, err in zip(targets, spider.reached, spider.first_errors, strict=True)
                 if not ok and (err or not args.frontier)]
    for target, error in unreached:
        name = target.portal_id or target.start_urls[0]
        print(redact(f"portal-archive: error: could not reach {name}: {error or 'no response'}; "
                     "check the URL and the network (or --resolve for a local mirror)"), file=sys.stderr)
    es_gap = _elasticsearch_gap(report, archive)
    if es_gap:
        print(redact(f"portal-archive: error: {es_gap}"), file=sys.stderr)
    if report.get("status") == "interrupted":
        return 130
    if unreached:
        return 4 if len(unreached) == len(targets) else 1
    return 1 if es_gap else 0


def _elasticsearch_gap(report: dict, archive: Path) -> str | None:
    """The crawl report's reconciliation of the cluster copy with the SQLite index, as one line
    when articles were neither acknowledged by Elasticsearch nor spooled (else None)."""
    es = report.get("elasticsearch")
    if not es or not es.get("missing"):
        return None
    why = f" ({es['spool_error']})" if es.get("spool_error") else ""
    return (f"elasticsearch: {es['missing']} of {es['articles']} articles indexed in SQLite were "
            f"neither sent to {es['url']} nor spooled{why}; they are safe in the archive: run "
            f"`portal-archive reindex --archive {archive}` to send them")


def _lock_archive(archive: Path):
    """One crawl at a time per archive (crawlers/locks.py)."""
    from crawlers.locks import lock_archive

    return lock_archive(archive)


def job_key(specs: Sequence[str], overrides: dict[str, str]) -> str:
    """Name of the resumable job state for a set of targets: the same command, the same job."""
    canon = json.dumps([sorted(set(specs)), sorted(overrides.items())], ensure_ascii=False)
    return "crawl-" + hashlib.sha256(canon.encode("utf-8")).hexdigest()[:12]


def _check_free_space(archive: Path, min_free: int) -> None:
    """Refuse to start on a disk that is already below the reserve a crawl keeps free."""
    from crawlers.errors import ArchiveError

    existing = next((p for p in (archive, *archive.absolute().parents) if p.exists()), None)
    if not min_free or existing is None:
        return
    free = shutil.disk_usage(existing).free
    if free < min_free:
        raise ArchiveError(f"the disk holding {archive} is full: {free / 2**20:.1f} MiB free, a "
                           f"crawl keeps {min_free / 2**20:.1f} MiB free (ARCHIVE_MIN_FREE): free "
                           "some space or choose another --archive")


def _check_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        from crawlers.errors import ArchiveError

        raise ArchiveError(f"cannot write to {directory}: {exc.strerror}; choose a writable "
                           "--archive") from exc


def format_crawl_summary(report: dict, archive: Path) -> str:
    if not report:
        return "crawl: no report (the crawl did not start)"
    c = report["counts"]
    lines = [
        f"crawl {report['crawl_id']} {report['status']} in {c['seconds']:.1f} s: "
        f"{c['pages']} pages, {c['articles']} articles ({c['articles_new']} new, "
        f"{c['articles_updated']} updated, {c['articles_unchanged']} unchanged), "
        f"{c['non_articles']} other pages, {c['duplicates_dropped']} duplicates dropped",
        f"  problems: {c['http_errors']} HTTP errors, {c['errors']} failed fetches, "
        f"{c['robots_forbidden']} refused by robots.txt, {c['traps_cut']} trap links cut, "
        f"{c['links_cut']} other links cut (search pages, limits)",
    ]
    if c.get("not_modified") or c.get("revisits") or c.get("articles_removed"):
        lines.append(f"  re-crawl: {c['not_modified']} pages not modified (304), "
                     f"{c['revisits']} revisit records, {c.get('versions_new', 0)} new article "
                     f"versions, {c['articles_removed']} articles removed (404/410)")
    vanished = report.get("vanished") or {}
    if c.get("articles_vanished"):
        lines.append(f"  vanished: {c['articles_vanished']} articles no longer reached by a "
                     "complete crawl of their portal, marked removed (" + ", ".join(
                         f"{portal} {v['vanished']}" for portal, v in sorted(vanished.items())
                         if v.get("vanished")) + ")")
    if c.get("pages_not_read") or c.get("downloads_over_max_size"):
        lines.append(f"  not read: {c['pages_not_read']} pages archived but binary or over the "
                     f"extraction budget, {c['downloads_over_max_size']} downloads over the maximum "
                     "size (not archived); the report names them")
    discovered = report.get("discovery", {}).get("portals", {})
    kinds: dict[str, int] = {}
    for portal_report in discovered.values():
        for kind, count in portal_report.get("not_indexed", {}).items():
            kinds[kind] = kinds.get(kind, 0) + count
    if kinds:
        # What was archived but not indexed, so that a dropped article would show.
        lines.append("  archived, not indexed: " + ", ".join(
            f"{count} {kind}" for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]))
            + " (examples in the report)")
    for portal, count in sorted(report.get("articles_by_portal", {}).items()):
        lines.append(f"  {portal:<28} {count:>6} articles{_discovery_line(discovered.get(portal))}")
    suspect = report.get("published_suspect") or {}
    if suspect:
        lines.append("  suspect dates: " + ", ".join(f"{portal} {n}" for portal, n in sorted(suspect.items()))
                     + " articles share one date (a build time?): kept as shown, flagged "
                     "`published_suspect`")
    near = report.get("near_duplicates") or {}
    if near.get("clusters"):
        lines.append(f"  near-duplicates: {near['duplicates']} articles are copies of another "
                     f"({near['clusters']} clusters); `export --dedupe` keeps the first of each")
    es = report.get("elasticsearch")
    if es:
        line = f"elasticsearch: {es['sent']} articles sent to {es['url']}, {es['spooled']} spooled"
        if es["spooled"]:
            line += (f" ({es['rejected']} rejected) to {es['spool_file']}: "
                     "run `portal-archive index --replay` when the cluster is back")
        lines.append(line)
    files = report.get("warc_files", [])
    lines.append(f"archive: {archive}/ (index.sqlite3, {len(files)} WARC file(s), "
                 f"report crawls/{report['crawl_id']:06d}.json)")
    return "\n".join(lines)


def _discovery_line(portal: dict | None) -> str:
    """`  found by: links 66, pager 30; cut: calendar 2` for one portal of the crawl report."""
    if not portal:
        return ""
    found = ", ".join(f"{name} {c['articles_found']}" for name, c in portal["channels"].items()
                      if c["articles_found"])
    cut = ", ".join(f"{reason} {n}" for reason, n in portal["cut"].items())
    return f"  (articles found by: {found or 'none'}{'; cut: ' + cut if cut else ''})"


def cmd_search(args: argparse.Namespace) -> int:
    from search.backends import chosen_index, open_elastic
    from search.facets import format_facets, sqlite_facets
    from search.query import parse_query
    from search.store import ArchiveStore

    query = parse_query(args.query, _filters(args))
    facets = None
    if chosen_index(args.index) == "elasticsearch":
        with open_elastic() as es:
            hits = es.search(query, limit=args.limit)
            if args.facets:
                facets = es.facets(query)
    else:
        with ArchiveStore.open(Path(args.archive), readonly=True) as store:
            hits = store.search(query, limit=args.limit)
            if args.facets:
                facets = sqlite_facets(store, query)
    if args.json:
        for hit in hits:
            print(json.dumps(hit, ensure_ascii=False))
        if facets is not None:
            print(json.dumps({"facets": facets}, ensure_ascii=False))
        return 0
    if not hits:
        print(f"no articles match {args.query!r}")
    for rank, hit in enumerate(hits, 1):
        where = ", ".join(x for x in (hit.get("district"), hit.get("province")) if x)
        print(f"{rank:>3}. {hit['title']}")
        print(f"     {hit.get('published') or 'undated'} · {hit['portal']}"
              f"{' · ' + where if where else ''} · score {hit['score']:.2f}")
        print(f"     {hit['url']}")
        print(f"     {hit['snippet']}")
    if facets is not None:
        print("\n".join(["", *format_facets(facets)]))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from crawlers.errors import ArchiveError
    from search.backends import chosen_index, open_elastic
    from search.card import CrawlLog
    from search.export import Selection, export, format_for
    from search.output import STDOUT
    from search.store import ArchiveStore

    fmt = format_for(args.out, args.format)  # bad names fail before anything is read
    if fmt != "jsonl" and (args.versions == "all" or args.include_removed):
        # Their extra keys (version, first/last crawl, removed_at) are JSONL-only for now.
        raise UserError(f"--versions all and --include-removed export as JSONL only, not {fmt}: "
                        "name the file .jsonl or .jsonl.gz")
    selection = Selection(filters=_filters(args), query=args.query, dedupe=args.dedupe)
    if chosen_index(args.index) == "elasticsearch":
        try:  # the crawl log for the card, when the archive is here too
            with ArchiveStore.open(Path(args.archive), readonly=True) as store:
                log = CrawlLog.of_store(store)
        except ArchiveError:
            log = None
        with open_elastic() as es:
            result = export(es, args.out, fmt=fmt, selection=selection, card=args.card,
                            card_context=log)
    else:
        with ArchiveStore.open(Path(args.archive), readonly=True) as store:
            result = export(store, args.out, fmt=fmt, selection=selection, card=args.card,
                            card_context=CrawlLog.of_store(store))
    beside = [name for name in (result.schema_file, result.card_file) if name]
    extra = f" (with {', '.join(beside)})" if beside else ""
    if args.out == STDOUT:  # stdout carries the records; the count goes beside them
        print(f"exported {result.count} articles to stdout as {fmt}{extra}", file=sys.stderr)
    else:
        print(f"exported {result.count} articles to {args.out} as {fmt}{extra}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from crawlers.extraction import extract_page
    from crawlers.records import build_article
    from crawlers.registry import Registry, validate_start_url
    from crawlers.urls import scope_of

    url = validate_start_url(args.url)
    if args.encoding:
        try:
            codecs.lookup(args.encoding)
        except LookupError:
            raise UserError(f"unknown --encoding '{args.encoding}': give a Python codec name such "
                            "as utf-8 or windows-1258") from None
    path = Path(args.page)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read page {path}: {exc.strerror}") from exc
    portal = Registry.load().by_host(scope_of(url))
    page = extract_page(body, url, encoding=args.encoding,
                        cms=portal.cms if portal else None,
                        site_name=portal.name if portal else None,
                        province=portal.province if portal else None,
                        district=portal.district if portal else None)
    if not page.is_article:
        raise UserError(f"{path} is not an article page (looks like: {page.page_type}); "
                        "give the saved page of a single article")
    article = build_article(page, url=url, status=200, portal=portal,
                            scopes=frozenset({scope_of(url)}))
    from dataclasses import asdict

    print(json.dumps(asdict(article), ensure_ascii=False, indent=2))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from search.backends import chosen_index, open_elastic
    from search.store import INDEX_NAME, ArchiveStore

    if chosen_index(args.index) == "elasticsearch":
        with open_elastic() as es:
            stats = es.stats()
        # The crawl log lives only in the archive's SQLite index; counted when it is there.
        stats["crawls"] = stats["fetches"] = None
        if (Path(args.archive) / INDEX_NAME).is_file():
            with ArchiveStore.open(Path(args.archive), readonly=True) as store:
                log = store.stats()
            stats["crawls"], stats["fetches"] = log["crawls"], log["fetches"]
    else:
        with ArchiveStore.open(Path(args.archive), readonly=True) as store:
            stats = store.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    log = (f"{stats['crawls']} crawls, {stats['fetches']} fetches logged" if stats["crawls"] is not None
           else f"no crawl log (no archive index in {args.archive})")
    print(f"{stats['articles']} articles from {len(stats['by_portal'])} portals, {log}")
    print("\nper portal:")
    for portal, count in sorted(stats["by_portal"].items()):
        print(f"  {portal:<28} {count:>7}")
    print("\nper year (published):")
    for year, count in sorted(stats["by_year"].items()):
        print(f"  {year:<28} {count:>7}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the Elasticsearch index from the archive's SQLite index, then swap the alias."""
    from search.backends import open_elastic
    from search.query import Filters
    from search.store import ArchiveStore

    with ArchiveStore.open(Path(args.archive), readonly=True) as store, \
            open_elastic(require_index=False) as es:
        # Removed articles too, flagged (search leaves them out unless --include-removed).
        every = Filters(include_removed=True)
        total = store.count_articles(every)
        result = es.reindex(store.iter_export(every), delete_old=args.delete_old)
    old = ", ".join(result.old_indices) or "none"
    fate = "deleted" if result.deleted_old else "kept (--delete-old removes them)"
    print(f"reindexed {result.articles} of {total} articles from {args.archive} into {result.new_index}; "
          f"alias {es.alias} moved from {old} to {result.new_index}; old indices {fate}")
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    """`index --replay`: send what crawls spooled while Elasticsearch was unavailable."""
    from search.backends import open_elastic
    from search.spool import replay, spool_files

    if not args.replay:
        raise UserError("nothing to do: use `portal-archive index --replay [--archive DIR]`")
    files = spool_files(Path(args.archive))
    if not files:
        print(f"nothing to replay: no spool files in {Path(args.archive) / 'spool'}")
        return 0
    with open_elastic(require_index=False) as es:
        report = replay(es, Path(args.archive))
    print(f"replayed {report.files} spool file(s) into {es.alias}: {report.sent} articles acknowledged, "
          f"{report.failed} refused, {len(report.removed)} file(s) removed"
          + (f", {report.unreadable} unreadable line(s) skipped (run `portal-archive reindex` to be sure)"
             if report.unreadable else ""))
    if report.failed:
        print(f"portal-archive: error: {report.failed} article(s) still refused by Elasticsearch "
              f"(first: {report.first_errors[0]}); kept in {', '.join(str(p) for p in report.kept)}",
              file=sys.stderr)
        return 1
    return 0


def cmd_reextract(args: argparse.Namespace) -> int:
    """Rebuild or update the index from the WARC files alone (crawlers/reextract.py)."""
    import signal

    from crawlers.errors import ArchiveError
    from crawlers.recovery import recover_archive
    from crawlers.reextract import ElasticSink, Options, Reextraction, format_report
    from crawlers.registry import Registry
    from search.backends import chosen_index, elasticsearch_alias, elasticsearch_hosts
    from search.query import parse_date
    from search.store import ArchiveStore

    archive = Path(args.archive)
    if not (archive / "warc").is_dir():
        raise ArchiveError(f"no WARC files in {archive / 'warc'}: give the --archive directory "
                           "of a crawl")
    since = parse_date(args.since, flag="--since") if args.since else None
    registry = Registry.load(Path(args.registry) if args.registry else None)
    if args.portal and not any(c in args.portal for c in ".:"):
        registry.get(args.portal)  # an unknown id is bad input (exit 2), not an empty run
    if args.workers is not None and args.workers < 1:
        raise UserError(f"invalid --workers {args.workers}: give a positive number")
    backend = chosen_index(args.index)
    es_hosts = elasticsearch_hosts() if backend == "elasticsearch" else []
    ArchiveStore.open(archive, create=True).close()  # a damaged index is refused untouched
    lock = _lock_archive(archive)  # one writer per archive: not beside a crawl
    for line in recover_archive(archive):
        print(f"reextract: {line}", file=sys.stderr)

    stop: list[int] = []

    def request_stop(signum: int, _frame: object) -> None:
        stop.append(signum)

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    sink = None
    if es_hosts:
        from search.elastic import ElasticIndex

        index = ElasticIndex.connect(es_hosts, alias=elasticsearch_alias(), request_timeout=10.0)
        index.client = index.client.options(max_retries=1)  # spool rather than wait on a dead node
        sink = ElasticSink(index, archive, hosts=es_hosts)
    try:
        run = Reextraction(archive, Options(portal=args.portal, since=since), registry=registry,
                           registry_path=args.registry, workers=args.workers or os.cpu_count() or 2,
                           elastic=sink, progress=None if args.quiet else sys.stderr,
                           should_stop=lambda: bool(stop))
        report = run.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if sink is not None:
            sink.index.close()
        lock.close()
    print(format_report(report, archive))
    if report.interrupted:
        print("reextract: stopped early; run the same command again to continue where it "
              "stopped", file=sys.stderr)
        return 130
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check the archive without changing it: one line per problem, exit 1 if there is any."""
    from crawlers.verify import verify_archive

    verdict = verify_archive(Path(args.archive))
    for problem in verdict.problems:
        print(f"portal-archive: verify: {problem}", file=sys.stderr)
    state = f"{len(verdict.problems)} problem(s)" if verdict.problems else "no problems"
    print(f"verify: {state} in {args.archive}: {verdict.warc_files} WARC file(s), "
          f"{verdict.warc_records} records, {verdict.references} index references checked")
    return 1 if verdict.problems else 0


def cmd_package(args: argparse.Namespace) -> int:
    """One crawl as a WACZ file (docs/sharing.md)."""
    from crawlers.package import build_package

    package = build_package(Path(args.archive), args.crawl_id, Path(args.out))
    print(f"package: crawl {package.crawl_id} -> {package.path}: {len(package.warc_files)} WARC file(s), "
          f"{package.pages} page(s)" + (f" ({package.unmatched_pages} not found in the WARC files)"
                                        if package.unmatched_pages else ""))
    return 0


def cmd_kibana_setup(args: argparse.Namespace) -> int:
    """Import the bundled saved objects (data view, searches, dashboard) into Kibana."""
    from search.kibana import import_saved_objects

    result = import_saved_objects(args.kibana_url)
    print(f"imported {result['successCount']} saved objects into Kibana at {args.kibana_url}: "
          "open Dashboards > \"Portal archive overview\"")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The archive in the browser through Datasette, read-only (docs/serve.md)."""
    from search.serve import serve

    return serve(Path(args.archive), host=args.host, port=args.port)


def cmd_portals(args: argparse.Namespace) -> int:
    """`portals list|show|validate|detect|probe`: the registry as a user sees it (docs/registry.md)."""
    from crawlers.registry import Registry, describe, portal_dict, registry_problems, select

    registry_path = Path(args.registry) if getattr(args, "registry", None) else None
    if args.action == "detect":
        from crawlers.detect import detect, format_detection

        found = detect(args.url, _parse_resolve(args.resolve), Registry.load(registry_path))
        print(json.dumps(found.as_dict(), ensure_ascii=False) if args.json else format_detection(found))
        return 0
    if args.action == "validate":
        # Not strict: every problem of a broken file is listed at once, not just the first.
        registry = Registry.load(registry_path, strict=False)
        problems = registry_problems(registry)
        for problem in problems:
            print(problem)
        print(f"{len(registry.entries)} portals, {len(problems)} problems")
        return 2 if problems else 0
    registry = Registry.load(registry_path)
    from crawlers.probe import default_state_path, load_state

    state_path = Path(args.state) if args.state else default_state_path(args.archive)
    if args.action == "probe":
        return _probe(args, registry, state_path)
    probes = load_state(state_path)
    if args.action == "show":
        portal = registry.get(args.id)
        probe = probes.get(portal.id)
        commune = registry.communes().get(portal.id) if portal.level == "commune" and \
            registry.with_communes else None
        if args.json:
            extra = commune.as_dict() if commune else {}
            print(json.dumps({**portal_dict(portal), **{k: extra[k] for k in ("successors", "left_out")
                                                         if k in extra},
                              **({"probe": probe.as_dict()} if probe else {})}, ensure_ascii=False, indent=2))
        else:
            print(describe(portal, registry))
            if commune:
                from crawlers.communes import describe_extra

                print("\n".join(describe_extra(commune)))
            if probe:
                print(f"{'probe:':<18}{probe.summary()} (checked {probe.checked_at})")
        return 0
    if args.level == "commune":
        return _list_communes(args, registry, probes)
    portals = select(registry, level=args.level, province=args.province, status=args.status)
    for portal in portals:
        probe = probes.get(portal.id)
        if args.json:
            print(json.dumps({**portal_dict(portal), **({"probe": probe.as_dict()} if probe else {})},
                             ensure_ascii=False))
        else:
            line = (f"{portal.id:<24} {portal.level:<10} {portal.cms:<10} {portal.status:<8} "
                    f"{portal.hosts[0]:<32} {portal.place}")
            # The probe column appears only once something was probed, after the place.
            print(f"{line}  [{probe.summary()}]" if probe else line)
    return 0


def _probe(args: argparse.Namespace, registry, state_path: Path) -> int:
    """`portals probe`: ask each portal's host, record what answered in the state file."""
    import asyncio

    from crawlers.probe import STATES, format_result, probe_portals, save_state

    ids = list(registry.portals) if args.all else list(args.ids)
    if args.communes:
        # Communes only by province: 10,035 of them, each with up to two guessed hosts.
        if not args.province:
            raise UserError("--communes needs --province: probe the communes of one province at a time")
        found = registry.communes().select(args.province)
        if not found:
            raise UserError(f"no commune of province '{args.province}' in the commune registry")
        ids += [c.portal.id for c in found]
    if not ids:
        raise UserError("nothing to probe: give portal ids, --all, or --communes --province P")
    portals = [registry.get(pid) for pid in ids]
    for portal in [p for p in portals if not p.hosts]:
        print(f"{portal.id:<28} skipped: no candidate host (every pattern host was left out)")
    portals = [p for p in portals if p.hosts]
    results = asyncio.run(probe_portals(portals, registry, overrides=_parse_resolve(args.resolve),
                                        concurrency=args.concurrency, timeout=args.timeout))
    save_state(state_path, results)
    for result in results:
        print(format_result(result))
    counts = ", ".join(f"{sum(r.state == s for r in results)} {s}" for s in STATES)
    print(f"probed {len(results)} portals: {counts}; state in {state_path}")
    return 0


def _list_communes(args: argparse.Namespace, registry, probes: dict) -> int:
    """`portals list --level commune`: the commune registry, read only here (and on an id the main
    registry does not know)."""
    from crawlers.registry import portal_dict

    for commune in registry.communes().select(args.province):
        portal = commune.portal
        if args.status and portal.status != args.status:
            continue
        probe = probes.get(portal.id)
        if args.json:
            record = {**portal_dict(portal), "successors": commune.as_dict()["successors"],
                      "left_out": commune.as_dict()["left_out"]}
            print(json.dumps({**record, **({"probe": probe.as_dict()} if probe else {})}, ensure_ascii=False))
            continue
        successors = ", ".join(s.name for s in commune.successors)
        # Once probed, the candidate that answered; before, the first candidate ("-": none left).
        host = probe.host if probe and probe.state != "dark" else (portal.hosts or ("-",))[0]
        line = (f"{portal.id:<36} {portal.status:<8} {host:<40} {portal.place}"
                f" -> {successors}{' (divided)' if commune.divided else ''}")
        print(f"{line}  [{probe.summary()}]" if probe else line)
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    """`schedule add|list|remove`: the archive's scheduled crawls (crawlers/schedule.py)."""
    from crawlers import schedule

    archive = Path(args.archive)
    now = schedule.parse_time(args.now) if getattr(args, "now", None) else datetime.now(UTC)
    if args.action == "add":
        from crawlers.registry import Registry, select

        options = [opt for value in args.resolve for opt in ("--resolve", value)]
        _parse_resolve(args.resolve)
        for flag, value in (("--env", args.env), ("--registry", args.registry),
                            ("--max-pages", args.max_pages)):
            if value is not None:
                options += [flag, str(value)]
        registry = Registry.load(Path(args.registry) if args.registry else None)
        for spec in args.targets:
            registry.target_for(spec)  # an unknown id or a bad URL is refused now, not at 2 a.m.
        if args.province is not None and not select(registry, province=args.province):
            raise UserError(f"no portal of province '{args.province}' in the registry: see "
                            "`portal-archive portals list`")
        job = schedule.new_job(targets=args.targets, province=args.province, every_all=args.all,
                               every=args.every, cron=args.cron, crawl_options=options, now=now)
        with schedule.editing(archive) as jobs:
            jobs.add(job)
        print(f"added job {job.id}: {job.what}, {job.when}, next run {job.next_run():%Y-%m-%d %H:%M} UTC")
        return 0
    if args.action == "remove":
        with schedule.editing(archive) as jobs:
            job = jobs.get(args.id)
            jobs.jobs.remove(job)
        print(f"removed job {job.id}: {job.what}, {job.when}")
        return 0
    jobs = schedule.load(archive).jobs
    if args.json:
        from dataclasses import asdict

        for job in jobs:
            print(json.dumps({**asdict(job), "next_run": job.next_run().isoformat()}, ensure_ascii=False))
        return 0
    if not jobs:
        print(f"no scheduled jobs in {archive} (add one with `portal-archive schedule add`)")
    for job in jobs:
        print(schedule.format_job(job))
    return 0


def cmd_scheduler(args: argparse.Namespace) -> int:
    """Run the archive's due jobs: once (`--once`, for cron) or as a long-running process."""
    from crawlers.schedule import parse_time
    from crawlers.scheduler import run_scheduler

    if args.now and not args.once:
        raise UserError("--now only goes with --once (a fixed clock would never move)")
    return run_scheduler(Path(args.archive), once=args.once, quiet=args.quiet,
                         now=parse_time(args.now) if args.now else None)


def cmd_report(args: argparse.Namespace) -> int:
    """Portal health and per-run figures (search/health.py), optionally as one HTML file."""
    from crawlers.schedule import parse_time
    from search.health import build_report, format_report, report_dict

    now = parse_time(args.now) if args.now else None
    report = build_report(Path(args.archive), now=now, silent_days=args.silent_days)
    if args.json:
        print(json.dumps(report_dict(report), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    if args.html:
        from search.output import OutputFile
        from search.report_html import render_html

        with OutputFile(args.html) as fh:  # atomic: a failed write keeps the previous report
            fh.write(render_html(report).encode("utf-8"))
        print(f"report: wrote {args.html}", file=sys.stderr)
    flagged = sum(1 for h in report.health if h.flags)
    return 0 if not flagged or not args.fail_on_flags else 1


# -- entry point ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="portal-archive", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    crawl = sub.add_parser("crawl", help="crawl portals into the archive")
    crawl.add_argument("targets", nargs="*", help="portal ids from the registry or start URLs")
    crawl.add_argument("--all", action="store_true", help="every portal in the registry")
    _add_archive(crawl)
    crawl.add_argument("--registry", help="portal registry TOML (default: bundled)")
    crawl.add_argument("--resolve", action="append", default=[], metavar="HOST=ADDR:PORT",
                       help="send requests for HOST to ADDR:PORT, keeping the real URL "
                            "('*' = every host); used to crawl the offline mirror")
    crawl.add_argument("--export", help="also write this crawl's articles to FILE.jsonl[.gz]")
    crawl.add_argument("--max-pages", type=_whole_number(1, MAX_PAGES_LIMIT),
                       help="stop after this many responses")
    crawl.add_argument("--env", choices=("dev", "test", "prod", "bench"),
                       help="settings environment (default: $PORTAL_ARCHIVE_ENV or dev)")
    crawl.add_argument("--quiet", action="store_true", help="no progress lines")
    crawl.add_argument("--tls-insecure", action="store_true",
                       help="accept expired/self-signed certificates on every target "
                            "(recorded on each record; prefer tls = \"insecure\" per portal)")
    crawl.add_argument("--render-js", action="store_true",
                       help="render every HTML page of every target in the system Chromium "
                            "(portals marked render = \"js\" are rendered without it)")
    crawl.add_argument("--workers", type=_whole_number(0, 256), metavar="N",
                       help="worker processes that read pages while the crawl downloads "
                            "(default: one per core; 0 = read them in the crawl process)")
    crawl.add_argument("--extract-timeout", type=float, metavar="SECONDS",
                       help="seconds one page may take to read in a worker before the worker is "
                            "killed and replaced and the page reported 'over-time' (default: 60)")
    crawl.add_argument("--frontier", metavar="redis://HOST:PORT/DB",
                       default=os.environ.get("PORTAL_ARCHIVE_FRONTIER"),
                       help="share the queue and duplicate filter with other crawl processes "
                            "through this Redis (docs/scale.md); each its own --archive")
    crawl.add_argument("--restart", action="store_true",
                       help="discard the saved state of an interrupted crawl and start over")
    _add_index(crawl)
    crawl.set_defaults(func=cmd_crawl)

    search = sub.add_parser("search", help="full-text search of archived articles")
    search.add_argument("query")
    _add_archive(search)
    _add_filters(search)
    search.add_argument("--limit", type=_whole_number(1, MAX_SEARCH_LIMIT), default=10,
                        help=f"at most this many hits, 1 to {MAX_SEARCH_LIMIT} (default: 10)")
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    search.add_argument("--facets", action="store_true",
                        help="also count the matches per portal, province, district, topic, cms, year")
    _add_index(search)
    search.set_defaults(func=cmd_search)

    export = sub.add_parser("export", help="export articles as JSONL, CSV or Parquet, with their "
                                           "JSON Schema and a dataset card beside them")
    _add_archive(export)
    export.add_argument("--format", choices=("jsonl", "csv", "parquet"),
                        help="output format (default: from --out: .jsonl[.gz], .csv[.gz], .parquet)")
    export.add_argument("--query", help="only articles matching this search query (search syntax)")
    export.add_argument("--dedupe", action="store_true",
                        help="only the earliest copy of each near-duplicate cluster")
    export.add_argument("--card", help="write the dataset card here (default: OUT.card.md)")
    export.add_argument("--out", required=True,
                        help="FILE.jsonl[.gz], FILE.csv[.gz] or FILE.parquet (written atomically; a "
                             "symlink is followed, a device or FIFO written in place) or - for "
                             "stdout (JSONL unless --format)")
    _add_filters(export)
    _add_index(export)
    export.set_defaults(func=cmd_export)

    extract = sub.add_parser("extract", help="extract the article record from a saved page")
    extract.add_argument("page")
    extract.add_argument("--url", required=True, help="the URL the page was saved from")
    extract.add_argument("--encoding", help="override the page's declared encoding")
    extract.set_defaults(func=cmd_extract)

    stats = sub.add_parser("stats", help="articles per portal and per year")
    _add_archive(stats)
    stats.add_argument("--json", action="store_true")
    _add_index(stats)
    stats.set_defaults(func=cmd_stats)

    reindex = sub.add_parser("reindex", help="rebuild the Elasticsearch index from the archive "
                                             "and switch the alias atomically")
    _add_archive(reindex)
    reindex.add_argument("--delete-old", action="store_true",
                         help="delete the previous index after the switch (default: keep it)")
    reindex.set_defaults(func=cmd_reindex)

    index = sub.add_parser("index", help="Elasticsearch index maintenance: --replay the spool")
    _add_archive(index)
    index.add_argument("--replay", action="store_true",
                       help="send the articles spooled in ARCHIVE/spool/ while Elasticsearch was down")
    index.set_defaults(func=cmd_index)

    reextract = sub.add_parser("reextract", help="rebuild or update the index from the WARC "
                                                 "files alone, with the current extractor")
    _add_archive(reextract)
    reextract.add_argument("--portal", help="only pages of this portal id (or host[:port])")
    reextract.add_argument("--since", help="only pages fetched on or after: YYYY, YYYY-MM or "
                                           "YYYY-MM-DD (UTC, the WARC-Date)")
    reextract.add_argument("--workers", type=int,
                           help="extraction processes (default: one per CPU core)")
    reextract.add_argument("--registry", help="portal registry TOML (default: bundled)")
    reextract.add_argument("--quiet", action="store_true", help="no progress lines")
    _add_index(reextract)
    reextract.set_defaults(func=cmd_reextract)

    verify = sub.add_parser("verify", help="check the WARC files, the index and its references "
                                           "into the WARC files, the spool and the job state")
    _add_archive(verify)
    verify.set_defaults(func=cmd_verify)

    package = sub.add_parser("package", help="write one crawl as a WACZ file (WARCs, CDXJ index, "
                                             "pages, datapackage with sha256 hashes)")
    package.add_argument("crawl_id", type=_whole_number(1, 2**63 - 1), metavar="CRAWL_ID",
                         help="crawl id, as in the archive's crawl log (crawls/<id>.json)")
    package.add_argument("--out", required=True, help="the .wacz file to write (atomically)")
    _add_archive(package)
    package.set_defaults(func=cmd_package)

    kibana = sub.add_parser("kibana-setup", help="import the Kibana data view, searches and dashboard")
    kibana.add_argument("--kibana-url", default=os.environ.get("KIBANA_URL", "http://127.0.0.1:5601"),
                        help="Kibana base URL (default: $KIBANA_URL or http://127.0.0.1:5601)")
    kibana.set_defaults(func=cmd_kibana_setup)

    serve = sub.add_parser("serve", help="browse, search and export the archive in a web browser "
                                         "(Datasette, read-only)")
    _add_archive(serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=_whole_number(1, 65535), default=8001,
                       help="port to listen on (default: 8001)")
    serve.set_defaults(func=cmd_serve)

    sched = sub.add_parser("schedule", help="scheduled crawls of the archive: add, list, remove")
    sched.set_defaults(func=cmd_schedule, action="list", json=False, now=None,
                       archive=os.environ.get("PORTAL_ARCHIVE_DIR", DEFAULT_ARCHIVE))
    sched_actions = sched.add_subparsers(dest="action", metavar="{add,list,remove}")
    sadd = sched_actions.add_parser("add", help="crawl portals on a schedule")
    sadd.add_argument("targets", nargs="*", help="portal ids from the registry or start URLs")
    sadd.add_argument("--province", help="every portal of this province (resolved at each run)")
    sadd.add_argument("--all", action="store_true", help="every portal in the registry")
    sadd.add_argument("--every", help="interval: 30m, 12h, 1d, 2w (first run at once)")
    sadd.add_argument("--cron", help="cron expression in UTC, e.g. \"0 2 * * *\"")
    sadd.add_argument("--resolve", action="append", default=[], metavar="HOST=ADDR:PORT",
                      help="passed to `crawl` (a local mirror)")
    sadd.add_argument("--env", choices=("dev", "test", "prod"), help="passed to `crawl`")
    sadd.add_argument("--registry", help="passed to `crawl`")
    sadd.add_argument("--max-pages", type=_whole_number(1, MAX_PAGES_LIMIT), help="passed to `crawl`")
    sadd.add_argument("--now", help=argparse.SUPPRESS)
    slist = sched_actions.add_parser("list", help="the jobs, their next and last runs")
    slist.add_argument("--json", action="store_true", help="one JSON object per line")
    slist.add_argument("--now", help=argparse.SUPPRESS)
    sremove = sched_actions.add_parser("remove", help="delete a job")
    sremove.add_argument("id", type=_whole_number(1, 10**9), help="job id (see `schedule list`)")
    for action in (sadd, slist, sremove):
        _add_archive(action)

    scheduler = sub.add_parser("scheduler", help="run due scheduled crawls, one at a time")
    _add_archive(scheduler)
    scheduler.add_argument("--once", action="store_true", help="run what is due now and exit (cron)")
    scheduler.add_argument("--quiet", action="store_true", help="print only errors (cron)")
    scheduler.add_argument("--now", help="with --once: take this ISO time as now (tests, catch-up)")
    scheduler.set_defaults(func=cmd_scheduler)

    report = sub.add_parser("report", help="portal health and per-crawl figures; --html writes "
                                           "one self-contained page with charts")
    _add_archive(report)
    report.add_argument("--html", metavar="FILE", help="also write the report as one HTML file")
    report.add_argument("--silent-days", type=_whole_number(1, 36500), default=30,
                        help="flag portals with no article published for this many days (default: 30)")
    report.add_argument("--json", action="store_true", help="the whole report as JSON")
    report.add_argument("--fail-on-flags", action="store_true",
                        help="exit 1 when any portal is flagged (for monitoring)")
    report.add_argument("--now", help="take this ISO time as now (days without updates)")
    report.set_defaults(func=cmd_report)

    from crawlers.registry import LEVELS, STATUSES

    portals = sub.add_parser("portals", help="the portal registry: list, show, validate, detect, probe")
    portals.set_defaults(func=cmd_portals, action="list", registry=None, level=None, province=None, communes=False,
                         status=None, json=False, state=None,
                         archive=os.environ.get("PORTAL_ARCHIVE_DIR", DEFAULT_ARCHIVE))
    actions = portals.add_subparsers(dest="action", metavar="{list,show,validate,detect,probe}")
    plist = actions.add_parser("list", help="registry entries, one per line (the default)")
    plist.add_argument("--level", choices=LEVELS,
                       help="`commune` lists the commune registry (crawlers/communes.json.gz), read only then")
    plist.add_argument("--province", help="only this province (diacritics optional)")
    plist.add_argument("--status", choices=STATUSES)
    plist.add_argument("--json", action="store_true", help="one JSON object per line")
    show = actions.add_parser("show", help="every field of one entry")
    show.add_argument("id", help="portal id")
    show.add_argument("--json", action="store_true")
    validate = actions.add_parser("validate", help="check the rules every entry must obey (exit 2 "
                                                   "if any is broken)")
    detect = actions.add_parser("detect", help="fetch one page: CMS family, sitemaps, feeds, pager, "
                                               "registry entry")
    detect.add_argument("url")
    detect.add_argument("--resolve", action="append", default=[], metavar="HOST=ADDR:PORT",
                        help="send requests for HOST to ADDR:PORT (as an HTTP proxy), keeping the "
                             "real URL ('*' = every host)")
    detect.add_argument("--json", action="store_true", help="one JSON object")
    probe = actions.add_parser("probe", help="check portals on the live internet (DNS, HTTPS/HTTP, "
                                             "redirects, robots.txt, CMS) and record what answered")
    probe.add_argument("ids", nargs="*", metavar="ID", help="portal ids")
    probe.add_argument("--all", action="store_true", help="every portal in the registry (communes not included)")
    probe.add_argument("--communes", action="store_true",
                       help="the candidate hosts of every commune of --province (crawlers/communes.json.gz)")
    probe.add_argument("--province", help="with --communes: the legacy province (diacritics optional)")
    probe.add_argument("--resolve", action="append", default=[], metavar="HOST[:PORT]=ADDR:PORT",
                       help="connect to ADDR:PORT for HOST (one port, or every port), keeping the real "
                            "URL, Host header and TLS name ('*' = every host)")
    probe.add_argument("--concurrency", type=_whole_number(1, 64), default=4,
                       help="portals probed at once (default 4; one request at a time per host)")
    probe.add_argument("--timeout", type=_whole_number(1, 300), default=15,
                       help="seconds per request (default 15)")
    for action in (plist, show, probe):
        _add_archive(action)
        action.add_argument("--state", help="probe state file (default: ARCHIVE/probe-state.json)")
    for action in (plist, show, validate, detect, probe):
        action.add_argument("--registry", help="portal registry TOML (default: bundled)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        from crawlers.redact import redact

        print(f"portal-archive: error: {redact(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("portal-archive: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
