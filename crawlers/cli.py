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
import fcntl
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from crawlers.errors import UserError

DEFAULT_ARCHIVE = "archive"


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


def _filters(args: argparse.Namespace):
    from search.query import Filters, parse_date

    since = parse_date(args.since, flag="--since") if args.since else None
    until = parse_date(args.until, flag="--until", end=True) if args.until else None
    if since and until and since > until:
        raise UserError(f"--since {args.since} is after --until {args.until}: swap them")
    return Filters(province=args.province, district=args.district, portal=args.portal,
                   topic=args.topic, since=since, until=until)


def _parse_resolve(values: Sequence[str]) -> dict[str, str]:
    overrides = {}
    for value in values:
        host, sep, address = value.partition("=")
        if not sep or not host or ":" not in address:
            raise UserError(f"invalid --resolve '{value}': use HOST=ADDRESS:PORT "
                            "(or '*=127.0.0.1:8765' for every host)")
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

    archive = Path(args.archive)
    # Fail before starting Scrapy if the archive cannot be written or its index is damaged.
    ArchiveStore.open(archive, create=True).close()
    _check_writable(archive / "warc")
    lock = _lock_archive(archive)  # held until this process exits

    settings = Settings()
    settings.setmodule(settings_module(args.env), priority="project")
    settings.set("ARCHIVE_DIR", str(archive), priority="cmdline")
    if overrides:
        settings.set("HOST_OVERRIDES", overrides, priority="cmdline")
    if args.export:
        settings.set("EXPORT_PATH", str(Path(args.export)), priority="cmdline")
    if args.max_pages:
        settings.set("CLOSESPIDER_PAGECOUNT", args.max_pages, priority="cmdline")
    # Every crawl keeps its queue on disk, so an interrupted crawl resumes where it stopped
    # when the same command is run again. The state is removed when a crawl finishes.
    job_dir = archive / "jobs" / job_key(specs, overrides)
    if args.restart and job_dir.exists():
        shutil.rmtree(job_dir)
    resuming = (job_dir / "requests.queue").exists()
    if resuming:
        print(f"crawl: resuming the interrupted crawl kept in {job_dir} "
              "(use --restart to start over)", file=sys.stderr)
    settings.set("JOBDIR", str(job_dir), priority="cmdline")
    if args.quiet:
        settings.set("PROGRESS_INTERVAL", 0, priority="cmdline")
    # Scrapy's own log goes beside the archive, not to the terminal: the terminal gets progress
    # lines, the summary and one-line errors; the file keeps every detail for later.
    logs = archive / "logs"
    _check_writable(logs)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    settings.set("LOG_FILE", str(logs / f"crawl-{stamp}.log"), priority="cmdline")
    settings.set("LOG_LEVEL", "INFO", priority="cmdline")

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, targets=targets)
    process.start()
    lock.close()

    session = crawler.get_extension(ArchiveSession)
    spider = crawler.spider
    report = session.report if session else {}
    print(format_crawl_summary(report, archive))
    if report.get("status") == "finished":
        shutil.rmtree(job_dir, ignore_errors=True)
    elif report:
        print(f"crawl: stopped early; run the same command again to resume ({job_dir})",
              file=sys.stderr)
    unreached = [(t, err) for t, ok, err in zip(targets, spider.reached, spider.first_errors, strict=True)
                 if not ok]
    for target, error in unreached:
        name = target.portal_id or target.start_urls[0]
        print(f"portal-archive: error: could not reach {name}: {error or 'no response'}; "
              "check the URL and the network (or --resolve for a local mirror)", file=sys.stderr)
    if report.get("status") == "interrupted":
        return 130
    if unreached:
        return 4 if len(unreached) == len(targets) else 1
    return 0


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
        f"{c['robots_forbidden']} refused by robots.txt, {c['traps_cut']} trap links cut",
    ]
    for portal, count in sorted(report.get("articles_by_portal", {}).items()):
        lines.append(f"  {portal:<28} {count:>6} articles")
    files = report.get("warc_files", [])
    lines.append(f"archive: {archive}/ (index.sqlite3, {len(files)} WARC file(s), "
                 f"report crawls/{report['crawl_id']:06d}.json)")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace) -> int:
    from search.query import parse_query
    from search.store import ArchiveStore

    if args.limit < 1:
        raise UserError(f"invalid --limit {args.limit}: give a positive number")
    query = parse_query(args.query, _filters(args))
    with ArchiveStore.open(Path(args.archive), readonly=True) as store:
        hits = store.search(query, limit=args.limit)
    if args.json:
        for hit in hits:
            print(json.dumps(hit, ensure_ascii=False))
        return 0
    if not hits:
        print(f"no articles match {args.query!r}")
        return 0
    for rank, hit in enumerate(hits, 1):
        where = ", ".join(x for x in (hit.get("district"), hit.get("province")) if x)
        print(f"{rank:>3}. {hit['title']}")
        print(f"     {hit.get('published') or 'undated'} · {hit['portal']}"
              f"{' · ' + where if where else ''} · score {hit['score']:.2f}")
        print(f"     {hit['url']}")
        print(f"     {hit['snippet']}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from search.export import export_jsonl
    from search.store import ArchiveStore

    filters = _filters(args)
    with ArchiveStore.open(Path(args.archive), readonly=True) as store:
        count = export_jsonl(store, Path(args.out), filters)
    print(f"exported {count} articles to {args.out}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from crawlers.extraction import extract_page
    from crawlers.records import build_article
    from crawlers.registry import Registry, validate_start_url
    from crawlers.urls import scope_of

    url = validate_start_url(args.url)
    path = Path(args.page)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read page {path}: {exc.strerror}") from exc
    portal = Registry.load().by_host(scope_of(url))
    page = extract_page(body, url, encoding=args.encoding,
                        site_name=portal.name if portal else None)
    if not page.is_article:
        raise UserError(f"{path} is not an article page (looks like: {page.page_type}); "
                        "give the saved page of a single article")
    article = build_article(page, url=url, status=200, portal=portal,
                            scopes=frozenset({scope_of(url)}))
    from dataclasses import asdict

    print(json.dumps(asdict(article), ensure_ascii=False, indent=2))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from search.store import ArchiveStore

    with ArchiveStore.open(Path(args.archive), readonly=True) as store:
        stats = store.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"{stats['articles']} articles from {len(stats['by_portal'])} portals, "
          f"{stats['crawls']} crawls, {stats['fetches']} fetches logged")
    print("\nper portal:")
    for portal, count in sorted(stats["by_portal"].items()):
        print(f"  {portal:<28} {count:>7}")
    print("\nper year (published):")
    for year, count in sorted(stats["by_year"].items()):
        print(f"  {year:<28} {count:>7}")
    return 0


def cmd_portals(args: argparse.Namespace) -> int:
    from crawlers.registry import Registry, registry_problems

    registry = Registry.load(Path(args.registry) if args.registry else None)
    if args.action == "validate":
        problems = registry_problems(registry)
        for problem in problems:
            print(problem)
        print(f"{len(registry.portals)} portals, {len(problems)} problems")
        return 2 if problems else 0
    for portal in registry.portals.values():
        place = ", ".join(x for x in (portal.district, portal.province) if x)
        print(f"{portal.id:<24} {portal.level:<10} {portal.cms:<10} {portal.status:<8} "
              f"{portal.hosts[0]:<32} {place}")
    return 0


# -- entry point ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal-archive", description=__doc__.splitlines()[0])
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
    crawl.add_argument("--max-pages", type=int, help="stop after this many responses")
    crawl.add_argument("--env", choices=("dev", "test", "prod"),
                       help="settings environment (default: $PORTAL_ARCHIVE_ENV or dev)")
    crawl.add_argument("--quiet", action="store_true", help="no progress lines")
    crawl.add_argument("--restart", action="store_true",
                       help="discard the saved state of an interrupted crawl and start over")
    crawl.set_defaults(func=cmd_crawl)

    search = sub.add_parser("search", help="full-text search of archived articles")
    search.add_argument("query")
    _add_archive(search)
    _add_filters(search)
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    search.set_defaults(func=cmd_search)

    export = sub.add_parser("export", help="export articles as JSONL (.gz to compress)")
    _add_archive(export)
    export.add_argument("--out", required=True)
    _add_filters(export)
    export.set_defaults(func=cmd_export)

    extract = sub.add_parser("extract", help="extract the article record from a saved page")
    extract.add_argument("page")
    extract.add_argument("--url", required=True, help="the URL the page was saved from")
    extract.add_argument("--encoding", help="override the page's declared encoding")
    extract.set_defaults(func=cmd_extract)

    stats = sub.add_parser("stats", help="articles per portal and per year")
    _add_archive(stats)
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=cmd_stats)

    portals = sub.add_parser("portals", help="the portal registry")
    portals.add_argument("action", choices=("list", "validate"), nargs="?", default="list")
    portals.add_argument("--registry", help="portal registry TOML (default: bundled)")
    portals.set_defaults(func=cmd_portals)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"portal-archive: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("portal-archive: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
