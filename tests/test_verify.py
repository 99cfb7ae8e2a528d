"""`portal-archive verify`: a clean archive passes (exit 0); each kind of damage is named on a
line of its own and the exit code is 1. Verify itself never changes the archive."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from crawlers.warc_reader import warc_files
from tests.conftest import run_cli


@pytest.fixture()
def archive(mirror_crawl, tmp_path) -> Path:
    source, result, _ = mirror_crawl
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "archive"
    shutil.copytree(source, copy)
    return copy


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file() and not p.name.startswith("index.sqlite3-")}


def test_a_crawled_archive_verifies_clean(archive):
    result = run_cli("verify", "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    # 1488: the 751 references of the articles and the crawl log, and 737 of the page
    # validators and article versions (search/versions.py).
    assert result.stdout == (f"verify: no problems in {archive}: 1 WARC file(s), 843 records, "
                             "1488 index references checked\n")


def test_each_problem_is_one_line_and_nothing_is_changed(archive):
    (warc,) = warc_files(archive / "warc")
    with warc.open("r+b") as fh:  # a damaged tail: the last 300 bytes lost
        fh.truncate(warc.stat().st_size - 300)
    with sqlite3.connect(archive / "index.sqlite3") as conn:
        conn.execute("UPDATE articles SET warc_record_id = '<urn:uuid:lost>' WHERE rowid = 1")
        article = conn.execute("SELECT id FROM articles WHERE rowid = 1").fetchone()[0]
        conn.execute("UPDATE articles SET warc_file = 'gone.warc.gz' WHERE rowid IN (2, 3)")
        conn.execute("UPDATE crawls SET status = 'running'")
    (archive / "spool").mkdir()
    (archive / "spool" / "elasticsearch-20261130T000000Z.jsonl").write_text('{"doc": {}}\n{"do')
    (archive / "warc" / "x-20261130000000000-00001-1.warc.gz.open").write_bytes(warc.read_bytes()[:2000])
    before = tree(archive)

    result = run_cli("verify", "--archive", str(archive))

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert all(line.startswith("portal-archive: verify: ") for line in lines)
    problems = [line.removeprefix("portal-archive: verify: ") for line in lines]
    assert problems[0].startswith(f"warc/{warc.name}: record 843 at byte ")
    assert problems[0].endswith("bytes after the last whole record); the records before it "
                                "are intact")
    assert problems[1] == ("warc/x-20261130000000000-00001-1.warc.gz.open: left open by a crawl "
                           "that was killed; the next `crawl` or `reextract` closes it")
    assert problems[2] == f"articles {article}: record <urn:uuid:lost> is not in warc/{warc.name}"
    assert problems[3] == "articles: 2 row(s) name warc/gone.warc.gz, which does not exist"
    assert problems[4] == ("crawl 1: marked running but no crawl is running (it was killed; the "
                           "next crawl marks it so)")
    assert problems[5] == ("spool/elasticsearch-20261130T000000Z.jsonl: 1 unreadable line(s); "
                           "run `portal-archive reindex` to re-sync the cluster")
    assert len(problems) == 6
    assert result.stdout.startswith(f"verify: 6 problem(s) in {archive}: 1 WARC file(s), 842 records")
    assert tree(archive) == before


def test_a_missing_archive_is_exit_3(tmp_path):
    result = run_cli("verify", "--archive", str(tmp_path / "none"))
    assert result.returncode == 3
    assert result.stderr == (f"portal-archive: error: no archive at {tmp_path / 'none'}: give the "
                             "--archive directory of a crawl\n")
