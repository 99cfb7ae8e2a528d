"""A portal's registry entry at work in a crawl: its `listing_urls` are fetched before other pages
and reported as the `listing` channel; its `ignored_params` make one URL of each article."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.loopback_site import Page, Site, serve

HOST = "quynhluu.nghean.gov.vn"
BASE = f"http://{HOST}"
REGISTRY = f"""
[[portal]]
id = "quynhluu-nghean"
name = "Cổng thông tin điện tử huyện Quỳnh Lưu"
hosts = ["{HOST}"]
level = "district"
province = "Nghệ An"
district = "Quỳnh Lưu"
legacy_unit_code = "421"
listing_urls = ["{BASE}/news/*/"]
ignored_params = ["ref"]
"""


def page(*links: str) -> Page:
    anchors = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return Page(f'<html><head><meta charset="utf-8"></head><body><ul>{anchors}</ul></body></html>'
                .encode())


OTHER = [f"{BASE}/gioi-thieu/muc-{n}.html" for n in range(1, 9)]
LISTINGS = [f"{BASE}/news/thoi-su/", f"{BASE}/news/kinh-te/"]
ARTICLES = [f"{BASE}/news/thoi-su/bai-{n}.html" for n in (1, 2, 3)] + [f"{BASE}/news/kinh-te/bai-4.html"]


def portal_with_listings() -> Site:
    pages = {
        f"{BASE}/robots.txt": Page(b"User-agent: *\n", {"Content-Type": "text/plain"}),
        # The listings come first on the page: without their priority, the last links would go first.
        f"{BASE}/": page(*LISTINGS, *OTHER),
        LISTINGS[0]: page(f"{ARTICLES[0]}?ref=thoi-su", ARTICLES[1], f"{LISTINGS[0]}?page=2", "/"),
        f"{LISTINGS[0]}?page=2": page(ARTICLES[2], LISTINGS[0], "/"),
        LISTINGS[1]: page(ARTICLES[3], f"{ARTICLES[0]}?ref=kinh-te", "/"),
    }
    pages |= {url: page("/") for url in OTHER + ARTICLES}
    return Site(HOST, pages)


def test_registry_listing_pages_go_first_and_are_reported(tmp_path: Path) -> None:
    registry = tmp_path / "portals.toml"
    registry.write_text(REGISTRY, "utf-8")
    archive = tmp_path / "archive"
    with serve(portal_with_listings()) as site:
        result = run_cli("crawl", "quynhluu-nghean", "--registry", str(registry), "--archive",
                         str(archive), "--resolve", site.resolve, "--env", "test", "--quiet")
    assert result.returncode == 0, result.stderr
    # robots.txt, the home page, then the two listing pages before any of the other eight.
    assert site.requests[:2] == [f"{BASE}/robots.txt", f"{BASE}/"]
    assert sorted(site.requests[2:4]) == sorted(LISTINGS)
    # `ref` is ignored on this portal: one request per article, none with `ref=`.
    assert {url: site.fetched(url) for url in ARTICLES} == dict.fromkeys(ARTICLES, 1)
    assert [url for url in site.requests if "ref=" in url] == []
    (report,) = (archive / "crawls").glob("*.json")
    channels = json.loads(report.read_text("utf-8"))["discovery"]["portals"]["quynhluu-nghean"]["channels"]
    # Found on or as listing pages: 3 listing pages, 4 articles and the home page they link back to;
    # fetched through them: the 3 listing pages and the 4 articles.
    assert (channels["listing"]["urls_found"], channels["listing"]["fetched"]) == (8, 7)
    assert channels["links"]["fetched"] == 8
