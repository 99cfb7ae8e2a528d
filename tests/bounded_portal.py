"""A loopback portal with oversized and binary pages beside normal articles.

Used by tests/test_bounded_pages.py and bench/big_pages.py. The portal answers as the crawl's
proxy (`--resolve HOST=ADDR:PORT`), so its pages keep a real host name. Its home page links:

- NORMAL_ARTICLES ordinary articles (`/tin-tuc/bai-viet-N.html`);
- one generated Vietnamese article page per size in `big_pages` (`/tin-tuc/bao-cao-NMB.html`):
  real article markup, paragraphs of the offline mirror's prose repeated to the size;
- one binary body per size in `binary_pages`, served as text/html (`/tin-tuc/tep-NMB.html`);
- one page per entry of `slow_pages` (`/tin-tuc/nhieu-doan-N.html`): an article of N bytes made of
  tens of thousands of two-word paragraphs, within the size budget but seconds or minutes to read;
- unless `too_big` is False, `/tin-tuc/qua-lon.html`, which declares a body of TOO_BIG bytes (over DOWNLOAD_MAXSIZE).
"""

from __future__ import annotations

import http.server
import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

HOST = "xabaocao.nghean.gov.vn"
NORMAL_ARTICLES = 4
MIB = 1024 * 1024
TOO_BIG = 100 * MIB
TOO_BIG_PATH = "/tin-tuc/qua-lon.html"
REPO = Path(__file__).resolve().parents[1]

_HEAD = ('<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
         '<article class="news-detail"><h1 class="title">{title}</h1>'
         '<div class="date">12/05/2023</div><div class="content">')
_TAIL = "</div></article></body></html>"
_PARAGRAPHS = (
    "Ủy ban nhân dân huyện Nghi Lộc tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2023, "
    "với sự tham gia của lãnh đạo các phòng, ban chuyên môn và Ủy ban nhân dân các xã, thị trấn.",
    "Hội nghị thống nhất các nhiệm vụ trọng tâm theo Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016: "
    "phát triển hạ tầng số, nâng cao tỷ lệ hồ sơ trực tuyến toàn trình tại xã Nghi Tiến, tỉnh Nghệ An.",
    "Đồng chí Phó Chủ tịch UBND huyện đề nghị các đơn vị khẩn trương xây dựng kế hoạch chi tiết, "
    "phân công cán bộ phụ trách và báo cáo kết quả thực hiện trước ngày 30 hằng tháng.",
)


def normal_title(n: int) -> str:
    """The headline of the portal's n-th ordinary article (1..NORMAL_ARTICLES)."""
    return f"Hội nghị chuyển đổi số lần thứ {n} của huyện"


def indexed_titles(archive: Path) -> list[str]:
    """The titles of the articles indexed in `archive`, sorted."""
    from search.store import ArchiveStore

    with ArchiveStore.open(archive, readonly=True) as store:
        return sorted(r["title"] for r in store.iter_articles())


def article(title: str, paragraphs: Iterable[str] = _PARAGRAPHS) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (_HEAD.format(title=title) + body + _TAIL).encode()


def big_article(size: int) -> bytes:
    """An article page of at least `size` bytes: one headline, thousands of paragraphs."""
    head = _HEAD.format(title=f"Báo cáo tổng hợp {size // MIB} MB").encode()
    tail = _TAIL.encode()
    parts = [head]
    total = len(head) + len(tail)
    number = 0
    while total < size:
        paragraph = f"<p>{number}. {_PARAGRAPHS[number % len(_PARAGRAPHS)]}</p>\n".encode()
        parts.append(paragraph)
        total += len(paragraph)
        number += 1
    parts.append(tail)
    return b"".join(parts)


def slow_article(size: int) -> bytes:
    """An article page of about `size` bytes of tiny paragraphs: far more nodes per byte than real
    pages, and far slower to read (1.8 MB took 430 s on the bench machine in November 2026)."""
    head = _HEAD.format(title="Danh sách dài").encode()
    return head + b"<p>a b</p>" * (size // 10) + _TAIL.encode()


def binary_body(size: int) -> bytes:
    """`size` bytes of noise (a zip, an image, a database dump): NUL bytes in the first kilobyte."""
    return random.Random(size).randbytes(size)


class BoundedPortal:
    """The portal on 127.0.0.1:<free port>; a context manager. `requests` logs (path, status)."""

    def __init__(self, big_pages: Iterable[int] = (), binary_pages: Iterable[int] = (),
                 slow_pages: Iterable[int] = (), too_big: bool = True):
        self.pages: dict[str, bytes] = {
            f"/tin-tuc/bai-viet-{n}.html": article(normal_title(n))
            for n in range(1, NORMAL_ARTICLES + 1)
        }
        self.big = {f"/tin-tuc/bao-cao-{size // MIB}mb.html": big_article(size) for size in big_pages}
        self.binary = {f"/tin-tuc/tep-{size // MIB}mb.html": binary_body(size) for size in binary_pages}
        self.slow = {f"/tin-tuc/nhieu-doan-{n}.html": slow_article(size)
                     for n, size in enumerate(slow_pages, 1)}
        self.pages.update(self.big)
        self.pages.update(self.slow)
        self.pages.update(self.binary)
        links = [*self.pages, *([TOO_BIG_PATH] if too_big else [])]
        self.pages["/"] = ("<html><body>" + "".join(f'<a href="{p}">Tin {i}</a>' for i, p in
                                                    enumerate(links)) + "</body></html>").encode()
        self.pages["/robots.txt"] = b"User-agent: *\n"
        self.requests: list[tuple[str, int]] = []
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        return f"http://{HOST}/"

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        portal = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                path = urlsplit(self.path).path  # absolute form: we are the crawl's proxy
                if path == TOO_BIG_PATH:
                    portal.requests.append((path, 200))
                    self._too_big()
                    return
                body = portal.pages.get(path)
                status = 200 if body is not None else 404
                portal.requests.append((path, status))
                body = body if body is not None else b"not found"
                self.send_response(status)
                kind = "text/plain" if path.endswith(".txt") else "text/html; charset=utf-8"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _too_big(self) -> None:
                """Declare TOO_BIG bytes; the crawler should hang up after the headers."""
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(TOO_BIG))
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_533
                try:
                    for _ in range(TOO_BIG // len(chunk)):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def __enter__(self) -> BoundedPortal:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()


def crawl_with_rusage(*args: str) -> tuple[subprocess.CompletedProcess, int]:
    """`portal-archive crawl ARGS` in a fresh process; its result and its peak RSS in bytes: the
    kernel's ru_maxrss of exactly that process, read when it is reaped (wait4)."""
    proc = subprocess.Popen([sys.executable, "-m", "crawlers.cli", "crawl", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    output: dict[str, str] = {}
    readers = [threading.Thread(target=lambda name=name, stream=stream: output.update(
        {name: stream.read()})) for name, stream in (("out", proc.stdout), ("err", proc.stderr))]
    for reader in readers:
        reader.start()
    watchdog = threading.Timer(600, proc.kill)
    watchdog.start()
    try:
        _pid, status, usage = os.wait4(proc.pid, 0)
    finally:
        watchdog.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    result = subprocess.CompletedProcess(proc.args, proc.returncode, output["out"], output["err"])
    return result, usage.ru_maxrss * 1024
