"""Reading the archive of record back: the exchanges in WARC files, as the crawl wrote them.

Everything extraction needs is recovered from the WARC alone (warcio): the final URL (each hop of
a redirect is its own response record, so the record that holds the page names the URL the page
was served under), the status and headers (charset, Content-Disposition), the request record
(method and body of ASP.NET post-backs, the Referer that names the page linking a document), the
crawl id (from the `warcinfo` record) and, for pages rendered in a browser, the rendered DOM: a
`conversion` record whose `WARC-Refers-To` names the response wins over the raw response body.

An exchange is one response record together with the request and conversion records that follow
it; `read_exchanges` yields them in file order with the byte offset where the next one starts,
so a reader that stopped can seek back to exactly where it was (each record is its own gzip
member, so any record start is a valid place to begin decompressing).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

WARC_SUFFIX = ".warc.gz"
OPEN_SUFFIX = ".open"


@dataclass
class ArchivedExchange:
    """One fetch as the WARC holds it."""

    warc_file: str
    record_id: str
    offset: int
    end: int
    """Where the next exchange starts (resume here once this one is written)."""
    url: str
    fetched_at: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    crawl_id: str | None = None
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    rendered: bool = False
    """`body` is the rendered DOM of a `conversion` record, not the raw response."""
    revisit_of: str | None = None
    """For a `revisit` record (a 304, or a 200 with the payload archived before): the record id
    (`WARC-Refers-To`) of the response holding the payload; `body` is empty until
    `PayloadLocator.resolve` fills it."""
    refers_to_uri: str | None = None
    refers_to_date: str | None = None
    profile: str | None = None
    warc_date: str = ""
    """The record's WARC-Date as written (milliseconds), what a revisit's Refers-To-Date names."""
    payload_digest: str | None = None

    def header(self, name: str) -> str | None:
        return _header(self.headers, name)

    def request_header(self, name: str) -> str | None:
        return _header(self.request_headers, name)


def _header(pairs: list[tuple[str, str]], name: str) -> str | None:
    lowered = name.lower()
    for key, value in pairs:
        if key.lower() == lowered:
            return value
    return None


def warc_files(directory: Path) -> list[Path]:
    """The closed WARC files of an archive, oldest first (names start with a UTC timestamp and a
    serial, so name order is write order within a crawl and across crawls)."""
    if not directory.is_dir():
        return []
    return sorted((p for p in directory.iterdir() if p.name.endswith(WARC_SUFFIX)),
                  key=lambda p: _name_key(p.name))


def open_warc_files(directory: Path) -> list[Path]:
    """`.warc.gz.open` files: being written by a live crawl, or left by a dead one."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.name.endswith(WARC_SUFFIX + OPEN_SUFFIX))


def _name_key(name: str) -> tuple[str, str]:
    # `<prefix>-<17-digit UTC stamp>-<serial>-<pid>.warc.gz`: order by the stamp, whatever the prefix.
    parts = name.split("-")
    stamp = next((p for p in parts if len(p) == 17 and p.isdigit()), "")
    return stamp, name


def _iso(warc_date: str) -> str:
    """`2026-11-30T17:43:20.447Z` → `2026-11-30T17:43:20+00:00` (the records' fetched_at form)."""
    moment = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return moment.replace(microsecond=0).isoformat(timespec="seconds")


def _http_headers(record: ArcWarcRecord) -> list[tuple[str, str]]:
    return list(record.http_headers.headers) if record.http_headers else []


