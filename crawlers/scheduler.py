"""`portal-archive scheduler`: run the archive's due jobs (crawlers/schedule.py), one at a time.

Each job runs as a subprocess `portal-archive crawl ...`, the very command a user would type: a
crawl that crashes, hangs on exit or leaks memory ends with its process, and the scheduler logs
the exit code and goes on with the next job. Why not APScheduler or systemd timers alone: the
jobs must live in the archive and run one at a time per archive behind the crawl's own lock,
which is a loop of a few lines around croniter; systemd or cron only keep this process alive.

Exclusion, two levels:
- one scheduler per archive: `ARCHIVE/.scheduler.lock` (flock) is held for the scheduler's life;
  a second one stops at once with one line (exit 3), so two schedulers never run the same jobs;
- one crawl per archive: before a job starts, the crawl's writer lock (crawlers/locks.py) is
  looked at; while a crawl started by hand holds it, the job is logged `busy` and stays due (the
  crawl subprocess would refuse anyway - the lock, not the look, is what guarantees it).

Every run is one JSON line in `ARCHIVE/logs/scheduler.jsonl` (job, start, end, exit code,
outcome, crawl id, the crawl's own output file) - the crawl's figures are in its report.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TextIO

from crawlers import schedule
from crawlers.errors import ArchiveError, UserError
from crawlers.locks import hold_lock, lock_holder

SCHEDULER_LOCK = ".scheduler.lock"
RUN_LOG = "scheduler.jsonl"
MAX_SLEEP = 60.0
"""The loop looks at the schedule at least once a minute, so a job added meanwhile runs on time."""
_SUMMARY = re.compile(r"^crawl (\d+) (\w+) in ")
# crawl's exit codes (crawlers/cli.py) as run outcomes.
OUTCOMES = {0: "ok", 1: "partial", 2: "bad-input", 3: "archive-error", 4: "unreachable",
            130: "interrupted"}


@dataclass
class Run:
    job: int
    what: str
    started: str
    finished: str
    seconds: float
    exit: int | None
    outcome: str
    crawl_id: int | None
    output: str | None
    error: str | None

    @property
    def failed(self) -> bool:
        return self.outcome != "ok"


def _hold_scheduler_lock(archive: Path) -> IO[str]:
    try:
        archive.mkdir(parents=True, exist_ok=True)
        return hold_lock(archive / SCHEDULER_LOCK,
                         lambda owner: f"another scheduler ({owner}) is running the jobs of {archive}: "
                                       "only one runs per archive")
    except OSError as err:
        raise ArchiveError(f"cannot use {archive}: {err.strerror}; choose a writable --archive") from None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Scheduler:
    """Runs due jobs of one archive. `clock` gives "now" (a fixed time in tests: `--now`)."""

    def __init__(self, archive: Path, *, quiet: bool, clock: Callable[[], datetime],
                 out: TextIO = sys.stdout, err: TextIO = sys.stderr):
        self.archive = archive
        self.quiet = quiet
        self.clock = clock
        self.out = out
        self.err = err
        self.stopping = threading.Event()
        self.child: subprocess.Popen | None = None

    # -- messages: progress to stdout unless quiet, errors always to stderr -----------------------
    def say(self, line: str) -> None:
        if not self.quiet:
            print(f"scheduler: {line}", file=self.out, flush=True)

    def complain(self, line: str) -> None:
        print(f"portal-archive: error: {line}", file=self.err, flush=True)

    # -- one job ------------------------------------------------------------------------------------
    def command(self, job: schedule.Job) -> list[str]:
        """The `crawl` command line of a job; a province is resolved against the registry now,
        so portals added to the registry later are crawled too."""
        targets = list(job.targets)
        if job.all:
            targets = ["--all"]
        elif job.province:
            from crawlers.registry import Registry, select

            registry_path = None
            if "--registry" in job.crawl_options:
                registry_path = Path(job.crawl_options[job.crawl_options.index("--registry") + 1])
            targets = [p.id for p in select(Registry.load(registry_path), province=job.province)]
            if not targets:
                raise UserError(f"no portal of province '{job.province}' in the registry")
        return [sys.executable, "-m", "crawlers.cli", "crawl", *targets, "--archive", str(self.archive),
                *job.crawl_options, *(["--quiet"] if self.quiet else [])]

    def run_job(self, job: schedule.Job) -> Run:
        started = self.clock()
        holder = lock_holder(self.archive)
        if holder:
            # A crawl started by hand (or by anything else) is writing: not now, the job stays due.
            return self._finish(job, started, None, "busy", None, None,
                                f"another crawl ({holder}) is writing to {self.archive}; job left due")
        schedule.record_start(self.archive, job.id, started)  # from here on, the run counts
        try:
            command = self.command(job)
        except UserError as exc:
            return self._finish(job, started, None, "bad-input", None, None, str(exc))
        logs = self.archive / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        output = logs / f"scheduled-job{job.id}-{started.astimezone(UTC):%Y%m%dT%H%M%SZ}.log"
        self.say(f"job {job.id} ({job.what}) started: {' '.join(command[2:])}")
        crawl_id = None
        last_error = None
        began = time.monotonic()
        try:
            with output.open("w", encoding="utf-8") as log:
                self.child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                              text=True, encoding="utf-8", errors="replace",
                                              start_new_session=True)
                assert self.child.stdout is not None
                for line in self.child.stdout:
                    log.write(line)
                    log.flush()
                    if match := _SUMMARY.match(line):
                        crawl_id = int(match[1])
                    if line.startswith("portal-archive: error:"):
                        last_error = line.removeprefix("portal-archive: error:").strip()
                    if not self.quiet:
                        print(f"  [job {job.id}] {line.rstrip()}", file=self.err, flush=True)
                code = self.child.wait()
        except OSError as exc:
            return self._finish(job, started, None, "failed", None, str(output),
                                f"cannot run the crawl: {exc}", began=began)
        finally:
            self.child = None
        outcome = OUTCOMES.get(code, "failed")
        if code != 0 and self.stopping.is_set():
            outcome = "interrupted"  # stopped by us, perhaps before the crawl could catch SIGTERM
        if code == 3 and last_error and last_error.startswith("another crawl"):
            outcome = "busy"
        return self._finish(job, started, code, outcome, crawl_id, str(output), last_error, began=began)

    def _finish(self, job: schedule.Job, started: datetime, code: int | None, outcome: str,
                crawl_id: int | None, output: str | None, error: str | None,
                began: float | None = None) -> Run:
        seconds = round(time.monotonic() - began, 2) if began is not None else 0.0
        finished = started + timedelta(seconds=seconds)
        run = Run(job=job.id, what=job.what, started=_iso(started), finished=_iso(finished),
                  seconds=seconds, exit=code, outcome=outcome, crawl_id=crawl_id, output=output,
                  error=error)
        if outcome != "busy":  # a busy job did not run: it stays due
            schedule.record_end(self.archive, job.id, finished, code if code is not None else -1, outcome,
                                still_due=job.last_started)
        logs = self.archive / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with (logs / RUN_LOG).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(run.__dict__, ensure_ascii=False) + "\n")
        if run.failed:
            self.complain(f"scheduled job {job.id} ({job.what}) {outcome}"
                          f"{f' (exit {code})' if code is not None else ''}: {error or 'see the log'}"
                          f"{f'; output in {output}' if output else ''}")
        else:
            self.say(f"job {job.id} finished ok in {seconds:.1f} s (crawl {crawl_id})")
        return run

    # -- the loop ------------------------------------------------------------------------------------
    def run_due(self) -> list[Run]:
        """Run every job due now, earliest first; each job runs at most once per call."""
        now = self.clock()
        due = sorted((job for job in schedule.load(self.archive).jobs if job.is_due(now)),
                     key=lambda job: (job.next_run(), job.id))
        runs = []
        for job in due:
            if self.stopping.is_set():
                break
            if job.id not in {j.id for j in schedule.load(self.archive).jobs}:
                continue  # removed while an earlier job ran
            runs.append(self.run_job(job))
        return runs

    def seconds_to_next(self) -> float:
        jobs = schedule.load(self.archive).jobs
        if not jobs:
            return MAX_SLEEP
        wait = (min(job.next_run() for job in jobs) - self.clock()).total_seconds()
        return max(1.0, min(MAX_SLEEP, wait))

    def stop(self, signum: int, _frame: object) -> None:
        """SIGTERM/SIGINT: the running crawl is asked to stop (it saves its queue and resumes on
        the job's next run), then the scheduler exits."""
        self.stopping.set()
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    def forever(self) -> None:
        while not self.stopping.is_set():
            runs = self.run_due()
            # A busy job stays due: look again in a minute, not at once.
            wait = MAX_SLEEP if any(run.outcome == "busy" for run in runs) else self.seconds_to_next()
            self.stopping.wait(wait)


def run_scheduler(archive: Path, *, once: bool, quiet: bool, now: datetime | None) -> int:
    """The `scheduler` command: exit 0 when every run was ok (or nothing was due), 1 otherwise."""
    lock = _hold_scheduler_lock(archive)
    clock = (lambda: now) if now is not None else (lambda: datetime.now(UTC))
    scheduler = Scheduler(archive, quiet=quiet, clock=clock)
    previous = {sig: signal.signal(sig, scheduler.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        if once:
            runs = scheduler.run_due()
            if not runs:
                scheduler.say(f"nothing due at {_iso(clock())} in {archive}")
            return 1 if any(run.failed for run in runs) else 0
        scheduler.say(f"running the jobs of {archive} (pid {os.getpid()}); stop with SIGTERM")
        scheduler.forever()
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        lock.close()
