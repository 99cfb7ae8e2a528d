"""scrapyd runs the portal spider on workers (docs/scale.md, "Scrapyd").

Two real scrapyd daemons on loopback, each in a directory of its own (its scrapyd.conf, eggs,
logs, job database), stand for two worker machines. The project is deployed to them as an
archivist would: `scrapyd-deploy` with targets in scrapy.cfg, from a copy of the checkout. Each
worker is then given one mirror portal with `schedule.json` (spider arguments, `setting=` for the
archive and the resolve mapping) and writes its own archive: every article of its portal indexed
once, the WARC files, the crawl report. Then both workers are given one more portal together,
sharing a real Redis frontier (`setting=FRONTIER_URL`, `FRONTIER_JOB`): every article archived
once by one of them, no URL fetched twice. And a job on an archive another crawl is writing is
refused before it writes.

The deployed build differs from the checkout installed in this environment by one comment line in
the extraction package, so it has another extractor version: records stamped with the egg's
version prove that the extraction workers (a fork server: crawlers/workers.py) ran the deployed
code and not the installed copy.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.records import extractor_version
from search.store import ArchiveStore
from tests.conftest import REPO
from tests.redis_server import redis_server, wait_until_answering

pytestmark = pytest.mark.slow

PROJECT = "portal_archive"
WORKERS = {"worker-a": "caoloc-langson", "worker-b": "dienchau-nghean"}
# The portal both workers crawl together through one Redis frontier.
SHARED_PORTAL, SHARED_HOST = "luongson-hoabinh", "luongson.hoabinh.gov.vn"
BIN = Path(sys.executable).parent
# What `scrapyd-deploy` builds the egg from (pyproject.toml's packages and their data files).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "scrapy.cfg", "README.md",
                "crawlers", "pipelines", "settings", "search")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(url: str, action: str, data: list[tuple[str, str]] | None = None) -> dict:
    """One call of scrapyd's JSON API (POST when `data` is given)."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{url}{action}", data=body, timeout=30) as response:
        answer = json.load(response)
    assert answer["status"] == "ok", answer
    return answer


