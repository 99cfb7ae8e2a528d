"""The archived copy `serve` shows: the WARC record the index points at, byte for byte, plus a
banner saying it is an archived copy and from when — read from files the crawl's own writer made."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.warc_writer import RotatingWarcWriter
from search.replay import BANNER_ID, ReplayError, read_archived_copy, record_offsets, with_banner

CAPTURED = datetime(2024, 3, 6, 8, 30, tzinfo=UTC)
# A windows-1258 page (how many district portals still declare themselves): "Ủy ban" in 1258.
LEGACY_PAGE = (b'<html><head><meta charset="windows-1258"></head>\n<BODY class="x">'
               b"<h1>\xdby ban nh\xe2n d\xe2n</h1></BODY></html>")


def write(directory: Path, **exchange):
    writer = RotatingWarcWriter(directory, prefix="t", max_size=10**9, info={"crawl-id": "1"})
    defaults = dict(method="GET", request_headers=[], request_body=b"", status=200, reason="OK",
                    ip_address=None, date=CAPTURED)
    location = writer.write_exchange(**{**defaults, **exchange})
    return writer, location


def test_an_html_page_is_its_record_with_only_the_banner_added(tmp_path):
    writer, location = write(
        tmp_path, url="http://xa.langson.gov.vn/tin/1", body=LEGACY_PAGE,
        response_headers=[("Content-Type", "text/html; charset=windows-1258")])
    writer.close()

    copy = read_archived_copy(tmp_path, location.file, location.record_id)
    assert (copy.url, copy.status, copy.content_type, copy.captured, copy.rendered) == \
        ("http://xa.langson.gov.vn/tin/1", 200, "text/html; charset=windows-1258", CAPTURED, False)
    assert copy.body == LEGACY_PAGE
    assert copy.memento_datetime() == "Wed, 06 Mar 2024 08:30:00 GMT"

    served = with_banner(copy)
    banner = served[served.index(b"<div"):served.index(b"</div>") + len(b"</div>")]
    assert served.replace(banner, b"") == LEGACY_PAGE
    assert served.index(banner) == LEGACY_PAGE.index(b">", LEGACY_PAGE.index(b"<BODY")) + 1
    assert banner.isascii() and f'id="{BANNER_ID}"'.encode() in banner
    assert b'Archived copy of <a href="http://xa.langson.gov.vn/tin/1">' in banner
    assert b"captured 2024-03-06 08:30 UTC" in banner


def test_a_rendered_page_is_the_dom_of_its_conversion_record(tmp_path):
    writer, raw = write(tmp_path, url="http://bacquang.hagiang.gov.vn/tin/2",
                        body=b"<html><body><div id='app'></div></body></html>",
                        response_headers=[("Content-Type", "text/html")])
    dom = "<html><body><h1>Tin bài đã hiển thị</h1></body></html>".encode()
    rendered = writer.write_conversion(url="http://bacquang.hagiang.gov.vn/tin/2", body=dom,
                                       content_type="text/html; charset=utf-8",
                                       refers_to=raw.record_id,
                                       date=datetime(2024, 3, 6, 8, 30, 1, tzinfo=UTC))
    writer.close()

    copy = read_archived_copy(tmp_path, rendered.file, rendered.record_id)
    assert (copy.body, copy.content_type, copy.status, copy.rendered) == \
        (dom, "text/html; charset=utf-8", None, True)
    assert b"Archived copy (as rendered in Chromium) of" in with_banner(copy)
    # the raw response stays reachable by its own id
    assert read_archived_copy(tmp_path, raw.file, raw.record_id).body == \
        b"<html><body><div id='app'></div></body></html>"


def test_a_document_is_served_as_it_was_without_a_banner(tmp_path):
    pdf = b"%PDF-1.4\n% not html <body>\n%%EOF\n"
    writer, location = write(tmp_path, url="http://xa.langson.gov.vn/vb.pdf", body=pdf,
                             response_headers=[("Content-Type", "application/pdf")])
    writer.close()
    copy = read_archived_copy(tmp_path, location.file, location.record_id)
    assert (with_banner(copy), copy.content_type) == (pdf, "application/pdf")


def test_a_file_still_being_written_is_read_under_its_open_name(tmp_path):
    writer, location = write(tmp_path, url="http://xa.langson.gov.vn/tin/3", body=b"<p>a</p>",
                             response_headers=[("Content-Type", "text/html")])
    assert (tmp_path / f"{location.file}.open").is_file()
    assert read_archived_copy(tmp_path, location.file, location.record_id).body == b"<p>a</p>"
    # the file grows: the offsets are read again, not taken from the cache of the shorter file
    later = writer.write_exchange(url="http://xa.langson.gov.vn/tin/4", method="GET",
                                  request_headers=[], request_body=b"", status=200, reason="OK",
                                  response_headers=[("Content-Type", "text/html")], body=b"<p>b</p>",
                                  ip_address=None, date=CAPTURED)
    assert read_archived_copy(tmp_path, later.file, later.record_id).body == b"<p>b</p>"
    writer.close()
    # warcinfo, then a response and a request per exchange
    assert len(record_offsets(tmp_path / location.file)) == 5


def test_what_is_not_there_is_a_replay_error_naming_it(tmp_path):
    writer, location = write(tmp_path, url="http://xa.langson.gov.vn/tin/5", body=b"<p>c</p>",
                             response_headers=[("Content-Type", "text/html")])
    writer.close()
    with pytest.raises(ReplayError, match="record <urn:uuid:0> is not in WARC file"):
        read_archived_copy(tmp_path, location.file, "<urn:uuid:0>")
    with pytest.raises(ReplayError, match="WARC file gone.warc.gz is not in"):
        read_archived_copy(tmp_path, "gone.warc.gz", location.record_id)
    with pytest.raises(ReplayError, match="not a plain file name"):
        read_archived_copy(tmp_path / "sub", f"../{location.file}", location.record_id)
