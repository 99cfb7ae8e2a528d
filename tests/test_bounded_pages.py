"""Bounded work per page: huge pages and binary bodies are archived and reported, never read, and
the crawl around them completes; every extraction step is linear and capped.

Speed and memory *numbers* are in bench/big_pages.py (docs/benchmarks.md); these tests check
behaviour, plus one generous memory ceiling measured by the kernel for the crawl process.
"""

from __future__ import annotations

import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawlers.extraction import extract_page
from crawlers.extraction.budget import MAX_EXTRACT_BYTES, skip_reason
from crawlers.extraction.legal_refs import MAX_LEGAL_REFS_CHARS, find_legal_refs
from crawlers.extraction.places import MAX_PLACES_CHARS, find_places
from crawlers.extraction.topics import MAX_TOPIC_CHARS, tag_topics
from tests.bounded_portal import (
    HOST,
    MIB,
    NORMAL_ARTICLES,
    TOO_BIG_PATH,
    BoundedPortal,
    article,
    crawl_with_rusage,
    indexed_titles,
    normal_title,
)

# Far below the 1.3 GB the 50 MB binary page alone cost before, far above what the crawl needs
# (bench/big_pages.py: docs/benchmarks.md).
PEAK_RSS_CEILING = 768 * MIB


def warc_payload_sizes(archive: Path) -> dict[str, int]:
    """Target URI -> payload bytes of every response record in the archive's WARC files."""
    sizes: dict[str, int] = {}
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    size = 0
                    while chunk := record.content_stream().read(1 << 20):
                        size += len(chunk)
                    sizes[record.rec_headers.get_header("WARC-Target-URI")] = size
    return sizes


def test_huge_and_binary_pages_are_archived_and_reported_not_read_and_the_crawl_completes(
        tmp_path):
    archive = tmp_path / "archive"
    with BoundedPortal(big_pages=(4 * MIB, 20 * MIB), binary_pages=(50 * MIB,)) as portal:
        result, peak_rss = crawl_with_rusage(
            portal.url, "--resolve", f"{HOST}={portal.address}", "--archive", str(archive),
            "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr

    # The normal articles were crawled and indexed; the big ones were not read.
    assert indexed_titles(archive) == sorted(normal_title(n) for n in range(1, NORMAL_ARTICLES + 1))

    # Every byte of the huge and binary pages is in the WARC; the over-max download is not.
    sizes = warc_payload_sizes(archive)
    for path, body in {**portal.big, **portal.binary}.items():
        assert sizes[f"http://{HOST}{path}"] == len(body)
    assert f"http://{HOST}{TOO_BIG_PATH}" not in sizes

    # The report counts and names them, by reason.
    (report_path,) = (archive / "crawls").glob("*.json")
    report = json.loads(report_path.read_text("utf-8"))
    assert report["counts"]["pages_not_read"] == 3
    assert report["counts"]["downloads_over_max_size"] == 1
    assert report["discovery"]["portals"][HOST]["skipped"] == {
        "binary": 1, "over-budget": 2, "over-max-size": 1}
    examples = report["discovery"]["skipped_examples"]
    assert sorted(examples["over-budget"]) == sorted(f"http://{HOST}{p}" for p in portal.big)
    assert examples["binary"] == [f"http://{HOST}{p}" for p in portal.binary]
    assert examples["over-max-size"] == [f"http://{HOST}{TOO_BIG_PATH}"]
    assert ("not read: 3 pages archived but binary or over the extraction budget, "
            "1 downloads over the maximum size (not archived)") in result.stdout

    assert peak_rss < PEAK_RSS_CEILING, f"crawl peaked at {peak_rss / MIB:.0f} MiB"


def test_extraction_refuses_a_binary_body_and_a_page_over_budget_without_reading_them() -> None:
    noise = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 8
    assert skip_reason(noise) == "binary"
    assert extract_page(noise, f"http://{HOST}/tin-tuc/tep.html").page_type == "binary"

    big = article("Báo cáo", ["Nội dung báo cáo tổng hợp của huyện."] * (MAX_EXTRACT_BYTES // 40))
    assert len(big) > MAX_EXTRACT_BYTES
    assert extract_page(big, f"http://{HOST}/tin-tuc/bao-cao.html").page_type == "over-budget"

    # Text that only looks odd is text: a UTF-16 page (NUL bytes, with its byte-order mark), a
    # windows-1258 page, and a page just within the budget.
    utf16 = article("Hội nghị chuyển đổi số").decode().encode("utf-16")
    assert skip_reason(utf16) is None
    assert skip_reason(article("Hội nghị").decode().encode("cp1258", "replace")) is None
    within = article("Báo cáo", ["Nội dung."] * ((MAX_EXTRACT_BYTES - 400) // 20))
    assert len(within) <= MAX_EXTRACT_BYTES
    assert skip_reason(within) is None


def test_places_legal_refs_and_topics_read_a_capped_prefix_of_the_text() -> None:
    filler = "Nội dung hội nghị được thông qua. " * 40
    long_text = filler * (max(MAX_PLACES_CHARS, MAX_LEGAL_REFS_CHARS, MAX_TOPIC_CHARS)
                          // len(filler) + 1)
    early = "Tại xã Nghi Tiến, huyện Nghi Lộc triển khai Quyết định số 45/2016/QĐ-TTg. " + long_text
    late = long_text + " Tại xã Nghi Tiến, huyện Nghi Lộc triển khai Quyết định số 45/2016/QĐ-TTg."

    assert [u.name for u in find_places(None, early, published="2019-05-01")] == [
        "Nghi Tiến", "Nghi Lộc"]
    assert find_places(None, late, published="2019-05-01") == []
    assert [r.number for r in find_legal_refs(early)] == ["45/2016/QĐ-TTg"]
    assert find_legal_refs(late) == []
    subject = "Chuyển đổi số, ứng dụng CNTT. " * 100  # a subject: mentioned throughout
    assert tag_topics("", subject + long_text) == ["ict"]
    assert tag_topics("", long_text + subject) == []

