"""What a killed crawl leaves is put right by the next run: WARC files closed at the last whole
record, index references to lost records cleared, the unsaved job queue discarded."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

from crawlers.recovery import JOB_STATE, job_was_killed, recover_archive, write_job_state
from crawlers.warc_reader import scan_warc, warc_files
from crawlers.warc_writer import RotatingWarcWriter, close_abandoned
from search.store import ArchiveStore
from tests.sample_articles import RECORDS
from tests.test_warc_writer import read


def write(writer: RotatingWarcWriter, n: int):
    # Bytes that do not compress: each response record is a gzip member of about 20 KB.
    body = random.Random(n).randbytes(20_000)
    return writer.write_exchange(
        url=f"http://caoloc.langson.gov.vn/van-ban/{n}.pdf", method="GET",
        request_headers=[("Host", "caoloc.langson.gov.vn")], request_body=b"", status=200,
        reason="OK", response_headers=[("Content-Type", "application/pdf")], body=body,
        ip_address=None, date=datetime(2026, 11, 23, tzinfo=UTC))


def killed_writer(directory, exchanges: int):
    """A writer that wrote `exchanges` exchanges and was never closed (as after SIGKILL)."""
    writer = RotatingWarcWriter(directory, prefix="t", max_size=10**9, info={"crawl-id": "1"})
    locations = [write(writer, n) for n in range(exchanges)]
    (leftover,) = directory.glob("*.warc.gz.open")
    return leftover, locations


def test_an_intact_open_file_is_renamed_byte_for_byte(tmp_path):
    leftover, locations = killed_writer(tmp_path, 3)
    data = leftover.read_bytes()
    closed = close_abandoned(leftover)
    path = tmp_path / closed.name
    assert (closed.records, closed.truncated_bytes, closed.problem) == (7, 0, None)
    assert not leftover.exists() and path.read_bytes() == data
    assert {loc.file for loc in locations} == {path.name}
    assert {loc.record_id for loc in locations} <= closed.record_ids


def test_a_torn_last_record_is_cut_and_the_whole_ones_kept(tmp_path):
    leftover, locations = killed_writer(tmp_path, 3)
    last = locations[-1]
    size = leftover.stat().st_size
    with leftover.open("r+b") as fh:  # the kill came in the middle of the last response record
        fh.truncate(last.offset + 10_000)
    closed = close_abandoned(leftover)
    path = tmp_path / closed.name
    assert closed.records == 5 and closed.truncated_bytes == 10_000
    assert closed.problem == (f"record 6 at byte {last.offset} is cut short (10000 bytes after "
                              "the last whole record)")
    assert path.stat().st_size == last.offset < size
    assert [t for t, _ in read(path)] == ["warcinfo"] + ["response", "request"] * 2
    assert scan_warc(path).error is None
    assert last.record_id not in closed.record_ids


def test_recovery_closes_open_files_and_clears_references_to_lost_records(tmp_path):
    archive = tmp_path / "archive"
    leftover, locations = killed_writer(archive / "warc", 3)
    with ArchiveStore.open(archive, create=True) as store:
        for record, location in zip(RECORDS, locations, strict=False):
            store.upsert_article({**record, "warc_file": location.file,
                                  "warc_record_id": location.record_id})
    with leftover.open("r+b") as fh:
        fh.truncate(locations[-1].offset + 10_000)

    lines = recover_archive(archive)

    assert lines == [f"closed {leftover.name} left open by a crawl that was killed (5 records "
                     "kept, 10000 bytes of a torn last record cut, 1 index references to lost "
                     "records cleared)"]
    (path,) = warc_files(archive / "warc")
    with ArchiveStore.open(archive, readonly=True) as store:
        refs = {r["id"]: (r["warc_file"], r["warc_record_id"]) for r in store.iter_articles()}
    assert refs == {RECORDS[0]["id"]: (path.name, locations[0].record_id),
                    RECORDS[1]["id"]: (path.name, locations[1].record_id),
                    RECORDS[2]["id"]: (None, None)}
    assert recover_archive(archive) == []  # nothing left to do


def test_a_job_is_resumable_only_after_a_clean_stop(tmp_path):
    job = tmp_path / "jobs" / "crawl-1"
    (job / "requests.queue").mkdir(parents=True)
    (job / "requests.seen").write_text("0123\n")
    write_job_state(job, "running", 1)
    assert job_was_killed(job)
    assert json.loads((job / JOB_STATE).read_text()) == {"state": "running", "crawl_id": 1}
    write_job_state(job, "stopped", 1)
    assert not job_was_killed(job)
    (job / JOB_STATE).unlink()  # a queue nobody marked: never closed by portal-archive
    assert job_was_killed(job)
    assert recover_archive(tmp_path, job_dir=job) == [
        f"the previous run of this crawl was killed before it could save its queue ({job}): "
        "starting over; what it archived is kept"]
    assert not job.exists()
