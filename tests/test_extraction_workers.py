"""Pages are read in worker processes while the crawl downloads (crawlers/workers.py): a page that
takes longer than its time budget costs one worker, which is killed and replaced, never the crawl.
"""

from __future__ import annotations

import json

from search.store import ArchiveStore
from tests.bounded_portal import (
    HOST,
    MIB,
    NORMAL_ARTICLES,
    BoundedPortal,
    crawl_with_rusage,
    indexed_titles,
    normal_title,
)
from tests.test_bounded_pages import warc_payload_sizes


def test_a_page_over_its_time_budget_is_archived_and_reported_and_its_worker_replaced(tmp_path):
    archive = tmp_path / "archive"
    # Three pages within the size budget that take minutes to read (tiny paragraphs by the
    # ten thousand), beside the portal's normal articles. One worker: every page after the first
    # slow one is read by a worker started to replace a killed one.
    with BoundedPortal(slow_pages=(int(1.9 * MIB),) * 3, too_big=False) as portal:
        result, _ = crawl_with_rusage(
            portal.url, "--resolve", f"{HOST}={portal.address}", "--archive", str(archive),
            "--env", "test", "--quiet", "--workers", "1", "--extract-timeout", "3")
    assert result.returncode == 0, result.stderr

    assert indexed_titles(archive) == sorted(normal_title(n) for n in range(1, NORMAL_ARTICLES + 1))

    sizes = warc_payload_sizes(archive)
    for path, body in portal.slow.items():
        assert sizes[f"http://{HOST}{path}"] == len(body)

    (report_path,) = (archive / "crawls").glob("*.json")
    report = json.loads(report_path.read_text("utf-8"))
    assert report["counts"]["pages_not_read"] == 3
    assert report["discovery"]["portals"][HOST]["skipped"] == {"over-time": 3}
    assert sorted(report["discovery"]["skipped_examples"]["over-time"]) == sorted(
        f"http://{HOST}{p}" for p in portal.slow)
    assert "not read: 3 pages archived" in result.stdout


def test_workers_and_in_process_extraction_make_the_same_records(tmp_path):
    records = {}
    with BoundedPortal(too_big=False) as portal:
        for workers in ("0", "2"):
            archive = tmp_path / f"archive-{workers}"
            result, _ = crawl_with_rusage(
                portal.url, "--resolve", f"{HOST}={portal.address}", "--archive", str(archive),
                "--env", "test", "--quiet", "--workers", workers)
            assert result.returncode == 0, result.stderr
            with ArchiveStore.open(archive, readonly=True) as store:
                records[workers] = sorted(
                    ({k: v for k, v in r.items() if k not in ("fetched_at", "warc_file", "warc_record_id")}
                     for r in store.iter_articles()), key=lambda r: r["id"])
    assert len(records["0"]) == NORMAL_ARTICLES
    assert records["0"] == records["2"]
