"""Scheduled crawls: jobs kept in the archive, run by `portal-archive scheduler` as real crawl
subprocesses of the mirror on loopback, one at a time per archive, each run logged; a failing job
is logged and the next one still runs; a second scheduler, or a job beside a crawl started by
hand, never crawls the archive concurrently. The clock is given (`--now`), never slept on."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from search.query import Filters
from search.store import ArchiveStore
from tests.conftest import PROVINCE_URL, REDIRECTING_HOST, REPO, run_cli
from tests.test_cli_errors import one_error_line


def runs(archive: Path) -> list[dict]:
    log = archive / "logs" / "scheduler.jsonl"
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []


def jobs(archive: Path) -> list[dict]:
    result = run_cli("schedule", "list", "--json", "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_schedule_add_list_remove_round_trip(tmp_path):
    archive = str(tmp_path / "archive")
    added = run_cli("schedule", "add", "caoloc-langson", "nghiloc-nghean", "--every", "1d",
                    "--env", "test", "--archive", archive, "--now", "2026-03-01T10:00:00Z")
    assert added.returncode == 0, added.stderr
    assert added.stdout == "added job 1: caoloc-langson nghiloc-nghean, every 1d, next run 2026-03-01 10:00 UTC\n"
    province = run_cli("schedule", "add", "--province", "Lang Son", "--cron", "0 2 * * *",
                       "--archive", archive, "--now", "2026-03-01T10:00:00Z")
    assert province.stdout == "added job 2: --province Lang Son, cron 0 2 * * *, next run 2026-03-02 02:00 UTC\n"
    listed = jobs(Path(archive))
    assert [(j["id"], j["targets"], j["province"], j["every"], j["cron"], j["crawl_options"], j["next_run"])
            for j in listed] == [
        (1, ["caoloc-langson", "nghiloc-nghean"], None, "1d", None, ["--env", "test"], "2026-03-01T10:00:00+00:00"),
        (2, [], "Lang Son", None, "0 2 * * *", [], "2026-03-02T02:00:00+00:00")]
    removed = run_cli("schedule", "remove", "1", "--archive", archive)
    assert removed.returncode == 0 and removed.stdout.startswith("removed job 1: caoloc-langson")
    assert [j["id"] for j in jobs(Path(archive))] == [2]
    gone = run_cli("schedule", "remove", "1", "--archive", archive)
    assert gone.returncode == 2
    assert "no scheduled job 1 (jobs: 2)" in one_error_line(gone)


@pytest.mark.parametrize(("args", "message"), [
    (["--cron", "61 2 * * *"], "invalid --cron '61 2 * * *': give five fields"),
    (["--every", "1x"], "invalid --every '1x': give a number and a unit m, h, d or w"),
    (["--every", "1d", "--cron", "0 2 * * *"], "say when once"),
])
def test_invalid_timing_is_one_line_and_exit_2(tmp_path, args, message):
    result = run_cli("schedule", "add", "caoloc-langson", *args, "--archive", str(tmp_path / "a"))
    assert result.returncode == 2
    assert message in one_error_line(result)
    assert not (tmp_path / "a" / "schedule.json").exists()


def test_unknown_portal_is_refused_when_added(tmp_path):
    result = run_cli("schedule", "add", "no-such-portal", "--every", "1d", "--archive", str(tmp_path / "a"))
    assert result.returncode == 2
    assert "unknown portal id 'no-such-portal'" in one_error_line(result)


@pytest.mark.slow
def test_a_failing_job_is_logged_and_the_next_job_still_runs(scheduled_archive):
    archive, result = scheduled_archive
    folded = f"http://{REDIRECTING_HOST}/"
    # Quiet (cron): nothing on stdout, one line for the failed job on stderr, exit 1. The
    # district portal cannot be reached: its home page leaves for the province's host.
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert one_error_line(result).startswith(
        f"portal-archive: error: scheduled job 1 ({folded}) unreachable (exit 4): could not reach "
        f"{folded}: {PROVINCE_URL}: redirect out of scope")
    logged = runs(archive)
    # Due first to last (job 1 at 00:00, job 2 at 02:00), each once, each logged.
    assert [(r["job"], r["exit"], r["outcome"], r["crawl_id"]) for r in logged] == [
        (1, 4, "unreachable", 1), (2, 0, "ok", 2)]
    assert all(r["started"] == "2026-01-01T03:00:00Z" for r in logged)
    # The crawl's own output is kept beside the run log.
    assert "crawl 2 finished" in Path(logged[1]["output"]).read_text("utf-8")
    with ArchiveStore.open(archive, readonly=True) as store:
        crawls = store.crawls()
        caoloc = store.count_articles(Filters(portal="caoloc-langson"))
    assert [(c["id"], c["start_urls"][:1], c["status"]) for c in crawls] == [
        (1, [folded], "finished"), (2, ["http://caoloc.langson.gov.vn/"], "finished")]
    assert caoloc == crawls[1]["stats"]["articles_new"] > 0
    listed = {j["id"]: j for j in jobs(archive)}
    assert (listed[1]["last_outcome"], listed[1]["last_exit"], listed[1]["next_run"]) == (
        "unreachable", 4, "2026-01-02T03:00:00+00:00")
    assert (listed[2]["last_outcome"], listed[2]["last_exit"], listed[2]["next_run"]) == (
        "ok", 0, "2026-01-02T02:00:00+00:00")


@pytest.mark.slow
def test_nothing_runs_again_before_it_is_due(scheduled_archive):
    archive, _ = scheduled_archive
    before = len(runs(archive))
    result = run_cli("scheduler", "--once", "--archive", str(archive), "--now", "2026-01-01T23:59:00Z")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"scheduler: nothing due at 2026-01-01T23:59:00Z in {archive}\n"
    assert len(runs(archive)) == before


def test_now_needs_once(tmp_path):
    result = run_cli("scheduler", "--archive", str(tmp_path), "--now", "2026-01-01T00:00:00Z")
    assert result.returncode == 2
    assert "--now only goes with --once" in one_error_line(result)


class HeldSite:
    """A loopback portal that answers nothing until `release()`: a crawl of it holds the
    archive's lock for exactly as long as the test wants, with no sleeping."""

    def __init__(self) -> None:
        self.asked = threading.Event()
        self.released = threading.Event()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.asked.set()
                site.released.wait(60)
                body = (b"User-agent: *\n" if urlsplit(self.path).path == "/robots.txt"
                        else "<html><body><p>Trang chủ</p></body></html>".encode())
                self.send_response(200)
                self.send_header("Content-Type", "text/plain" if body.startswith(b"User") else
                                 "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def release(self) -> None:
        self.released.set()

    def hold_again(self) -> None:
        self.asked.clear()
        self.released.clear()

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def held() -> Iterator[HeldSite]:
    site = HeldSite()
    yield site
    site.close()


def cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawlers.cli", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_never_two_crawls_of_one_archive(tmp_path, held):
    """A job waits while a crawl started by hand holds the archive; a second scheduler stops at
    once while the first one's crawl runs."""
    archive = str(tmp_path / "archive")
    assert run_cli("schedule", "add", held.url, "--every", "1d", "--env", "test",
                   "--archive", archive).returncode == 0
    by_hand = cli("crawl", held.url, "--archive", archive, "--env", "test", "--quiet")
    try:
        assert held.asked.wait(60), "the crawl never reached the portal"
        busy = run_cli("scheduler", "--once", "--quiet", "--archive", archive)
        assert busy.returncode == 1
        assert f"scheduled job 1 ({held.url}) busy: another crawl (pid {by_hand.pid}) is writing to " \
               f"{archive}; job left due" in one_error_line(busy)
    finally:
        held.release()
        by_hand.communicate(timeout=120)
    assert by_hand.returncode == 0
    assert [(r["job"], r["outcome"], r["exit"]) for r in runs(Path(archive))] == [(1, "busy", None)]
    assert jobs(Path(archive))[0]["last_started"] is None  # still due: the next tick runs it

    held.hold_again()
    first = cli("scheduler", "--once", "--quiet", "--archive", archive)
    try:
        assert held.asked.wait(60), "the first scheduler's crawl never reached the portal"
        second = run_cli("scheduler", "--once", "--archive", archive)
        assert second.returncode == 3
        assert f"another scheduler (pid {first.pid}) is running the jobs of {archive}" in one_error_line(second)
    finally:
        held.release()
        _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    with ArchiveStore.open(archive, readonly=True) as store:
        assert [c["start_urls"] for c in store.crawls()] == [[held.url], [held.url]]
    assert [(r["job"], r["outcome"]) for r in runs(Path(archive))] == [(1, "busy"), (1, "ok")]
