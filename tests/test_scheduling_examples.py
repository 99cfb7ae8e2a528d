"""The systemd unit and the crontab line of docs/scheduling.md, as shipped in docs/examples/:
the unit passes `systemd-analyze verify`, and the cron line's schedule is valid and its command,
run by `sh -c` as cron runs it, runs the archive's due job and prints nothing.

Both name the install directory `/srv/portal-archive`; the tests put this checkout's virtualenv
and an archive at a temporary directory of that shape and substitute its path, nothing else."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from croniter import croniter

from tests.conftest import REPO, run_cli
from tests.loopback_site import Page, Site, serve
from tests.test_redirect_scope import ARTICLE

EXAMPLES = REPO / "docs" / "examples"
UNIT = EXAMPLES / "portal-archive-scheduler.service"
CRONTAB = EXAMPLES / "portal-archive.crontab"
INSTALL = "/srv/portal-archive"
HOST = "xaphuson.langson.gov.vn"
SITE = f"http://{HOST}"


def install_dir(tmp_path: Path) -> Path:
    """`/srv/portal-archive` as the examples expect it: the virtualenv (this checkout's) beside
    the archive."""
    root = tmp_path / "srv-portal-archive"
    root.mkdir()
    (root / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
    return root


def cron_entries() -> list[str]:
    return [line for line in CRONTAB.read_text("utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_docs_show_the_example_files_as_they_are():
    doc = (REPO / "docs" / "scheduling.md").read_text("utf-8")
    blocks = dict(re.findall(r"```(ini|cron)\n(.*?)```", doc, re.S))
    assert blocks == {"ini": UNIT.read_text("utf-8"), "cron": CRONTAB.read_text("utf-8")}
    assert "docs/examples/portal-archive-scheduler.service" in doc
    assert "docs/examples/portal-archive.crontab" in doc


def test_the_systemd_unit_passes_systemd_analyze_verify(tmp_path):
    root = install_dir(tmp_path)
    text = UNIT.read_text("utf-8")
    assert text.count(INSTALL) == 3  # working directory, archive, ExecStart: all substituted
    unit = tmp_path / UNIT.name
    unit.write_text(text.replace(INSTALL, str(root)), "utf-8")
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(unit)],
                            capture_output=True, text=True, timeout=60)
    # Unknown keys and bad values are warnings on stderr (exit 0); a missing ExecStart exits 1.
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    # What ExecStart runs is this checkout's command, and it knows the scheduler's options.
    exec_start = next(line.split("=", 1)[1] for line in unit.read_text("utf-8").splitlines()
                      if line.startswith("ExecStart="))
    command = exec_start.split()
    helped = subprocess.run([command[0], *command[1:2], "--help"], capture_output=True, text=True,
                            timeout=60)
    assert helped.returncode == 0, helped.stderr
    assert all(option in helped.stdout for option in command[2:])


def test_the_cron_schedule_is_every_quarter_hour():
    [entry] = cron_entries()
    schedule = " ".join(entry.split(None, 5)[:5])
    assert croniter.is_valid(schedule)
    times = croniter(schedule, datetime(2026, 1, 1, 0, 7, tzinfo=UTC))
    assert [times.get_next(datetime).strftime("%H:%M") for _ in range(5)] == \
        ["00:15", "00:30", "00:45", "01:00", "01:15"]


@pytest.mark.slow
def test_the_cron_command_runs_the_due_job_and_prints_nothing(tmp_path):
    [entry] = cron_entries()
    command = entry.split(None, 5)[5]
    root = install_dir(tmp_path)
    archive = root / "archive"
    site = Site(HOST, {
        f"{SITE}/robots.txt": Page(b"User-agent: *\n", {"Content-Type": "text/plain"}),
        f"{SITE}/": Page(b'<html><body><a href="/tin-tuc/a.html">A</a></body></html>'),
        f"{SITE}/tin-tuc/a.html": Page(ARTICLE.format(title="Phú Sơn tổ chức hội nghị").encode()),
    })
    with serve(site):
        added = run_cli("schedule", "add", f"{SITE}/", "--every", "1d", "--resolve", site.resolve,
                        "--env", "test", "--archive", str(archive))
        assert added.returncode == 0, added.stderr
        # As cron runs it: one `sh -c` of the line's command, from another directory.
        result = subprocess.run(["sh", "-c", command.replace(INSTALL, str(root))], cwd="/",
                                capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    logged = [json.loads(line) for line in
              (archive / "logs" / "scheduler.jsonl").read_text("utf-8").splitlines()]
    assert [(r["job"], r["exit"], r["outcome"], r["crawl_id"]) for r in logged] == [(1, 0, "ok", 1)]
    assert site.fetched(f"{SITE}/tin-tuc/a.html") == 1
