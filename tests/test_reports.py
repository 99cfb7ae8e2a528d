"""`portal-archive report`: per-run and per-portal figures and health flags, read from real
archives (scheduled crawls of a district portal folded into its province's host and of a mirror
portal; two crawls of a loopback portal that changes between them), equal to what the store
holds; the HTML page is self-contained and shows the same numbers once rendered in the system
Chromium."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from crawlers.render import CHROMIUM_FLAGS
from search.health import error_kind
from search.query import Filters
from search.store import ArchiveStore
from tests.conftest import PROVINCE_URL, REDIRECTING_HOST, run_cli

NOW = "2026-01-01T12:00:00Z"


def store_figures(archive: Path) -> dict:
    """What the store says, counted from its records and crawl log (not through search/health)."""
    with ArchiveStore.open(archive, readonly=True) as store:
        records = list(store.iter_articles())
        crawls = store.crawls()
        per_portal = {p: store.count_articles(Filters(portal=p)) for p in {r["portal"] for r in records}}
    months = Counter((r["portal"], r["published"][:7]) for r in records
                     if r["published"] and not r["published_suspect"])
    with sqlite3.connect(f"file:{archive / 'index.sqlite3'}?mode=ro", uri=True) as db:
        failed = Counter(db.execute("SELECT crawl_id, error FROM fetches WHERE kind = 'error'").fetchall())
    return {"per_portal": per_portal, "months": months, "crawls": crawls, "records": records,
            "failed": failed}


@pytest.fixture(scope="module")
def report(scheduled_archive) -> dict:
    archive, scheduled = scheduled_archive
    assert scheduled.returncode == 1, scheduled.stderr  # the folded portal's job
    result = run_cli("report", "--json", "--archive", str(archive), "--now", NOW)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_report_numbers_equal_the_store(report, scheduled_archive):
    archive, _ = scheduled_archive
    store = store_figures(archive)
    health = {h["portal"]: h for h in report["health"]}
    assert {p: h["articles"] for p, h in health.items() if h["articles"]} == store["per_portal"]
    assert {(p, m): n for p, months in report["articles_per_month"].items() for m, n in months.items()} \
        == dict(store["months"])
    # One row per crawl, with the crawl's own counts.
    runs = {r["id"]: r for r in report["runs"]}
    assert sorted(runs) == [c["id"] for c in store["crawls"]] == [1, 2]
    for crawl in store["crawls"]:
        run = runs[crawl["id"]]
        assert (run["pages"], run["new"], run["changed"], run["bytes"], run["errors"]) == (
            crawl["stats"]["pages"], crawl["stats"]["articles_new"], crawl["stats"]["articles_updated"],
            crawl["stats"]["warc_bytes"], crawl["stats"]["errors"] + crawl["stats"]["http_errors"])
        # Per portal, the new articles add up to the crawl's count.
        assert sum(p["new"] for p in run["portals"].values()) == crawl["stats"]["articles_new"]
    caoloc = runs[2]["portals"]["caoloc-langson"]
    assert caoloc["new"] == store["per_portal"]["caoloc-langson"] > 0
    assert (caoloc["changed"], caoloc["removed"]) == (0, 0)
    # Bytes per portal: the response bodies its WARC records hold.
    assert caoloc["bytes"] == warc_body_bytes(archive, "2", "caoloc.langson.gov.vn") > 0
    # The folded portal: robots.txt and the redirect answered, nothing else fetched.
    assert runs[1]["portals"][REDIRECTING_HOST] == {
        "portal": REDIRECTING_HOST, "pages": 2, "new": 0, "changed": 0, "removed": 0, "errors": {},
        "robots": 1, "bytes": warc_body_bytes(archive, "1", REDIRECTING_HOST)}


def warc_body_bytes(archive: Path, crawl_id: str, host: str) -> int:
    """Response body bytes of one crawl's records for one host, read back from the WARC files."""
    from crawlers.warc_reader import read_exchanges, warc_files

    return sum(len(exchange.body) for path in warc_files(archive / "warc") for exchange in read_exchanges(path)
               if exchange.crawl_id == crawl_id and exchange.url.split("/")[2] == host)


