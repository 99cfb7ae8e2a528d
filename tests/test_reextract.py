"""`portal-archive reextract`: the index is rebuilt from the WARC files alone, as the crawl made it.

The archive comes from a real crawl of the mirror (the shared `mirror_crawl` fixture, copied so
it is never changed); its index is deleted and rebuilt with the mirror server out of the picture
(reextract reads no network). The WARC reading is also checked on files written by the crawl's
own writer, with the post-back and rendered-page records the crawl writes.
"""

from __future__ import annotations

import io
import json
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.warcwriter import WARCWriter

from crawlers.records import extractor_version
from crawlers.reextract import STATE_FILE, records_of
from crawlers.registry import Registry
from crawlers.warc_reader import read_exchanges, warc_files
from crawlers.warc_writer import RotatingWarcWriter
from search.store import INDEX_NAME, ArchiveStore
from tests.conftest import REPO, run_cli

COMPARED = ("id", "url", "canonical_url", "portal", "province", "district", "title", "text",
            "published", "updated", "author", "source", "topics", "cms", "content_sha256",
            "warc_file", "warc_record_id", "http_status", "legal_refs", "places", "encoding")


def snapshot(archive: Path) -> dict[str, tuple]:
    with ArchiveStore.open(archive, readonly=True) as store:
        return {r["id"]: tuple(json.dumps(r[k], ensure_ascii=False) for k in COMPARED)
                for r in store.iter_articles()}


def clusters(archive: Path) -> dict[str, tuple]:
    with ArchiveStore.open(archive, readonly=True) as store:
        return {r["id"]: (r["cluster_id"], r["cluster_first"]) for r in store.iter_export()}


@pytest.fixture()
def crawled(mirror_crawl, tmp_path) -> tuple[Path, dict[str, tuple]]:
    """A copy of the mirror crawl's archive without its index, and what that index held."""
    source, result, _ = mirror_crawl
    assert result.returncode == 0, result.stderr
    archive = tmp_path / "archive"
    shutil.copytree(source, archive)
    expected = snapshot(archive)
    for leftover in archive.glob(INDEX_NAME + "*"):
        leftover.unlink()
    return archive, expected


def test_reextract_rebuilds_the_crawls_records_and_a_second_run_changes_nothing(crawled, mirror,
                                                                                mirror_crawl):
    archive, expected = crawled
    assert len(expected) == len(mirror.articles) == 330

    first = run_cli("reextract", "--archive", str(archive), "--workers", "2")
    assert first.returncode == 0, first.stderr
    assert "421 responses from 1 WARC file(s), 330 articles (330 new, 0 updated, 0 unchanged)" \
        in first.stdout
    assert snapshot(archive) == expected
    with ArchiveStore.open(archive, readonly=True) as store:
        assert {r["extractor_version"] for r in store.iter_articles()} == {extractor_version()}
    # Near-duplicate clusters are recomputed by reextract as the crawl's close computed them.
    rebuilt = clusters(archive)
    assert rebuilt == clusters(mirror_crawl[0]) and None not in {c for c, _ in rebuilt.values()}
    assert not (archive / STATE_FILE).exists()

    index_before = snapshot(archive)
    second = run_cli("reextract", "--archive", str(archive), "--quiet")
    assert second.returncode == 0, second.stderr
    assert "330 articles (0 new, 0 updated, 330 unchanged)" in second.stdout
    assert snapshot(archive) == index_before == expected

    checked = run_cli("verify", "--archive", str(archive))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith(f"verify: no problems in {archive}: 1 WARC file(s), 843 records")


def test_sigterm_mid_reextract_then_the_same_command_finishes_the_same_index(crawled):
    archive, expected = crawled
    proc = subprocess.Popen([sys.executable, "-m", "crawlers.cli", "reextract", "--archive",
                             str(archive), "--workers", "2"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (archive / STATE_FILE).exists():  # the first checkpoint: some records written
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "reextract stopped" in out
    assert "run the same command again to continue" in err
    state = json.loads((archive / STATE_FILE).read_text("utf-8"))
    ((name, entry),) = state["files"].items()
    assert entry["done"] is False and 0 < entry["offset"] < (archive / "warc" / name).stat().st_size
    partial = snapshot(archive)
    assert 0 < len(partial) < len(expected)

    again = run_cli("reextract", "--archive", str(archive), "--quiet")
    assert again.returncode == 0, again.stderr
    assert f"continuing an interrupted run from {name} byte {entry['offset']}" in again.stderr
    assert snapshot(archive) == expected
    assert not (archive / STATE_FILE).exists()


def test_portal_and_since_limit_what_is_reextracted(crawled):
    archive, expected = crawled
    result = run_cli("reextract", "--archive", str(archive), "--portal", "caoloc-langson",
                     "--quiet")
    assert result.returncode == 0, result.stderr
    assert "66 articles (66 new" in result.stdout
    assert {v for v in snapshot(archive).values()} == \
        {v for v in expected.values() if v[COMPARED.index("portal")] == '"caoloc-langson"'}
    later = run_cli("reextract", "--archive", str(archive), "--since", "2999", "--quiet")
    assert later.returncode == 0, later.stderr
    assert "0 responses from 1 WARC file(s), 0 articles" in later.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--since", "yesterday"], 2, "--since"),
    (["--portal", "no-such-portal"], 2, "unknown portal id 'no-such-portal'"),
])
def test_bad_options_are_one_line_errors(crawled, args, code, message):
    archive, _ = crawled
    result = run_cli("reextract", "--archive", str(archive), *args)
    assert result.returncode == code
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert not (archive / INDEX_NAME).exists()


