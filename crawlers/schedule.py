"""Scheduled crawls: the jobs of one archive, kept in `ARCHIVE/schedule.json`.

A job is what `portal-archive crawl` would be told (portal ids or start URLs, a province, or
every portal, plus the crawl options a job needs such as `--resolve` and `--env`) and when to run
it: every fixed interval (`--every 1d`) or on a cron expression (`--cron "0 2 * * *"`, read by
croniter). Why a JSON file beside the index rather than a table in it: the jobs are not derived
from the WARC files (a rebuilt index must not lose them), an archivist can read and back them up
with the archive, and they change a few times a year. Every read-modify-write of the file holds
`ARCHIVE/.schedule.lock` and replaces the file atomically, so `schedule add` beside a running
scheduler loses nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from croniter import croniter

from crawlers.errors import ArchiveError, UserError

SCHEDULE_NAME = "schedule.json"
_LOCK_NAME = ".schedule.lock"
_INTERVAL = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
MIN_INTERVAL = timedelta(minutes=5)
"""Shorter intervals would re-crawl a government portal faster than it publishes."""


def parse_interval(text: str) -> timedelta:
    """`30m`, `12h`, `1d`, `2w` as a timedelta; anything else is bad input."""
    match = _INTERVAL.match(text.strip().lower())
    if not match:
        raise UserError(f"invalid --every '{text}': give a number and a unit m, h, d or w "
                        "(e.g. 1d, 12h, 2w)")
    interval = timedelta(**{_UNITS[match[2]]: int(match[1])})
    if interval < MIN_INTERVAL:
        raise UserError(f"invalid --every '{text}': the shortest interval is 5m")
    return interval


def check_cron(expression: str) -> str:
    """A five-field cron expression croniter accepts, else bad input."""
    expression = " ".join(expression.split())
    if len(expression.split()) != 5 or not croniter.is_valid(expression):
        raise UserError(f"invalid --cron '{expression}': give five fields, minute hour day month "
                        "weekday (e.g. \"0 2 * * *\" for 02:00 UTC every day)")
    return expression


def parse_time(text: str, *, flag: str = "--now") -> datetime:
    """An ISO 8601 time (UTC unless it says otherwise) for the clock flags."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"invalid {flag} '{text}': give an ISO time such as 2026-12-01T02:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class Job:
    """One scheduled crawl. Exactly one of `targets`, `province`, `all` says what to crawl;
    exactly one of `every` (an interval such as "1d") and `cron` says when."""

    id: int
    created: str
    targets: list[str] = field(default_factory=list)
    province: str | None = None
    all: bool = False
    every: str | None = None
    cron: str | None = None
    crawl_options: list[str] = field(default_factory=list)
    """Extra `crawl` arguments (`--resolve`, `--env`, `--registry`, `--max-pages`)."""
    last_started: str | None = None
    last_finished: str | None = None
    last_exit: int | None = None
    last_outcome: str | None = None

    @property
    def what(self) -> str:
        if self.all:
            return "--all"
        if self.province:
            return f"--province {self.province}"
        return " ".join(self.targets)

    @property
    def when(self) -> str:
        return f"every {self.every}" if self.every else f"cron {self.cron}"

    def next_run(self) -> datetime:
        """When the job is due next: an interval counts from the last start (a new job is due at
        once); a cron expression fires at its next time after the last start (or creation)."""
        since = parse_time(self.last_started or self.created)
        if self.every:
            return since + parse_interval(self.every) if self.last_started else since
        return croniter(self.cron, since).get_next(datetime)

    def is_due(self, now: datetime) -> bool:
        return self.next_run() <= now


@dataclass
class Schedule:
    jobs: list[Job] = field(default_factory=list)
    next_id: int = 1

    def add(self, job: Job) -> Job:
        job.id = self.next_id
        self.next_id += 1
        self.jobs.append(job)
        return job

    def get(self, job_id: int) -> Job:
        for job in self.jobs:
            if job.id == job_id:
                return job
        known = ", ".join(str(j.id) for j in self.jobs) or "none"
        raise UserError(f"no scheduled job {job_id} (jobs: {known}): see `portal-archive schedule list`")


def new_job(*, targets: list[str], province: str | None, every_all: bool, every: str | None,
            cron: str | None, crawl_options: list[str], now: datetime) -> Job:
    """A validated job (id assigned when added). Bad input raises UserError (exit 2)."""
    chosen = sum((bool(targets), province is not None, every_all))
    if chosen != 1:
        raise UserError("say what to crawl once: portal ids or start URLs, --province NAME, or --all")
    if (every is None) == (cron is None):
        raise UserError("say when once: --every INTERVAL (e.g. 1d) or --cron \"MIN HOUR DAY MONTH WEEKDAY\"")
    if every is not None:
        parse_interval(every)
    return Job(id=0, created=_iso(now), targets=list(targets), province=province, all=every_all,
               every=every.strip().lower() if every else None,
               cron=check_cron(cron) if cron is not None else None, crawl_options=list(crawl_options))


def _read(path: Path) -> Schedule:
    if not path.exists():
        return Schedule()
    try:
        data = json.loads(path.read_text("utf-8"))
        return Schedule(jobs=[Job(**job) for job in data["jobs"]], next_id=int(data["next_id"]))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ArchiveError(f"cannot read the schedule {path} ({err}); fix or remove the file") from None


def load(archive: Path) -> Schedule:
    """The jobs as they are now (read without the lock: the file is replaced atomically)."""
    return _read(archive / SCHEDULE_NAME)


@contextmanager
def editing(archive: Path) -> Iterator[Schedule]:
    """Read the schedule under its lock and write it back (atomically) when the block ends."""
    path = archive / SCHEDULE_NAME
    try:
        archive.mkdir(parents=True, exist_ok=True)
        lock = open(archive / _LOCK_NAME, "a")  # noqa: SIM115 - released below
    except OSError as err:
        raise ArchiveError(f"cannot write the schedule in {archive}: {err.strerror}; choose a "
                           "writable --archive") from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        schedule = _read(path)
        yield schedule
        data = {"next_id": schedule.next_id, "jobs": [asdict(job) for job in schedule.jobs]}
        temp = path.with_suffix(".json.tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
        os.replace(temp, path)


def record_start(archive: Path, job_id: int, started: datetime) -> None:
    with editing(archive) as schedule:
        for job in schedule.jobs:
            if job.id == job_id:
                job.last_started = _iso(started)


def record_end(archive: Path, job_id: int, finished: datetime, exit_code: int, outcome: str,
               *, still_due: str | None = None) -> None:
    """Note how a run ended (a job removed meanwhile is simply gone). A run stopped before its
    end (the scheduler was stopped) gets `last_started` back to `still_due`, the value before
    this run, so that it is due again at once and the crawl resumes where it stopped."""
    with editing(archive) as schedule:
        for job in schedule.jobs:
            if job.id == job_id:
                if outcome == "interrupted":
                    job.last_started = still_due
                job.last_finished = _iso(finished)
                job.last_exit = exit_code
                job.last_outcome = outcome


def format_job(job: Job) -> str:
    last = f"last {job.last_outcome} (exit {job.last_exit}) at {job.last_finished}" \
        if job.last_finished else "never run"
    return (f"{job.id:>3}  {job.when:<22} next {_iso(job.next_run())}  {last}  "
            f"{job.what}{' ' + ' '.join(job.crawl_options) if job.crawl_options else ''}")
