"""The Elasticsearch spool: articles a crawl could not get into the cluster, kept for a replay.

Why a spool and not a failed crawl: the WARC files and the SQLite index are the archive; the
cluster is a shared copy for search. A node that is down or rejects a document must not stop the
crawl of a portal that may vanish tomorrow, so the crawl appends those articles here
(`ARCHIVE/spool/elasticsearch-<timestamp>.jsonl`, flushed and fsynced per batch) and
`portal-archive index --replay` sends them later. Each line is one JSON object:
`{"reason": "...", "status": 503 | null, "doc": {article record}}`.

A replay removes a spool file only when every document in it was acknowledged; otherwise the
file is rewritten (atomically) with just the documents still refused, and their new reasons.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SPOOL_DIR = "spool"
SPOOL_GLOB = "elasticsearch-*.jsonl"


def spool_dir(archive: Path | str) -> Path:
    return Path(archive) / SPOOL_DIR


class Spool:
    """One crawl's spool file, created on the first article that needs it."""

    def __init__(self, archive: Path | str, *, started: datetime | None = None) -> None:
        stamp = (started or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
        self.path = spool_dir(archive) / f"elasticsearch-{stamp}.jsonl"
        self.count = 0

    def append(self, entries: Iterable[tuple[dict[str, Any], str, int | None]]) -> int:
        """Append (doc, reason, status) entries and make them durable before returning."""
        lines = [json.dumps({"reason": reason, "status": status, "doc": doc}, ensure_ascii=False)
                 for doc, reason, status in entries]
        if not lines:
            return 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.count += len(lines)
        return len(lines)


def describe_error(err: BaseException) -> str:
    """`Type: first line of the message` (at most 200 characters), for spool reasons and logs."""
    lines = str(err).splitlines()
    return f"{type(err).__name__}: {lines[0][:200] if lines else ''}"


@dataclass
class Delivery:
    """What became of one batch: how many the cluster acknowledged, which documents it did not
    take (spool entries), and why, when it could not be reached at all."""

    acknowledged: int
    refused: list[tuple[dict[str, Any], str, int | None]]
    unavailable: str | None = None


class BatchSender:
    """Send article batches to one index, the same way for the crawl's pipeline and for
    `reextract`: the index (template, alias) is ensured before the first batch, and every
    article of a batch comes back acknowledged or as a spool entry with its reason, never lost."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self._ready = False

    def send(self, batch: list[dict[str, Any]]) -> Delivery:
        from search.elastic import UNAVAILABLE_ERRORS, ElasticIndexError

        try:
            if not self._ready:
                self.index.ensure_index()
                self._ready = True
            result = self.index.write_articles(batch)
        except (*UNAVAILABLE_ERRORS, ElasticIndexError) as err:
            reason = f"unavailable: {describe_error(err)}"
            return Delivery(0, [(doc, reason, None) for doc in batch], reason)
        return Delivery(result.acknowledged, list(result.failed))


def spool_files(archive: Path | str) -> list[Path]:
    """Spool files of an archive, oldest first (the names sort by time)."""
    return sorted(spool_dir(archive).glob(SPOOL_GLOB))


def read_spool(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The entries of a spool file, and how many lines could not be read.

    A crawl killed in the middle of a write can leave a torn last line; it is skipped (the
    article is still in the SQLite index, `portal-archive reindex` brings it back).
    """
    entries: list[dict[str, Any]] = []
    unreadable = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict) or not isinstance(entry.get("doc"), dict):
                raise ValueError("not a spool entry")
        except ValueError:
            unreadable += 1
            continue
        entries.append(entry)
    return entries, unreadable


@dataclass
class ReplayReport:
    """What `replay` did, for the CLI's summary line."""

    files: int = 0
    sent: int = 0
    failed: int = 0
    unreadable: int = 0
    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    first_errors: list[str] = field(default_factory=list)


def _rewrite(path: Path, entries: list[tuple[dict[str, Any], str, int | None]]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for doc, reason, status in entries:
            fh.write(json.dumps({"reason": reason, "status": status, "doc": doc}, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def replay(index: Any, archive: Path | str) -> ReplayReport:
    """Send every spooled article of `archive` to `index` (an `ElasticIndex`).

    Transport errors (the cluster is down again) propagate with every file left as it was.
    """
    report = ReplayReport()
    files = spool_files(archive)
    if not files:
        return report
    index.ensure_index()
    for path in files:
        report.files += 1
        entries, unreadable = read_spool(path)
        report.unreadable += unreadable
        result = index.write_articles(entry["doc"] for entry in entries)
        report.sent += result.acknowledged
        report.failed += len(result.failed)
        if result.failed:
            _rewrite(path, result.failed)
            report.kept.append(path)
            report.first_errors += [f"{doc.get('id')}: {reason}" for doc, reason, _ in result.failed][:3]
        else:
            path.unlink()
            report.removed.append(path)
    index.refresh()
    return report
