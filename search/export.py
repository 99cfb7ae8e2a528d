"""Dataset export: the archive's articles as JSON Lines, CSV or Parquet, with their JSON Schema
and a dataset card beside them.

Researchers load exports into pandas/R/DuckDB/jq, so each record is one self-contained Article
with keys in `EXPORT_FIELDS` order, real UTF-8 (Vietnamese stays readable) and a
`schema_version`. Every format streams: records come from the index cursor in batches and go out
in batches (a Parquet row group at a time), so a million articles need no more memory than ten.

Which records an export holds is decided in one place, `export_records` (and, for SQLite,
`ArchiveStore.iter_export`): filters, `--query`, `--dedupe`; a later selection such as record
versions belongs there too, so every format gets it at once.

Where a file is written (atomically for regular files, in place for devices and FIFOs, through
symlinks, `-` for stdout) is `search/output.py`'s business.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from crawlers.errors import UserError
from crawlers.items import ARTICLE_FIELDS
from search.output import STDOUT, OutputFile
from search.query import Filters, parse_query
from search.records import CLUSTER_FIELDS
from search.schema import SCHEMA_PATH, article_schema

FORMATS = ("jsonl", "csv", "parquet")
EXPORT_FIELDS = (*ARTICLE_FIELDS, *CLUSTER_FIELDS, "schema_version")
STRUCTURED_FIELDS = ("topics", "topic_terms", "legal_refs", "places", "tls")
"""Fields whose values are lists or objects: a CSV cell holds them as JSON text."""
PARQUET_ROWS_PER_GROUP = 5000
"""Rows per Parquet row group: what is held in memory at once (about 5 000 texts, a few tens of
MB); large enough for good compression and fast column scans."""
_EXTENSIONS = ((".jsonl.gz", "jsonl"), (".jsonl", "jsonl"), (".csv.gz", "csv"), (".csv", "csv"),
               (".parquet", "parquet"))


def schema_version() -> int:
    """The record format version: the `const` of `schema_version` in the shipped JSON Schema,
    so the schema file is the only place it is written down."""
    return int(article_schema()["properties"]["schema_version"]["const"])


def format_for(out: str | os.PathLike[str], chosen: str | None) -> str:
    """`--format`, else the format the file name ends with (JSONL for stdout and for a name
    without a suffix, such as a device or FIFO); any other suffix is an error."""
    if chosen:
        if chosen not in FORMATS:
            raise UserError(f"unknown --format '{chosen}': use {', '.join(FORMATS)}")
        return chosen
    name = os.fspath(out).lower()
    if name == STDOUT:
        return "jsonl"
    for suffix, fmt in _EXTENSIONS:
        if name.endswith(suffix):
            return fmt
    if not Path(name).suffix:
        return "jsonl"  # a device, a FIFO, a bare name: the historical format
    raise UserError(f"cannot tell the export format from '{os.fspath(out)}': name it .jsonl, "
                    ".jsonl.gz, .csv, .csv.gz or .parquet, or give --format jsonl|csv|parquet")


@dataclass(frozen=True)
class Selection:
    """Which articles an export holds (the same for every format)."""

    filters: Filters = field(default_factory=Filters)
    query: str | None = None
    """A search query (`search` syntax): only articles matching it, in export order."""
    dedupe: bool = False
    """Only the earliest matching copy of each near-duplicate cluster."""


def export_records(source: Any, selection: Selection | None = None) -> Iterator[dict[str, Any]]:
    """The export's records, in `EXPORT_FIELDS` order: the one record source of every format.

    Both backends' `iter_export` select the rows; the near-duplicate clusters are computed in
    the SQLite store (Elasticsearch documents carry them after `reindex`; `--dedupe` is refused
    there).
    """
    selection = selection or Selection()
    query = parse_query(selection.query, selection.filters) if selection.query else None
    rows = source.iter_export(selection.filters, query=query, dedupe=selection.dedupe)
    version = schema_version()
    # Closed at once when a writer stops early (a full disk): the cursor goes before the store.
    with closing(rows):
        for row in rows:
            record = {name: row.get(name) for name in EXPORT_FIELDS}
            record["schema_version"] = version
            record.update((name, row[name]) for name in EXTRA_FIELDS if name in row)
            yield record


EXTRA_FIELDS = ("version", "first_crawl", "first_seen", "last_crawl", "last_seen", "removed_at",
                "removed_reason")
"""Keys after ARTICLE_FIELDS, present only when asked for: `--versions all` (search/versions.py)
and `--include-removed`."""


def dumps_record(record: dict[str, Any]) -> str:
    """One JSONL line (without the newline): EXPORT_FIELDS order, then the EXTRA_FIELDS the
    record has; non-ASCII kept as is."""
    line = {name: record.get(name) for name in EXPORT_FIELDS}
    line.update((name, record[name]) for name in EXTRA_FIELDS if name in record)
    return json.dumps(line, ensure_ascii=False)


# -- writers -------------------------------------------------------------------------------------
# Each takes the open binary sink and the records, writes them, and returns how many.


def _gzip_if(sink: IO[bytes], name: str) -> IO[bytes]:
    # mtime=0 and no file name: identical archives give byte-identical exports.
    return gzip.GzipFile(filename="", mode="wb", fileobj=sink, mtime=0) if name.endswith(".gz") \
        else sink


def write_jsonl(sink: IO[bytes], records: Iterable[dict[str, Any]], name: str = "") -> int:
    out = _gzip_if(sink, name)
    count = 0
    try:
        for record in records:
            out.write(dumps_record(record).encode("utf-8") + b"\n")
            count += 1
    finally:
        if out is not sink:
            out.close()  # writes the gzip trailer; `sink` stays open
    return count


def csv_cell(name: str, value: Any) -> str:
    """How a value is written in a CSV cell (docs/formats.md): null is empty, booleans are
    `true`/`false`, lists and objects (STRUCTURED_FIELDS) are JSON text, the rest as is."""
    if name in STRUCTURED_FIELDS:
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(sink: IO[bytes], records: Iterable[dict[str, Any]], name: str = "") -> int:
    """RFC 4180 CSV (quoted where needed, CRLF rows, UTF-8 without BOM), header row first."""
    out = _gzip_if(sink, name)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    count = 0
    try:
        writer = csv.writer(text)
        writer.writerow(EXPORT_FIELDS)
        for record in records:
            writer.writerow([csv_cell(n, record.get(n)) for n in EXPORT_FIELDS])
            count += 1
        text.flush()
    finally:
        text.detach()  # leave `out` open for the gzip trailer / the commit
        if out is not sink:
            out.close()
    return count


def parquet_schema():
    """The Arrow schema of a Parquet export: the JSON Schema's fields with native types
    (dates as date32, lists and objects as nested lists/structs/maps)."""
    import pyarrow as pa

    unit = [pa.field(n, pa.string()) for n in
            ("name", "type", "level", "province", "district", "code", "era")]
    fields = {
        "http_status": pa.int32(),
        "published": pa.date32(),
        "updated": pa.date32(),
        "published_suspect": pa.bool_(),
        "topics": pa.list_(pa.string()),
        "topic_terms": pa.map_(pa.string(), pa.list_(pa.string())),
        "legal_refs": pa.list_(pa.struct([
            pa.field("text", pa.string()), pa.field("number", pa.string()),
            pa.field("type", pa.string()), pa.field("type_code", pa.string()),
            pa.field("year", pa.int32()), pa.field("issuer", pa.string()),
            pa.field("date", pa.string())])),
        "places": pa.list_(pa.struct([*unit, pa.field("successor", pa.struct(unit))])),
        "tls": pa.struct([pa.field("verified", pa.bool_()),
                          pa.field("problems", pa.list_(pa.string()))]),
        "cluster_first": pa.bool_(),
        "schema_version": pa.int32(),
    }
    schema = pa.schema([pa.field(n, fields.get(n, pa.string())) for n in EXPORT_FIELDS])
    return schema.with_metadata({"portal_archive.schema_version": str(schema_version()),
                                 "portal_archive.json_schema": SCHEMA_PATH.read_text("utf-8")})


def _parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    row = dict(record)
    for name in ("published", "updated"):
        if row[name]:
            row[name] = date.fromisoformat(row[name])
    row["topic_terms"] = list((row["topic_terms"] or {}).items())
    return row


def write_parquet(sink: IO[bytes], records: Iterable[dict[str, Any]], name: str = "",
                  rows_per_group: int = PARQUET_ROWS_PER_GROUP) -> int:
    """One row group per `rows_per_group` records (ParquetWriter): memory is one group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(_parquet_row(record))
            if len(batch) >= rows_per_group:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}


