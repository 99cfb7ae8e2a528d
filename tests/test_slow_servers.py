"""Slow and failing servers: a throttling host is backed off as a whole (Retry-After), and a host
that is down does not stall the other portals of the same crawl."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from search.store import ArchiveStore
from tests.conftest import run_cli

ARTICLE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<article class="news-detail"><h1 class="title">{title}</h1><div class="date">12/05/2023</div>
<div class="content">
<p>Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2023, với sự
tham gia của lãnh đạo các phòng, ban chuyên môn và Ủy ban nhân dân các xã, thị trấn.</p>
<p>Hội nghị thống nhất các nhiệm vụ trọng tâm: phát triển hạ tầng số, nâng cao tỷ lệ hồ sơ
trực tuyến toàn trình và phổ cập kỹ năng số cho người dân trên địa bàn.</p>
<p>Đồng chí Phó Chủ tịch UBND huyện đề nghị các đơn vị khẩn trương xây dựng kế hoạch chi tiết.</p>
</div></article></body></html>"""
HOME = "<html><body>" + "".join(f'<a href="/tin-tuc/bai-viet-{n}.html">Bài {n}</a>'
                                for n in range(1, 9)) + "</body></html>"


@pytest.fixture()
def throttling_server() -> Iterator[tuple[str, list[tuple[float, str, int]]]]:
    """Answers 503 + Retry-After: 2 to its first article request, then serves normally."""
    log: list[tuple[float, str, int]] = []
    refused = {"done": False}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            status, body = 200, HOME
            if self.path == "/robots.txt":
                body = "User-agent: *\n"
            elif self.path.startswith("/tin-tuc/"):
                if not refused["done"]:
                    refused["done"] = True
                    status, body = 503, "Quá tải, vui lòng thử lại sau"
                else:
                    body = ARTICLE.format(title=f"Triển khai chuyển đổi số tại xã số {self.path[-6]}")
            log.append((time.monotonic(), self.path, status))
            data = body.encode()
            self.send_response(status)
            if status == 503:
                self.send_header("Retry-After", "2")
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", log
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_retry_after_slows_the_whole_host_and_a_dead_host_stalls_nothing(
        throttling_server, tmp_path):
    url, log = throttling_server
    dead = f"http://127.0.0.1:{closed_port()}/"
    archive = tmp_path / "archive"
    result = run_cli("crawl", dead, url, "--archive", str(archive), "--env", "test", "--quiet")
    # The live portal was crawled completely; the dead one is named, with exit 1 (partial).
    assert result.returncode == 1, result.stderr
    assert f"could not reach {dead}" in result.stderr
    with ArchiveStore.open(archive, readonly=True) as store:
        assert store.count_articles() == 8
    (refusal,) = [t for t, path, status in log if status == 503]
    after = [t for t, path, status in log if path.startswith("/tin-tuc/") and t > refusal]
    assert len(after) == 8  # 7 articles + the retried one
    # Requests to that host waited out its Retry-After (2 s), not just the retried one. Two may
    # start sooner: one already on its way (2 per host) and one the freed slot took at once.
    assert sorted(after)[2] - refusal >= 1.9


HOLD = 10.0
HELD_HOST = "xatho.thanhhoa.gov.vn"
BUSY_HOST = "xacho.nghean.gov.vn"
HELD_ARTICLES = 24
BUSY_CHAIN = 10


@pytest.fixture()
def two_portals() -> Iterator[tuple[str, list[tuple[float, str, str, int]]]]:
    """Two portals behind one loopback address (reached with --resolve, as the real hosts):

    - HELD_HOST links 24 articles from its home page and answers its first article request with
      503 + Retry-After: HOLD;
    - BUSY_HOST is a chain (home -> article 1 -> article 2 -> ...), so it never has more than one
      page waiting to be fetched, each answered after 0.2 s.
    """
    log: list[tuple[float, str, str, int]] = []
    refused = {"done": False}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)  # absolute form: the server is the crawl's proxy
            host, path = parts.hostname or "", parts.path
            status, headers, body = 200, {}, ""
            if path == "/robots.txt":
                body = "User-agent: *\n"
            elif host == HELD_HOST and path == "/":
                body = "<html><body>" + "".join(
                    f'<a href="/tin-tuc/bai-viet-{n}.html">Bài {n}</a>'
                    for n in range(1, HELD_ARTICLES + 1)) + "</body></html>"
            elif host == HELD_HOST and not refused["done"]:
                refused["done"] = True
                status, headers, body = 503, {"Retry-After": str(int(HOLD))}, "Quá tải"
            elif host == HELD_HOST:
                body = ARTICLE.format(title=f"Chuyển đổi số tại thôn {path.split('-')[-1][:-5]}")
            else:
                time.sleep(0.2)
                number = 0 if path == "/" else int(path.split("-")[-1][:-5])
                page = HOME if number == 0 else ARTICLE.format(
                    title=f"Hội nghị chuyển đổi số lần thứ {number} của xã")
                link = (f'<a href="/tin-tuc/bai-viet-{number + 1}.html">Bài tiếp</a>'
                        if number < BUSY_CHAIN else "")
                body = (page if number else "<html><body></body></html>").replace(
                    "</body>", link + "</body>")
            log.append((time.monotonic(), host, path, status))
            data = body.encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", log
    server.shutdown()
    server.server_close()


def test_a_long_retry_after_holds_only_its_host_and_other_portals_keep_being_fetched(
        two_portals, tmp_path):
    address, log = two_portals
    archive = tmp_path / "archive"
    result = run_cli("crawl", f"http://{HELD_HOST}/", f"http://{BUSY_HOST}/",
                     "--resolve", f"{HELD_HOST}={address}", "--resolve", f"{BUSY_HOST}={address}",
                     "--archive", str(archive), "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr
    with ArchiveStore.open(archive, readonly=True) as store:
        assert store.count_articles() == HELD_ARTICLES + BUSY_CHAIN
    (refusal,) = [t for t, host, path, status in log if status == 503]
    held = sorted(t for t, host, path, _ in log if host == HELD_HOST and path.startswith("/tin-tuc/")
                  and t > refusal)
    busy = [t for t, host, path, _ in log if host == BUSY_HOST and path.startswith("/tin-tuc/")]
    # The held portal waited out its Retry-After (at most two requests were already on their way)...
    assert len(held) == HELD_ARTICLES
    assert held[2] - refusal >= HOLD - 0.1
    # ...while the other portal went on: its chain of pages, one discovered after the other, was
    # fetched during the hold, not after it.
    assert len(busy) == BUSY_CHAIN
    assert sum(1 for t in busy if refusal < t < refusal + HOLD) >= BUSY_CHAIN - 2
