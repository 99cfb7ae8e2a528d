"""Credentials come only from the environment and never come out again.

Elasticsearch credentials (`ELASTICSEARCH_API_KEY`, `ELASTICSEARCH_USERNAME`/`_PASSWORD`, or
`user:pw@` in `ELASTICSEARCH_URL`) reach the cluster; proxy credentials (`http_proxy=
http://user:pw@...`) reach the proxy. Neither appears in stdout, stderr, the crawl report, the
logs, the index, the spool or the WARC files (gunzipped), in clear or base64 as sent in headers.

The test Elasticsearch runs with security off, so it would accept any credentials: a recording
reverse proxy (a real loopback HTTP server forwarding to the real node) shows which
`Authorization` header the client actually sent.
"""

from __future__ import annotations

import base64
import gzip
import http.client
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from search.elastic import ElasticIndex
from tests.conftest import REPO

ES_SECRET = "Es-Pw-7f3a9c"
PROXY_SECRET = "Proxy-Pw-2b8e41"
API_KEY = "QXBpS2V5LWQ0ZTVmNjpzZWNyZXQ="
ALIAS = "leak-test-articles"
_HOP_BY_HOP = {"connection", "proxy-connection", "keep-alive", "transfer-encoding",
               "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade"}


def basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


class Forwarder:
    """A loopback HTTP server that forwards every request to `upstream` and keeps what it saw.

    As a forward proxy (`proxy_auth` given) it answers 407 unless the request carries exactly
    `Proxy-Authorization: Basic <proxy_auth>`, and forwards the absolute-form request line as is
    (the mirror serves proxy-form requests). As a reverse proxy it just records headers.
    """

    def __init__(self, upstream: str, *, proxy_auth: str | None = None) -> None:
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self.refused = 0
        host, _, port = upstream.removeprefix("http://").rstrip("/").partition(":")
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                owner.seen.append((self.command, self.path, headers))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if proxy_auth is not None and \
                        self.headers.get("Proxy-Authorization") != f"Basic {proxy_auth}":
                    owner.refused += 1
                    self.send_response(407)
                    self.send_header("Proxy-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                conn = http.client.HTTPConnection(host, int(port), timeout=30)
                conn.request(self.command, self.path, body=body, headers={
                    k: v for k, v in headers.items() if k.lower() not in _HOP_BY_HOP})
                resp = conn.getresponse()
                data = resp.read()
                self.send_response(resp.status, resp.reason)
                for name, value in resp.getheaders():
                    if name.lower() not in _HOP_BY_HOP | {"content-length"}:
                        self.send_header(name, value)
                length_header = resp.getheader("Content-Length")
                self.send_header("Content-Length",
                                 length_header if self.command == "HEAD" and length_header
                                 else str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def authorizations(self) -> set[str | None]:
        return {headers.get("authorization") for _m, _p, headers in self.seen}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def recording_es(elasticsearch_url) -> Iterator[Forwarder]:
    forwarder = Forwarder(elasticsearch_url)
    yield forwarder
    forwarder.close()
    with ElasticIndex.connect(elasticsearch_url, alias=ALIAS) as es:
        es.drop()


@pytest.fixture()
def auth_proxy(mirror_server) -> Iterator[Forwarder]:
    proxy = Forwarder(mirror_server.url, proxy_auth=basic("crawler", PROXY_SECRET))
    yield proxy
    proxy.close()


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    """`portal-archive ARGS` with exactly these credential/proxy variables set."""
    base = {k: v for k, v in os.environ.items()
            if not k.lower().endswith("_proxy") and not k.startswith("ELASTICSEARCH_")}
    return subprocess.run([sys.executable, "-m", "crawlers.cli", *args], cwd=REPO,
                          env={**base, "ELASTICSEARCH_ALIAS": ALIAS, **env},
                          capture_output=True, text=True, timeout=600)


def readable(path: Path) -> bytes:
    """A file's bytes, and its decompressed bytes when it is gzip (WARCs, gzipped spools)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return data + gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            # A WARC still being written: decompress what is there, member by member.
            out, rest = [], data
            while rest[:2] == b"\x1f\x8b":
                d = zlib.decompressobj(wbits=31)
                try:
                    out.append(d.decompress(rest))
                except zlib.error:
                    break
                rest = d.unused_data
            return data + b"".join(out)
    return data


def leaks(secrets: list[str], *texts: str, under: Path | None = None) -> list[str]:
    """Where any secret appears: in the given outputs or any file below `under`."""
    needles = [s.encode() for s in secrets]
    found = [f"output #{n}" for n, text in enumerate(texts) for s in needles if s in text.encode()]
    for path in sorted(under.rglob("*")) if under else ():
        if path.is_file():
            data = readable(path)
            found += [f"{path.relative_to(under)}: {s.decode()}" for s in needles if s in data]
    return found


def warc_request_headers(archive: Path) -> list[dict[str, str]]:
    found = []
    for path in (archive / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "request":
                    found.append({k.lower(): v for k, v in record.http_headers.headers})
    return found


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ALL_SECRETS = [ES_SECRET, PROXY_SECRET, basic("crawler", PROXY_SECRET), basic("elastic", ES_SECRET),
               API_KEY]


def test_crawl_with_credentials_in_the_url_and_an_authenticating_proxy_leaks_nothing(
        tmp_path, recording_es, auth_proxy, elasticsearch_url):
    archive = tmp_path / "archive"
    es_url = recording_es.url.replace("http://", f"http://elastic:{ES_SECRET}@")
    result = cli("crawl", "caoloc-langson", "--archive", str(archive), "--index", "elasticsearch",
                 "--env", "test", "--quiet", "--export", str(tmp_path / "crawl.jsonl"),
                 ELASTICSEARCH_URL=es_url,
                 http_proxy=auth_proxy.url.replace("http://", f"http://crawler:{PROXY_SECRET}@"))
    assert result.returncode == 0, result.stderr
    # The credentials did their work: every request through the proxy was authorised, every
    # call to the cluster carried the URL's user and password, and the articles arrived.
    assert auth_proxy.refused == 0 and len(auth_proxy.seen) >= 67
    assert recording_es.authorizations() == {f"Basic {basic('elastic', ES_SECRET)}"}
    with ElasticIndex.connect(elasticsearch_url, alias=ALIAS) as es:
        assert es.count_articles() == 66
    assert f"66 articles sent to {recording_es.url}, 0 spooled" in result.stdout
    # ... and appear nowhere: not in the terminal, the report, the logs, the index, the WARC.
    report = json.loads(next((archive / "crawls").glob("*.json")).read_text())
    assert report["elasticsearch"]["url"] == recording_es.url
    assert leaks(ALL_SECRETS, result.stdout, result.stderr, under=tmp_path) == []
    requests = warc_request_headers(archive)
    assert len(requests) >= 67
    assert all("proxy-authorization" not in h and "authorization" not in h for h in requests)


def test_unreachable_cluster_with_credentials_spools_and_leaks_nothing(tmp_path, mirror_server):
    archive = tmp_path / "archive"
    dead = f"127.0.0.1:{closed_port()}"
    result = cli("crawl", "caoloc-langson", "--archive", str(archive), "--index", "elasticsearch",
                 "--env", "test", "--quiet",
                 "--resolve", f"*={mirror_server.url.removeprefix('http://')}",
                 ELASTICSEARCH_URL=f"http://elastic:{ES_SECRET}@{dead}")
    assert result.returncode == 0, result.stderr
    assert f"0 articles sent to http://{dead}, 66 spooled" in result.stdout
    assert leaks(ALL_SECRETS, result.stdout, result.stderr, under=tmp_path) == []
    # The one-line error of a command that needs the cluster names it without the password.
    result = cli("search", "số", "--index", "elasticsearch",
                 ELASTICSEARCH_URL=f"http://elastic:{ES_SECRET}@{dead}")
    assert result.returncode == 3
    assert result.stderr.startswith(f"portal-archive: error: Elasticsearch at http://{dead} is not "
                                    "reachable")
    assert leaks(ALL_SECRETS, result.stdout, result.stderr, under=tmp_path) == []


def test_username_password_and_api_key_variables_reach_the_cluster(
        tmp_path, recording_es, mirror_server):
    archive = tmp_path / "archive"
    result = cli("crawl", "caoloc-langson", "--archive", str(archive), "--index", "elasticsearch",
                 "--env", "test", "--quiet",
                 "--resolve", f"*={mirror_server.url.removeprefix('http://')}",
                 ELASTICSEARCH_URL=recording_es.url, ELASTICSEARCH_USERNAME="archivist",
                 ELASTICSEARCH_PASSWORD=ES_SECRET)
    assert result.returncode == 0, result.stderr
    assert recording_es.authorizations() == {f"Basic {basic('archivist', ES_SECRET)}"}
    outputs = [result.stdout, result.stderr]
    for args in (["search", "Cao Lộc", "--limit", "3"], ["stats"],
                 ["export", "--out", str(tmp_path / "es.jsonl")]):
        recording_es.seen.clear()
        result = cli(*args, "--index", "elasticsearch", ELASTICSEARCH_URL=recording_es.url,
                     ELASTICSEARCH_API_KEY=API_KEY)
        assert result.returncode == 0, (args, result.stderr)
        assert recording_es.authorizations() == {f"ApiKey {API_KEY}"}, args
        outputs += [result.stdout, result.stderr]
    assert len((tmp_path / "es.jsonl").read_text().splitlines()) == 66
    assert leaks([*ALL_SECRETS, basic("archivist", ES_SECRET)], *outputs, under=tmp_path) == []


@pytest.mark.parametrize("env", [
    {"ELASTICSEARCH_API_KEY": API_KEY, "ELASTICSEARCH_USERNAME": "archivist",
     "ELASTICSEARCH_PASSWORD": ES_SECRET},
    {"ELASTICSEARCH_USERNAME": "archivist"},
    {"ELASTICSEARCH_USERNAME": "archivist", "ELASTICSEARCH_PASSWORD": ES_SECRET,
     "ELASTICSEARCH_URL": f"http://elastic:{ES_SECRET}@127.0.0.1:9200"},
])
def test_ambiguous_or_incomplete_credentials_are_refused_without_echoing_them(env):
    env = {"ELASTICSEARCH_URL": "http://127.0.0.1:9200", **env}
    result = cli("stats", "--index", "elasticsearch", **env)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("portal-archive: error: ")
    assert "ELASTICSEARCH_" in lines[0]
    assert leaks(ALL_SECRETS, result.stdout, result.stderr) == []
