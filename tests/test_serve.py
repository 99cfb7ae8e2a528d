"""`portal-archive serve`: the archive in a browser (Datasette), driven in the system Chromium.

What a researcher sees must agree with the command line on the same archive: a search finds as
many articles as `portal-archive search`, diacritics or not; a facet value counts what the store
counts; the CSV export link downloads those rows; each row's archived copy is the page the WARC
file holds, marked as an archived copy. Serving never changes a byte of the archive.

The browser is the Debian `chromium` package (`make chromium`), launched by Playwright the way
crawlers/render.py launches it; Playwright's own browser download is never used.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawlers.render import CHROMIUM_FLAGS, find_chromium
from crawlers.warc_reader import read_exchanges
from search.facets import sqlite_facets
from search.query import Filters, parse_query
from search.replay import BANNER_ID
from search.store import ArchiveStore
from tests.conftest import REPO, run_cli
from tests.test_damaged_index import damage_pages

QUERY_TYPED = "Đồng bộ"
"""What the researcher types in the browser: capital Đ and tone marks."""
QUERY_CLI = "dong bo"
"""The same words as `portal-archive search` is given them here: no diacritics, đ as d."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def archive_digest(archive: Path) -> dict[str, str]:
    """The index file and the WARC files, byte for byte (SQLite's -shm/-wal are not archive data)."""
    files = [archive / "index.sqlite3", *sorted((archive / "warc").iterdir())]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


class Served:
    """`portal-archive serve` in its own process, as a user starts it."""

    def __init__(self, archive: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "crawlers.cli", "serve", "--archive", str(archive),
             "--port", str(self.port)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        self.first_line = self.proc.stdout.readline()  # printed once the archive was checked
        deadline = time.monotonic() + 60
        while True:  # then uvicorn binds the port
            try:
                with urllib.request.urlopen(f"{self.url}/-/versions.json"):
                    break
            except (urllib.error.URLError, ConnectionError):
                assert self.proc.poll() is None, self.proc.stderr.read()
                assert time.monotonic() < deadline, "serve did not start listening"
                time.sleep(0.1)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code


@pytest.fixture(scope="module")
def archive(mirror_crawl) -> Path:
    """The five mirror portals, crawled once for the whole suite (tests/conftest.py)."""
    path, result, _ = mirror_crawl
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def served(archive) -> Iterator[Served]:
    server = Served(archive)
    yield server
    assert server.stop() == 0


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = find_chromium(Settings())
    assert chromium, "the Debian chromium package is needed: run `make chromium`"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True,
                                              args=list(CHROMIUM_FLAGS))
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def cli_search_ids(archive: Path, query: str) -> list[str]:
    result = run_cli("search", query, "--archive", str(archive), "--json", "--limit", "10000")
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def shown_count(page) -> int:
    """The "N rows where ..." heading of a Datasette table page."""
    heading = page.locator("h3").first.inner_text()
    match = re.match(r"([\d,]+) rows?\b", heading)
    assert match, heading
    return int(match.group(1).replace(",", ""))


def facet_counts(page, column: str) -> dict[str, int]:
    counts = {}
    for item in page.locator(f'div.facet-info[data-column="{column}"] li').all_inner_texts():
        value, _, count = item.strip().rpartition(" ")
        counts[value] = int(count)
    return counts


def search_in_browser(page, served: Served, text: str) -> None:
    page.goto(f"{served.url}/")  # redirects to the articles table
    page.fill('form input[name="_search"]', text)
    page.locator('form input[name="_search"]').press("Enter")
    page.wait_for_url(re.compile(r"/archive/articles\?.*_search="))  # the results page, loaded


def test_a_search_typed_with_diacritics_finds_what_the_command_line_finds_without(served, archive, page):
    search_in_browser(page, served, QUERY_TYPED)
    expected = cli_search_ids(archive, QUERY_CLI)
    assert len(expected) >= 20  # a query that matters on this archive, not one or two hits
    assert shown_count(page) == len(expected)
    # every row on the page is one of the command line's hits (up to 100 rows per page)
    ids = page.locator("td.col-id").all_inner_texts()
    assert len(ids) == min(100, len(expected))
    assert set(ids) <= set(expected)