# -- the export ----------------------------------------------------------------------------------


@dataclass
class ExportResult:
    count: int
    out: str
    format: str
    schema_file: str | None = None
    card_file: str | None = None


def sidecar_path(out: str | os.PathLike[str], suffix: str) -> Path | None:
    """`<out><suffix>` for an export to a file, None for stdout and for a device or FIFO (a
    `/dev/null.schema.json` must never be created)."""
    name = os.fspath(out)
    if name == STDOUT:
        return None
    target = Path(os.path.realpath(name))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return Path(name + suffix)
    return Path(name + suffix) if stat.S_ISREG(mode) else None


def export(source: Any, out: str | os.PathLike[str], *, fmt: str | None = None,
           selection: Selection | None = None, card: str | os.PathLike[str] | None = None,
           card_context: Any = None) -> ExportResult:
    """Write the selected records to `out` in `fmt`, then the JSON Schema beside it
    (`<out>.schema.json`) and the dataset card (`card`, default `<out>.card.md`).

    The card's numbers are counted from the very records written (search/card.py), plus the
    crawl log of `card_context` (the SQLite store, when there is one).
    """
    from search.card import CardStats, render_card

    fmt = format_for(out, fmt)
    selection = selection or Selection()
    name = os.fspath(out)
    stats = CardStats()
    records = export_records(source, selection)
    with OutputFile(out) as raw, closing(records):
        count = WRITERS[fmt](raw, stats.counting(records), name)
    result = ExportResult(count=count, out=name, format=fmt)
    schema_file = sidecar_path(out, ".schema.json")
    if schema_file is not None:
        with OutputFile(schema_file) as fh:
            fh.write(SCHEMA_PATH.read_bytes())
        result.schema_file = os.fspath(schema_file)
    card_file = Path(card) if card is not None else sidecar_path(out, ".card.md")
    if card_file is not None:
        text = render_card(stats, context=card_context, selection=selection, out=name, fmt=fmt,
                           schema_file=result.schema_file)
        with OutputFile(card_file) as fh:
            fh.write(text.encode("utf-8"))
        result.card_file = os.fspath(card_file)
    return result


def export_jsonl(store: Any, out: Path | str, filters: Filters | None = None) -> int:
    """Write every article matching `filters` to `out` as JSONL (".gz" compresses); return how
    many were written. The records only: no schema file or card (`export` writes those)."""
    records = export_records(store, Selection(filters or Filters()))
    with OutputFile(out) as raw, closing(records):
        return write_jsonl(raw, records, os.fspath(out))
