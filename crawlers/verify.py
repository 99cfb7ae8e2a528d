"""`portal-archive verify`: does the archive keep its promises? Read-only; one line per problem.

Checked: every WARC file reads to its end as whole records (each gzip member complete, see
`crawlers.warc_reader.scan_warc`); no `.open` file is left by a dead crawl; the index passes
SQLite's `PRAGMA integrity_check`; every `warc_file`/`warc_record_id` the index names (articles,
attachments, the crawl log, page validators, article versions) is a record in that file; every
`revisit` record refers to a response record the archive holds; the spool files parse; no crawl is still
marked running and no job keeps the queue of a killed crawl while no crawl holds the archive lock;
an interrupted `reextract` names only WARC files that exist.
"""

from __future__ import annotations

import fcntl
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from crawlers.errors import ArchiveError
from crawlers.recovery import job_was_killed
from crawlers.reextract import STATE_FILE
from crawlers.warc_reader import open_warc_files, scan_warc, warc_files
from search.spool import read_spool, spool_files
from search.store import INDEX_NAME, ArchiveStore

LOCK_FILE = ".crawl.lock"


@dataclass
class Verdict:
    warc_files: int = 0
    warc_records: int = 0
    references: int = 0
    problems: list[str] = field(default_factory=list)


def crawl_running(archive: Path) -> bool:
    """Whether a crawl (or reextract) holds the archive lock right now."""
    path = archive / LOCK_FILE
    if not path.is_file():
        return False
    with path.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def verify_archive(archive: Path) -> Verdict:
    if not archive.is_dir():
        raise ArchiveError(f"no archive at {archive}: give the --archive directory of a crawl")
    verdict = Verdict()
    problems = verdict.problems
    live = crawl_running(archive)
    warc_dir = archive / "warc"

    records: dict[str, frozenset[str]] = {}
    referred: dict[str, set[str]] = defaultdict(set)
    for path in warc_files(warc_dir):
        scan = scan_warc(path)
        verdict.warc_files += 1
        verdict.warc_records += scan.records
        records[path.name] = scan.record_ids
        for record_id in scan.refers_to:
            referred[record_id].add(path.name)
        if scan.error:
            problems.append(f"warc/{path.name}: {scan.error}; the records before it are intact")
    for path in open_warc_files(warc_dir):
        if live:
            # Being written right now: readable, but references into it are not checked.
            records[path.name.removesuffix(".open")] = frozenset()
            continue
        problems.append(f"warc/{path.name}: left open by a crawl that was killed; the next "
                        "`crawl` or `reextract` closes it")
        records[path.name.removesuffix(".open")] = scan_warc(path).record_ids

    # A revisit record (304, identical payload) holds no payload: the response it refers to must
    # be in the archive, or the page it stands for is lost.
    present = frozenset().union(*records.values()) if records else frozenset()
    for record_id, names in sorted(referred.items()):
        if record_id not in present:
            problems.append(f"warc/{sorted(names)[0]}: a revisit record refers to {record_id}, "
                            "which is in no WARC file of the archive")

    index = archive / INDEX_NAME
    if not index.is_file():
        problems.append(f"{INDEX_NAME}: missing; rebuild it with `portal-archive reextract`")
    else:
        try:
            with ArchiveStore.open(archive, readonly=True) as store:
                verdict_of_index(store, records, live, verdict)
        except ArchiveError as err:
            problems.append(f"{INDEX_NAME}: {err}")

    for path in spool_files(archive):
        try:
            _docs, unreadable = read_spool(path)
        except (OSError, ValueError) as err:
            problems.append(f"spool/{path.name}: unreadable ({err})")
            continue
        if unreadable:
            problems.append(f"spool/{path.name}: {unreadable} unreadable line(s); "
                            "run `portal-archive reindex` to re-sync the cluster")

    if not live:
        jobs = archive / "jobs"
        for job in sorted(jobs.iterdir()) if jobs.is_dir() else ():
            if job.is_dir() and job_was_killed(job):
                problems.append(f"jobs/{job.name}: the queue of a crawl that was killed; the "
                                "same crawl run again starts over")
    _check_reextract_state(archive, records, problems)
    return verdict


def verdict_of_index(store: ArchiveStore, records: dict[str, frozenset[str]], live: bool,
                     verdict: Verdict) -> None:
    problems = verdict.problems
    result = store.integrity_check()
    if result != "ok":
        problems.append(f"{INDEX_NAME}: integrity check failed ({result}); move it aside and "
                        "rebuild it with `portal-archive reextract`")
        return
    missing_files: dict[tuple[str, str], int] = defaultdict(int)
    for table, key, warc_file, record_id in store.warc_references():
        verdict.references += 1
        if warc_file not in records:
            missing_files[(table, warc_file)] += 1
        elif record_id not in records[warc_file] and records[warc_file]:
            problems.append(f"{table} {key}: record {record_id} is not in warc/{warc_file}")
    for (table, warc_file), count in sorted(missing_files.items()):
        problems.append(f"{table}: {count} row(s) name warc/{warc_file}, which does not exist")
    if not live:
        for crawl in store.crawls():
            if crawl["status"] == "running":
                problems.append(f"crawl {crawl['id']}: marked running but no crawl is running "
                                "(it was killed; the next crawl marks it so)")


def _check_reextract_state(archive: Path, records: dict[str, frozenset[str]],
                           problems: list[str]) -> None:
    path = archive / STATE_FILE
    if not path.is_file():
        return
    try:
        state = json.loads(path.read_text("utf-8"))
        names = list(state.get("files", {}))
    except (OSError, ValueError, AttributeError) as err:
        problems.append(f"{STATE_FILE}: unreadable ({err}); delete it and run reextract again")
        return
    for name in names:
        if name not in records:
            problems.append(f"{STATE_FILE}: names warc/{name}, which does not exist; delete it "
                            "and run reextract again")
