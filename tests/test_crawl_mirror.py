"""End to end on the embedded default: crawl the whole offline mirror, then archive, search, export.

The mirror knows its ground truth (every article, its title and date, the boilerplate around it,
which URLs are traps), so these tests assert exact numbers against it.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.extraction.text import fold
from search.schema import article_validator
from tests.conftest import run_cli

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def archived_records(archive: Path, *args: str) -> list[dict]:
    out = archive.parent / "all.jsonl"
    result = run_cli("export", "--archive", str(archive), "--out", str(out), *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def records(mirror_crawl):
    archive, result, _ = mirror_crawl
    assert result.returncode == 0, result.stderr
    return archived_records(archive)


@pytest.fixture(scope="module")
def truth(mirror):
    return {a.url: a for a in mirror.articles}


def test_crawl_exits_cleanly_and_prints_a_summary(mirror_crawl, mirror):
    archive, result, _ = mirror_crawl
    assert result.returncode == 0, result.stderr
    summary = result.stdout
    assert f"{len(mirror.articles)} articles ({len(mirror.articles)} new, 0 updated" in summary
    for portal in mirror.portals:
        assert re.search(rf"{portal.id}\s+\d+ articles", summary)
    assert "archive:" in summary and (archive / "index.sqlite3").exists()
    # Search pages (which robots.txt also disallows) are never requested; nothing failed.
    assert "0 failed fetches, 0 refused by robots.txt" in summary


def test_every_mirror_article_is_archived_exactly_once(records, truth):
    urls = [r["canonical_url"] for r in records]
    assert len(urls) == len(set(urls)) == len(truth)
    assert set(urls) == set(truth)


def test_records_carry_the_ground_truth_metadata(records, truth, mirror):
    portals = {p.id: p for p in mirror.portals}
    wrong = []
    for record in records:
        expected = truth[record["canonical_url"]]
        portal = portals[expected.portal]
        got = (record["title"], record["published"], record["portal"], record["province"],
               record["district"], record["cms"])
        want = (expected.title, expected.published, portal.id, portal.province, portal.district,
                portal.family)
        if got != want:
            wrong.append((record["canonical_url"], got, want))
    assert wrong == []


def test_article_text_keeps_the_body_and_drops_all_seed_boilerplate(records, truth, mirror):
    missing, leaks = [], []
    for record in records:
        expected = truth[record["canonical_url"]]
        for paragraph in expected.paragraphs:
            if paragraph not in record["text"]:
                missing.append((record["canonical_url"], paragraph[:60]))
        for junk in [*mirror.seed_boilerplate, *expected.must_not_contain]:
            if junk in record["text"]:
                leaks.append((record["canonical_url"], junk))
    assert missing == []
    assert leaks == []


def test_every_record_is_valid_against_the_schema(records):
    validator = article_validator()
    problems = [(r["id"], e.message) for r in records for e in validator.iter_errors(r)]
    assert problems == []


def test_traps_are_never_followed_past_their_first_page(mirror_crawl, mirror):
    _, _, requests = mirror_crawl
    kinds: dict[str, list[str]] = {}
    for _method, url, _status in requests:
        kinds.setdefault(mirror.classify(url), []).append(url)
    assert kinds.get("trap-deep", []) == []
    assert kinds.get("search", []) == []      # disallowed by robots.txt
    # Session-id, print and share variants are canonicalised away before any request.
    assert [u for u in kinds.get("variant", []) if "/node/" not in u] == []
    # Each calendar was entered once, on the page the portal links to.
    assert len(kinds.get("trap-first", [])) >= 2
    fetched = [url for _m, url, _s in requests if mirror.classify(url) in ("article", "listing")]
    assert len(fetched) == len(set(fetched))


def test_error_pages_and_redirects_are_fetched_and_archived(mirror_crawl):
    archive, _, requests = mirror_crawl
    statuses = sorted({status for _m, _u, status in requests})
    assert {200, 301, 302, 404, 500} <= set(statuses)
    warc_dir = archive / "warc"
    responses = {}
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    responses.setdefault(uri, []).append(record.http_headers.get_statuscode())
    assert list(warc_dir.glob("*.open")) == []
    # Every response the mirror served is in the WARC, with the status it had (retries included).
    served = {}
    for _method, url, status in requests:
        served.setdefault(url, []).append(str(status))
    assert {u: sorted(s) for u, s in responses.items()} == {u: sorted(s) for u, s in served.items()}


def test_article_records_point_at_their_warc_response(records, mirror_crawl):
    archive, _, _ = mirror_crawl
    by_id = {}
    for path in (archive / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    by_id[record.rec_headers.get_header("WARC-Record-ID")] = (
                        path.name, record.rec_headers.get_header("WARC-Target-URI"))
    assert all(by_id[r["warc_record_id"]] == (r["warc_file"], r["url"]) for r in records)


def _search_ids(archive: Path, query: str, *args: str) -> list[str]:
    result = run_cli("search", query, "--archive", str(archive), "--json", "--limit", "1000",
                     *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["canonical_url"] for line in result.stdout.splitlines()]


def test_search_is_diacritics_insensitive_and_finds_exactly_the_matching_articles(
        mirror_crawl, truth):
    archive, _, _ = mirror_crawl
    with_marks = _search_ids(archive, "chuyển đổi số")
    without = _search_ids(archive, "chuyen doi so")
    # The same articles either way; the order may differ (exact spelling ranks first:
    # tests/test_search.py).
    assert sorted(with_marks) == sorted(without)
    expected = {url for url, a in truth.items()
                if {"chuyen", "doi", "so"} <= set(tokens(a.title + " " + " ".join(a.paragraphs)))}
    assert len(expected) > 20
    assert set(with_marks) == expected


def test_phrase_search_with_filters(mirror_crawl, truth, mirror):
    archive, _, _ = mirror_crawl
    phrase = ["cai", "cach", "hanh", "chinh"]
    nghe_an = {p.id for p in mirror.portals if p.province == "Nghệ An"}

    def has_phrase(a) -> bool:
        toks = tokens(a.title + " " + " ".join(a.paragraphs))
        return any(toks[i:i + 4] == phrase for i in range(len(toks)))

    expected = {url for url, a in truth.items() if a.portal in nghe_an and has_phrase(a)
                and a.published and a.published >= "2020-01-01"}
    got = _search_ids(archive, '"cải cách hành chính"', "--province", "nghe an",
                      "--since", "2020")
    assert len(expected) > 3
    assert set(got) == expected


def test_search_json_lines_carry_score_and_snippet(mirror_crawl):
    archive, _, _ = mirror_crawl
    result = run_cli("search", "nông thôn mới", "--archive", str(archive), "--json",
                     "--limit", "5")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 5
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all("«" in h["snippet"] and "»" in h["snippet"] for h in hits)


def test_export_gzip_streams_every_article_and_filters(mirror_crawl, truth, mirror, tmp_path):
    archive, _, _ = mirror_crawl
    out = tmp_path / "all.jsonl.gz"
    result = run_cli("export", "--archive", str(archive), "--out", str(out))
    assert result.returncode == 0, result.stderr
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    assert len(lines) == len(truth)
    assert f"exported {len(truth)} articles" in result.stdout
    lao = [p.id for p in mirror.portals if p.province == "Lạng Sơn"]
    only = archived_records(archive, "--province", "Lang Son")
    assert len(only) == sum(1 for a in truth.values() if a.portal in lao)


def test_stats_counts_articles_per_portal(mirror_crawl, truth):
    archive, _, _ = mirror_crawl
    result = run_cli("stats", "--archive", str(archive), "--json")
    stats = json.loads(result.stdout)
    expected: dict[str, int] = {}
    for article in truth.values():
        expected[article.portal] = expected.get(article.portal, 0) + 1
    assert stats["by_portal"] == expected
    assert stats["articles"] == len(truth)
    undated = sum(1 for a in truth.values() if a.published is None)
    assert stats["by_year"].get("unknown", 0) == undated


def test_recrawl_updates_in_place(mirror_crawl, mirror, mirror_server, tmp_path):
    # A copy: the shared crawl's archive stays the archive of one crawl for the other tests.
    archive = tmp_path / "archive"
    shutil.copytree(mirror_crawl[0], archive)
    portal = mirror.portals[0]
    result = run_cli("crawl", portal.id, "--archive", str(archive), "--resolve",
                     f"*={mirror_server.url.removeprefix('http://')}", "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr
    count = sum(1 for a in mirror.articles if a.portal == portal.id)
    assert f"{count} articles (0 new, 0 updated, {count} unchanged)" in result.stdout
    stats = json.loads(run_cli("stats", "--archive", str(archive), "--json").stdout)
    assert stats["articles"] == len(mirror.articles)
    assert stats["crawls"] == 2


def test_crawl_report_shows_per_portal_and_channel_what_was_found(mirror_crawl, mirror):
    archive, _, _ = mirror_crawl
    first = sorted((archive / "crawls").glob("*.json"))[0]
    portals = json.loads(first.read_text("utf-8"))["discovery"]["portals"]
    per_portal = {p.id: sum(1 for a in mirror.articles if a.portal == p.id) for p in mirror.portals}
    assert {pid: portals[pid]["articles"] for pid in per_portal} == per_portal
    # Links reach every article; the Drupal and WordPress sitemaps list every article too.
    for pid, count in per_portal.items():
        assert portals[pid]["channels"]["links"]["articles_found"] == count
    assert portals["caoloc-langson"]["channels"]["sitemap"]["articles_found"] == 66
    assert portals["dienchau-nghean"]["channels"]["sitemap"]["articles_found"] == 66
    assert portals["luongson-hoabinh"]["channels"]["feed"]["articles_found"] > 0
    # Calendars were cut (Liferay and Drupal), search pages and share forms never requested.
    assert portals["nghiloc-nghean"]["cut"]["calendar"] >= 1
    assert portals["caoloc-langson"]["cut"]["calendar"] >= 1
    assert all(p["cut"].get("search-results", 0) >= 1 for p in portals.values())
    assert portals["luongson-hoabinh"]["cut"]["share-form"] == per_portal["luongson-hoabinh"]
    assert not any(r in p["cut"] for p in portals.values() for r in ("page-limit", "depth-limit"))
