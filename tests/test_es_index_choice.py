"""`--index elasticsearch` against the session's REAL Elasticsearch (tests/es_fixture.py).

What a user sees must not depend on the backend: the same commands, flags and output shapes, the
same export bytes, the same facet numbers. Each test uses its own alias
(`ELASTICSEARCH_ALIAS`), so runs on one server never meet.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from search.elastic import ElasticIndex
from search.facets import FACETS, sqlite_facets
from search.query import Filters, parse_query
from search.store import ArchiveStore
from tests.conftest import run_cli
from tests.sample_articles import ID, NAME, RECORDS
from tests.test_cli_errors import closed_port, one_error_line


def _alias() -> str:
    return f"test-cli-{uuid.uuid4().hex[:10]}"


@pytest.fixture()
def es_env(elasticsearch_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[ElasticIndex]:
    """The CLI's environment pointed at the session cluster, under a fresh alias."""
    alias = _alias()
    monkeypatch.setenv("ELASTICSEARCH_URL", elasticsearch_url)
    monkeypatch.setenv("ELASTICSEARCH_ALIAS", alias)
    monkeypatch.delenv("PORTAL_ARCHIVE_INDEX", raising=False)
    index = ElasticIndex.connect(elasticsearch_url, alias=alias)
    yield index
    index.drop()
    index.close()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArchiveStore]:
    with ArchiveStore.open(tmp_path_factory.mktemp("sample"), create=True) as store:
        for record in RECORDS:
            store.upsert_article(record)
        store.commit()
        yield store


@pytest.fixture(scope="module")
def sample_es(elasticsearch_url: str) -> Iterator[ElasticIndex]:
    index = ElasticIndex.connect(elasticsearch_url, alias=_alias())
    index.ensure_index()
    index.upsert_articles(RECORDS, refresh=True)
    yield index
    index.drop()
    index.close()


# -- choosing the index -------------------------------------------------------------------------


def test_elasticsearch_without_a_url_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ELASTICSEARCH_URL", raising=False)
    for args in (["search", "đảng", "--index", "elasticsearch"],
                 ["crawl", "caoloc-langson", "--archive", str(tmp_path / "a"), "--index", "elasticsearch"]):
        result = run_cli(*args)
        assert result.returncode == 2
        assert "--index elasticsearch needs $ELASTICSEARCH_URL" in one_error_line(result)
    assert not (tmp_path / "a").exists()  # refused before anything was created
    monkeypatch.setenv("PORTAL_ARCHIVE_INDEX", "elasticsearch")  # the environment chooses too
    assert run_cli("stats").returncode == 2


