"""The Elasticsearch backend against a REAL Elasticsearch 8 (see tests/es_fixture.py).

Every test reads one module-wide index holding tests/fixtures/articles/sample.jsonl under a
unique alias, so parallel or repeated runs on one server never meet. Expected ids are written
out by name, and several checks compare with the SQLite store on the same records: the two
backends must agree on what matches, even where they rank differently.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest

from search.elastic import ElasticIndex, build_query
from search.query import Filters, parse_query
from search.snippets import MATCH_CLOSE, MATCH_OPEN
from search.store import ArchiveStore
from tests.sample_articles import NAME, RECORDS


def _alias() -> str:
    return f"test-articles-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def es(elasticsearch_url: str) -> Iterator[ElasticIndex]:
    index = ElasticIndex.connect(elasticsearch_url, alias=_alias())
    index.ensure_index()
    assert index.upsert_articles(RECORDS, refresh=True) == {"inserted": 12, "updated": 0, "unchanged": 0}
    yield index
    index.drop()
    index.close()


@pytest.fixture(scope="module")
def sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArchiveStore]:
    with ArchiveStore.open(tmp_path_factory.mktemp("archive"), create=True) as store:
        for record in RECORDS:
            store.upsert_article(record)
        store.commit()
        yield store


def names(es: ElasticIndex, text: str, filters: Filters | None = None) -> list[str]:
    return [NAME[hit["id"]] for hit in es.search(parse_query(text, filters or Filters()))]


def test_index_sits_behind_a_write_alias(es: ElasticIndex) -> None:
    aliases = es.client.indices.get_alias(name=es.alias).body
    assert aliases == {f"{es.alias}-v1": {"aliases": {es.alias: {"is_write_index": True}}}}
    assert es.count_articles() == 12


def test_query_without_diacritics_finds_the_same_articles(es: ElasticIndex) -> None:
    accented = names(es, "chuyển đổi số")
    assert sorted(accented) == sorted(
        ["nghean-cds", "hatinh-ioc", "camxuyen-dien", "lamdong-ntm", "dalat-hoso", "quangninh-par"]
    )
    assert sorted(names(es, "chuyen doi so")) == sorted(accented)
    assert sorted(names(es, "CHUYỂN ĐỔI SỐ")) == sorted(accented)
    # đ folds to d like the other diacritics (Lucene's ASCII folding maps U+0111).
    assert sorted(names(es, "dang")) == sorted(names(es, "Đảng")) == ["dalat-hoso", "hatinh-dang", "quangninh-dang"]


def test_exact_spelling_ranks_first(es: ElasticIndex) -> None:
    # "Đảng" (the Party) in two articles; "đăng" (to post) folds to the same "dang".
    assert names(es, "Đảng")[:2] == ["quangninh-dang", "hatinh-dang"]
    assert names(es, "Đảng")[2:] == ["dalat-hoso"]
    # "cổng" (portal) in two articles, among ten with "công"/"cộng"/"cổng".
    hits = names(es, "cổng")
    assert len(hits) == 10
    assert sorted(hits[:2]) == ["dalat-hoso", "vinh-dvc"]
    # Without diacritics every spelling is equal: "công" (in a title) wins instead.
    assert names(es, "cong")[:3] == ["dalat-hoso", "danang-par", "vinh-dvc"]


def test_phrase_needs_adjacent_words_and_adjacency_ranks_higher(es: ElasticIndex) -> None:
    assert sorted(names(es, '"nông thôn mới"')) == ["dienchau-ntm", "lamdong-ntm"]
    # Without quotes Đà Nẵng's ICT plan matches too ("vùng nông thôn", "dữ liệu mới"), but the
    # shingles rank the two articles with the phrase above it.
    loose = names(es, "nông thôn mới")
    assert sorted(loose[:2]) == ["dienchau-ntm", "lamdong-ntm"]
    assert loose[2:] == ["danang-ict"]


def test_or_exclusion_and_prefix(es: ElasticIndex) -> None:
    assert sorted(names(es, 'IOC OR "PAR INDEX"')) == ["hatinh-ioc", "quangninh-par"]
    assert names(es, "IOC OR IoT nông") == ["lamdong-ntm"]
    assert sorted(names(es, '"chuyển đổi số" -nông -IOC')) == ["camxuyen-dien", "nghean-cds", "quangninh-par"]
    assert sorted(names(es, "IO*")) == ["hatinh-ioc", "lamdong-ntm"]
    assert sorted(names(es, '"dịch vụ cô"*')) == ["dalat-hoso", "hatinh-ioc", "vinh-dvc"]


@pytest.mark.parametrize(
    "text",
    ["chuyển đổi số", "Đảng", '"điện tử"', "nông thôn mới", 'IOC OR "PAR INDEX"', '"chuyển đổi số" -"nông thôn"',
     "IO*", '"cổng dị"*', "covid-19", "hành chính"],
)
def test_same_matches_as_the_sqlite_store(es: ElasticIndex, sqlite: ArchiveStore, text: str) -> None:
    query = parse_query(text)
    assert sorted(h["id"] for h in es.search(query)) == sorted(h["id"] for h in sqlite.search(query))


def test_province_filter_without_diacritics(es: ElasticIndex) -> None:
    nghe_an = ["dienchau-ntm", "nghean-cds", "vinh-dvc"]
    assert sorted(names(es, "tỉnh OR huyện OR thành", Filters(province="nghe an"))) == nghe_an
    assert es.count_articles(Filters(province="NGHE AN")) == 3
    assert es.count_articles(Filters(province="Nghệ")) == 0  # a whole value, not a prefix
    assert [NAME[r["id"]] for r in es.iter_articles(Filters(province="Ha Tinh", district="cam xuyen"))] == [
        "camxuyen-dien"
    ]


def test_date_range_is_inclusive_and_drops_undated(es: ElasticIndex) -> None:
    filters = Filters(since=date(2021, 1, 1), until=date(2022, 12, 31))
    expected = ["danang-ict", "dienchau-ntm", "vinh-dvc"]  # 2021-03-10, 2021-08-20, 2022-11-03
    assert [NAME[r["id"]] for r in es.iter_articles(filters)] == expected
    assert es.count_articles(Filters(since=date(2023, 9, 7))) == 2  # the bound day counts; 2024 too
    assert es.count_articles(Filters(until=date(2019, 5, 8))) == 1
    assert "dalat-hoso" not in {NAME[r["id"]] for r in es.iter_articles(Filters(since=date(1900, 1, 1)))}


def test_topic_filter(es: ElasticIndex) -> None:
    ict = sorted(NAME[r["id"]] for r in RECORDS if "ict" in r["topics"])
    assert sorted(NAME[r["id"]] for r in es.iter_articles(Filters(topic="ICT"))) == ict
    assert sorted(names(es, "chuyển đổi số", Filters(topic="new-rural"))) == ["lamdong-ntm"]


def test_iteration_order_count_and_stats_match_the_sqlite_store(es: ElasticIndex, sqlite: ArchiveStore) -> None:
    assert list(es.iter_articles(page_size=5)) == list(sqlite.iter_articles())  # 3 pages
    assert es.count_articles(Filters(topic="admin-reform")) == sqlite.count_articles(Filters(topic="admin-reform"))
    expected = {k: v for k, v in sqlite.stats().items() if k not in ("crawls", "fetches")}
    assert es.stats() == expected


def test_snippets_mark_matches_with_guillemets(es: ElasticIndex) -> None:
    hits = es.search(parse_query("chuyen doi so"))
    assert all(MATCH_OPEN in h["snippet"] and MATCH_CLOSE in h["snippet"] for h in hits if "chuy" in h["text"].lower())
    top = es.search(parse_query('"chuyển đổi số"'), limit=1)[0]
    assert f"{MATCH_OPEN}chuyển đổi số{MATCH_CLOSE}" in top["snippet"].lower()
    assert set(top) == set(RECORDS[0]) | {"score", "snippet"}


def test_reupsert_is_idempotent_and_updates_in_place(elasticsearch_url: str) -> None:
    index = ElasticIndex.connect(elasticsearch_url, alias=_alias(), chunk_size=5)
    try:
        index.ensure_index()
        assert index.upsert_articles(RECORDS, refresh=True) == {"inserted": 12, "updated": 0, "unchanged": 0}
        assert index.upsert_articles(RECORDS, refresh=True) == {"inserted": 0, "updated": 0, "unchanged": 12}
        changed = dict(RECORDS[4], title="Hội nghị tổng kết công tác xây dựng Đảng", content_sha256="f" * 64)
        assert index.upsert_articles([changed], refresh=True) == {"inserted": 0, "updated": 1, "unchanged": 0}
        assert index.count_articles() == 12
        assert index.get_article(changed["id"]) == changed
        assert [NAME[h["id"]] for h in index.search(parse_query("tong ket"))] == ["hatinh-dang"]
        assert index.client.get(index=index.alias, id=changed["id"])["_version"] == 2
    finally:
        index.drop()
        index.close()


def test_query_translation_shape() -> None:
    dsl = build_query(parse_query('Đảng OR "chính quyền" -IOC điện*', Filters(province="Hà Tĩnh")))["bool"]
    assert len(dsl["must"]) == 2  # the OR group, and the prefix
    assert dsl["must"][0]["bool"]["minimum_should_match"] == 1
    assert dsl["must"][1]["bool"]["should"][1] == {"prefix": {"text": {"value": "dien"}}}
    assert dsl["must_not"][0]["multi_match"]["query"] == "IOC"
    assert dsl["filter"] == [{"term": {"province.folded": "ha tinh"}}]
    exact = [c["multi_match"]["query"] for c in dsl["should"] if c["multi_match"].get("analyzer") == "vi_exact"]
    assert exact == ["Đảng", "chính quyền"]


def test_export_records_with_a_query_match_the_sqlite_store(es: ElasticIndex, sqlite: ArchiveStore) -> None:
    from crawlers.errors import UserError
    from search.export import Selection, export_records

    selection = Selection(Filters(province="nghe an"), query='"chuyển đổi số" OR "nông thôn"')
    from_es = list(export_records(es, selection))
    assert [NAME[r["id"]] for r in from_es] == ["dienchau-ntm", "nghean-cds"]  # export order
    assert from_es == list(export_records(sqlite, selection))  # not clustered: null in both
    assert {(r["cluster_id"], r["schema_version"]) for r in from_es} == {(None, 2)}
    with pytest.raises(UserError, match="--dedupe needs the archive's SQLite index"):
        list(export_records(es, Selection(dedupe=True)))
def test_a_removed_article_is_flagged_left_out_and_found_when_asked(elasticsearch_url: str,
                                                                    tmp_path) -> None:
    # The archive's index marked one article removed (it answered 404); `reindex` carries the
    # flag, and a crawl's removals reach the cluster as partial updates.
    gone, later = RECORDS[0], RECORDS[1]
    with ArchiveStore.open(tmp_path, create=True) as store:
        for record in RECORDS:
            store.upsert_article(record)
        assert store.mark_removed(gone["id"], url=gone["url"], status=404,
                                  seen_at="2026-11-30T10:00:00+00:00", crawl_id=2)
        store.commit()
        index = ElasticIndex.connect(elasticsearch_url, alias=_alias())
        try:
            index.reindex(store.iter_articles(Filters(include_removed=True)))
            index.refresh()
            assert index.count_articles() == store.count_articles() == 11
            every = {r["id"]: r["removed_at"] for r in index.iter_articles(Filters(include_removed=True))}
            assert len(every) == 12 and every[gone["id"]] == "2026-11-30T10:00:00+00:00"
            assert [v for k, v in every.items() if k != gone["id"]] == [None] * 11
            title = f'"{gone["title"]}"'
            assert gone["id"] not in {h["id"] for h in index.search(parse_query(title, Filters()))}
            found = index.search(parse_query(title, Filters(include_removed=True)))
            assert [h["removed_at"] for h in found if h["id"] == gone["id"]] == ["2026-11-30T10:00:00+00:00"]
            assert index.mark_removed([(later["id"], "2026-12-01T08:00:00+00:00"),
                                       ("no-such-article", "2026-12-01T08:00:00+00:00")]) == 1
            index.refresh()
            assert index.count_articles() == 10
        finally:
            index.drop()
            index.close()