@contextmanager
def scrapyd(directory: Path) -> Iterator[str]:
    """A scrapyd on 127.0.0.1:<free port> reading the scrapyd.conf written in `directory`;
    yields its URL. The crawl settings are the test environment's (settings/test.py), chosen
    the way a worker chooses its environment: `[settings]` in scrapyd.conf."""
    directory.mkdir(parents=True)
    port = _free_port()
    (directory / "scrapyd.conf").write_text(f"""\
[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {directory / "eggs"}
logs_dir = {directory / "logs"}
dbs_dir = {directory / "dbs"}
items_dir =
max_proc = 1
poll_interval = 0.2

[settings]
{PROJECT} = settings.test
""")
    out = (directory / "scrapyd.out").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=directory, stdout=out,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_answering(lambda: api(url, "daemonstatus.json"), proc, "scrapyd",
                             directory / "scrapyd.out", errors=(OSError,), timeout=20, interval=0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        out.close()


def run_jobs(urls: dict[str, str], params: dict[str, list[tuple[str, str]]],
             timeout: float = 180) -> tuple[dict[str, str], dict[str, str]]:
    """Schedule one job per worker (`params[name]`: schedule.json's fields) and wait until all
    have finished; a job still running after `timeout` is cancelled. Returns (jobs, finished),
    job ids by worker."""
    jobs = {name: api(urls[name], "schedule.json", fields)["jobid"]
            for name, fields in params.items()}
    finished = {}
    deadline = time.monotonic() + timeout
    while len(finished) < len(jobs) and time.monotonic() < deadline:
        time.sleep(0.5)
        for name, job in jobs.items():
            listed = api(urls[name], f"listjobs.json?project={PROJECT}")
            if any(j["id"] == job for j in listed["finished"]):
                finished[name] = job
    for name in set(jobs) - set(finished):  # late: stop the crawl before its scrapyd stops
        api(urls[name], "cancel.json", [("project", PROJECT), ("job", jobs[name])])
    return jobs, finished


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, mirror_server):
    """Two scrapyd workers, the project deployed to both, each crawling one mirror portal into
    its own archive. Returns a dict of what the tests look at."""
    root = tmp_path_factory.mktemp("scrapyd")
    checkout = root / "checkout"
    checkout.mkdir()
    for name in BUILD_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, checkout / name)
    with (checkout / "crawlers" / "extraction" / "__init__.py").open("a") as fh:
        fh.write("# deployed build (tests/test_scrapyd.py)\n")

    with ExitStack() as stack:
        urls = {name: stack.enter_context(scrapyd(root / name)) for name in WORKERS}
        # The archivist's edit: one deploy target per worker in scrapy.cfg.
        with (checkout / "scrapy.cfg").open("a") as fh:
            for name, url in urls.items():
                fh.write(f"\n[deploy:{name}]\nurl = {url}\nproject = {PROJECT}\n")
        egg = root / "portal_archive.egg"
        build = subprocess.run([BIN / "scrapyd-deploy", "--build-egg", str(egg)], cwd=checkout,
                               capture_output=True, text=True, timeout=120)
        assert build.returncode == 0, build.stderr
        # Both uploads at once: each scrapyd lists the egg's spiders in a process of its own.
        uploads = [subprocess.Popen([BIN / "scrapyd-deploy", name, "--egg", str(egg), "-v", "r1"],
                                    cwd=checkout, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
                   for name in WORKERS]
        deploys = [(*upload.communicate(timeout=120), upload.returncode) for upload in uploads]

        resolve = json.dumps({"*": mirror_server.url.removeprefix("http://")})
        common = [("project", PROJECT), ("spider", "portal"),
                  ("setting", f"HOST_OVERRIDES={resolve}"), ("setting", "EXTRACT_WORKERS=1")]
        jobs, finished = run_jobs(urls, {
            name: [*common, ("portals", portal),
                   ("setting", f"ARCHIVE_DIR={root / name / 'archive'}")]
            for name, portal in WORKERS.items()})

        # Second round: both workers on one portal, sharing a Redis frontier (FRONTIER_URL and
        # FRONTIER_JOB, applied by crawlers.frontier.FrontierAddon), each into an archive of its
        # own. The mirror answers at a real portal's pace so that both take part.
        redis_dir = root / "redis"
        redis_dir.mkdir()
        url = stack.enter_context(redis_server(redis_dir))
        mirror_server.latency = 0.3
        already = len(mirror_server.requests)
        try:
            shared_jobs, shared_finished = run_jobs(urls, {
                name: [*common, ("portals", SHARED_PORTAL),
                       ("setting", f"ARCHIVE_DIR={root / name / 'shared-archive'}"),
                       ("setting", f"FRONTIER_URL={url}"), ("setting", "FRONTIER_JOB=scrapyd-test")]
                for name in WORKERS})
        finally:
            mirror_server.latency = 0.0
        shared_requests = [u for _m, u, _s in mirror_server.requests[already:]
                           if urlsplit(u).hostname == SHARED_HOST]

    # The version of the deployed code, read from the egg as scrapyd's runner activates it.
    egg_version = subprocess.run(
        [sys.executable, "-c", "import sys; from scrapyd.runner import activate_egg; "
         "activate_egg(sys.argv[1]); from crawlers.records import extractor_version; "
         "print(extractor_version())", str(egg)],
        cwd=root, capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    return {"root": root, "egg": egg, "deploys": deploys, "jobs": jobs,
            "finished": finished, "egg_version": egg_version, "shared_jobs": shared_jobs,
            "shared_finished": shared_finished, "shared_requests": shared_requests}


def test_the_egg_holds_what_the_spider_needs_at_run_time(deployment):
    with zipfile.ZipFile(deployment["egg"]) as egg:
        names = set(egg.namelist())
        entry_points = egg.read("EGG-INFO/entry_points.txt").decode()
    assert {"crawlers/portals.toml", "crawlers/spiders/portal.py", "crawlers/extraction/__init__.py",
            "settings/base.py", "settings/test.py", "pipelines/index.py", "search/store.py",
            "search/schema/article.schema.json"} <= names
    assert not [n for n in names if n.startswith(("tests/", "bench/"))]
    # scrapyd's runner loads the settings module named by this entry point.
    assert "[scrapy]\nsettings = settings.base" in entry_points


def test_scrapyd_deploy_uploads_the_egg_to_every_worker_target(deployment):
    for stdout, stderr, returncode in deployment["deploys"]:
        assert returncode == 0, stderr
        # scrapyd's answer: it loaded the egg with the settings module and found the one spider.
        answer = json.loads(stdout[stdout.index("{"):])
        assert (answer["status"], answer["project"], answer["version"], answer["spiders"]) == \
            ("ok", PROJECT, "r1", 1)


def test_each_worker_crawls_its_portal_into_its_own_archive(deployment, mirror):
    assert set(deployment["finished"]) == set(WORKERS), "jobs still pending or running after 180 s"
    for name, portal in WORKERS.items():
        archive = deployment["root"] / name / "archive"
        expected = {a.url for a in mirror.articles if a.portal == portal}
        with ArchiveStore.open(archive, readonly=True) as store:
            records = list(store.iter_articles())
        urls = [r["canonical_url"] for r in records]
        assert len(urls) == len(set(urls)) == len(expected) == 66, name
        assert set(urls) == expected, name
        assert {r["portal"] for r in records} == {portal}

        warc_uris = set()
        for path in sorted((archive / "warc").glob("*.warc.gz")):
            with path.open("rb") as fh:
                warc_uris |= {r.rec_headers.get_header("WARC-Target-URI")
                              for r in ArchiveIterator(fh) if r.rec_type == "response"}
        assert expected <= warc_uris, name

        reports = sorted((archive / "crawls").glob("*.json"))
        assert len(reports) == 1, name
        report = json.loads(reports[0].read_text("utf-8"))
        assert report["status"] == "finished", name
        assert report["articles_by_portal"] == {portal: 66}
        assert report["counts"]["articles_new"] == 66 and report["counts"]["errors"] == 0

        log = deployment["root"] / name / "logs" / PROJECT / "portal" / f"{deployment['jobs'][name]}.log"
        assert "Traceback" not in log.read_text("utf-8"), name


def test_the_extraction_workers_ran_the_deployed_code(deployment):
    assert deployment["egg_version"] != extractor_version()  # the deployed build is another one
    for name in WORKERS:
        with ArchiveStore.open(deployment["root"] / name / "archive", readonly=True) as store:
            versions = {r["extractor_version"] for r in store.iter_articles()}
        assert versions == {deployment["egg_version"]}, name


def test_two_scrapyd_jobs_share_one_redis_frontier_each_article_archived_once(deployment, mirror):
    assert set(deployment["shared_finished"]) == set(WORKERS), "shared-frontier jobs still running"
    per_worker = {}
    for name in WORKERS:
        with ArchiveStore.open(deployment["root"] / name / "shared-archive", readonly=True) as store:
            per_worker[name] = [r["canonical_url"] for r in store.iter_articles()]
        log = (deployment["root"] / name / "logs" / PROJECT / "portal"
               / f"{deployment['shared_jobs'][name]}.log").read_text("utf-8")
        assert "Traceback" not in log, name
    everything = [url for urls in per_worker.values() for url in urls]
    assert len(everything) == len(set(everything))  # archived once, by one of the two
    assert set(everything) == {a.url for a in mirror.articles if a.portal == SHARED_PORTAL}
    assert all(per_worker.values()), {n: len(u) for n, u in per_worker.items()}  # both worked
    # The mirror's log: every URL of the portal requested once (robots.txt is each worker's own;
    # a page answering 500 is retried by the worker that fetched it, by design).
    fetched = Counter(u for u in deployment["shared_requests"]
                      if not u.endswith("/robots.txt") and mirror.classify(u) != "error")
    assert len(fetched) > 66
    assert [url for url, n in fetched.items() if n > 1] == []


def test_a_job_on_an_archive_another_crawl_is_writing_is_refused_before_it_writes(tmp_path) -> None:
    """scrapyd runs `scrapy crawl portal` (its runner is Scrapy's command line), not our crawl
    command: the archive extension takes the writer lock itself. A second writer is refused with
    one line naming the holder, and the archive is left as it was."""
    from crawlers.locks import lock_archive

    archive = tmp_path / "archive"
    archive.mkdir()
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings.test"}
    with lock_archive(archive):  # the crawl already writing here (this test process)
        job = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "portals=caoloc-langson",
             "-s", f"ARCHIVE_DIR={archive}", "-s", 'HOST_OVERRIDES={"*": "127.0.0.1:9"}'],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert job.returncode != 0
    # Scrapy's command line reports the refusal (the traceback around it is Scrapy's, not ours).
    assert (f"crawlers.errors.ArchiveError: another crawl (pid {os.getpid()}) is writing to "
            f"{archive}: wait for it to finish or use another --archive") in job.stderr.splitlines()
    assert sorted(p.name for p in archive.iterdir()) == [".crawl.lock"]  # no index, no WARC
