"""Where `export --out` writes: regular files atomically, special files in place (never replaced),
symlinks followed (the link stays), `-` for stdout; a write that fails is one line and exit 2."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.export import export_jsonl
from search.query import Filters
from search.store import ArchiveStore
from tests.conftest import run_cli
from tests.sample_articles import RECORDS, write_sample_archive


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive whose index holds the 12 sample articles."""
    return write_sample_archive(tmp_path / "archive")


@pytest.fixture
def full_device(tmp_path: Path) -> Iterator[Path]:
    """A character device that refuses every write with ENOSPC, like /dev/full.

    As root, a private node (`mknod c 1 7`) so a regression replaces a file of this test, not the
    machine's /dev/full; without root, /dev/full itself, which a non-root process cannot replace
    (/dev is not writable), so the test is equally safe there.
    """
    if os.geteuid() == 0:
        node = tmp_path / "full"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        yield node
    else:
        yield Path("/dev/full")


def test_export_to_a_full_device_fails_with_one_line_and_keeps_the_device(archive, full_device):
    result = run_cli("export", "--out", str(full_device), "--archive", str(archive))
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert lines == [f"portal-archive: error: cannot write export to {full_device}: "
                     "No space left on device; choose a writable output path"]
    assert result.stdout == ""  # no "exported 12 articles"
    mode = full_device.lstat().st_mode
    assert stat.S_ISCHR(mode) and os.major(full_device.lstat().st_rdev) == 1


def test_export_through_a_symlink_writes_the_target_and_keeps_the_link(archive, tmp_path):
    real = tmp_path / "data" / "articles.jsonl"
    real.parent.mkdir()
    real.write_text("previous\n")
    real.chmod(0o640)
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    result = run_cli("export", "--out", str(link), "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"exported 12 articles to {link} as jsonl (with {link}.schema.json, "
                             f"{link}.card.md)\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    ids = [json.loads(line)["id"] for line in real.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == sorted(r["id"] for r in RECORDS) and len(ids) == 12
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the file's own mode, not 0600
    assert sorted(p.name for p in real.parent.iterdir()) == ["articles.jsonl"]  # no temp left


def test_export_to_a_new_file_honours_the_umask(archive, tmp_path):
    out = tmp_path / "new.jsonl"
    result = run_cli("export", "--out", str(out), "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_export_to_a_fifo_is_written_in_place(archive, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("export", "--out", str(fifo), "--archive", str(archive))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a pipe, not replaced by a file
    assert len(received[0].splitlines()) == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "pipe"]


def test_export_to_stdout_with_dash(archive, tmp_path):
    result = run_cli("export", "--out", "-", "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert len(ids) == 12 and set(ids) == {r["id"] for r in RECORDS}
    assert result.stderr == "exported 12 articles to stdout as jsonl\n"  # no schema, no card
    assert not (Path.cwd() / "-").exists()


def test_export_jsonl_through_a_dangling_symlink_creates_the_target(archive, tmp_path):
    real = tmp_path / "out" / "x.jsonl.gz"
    real.parent.mkdir()
    link = tmp_path / "x.jsonl.gz"
    link.symlink_to(real)
    with ArchiveStore.open(archive, readonly=True) as store:
        assert export_jsonl(store, link, Filters()) == 12
    assert link.is_symlink() and real.is_file()
    assert real.read_bytes()[:2] == b"\x1f\x8b"  # gzip, by the name given


def test_crawl_export_through_a_symlink_keeps_the_link(tmp_path, mirror_server):
    real = tmp_path / "exports" / "caoloc.jsonl.gz"
    real.parent.mkdir()
    link = tmp_path / "caoloc-latest.jsonl.gz"
    link.symlink_to(real)
    result = run_cli("crawl", "caoloc-langson", "--archive", str(tmp_path / "archive"),
                     "--export", str(link), "--resolve",
                     f"*={mirror_server.url.removeprefix('http://')}", "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    import gzip

    records = [json.loads(line) for line in gzip.decompress(real.read_bytes()).splitlines()]
    assert len(records) == 66 and {r["portal"] for r in records} == {"caoloc-langson"}
    assert sorted(p.name for p in real.parent.iterdir()) == ["caoloc.jsonl.gz"]
