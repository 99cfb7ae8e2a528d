"""The crawl's per-URL bookkeeping lives on disk (crawlers/disksets.py): the duplicate filter's
fingerprints in the job directory, surviving a clean stop for the resumed run, and the discovery
log's URL sets, whose report counts are those of exact sets."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter

from crawlers.discovery import DiscoveryLog
from crawlers.disksets import RECENT_ITEMS, DiskSet, DiskSets
from crawlers.dupefilter import SEEN_FILE, DiskDupeFilter


def test_the_duplicate_filter_keeps_its_fingerprints_in_the_job_directory_across_a_resume(tmp_path):
    first = DiskDupeFilter(str(tmp_path))
    assert first.request_seen(Request("http://caoloc.langson.gov.vn/tin-tuc?page=2")) is False
    assert first.request_seen(Request("http://caoloc.langson.gov.vn/tin-tuc?page=2")) is True
    # The same request by Scrapy's canonical form (query order) is the same fingerprint.
    assert first.request_seen(Request("http://caoloc.langson.gov.vn/a?y=2&x=1")) is False
    assert first.request_seen(Request("http://caoloc.langson.gov.vn/a?x=1&y=2")) is True
    first.close("shutdown")
    assert (tmp_path / SEEN_FILE).is_file()

    resumed = DiskDupeFilter(str(tmp_path))
    assert resumed.request_seen(Request("http://caoloc.langson.gov.vn/tin-tuc?page=2")) is True
    assert resumed.request_seen(Request("http://caoloc.langson.gov.vn/tin-tuc?page=3")) is False
    resumed.close("finished")


def test_a_job_directory_of_scrapys_own_filter_is_read_in_once(tmp_path):
    scrapy_filter = RFPDupeFilter(str(tmp_path))
    for page in range(3):
        scrapy_filter.request_seen(Request(f"http://caoloc.langson.gov.vn/tin-tuc?page={page}"))
    scrapy_filter.close("shutdown")

    ours = DiskDupeFilter(str(tmp_path))
    seen = [ours.request_seen(Request(f"http://caoloc.langson.gov.vn/tin-tuc?page={page}"))
            for page in range(5)]
    assert seen == [True, True, True, False, False]
    ours.close("finished")


def test_disk_sets_answer_like_python_sets(tmp_path):
    store = DiskSets(tmp_path / "sets.sqlite3")
    scheduled = DiskSet(store, "scheduled\x1f0")
    for url in ("http://a.gov.vn/1", "http://a.gov.vn/2", "http://a.gov.vn/1"):
        scheduled.add(url)
    assert len(scheduled) == 2
    assert "http://a.gov.vn/2" in scheduled and "http://a.gov.vn/3" not in scheduled
    assert list(scheduled) == ["http://a.gov.vn/1", "http://a.gov.vn/2"]
    assert len(DiskSet(store, "scheduled\x1f1")) == 0
    store.close()
    assert len(DiskSet(DiskSets(tmp_path / "sets.sqlite3"), "scheduled\x1f0")) == 2
    assert len(DiskSet(DiskSets(tmp_path / "sets.sqlite3", fresh=True), "scheduled\x1f0")) == 0


def test_disk_sets_answer_exactly_past_their_memory_of_recent_members(tmp_path):
    # More members than the in-memory front remembers: the oldest are answered by SQLite, the
    # newest from memory, and both answers are those of a Python set.
    store = DiskSets(tmp_path / "sets.sqlite3")
    urls = [f"http://a.gov.vn/tin-tuc/{n}" for n in range(RECENT_ITEMS + 500)]
    assert all(store.add("found", url) for url in urls)
    assert not any(store.add("found", url) for url in urls[:10] + urls[-10:])
    assert all(store.contains("found", url) for url in urls[:10] + urls[-10:])
    assert not store.contains("found", "http://a.gov.vn/tin-tuc/x")
    assert not store.contains("scheduled", urls[-1])  # another set's member
    assert store.add("scheduled", urls[-1]) is True
    assert store.count("found") == RECENT_ITEMS + 500 and store.count("scheduled") == 1
    store.close()
    reopened = DiskSets(tmp_path / "sets.sqlite3")
    assert reopened.contains("found", urls[0]) and reopened.contains("found", urls[-1])
    reopened.close()


def test_the_discovery_report_counts_distinct_urls_and_the_articles_each_channel_found():
    log = DiscoveryLog()
    for url in ("/a", "/b", "/c", "/a"):
        log.saw("caoloc", "links", f"http://caoloc.gov.vn{url}")
    log.saw("caoloc", "sitemap", "http://caoloc.gov.vn/b")
    log.saw("caoloc", "sitemap", "http://caoloc.gov.vn/d")
    log.fetched("caoloc", "links")
    log.article("caoloc", "http://caoloc.gov.vn/b")
    log.article("caoloc", "http://caoloc.gov.vn/c")
    log.article("caoloc", "http://caoloc.gov.vn/c")
    for n in range(7):
        log.cut("caoloc", "page-limit", f"http://caoloc.gov.vn/x{n}")
    log.cut("caoloc", "page-limit", "http://caoloc.gov.vn/x0")
    log.not_article("caoloc", "listing", "http://caoloc.gov.vn/a")
    report = log.report()
    log.close()
    assert report["portals"] == {"caoloc": {
        "articles": 2,
        "channels": {"links": {"urls_found": 3, "articles_found": 2, "fetched": 1},
                     "sitemap": {"urls_found": 2, "articles_found": 1, "fetched": 0}},
        "cut": {"page-limit": 7}, "skipped": {}, "not_indexed": {"listing": 1}, "failed_pages": 0}}
    assert report["cut_examples"] == {"page-limit": [f"http://caoloc.gov.vn/x{n}" for n in range(5)]}
    assert report["not_indexed_examples"] == {"listing": ["http://caoloc.gov.vn/a"]}


def test_the_deduplicate_pipeline_drops_an_id_emitted_before_in_this_run_only(tmp_path):
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from pipelines.deduplicate import DeduplicatePipeline

    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path)})
    first = {"id": "a1", "url": "http://caoloc.langson.gov.vn/node/12"}
    again = {"id": "a1", "url": "http://caoloc.langson.gov.vn/tin-tuc/hoi-nghi"}
    pipeline = DeduplicatePipeline(crawler)
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match="duplicate dict a1: http://caoloc.langson.gov.vn/tin-tuc/hoi-nghi"):
        pipeline.process_item(again)
    assert pipeline.process_item({"id": "a2", "url": "http://caoloc.langson.gov.vn/a2"})
    assert crawler.stats.get_value("portal_archive/duplicates_dropped") == 1
    pipeline.close_spider()
    assert (tmp_path / "items-emitted.sqlite3").is_file()
    # The next run (a resumed crawl) starts from an empty set, as it did in memory.
    resumed = DeduplicatePipeline(crawler)
    assert resumed.process_item(again) is again
    resumed.close_spider()


def test_closing_on_a_full_disk_loses_the_last_batch_with_a_warning_not_a_traceback(
        tmp_path, caplog):
    """The crawl that stops because the disk is full still closes its state: the unsaved batch
    is named in one warning (a traceback in the crawl log would read as a crash)."""
    from tests.small_disk import small_disk

    with small_disk(tmp_path / "disk", "256k") as disk:
        sets = DiskSets(disk / "sets.sqlite3")
        for n in range(1500):  # ~600 KB of rows, all in the page cache until the commit
            sets.add("scheduled", f"http://caoloc.langson.gov.vn/tin-tuc/{n:04d}-" + "x" * 380)
        with caplog.at_level("WARNING", logger="crawlers.disksets"):
            sets.close()
    [warning] = [r.getMessage() for r in caplog.records if r.name == "crawlers.disksets"]
    assert "the last 1500 entries were not saved" in warning
    assert "full" in warning
