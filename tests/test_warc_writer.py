"""The WARC writer: complete files have no `.open` suffix, rotation by size, records readable."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.warc_writer import RotatingWarcWriter, WarcWriteError
from tests.small_disk import small_disk


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


def _fill_until_full(writer: RotatingWarcWriter) -> tuple[list, WarcWriteError]:
    """Write incompressible exchanges until the writer refuses one."""
    written = []
    for n in range(10_000):
        try:
            written.append(write_random(writer, n))
        except WarcWriteError as err:
            return written, err
    raise AssertionError("the disk never filled")


def write_random(writer: RotatingWarcWriter, n: int):
    return writer.write_exchange(
        url=f"http://caoloc.langson.gov.vn/van-ban/{n}.pdf", method="GET",
        request_headers=[("Host", "caoloc.langson.gov.vn")], request_body=b"", status=200,
        reason="OK", response_headers=[("Content-Type", "application/pdf")],
        body=os.urandom(7000), ip_address=None, date=datetime(2026, 11, 23, tzinfo=UTC))


def whole_records(path) -> list[tuple[str, str | None]]:
    """Every record, each read to its end: raises if the file has a torn record anywhere."""
    records = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            record.content_stream().read()
            records.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI")))
    return records


def test_a_full_disk_cuts_the_file_back_to_its_last_whole_record(tmp_path):
    """ENOSPC in the middle of a record, on a real 256 KiB tmpfs (the partial record is removed)."""
    with small_disk(tmp_path / "disk", "256k") as disk:
        writer = RotatingWarcWriter(disk, prefix="t", max_size=10**9, info={})
        written, err = _fill_until_full(writer)
        [open_file] = disk.glob("*.warc.gz.open")
        assert str(err) == f"the disk is full (No space left on device) writing {disk / open_file.name[:-5]}"
        size = open_file.stat().st_size
        assert size < 256 * 1024 and len(written) >= 20
        # Nothing of the failed exchange stays: the file ends where the last one ended.
        records = whole_records(open_file)
        assert [t for t, _ in records] == ["warcinfo"] + ["response", "request"] * len(written)
        # Later writes are refused at once and change nothing.
        with pytest.raises(WarcWriteError):
            write(writer, 1)
        assert open_file.stat().st_size == size
        writer.close()
        [closed] = disk.glob("*.warc.gz")
        assert whole_records(closed) == records
        assert closed.stat().st_size == size


def test_a_reserve_of_free_space_is_kept_by_refusing_the_record_that_would_use_it(tmp_path):
    with small_disk(tmp_path / "disk", "512k") as disk:
        writer = RotatingWarcWriter(disk, prefix="t", max_size=10**9, info={}, min_free=200 * 1024)
        written, err = _fill_until_full(writer)
        assert str(err).startswith("the disk is full: 2")  # 2xx KiB free
        assert str(err).endswith(f"the next record and the reserve (ARCHIVE_MIN_FREE) need, in {disk}")
        free = shutil.disk_usage(disk).free
        assert 200 * 1024 <= free < 200 * 1024 + 2 * 8000  # the refused exchange did not fit
        writer.close()
        [closed] = disk.glob("*.warc.gz")
        assert [t for t, _ in whole_records(closed)] == \
            ["warcinfo"] + ["response", "request"] * len(written)
