"""Re-crawls of one mirror portal: conditional requests, revisit records, versions, removals.

One small portal of the extended mirror (Hoằng Hóa, SharePoint: 24 articles, 26 attached
documents, 56 pages) is crawled three times into one archive by a mirror server of its own (the
change switch must not touch a shared server):
  1. the first crawl;
  2. the portal unchanged: the crawl asks "changed since?" and the server answers 304;
  3. one article edited, one deleted (404, still linked from its listings), and the server
     ignoring validators (every page 200): the edit is a new version, the deletion a removal,
     the unchanged pages identical-payload revisits.
Then, on a copy of that archive and a fresh server (the edit and the deletion undone), one more
article is taken off every listing while its page still answers 200:
  4. a crawl cut by `--max-pages`: nothing is marked vanished;
  5. a complete crawl: the unlisted article is marked removed (`vanished`), the deleted one,
     back, is no longer removed;
  6. the article listed again: no longer removed.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.extraction.text import fold
from crawlers.warc_writer import IDENTICAL_PAYLOAD, NOT_MODIFIED
from search.query import Filters, parse_query
from search.store import ArchiveStore
from tests.conftest import run_cli
from tests.mirror import MirrorServer, build_mirror

pytestmark = pytest.mark.slow

PORTAL = "hoanghoa-thanhhoa"
HOST = "hoanghoa.thanhhoa.gov.vn"
NEW_TEXT = "Thông tin đính chính: số liệu đã được Phòng Tài chính huyện rà soát lại ngày 30/11"


def crawl(server: MirrorServer, archive: Path, *flags: str,
          spec: str | None = None) -> tuple[str, list[tuple[str, str, int]]]:
    """Crawl the portal from its home page URL, or from `spec` (e.g. the portal id: its root)."""
    before = len(server.requests)
    home = spec or next(p.home_url for p in server.mirror.portals if p.id == PORTAL)
    result = run_cli("crawl", home, "--archive", str(archive), "--resolve",
                     f"*={server.url.removeprefix('http://')}", "--env", "test", "--quiet", *flags)
    assert result.returncode == 0, result.stderr
    return result.stdout, server.requests[before:]


def records(archive: Path, **which: object) -> list[dict]:
    """What `export` writes, read in this process (the CLI flags are tested once each)."""
    with ArchiveStore.open(archive, readonly=True) as store:
        return list(store.iter_articles(Filters(**which)))


def hits(archive: Path, query: str, **which: object) -> list[dict]:
    with ArchiveStore.open(archive, readonly=True) as store:
        return store.search(parse_query(query, Filters(**which)), limit=50)


def export(archive: Path, *flags: str) -> list[dict]:
    out = archive.parent / "export.jsonl"
    result = run_cli("export", "--archive", str(archive), "--out", str(out), *flags)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def search(archive: Path, query: str, *flags: str) -> list[dict]:
    result = run_cli("search", query, "--archive", str(archive), "--json", "--limit", "50", *flags)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def reextract_warcs_of(archive: Path, into: Path) -> str:
    """Rebuild a fresh archive at `into` from `archive`'s WARC files alone; `reextract`'s stdout."""
    into.mkdir()
    shutil.copytree(archive / "warc", into / "warc")
    result = run_cli("reextract", "--archive", str(into))
    assert result.returncode == 0, result.stderr
    return result.stdout


def warc_records(archive: Path, crawl_id: int) -> Counter:
    """(record type, profile, is an article) of the records one crawl wrote."""
    report = json.loads((archive / "crawls" / f"{crawl_id:06d}.json").read_text("utf-8"))
    found: Counter = Counter()
    for name in report["warc_files"]:
        with (archive / "warc" / name).open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    found[(record.rec_type, record.rec_headers.get_header("WARC-Profile"))] += 1
    return found


@pytest.fixture(scope="module")
def mirror():
    return build_mirror(extended=True)


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def own_phrase(paragraph: str) -> str:
    """The first 8 words of a paragraph, as a search phrase."""
    return '"' + " ".join(re.findall(r"\w+", paragraph)[:8]) + '"'


@pytest.fixture(scope="module")
def portal_change(mirror):
    """The edited article (with the paragraph replaced) and the deleted one. The edited
    paragraph's first words are on no other page, so a phrase search names one article."""
    articles = mirror.articles_of(PORTAL)

    def unique(article, paragraph: str) -> bool:
        phrase = words(own_phrase(paragraph))
        return not any(phrase in words(" ".join([a.title, *a.paragraphs]))
                       for a in articles if a is not article)

    edited = next(a for a in articles if a.published and len(a.paragraphs) >= 2
                  and a.paragraphs[1].encode() in mirror.fetch(a.url).body
                  and unique(a, a.paragraphs[1]))
    deleted = next(a for a in articles if a is not edited and a.published)
    return edited, edited.paragraphs[1], deleted


