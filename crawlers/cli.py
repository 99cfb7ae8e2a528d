"""`portal-archive`: crawl, search, export, extract, stats.

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
import fcntl
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


def _add_index(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", choices=("sqlite", "elasticsearch"), default=None,
                        help="which index to use: the archive's SQLite index or Elasticsearch "
                             "($ELASTICSEARCH_URL) (default: $PORTAL_ARCHIVE_INDEX or sqlite)")


def _filters(args: argparse.Namespace):
    from search.query import Filters, parse_date

    since = parse_date(args.since, flag="--since") if args.since else None
    until = parse_date(args.until, flag="--until", end=True) if args.until else None
    if since and until and since > until:
        raise UserError(f"--since {args.since} is after --until {args.until}: swap them")
    return Filters(province=args.province, district=args.district, portal=args.portal,
                   topic=args.topic, since=since, until=until, legal_ref=args.legal_ref)


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
    from crawlers.recovery import recover_archive

    for line in recover_archive(archive, job_dir=job_dir):  # what a killed crawl left behind
        print(f"crawl: {line}", file=sys.stderr)
    if args.restart and job_dir.exists():
        shutil.rmtree(job_dir)
    resuming = (job_dir / "requests.queue").exists()
    if resuming:
        print(f"crawl: resuming the interrupted crawl kept in {job_dir} "
              "(use --restart to start over)", file=sys.stderr)
    settings.set("JOBDIR", str(job_dir), priority="cmdline")
    if args.quiet:
        settings.set("PROGRESS_INTERVAL", 0, priority="cmdline")
    if args.tls_insecure:
        settings.set("TLS_INSECURE", True, priority="cmdline")
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
    settings.set("LOG_FILE", str(logs / f"crawl-{stamp}.log"), priority="cmdline")
    settings.set("LOG_LEVEL", "INFO", priority="cmdline")

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
    unreached = [(t, err) for t, ok, err in zip(targets, spider.reached, spider.first_errors, strict=True)
                 if not ok]
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
    """One crawl at a time per archive: two writers would interleave WARC files and crawl logs."""
    from crawlers.errors import ArchiveError

    handle = open(archive / ".crawl.lock", "a+")  # noqa: SIM115 - held for the whole crawl
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "another process"
        handle.close()
        raise ArchiveError(f"another crawl ({owner}) is writing to {archive}: wait for it to "
                           "finish or use another --archive") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


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
    from search.backends import chosen_index, open_elastic
    from search.export import export_jsonl
    from search.output import STDOUT
    from search.store import ArchiveStore

    filters = _filters(args)
    if chosen_index(args.index) == "elasticsearch":
        with open_elastic() as es:
            count = export_jsonl(es, args.out, filters)
    else:
        with ArchiveStore.open(Path(args.archive), readonly=True) as store:
            count = export_jsonl(store, args.out, filters)
    if args.out == STDOUT:  # stdout carries the records; the count goes beside them
        print(f"exported {count} articles to stdout", file=sys.stderr)
    else:
        print(f"exported {count} articles to {args.out}")
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
    from search.store import ArchiveStore

    with ArchiveStore.open(Path(args.archive), readonly=True) as store, \
            open_elastic(require_index=False) as es:
        total = store.count_articles()
        result = es.reindex(store.iter_articles(), delete_old=args.delete_old)
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


def cmd_kibana_setup(args: argparse.Namespace) -> int:
    """Import the bundled saved objects (data view, searches, dashboard) into Kibana."""
    from search.kibana import import_saved_objects

    result = import_saved_objects(args.kibana_url)
    print(f"imported {result['successCount']} saved objects into Kibana at {args.kibana_url}: "
          "open Dashboards > \"Portal archive overview\"")
    return 0


def cmd_portals(args: argparse.Namespace) -> int:
    """`portals list|show|validate|detect`: the registry as a user sees it (docs/registry.md)."""
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
    if args.action == "show":
        portal = registry.get(args.id)
        print(json.dumps(portal_dict(portal), ensure_ascii=False, indent=2) if args.json
              else describe(portal, registry))
        return 0
    portals = select(registry, level=args.level, province=args.province, status=args.status)
    for portal in portals:
        if args.json:
            print(json.dumps(portal_dict(portal), ensure_ascii=False))
        else:
            print(f"{portal.id:<24} {portal.level:<10} {portal.cms:<10} {portal.status:<8} "
                  f"{portal.hosts[0]:<32} {portal.place}")
    return 0


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
    crawl.add_argument("--env", choices=("dev", "test", "prod"),
                       help="settings environment (default: $PORTAL_ARCHIVE_ENV or dev)")
    crawl.add_argument("--quiet", action="store_true", help="no progress lines")
    crawl.add_argument("--tls-insecure", action="store_true",
                       help="accept expired/self-signed certificates on every target "
                            "(recorded on each record; prefer tls = \"insecure\" per portal)")
    crawl.add_argument("--render-js", action="store_true",
                       help="render every HTML page of every target in the system Chromium "
                            "(portals marked render = \"js\" are rendered without it)")
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

    export = sub.add_parser("export", help="export articles as JSONL (.gz to compress)")
    _add_archive(export)
    export.add_argument("--out", required=True,
                        help="FILE.jsonl[.gz] (written atomically; a symlink is followed, a device "
                             "or FIFO written in place) or - for stdout")
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

    kibana = sub.add_parser("kibana-setup", help="import the Kibana data view, searches and dashboard")
    kibana.add_argument("--kibana-url", default=os.environ.get("KIBANA_URL", "http://127.0.0.1:5601"),
                        help="Kibana base URL (default: $KIBANA_URL or http://127.0.0.1:5601)")
    kibana.set_defaults(func=cmd_kibana_setup)

    from crawlers.registry import LEVELS, STATUSES

    portals = sub.add_parser("portals", help="the portal registry: list, show, validate, detect")
    portals.set_defaults(func=cmd_portals, action="list", registry=None, level=None, province=None,
                         status=None, json=False)
    actions = portals.add_subparsers(dest="action", metavar="{list,show,validate,detect}")
    plist = actions.add_parser("list", help="registry entries, one per line (the default)")
    plist.add_argument("--level", choices=LEVELS)
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
    for action in (plist, show, validate, detect):
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