def test_facet_counts_are_the_stores_and_following_one_filters_to_it(served, archive, page):
    search_in_browser(page, served, QUERY_TYPED)
    with ArchiveStore.open(archive, readonly=True) as store:
        expected = sqlite_facets(store, parse_query(QUERY_TYPED))
    assert facet_counts(page, "province") == expected["province"]
    assert facet_counts(page, "portal") == expected["portal"]
    assert facet_counts(page, "topics") == expected["topics"]
    assert facet_counts(page, "published") == expected["year"]  # the year facet

    results = page.url
    year, in_year = next(iter(expected["year"].items()))  # the newest year
    page.locator('div.facet-info[data-column="published"] li a', has_text=year).first.click()
    page.wait_for_url(re.compile(rf"published__startswith={year}"))
    assert shown_count(page) == in_year
    page.goto(results)

    province, count = next(iter(expected["province"].items()))
    page.locator('div.facet-info[data-column="province"] li a', has_text=province).first.click()
    page.wait_for_url(re.compile(r"[?&]province="))
    assert shown_count(page) == count
    with ArchiveStore.open(archive, readonly=True) as store:
        in_province = len(store.search(parse_query(QUERY_CLI, Filters(province=province)), limit=10_000))
    assert shown_count(page) == in_province


def test_the_csv_export_link_downloads_the_rows_found(served, archive, page):
    search_in_browser(page, served, QUERY_TYPED)
    href = page.get_by_role("link", name="CSV", exact=True).get_attribute("href")
    response = page.request.get(f"{served.url}{href}")
    assert response.status == 200
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert sorted(row["id"] for row in rows) == sorted(cli_search_ids(archive, QUERY_CLI))
    assert all(row["url"].startswith("http://") and row["title"] for row in rows)


def test_each_row_links_the_original_url_and_the_archived_copy_from_the_warc(served, archive, page):
    search_in_browser(page, served, QUERY_TYPED)
    row = page.locator("table.rows-and-columns tbody tr").first
    article_id = row.locator("td.col-id").inner_text()
    with ArchiveStore.open(archive, readonly=True) as store:
        record = store.get_article(article_id)
    assert row.locator("td.col-url a").get_attribute("href") == record["url"]

    with page.expect_response(re.compile(r"/-/archived/")) as replay:
        row.locator("a.archived-copy").click()
    page.wait_for_url(f"**/-/archived/{article_id}")
    response = replay.value
    assert response.url == f"{served.url}/-/archived/{article_id}"
    banner = page.locator(f"#{BANNER_ID}")
    assert "Archived copy of " + record["url"] in banner.inner_text()
    assert record["fetched_at"][:10] in banner.inner_text()
    assert page.locator("body").inner_text().count(record["title"]) >= 1

    # The bytes served are the WARC record's payload, with only the banner added.
    exchange = next(x for x in read_exchanges(Path(archive) / "warc" / record["warc_file"])
                    if x.record_id == record["warc_record_id"])
    served_body = response.body()
    start = served_body.index(f'<div id="{BANNER_ID}"'.encode())
    end = served_body.index(b"</div>", start) + len(b"</div>")
    assert served_body[:start] + served_body[end:] == exchange.body
    assert response.headers["content-type"] == exchange.header("Content-Type")
    assert response.headers["memento-datetime"].endswith("GMT")
    assert response.headers["content-security-policy"] == "sandbox"


def test_serving_and_browsing_never_change_the_archive(archive):
    before = archive_digest(archive)
    server = Served(archive)
    assert server.first_line.startswith("serving ")
    with ArchiveStore.open(archive, readonly=True) as store:
        total = store.count_articles()
        some_id = next(store.iter_articles())["id"]
    assert f"serving {total} articles of {archive}" in server.first_line
    for path in ("/archive/articles?_search=x%C3%A3&_facet=cms", f"/-/archived/{some_id}",
                 "/archive/articles.csv?_stream=on", "/archive/ranked_search?q=ubnd"):
        with urllib.request.urlopen(server.url + path) as response:
            assert response.status == 200
    # SQL that would write is refused (Datasette runs only SELECT; the connection is mode=ro besides)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.url + "/archive.json?sql=delete+from+articles")
    assert refused.value.code == 400
    assert server.stop() == 0
    assert archive_digest(archive) == before


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("portal-archive: error: ")
    return lines[0]


def test_a_missing_archive_is_one_line_and_exit_3(tmp_path):
    result = run_cli("serve", "--archive", str(tmp_path / "nothing"), "--port", str(free_port()))
    assert result.returncode == 3
    assert f"no archive at {tmp_path / 'nothing'}" in one_error_line(result)


def test_a_damaged_index_is_one_line_and_exit_3_and_stays_as_it_was(archive, tmp_path):
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy)
    damage_pages(copy / "index.sqlite3")  # header and schema intact: it opens, then a read fails
    before = hashlib.sha256((copy / "index.sqlite3").read_bytes()).hexdigest()
    result = run_cli("serve", "--archive", str(copy), "--port", str(free_port()))
    assert result.returncode == 3
    assert "is not a usable SQLite database" in one_error_line(result)
    assert hashlib.sha256((copy / "index.sqlite3").read_bytes()).hexdigest() == before


def test_a_port_in_use_is_one_line_and_exit_2(archive):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--archive", str(archive), "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use" in one_error_line(result)
