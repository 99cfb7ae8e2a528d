"""Gzipped WARC files rotated by size: the archive of record.

Each file is written as `<name>.warc.gz.open` and renamed to `<name>.warc.gz` when it is closed
(rotation or end of crawl), as Heritrix does: a file without `.open` is complete; a `.open` file
left by a killed process holds every record flushed before the kill (each record is its own gzip
member, flushed as it is written), at worst with one truncated last record.

A failed write (disk full, I/O error) never leaves a torn record: an exchange (response + request
record) is built in memory, appended with one loop of raw writes, and on any OSError the file is
cut back to where the exchange began. The writer then refuses further records
(`WarcWriteError`), so the crawl stops with the file ending at its last whole record. With
`min_free`, an exchange that would leave less than that many bytes free on the disk is refused
before anything is written (like Heritrix's disk-space monitor): the room left is what the
crawl needs to commit its index, write its report and keep its resumable state.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import io
import os
import shutil
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SOFTWARE = "portal-archive/0.1 (warcio)"
# Revisit profiles of WARC 1.0 (the version warcio writes): a 304 answer to a conditional
# request, and a 200 whose payload is the one archived before (ISO 28500 6.7.2-6.7.3).
NOT_MODIFIED = "http://netpreserve.org/warc/1.0/revisit/server-not-modified"
IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"


def payload_digest(body: bytes) -> str:
    """`WARC-Payload-Digest` of a body, as warcio writes it (`sha1:` + base32)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(date: datetime) -> str:
    """A `WARC-Date` with milliseconds, as every record of this writer has it."""
    return date.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class WarcWriteError(OSError):
    """A record could not be written whole; the file ends at its last whole record and the
    writer takes no more. `str()` is one line naming the file and the cause."""


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB"


@dataclass(frozen=True)
class WarcLocation:
    """Where a record landed: file name (relative to the WARC dir), record id, byte offset."""

    file: str
    record_id: str
    offset: int


@dataclass(frozen=True)
class Revisit:
    """A `revisit` record's reference to the response record that holds its payload."""

    profile: str
    refers_to: str
    refers_to_uri: str
    refers_to_date: str
    payload_digest: str


