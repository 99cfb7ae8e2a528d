"""`portal-archive export` in JSONL, CSV and Parquet (search/export.py): every value round-trips,
filters and `--query` apply, the JSON Schema and a dataset card (search/card.py) whose numbers
are the store's are written beside the file."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crawlers.cli import main
from crawlers.errors import UserError
from search.export import (
    EXPORT_FIELDS,
    STRUCTURED_FIELDS,
    Selection,
    csv_cell,
    export,
    export_records,
    format_for,
    write_parquet,
)
from search.query import Filters
from search.schema import SCHEMA_PATH, article_validator
from search.store import ArchiveStore
from tests.conftest import run_cli
from tests.sample_articles import write_sample_archive


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive whose index holds the 12 sample articles."""
    return write_sample_archive(tmp_path / "archive")


def read_back(path: Path) -> list[dict]:
    """An export read with the reader researchers use for its format, as export records."""
    name = path.name
    if name.endswith(".parquet"):
        rows = pq.read_table(path).to_pylist()
        for row in rows:
            for field in ("published", "updated"):
                row[field] = row[field].isoformat() if row[field] else None
            row["topic_terms"] = dict(row["topic_terms"])
        return rows
    raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    if ".jsonl" in name:
        return [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows == [] or list(rows[0]) == list(EXPORT_FIELDS)
    return rows


def as_csv(record: dict) -> dict:
    return {name: csv_cell(name, record[name]) for name in EXPORT_FIELDS}


def test_the_format_comes_from_the_flag_or_the_name() -> None:
    assert [format_for(n, None) for n in ("a.jsonl", "a.JSONL.GZ", "a.csv", "a.csv.gz",
                                          "b.parquet", "-", "/dev/null")] == \
        ["jsonl", "jsonl", "csv", "csv", "parquet", "jsonl", "jsonl"]
    assert format_for("a.jsonl", "parquet") == "parquet"
    with pytest.raises(UserError, match=r"cannot tell the export format from 'a\.xlsx'"):
        format_for("a.xlsx", None)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["articles.jsonl.gz", "articles.csv", "articles.parquet"])
def test_every_value_of_a_crawled_archive_round_trips(mirror_crawl, tmp_path, name) -> None:
    archive, crawl, _ = mirror_crawl
    assert crawl.returncode in (0, 1), crawl.stderr
    out = tmp_path / name
    result = run_cli("export", "--archive", str(archive), "--out", str(out))
    assert result.returncode == 0, result.stderr
    with ArchiveStore.open(archive, readonly=True) as store:
        expected = list(export_records(store))
    assert len(expected) > 20
    assert all(r["cluster_id"] is not None for r in expected)  # clustered when the crawl closed
    assert result.stdout.startswith(f"exported {len(expected)} articles to {out} as ")
    got = read_back(out)
    if name.endswith(".csv"):
        assert got == [as_csv(r) for r in expected]
        assert [{n: json.loads(r[n]) for n in STRUCTURED_FIELDS} for r in got] == \
            [{n: r[n] for n in STRUCTURED_FIELDS} for r in expected]
    else:
        assert got == expected
    if name.endswith(".jsonl.gz"):
        validator = article_validator()
        for record in got:
            assert list(validator.iter_errors(record)) == [], record["id"]
    assert Path(f"{out}.schema.json").read_bytes() == SCHEMA_PATH.read_bytes()
    assert Path(f"{out}.card.md").read_text("utf-8").startswith(f"# Dataset card: {name}\n")


def test_csv_flattens_lists_and_objects_to_json_and_null_to_empty(archive, tmp_path) -> None:
    out = tmp_path / "a.csv.gz"
    with ArchiveStore.open(archive, readonly=True) as store:
        assert export(store, out, selection=Selection(Filters(portal="quangninh"))).count == 2
    first, second = read_back(out)
    assert first["id"] == "987a2a14bc0f6932b664" and first["published"] == "2019-05-08"
    assert first["topics"] == '["admin-reform", "ict"]'
    assert json.loads(first["topic_terms"])["ict"] == ["Chính quyền điện tử", "chuyển đổi số"]
    assert first["district"] == "" and first["tls"] == "null"
    assert first["published_suspect"] == "false" and first["cluster_first"] == "true"
    assert first["cluster_id"] == "987a2a14bc0f6932b664" and first["schema_version"] == "2"
    assert second["source"] == "Ban Tuyên giáo Tỉnh ủy" and second["topics"] == "[]"