@pytest.mark.slow
def test_health_flags(report, scheduled_archive):
    archive, _ = scheduled_archive
    health = {h["portal"]: h for h in report["health"]}
    assert health[REDIRECTING_HOST]["flags"] == [
        "no dated article", "start page redirects to langson.gov.vn (folded into another portal?)"]
    assert PROVINCE_URL.startswith("https://langson.gov.vn/")
    # The mirror portal: days without updates counted from its newest dated article to --now.
    with ArchiveStore.open(archive, readonly=True) as store:
        newest = max(r["published"][:10] for r in store.iter_articles(Filters(portal="caoloc-langson"))
                     if r["published"] and not r["published_suspect"])
    days = (date(2026, 1, 1) - date.fromisoformat(newest)).days
    caoloc = health["caoloc-langson"]
    assert (caoloc["last_published"], caoloc["days_without_updates"], caoloc["error_rate"]) == (newest, days, 0.0)
    assert [f for f in caoloc["flags"] if f.startswith("silent")] == (
        [f"silent for {days} days (over 30)"] if days > 30 else [])
    # A threshold beyond the gap lifts the flag.
    lenient = run_cli("report", "--json", "--archive", str(archive), "--now", NOW,
                      "--silent-days", str(days + 1))
    flags = {h["portal"]: h["flags"] for h in json.loads(lenient.stdout)["health"]}
    assert not [f for f in flags["caoloc-langson"] if f.startswith("silent")]


@pytest.mark.parametrize(("kind", "status", "error", "expected"), [
    ("http-error", 404, None, "HTTP 404"),
    ("error", None, "DownloadConnectionRefusedError: Connection was refused", "DownloadConnectionRefusedError"),
    ("error", None, "TimeoutError: took longer than 15.0 seconds", "TimeoutError"),
    ("page", 200, None, None),
    ("redirect", 301, None, None),
    ("skipped", None, "redirect out of scope: from http://a/ to b, outside a", None),
])
def test_errors_are_counted_by_kind(kind, status, error, expected):
    assert error_kind(kind, status, error) == expected


HOST = "xatanthanh.langson.gov.vn"
SITE = f"http://{HOST}"


@pytest.mark.slow
def test_a_recrawl_counts_changed_and_removed_articles_and_a_robots_change(tmp_path):
    """Crawl 1: two articles. Crawl 2: one article's text changed, the other gone (404), and
    robots.txt rewritten."""
    from tests.loopback_site import Page, Site, serve
    from tests.test_redirect_scope import ARTICLE

    home = b'<html><body><a href="/tin-tuc/a.html">A</a> <a href="/tin-tuc/b.html">B</a></body></html>'
    site = Site(HOST, {
        f"{SITE}/robots.txt": Page(b"User-agent: *\n", {"Content-Type": "text/plain"}),
        f"{SITE}/": Page(home),
        f"{SITE}/tin-tuc/a.html": Page(ARTICLE.format(title="Triển khai chuyển đổi số năm 2023").encode()),
        f"{SITE}/tin-tuc/b.html": Page(ARTICLE.format(title="Hội nghị cải cách hành chính").encode()),
    })
    archive = tmp_path / "archive"
    with serve(site):
        crawl = ["crawl", f"{SITE}/", "--archive", str(archive), "--resolve", site.resolve, "--env", "test",
                 "--quiet"]
        assert run_cli(*crawl).returncode == 0
        site.pages[f"{SITE}/robots.txt"] = Page(b"User-agent: *\nDisallow: /rieng/\n", {"Content-Type": "text/plain"})
        site.pages[f"{SITE}/tin-tuc/a.html"] = Page(ARTICLE.format(title="Triển khai chuyển đổi số năm 2023")
                                                   .replace("</div></article>", "<p>Cập nhật: bổ sung kinh phí "
                                                            "thực hiện kế hoạch.</p></div></article>").encode())
        del site.pages[f"{SITE}/tin-tuc/b.html"]
        second = run_cli(*crawl)
        assert second.returncode == 0, second.stderr
    result = run_cli("report", "--json", "--archive", str(archive), "--now", NOW)
    report = json.loads(result.stdout)
    with ArchiveStore.open(archive, readonly=True) as store:
        crawls = store.crawls()
    runs = {r["id"]: r["portals"][HOST] for r in report["runs"]}
    assert (runs[1]["new"], runs[1]["changed"], runs[1]["removed"], runs[1]["errors"]) == (2, 0, 0, {})
    assert (runs[2]["new"], runs[2]["changed"], runs[2]["removed"], runs[2]["errors"]) == (0, 1, 1, {"HTTP 404": 1})
    assert crawls[1]["stats"]["articles_updated"] == 1
    flags = {h["portal"]: h["flags"] for h in report["health"]}[HOST]
    assert "robots.txt changed in crawl 2 (content)" in flags