def read_exchanges(path: Path, *, start: int = 0) -> Iterator[ArchivedExchange]:
    """The exchanges of one WARC file from byte `start` (0 or an `end` yielded before).

    A page rendered in the browser is archived as its own response, the responses of its scripts
    and JSON/XHR calls, then the rendered DOM as a `conversion` record referring to the page's
    response (crawlers/middlewares/warc.py). Such a group is one exchange: the page's status,
    headers and request with the DOM as body, located at the conversion record (where the crawl's
    record points); the scripts' responses in between are not pages of their own.

    A torn or damaged record ends the iteration with the exception warcio raised; everything
    before it has been yielded (`verify` reports such files; a dead crawl's are closed first by
    `crawlers.recovery`)."""
    size = os.path.getsize(path)
    crawl_id = _crawl_id(path)
    converted = _converted_responses(path)
    pending: ArchivedExchange | None = None  # complete but for records that may still follow
    rendering: ArchivedExchange | None = None  # a page response waiting for its conversion
    with path.open("rb") as fh:
        fh.seek(start)
        iterator = ArchiveIterator(fh)
        for record in iterator:
            kind = record.rec_type
            body = record.content_stream().read()
            offset = iterator.get_record_offset()
            headers = record.rec_headers
            if kind == "revisit" and rendering is None:
                if pending is not None:
                    pending.end = offset
                    yield pending
                status_line = record.http_headers.get_statuscode() if record.http_headers else "0"
                pending = ArchivedExchange(
                    warc_file=path.name, record_id=headers.get_header("WARC-Record-ID"),
                    offset=offset, end=size, url=headers.get_header("WARC-Target-URI"),
                    fetched_at=_iso(headers.get_header("WARC-Date")),
                    status=int(status_line or 0), headers=_http_headers(record), body=b"",
                    crawl_id=crawl_id, revisit_of=headers.get_header("WARC-Refers-To"),
                    refers_to_uri=headers.get_header("WARC-Refers-To-Target-URI"),
                    refers_to_date=headers.get_header("WARC-Refers-To-Date"),
                    profile=headers.get_header("WARC-Profile"),
                    warc_date=headers.get_header("WARC-Date") or "",
                    payload_digest=headers.get_header("WARC-Payload-Digest"))
            elif kind == "response":
                if rendering is not None:
                    continue  # a script, stylesheet or XHR of the page being rendered
                if pending is not None:
                    pending.end = offset
                    yield pending
                    pending = None
                status_line = record.http_headers.get_statuscode() if record.http_headers else "0"
                exchange = ArchivedExchange(
                    warc_file=path.name, record_id=headers.get_header("WARC-Record-ID"),
                    offset=offset, end=size, url=headers.get_header("WARC-Target-URI"),
                    fetched_at=_iso(headers.get_header("WARC-Date")),
                    status=int(status_line or 0), headers=_http_headers(record), body=body,
                    crawl_id=crawl_id, warc_date=headers.get_header("WARC-Date") or "",
                    payload_digest=headers.get_header("WARC-Payload-Digest"))
                if exchange.record_id in converted:
                    rendering = exchange
                else:
                    pending = exchange
            elif kind == "request":
                for candidate in (pending, rendering):
                    if candidate is not None and \
                            headers.get_header("WARC-Concurrent-To") == candidate.record_id \
                            and not candidate.request_headers:
                        protocol = record.http_headers.protocol if record.http_headers else "GET"
                        candidate.method = (protocol or "GET").split(" ")[0].upper()
                        candidate.request_headers = _http_headers(record)
                        candidate.request_body = body
            elif kind == "conversion" and rendering is not None and \
                    headers.get_header("WARC-Refers-To") == rendering.record_id:
                rendering.body = body
                rendering.rendered = True
                rendering.record_id = headers.get_header("WARC-Record-ID")
                rendering.offset = offset
                rendering.url = headers.get_header("WARC-Target-URI") or rendering.url
                rendering.fetched_at = _iso(headers.get_header("WARC-Date"))
                pending, rendering = rendering, None
        if pending is not None:
            pending.end = size
            yield pending
        # A page whose conversion never came (the file was cut): its raw response is all there is.
        if rendering is not None:
            rendering.end = size
            yield rendering


def metadata_records(path: Path, uri_prefix: str) -> list[tuple[str, bytes]]:
    """`(WARC-Target-URI, payload)` of the `metadata` records of one file whose target URI
    starts with `uri_prefix`, in file order (records the crawl wrote about itself)."""
    found = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "metadata":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if uri.startswith(uri_prefix):
                found.append((uri, record.content_stream().read()))
    return found


