"""extract_page on the extended mirror's two hard-to-decode/unknown-CMS portals.

Điện Bàn (classic ASP) serves windows-1258 behind a lying ``charset=utf-8`` header (the page's
meta is right), four pages declare nothing, and two old FrontPage pages are in the TCVN3 and VNI
font encodings. Tân Phú runs NukeViet. Pages are extracted the way the crawler does: with the
header's charset passed as a hint (`http_charset`), never as an override.
"""

from __future__ import annotations

from email.message import Message

import pytest

import tests.mirror as mirror_package
from crawlers.extraction import ExtractedPage, extract_page

DIENBAN = "dienban-quangnam"
TANPHU = "tanphu-dongnai"
TCVN3_PAGE = ("http://dienban.quangnam.gov.vn/luutru/2006/"
              "ky-hop-thu-muoi-hoi-dong-nhan-dan-huyen-dien-ban-khoa-viii.htm")
VNI_PAGE = "http://dienban.quangnam.gov.vn/luutru/2007/dien-ban-ra-quan-lam-thuy-loi-mua-kho-nam-2007.htm"
LYING_HEADER_PAGE = "http://dienban.quangnam.gov.vn/chitiet.asp?id=702"
UNDECLARED_PAGE = "http://dienban.quangnam.gov.vn/chitiet.asp?id=707"


def header_charset(headers: dict[str, str]) -> str | None:
    """The charset of a Content-Type header, as a crawler reads it."""
    message = Message()
    for name, value in headers.items():
        if name.lower() == "content-type":
            message["Content-Type"] = value
    return message.get_content_charset()


@pytest.fixture(scope="module")
def mirror():  # type: ignore[no-untyped-def]
    return mirror_package.build_mirror(extended=True)


@pytest.fixture(scope="module")
def extracted(mirror) -> dict[str, tuple[object, ExtractedPage]]:  # type: ignore[no-untyped-def]
    pages = {}
    for article in mirror.articles:
        if article.portal not in (DIENBAN, TANPHU):
            continue
        response = mirror.fetch(article.url)
        assert response.status == 200, article.url
        page = extract_page(response.body, article.url,
                            http_charset=header_charset(response.headers))
        pages[article.url] = (article, page)
    return pages


def _matches(article, page: ExtractedPage) -> bool:  # type: ignore[no-untyped-def]
    return (
        page.is_article
        and page.title == article.title
        and page.published == article.published
        and all(paragraph in page.text for paragraph in article.paragraphs)
        and not any(chrome in page.text for chrome in article.must_not_contain)
    )


@pytest.mark.parametrize(("portal", "cms", "total"), [(DIENBAN, "classicasp", 24),
                                                      (TANPHU, "nukeviet", 22)])
def test_every_article_extracts_exactly(extracted, portal: str, cms: str, total: int) -> None:  # type: ignore[no-untyped-def]
    pairs = [(a, p) for a, p in extracted.values() if a.portal == portal]
    assert len(pairs) == total
    failed = [a.url for a, p in pairs if not _matches(a, p)]
    assert failed == []
    assert sum(1 for _a, p in pairs if _matches(_a, p)) == total
    assert {p.cms for _a, p in pairs} == {cms}


def test_the_lying_utf8_header_is_overruled_by_the_meta_charset(extracted, mirror) -> None:  # type: ignore[no-untyped-def]
    assert header_charset(mirror.fetch(LYING_HEADER_PAGE).headers) == "utf-8"
    _article, page = extracted[LYING_HEADER_PAGE]
    assert page.encoding == "windows-1258"
    assert page.encoding_note == "header said utf-8, page is windows-1258"


def test_an_undeclared_windows_1258_page_is_sniffed(extracted, mirror) -> None:  # type: ignore[no-untyped-def]
    assert header_charset(mirror.fetch(UNDECLARED_PAGE).headers) is None
    _article, page = extracted[UNDECLARED_PAGE]
    assert page.encoding == "windows-1258"
    assert page.encoding_note == "no charset declared; sniffed windows-1258"


@pytest.mark.parametrize(("url", "encoding", "note", "title"), [
    (TCVN3_PAGE, "tcvn3", "converted from TCVN3 (font .VnTime)",
     "Kỳ họp thứ mười Hội đồng nhân dân huyện Điện Bàn khóa VIII"),
    (VNI_PAGE, "vni", "converted from VNI (font VNI-Times)",
     "Điện Bàn: Ra quân làm thủy lợi mùa khô năm 2007"),
])
def test_font_encoded_pages_are_converted(extracted, url: str, encoding: str, note: str,  # type: ignore[no-untyped-def]
                                          title: str) -> None:
    article, page = extracted[url]
    assert (page.encoding, page.encoding_note, page.title) == (encoding, note, title)
    assert page.published == article.published


def test_nukeviet_pages_are_utf8_without_a_note(extracted) -> None:  # type: ignore[no-untyped-def]
    pages = [p for a, p in extracted.values() if a.portal == TANPHU]
    assert {(p.encoding, p.encoding_note) for p in pages} == {("utf-8", None)}


def test_listings_and_home_pages_are_not_articles(mirror) -> None:  # type: ignore[no-untyped-def]
    urls = ["http://dienban.quangnam.gov.vn/", "http://dienban.quangnam.gov.vn/tintuc.asp?cat=1",
            "http://dienban.quangnam.gov.vn/tintuc.asp?cat=1&page=2",
            "https://tanphu.dongnai.gov.vn/", "https://tanphu.dongnai.gov.vn/news/tin-tuc/",
            "https://tanphu.dongnai.gov.vn/news/tin-tuc/page-2"]
    for url in urls:
        response = mirror.fetch(url)
        assert response.status == 200, url
        page = extract_page(response.body, url, http_charset=header_charset(response.headers))
        assert not page.is_article, url


def test_an_explicit_encoding_still_wins_over_the_page() -> None:
    body = "<html><head><meta charset='windows-1258'></head><body><p>Điện Bàn</p></body></html>"
    page = extract_page(body.encode("utf-8"), "http://x.gov.vn/a", encoding="utf-8")
    assert page.encoding == "utf-8"
    page = extract_page(body.encode("utf-8"), "http://x.gov.vn/a", http_charset="windows-1258")
    assert page.encoding == "utf-8"  # the meta does not decode cleanly, nor the header: sniffed
