"""Bad input: one clear line naming the input and what to do, a non-zero exit, and nothing already
archived damaged."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from search.store import ArchiveStore
from tests.conftest import run_cli


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("portal-archive: error: ")
    return lines[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_digest(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture()
def small_archive(tmp_path, mirror, mirror_server):
    """A real archive: one mirror portal crawled."""
    archive = tmp_path / "archive"
    result = run_cli("crawl", "caoloc-langson", "--archive", str(archive), "--resolve",
                     f"*={mirror_server.url.removeprefix('http://')}", "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr
    return archive


def test_unknown_portal_id(tmp_path):
    result = run_cli("crawl", "no-such-portal", "--archive", str(tmp_path / "a"))
    assert result.returncode == 2
    assert "unknown portal id 'no-such-portal'" in one_error_line(result)
    assert not (tmp_path / "a").exists()


def test_out_of_scope_start_url(tmp_path):
    result = run_cli("crawl", "ftp://nghiloc.nghean.gov.vn/", "--archive", str(tmp_path / "a"))
    assert result.returncode == 2
    assert "out-of-scope start URL 'ftp://nghiloc.nghean.gov.vn/'" in one_error_line(result)


def test_unreachable_start_url_stops_with_exit_4(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/"
    result = run_cli("crawl", url, "--archive", str(tmp_path / "a"), "--env", "test", "--quiet")
    assert result.returncode == 4
    line = one_error_line(result)
    assert f"could not reach {url}" in line and "refused" in line.lower()
    # The failed attempts are in the crawl log, so the archivist can see what happened.
    with ArchiveStore.open(tmp_path / "a", readonly=True) as store:
        assert store.stats()["fetches"] >= 1


def test_start_url_disallowed_by_robots_txt_is_not_fetched(tmp_path, mirror_server):
    url = "http://gocongtay.tiengiang.gov.vn/Tim-kiem?keyword=x"  # no sitemap in its robots.txt
    result = run_cli("crawl", url, "--archive", str(tmp_path / "a"), "--resolve",
                     f"*={mirror_server.url.removeprefix('http://')}", "--env", "test", "--quiet")
    assert result.returncode == 4
    assert "Forbidden by robots.txt" in one_error_line(result)
    assert "1 refused by robots.txt" in result.stdout


def test_invalid_query_and_dates(small_archive):
    before = tree_digest(small_archive)
    cases = [
        (['"cải cách hành chính'], "unbalanced quote"),
        (["   "], "empty query"),
        (["chuyển đổi số", "--since", "2023-13-01"], "invalid date for --since: '2023-13-01'"),
        (["chuyển đổi số", "--since", "2024", "--until", "2020"], "--since"),
        (["chuyển đổi số", "--limit", "0"], "argument --limit: 0 is not a whole number from 1"),
    ]
    for args, message in cases:
        result = run_cli("search", *args, "--archive", str(small_archive))
        assert result.returncode == 2, (args, result.stderr)
        assert message in one_error_line(result)
    assert tree_digest(small_archive) == before


def test_unwritable_archive_path(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run_cli("crawl", "caoloc-langson", "--archive", str(blocker / "archive"))
    assert result.returncode == 3
    assert str(blocker / "archive") in one_error_line(result)
    assert blocker.read_text() == "not a directory"


def test_corrupt_index_is_refused_and_left_untouched(small_archive, mirror_server):
    index = small_archive / "index.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    index.write_bytes(b"this is not a database" * 100)
    before = tree_digest(small_archive)
    for args in (["search", "số"], ["stats"], ["export", "--out", str(small_archive.parent / "x")],
                 ["crawl", "caoloc-langson", "--resolve",
                  f"*={mirror_server.url.removeprefix('http://')}", "--env", "test"]):
        result = run_cli(*args, "--archive", str(small_archive))
        assert result.returncode == 3, (args, result.stderr)
        assert "index.sqlite3" in one_error_line(result)
    assert tree_digest(small_archive) == before
    assert not (small_archive.parent / "x").exists()


def test_missing_archive(tmp_path):
    result = run_cli("search", "số", "--archive", str(tmp_path / "nowhere"))
    assert result.returncode == 3
    assert "run `portal-archive crawl" in one_error_line(result)


def test_extract_prints_one_record_and_refuses_a_listing(tmp_path, mirror):
    article = mirror.articles[0]
    page = tmp_path / "page.html"
    page.write_bytes(mirror.fetch(article.url).body)
    result = run_cli("extract", str(page), "--url", article.url)
    assert result.returncode == 0, result.stderr
    import json

    record = json.loads(result.stdout)
    assert (record["title"], record["published"], record["canonical_url"]) == (
        article.title, article.published, article.url)
    home = next(p for p in mirror.portals if p.id == article.portal).home_url
    page.write_bytes(mirror.fetch(home).body)
    result = run_cli("extract", str(page), "--url", home)
    assert result.returncode == 2
    assert "is not an article page" in one_error_line(result)


# -- argument values out of range or malformed: one line and exit 2, never a traceback -------------
LIMIT_RULE = "is not a whole number from 1 to 10000"


def test_search_arguments_out_of_range_against_a_real_archive(small_archive):
    before = tree_digest(small_archive)
    cases = [
        (["--limit", "99999999999999999999"], f"argument --limit: 99999999999999999999 {LIMIT_RULE}"),
        (["--limit", "10001"], f"argument --limit: 10001 {LIMIT_RULE}"),
        (["--limit", "abc"], f"argument --limit: abc {LIMIT_RULE}"),
        (["--limit", "-1"], f"argument --limit: -1 {LIMIT_RULE}"),
        (["--index", "mysql"], "argument --index: invalid choice: 'mysql' (choose from"),
    ]
    for args, message in cases:
        result = run_cli("search", "Cao Lộc", *args, "--archive", str(small_archive))
        assert result.returncode == 2, (args, result.stderr)
        assert message in one_error_line(result)
    result = run_cli("search", "--archive", str(small_archive))
    assert result.returncode == 2
    assert "the following arguments are required: query" in one_error_line(result)
    assert tree_digest(small_archive) == before
    # The bound itself is accepted: every match, not the default 10 (63 of the 66 articles
    # of the portal name the district).
    result = run_cli("search", "Cao Lộc", "--limit", "10000", "--json", "--archive", str(small_archive))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 63


@pytest.mark.parametrize(("args", "message"), [
    (["crawl", "caoloc-langson", "--max-pages", "-3"],
     "argument --max-pages: -3 is not a whole number from 1 to 100000000"),
    (["crawl", "caoloc-langson", "--max-pages", "0"], "argument --max-pages: 0 is not a whole number from 1"),
    (["crawl", "http://[::1"], "invalid start URL 'http://[::1': it is not a URL"),
    (["crawl", "caoloc-langson", "--resolve", "*=127.0.0.1:99999"],
     "invalid --resolve '*=127.0.0.1:99999': the port must be a number from 1 to 65535"),
    (["crawl", "caoloc-langson", "--resolve", "*=127.0.0.1:abc"],
     "invalid --resolve '*=127.0.0.1:abc': the port must be a number from 1 to 65535"),
    (["crawl", "caoloc-langson", "--env", "staging"], "argument --env: invalid choice: 'staging' (choose from"),
])
def test_bad_crawl_arguments_give_one_line_and_exit_2_before_the_archive_is_made(tmp_path, args,
                                                                                 message):
    result = run_cli(*args, "--archive", str(tmp_path / "a"))
    assert result.returncode == 2, result.stderr
    assert message in one_error_line(result)
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["portals", "detect", "http://[::1"], "invalid start URL 'http://[::1': it is not a URL"),
    (["kibana-setup", "--kibana-url", "http://[::1"], "invalid --kibana-url 'http://[::1'"),
    (["portals", "list", "--level", "galaxy"], "argument --level: invalid choice: 'galaxy' (choose from"),
])
def test_bad_urls_and_choices_elsewhere_give_one_line_and_exit_2(args, message):
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert message in one_error_line(result)


def test_limit_above_elasticsearch_window_is_refused_before_asking_the_cluster(elasticsearch_url):
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    env = {**os.environ, "ELASTICSEARCH_URL": elasticsearch_url}
    result = subprocess.run([sys.executable, "-m", "crawlers.cli", "search", "số", "--limit",
                             "100000", "--index", "elasticsearch"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "argument --limit: 100000 is not a whole number from 1 to 10000" in one_error_line(result)


def test_unknown_extract_encoding_is_refused(tmp_path, mirror):
    article = mirror.articles[0]
    page = tmp_path / "page.html"
    page.write_bytes(mirror.fetch(article.url).body)
    result = run_cli("extract", str(page), "--url", article.url, "--encoding", "nonexistent")
    assert result.returncode == 2
    assert ("unknown --encoding 'nonexistent': give a Python codec name such as utf-8 or "
            "windows-1258") in one_error_line(result)
    result = run_cli("extract", str(page), "--url", article.url, "--encoding", "UTF8")
    assert result.returncode == 0, result.stderr