def read_response_at(path: Path, offset: int) -> tuple[int, list[tuple[str, str]], bytes, str]:
    """The response record starting at byte `offset` of `path`: status, HTTP headers, payload
    (de-chunked and decoded as warcio gives it) and WARC-Date. Raises ValueError when no
    response record starts there."""
    with path.open("rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                break
            status = int(record.http_headers.get_statuscode() or 0) if record.http_headers else 0
            body = record.content_stream().read()
            return status, _http_headers(record), body, record.rec_headers.get_header("WARC-Date")
    raise ValueError(f"no response record at byte {offset} of {path}")


class PayloadLocator:
    """Finds the response record a `revisit` record refers to, in any WARC file of the archive.

    Revisits refer to records of earlier crawls, usually in other files. Response records are
    remembered as `read_exchanges` passes them (`remember`); a reference to one not seen in this
    run (a resumed `reextract`, `--since`, `--portal`) makes one pass over the headers of every
    file, once."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.known: dict[str, tuple[str, int]] = {}
        self._scanned = False

    def remember(self, exchange: ArchivedExchange) -> None:
        if exchange.revisit_of is None and not exchange.rendered:
            self.known[exchange.record_id] = (exchange.warc_file, exchange.offset)

    def locate(self, record_id: str) -> tuple[str, int] | None:
        if record_id not in self.known and not self._scanned:
            self._scanned = True
            for path in warc_files(self.directory):
                with path.open("rb") as fh:
                    iterator = ArchiveIterator(fh)
                    for record in iterator:
                        if record.rec_type == "response":
                            self.known.setdefault(record.rec_headers.get_header("WARC-Record-ID"),
                                                  (path.name, iterator.get_record_offset()))
        return self.known.get(record_id)

    def resolve(self, exchange: ArchivedExchange) -> ArchivedExchange | None:
        """The revisit as the page it confirms: for a 304, the archived response's status,
        headers and payload; for an identical-payload 200, its own headers with that payload.
        None when the referred record is not in the archive (`verify` reports it)."""
        assert exchange.revisit_of is not None
        found = self.locate(exchange.revisit_of)
        if found is None:
            return None
        status, headers, body, _date = read_response_at(self.directory / found[0], found[1])
        if exchange.status == 304:
            exchange.status, exchange.headers = status, headers
        exchange.body = body
        # Records made from it name the response that holds the payload, as the crawl's do.
        exchange.warc_file, exchange.offset = found
        exchange.record_id = exchange.revisit_of
        return exchange


def _converted_responses(path: Path) -> frozenset[str]:
    """Ids of the response records a `conversion` record of this file refers to."""
    found = set()
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "conversion":
                found.add(record.rec_headers.get_header("WARC-Refers-To"))
            record.content_stream().read()
    return frozenset(found)


def _crawl_id(path: Path) -> str | None:
    """The `crawl-id` the writer put in the file's `warcinfo` record, if any."""
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "warcinfo":
                return None
            for line in record.content_stream().read().decode("utf-8", "replace").splitlines():
                key, _, value = line.partition(":")
                if key.strip() == "crawl-id":
                    return value.strip()
            return None
    return None


@dataclass(frozen=True)
class WarcScan:
    """What a full read of one WARC file found."""

    records: int
    record_ids: frozenset[str]
    end: int
    """Offset just after the last whole record."""
    size: int
    error: str | None
    """Why reading stopped before the end of the file, or None when it reached the end."""
    refers_to: frozenset[str] = frozenset()
    """Record ids the file's `revisit` records take their payload from."""


def scan_warc(path: Path) -> WarcScan:
    """Read every record of a file to its end and check that each is a whole gzip member.

    warcio alone is not enough to judge a torn file: a member cut in the middle decompresses to a
    short record without complaint. So each member's bytes are decompressed again with zlib,
    which checks the gzip trailer (length and CRC-32): a record counts only if its member is
    complete."""
    size = os.path.getsize(path)
    ids: set[str] = set()
    referred: set[str] = set()
    end = 0
    count = 0
    error: str | None = None
    with path.open("rb") as fh, path.open("rb") as raw:
        iterator = ArchiveIterator(fh)
        try:
            for record in iterator:
                record.content_stream().read()
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                iterator.read_to_end(record)
                offset, length = iterator.member_info
                raw.seek(offset)
                if not _whole_member(raw.read(length)):
                    break
                ids.add(record_id)
                if record.rec_type == "revisit" and record.rec_headers.get_header("WARC-Refers-To"):
                    referred.add(record.rec_headers.get_header("WARC-Refers-To"))
                end = offset + length
                count += 1
        except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds for a torn tail
            detail = str(exc).splitlines()[0] if str(exc) else "damaged record"
            error = f"record {count + 1} at byte {end} is unreadable ({type(exc).__name__}: {detail})"
    if error is None and end != size:
        # warcio ends quietly at a member cut in its header; _whole_member catches the others.
        error = (f"record {count + 1} at byte {end} is cut short ({size - end} bytes after the "
                 "last whole record)")
    return WarcScan(count, frozenset(ids), end, size, error, frozenset(referred))


def _whole_member(data: bytes) -> bool:
    decompressor = zlib.decompressobj(wbits=31)  # gzip framing: header, deflate, CRC-32 + size
    try:
        while data:
            decompressor.decompress(data, 1 << 20)
            data = decompressor.unconsumed_tail
    except zlib.error:
        return False
    return decompressor.eof and not decompressor.unused_data