def test_unreachable_cluster_is_one_line_exit_3_naming_the_url(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("ELASTICSEARCH_URL", url)
    ArchiveStore.open(tmp_path, create=True).close()
    (tmp_path / "spool").mkdir()
    (tmp_path / "spool" / "elasticsearch-20250101T000000Z.jsonl").write_text('{"reason": "", "doc": {}}\n')
    for args in (["search", "chuyển đổi số", "--index", "elasticsearch"],
                 ["export", "--out", str(tmp_path / "x.jsonl"), "--index", "elasticsearch"],
                 ["stats", "--index", "elasticsearch"],
                 ["reindex", "--archive", str(tmp_path)],
                 ["index", "--replay", "--archive", str(tmp_path)]):
        result = run_cli(*args)
        assert result.returncode == 3, (args, result.stderr)
        assert f"Elasticsearch at {url} is not reachable" in one_error_line(result)
    assert not (tmp_path / "x.jsonl").exists()
    assert len(list((tmp_path / "spool").iterdir())) == 1  # the spool waits for a cluster


def test_a_cluster_without_the_alias_says_how_to_fill_it(es_env: ElasticIndex) -> None:
    result = run_cli("search", "đảng", "--index", "elasticsearch")
    assert result.returncode == 3
    assert f"has no article index '{es_env.alias}'" in one_error_line(result)


def test_both_backends_give_the_same_commands_the_same_output(mirror_crawl, es_env: ElasticIndex,
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive, crawl, _ = mirror_crawl
    assert crawl.returncode == 0, crawl.stderr
    result = run_cli("reindex", "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    total = ArchiveStore.open(archive, readonly=True).count_articles()
    assert f"reindexed {total} of {total} articles" in result.stdout
    assert f"into {es_env.alias}-v1; alias {es_env.alias} moved from none to {es_env.alias}-v1" in result.stdout

    def lines(*args: str) -> list[dict]:
        out = run_cli(*args, "--archive", str(archive))
        assert out.returncode == 0, out.stderr
        return [json.loads(line) for line in out.stdout.splitlines()]

    query = ['"cải cách hành chính"', "--province", "nghe an", "--since", "2020", "--limit", "1000", "--json"]
    on_sqlite = lines("search", *query, "--facets")
    on_es = lines("search", *query, "--facets", "--index", "elasticsearch")
    assert len(on_sqlite) > 4  # hits + the facets line
    assert [set(h) for h in on_es[:-1]] == [set(h) for h in on_sqlite[:-1]]  # same record shape
    assert sorted(h["id"] for h in on_es[:-1]) == sorted(h["id"] for h in on_sqlite[:-1])
    assert on_es[-1] == on_sqlite[-1]  # {"facets": {...}}: the same numbers
    assert set(on_es[-1]["facets"]) == set(FACETS)
    assert set(on_es[-1]["facets"]["province"]) == {"Nghệ An"}

    for suffix, extra in (("sqlite", []), ("es", ["--index", "elasticsearch"])):
        out = run_cli("export", "--archive", str(archive), "--out", str(tmp_path / f"{suffix}.jsonl.gz"),
                      "--topic", "ict", *extra)
        assert out.returncode == 0, out.stderr
    assert (tmp_path / "es.jsonl.gz").read_bytes() == (tmp_path / "sqlite.jsonl.gz").read_bytes()

    monkeypatch.setenv("PORTAL_ARCHIVE_INDEX", "elasticsearch")  # the environment chooses too
    stats = [run_cli("stats", "--json", "--archive", str(archive), *extra) for extra in ([], ["--index", "sqlite"])]
    assert json.loads(stats[0].stdout) == json.loads(stats[1].stdout)
    assert json.loads(stats[0].stdout)["articles"] == total


# -- facets -----------------------------------------------------------------------------------------


def test_facets_count_every_match_not_just_the_shown_hits(sample_store: ArchiveStore, sample_es: ElasticIndex) -> None:
    query = parse_query("chuyển đổi số")
    expected = {
        "portal": {"camxuyen-hatinh": 1, "dalat-lamdong": 1, "hatinh": 1, "lamdong": 1, "nghean": 1, "quangninh": 1},
        "province": {"Hà Tĩnh": 2, "Lâm Đồng": 2, "Nghệ An": 1, "Quảng Ninh": 1},
        "district": {"Cẩm Xuyên": 1, "Đà Lạt": 1},  # province portals have no district: not counted
        "topics": {"ict": 5, "admin-reform": 2, "new-rural": 1},
        "cms": {"liferay": 4, "vnpt-portal": 1, "wordpress": 1},
        "year": {"2023": 3, "2020": 1, "2019": 1},  # Đà Lạt's article is undated: no year
    }
    assert sqlite_facets(sample_store, query) == expected
    assert sample_es.facets(query) == expected
    assert list(sample_es.facets(query)["topics"]) == ["ict", "admin-reform", "new-rural"]  # most first
    assert list(sample_es.facets(query)["year"]) == ["2023", "2020", "2019"]  # newest first


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("chuyen doi so", Filters(province="ha tinh")),
        ('"nông thôn mới"', Filters()),
        ("Đảng", Filters(since=date(2020, 1, 1))),
        ("tỉnh OR huyện OR thành", Filters(topic="ICT")),
        ("hành chính", Filters(portal="DANANG")),
    ],
)
def test_facets_are_the_same_on_both_backends(sample_store: ArchiveStore, sample_es: ElasticIndex,
                                             text: str, filters: Filters) -> None:
    query = parse_query(text, filters)
    assert sample_es.facets(query) == sqlite_facets(sample_store, query)


def test_topic_facet_on_elasticsearch_names_exact_articles(sample_es: ElasticIndex) -> None:
    # Four articles speak of public services or government; the topic facet splits them
    # (quangninh-par is tagged both), and filtering on a facet value returns exactly its count.
    query = parse_query('"dịch vụ công" OR "chính quyền"')
    assert sorted(NAME[h["id"]] for h in sample_es.search(query)) == [
        "dalat-hoso", "hatinh-ioc", "quangninh-par", "vinh-dvc"]
    assert sample_es.facets(query)["topics"] == {"admin-reform": 3, "ict": 2}
    reform = parse_query(query.text, Filters(topic="admin-reform"))
    assert sorted(NAME[h["id"]] for h in sample_es.search(reform)) == ["dalat-hoso", "quangninh-par", "vinh-dvc"]
    assert sample_es.facets(reform)["province"] == {"Lâm Đồng": 1, "Nghệ An": 1, "Quảng Ninh": 1}
    assert sample_es.facets(reform)["year"] == {"2022": 1, "2019": 1}  # dalat-hoso is undated
    ict = parse_query(query.text, Filters(topic="ict"))
    assert sorted(NAME[h["id"]] for h in sample_es.search(ict)) == ["hatinh-ioc", "quangninh-par"]
    assert ID["quangninh-par"] in {h["id"] for h in sample_es.search(ict)}


def test_human_output_prints_facets_after_the_hits(sample_store: ArchiveStore) -> None:
    result = run_cli("search", "chuyển đổi số", "--archive", str(sample_store.path.parent), "--facets",
                     "--limit", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("  2. ") < out.index("facets:")
    assert "  topics    ict 5, admin-reform 2, new-rural 1" in out
    assert "  year      2023 3, 2020 1, 2019 1" in out


# -- reindex ------------------------------------------------------------------------------------------


def _variants(n: int) -> Iterator[dict]:
    """n distinct articles made from the sample records (new ids, same text)."""
    for i in range(n):
        record = dict(RECORDS[i % len(RECORDS)])
        record["id"] = hashlib.sha256(f"variant-{i}".encode()).hexdigest()[:20]
        record["url"] = record["canonical_url"] = f"http://example.gov.vn/bai-{i}"
        yield record


def test_reindex_swaps_the_alias_without_a_moment_of_empty_results(elasticsearch_url: str, tmp_path: Path) -> None:
    with ArchiveStore.open(tmp_path, create=True) as store:
        for record in _variants(800):
            store.upsert_article(record)
        store.commit()
        index = ElasticIndex.connect(elasticsearch_url, alias=_alias())
        try:
            index.ensure_index()
            index.upsert_articles(_variants(300), refresh=True)  # v1 holds part of the archive
            seen: list[int] = []
            stop = threading.Event()

            def search_all_the_time() -> None:
                probe = ElasticIndex(index.client, alias=index.alias)
                while not stop.is_set():
                    seen.append(len(probe.search(parse_query("chuyển đổi số"), limit=5)))

            searcher = threading.Thread(target=search_all_the_time)
            searcher.start()
            try:
                first = index.reindex(store.iter_articles())
                second = index.reindex(store.iter_articles(), delete_old=True)
            finally:
                stop.set()
                searcher.join()
            alias = index.alias
            assert (first.new_index, first.old_indices, first.articles) == (f"{alias}-v2", (f"{alias}-v1",), 800)
            assert (second.new_index, second.old_indices, second.deleted_old) == (f"{alias}-v3", (f"{alias}-v2",), True)
            assert len(seen) > 10 and 0 not in seen  # searched throughout, never an empty answer
            assert index.aliased_indices() == [f"{alias}-v3"]
            assert sorted(index.versions().values()) == [1, 3]  # v1 kept by the first run, v2 deleted
            assert index.count_articles() == store.count_articles() == 800
            assert index.client.indices.get_alias(name=alias)[f"{alias}-v3"]["aliases"][alias]["is_write_index"]
        finally:
            index.drop()
            index.close()


def test_mapping_accepts_the_schema_v2_fields(es_env: ElasticIndex) -> None:
    record = dict(
        RECORDS[0],
        id="f" * 20,
        updated="2023-05-14",
        topic_terms={"ict": ["chuyển đổi số"], "admin-reform": ["một cửa"]},
        legal_refs=[{"text": "Quyết định số 45/2016/QĐ-TTg", "number": "45/2016/QĐ-TTg", "type": "Quyết định",
                     "type_code": "QĐ", "year": 2016, "issuer": "TTg", "date": "2016-10-19"}],
        places=[{"name": "Nghi Lộc", "type": "huyện", "level": "district", "province": "Nghệ An",
                 "district": "Nghi Lộc", "code": "412", "era": "2008-2025",
                 "successor": {"name": "Nghi Lộc", "type": "xã", "level": "commune"}}],
    )
    es = es_env
    es.ensure_index()
    v1_record = {k: v for k, v in RECORDS[1].items() if k not in ("updated", "topic_terms", "legal_refs", "places")}
    assert es.upsert_articles([record, v1_record], refresh=True) == {"inserted": 2, "updated": 0, "unchanged": 0}

    def count(query: dict) -> int:
        return int(es.client.count(index=es.alias, query=query)["count"])

    assert count({"term": {"legal_refs.number": "45/2016/QĐ-TTg"}}) == 1
    assert count({"term": {"places.name.folded": "nghi loc"}}) == 1
    assert count({"term": {"topic_terms.ict": "chuyển đổi số"}}) == 1
    assert count({"range": {"updated": {"gte": "2023-05-01"}}}) == 1
    assert es.count_articles(Filters(legal_ref="45/2016/qd-ttg")) == 1
    assert es.get_article(record["id"])["places"] == record["places"]
    # A record from before schema v2 reads back like the store's: empty lists/dicts, not null.
    old = es.get_article(RECORDS[1]["id"])
    assert (old["legal_refs"], old["places"], old["topic_terms"], old["updated"]) == ([], [], {}, None)


def test_reextract_into_elasticsearch_sends_every_rebuilt_article(mirror_crawl, es_env: ElasticIndex,
                                                                  tmp_path: Path) -> None:
    """Issue 9: the cluster copy is rebuilt from the WARC files through the crawl's write path
    (bulk, or the spool): every article SQLite gets, the cluster gets, with the same ids."""
    source, crawl, _ = mirror_crawl
    assert crawl.returncode == 0, crawl.stderr
    archive = tmp_path / "archive"
    shutil.copytree(source, archive)
    for leftover in archive.glob("index.sqlite3*"):
        leftover.unlink()
    result = run_cli("reextract", "--archive", str(archive), "--index", "elasticsearch", "--quiet")
    assert result.returncode == 0, result.stderr
    with ArchiveStore.open(archive, readonly=True) as store:
        ids = sorted(r["id"] for r in store.iter_articles())
    assert len(ids) == 330
    es_env.refresh()
    assert es_env.count_articles() == 330
    hits = es_env.search(parse_query('"cải cách hành chính"'), limit=1000)
    assert hits and {h["id"] for h in hits} <= set(ids)
    assert not (archive / "spool").exists() or not any((archive / "spool").iterdir())
