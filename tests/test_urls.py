"""One article, one URL: canonicalisation, listing pages and trap rules, table-driven."""

from __future__ import annotations

import pytest

from crawlers.registry import Registry, registry_problems
from crawlers.urls import (
    ListingPages,
    canonicalize_url,
    is_page_url,
    is_pager_url,
    is_search_page,
    is_share_form,
    path_key,
    scope_of,
    trap_kind,
)

CANONICAL = [
    # Liferay: session id path parameter and portlet state parameters go; the pager stays.
    ("http://nghiloc.nghean.gov.vn/web/guest/tin-tuc;jsessionid=3F2A9C1B?p_p_id=101_INSTANCE_x"
     "&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&p_p_col_id=column-2&p_p_col_count=1"
     "&_101_INSTANCE_x_cur=2",
     "http://nghiloc.nghean.gov.vn/web/guest/tin-tuc?_101_INSTANCE_x_cur=2&p_p_id=101_INSTANCE_x"),
    # Joomla: print view and PHP session id.
    ("http://luongson.hoabinh.gov.vn/index.php/tin-tuc/12-abc?tmpl=component&print=1&page=",
     "http://luongson.hoabinh.gov.vn/index.php/tin-tuc/12-abc"),
    ("http://luongson.hoabinh.gov.vn/index.php/tin-tuc?start=10&PHPSESSID=ab12cd",
     "http://luongson.hoabinh.gov.vn/index.php/tin-tuc?start=10"),
    # ASP.NET cookieless session and print flag.
    ("http://gocongtay.tiengiang.gov.vn/(S(abcd1234efgh5678))/Chi-tiet-tin?id=1234&print=1",
     "http://gocongtay.tiengiang.gov.vn/Chi-tiet-tin?id=1234"),
    # WordPress share and reply variants; tracking parameters; fragments.
    ("http://dienchau.nghean.gov.vn/2023/05/12/bai-viet/?share=facebook#comments",
     "http://dienchau.nghean.gov.vn/2023/05/12/bai-viet/"),
    ("http://dienchau.nghean.gov.vn/2023/05/12/bai-viet/?replytocom=7",
     "http://dienchau.nghean.gov.vn/2023/05/12/bai-viet/"),
    ("http://caoloc.langson.gov.vn/tin-tuc/x?utm_source=facebook&utm_medium=share",
     "http://caoloc.langson.gov.vn/tin-tuc/x"),
    # Host case, default port, parameter order.
    ("HTTP://CaoLoc.LangSon.gov.vn:80/tin-tuc?page=2&a=1", "http://caoloc.langson.gov.vn/tin-tuc?a=1&page=2"),
    ("https://sotttt.hanoi.gov.vn:443", "https://sotttt.hanoi.gov.vn/"),
    ("http://127.0.0.1:8765/a", "http://127.0.0.1:8765/a"),
    # PHP-Nuke/NukeViet: `sid` is the story id and stays; the PHP session id goes.
    ("http://quynhluu.nghean.gov.vn/modules.php?name=News&op=viewst&sid=123&PHPSESSID=9a8b7c",
     "http://quynhluu.nghean.gov.vn/modules.php?name=News&op=viewst&sid=123"),
    # Java session id as a path parameter, with and without a query after it.
    ("http://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien;jsessionid=0A1B2C3D4E5F.node1",
     "http://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien"),
    ("http://gocongtay.tiengiang.gov.vn/ChiTiet.jsp;JSESSIONID=ab12?newsid=77",
     "http://gocongtay.tiengiang.gov.vn/ChiTiet.jsp?newsid=77"),
    # Parameters that select content stay, whatever their case; sessions and trackers go.
    ("http://stc.daknong.gov.vn/Lists/TinTuc/DispForm.aspx?ID=92&ASP.NET_SessionId=x1y2",
     "http://stc.daknong.gov.vn/Lists/TinTuc/DispForm.aspx?ID=92"),
    ("http://dakglong.daknong.gov.vn/Pages/tin-tuc.aspx?ItemID=1021&CategoryId=4&sessionid=s9",
     "http://dakglong.daknong.gov.vn/Pages/tin-tuc.aspx?CategoryId=4&ItemID=1021"),
    ("http://dienchau.nghean.gov.vn/?p=123&fbclid=IwAR0abc&gclid=Cj0KCQ&utm_campaign=zalo",
     "http://dienchau.nghean.gov.vn/?p=123"),
    ("http://caoloc.langson.gov.vn/index.php?option=com_content&catid=12&id=345&zarsrc=30",
     "http://caoloc.langson.gov.vn/index.php?catid=12&id=345&option=com_content"),
    ("http://caoloc.langson.gov.vn/tin-tuc?page=0", "http://caoloc.langson.gov.vn/tin-tuc?page=0"),
    # A repeated parameter keeps every value (w3lib sorts them).
    ("http://x.gov.vn/van-ban?loai=2&loai=1", "http://x.gov.vn/van-ban?loai=1&loai=2"),
    # Vietnamese paths and queries are percent-encoded as UTF-8, dot segments resolved.
    ("http://thanhtra.daknong.gov.vn/tin-tức/./../thông-báo?tu=cải cách",
     "http://thanhtra.daknong.gov.vn/th%C3%B4ng-b%C3%A1o?tu=c%E1%BA%A3i+c%C3%A1ch"),
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL)
def test_canonical_form(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonical_form_is_idempotent() -> None:
    for _url, expected in CANONICAL:
        assert canonicalize_url(expected) == expected


@pytest.mark.parametrize(("url", "ignored", "expected"), [
    # SharePoint's `Source` (the page to return to) does not change the item shown.
    ("http://stc.daknong.gov.vn/Lists/TinTuc/DispForm.aspx?ID=92&Source=http%3A%2F%2Fstc."
     "daknong.gov.vn%2FLists%2FTinTuc", ("Source",),
     "http://stc.daknong.gov.vn/Lists/TinTuc/DispForm.aspx?ID=92"),
    # Liferay's `redirect` likewise; the asset id in the path is the article.
    ("http://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien/-/asset_publisher/AbC/content/ky-niem"
     "?redirect=%2Fvi%2Ftin-tuc-su-kien&inheritRedirect=false", ("redirect", "inheritRedirect"),
     "http://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien/-/asset_publisher/AbC/content/ky-niem"),
    # Names are matched exactly: `source` is not `Source`.
    ("http://x.gov.vn/a?source=rss&Source=home", ("Source",), "http://x.gov.vn/a?source=rss"),
])
def test_a_portal_may_name_parameters_that_do_not_change_its_pages(
        url: str, ignored: tuple[str, ...], expected: str) -> None:
    assert canonicalize_url(url) != expected
    assert canonicalize_url(url, ignored) == expected


def test_a_portals_ignored_params_come_from_its_registry_entry() -> None:
    registry = Registry.from_text(
        "[[portal]]\nid = 'stc-daknong'\nname = 'Sở Tài chính'\nhosts = ['stc.daknong.gov.vn']\n"
        "level = 'department'\nprovince = 'Đắk Nông'\nignored_params = ['Source']\n"
        "start_urls = ['http://stc.daknong.gov.vn/Pages/default.aspx?Source=x&PageView=Shared']\n",
        "test")
    target = registry.target_for("stc-daknong")
    assert target.portal.ignored_params == ("Source",)
    assert target.start_urls == ("http://stc.daknong.gov.vn/Pages/default.aspx?PageView=Shared",)


def test_an_ignored_param_must_be_a_parameter_name() -> None:
    registry = Registry.from_text(
        "[[portal]]\nid = 'x'\nname = 'X'\nhosts = ['x.gov.vn']\nlevel = 'department'\n"
        "province = 'Hà Nội'\nignored_params = ['Source', 'a=b', '']\n", "test")
    assert registry_problems(registry) == [
        "x: ignored_params entry 'a=b' is not a query parameter name",
        "x: ignored_params entry '' is not a query parameter name",
    ]


LISTINGS = ["https://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien",
            "http://luongson.hoabinh.gov.vn/index.php?option=com_content&view=category",
            "http://quynhluu.nghean.gov.vn/news/*/",
            "http://dakglong.daknong.gov.vn/Pages/tin-tuc.aspx?CategoryId=*"]


@pytest.mark.parametrize(("url", "listing"), [
    ("https://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien", True),
    ("https://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien/", True),
    # Its pager pages, whatever parameters they add.
    ("https://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien?_101_INSTANCE_k7_cur=3"
     "&p_p_id=101_INSTANCE_k7", True),
    # An article under the listing's path is not the listing.
    ("https://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien/-/asset_publisher/k7/content/ky-niem", False),
    ("http://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien", True),  # portals serve http and https alike
    ("https://sotttt.hanoi.gov.vn/en/tin-tuc-su-kien", False),
    ("http://luongson.hoabinh.gov.vn/index.php?id=8&option=com_content&start=20&view=category", True),
    ("http://luongson.hoabinh.gov.vn/index.php?id=81&option=com_content&view=article", False),
    ("http://quynhluu.nghean.gov.vn/news/thoi-su/", True),
    ("http://quynhluu.nghean.gov.vn/news/thoi-su", True),
    ("http://quynhluu.nghean.gov.vn/news/thoi-su/hoi-nghi-1234.html", False),
    ("http://dakglong.daknong.gov.vn/Pages/tin-tuc.aspx?CategoryId=4", True),
    ("http://dakglong.daknong.gov.vn/Pages/tin-tuc.aspx?CategoryId=4&ItemID=1021", True),
    ("http://dakglong.daknong.gov.vn/Pages/tin-tuc.aspx", False),
])
def test_listing_pages_of_a_registry_entry(url: str, listing: bool) -> None:
    assert ListingPages(LISTINGS).matches(canonicalize_url(url)) is listing


@pytest.mark.parametrize(("url", "kind"), [
    ("http://caoloc.langson.gov.vn/lich-cong-tac?date=2023-05", "calendar"),
    ("http://nghiloc.nghean.gov.vn/web/guest/trang-chu?_8_INSTANCE_cal_month=2019-12", "calendar"),
    ("http://x.gov.vn/calendar/2024/01", "calendar"),
    ("http://x.gov.vn/lich?thang=5/2023", "calendar"),
    ("http://nghiloc.nghean.gov.vn/web/guest/lich-lam-viec?_8_INSTANCE_cal_month=1"
     "&_8_INSTANCE_cal_year=2020&p_p_id=8_INSTANCE_cal", "calendar"),
    ("http://x.gov.vn/index.php?username=12&namespace=3", None),
    ("http://caoloc.langson.gov.vn/tin-tuc?page=3", None),
    ("http://dienchau.nghean.gov.vn/2023/05/12/bai-viet/", None),
    ("http://gocongtay.tiengiang.gov.vn/Chi-tiet-tin?id=2023", None),
])
def test_trap_kind(url: str, kind: str | None) -> None:
    assert trap_kind(url) == kind


def test_query_permutations_are_counted_per_path() -> None:
    variants = ["http://caoloc.langson.gov.vn/van-ban?loai=1&nam=2023",
                "http://caoloc.langson.gov.vn/van-ban?nam=2023&loai=1&sort=asc#ket-qua",
                "http://caoloc.langson.gov.vn/van-ban"]
    assert {path_key(url) for url in variants} == {"http://caoloc.langson.gov.vn/van-ban"}


def test_scope_is_host_and_port() -> None:
    assert scope_of("http://nghiloc.nghean.gov.vn/a") == "nghiloc.nghean.gov.vn"
    assert scope_of("https://sotttt.hanoi.gov.vn:443/") == "sotttt.hanoi.gov.vn"
    assert scope_of("http://127.0.0.1:8765/") == "127.0.0.1:8765"


def test_documents_and_media_are_not_pages() -> None:
    assert not is_page_url("http://x.gov.vn/files/QD-1812.pdf")
    assert not is_page_url("http://x.gov.vn/img/a.JPG")
    assert is_page_url("http://x.gov.vn/Chi-tiet-tin?id=1")
    assert is_page_url("http://x.gov.vn/index.php/tin-tuc")
    assert is_page_url("http://x.gov.vn/Default.aspx")


@pytest.mark.parametrize(("url", "search", "share", "pager"), [
    ("http://dienchau.nghean.gov.vn/?s=d%E1%BB%8Bch+v%E1%BB%A5", True, False, False),
    ("http://caoloc.langson.gov.vn/search/node?keys=x", True, False, False),
    ("http://luongson.hoabinh.gov.vn/index.php/tim-kiem?searchword=a", True, False, False),
    ("http://gocongtay.tiengiang.gov.vn/Tim-kiem?keyword=a", True, False, False),
    ("http://luongson.hoabinh.gov.vn/index.php/component/mailto?link=abc&tmpl=component",
     False, True, False),
    ("http://luongson.hoabinh.gov.vn/index.php/tin-tuc?start=20", False, False, True),
    ("http://caoloc.langson.gov.vn/tin-tuc?page=2", False, False, True),
    ("http://dienchau.nghean.gov.vn/category/tin-tuc/page/3/", False, False, True),
    ("http://x.gov.vn/web/guest/tin?_101_INSTANCE_ab_cur=2&p_p_id=101_INSTANCE_ab", False, False, True),
    ("http://dienchau.nghean.gov.vn/?p=123", False, False, False),
])
def test_search_share_and_pager_pages(url: str, search: bool, share: bool, pager: bool) -> None:
    assert (is_search_page(url), is_share_form(url), is_pager_url(url)) == (search, share, pager)


LINK_PAGE = """<html><head><base href="http://luongson.hoabinh.gov.vn/index.php/tin-tuc/">
<link rel="alternate" type="application/rss+xml" href="/index.php/tin-tuc?format=feed&type=rss">
<link rel="alternate stylesheet" type="application/rss+xml" href="/not-a-feed">
<link rel="stylesheet" href="/style.css"></head><body>
<a href="121-truong-tieu-hoc">relative</a> <a href="../van-hoa-xa-hoi?start=10">up</a>
<a href="/index.php/lien-he">root</a> <a href="//dienchau.nghean.gov.vn/category/tin-tuc/">network</a>
<a href="HTTP://LuongSon.HoaBinh.gov.vn/a/./b/../c?">absolute</a> <a href="https://x.gov.vn">tls</a>
<a href="http:g">scheme only</a> <a href="?start=20">query</a> <a href="#top">fragment</a>
<a name="no-href">anchor</a> <map><area href="/index.php/so-do" alt="map"></map>
</body></html>"""


def test_page_links_join_as_scrapy_joins_them_through_the_origin_cache():
    # The spider reads links from parsel's tree and joins absolute and root paths against the
    # page's origin (cached across pages): the same URLs, in the same order, as Scrapy's selectors
    # and `response.urljoin` give.
    from urllib.parse import urljoin

    from scrapy.http import HtmlResponse
    from scrapy.utils.response import get_base_url

    from crawlers.spiders.portal import PortalSpider, _relative

    response = HtmlResponse("http://luongson.hoabinh.gov.vn/index.php/trang-chu", body=LINK_PAGE,
                            encoding="utf-8")
    links = list(PortalSpider._html_links(response))
    hrefs = response.css("a::attr(href), area::attr(href)").getall()
    assert links == [(h, "links") for h in hrefs] + [("/index.php/tin-tuc?format=feed&type=rss", "feed")]
    assert len(hrefs) == 10
    origin = "http://luongson.hoabinh.gov.vn"
    base = get_base_url(response)
    joined = [urljoin(base if _relative(h) else origin, h) for h in hrefs]
    assert joined == [response.urljoin(h) for h in hrefs]
    assert joined[:4] == [
        "http://luongson.hoabinh.gov.vn/index.php/tin-tuc/121-truong-tieu-hoc",
        "http://luongson.hoabinh.gov.vn/index.php/van-hoa-xa-hoi?start=10",
        "http://luongson.hoabinh.gov.vn/index.php/lien-he",
        "http://dienchau.nghean.gov.vn/category/tin-tuc/",
    ]
