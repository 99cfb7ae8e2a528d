"""The archived copy of one article, read back from the WARC record the index points at.

The index keeps, per article, the WARC file and the `WARC-Record-ID` of the record that holds the
page (crawlers/records.py): the `response` record, or for a page rendered in Chromium the
`conversion` record with the DOM the browser built (crawlers/warc_reader.py explains the pair).
It does not keep the record's byte offset, so the first replay from a WARC file reads that file
once to map record ids to offsets (`record_offsets`, cached per file: a closed `.warc.gz` never
changes); every later replay from it seeks straight to its record, which is one gzip member.

`serve` (search/serve.py) returns the payload with its original content type, a
`Memento-Datetime` header (RFC 7089, the web archives' way of saying "this is a copy from date X")
and, for HTML, a banner naming the original URL and the capture date. Nothing here writes.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawlers.warc_reader import OPEN_SUFFIX

BANNER_ID = "portal-archive-banner"
_BODY_RE = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class ReplayError(LookupError):
    """The record cannot be replayed: its file or its record is gone (`verify` tells why)."""


@dataclass(frozen=True)
class ArchivedCopy:
    """One archived payload as the crawl received it (or as Chromium rendered it)."""

    url: str
    captured: datetime
    """`WARC-Date` of the record: when the page was fetched (or rendered)."""
    content_type: str
    status: int | None
    """The HTTP status of a `response` record; None for a `conversion` record."""
    body: bytes
    warc_file: str
    record_id: str
    rendered: bool

    @property
    def is_html(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() in _HTML_TYPES

    def memento_datetime(self) -> str:
        """The capture time in the HTTP-date form `Memento-Datetime` requires."""
        return format_datetime(self.captured, usegmt=True)


@lru_cache(maxsize=64)
def _offsets(path: str, size: int, mtime_ns: int) -> dict[str, int]:
    # Keyed by size and mtime too: a `.open` file that grew since it was read is read again.
    offsets: dict[str, int] = {}
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            offsets[record.rec_headers.get_header("WARC-Record-ID")] = iterator.get_record_offset()
    return offsets


def record_offsets(path: Path) -> dict[str, int]:
    """`WARC-Record-ID` → byte offset of every record of one WARC file (read once, then cached)."""
    info = path.stat()
    return _offsets(str(path), info.st_size, info.st_mtime_ns)


def _warc_path(warc_dir: Path, warc_file: str) -> Path:
    # A name from the index, never a path: "../x" must not read outside the archive.
    if os.path.basename(warc_file) != warc_file or warc_file in ("", ".", ".."):
        raise ReplayError(f"WARC file name {warc_file!r} in the index is not a plain file name")
    for candidate in (warc_dir / warc_file, warc_dir / f"{warc_file}{OPEN_SUFFIX}"):
        if candidate.is_file():  # `.open` while the crawl that writes it is still running
            return candidate
    raise ReplayError(f"WARC file {warc_file} is not in {warc_dir}")


def read_archived_copy(warc_dir: Path, warc_file: str, record_id: str) -> ArchivedCopy:
    """The payload of record `record_id` of `warc_dir/warc_file`; ReplayError when it is gone."""
    path = _warc_path(warc_dir, warc_file)
    offset = record_offsets(path).get(record_id)
    if offset is None:
        raise ReplayError(f"record {record_id} is not in WARC file {warc_file}")
    with path.open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        headers = record.rec_headers
        body = record.content_stream().read()
        captured = datetime.fromisoformat(headers.get_header("WARC-Date").replace("Z", "+00:00"))
        if record.rec_type == "response" and record.http_headers is not None:
            content_type = record.http_headers.get_header("Content-Type") or "application/octet-stream"
            status = int(record.http_headers.get_statuscode() or 0) or None
        else:
            content_type = headers.get_header("Content-Type") or "application/octet-stream"
            status = None
    return ArchivedCopy(url=headers.get_header("WARC-Target-URI"), captured=captured,
                        content_type=content_type, status=status, body=body, warc_file=path.name,
                        record_id=record_id, rendered=record.rec_type == "conversion")


def banner_html(copy: ArchivedCopy) -> bytes:
    """The banner put at the top of an archived HTML page: ASCII only (entities for the rest),
    so it reads right whatever the page's own encoding (UTF-8, windows-1258, TCVN3...)."""
    url = html.escape(copy.url, quote=True)
    when = copy.captured.strftime("%Y-%m-%d %H:%M UTC")
    how = " (as rendered in Chromium)" if copy.rendered else ""
    text = (f'<div id="{BANNER_ID}" style="all:initial;display:block;padding:6px 10px;'
            'background:#fff3cd;color:#222;font:14px sans-serif;border-bottom:1px solid #c9a227">'
            f'Archived copy{how} of <a href="{url}">{url}</a>, captured {when}, '
            f'from {html.escape(copy.warc_file)} (portal-archive).</div>')
    return text.encode("ascii", "xmlcharrefreplace")


def with_banner(copy: ArchivedCopy) -> bytes:
    """The payload, with the banner just inside `<body>` (or first) when it is HTML."""
    if not copy.is_html:
        return copy.body
    banner = banner_html(copy)
    match = _BODY_RE.search(copy.body)
    if match is None:
        return banner + copy.body
    return copy.body[:match.end()] + banner + copy.body[match.end():]