def test_parquet_has_native_types_and_one_row_group_per_batch(archive, tmp_path) -> None:
    out = tmp_path / "a.parquet"
    with ArchiveStore.open(archive, readonly=True) as store, out.open("wb") as fh:
        assert write_parquet(fh, export_records(store), rows_per_group=5) == 12
    parquet = pq.ParquetFile(out)
    assert parquet.metadata.num_row_groups == 3
    assert parquet.schema_arrow.metadata[b"portal_archive.schema_version"] == b"2"
    table = parquet.read()
    assert str(table.schema.field("published").type) == "date32[day]"
    assert str(table.schema.field("topics").type) == "list<element: string>"
    rows = {r["id"]: r for r in table.to_pylist()}
    assert rows["987a2a14bc0f6932b664"]["published"] == date(2019, 5, 8)
    assert rows["c6b41c78015131e93c04"]["published"] is None
    assert rows["507f7c722c147b212110"]["topics"] == ["new-rural", "ict"]


@pytest.mark.parametrize("name", ["q.jsonl", "q.csv", "q.parquet"])
def test_filters_and_query_apply_in_every_format(archive, tmp_path, name, capsys) -> None:
    out = tmp_path / name
    assert main(["export", "--archive", str(archive), "--out", str(out),
                 "--province", "nghe an", "--query", "chuyển đổi số"]) == 0
    assert capsys.readouterr().out.startswith(f"exported 1 articles to {out} as ")
    assert [r["title"] for r in read_back(out)] == [
        "Nghệ An đẩy mạnh chuyển đổi số trong cơ quan nhà nước"]
    card = Path(f"{out}.card.md").read_text("utf-8")
    assert "- `--province` nghe an\n- `--query` chuyển đổi số\n" in card


def test_an_unknown_suffix_is_refused_before_anything_is_written(archive, tmp_path, capsys):
    assert main(["export", "--archive", str(archive), "--out", str(tmp_path / "a.xlsx")]) == 2
    assert capsys.readouterr().err == (
        f"portal-archive: error: cannot tell the export format from '{tmp_path / 'a.xlsx'}': name "
        "it .jsonl, .jsonl.gz, .csv, .csv.gz or .parquet, or give --format jsonl|csv|parquet\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive"]


def _card_table(card: str, heading: str) -> dict[str, int]:
    section = card.split(f"### {heading}\n", 1)[1].strip().split("\n\n", 1)[0]
    return {cells[0]: int(cells[1]) for cells in
            ([c.strip() for c in line.strip("|").split(" | ")] for line in section.splitlines()[2:])}


@pytest.mark.slow
def test_the_card_numbers_are_the_stores(mirror_crawl, tmp_path) -> None:
    archive, _, _ = mirror_crawl
    out, card_path = tmp_path / "all.parquet", tmp_path / "card.md"
    result = run_cli("export", "--archive", str(archive), "--out", str(out), "--card",
                     str(card_path))
    assert result.returncode == 0, result.stderr
    card = card_path.read_text("utf-8")
    db = sqlite3.connect(f"file:{archive / 'index.sqlite3'}?mode=ro", uri=True)
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert f"**{total} articles**" in card
    assert _card_table(card, "By province") == dict(db.execute(
        "SELECT coalesce(province, 'unknown'), count(*) FROM articles GROUP BY 1"))
    assert _card_table(card, "By portal") == dict(db.execute(
        "SELECT coalesce(portal, 'unknown'), count(*) FROM articles GROUP BY 1"))
    assert _card_table(card, "By year") == dict(db.execute(
        "SELECT coalesce(substr(published, 1, 4), 'undated'), count(*) FROM articles GROUP BY 1"))
    assert _card_table(card, "By topic") == dict(db.execute(
        "SELECT t.value, count(*) FROM articles, json_each(articles.topics) t GROUP BY 1"))
    for crawl_id, status, pages in db.execute(
            "SELECT id, status, json_extract(stats, '$.pages') FROM crawls"):
        assert re.search(rf"^\| {crawl_id} \| {status} \| .* \| {pages} \| \d+ \|$", card, re.M)
    suspect = db.execute("SELECT count(*) FROM articles WHERE published_suspect").fetchone()[0]
    if suspect:
        assert f"- {suspect} exported article(s) carry a suspect date" in card
    copies = db.execute("SELECT count(*) FROM article_clusters WHERE NOT cluster_first").fetchone()[0]
    assert f"{total} of {total} articles clustered;" in card
    assert f"{copies} article(s) are later copies" in card
    reports = [json.loads(p.read_text("utf-8")) for p in (archive / "crawls").glob("*.json")]
    non_articles = sum(r["counts"]["non_articles"] for r in reports)
    assert non_articles > 0
    assert f"- {non_articles} pages typed non-article" in card
    assert "| `schema_version` | integer | Version of this record format" in card
