"""`portal-archive package CRAWL_ID --out crawl.wacz`: a crawl of the offline mirror as a WACZ,
checked by py-wacz's own validator and replayed by pywb."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import html

from crawlers.extraction.decoding import decode_body
from search.store import ArchiveStore
from tests.conftest import REPO, run_cli

PYWB = REPO / ".cache" / "pywb-venv" / "bin" / "python"


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@pytest.fixture(scope="module")
def packaged(mirror_crawl, tmp_path_factory):
    archive, crawl, _ = mirror_crawl
    assert crawl.returncode == 0, crawl.stderr
    with ArchiveStore.open(archive, readonly=True) as store:
        crawl_id = store.crawls()[0]["id"]
    out = tmp_path_factory.mktemp("package") / "crawl.wacz"
    result = run_cli("package", str(crawl_id), "--archive", str(archive), "--out", str(out))
    return archive, crawl_id, out, result


def test_package_holds_the_crawls_warcs_index_pages_and_hashed_datapackage(packaged) -> None:
    archive, crawl_id, out, result = packaged
    assert result.returncode == 0, result.stderr
    warcs = sorted(p.name for p in (archive / "warc").glob("*.warc.gz"))
    with ArchiveStore.open(archive, readonly=True) as store:
        articles = store.stats()["articles"]
    assert result.stdout == (f"package: crawl {crawl_id} -> {out}: {len(warcs)} WARC file(s), "
                             f"{articles} page(s)\n")
    with zipfile.ZipFile(out) as wacz:
        names = sorted(wacz.namelist())
        assert names == sorted(["datapackage.json", "datapackage-digest.json", "indexes/index.cdx.gz",
                                "indexes/index.idx", "pages/pages.jsonl", *(f"archive/{w}" for w in warcs)])
        package = json.loads(wacz.read("datapackage.json"))
        assert package["wacz_version"] == "1.1.1"
        assert {r["path"]: r["hash"] for r in package["resources"]} == {
            name: "sha256:" + hashlib.sha256(wacz.read(name)).hexdigest()
            for name in names if name not in ("datapackage.json", "datapackage-digest.json")}
        digest = json.loads(wacz.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(wacz.read("datapackage.json")).hexdigest()
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").decode().splitlines()]
    # A header, then one page per archived article, titled as the index has it.
    assert pages[0] == {"format": "json-pages-1.0", "id": "pages", "title": "Articles"}
    assert len(pages) - 1 == articles
    assert all(p["title"] and p["ts"] and p["url"].startswith("http://") for p in pages[1:])


def test_py_wacz_validates_the_package(packaged) -> None:
    *_, out, _ = packaged
    wacz = Path(sys.executable).with_name("wacz")
    result = subprocess.run([str(wacz), "validate", "-f", str(out)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Version detected as 1.1.1" in result.stdout
    assert result.stdout.rstrip().endswith("Validation succeeded, the passed WACZ is valid")


def test_pywb_replays_an_archived_article_from_the_package(packaged, tmp_path) -> None:
    archive, _, out, _ = packaged
    if not PYWB.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PYWB} is missing: run `make pywb` (make test does)")
        pytest.skip(f"{PYWB} is missing: run `make pywb`")
    article = _an_article(archive)
    replay = subprocess.run([str(PYWB), str(REPO / "tests" / "pywb_replay.py"), str(out), article["url"],
                             str(tmp_path / "pywb")], capture_output=True, text=True, timeout=300)
    assert replay.returncode == 0, replay.stderr[-2000:]
    answer = json.loads((tmp_path / "pywb" / "replay.json").read_text())
    assert answer["status"] == 200
    charset = re.search(r"charset=([\w-]+)", answer["content_type"] or "")
    page = html.fromstring(decode_body(base64.b64decode(answer["body"]), charset.group(1) if charset else None))
    text = _folded(page.text_content())
    assert _folded(article["title"]) in text
    first_paragraph = article["text"].split("\n\n")[0]
    assert _folded(first_paragraph)[:80] in text


def _an_article(archive: Path) -> dict:
    """The first archived article (by id) with a title and text, as the index holds it."""
    import sqlite3

    with sqlite3.connect(f"{(archive / 'index.sqlite3').resolve().as_uri()}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT url, title, text FROM articles WHERE length(text) > 200 AND "
                           "http_status = 200 ORDER BY id LIMIT 1").fetchone()
    return dict(row)


def test_an_unknown_crawl_id_is_one_error_line(packaged, tmp_path) -> None:
    archive, *_ = packaged
    with ArchiveStore.open(archive, readonly=True) as store:
        ids = [c["id"] for c in store.crawls()]
    result = run_cli("package", "999", "--archive", str(archive), "--out", str(tmp_path / "x.wacz"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"portal-archive: error: unknown crawl id 999 in {archive} "
                                          f"(crawl ids there: {min(ids)}-{max(ids)})"]
    assert list(tmp_path.iterdir()) == []