class RotatingWarcWriter:
    def __init__(self, directory: Path, *, prefix: str, max_size: int, info: dict[str, str],
                 min_free: int = 0):
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.info = info
        self.min_free = min_free
        self.serial = 0
        self.files_written: list[str] = []
        self.failed: WarcWriteError | None = None
        self._fh: io.FileIO | None = None
        # Records are serialised here first, then appended to the file in one piece.
        self._staging = io.BytesIO()
        self._writer = WARCWriter(self._staging, gzip=True)
        self._name = ""

    # -- file lifecycle -------------------------------------------------------------------
    def _open_next(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.serial += 1
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
        self._name = f"{self.prefix}-{stamp}-{self.serial:05d}-{os.getpid()}.warc.gz"
        path = self.directory / f"{self._name}.open"
        self._fh = open(path, "wb", buffering=0)  # noqa: SIM115 - open until rotation or close
        info = {"software": SOFTWARE, "hostname": socket.gethostname(),
                "format": "WARC File Format 1.1", **self.info}
        self._staging.seek(0)
        self._staging.truncate()
        self._writer.write_record(self._writer.create_warcinfo_record(self._name, info))
        try:
            self._append(self._staging.getvalue())
        except WarcWriteError:
            # Not even the warcinfo record fits: leave no empty file behind.
            self._fh.close()
            self._fh = None
            path.unlink(missing_ok=True)
            raise

    def _close_current(self) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.directory / f"{self._name}.open", self.directory / self._name)
        self.files_written.append(self._name)
        self._fh = None

    def close(self) -> None:
        self._close_current()

    def _append(self, data: bytes) -> int:
        """Append `data` to the current file, all of it or none of it; return where it starts."""
        assert self._fh is not None
        start = self._fh.tell()
        try:
            free = shutil.disk_usage(self.directory).free if self.min_free else None
            if free is not None and free - len(data) < self.min_free:
                raise WarcWriteError(
                    f"the disk is full: {_size(free)} free, less than the "
                    f"{_size(len(data) + self.min_free)} the next record and the reserve "
                    f"(ARCHIVE_MIN_FREE) need, in {self.directory}")
            view = memoryview(data)
            while view:
                view = view[self._fh.write(view):]
        except OSError as err:
            # Cut the file back to its last whole record; an ftruncate that fails too (a dying
            # disk) leaves a torn tail that readers stop at, as after a kill.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fh.fileno(), start)
                self._fh.seek(start)
            if not isinstance(err, WarcWriteError):
                reason = "the disk is full" if err.errno in (errno.ENOSPC, errno.EDQUOT) \
                    else "the WARC file cannot be written"
                err = WarcWriteError(f"{reason} ({err.strerror or err}) writing "
                                     f"{self.directory / self._name}")
            self.failed = err
            raise err from None
        return start

    def _ensure_file(self) -> None:
        if self._fh is not None and self._fh.tell() >= self.max_size:
            self._close_current()
        if self._fh is None:
            self._open_next()

    # -- records ------------------------------------------------------------------------------
    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        ip_address: str | None,
        date: datetime,
        revisit: Revisit | None = None,
    ) -> WarcLocation:
        """Write a response record and its request record; return where the response went.

        With `revisit`, the response is written as a `revisit` record without payload (the
        answer was a 304, or its payload is the archived one): `body` is not written.

        Raises `WarcWriteError` (nothing of this exchange is in the file) when the exchange cannot
        be written whole, and for every call after that.
        """
        if self.failed is not None:
            raise self.failed
        self._ensure_file()
        assert self._fh is not None
        date_text = warc_date(date)
        self._staging.seek(0)
        self._staging.truncate()

        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), response_headers,
                                        protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date_text}
        if ip_address:
            warc_headers["WARC-IP-Address"] = ip_address
        if revisit is not None:
            # No payload: the one archived in `revisit.refers_to`'s record is the page's.
            response = self._writer.create_revisit_record(
                url, revisit.payload_digest, revisit.refers_to_uri,
                revisit.refers_to_date, http_headers=http_headers,
                warc_headers_dict={**warc_headers, "WARC-Refers-To": revisit.refers_to})
            response.rec_headers.replace_header("WARC-Profile", revisit.profile)
        else:
            warc_headers["WARC-Payload-Digest"] = payload_digest(body)
            response = self._writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body),
                http_headers=http_headers, warc_headers_dict=warc_headers,
            )
        self._writer.write_record(response)
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        warc_date_text = date_text

        parts = url.split("/", 3)
        target = "/" + (parts[3] if len(parts) > 3 else "")
        req_headers = StatusAndHeaders(f"{method} {target} HTTP/1.1", request_headers,
                                       is_http_request=True)
        request = self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(request_body), length=len(request_body),
            http_headers=req_headers,
            warc_headers_dict={"WARC-Date": warc_date_text, "WARC-Concurrent-To": response_id},
        )
        self._writer.write_record(request)
        offset = self._append(self._staging.getvalue())  # the response record comes first
        return WarcLocation(self._name, response_id, offset)

    def write_conversion(self, *, url: str, body: bytes, content_type: str, refers_to: str,
                         date: datetime, extra_headers: dict[str, str] | None = None) -> WarcLocation:
        """Write a `conversion` record: `body` derived from the response record `refers_to`
        (WARC-Refers-To), e.g. the DOM a browser built from it; return where it went."""
        if self.failed is not None:
            raise self.failed
        self._ensure_file()
        headers = {"WARC-Date": warc_date(date), "WARC-Refers-To": refers_to, **(extra_headers or {})}
        self._staging.seek(0)
        self._staging.truncate()
        record = self._writer.create_warc_record(
            url, "conversion", payload=io.BytesIO(body), length=len(body),
            warc_content_type=content_type, warc_headers_dict=headers)
        self._writer.write_record(record)
        offset = self._append(self._staging.getvalue())  # whole or not at all, like exchanges
        return WarcLocation(self._name, record.rec_headers.get_header("WARC-Record-ID"), offset)

    def write_metadata(self, *, uri: str, body: bytes, content_type: str,
                       date: datetime) -> WarcLocation:
        """Write a `metadata` record about the crawl itself (e.g. the articles its sweep found
        vanished, crawlers/vanished.py), whole or not at all; return where it went."""
        if self.failed is not None:
            raise self.failed
        self._ensure_file()
        self._staging.seek(0)
        self._staging.truncate()
        record = self._writer.create_warc_record(
            uri, "metadata", payload=io.BytesIO(body), length=len(body),
            warc_content_type=content_type, warc_headers_dict={"WARC-Date": warc_date(date)})
        self._writer.write_record(record)
        offset = self._append(self._staging.getvalue())
        return WarcLocation(self._name, record.rec_headers.get_header("WARC-Record-ID"), offset)


@dataclass(frozen=True)
class ClosedWarc:
    """A dead writer's `.open` file after `close_abandoned`: its final name, and what was cut."""

    name: str
    records: int
    record_ids: frozenset[str]
    truncated_bytes: int
    problem: str | None


def close_abandoned(path: Path) -> ClosedWarc:
    """Close the `.open` WARC file of a crawl that died (SIGKILL, power loss, full disk) the way
    its writer would have: cut it after the last whole record and drop the `.open` suffix.

    Only for files no live process writes: the caller holds the archive lock. Nothing whole is
    lost: records are gzip members written one after another, so the bytes after the last
    complete member are at most one torn record (its index rows are corrected by the caller)."""
    from crawlers.warc_reader import scan_warc  # the reader imports nothing of the writer

    scan = scan_warc(path)
    cut = scan.size - scan.end
    if cut:
        with path.open("r+b") as fh:
            fh.truncate(scan.end)
            fh.flush()
            os.fsync(fh.fileno())
    final = path.with_name(path.name.removesuffix(".open"))
    os.replace(path, final)
    return ClosedWarc(final.name, scan.records, scan.record_ids, cut, scan.error)
