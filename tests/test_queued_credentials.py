"""Proxy credentials never wait in the crawl's on-disk job queue (issue 9, item 6).

Scrapy's redirect and retry copy the request's `Proxy-Authorization` into the request they
schedule; an interrupted crawl keeps its queue in `ARCHIVE/jobs/`. The header is dropped when a
request is scheduled, and Scrapy's own HttpProxyMiddleware adds it again when it is sent.
"""

from __future__ import annotations

import base64

from scrapy import Request
from scrapy.downloadermiddlewares.httpproxy import HttpProxyMiddleware
from scrapy.utils.test import get_crawler

from crawlers.extensions.redact import ForgetQueuedCredentials
from settings import base

SECRET = "s3cr3t-Pr0xy"


def test_a_scheduled_request_keeps_no_proxy_credentials_and_gets_them_back_when_sent(monkeypatch) -> None:
    monkeypatch.setenv("http_proxy", f"http://archivist:{SECRET}@127.0.0.1:3128")
    crawler = get_crawler()
    proxy = HttpProxyMiddleware.from_crawler(crawler)
    sent = Request("http://stp.daknong.gov.vn/", headers={"Referer": "http://stp.daknong.gov.vn/x"})
    proxy.process_request(sent)
    token = base64.b64encode(f"archivist:{SECRET}".encode()).decode()
    assert sent.headers[b"Proxy-Authorization"] == f"Basic {token}".encode()

    # What redirect/retry schedule: a copy of the sent request, header and all.
    follow = sent.replace(url="http://stp.daknong.gov.vn/tin-tuc/")
    assert follow.headers.get(b"Proxy-Authorization")
    ForgetQueuedCredentials().request_scheduled(follow)
    assert b"Proxy-Authorization" not in follow.headers
    assert follow.headers[b"Referer"] == b"http://stp.daknong.gov.vn/x"
    assert SECRET not in repr(follow.to_dict()) and token not in repr(follow.to_dict())

    proxy.process_request(follow)  # on its way out again
    assert follow.headers[b"Proxy-Authorization"] == f"Basic {token}".encode()


def test_the_crawl_settings_install_the_extension() -> None:
    assert base.EXTENSIONS["crawlers.extensions.redact.ForgetQueuedCredentials"] == 0
