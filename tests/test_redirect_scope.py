"""Scope holds for redirects as it does for links: a redirect to another host:port is archived
(the 3xx response is in the WARC) and logged, but its target is never fetched or indexed; a
redirect within the portal is followed as before."""

from __future__ import annotations

import http.server
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from search.store import ArchiveStore
from tests.conftest import run_cli

PORTAL = "caoloc.langson.gov.vn"
OTHER = "baolangson.vn"
ARTICLE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<article class="news-detail"><h1 class="title">{title}</h1><div class="date">12/05/2023</div>
<div class="content">
<p>Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2023, với sự
tham gia của lãnh đạo các phòng, ban chuyên môn và Ủy ban nhân dân các xã, thị trấn.</p>
<p>Hội nghị thống nhất các nhiệm vụ trọng tâm: phát triển hạ tầng số, nâng cao tỷ lệ hồ sơ
trực tuyến toàn trình và phổ cập kỹ năng số cho người dân trên địa bàn.</p>
<p>Đồng chí Phó Chủ tịch UBND huyện đề nghị các đơn vị khẩn trương xây dựng kế hoạch chi tiết.</p>
</div></article></body></html>"""


class Site:
    """A loopback server answering as one host; every request it receives is kept."""

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], str]]) -> None:
        self.requests: list[str] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                path = urlsplit(self.path).path  # proxy form: the crawl's --resolve
                site.requests.append(path)
                status, headers, body = routes.get(path, (404, {}, "Không tìm thấy"))
                data = body.encode()
                self.send_response(status)
                for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def sites() -> Iterator[tuple[Site, Site]]:
    """The portal (its /off redirects to another host) and that other host."""
    other = Site({"/robots.txt": (200, {}, "User-agent: *\n"),
                  "/tin-tuc/bai-ngoai.html": (200, {}, ARTICLE.format(title="Bài của trang khác"))})
    home = ('<html><body><a href="/tin-tuc/bai-viet-1.html">Bài 1</a> <a href="/off">Báo tỉnh</a> '
            '<a href="/moved">Bài 2</a></body></html>')
    portal = Site({
        "/robots.txt": (200, {}, "User-agent: *\n"),
        "/": (200, {}, home),
        "/tin-tuc/bai-viet-1.html": (200, {}, ARTICLE.format(title="Triển khai chuyển đổi số năm 2023")),
        "/moved": (301, {"Location": f"http://{PORTAL}/tin-tuc/bai-viet-2.html"}, ""),
        "/tin-tuc/bai-viet-2.html": (200, {}, ARTICLE.format(title="Hội nghị cải cách hành chính")),
        "/off": (302, {"Location": f"http://{OTHER}/tin-tuc/bai-ngoai.html"}, ""),
    })
    yield portal, other
    portal.close()
    other.close()


def warc_responses(archive: Path) -> dict[str, tuple[str, str | None]]:
    found = {}
    for path in (archive / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    found[record.rec_headers.get_header("WARC-Target-URI")] = (
                        record.http_headers.get_statuscode(),
                        record.http_headers.get_header("Location"))
    return found


def test_redirect_to_another_host_is_archived_but_not_followed(sites, tmp_path):
    portal, other = sites
    archive = tmp_path / "archive"
    result = run_cli("crawl", f"http://{PORTAL}/", "--archive", str(archive),
                     "--resolve", f"{PORTAL}={portal.address}", "--resolve", f"{OTHER}={other.address}",
                     "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr
    # Never fetched: not the page, not even its robots.txt.
    assert other.requests == []
    assert "/off" in portal.requests and "/tin-tuc/bai-ngoai.html" not in portal.requests
    # The 302 itself is archived as it came off the wire; its target has no record.
    responses = warc_responses(archive)
    assert responses[f"http://{PORTAL}/off"] == ("302", f"http://{OTHER}/tin-tuc/bai-ngoai.html")
    assert not any(OTHER in uri for uri in responses)
    # Indexed: the portal's own articles, the one behind the in-scope redirect included.
    with ArchiveStore.open(archive, readonly=True) as store:
        urls = sorted(a["url"] for a in store.iter_articles())
    assert urls == [f"http://{PORTAL}/tin-tuc/bai-viet-1.html", f"http://{PORTAL}/tin-tuc/bai-viet-2.html"]
    # The crawl log says what was not followed and why.
    with sqlite3.connect(f"file:{archive / 'index.sqlite3'}?mode=ro", uri=True) as db:
        skipped = db.execute("SELECT url, kind, error FROM fetches WHERE url LIKE ?",
                             (f"%{OTHER}%",)).fetchall()
    assert skipped == [(f"http://{OTHER}/tin-tuc/bai-ngoai.html", "skipped",
                        f"redirect out of scope: from http://{PORTAL}/off to {OTHER}, "
                        f"outside {PORTAL}")]
