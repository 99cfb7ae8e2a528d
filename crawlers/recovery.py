"""After a crawl that died: close its WARC files, correct the index, and distrust its job state.

A crawl killed outright (SIGKILL, OOM killer, power loss) cannot close anything. What it leaves:
  - WARC files still named `*.warc.gz.open`, possibly with one torn record at the end, while the
    index rows of everything it archived already name the final `*.warc.gz`;
  - a Scrapy job directory whose on-disk queue was never saved (`requests.queue/active.json` is
    written only on a clean stop) but whose `requests.seen(.sqlite3)` lists every request: resumed, such a
    job filters every start request as a duplicate and "finishes" with 0 pages.
`recover_archive` runs before the next crawl or `reextract` (under the archive lock, so no live
writer owns these files): it closes the files as the writer would have (truncated to the last
whole record, renamed), clears index references to records that did not survive, and removes a
job directory whose crawl never stopped cleanly, so the crawl starts over — the pages already
archived are fetched again and found unchanged, nothing is lost.

Whether a job stopped cleanly is kept in `JOBDIR/portal-archive-job.json`, written by
`crawlers.extensions.archive.ArchiveSession` (`"running"` when the crawl opens, `"stopped"` once
Scrapy has saved the queue).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from crawlers.warc_reader import open_warc_files
from crawlers.warc_writer import close_abandoned
from search.store import ArchiveStore

JOB_STATE = "portal-archive-job.json"


# What a run leaves in its job directory: Scrapy's disk queue, the seen requests (Scrapy's file,
# or crawlers/dupefilter.py's SQLite table).
JOB_FILES = ("requests.queue", "requests.seen", "requests.seen.sqlite3")


def job_began_earlier(job_dir: Path) -> bool:
    """True when an earlier run left its queue or seen requests in `job_dir` (the CLI removes the
    directory when a crawl finishes, and on --restart). Ask before this run's scheduler opens
    the directory: opening creates these files."""
    return any((job_dir / name).exists() for name in JOB_FILES)


def job_was_killed(job_dir: Path) -> bool:
    """True when `job_dir` holds a Scrapy queue that was not saved by a clean stop."""
    if not job_began_earlier(job_dir):
        return False
    try:
        state = json.loads((job_dir / JOB_STATE).read_text("utf-8"))
    except (OSError, ValueError):
        return True  # a queue without our marker was never closed by us
    return state.get("state") != "stopped"


def write_job_state(job_dir: Path, state: str, crawl_id: int | None) -> None:
    job_dir.mkdir(parents=True, exist_ok=True)
    part = job_dir / f".{JOB_STATE}.part"
    part.write_text(json.dumps({"state": state, "crawl_id": crawl_id}) + "\n", "utf-8")
    part.replace(job_dir / JOB_STATE)


def recover_archive(archive: Path, *, job_dir: Path | None = None) -> list[str]:
    """Close a dead crawl's WARC files and job state; one line per thing done, for stderr."""
    lines: list[str] = []
    abandoned = open_warc_files(archive / "warc")
    if abandoned:
        with ArchiveStore.open(archive, create=True) as store:
            for path in abandoned:
                closed = close_abandoned(path)
                cleared = store.clear_missing_warc_records(closed.name, closed.record_ids)
                line = (f"closed {path.name} left open by a crawl that was killed "
                        f"({closed.records} records kept")
                if closed.truncated_bytes:
                    line += f", {closed.truncated_bytes} bytes of a torn last record cut"
                if cleared:
                    line += f", {cleared} index references to lost records cleared"
                lines.append(line + ")")
    if job_dir is not None and job_was_killed(job_dir):
        shutil.rmtree(job_dir, ignore_errors=True)
        lines.append(f"the previous run of this crawl was killed before it could save its queue "
                     f"({job_dir}): starting over; what it archived is kept")
    return lines
