"""The WARC writer: complete files have no `.open` suffix, rotation by size, records readable."""

from __future__ import annotations

from datetime import UTC, datetime

from warcio.archiveiterator import ArchiveIterator

from crawlers.warc_writer import RotatingWarcWriter


def write(writer: RotatingWarcWriter, n: int, size: int = 2000):
    return writer.write_exchange(
        url=f"http://caoloc.langson.gov.vn/tin-tuc/bai-{n}", method="GET",
        request_headers=[("Host", "caoloc.langson.gov.vn"), ("User-Agent", "portal-archive/0.1")],
        request_body=b"", status=200, reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=(f"<html><body>Bài {n} ".encode() + b"x" * size),
        ip_address="127.0.0.1", date=datetime(2026, 11, 23, tzinfo=UTC))


def read(path) -> list[tuple[str, str | None]]:
    with path.open("rb") as fh:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
                for r in ArchiveIterator(fh)]


def test_rotation_by_size_and_open_suffix_until_closed(tmp_path):
    writer = RotatingWarcWriter(tmp_path, prefix="t", max_size=3000, info={"crawl-id": "1"})
    locations = [write(writer, n) for n in range(5)]
    assert len(list(tmp_path.glob("*.warc.gz.open"))) == 1
    writer.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert list(tmp_path.glob("*.open")) == []
    # Incompressible-enough bodies of ~2 KB with a 3 KB limit: a new file after every 2 exchanges.
    assert len(files) == len({loc.file for loc in locations}) >= 2
    assert writer.files_written == [f.name for f in files]
    records = [rec for f in files for rec in read(f)]
    assert [t for t, _ in records].count("response") == 5
    assert [t for t, _ in records].count("request") == 5
    assert [t for t, _ in records].count("warcinfo") == len(files)


def test_location_points_at_the_response_record(tmp_path):
    writer = RotatingWarcWriter(tmp_path, prefix="t", max_size=10**9, info={})
    loc = write(writer, 7)
    writer.close()
    with (tmp_path / loc.file).open("rb") as fh:
        fh.seek(loc.offset)
        record = next(iter(ArchiveIterator(fh)))
    assert record.rec_type == "response"
    assert record.rec_headers.get_header("WARC-Record-ID") == loc.record_id
    assert record.http_headers.get_statuscode() == "200"
    assert "Bài 7" in record.content_stream().read().decode()


def test_a_killed_writer_leaves_readable_records(tmp_path):
    writer = RotatingWarcWriter(tmp_path, prefix="t", max_size=10**9, info={})
    for n in range(3):
        write(writer, n)
    # No close(): as if the process was killed after the last flush.
    (leftover,) = tmp_path.glob("*.warc.gz.open")
    assert [t for t, _ in read(leftover)] == ["warcinfo"] + ["response", "request"] * 3