def test_an_archive_without_warc_files_is_refused(tmp_path):
    result = run_cli("reextract", "--archive", str(tmp_path / "nothing"))
    assert result.returncode == 3
    assert result.stderr == (f"portal-archive: error: no WARC files in {tmp_path / 'nothing' / 'warc'}: "
                             "give the --archive directory of a crawl\n")


# -- what the WARC alone gives extraction ---------------------------------------------------------

def mirror_page(mirror_crawl, mirror, portal: str):
    """The body the crawl archived for one of `portal`'s mirror articles, and that article."""
    archive, _, _ = mirror_crawl
    truth = {a.url: a for a in mirror.articles if a.portal == portal}
    (path,) = warc_files(archive / "warc")
    exchange = next(e for e in read_exchanges(path) if e.url in truth)
    return exchange.body, truth[exchange.url]


def test_post_backs_and_rendered_pages_are_read_back_from_the_warc(tmp_path, mirror_crawl, mirror):
    dom, truth = mirror_page(mirror_crawl, mirror, "caoloc-langson")
    writer = RotatingWarcWriter(tmp_path, prefix="t", max_size=10**9, info={"crawl-id": "7"})
    url = truth.url
    raw = writer.write_exchange(
        url=url, method="POST",
        request_headers=[("Host", "caoloc.langson.gov.vn"),
                         ("Content-Type", "application/x-www-form-urlencoded")],
        request_body=b"__EVENTTARGET=pager&__EVENTARGUMENT=2", status=200, reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=b"<html><body><div id='app'></div><script>render()</script></body></html>",
        ip_address=None, date=datetime(2024, 3, 6, 8, 30, tzinfo=UTC))
    # What a rendering crawl adds after the page: its scripts' responses, then the browser's
    # DOM as a conversion of the page's response.
    writer.write_exchange(
        url="http://caoloc.langson.gov.vn/js/app.js", method="GET", request_headers=[],
        request_body=b"", status=200, reason="OK",
        response_headers=[("Content-Type", "application/javascript")], body=b"render();",
        ip_address=None, date=datetime(2024, 3, 6, 8, 30, tzinfo=UTC))
    rendered = writer.write_conversion(
        url=url, body=dom, content_type="text/html; charset=utf-8", refers_to=raw.record_id,
        date=datetime(2024, 3, 6, 8, 30, 1, tzinfo=UTC))
    writer.close()

    ((path,),) = [warc_files(tmp_path)]
    (exchange,) = read_exchanges(path)
    assert (exchange.method, exchange.request_body) == ("POST", b"__EVENTTARGET=pager&__EVENTARGUMENT=2")
    assert (exchange.crawl_id, exchange.rendered, exchange.body) == ("7", True, dom)
    # Located where the crawl's record points: the conversion record.
    assert (exchange.fetched_at, exchange.record_id, exchange.offset) == \
        ("2024-03-06T08:30:01+00:00", rendered.record_id, rendered.offset)

    (article,) = records_of(exchange, Registry.load())
    assert (article.portal, article.province, article.title, article.published) == \
        ("caoloc-langson", "Lạng Sơn", truth.title, truth.published)
    assert (article.warc_file, article.warc_record_id) == (path.name, rendered.record_id)
    assert article.fetched_at == "2024-03-06T08:30:01+00:00"


def test_reading_resumes_at_any_exchange_boundary(mirror_crawl):
    archive, _, _ = mirror_crawl
    (path,) = warc_files(archive / "warc")
    everything = list(read_exchanges(path))
    middle = everything[200]
    rest = list(read_exchanges(path, start=middle.offset))
    assert [e.record_id for e in rest] == [e.record_id for e in everything[200:]]
    assert all(e.crawl_id == "1" for e in rest)
    assert [e.end for e in everything[:-1]] == [e.offset for e in everything[1:]]


def test_a_warc_from_another_tool_is_still_read(tmp_path, mirror_crawl, mirror):
    """A WARC from another tool (no warcinfo crawl id, no request records) still gives pages."""
    body, truth = mirror_page(mirror_crawl, mirror, "dienchau-nghean")
    path = tmp_path / "other.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        from warcio.statusandheaders import StatusAndHeaders

        writer.write_record(writer.create_warc_record(
            truth.url, "response",
            payload=io.BytesIO(body), length=len(body),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                          protocol="HTTP/1.1")))
    (exchange,) = read_exchanges(path)
    assert (exchange.crawl_id, exchange.method, exchange.request_headers) == (None, "GET", [])
    (article,) = records_of(exchange, Registry.load())
    assert (article.portal, article.title, article.url) == ("dienchau-nghean", truth.title, truth.url)
