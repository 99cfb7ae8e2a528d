"""The archive index (search/store.py): upserts, crawl log, stats, and refusing damaged files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.errors import ArchiveError
from crawlers.extraction.text import fold
from crawlers.items import ARTICLE_FIELDS
from search.query import Filters, parse_query
from search.store import INDEX_NAME, SCHEMA_VERSION, ArchiveStore

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "articles" / "sample.jsonl"


def load_sample() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def store(tmp_path: Path):
    with ArchiveStore.open(tmp_path / "archive", create=True) as s:
        for record in load_sample():
            s.upsert_article(record)
        s.commit()
        yield s


# -- opening -----------------------------------------------------------------------------------


def test_create_makes_directory_and_versioned_wal_database(tmp_path: Path) -> None:
    archive = tmp_path / "nested" / "archive"
    ArchiveStore.open(archive, create=True).close()
    conn = sqlite3.connect(archive / INDEX_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_open_without_index_tells_to_crawl_first(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArchiveError) as err:
        ArchiveStore.open(tmp_path / "empty")
    assert str(err.value) == (
        f"no archive index at {tmp_path / 'empty' / INDEX_NAME}: "
        f"run `portal-archive crawl --archive {tmp_path / 'empty'}` first"
    )
    assert not (tmp_path / "empty" / INDEX_NAME).exists()


def test_create_under_a_regular_file_names_the_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a directory")
    with pytest.raises(ArchiveError) as err:
        ArchiveStore.open(blocker / "archive", create=True)
    message = str(err.value)
    assert message.startswith(f"cannot create archive directory {blocker / 'archive'}: ")
    assert message.endswith("; choose a writable --archive")


def test_corrupt_index_is_refused_and_left_byte_for_byte_untouched(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    garbage = b"\x00\xffthis is not sqlite\n" * 300
    (archive / INDEX_NAME).write_bytes(garbage)
    for kwargs in ({}, {"create": True}, {"readonly": True}):
        with pytest.raises(ArchiveError) as err:
            ArchiveStore.open(archive, **kwargs)
        message = str(err.value)
        assert str(archive / INDEX_NAME) in message
        assert "NOT modified" in message
        assert "restore it from a backup" in message
        assert "re-index from the WARC files" in message
    assert (archive / INDEX_NAME).read_bytes() == garbage
    assert sorted(p.name for p in archive.iterdir()) == [INDEX_NAME]


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    conn = sqlite3.connect(archive / INDEX_NAME)
    conn.execute("CREATE TABLE photos (name TEXT)")
    conn.commit()
    conn.close()
    before = (archive / INDEX_NAME).read_bytes()
    with pytest.raises(ArchiveError, match="not a portal-archive index"):
        ArchiveStore.open(archive, create=True)
    assert (archive / INDEX_NAME).read_bytes() == before


def test_readonly_store_reads_but_refuses_writes(store: ArchiveStore) -> None:
    store.close()
    with ArchiveStore.open(store.path.parent, readonly=True) as ro:
        assert ro.count_articles() == 12
        with pytest.raises(ArchiveError, match="read-only"):
            ro.upsert_article(load_sample()[0])


# -- articles ----------------------------------------------------------------------------------


def test_upsert_reports_inserted_unchanged_updated(tmp_path: Path) -> None:
    records = load_sample()
    with ArchiveStore.open(tmp_path, create=True) as s:
        assert [s.upsert_article(r) for r in records] == ["inserted"] * 12
        assert [s.upsert_article(r) for r in records] == ["unchanged"] * 12
        edited = dict(records[0], text=records[0]["text"] + "\n\nCập nhật: thêm 20 thủ tục.",
                      content_sha256="f" * 64)
        assert s.upsert_article(edited) == "updated"
        assert s.upsert_article(edited) == "unchanged"
        assert s.count_articles() == 12
        assert s.get_article(records[0]["id"])["text"].endswith("thêm 20 thủ tục.")


def test_a_date_most_of_a_portals_articles_share_is_flagged_and_the_flag_lifts(tmp_path: Path) -> None:
    """A build time printed on every page of a static copy: kept as shown, flagged."""
    base = load_sample()[0]

    def article(n: int, portal: str, day: str | None) -> dict:
        return dict(base, id=f"{n:020x}", url=f"http://x.gov.vn/{portal}/{n}",
                    canonical_url=f"http://x.gov.vn/{portal}/{n}", portal=portal, published=day,
                    content_sha256=f"{n:064x}")

    with ArchiveStore.open(tmp_path, create=True) as s:
        for n in range(6):  # 6 of 7 dated articles of "copy" on one day
            s.upsert_article(article(n, "copy", "2019-08-05"))
        s.upsert_article(article(6, "copy", "2019-06-13"))
        s.upsert_article(article(7, "copy", None))
        for n in range(8, 12):  # 4 on one day of 5: a busy day, not a build time
            s.upsert_article(article(n, "busy", "2020-01-02"))
        s.upsert_article(article(12, "busy", "2020-01-03"))
        assert s.flag_shared_dates() == {"copy": 6}
        flagged = {r["id"] for r in s.iter_articles() if r["published_suspect"]}
        assert flagged == {f"{n:020x}" for n in range(6)}
        assert s.get_article(f"{0:020x}")["published"] == "2019-08-05"  # kept as shown
        for n in range(20, 30):  # a re-crawl finds more articles on other days
            s.upsert_article(article(n, "copy", f"2019-07-{n - 10:02d}"))
        assert s.flag_shared_dates(["copy"]) == {}
        assert not any(r["published_suspect"] for r in s.iter_articles())


def test_update_replaces_the_full_text_entry(tmp_path: Path) -> None:
    from search.query import parse_query

    record = load_sample()[3]  # Hà Tĩnh IOC
    with ArchiveStore.open(tmp_path, create=True) as s:
        s.upsert_article(record)
        assert [h["id"] for h in s.search(parse_query("IOC"))] == [record["id"]]
        s.upsert_article(dict(record, title="Hà Tĩnh khai trương trung tâm giám sát",
                              text="Trung tâm giám sát đi vào hoạt động.",
                              content_sha256="a" * 64))
        assert s.search(parse_query("IOC")) == []
        assert [h["id"] for h in s.search(parse_query("giám sát"))] == [record["id"]]


def test_records_round_trip_with_every_field_in_order(store: ArchiveStore) -> None:
    records = load_sample()
    stored = store.get_article(records[8]["id"])
    assert list(stored) == list(ARTICLE_FIELDS)
    assert stored == records[8]
    assert stored["topics"] == ["new-rural", "ict"]


def test_iter_articles_orders_by_published_then_id_undated_last(store: ArchiveStore) -> None:
    published = [r["published"] for r in store.iter_articles(Filters())]
    assert published == [
        "2019-05-08", "2019-12-26", "2020-06-30", "2021-03-10", "2021-08-20", "2022-11-03",
        "2023-02-15", "2023-04-20", "2023-05-12", "2023-09-07", "2024-01-15", None,
    ]


def test_count_articles_applies_filters(store: ArchiveStore) -> None:
    assert store.count_articles(Filters()) == 12
    assert store.count_articles(Filters(province="nghe an")) == 3
    assert store.count_articles(Filters(province="Ha Tinh", district="Cam Xuyen")) == 1
    assert store.count_articles(Filters(topic="ICT")) == 6


# -- crawl log and stats -----------------------------------------------------------------------


def test_crawl_log_records_start_fetches_and_finish(tmp_path: Path) -> None:
    with ArchiveStore.open(tmp_path, create=True) as s:
        crawl_id = s.start_crawl(portals=["dienchau-nghean"],
                                 start_urls=["https://dienchau.nghean.gov.vn/"],
                                 settings={"DOWNLOAD_DELAY": 1.0, "ROBOTSTXT_OBEY": True})
        assert s.crawls()[0]["status"] == "running"
        s.log_fetch(crawl_id, url="https://dienchau.nghean.gov.vn/robots.txt", status=404,
                    kind="robots", error=None, warc_file="a.warc.gz",
                    warc_record_id="<urn:uuid:1>", fetched_at="2024-03-01T01:00:00+00:00",
                    portal="dienchau-nghean")
        s.log_fetch(crawl_id, url="https://dienchau.nghean.gov.vn/tin-tuc", status=None,
                    kind="error", error="TimeoutError: 30s", warc_file=None, warc_record_id=None,
                    fetched_at="2024-03-01T01:00:31+00:00", portal="dienchau-nghean")
        s.finish_crawl(crawl_id, stats={"pages": 2, "articles": 0}, status="interrupted")
        [crawl] = s.crawls()
    assert crawl["id"] == crawl_id == 1
    assert crawl["status"] == "interrupted"
    assert crawl["portals"] == ["dienchau-nghean"]
    assert crawl["start_urls"] == ["https://dienchau.nghean.gov.vn/"]
    assert crawl["settings"] == {"DOWNLOAD_DELAY": 1.0, "ROBOTSTXT_OBEY": True}
    assert crawl["stats"] == {"pages": 2, "articles": 0}
    assert crawl["fetches"] == 2
    assert crawl["finished_at"] is not None


def test_stats_counts_portals_years_crawls_and_fetches(store: ArchiveStore) -> None:
    crawl_id = store.start_crawl(portals=["hatinh"], start_urls=[], settings={})
    store.log_fetch(crawl_id, url="https://hatinh.gov.vn/", status=200, kind="home", error=None,
                    warc_file=None, warc_record_id=None, fetched_at="2024-03-01T01:00:00Z",
                    portal="hatinh")
    stats = store.stats()
    assert stats["articles"] == 12
    assert stats["by_portal"] == {
        "camxuyen-hatinh": 1, "dalat-lamdong": 1, "danang": 2, "dienchau-nghean": 1,
        "hatinh": 2, "lamdong": 1, "nghean": 1, "quangninh": 2, "vinh-nghean": 1,
    }
    assert stats["by_year"] == {
        "2019": 2, "2020": 1, "2021": 2, "2022": 1, "2023": 4, "2024": 1, "unknown": 1,
    }
    assert stats["by_portal_year"]["danang"] == {"2021": 1, "2023": 1}
    assert stats["by_portal_year"]["dalat-lamdong"] == {"unknown": 1}
    assert stats["crawls"] == 1
    assert stats["fetches"] == 1


# -- durability --------------------------------------------------------------------------------

_WRITER = r"""
import json, sys
from search.store import ArchiveStore

