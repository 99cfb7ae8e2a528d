"""One article, one URL: canonicalisation and trap rules, table-driven."""

from __future__ import annotations

import pytest

from crawlers.urls import (
    canonicalize_url,
    is_page_url,
    is_pager_url,
    is_search_page,
    is_share_form,
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
]


@pytest.mark.parametrize(("url", "expected"), CANONICAL)
def test_canonical_form(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonical_form_is_idempotent() -> None:
    for _url, expected in CANONICAL:
        assert canonicalize_url(expected) == expected


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