@pytest.fixture(scope="module")
def recrawls(mirror, portal_change, tmp_path_factory):
    edited, old_paragraph, deleted = portal_change
    archive = tmp_path_factory.mktemp("recrawl") / "archive"
    with MirrorServer(mirror) as server:
        first = crawl(server, archive)
        second = crawl(server, archive)
        server.edit(edited.url, old_paragraph, NEW_TEXT)
        server.remove(deleted.url)
        server.honour_conditionals = False
        third = crawl(server, archive)
    return archive, first, second, third


def test_an_unchanged_portal_answers_304_to_the_second_crawl(recrawls, mirror):
    _, (_, first), (summary, second), _ = recrawls
    articles = {a.url for a in mirror.articles_of(PORTAL)}
    statuses = Counter(status for _, _, status in second)
    ok = statuses[200]
    # Everything the first crawl fetched whole is asked for conditionally; robots.txt is read
    # whole each time (its rules must be parsed), so 1 page of the first crawl's 56 answers 200.
    assert ok <= 0.3 * len(first), (ok, len(first), statuses)
    assert ok == 1 and statuses[304] == Counter(s for _, _, s in first)[200] - 1
    assert [url for _, url, status in second if status == 200] == [f"http://{HOST}/robots.txt"]
    # Every article was still reached (read back from the WARC) and found unchanged, once.
    assert {url for _, url, _ in second} >= articles
    assert f"{len(articles)} articles (0 new, 0 updated, {len(articles)} unchanged)" in summary


def test_the_304s_are_revisit_records_of_the_first_crawls_responses(recrawls):
    archive, _, (_, second), _ = recrawls
    records = warc_records(archive, 2)
    not_modified = sum(1 for _, _, status in second if status == 304)
    assert records[("revisit", NOT_MODIFIED)] == not_modified
    # Only robots.txt is a whole response.
    assert records[("response", None)] == sum(1 for _, _, s in second if s != 304)
    with sqlite3.connect(archive / "index.sqlite3") as db:
        kinds = dict(db.execute("SELECT kind, count(*) FROM fetches WHERE crawl_id = 2 "
                                "GROUP BY kind").fetchall())
        # The index points every article at a response record (with its payload), never a revisit.
        pointing = db.execute("SELECT count(*) FROM articles a JOIN fetches f ON "
                              "f.warc_record_id = a.warc_record_id WHERE f.status = 200").fetchone()[0]
    assert kinds["not-modified"] == not_modified
    assert pointing == 24


def test_an_edited_article_gets_a_second_version(recrawls, portal_change):
    archive, _, _, (summary, _) = recrawls
    edited, old_paragraph, _ = portal_change
    assert "23 articles (0 new, 1 updated, 22 unchanged)" in summary
    latest = {r["canonical_url"]: r for r in records(archive)}
    assert NEW_TEXT in latest[edited.url]["text"]
    assert old_paragraph not in latest[edited.url]["text"]
    versions = [r for r in export(archive, "--versions", "all") if r["canonical_url"] == edited.url]
    assert [(v["version"], v["first_crawl"], v["last_crawl"]) for v in versions] == \
        [(1, 1, 2), (2, 3, 3)]
    assert old_paragraph in versions[0]["text"] and NEW_TEXT in versions[1]["text"]
    # Every other article has one version, the deleted one included.
    others = Counter(r["canonical_url"] for r in records(archive, versions="all",
                                                         include_removed=True))
    assert sorted(others.values()) == [1] * 23 + [2]


def test_search_finds_the_latest_text_and_with_versions_all_the_old_one(recrawls, portal_change):
    archive, _, _, _ = recrawls
    edited, old_paragraph, _ = portal_change
    phrase = own_phrase(old_paragraph)
    assert [h["canonical_url"] for h in hits(archive, '"đính chính số liệu"')] == [edited.url]
    assert hits(archive, phrase) == []
    old = search(archive, phrase, "--versions", "all")
    assert [(h["canonical_url"], h["version"]) for h in old] == [(edited.url, 1)]
    both = hits(archive, f'"{edited.title}"', versions="all")
    assert sorted(h["version"] for h in both if h["canonical_url"] == edited.url) == [1, 2]


