"""A damaged index is refused by every command and never written to.

The index is a real one, built by a crawl of the mirror; then some of its pages are overwritten
as a bad disk sector would leave them, keeping the SQLite header and the schema page intact, so
the file still opens and looks like a portal-archive index until a query reaches the damage.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from search.store import INDEX_NAME
from tests.conftest import run_cli

PORTAL = "caoloc-langson"


@pytest.fixture(scope="module")
def crawled(mirror_server, tmp_path_factory) -> Path:
    archive = tmp_path_factory.mktemp("damaged") / "archive"
    result = run_cli("crawl", PORTAL, "--archive", str(archive), "--resolve",
                     f"*={mirror_server.url.removeprefix('http://')}", "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr
    return archive


def damage_pages(index: Path, tables: tuple[str, ...] = ("articles", "fetches")) -> list[int]:
    """Overwrite every other leaf page of `tables` with junk; return the page numbers damaged."""
    with closing(sqlite3.connect(index)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        leaves = [row[0] for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE pagetype = 'leaf' AND name IN "
            f"({', '.join('?' * len(tables))}) ORDER BY pageno", tables)]
    damaged = leaves[1::2]
    with index.open("r+b") as fh:
        for page in damaged:
            fh.seek((page - 1) * page_size)
            fh.write(b"\xa5" * page_size)
    return damaged


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def damaged(crawled: Path, tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    shutil.copytree(crawled, archive)
    pages = damage_pages(archive / INDEX_NAME)
    assert len(pages) >= 2 and 1 not in pages  # the header page stays: the file looks healthy
    return archive


@pytest.mark.parametrize("command", [
    ("stats",),
    ("stats", "--json"),
    ("search", "chuyển đổi số"),
    ("search", "xã", "--facets", "--json"),
    ("export", "--out", "{out}"),
])
def test_readers_refuse_a_damaged_index_with_one_line_and_exit_3(damaged: Path, tmp_path: Path,
                                                                 command: tuple[str, ...]) -> None:
    out = tmp_path / "articles.jsonl"
    before = sha256(damaged / INDEX_NAME)
    result = run_cli(*[arg.format(out=out) for arg in command], "--archive", str(damaged))
    assert result.returncode == 3
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"portal-archive: error: archive index {damaged / INDEX_NAME} is not a "
                           "usable SQLite database (database disk image is malformed); "
                           "it was NOT modified")
    assert line.endswith(f"`portal-archive reextract --archive {damaged}`")
    assert sha256(damaged / INDEX_NAME) == before
    assert not out.exists() and list(tmp_path.glob(".articles.jsonl.*")) == []


def test_a_crawl_refuses_a_damaged_index_before_writing_anything(damaged: Path,
                                                                 mirror_server) -> None:
    before = sha256(damaged / INDEX_NAME)
    listing = sorted(str(p.relative_to(damaged)) for p in damaged.rglob("*"))
    result = run_cli("crawl", PORTAL, "--archive", str(damaged), "--resolve",
                     f"*={mirror_server.url.removeprefix('http://')}", "--env", "test", "--quiet")
    assert result.returncode == 3
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"portal-archive: error: archive index {damaged / INDEX_NAME} is not a "
                           "usable SQLite database (damaged: Page ")
    assert "it was NOT modified" in line
    assert line.endswith(f"`portal-archive reextract --archive {damaged}`")
    assert sha256(damaged / INDEX_NAME) == before
    # Not a WARC record, log or report more: the crawl never started. (Reading a WAL database
    # makes SQLite create its empty -wal/-shm side files; nothing is written into them.)
    after = sorted(str(p.relative_to(damaged)) for p in damaged.rglob("*"))
    assert [name for name in after if not name.endswith(("-wal", "-shm"))] == listing
    assert (damaged / f"{INDEX_NAME}-wal").stat().st_size == 0


def test_a_healthy_index_still_opens_for_every_command(crawled: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(crawled, archive)
    stats = run_cli("stats", "--archive", str(archive))
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.startswith("66 articles from 1 portals")
    exported = run_cli("export", "--out", str(tmp_path / "all.jsonl"), "--archive", str(archive))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith(f"exported 66 articles to {tmp_path / 'all.jsonl'} as jsonl")
