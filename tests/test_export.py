"""JSONL export (search/export.py) and the Article JSON Schema it promises to follow."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from crawlers.errors import ArchiveError, UserError
from crawlers.items import ARTICLE_FIELDS, Article
from search.export import EXPORT_FIELDS, export_jsonl
from search.query import Filters, parse_date
from search.schema import article_validator
from search.store import ArchiveStore

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "articles" / "sample.jsonl"
RECORDS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


def exported(record: dict) -> dict:
    """A stored record as an export writes it: not clustered yet, record format 2."""
    return {**{name: record[name] for name in ARTICLE_FIELDS}, "cluster_id": None,
            "cluster_first": None, "schema_version": 2}


@pytest.fixture
def store(tmp_path: Path):
    with ArchiveStore.open(tmp_path / "archive", create=True) as s:
        for record in RECORDS:
            s.upsert_article(record)
        s.commit()
        yield s


def test_sample_fixture_is_valid_against_the_schema() -> None:
    validator = article_validator()
    assert len(RECORDS) == 12
    for record in RECORDS:
        assert list(validator.iter_errors(exported(record))) == [], record["id"]


def test_schema_requires_every_export_field_and_nothing_else() -> None:
    schema = article_validator().schema
    assert EXPORT_FIELDS == (*ARTICLE_FIELDS, "cluster_id", "cluster_first", "schema_version")
    assert schema["required"] == list(EXPORT_FIELDS)
    assert list(schema["properties"]) == list(EXPORT_FIELDS)
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"id": "57FCCD060AEB83E08286"}, "id"),
        ({"id": "57fccd060aeb83e0828"}, "id"),
        ({"published": "12/05/2023"}, "published"),
        ({"published": "2023-02-30"}, "published"),
        ({"content_sha256": "abc"}, "content_sha256"),
        ({"language": "Vietnamese"}, "language"),
        ({"http_status": "200"}, "http_status"),
        ({"fetched_at": "2024-03-01T08:15:00"}, "fetched_at"),
        ({"fetched_at": "2024-03-01T25:15:00+07:00"}, "fetched_at"),
        ({"topics": "ict"}, "topics"),
        ({"warc_record_id": "urn:uuid:1"}, "warc_record_id"),
        ({"summary": "thêm trường"}, ""),
        ({"cluster_id": "nhom-1"}, "cluster_id"),
        ({"cluster_first": "true"}, "cluster_first"),
        ({"schema_version": 1}, "schema_version"),
    ],
)
def test_schema_rejects_malformed_records(change: dict, path: str) -> None:
    errors = list(article_validator().iter_errors(dict(exported(RECORDS[0]), **change)))
    assert errors
    assert "/".join(str(p) for p in errors[0].absolute_path) == path


def test_schema_rejects_a_missing_field() -> None:
    record = exported(RECORDS[0])
    del record["published"]
    [error] = article_validator().iter_errors(record)
    assert error.validator == "required"


def test_records_built_from_the_article_dataclass_validate() -> None:
    from dataclasses import asdict

    record = asdict(Article(**{k: v for k, v in RECORDS[5].items()}))
    assert list(article_validator().iter_errors(exported(record))) == []


def test_export_writes_every_record_in_field_order_as_utf8(store, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert export_jsonl(store, out, Filters()) == 12
    raw = out.read_bytes()
    assert "Nghệ An".encode() in raw  # not \u escapes
    lines = raw.decode("utf-8").splitlines()
    assert len(lines) == 12
    validator = article_validator()
    for line in lines:
        record = json.loads(line)
        assert list(record) == list(EXPORT_FIELDS)
        assert list(validator.iter_errors(record)) == []
    written = {json.loads(line)["id"]: json.loads(line) for line in lines}
    assert written == {r["id"]: exported(r) for r in RECORDS}
    assert json.loads(lines[0])["published"] == "2019-05-08"
    assert json.loads(lines[-1])["published"] is None


def test_gzip_export_round_trips_and_is_reproducible(store, tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.jsonl", tmp_path / "a.jsonl.gz"
    assert export_jsonl(store, plain, Filters()) == 12
    assert export_jsonl(store, packed, Filters()) == 12
    assert packed.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    first = packed.read_bytes()
    export_jsonl(store, packed, Filters())
    assert packed.read_bytes() == first


def test_export_applies_filters(store, tmp_path: Path) -> None:
    out = tmp_path / "nghe-an-2022.jsonl.gz"
    filters = Filters(province="nghe an", since=parse_date("2022", flag="--since"))
    assert export_jsonl(store, out, filters) == 2
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        titles = [json.loads(line)["title"] for line in fh]
    assert titles == [
        "Cải cách hành chính: Vinh triển khai dịch vụ công trực tuyến toàn trình",
        "Nghệ An đẩy mạnh chuyển đổi số trong cơ quan nhà nước",
    ]


def test_export_with_no_match_writes_an_empty_file(store, tmp_path: Path) -> None:
    out = tmp_path / "none.jsonl"
    assert export_jsonl(store, out, Filters(portal="khong-co")) == 0
    assert out.read_bytes() == b""


def test_export_under_a_regular_file_fails_cleanly(store, tmp_path: Path) -> None:
    blocker = tmp_path / "report.txt"
    blocker.write_text("đây là một tệp")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(UserError) as err:
        export_jsonl(store, blocker / "articles.jsonl", Filters())
    message = str(err.value)
    assert message.startswith(f"cannot write export to {blocker / 'articles.jsonl'}: ")
    assert message.endswith("; choose a writable output path")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert blocker.read_text() == "đây là một tệp"


def test_export_failing_at_the_rename_leaves_no_temporary_file(store, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.mkdir()  # a directory in the way: everything is written, then the rename fails
    with pytest.raises(UserError, match=f"cannot write export to {target}: "):
        export_jsonl(store, target, Filters())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "out.jsonl"]
    assert list(target.iterdir()) == []


def test_failed_export_keeps_the_previous_file(store, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    out.write_text("previous export\n")
    store.close()  # reading from a closed store fails after the temporary file is created
    with pytest.raises(ArchiveError, match="not a usable SQLite database"):
        export_jsonl(store, out, Filters())
    assert out.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "articles.jsonl"]