def test_a_deleted_article_is_marked_removed_and_left_out_unless_asked(recrawls, portal_change):
    archive, _, _, (summary, third) = recrawls
    _, _, deleted = portal_change
    assert ("GET", deleted.url, 404) in third
    with sqlite3.connect(archive / "index.sqlite3") as db:
        gone_at = db.execute("SELECT fetched_at FROM fetches WHERE crawl_id = 3 AND url = ? AND "
                             "status = 404", (deleted.url,)).fetchone()[0]
    default = records(archive)
    assert len(default) == 23 and deleted.url not in {r["canonical_url"] for r in default}
    every = {r["canonical_url"]: r for r in export(archive, "--include-removed")}
    assert len(every) == 24
    assert every[deleted.url]["removed_at"] == gone_at
    assert [r["removed_at"] for url, r in every.items() if url != deleted.url] == [None] * 23
    title = f'"{deleted.title}"'
    assert deleted.url not in {h["canonical_url"] for h in hits(archive, title)}
    found = search(archive, title, "--include-removed")
    assert [h["removed_at"] for h in found if h["canonical_url"] == deleted.url] == [gone_at]


def test_a_server_ignoring_validators_gets_identical_payload_revisits(recrawls):
    archive, _, _, (_, third) = recrawls
    records = warc_records(archive, 3)
    whole = Counter(status for _, _, status in third)
    assert whole[304] == 0
    # Of the 200s only robots.txt (never conditional) and the edited article are written whole;
    # the listings show the edited article's title and lead, not the paragraph that changed.
    assert records[("revisit", IDENTICAL_PAYLOAD)] == whole[200] - 2
    assert records[("revisit", IDENTICAL_PAYLOAD)] + records[("response", None)] == len(third)


def test_reextract_rebuilds_the_same_index_from_warcs_with_revisit_records(recrawls, tmp_path):
    archive, _, _, _ = recrawls
    rebuilt = tmp_path / "rebuilt"
    assert "0 without their payload record); 1 articles marked removed" in reextract_warcs_of(archive, rebuilt)

    def comparable(path: Path) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in ("fetched_at", "first_seen", "last_seen")}
                for r in records(path, versions="all", include_removed=True)]

    assert comparable(rebuilt) == comparable(archive)
    verdict = run_cli("verify", "--archive", str(archive))
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr


def test_a_package_of_the_recrawl_holds_the_payloads_its_revisits_refer_to(recrawls, tmp_path):
    archive, _, _, _ = recrawls
    out = tmp_path / "crawl2.wacz"
    result = run_cli("package", "2", "--archive", str(archive), "--out", str(out))
    assert result.returncode == 0, result.stderr
    reports = {n: json.loads((archive / "crawls" / f"{n:06d}.json").read_text("utf-8"))
               for n in (1, 2)}
    with zipfile.ZipFile(out) as wacz:
        held = {Path(name).name for name in wacz.namelist() if name.startswith("archive/")}
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").splitlines()[1:]]
    # Crawl 2 wrote revisit records only; the responses they refer to are crawl 1's.
    assert held == set(reports[1]["warc_files"]) | set(reports[2]["warc_files"])
    assert len(pages) == 24


def test_versions_and_removed_records_export_as_jsonl_only(recrawls, tmp_path):
    archive, _, _, _ = recrawls
    out = tmp_path / "versions.csv"
    result = run_cli("export", "--archive", str(archive), "--out", str(out), "--versions", "all")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("export as JSONL only, not csv: name the file .jsonl "
                                          "or .jsonl.gz")
    assert not out.exists()


# -- articles that vanished from every listing (crawlers/vanished.py) ------------------------------