archive, sample = sys.argv[1], sys.argv[2]
base = [json.loads(line) for line in open(sample, encoding="utf-8")]
store = ArchiveStore.open(archive, create=True, batch_size=10**9)
n = 0
while True:
    record = dict(base[n % len(base)])
    record["id"] = f"{n:020x}"
    record["text"] = record["text"] * 20
    store.upsert_article(record)
    n += 1
    if n % 50 == 0:
        store.commit()
        print(n, flush=True)
"""


def test_sigkill_mid_write_keeps_committed_rows_and_a_sound_file(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(archive), str(SAMPLE)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    try:
        committed = 0
        while committed < 300:
            line = child.stdout.readline()
            assert line, "writer exited early"
            committed = int(line)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    with ArchiveStore.open(archive) as s:
        assert s.integrity_check() == "ok"
        count = s.count_articles()
        assert count >= committed
        assert count % 50 == 0  # whole batches only: the interrupted one was rolled back
        assert s.get_article(f"{committed - 1:020x}") is not None
        from search.query import parse_query

        assert len(s.search(parse_query("IOC"), limit=1000)) == count // 12 + (
            1 if count % 12 > 3 else 0
        )


def test_a_reader_sees_committed_rows_while_a_writer_holds_a_batch(tmp_path: Path) -> None:
    records = load_sample()
    writer = ArchiveStore.open(tmp_path, create=True)
    try:
        for record in records[:5]:
            writer.upsert_article(record)
        writer.commit()
        for record in records[5:]:
            writer.upsert_article(record)  # open transaction, not yet committed
        with ArchiveStore.open(tmp_path, readonly=True) as reader:
            assert reader.count_articles() == 5
        writer.commit()
        with ArchiveStore.open(tmp_path, readonly=True) as reader:
            assert reader.count_articles() == 12
    finally:
        writer.close()


# -- schema version 2: new fields, the legal-reference facet, migration from version 1 ----------

# The version-1 schema as released (articles, FTS, crawl log), to build an old archive in place.
V1_SCHEMA = """
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT NOT NULL,
    canonical_url TEXT NOT NULL, portal TEXT, province TEXT, district TEXT, title TEXT NOT NULL,
    text TEXT NOT NULL, published TEXT, author TEXT, source TEXT, language TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '[]', cms TEXT, fetched_at TEXT NOT NULL,
    content_sha256 TEXT NOT NULL, warc_file TEXT, warc_record_id TEXT,
    http_status INTEGER NOT NULL, portal_folded TEXT, province_folded TEXT, district_folded TEXT,
    topics_folded TEXT NOT NULL DEFAULT '[]', indexed_at TEXT NOT NULL
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TABLE crawls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running', portals TEXT NOT NULL, start_urls TEXT NOT NULL,
    settings TEXT NOT NULL, stats TEXT
);
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY, crawl_id INTEGER NOT NULL REFERENCES crawls (id), url TEXT NOT NULL,
    status INTEGER, kind TEXT NOT NULL, error TEXT, warc_file TEXT, warc_record_id TEXT,
    fetched_at TEXT NOT NULL, portal TEXT
);
PRAGMA user_version = 1;
"""
V1_TEXT = ("Thực hiện Quyết định số 45/2016/QĐ - TTg ngày 19/10/2016, huyện Nghi Lộc đẩy mạnh "
           "chuyển đổi số tại xã Nghi Tiến.")


def _v1_archive(path: Path) -> Path:
    path.mkdir(parents=True)
    conn = sqlite3.connect(path / INDEX_NAME)
    conn.executescript(V1_SCHEMA)
    conn.execute(
        "INSERT INTO articles (id, url, canonical_url, portal, province, district, title, text, "
        "published, language, topics, fetched_at, content_sha256, http_status, province_folded, "
        "indexed_at) VALUES ('0123456789abcdef0123', 'https://nghiloc.nghean.gov.vn/a', "
        "'https://nghiloc.nghean.gov.vn/a', 'nghiloc-nghean', 'Nghệ An', 'Nghi Lộc', "
        "'Nghi Lộc chuyển đổi số', ?, '2019-12-27', 'vi', '[\"ict\"]', "
        "'2024-03-01T08:15:00+00:00', ?, 200, 'nghe an', '2024-03-01T08:15:00+00:00')",
        (V1_TEXT, "0" * 64),
    )
    conn.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (1, ?, ?)",
                 (fold("Nghi Lộc chuyển đổi số"), fold(V1_TEXT)))
    conn.commit()
    conn.close()
    return path


def test_a_version_1_archive_opened_read_only_reads_new_fields_as_empty(tmp_path: Path) -> None:
    archive = _v1_archive(tmp_path / "old")
    with ArchiveStore.open(archive, readonly=True) as store:
        [record] = list(store.iter_articles())
        assert list(record) == list(ARTICLE_FIELDS)
        assert (record["updated"], record["topic_terms"], record["legal_refs"], record["places"]) == (
            None, {}, [], []
        )
        assert store.count_articles(Filters(legal_ref="45/2016/QĐ-TTg")) == 0
    conn = sqlite3.connect(archive / INDEX_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # not modified
    conn.close()


def test_a_version_1_archive_is_migrated_in_place_and_its_new_fields_filled(tmp_path: Path) -> None:
    archive = _v1_archive(tmp_path / "old")
    with ArchiveStore.open(archive) as store:
        record = store.get_article("0123456789abcdef0123")
        assert record is not None
        assert record["updated"] is None  # needs the page: only a re-index from WARC gives it
        assert record["topic_terms"] == {"ict": ["chuyển đổi số"]}
        assert [r["number"] for r in record["legal_refs"]] == ["45/2016/QĐ-TTg"]
        assert [(p["name"], p["level"]) for p in record["places"]] == [
            ("Nghi Lộc", "district"), ("Nghi Tiến", "commune")
        ]
        assert store.count_articles(Filters(legal_ref="45/2016/qd-ttg")) == 1
        assert store.search(parse_query("chuyen doi so"))[0]["id"] == "0123456789abcdef0123"
    conn = sqlite3.connect(archive / INDEX_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_new_fields_round_trip_and_the_legal_ref_filter_matches_any_spelling(tmp_path: Path) -> None:
    record = dict(load_sample()[0], id="fedcba9876543210fedc", updated="2023-05-13",
                  topic_terms={"ict": ["chuyển đổi số"]},
                  legal_refs=[{"text": "Quyết định số 45/2016/QĐ - TTg", "number": "45/2016/QĐ-TTg",
                               "type": "Quyết định", "type_code": "QĐ", "year": 2016,
                               "issuer": "TTg", "date": "2016-10-19"}])
    with ArchiveStore.open(tmp_path / "archive", create=True) as store:
        for sample in load_sample():
            store.upsert_article(sample)
        store.upsert_article(record)
        assert store.get_article(record["id"]) == record
        for spelling in ("45/2016/QĐ-TTg", "45/2016/qd-ttg", "45/2016/QĐ - TTg", " 45/2016/QD-TTG"):
            assert store.count_articles(Filters(legal_ref=spelling)) == 1, spelling
        assert store.count_articles(Filters(legal_ref="45/2016")) == 0  # whole numbers only
        # An update that drops the reference drops it from the facet too.
        store.upsert_article(dict(record, legal_refs=[], content_sha256="1" * 64))
        assert store.count_articles(Filters(legal_ref="45/2016/QĐ-TTg")) == 0


def test_unreached_candidates_pages_through_a_portal_by_id_without_removed_articles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Read a page at a time (the vanished sweep of a 100,000-article portal must not hold them
    # all); pages of 2 over 7 articles: the page boundaries must neither repeat nor drop one.
    monkeypatch.setattr("search.store.CANDIDATES_PAGE", 2)
    base = next(r for r in load_sample() if r["portal"] == "hatinh")
    with ArchiveStore.open(tmp_path / "archive", create=True) as s:
        for n in range(7):
            url = f"https://hatinh.gov.vn/tin-tuc/bai-{n}.html"
            s.upsert_article({**base, "id": f"{n:020x}", "url": url, "canonical_url": url})
        for other in load_sample():
            if other["portal"] != "hatinh":
                s.upsert_article(other)
        s.commit()
        s.mark_removed(f"{3:020x}", url="https://hatinh.gov.vn/tin-tuc/bai-3.html", status=404,
                       seen_at="2026-12-01T05:00:00+00:00", crawl_id=None)
        s.commit()
        assert list(s.unreached_candidates("hatinh")) == [
            (f"{n:020x}", f"https://hatinh.gov.vn/tin-tuc/bai-{n}.html",
             f"https://hatinh.gov.vn/tin-tuc/bai-{n}.html") for n in (0, 1, 2, 4, 5, 6)]
        assert [row[0] for row in s.unreached_candidates("danang")] == sorted(
            r["id"] for r in load_sample() if r["portal"] == "danang")