@pytest.mark.slow
def test_html_report_is_self_contained_and_shows_the_store_counts(scheduled_archive, tmp_path):
    from playwright.sync_api import sync_playwright

    archive, _ = scheduled_archive
    page_path = tmp_path / "report.html"
    result = run_cli("report", "--archive", str(archive), "--now", NOW, "--html", str(page_path))
    assert result.returncode == 0, result.stderr
    html = page_path.read_text("utf-8")
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "<link" not in html
    store = store_figures(archive)
    chromium = shutil.which("chromium")
    assert chromium, "the system Chromium is missing: make chromium"
    requested: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=list(CHROMIUM_FLAGS))
        try:
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(page_path.as_uri())
            shown = page.evaluate("""() => ({
                articles: Object.fromEntries([...document.querySelectorAll('#health tr[data-portal]')]
                    .map(tr => [tr.dataset.portal, tr.querySelector('[data-metric=articles]').textContent])),
                flags: Object.fromEntries([...document.querySelectorAll('#health tr[data-portal]')]
                    .map(tr => [tr.dataset.portal, [...tr.querySelectorAll('li.flag')].map(li => li.textContent)])),
                months: [...document.querySelectorAll('#per-month rect')]
                    .map(r => [r.dataset.portal, r.dataset.month, r.dataset.count, r.getBBox().height]),
                runs: [...document.querySelectorAll('#runs tr[data-crawl]:not([data-portal])')]
                    .map(tr => [tr.dataset.crawl, tr.querySelector('[data-metric=pages]').textContent,
                                tr.querySelector('[data-metric=new]').textContent]),
                errorBars: [...document.querySelectorAll('rect[data-crawl]')]
                    .map(r => [r.dataset.crawl, r.dataset.count]),
            })""")
        finally:
            browser.close()
    assert requested == [page_path.as_uri()]  # nothing fetched but the page itself
    assert {p: int(n) for p, n in shown["articles"].items() if int(n)} == store["per_portal"]
    drawn = Counter()
    for portal, month, count, height in shown["months"]:
        drawn[(portal, month)] += int(count)
        assert (height > 0) == (int(count) > 0)  # a bar is drawn exactly where there are articles
    assert {k: v for k, v in drawn.items() if v} == dict(store["months"])
    assert [(int(c), int(p), int(n)) for c, p, n in shown["runs"]] == [
        (c["id"], c["stats"]["pages"], c["stats"]["articles_new"]) for c in store["crawls"]]
    assert [(int(c), int(n)) for c, n in shown["errorBars"]] == [
        (c["id"], c["stats"]["errors"] + c["stats"]["http_errors"]) for c in store["crawls"]]
    assert shown["flags"][REDIRECTING_HOST] == ["no dated article", "start page redirects to "
                                                "langson.gov.vn (folded into another portal?)"]


def test_a_certificate_that_changes_is_flagged(tmp_path):
    """The TLS verdict kept on each article: the portal's newer fetches say "expired" where the
    older said nothing wrong."""
    from tests.sample_articles import RECORDS

    older, newer = dict(RECORDS[0]), dict(RECORDS[1])
    portal = older["portal"]
    newer["portal"] = portal  # two articles of one portal
    older.update(fetched_at="2025-06-01T00:00:00+00:00", tls={"verified": True, "problems": []})
    newer.update(fetched_at="2025-12-01T00:00:00+00:00",
                 tls={"verified": False, "problems": ["expired 2025-11-30"]})
    with ArchiveStore.open(tmp_path, create=True) as store:
        store.upsert_article(older)
        store.upsert_article(newer)
    from search.health import build_report

    flags = {h.portal: h.flags for h in build_report(tmp_path).health}[portal]
    assert flags[-2:] == ["TLS changed: valid -> expired 2025-11-30 (fetched 2025-12-01T00:00:00+00:00)",
                          "TLS problem: expired 2025-11-30"]
