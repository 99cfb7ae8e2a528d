"""`portal-archive package CRAWL_ID --out crawl.wacz`: one crawl as a WACZ 1.1.1 file.

A WACZ is the web-archiving community's package for sharing a crawl: a ZIP holding the WARC
files (`archive/`), a CDXJ index of their records (`indexes/index.cdx.gz` + `index.idx`), the
list of pages a reader should start from (`pages/pages.jsonl`), `datapackage.json` (every file
with its sha256) and `datapackage-digest.json` (the hash of that). ReplayWeb.page and pywb open
it as it is.

Written by py-wacz (`wacz` on PyPI, Webrecorder's reference implementation), not by our code:
the CDXJ records, the ZipNum index and the datapackage are exactly what its own `wacz validate`
and the replay tools expect. What this module adds is the choice of inputs: the WARC files the
crawl wrote (from the crawl log in the index and the crawl report) and, as pages, the articles
that crawl archived, titled as the index has them. Credentials never reach a package: the WARC
records were redacted before they were written (docs/guarantees.md), and nothing else from the
archive (index, settings, reports) is packaged.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crawlers.errors import ArchiveError, UserError

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Articles"}


@dataclass(frozen=True)
class Package:
    path: Path
    crawl_id: int
    warc_files: tuple[str, ...]
    pages: int
    unmatched_pages: int


def crawl_inputs(archive: Path, crawl_id: int) -> tuple[dict, list[Path], list[dict]]:
    """The crawl's log row, its WARC files and its article pages; UserError for an unknown id,
    ArchiveError when a WARC file the log names is gone."""
    from search.store import ArchiveStore

    with ArchiveStore.open(archive, readonly=True) as store:
        crawls = {c["id"]: c for c in store.crawls()}
        crawl = crawls.get(crawl_id)
        if crawl is None:
            known = f"{min(crawls)}-{max(crawls)}" if crawls else "none yet"
            raise UserError(f"unknown crawl id {crawl_id} in {archive} (crawl ids there: {known})")
        names = store.crawl_warc_files(crawl_id)
        articles = store.crawl_articles(crawl_id)
    report = archive / "crawls" / f"{crawl_id:06d}.json"
    if report.is_file():
        # The report also names files that hold only records the log does not point at
        # (robots.txt, failed fetches): they belong to the crawl too.
        with contextlib.suppress(ValueError, OSError):
            for name in json.loads(report.read_text("utf-8")).get("warc_files") or []:
                if Path(name).name not in names:
                    names.append(Path(name).name)
    if not names:
        raise UserError(f"crawl {crawl_id} in {archive} wrote no WARC records: nothing to package")
    paths = [archive / "warc" / name for name in names]
    missing = [p.name for p in paths if not p.is_file()]
    if not missing:
        paths += [archive / "warc" / name for name in _referred_files(archive, paths)
                  if name not in names]
    if missing:
        raise ArchiveError(f"crawl {crawl_id}: WARC file(s) {', '.join(missing)} missing from "
                           f"{archive / 'warc'}; restore them from a backup before packaging")
    return crawl, paths, articles


def _referred_files(archive: Path, paths: list[Path]) -> list[str]:
    """WARC files of earlier crawls holding the payloads the `revisit` records of `paths` refer
    to (a re-crawl's 304s, docs/formats.md): without them a replay of the package has no page
    for those records. In the order they were written."""
    from warcio.archiveiterator import ArchiveIterator

    from crawlers.warc_reader import PayloadLocator, warc_files

    referred: set[str] = set()
    for path in paths:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "revisit" and record.rec_headers.get_header("WARC-Refers-To"):
                    referred.add(record.rec_headers.get_header("WARC-Refers-To"))
    if not referred:
        return []
    locator = PayloadLocator(archive / "warc")
    found = {where[0] for record_id in referred if (where := locator.locate(record_id))}
    return [p.name for p in warc_files(archive / "warc") if p.name in found]


def build_package(archive: Path, crawl_id: int, out: Path) -> Package:
    """Write crawl `crawl_id` of `archive` to the WACZ file `out` (atomically)."""
    import warnings

    with warnings.catch_warnings():
        # py-wacz imports pyamf, which imports pkg_resources: with setuptools 80 (the bound
        # scrapyd needs) that prints a deprecation warning on every `package`, which is not ours
        # to show an archivist.
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
        from wacz.main import main as wacz_main

    crawl, warcs, articles = crawl_inputs(archive, crawl_id)
    out = out.resolve()
    if out.suffix.lower() != ".wacz":
        raise UserError(f"--out {out}: a WACZ file name ends in .wacz")
    if not out.parent.is_dir():
        raise UserError(f"--out {out}: directory {out.parent} does not exist")
    seen: set[str] = set()
    pages = []
    for article in articles:
        if article["url"] in seen:
            continue
        seen.add(article["url"])
        pages.append({"url": article["url"], "title": article["title"] or article["url"]})
    portals = ", ".join(crawl["portals"]) or ", ".join(crawl["start_urls"])
    with tempfile.TemporaryDirectory(prefix="package-", dir=out.parent) as tmp:
        pages_file = Path(tmp) / "pages.jsonl"
        pages_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n"
                                      for p in [PAGES_HEADER, *pages]), "utf-8")
        partial = Path(tmp) / out.name
        args = ["create", "-o", str(partial), "--hash-type", "sha256",
                "--title", f"portal-archive crawl {crawl_id}: {portals}"[:200],
                "--desc", f"Crawl {crawl_id} started {crawl['started_at']}, status {crawl['status']}"]
        if pages:
            args += ["-p", str(pages_file)]
        else:
            args += ["--detect-pages"]
        log = io.StringIO()
        with contextlib.redirect_stdout(log):  # py-wacz reports progress on stdout
            code = wacz_main([*args, *(str(w) for w in warcs)])
        if code != 0 or not partial.is_file():
            raise ArchiveError(f"cannot package crawl {crawl_id}: py-wacz failed "
                               f"({log.getvalue().strip().splitlines()[-1:] or 'no message'})")
        unmatched = log.getvalue().count("Invalid passed page")
        os.replace(partial, out)
    return Package(out, crawl_id, tuple(w.name for w in warcs), len(pages) - unmatched, unmatched)