def crawl_report(archive: Path, crawl_id: int) -> dict:
    return json.loads((archive / "crawls" / f"{crawl_id:06d}.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def vanished(recrawls, mirror, portal_change, tmp_path_factory):
    """Crawls 4-6 on a copy of the re-crawled archive; the archive as crawl 5 left it is kept."""
    edited, _, deleted = portal_change
    unlisted = next(a for a in mirror.articles_of(PORTAL)
                    if a.published and a not in (edited, deleted))
    base = tmp_path_factory.mktemp("sweep")
    archive = base / "archive"
    shutil.copytree(recrawls[0], archive)
    with MirrorServer(mirror) as server:
        server.unlist(unlisted.url)
        # By portal id: from the portal's root (a crawl of the home page URL crawls 1-3 were
        # given could be a crawl of one section, as far as the sweep can tell).
        cut = crawl(server, archive, "--max-pages", "10", spec=PORTAL)
        complete = crawl(server, archive, "--restart", spec=PORTAL)
        shutil.copytree(archive, base / "after-5")
        server.reset()
        back = crawl(server, archive, spec=PORTAL)
    return archive, base / "after-5", unlisted, cut, complete, back


def test_an_article_off_every_listing_is_marked_vanished_by_a_complete_crawl(vanished, portal_change):
    archive, after5, unlisted, _, (summary, requests), _ = vanished
    _, _, deleted = portal_change
    # Still there, 200 - but no page, listing, feed or sitemap links it any more.
    assert all(url != unlisted.url for _, url, _ in requests)
    report = crawl_report(after5, 5)
    assert report["status"] == "finished"
    assert report["vanished"] == {PORTAL: {"complete": True, "why_not": None, "vanished": 1}}
    assert report["counts"]["articles_vanished"] == 1
    assert f"vanished: 1 articles no longer reached by a complete crawl of their portal, " \
           f"marked removed ({PORTAL} 1)" in summary
    every = {r["canonical_url"]: r for r in export(after5, "--include-removed")}
    assert len(every) == 24
    gone = every[unlisted.url]
    assert report["started"] <= gone["removed_at"] <= report["finished"]
    assert gone["removed_reason"] == "vanished"
    # The article deleted (404) in crawl 3 answers 200 again: no longer removed.
    assert (every[deleted.url]["removed_at"], every[deleted.url]["removed_reason"]) == (None, None)
    assert [r["removed_reason"] for url, r in every.items() if url != unlisted.url] == [None] * 23
    assert unlisted.url not in {r["canonical_url"] for r in records(after5)}
    title = f'"{unlisted.title}"'
    assert unlisted.url not in {h["canonical_url"] for h in hits(after5, title)}
    found = search(after5, title, "--include-removed")
    assert [(h["removed_at"], h["removed_reason"]) for h in found
            if h["canonical_url"] == unlisted.url] == [(gone["removed_at"], "vanished")]
    result = run_cli("report", "--json", "--archive", str(after5))
    assert result.returncode == 0, result.stderr
    runs = {run["id"]: run["portals"] for run in json.loads(result.stdout)["runs"]}
    assert [runs[n][PORTAL]["removed"] for n in (3, 4, 5)] == [0, 0, 1]


def test_a_crawl_cut_by_max_pages_marks_nothing_vanished(vanished):
    archive, _, unlisted, (summary, requests), _, _ = vanished
    report = crawl_report(archive, 4)
    assert report["finish_reason"] == "closespider_pagecount"
    assert report["vanished"] == {PORTAL: {
        "complete": False, "why_not": "the crawl did not finish normally (closespider_pagecount)",
        "vanished": 0}}
    assert report["counts"]["articles_vanished"] == 0
    assert len({url for _, url, _ in requests}) < 24  # most articles were never reached
    assert not any(line.lstrip().startswith("vanished:") for line in summary.splitlines())


def test_a_vanished_article_listed_again_is_no_longer_removed(vanished):
    archive, _, unlisted, _, _, (summary, requests) = vanished
    assert ("GET", unlisted.url, 304) in requests
    assert crawl_report(archive, 6)["vanished"][PORTAL] == {
        "complete": True, "why_not": None, "vanished": 0}
    every = {r["canonical_url"]: r for r in export(archive, "--include-removed")}
    assert [r["removed_at"] for r in every.values()] == [None] * 24
    assert unlisted.url in {r["canonical_url"] for r in records(archive)}


def test_reextract_rebuilds_vanished_removals_from_the_warc_files(vanished, tmp_path):
    _, after5, unlisted, _, _, _ = vanished
    rebuilt = tmp_path / "rebuilt"
    assert "1 vanished from complete crawls" in reextract_warcs_of(after5, rebuilt)

    def removals(path: Path) -> dict[str, tuple]:
        return {r["canonical_url"]: (r["removed_at"], r["removed_reason"])
                for r in records(path, include_removed=True) if r["removed_at"]}

    assert removals(rebuilt) == removals(after5)
    assert list(removals(rebuilt)) == [unlisted.url]
    verdict = run_cli("verify", "--archive", str(after5))
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
