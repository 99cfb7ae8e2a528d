"""Rules every CMS family module obeys, and the class-name traps they must not fall into.

Fundus keeps a test that every publisher entry obeys the collection's rules; this is that test
for `crawlers/extraction/families/`: several fingerprints per family, class tests by whole token
(never `contains(@class,'x')`, which matches `<body class="no-sidebars">` and
`pagination-first`), and no chrome XPath that can select `<body>` or `<html>` (pruning either
would leave no page). The trap tables run the real XPaths on small pages of the markup that
issue 8 saw on ordinary websites.
"""

from __future__ import annotations

import re

import pytest
from lxml import html

from crawlers.extraction import extract_page
from crawlers.extraction.families import (
    FAMILIES,
    GENERIC,
    PAGER_NAMES,
    base,
    detect_family,
    fingerprint_scores,
    pager_param_style,
    pager_path_style,
    postback_style,
)
from crawlers.extraction.families.base import FamilyRules
from crawlers.records import page_from_exchange
from crawlers.registry import CMS_FAMILIES, PAGERS, Portal, Target
from crawlers.urls import canonicalize_url

ALL_RULES: tuple[FamilyRules, ...] = (*FAMILIES.values(), GENERIC)
SHARED_XPATHS = (*base.COMMON_CHROME_XPATHS, *base.NAV_LABEL_XPATHS, *base.PAGER_XPATHS)
# Class tests that match part of a class token, or only an exact whole attribute.
SUBSTRING_CLASS_TEST = re.compile(r"(?:contains|starts-with)\(\s*@class\s*,|@class\s*=")
# A chrome XPath must start below <body> or name its element (`//td[...]`, `//nav`).
SAFE_CHROME_START = re.compile(r"^(?://body//|//(?!\*|body\b|html\b)[A-Za-z])")


def _xpaths(rules: FamilyRules) -> list[str]:
    return [*rules.fingerprints, *rules.chrome_xpaths, *rules.title_xpaths, *rules.date_xpaths,
            *rules.body_xpaths, *rules.listing_item_xpaths]


def _chrome_of(rules: FamilyRules) -> list[str]:
    return [*base.COMMON_CHROME_XPATHS, *rules.chrome_xpaths]


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_family_has_several_fingerprints(name: str) -> None:
    # One fingerprint is a link or a copied snippet; detection needs MIN_FINGERPRINTS (2).
    assert len(FAMILIES[name].fingerprints) >= 2


@pytest.mark.parametrize("rules", ALL_RULES, ids=lambda r: r.name)
def test_class_tests_match_whole_tokens(rules: FamilyRules) -> None:
    offending = [x for x in (*_xpaths(rules), *SHARED_XPATHS) if SUBSTRING_CLASS_TEST.search(x)]
    assert offending == []


@pytest.mark.parametrize("rules", ALL_RULES, ids=lambda r: r.name)
def test_no_chrome_xpath_can_select_body_or_html(rules: FamilyRules) -> None:
    branches = [b.strip() for x in _chrome_of(rules) for b in x.split(" | ")]
    assert [b for b in branches if not SAFE_CHROME_START.match(b)] == []
    # And on a page whose <html> and <body> carry every class token and style any rule names:
    tokens = sorted({t for x in _chrome_of(rules) for t in re.findall(r"' ([^' ]+) '", x)})
    classes = " ".join(tokens)
    page = html.document_fromstring(
        f'<html class="{classes}" hidden><body class="{classes}" style="display:none" hidden '
        f'role="navigation"><p>text</p></body></html>')
    selected = [x for x in _chrome_of(rules) for e in page.xpath(x) if e.tag in ("html", "body")]
    assert selected == []


def _selected(xpaths: tuple[str, ...] | list[str], fragment: str) -> list[str]:
    """Ids of the elements of `fragment` that any of `xpaths` selects."""
    tree = html.document_fromstring(f"<html><body>{fragment}</body></html>")
    return sorted({e.get("id") for x in xpaths for e in tree.xpath(x) if e.get("id")})


# (markup, ids the generic path's chrome must select): the generic path is the one every
# unknown portal and every ordinary website takes.
GENERIC_TRAPS = [
    ('<div id="a" class="no-sidebars"></div><div id="b" class="sidebar"></div>', ["b"]),
    ('<div id="a" class="sidebar-toggle"></div><aside id="b" class="widget sidebar-left"></aside>',
     ["b"]),
    ('<div id="a" class="article-body pagination-first"></div><ul id="b" class="pagination"></ul>',
     ["b"]),
    ('<div id="a" class="unrelated-x"></div><div id="b" class="box related"></div>', ["b"]),
    ('<div id="a" class="relatedness-score"></div><div id="b" class="related-news"></div>', ["b"]),
    ('<div id="a" class="breadcrumbs-title-holder"></div><ol id="b" class="breadcrumb"></ol>',
     ["b"]),
    ('<div id="a" class="footer-logo-inline"></div><div id="b" class="site-footer"></div>', ["b"]),
]


@pytest.mark.parametrize(("markup", "chrome"), GENERIC_TRAPS)
def test_generic_chrome_matches_whole_class_tokens(markup: str, chrome: list[str]) -> None:
    assert _selected(_chrome_of(GENERIC), markup) == chrome


# The same traps in the families' own vocabulary: a token test per spelling, never a substring.
FAMILY_TRAPS = [
    ("drupal", '<div id="a" class="no-sidebars"></div><div id="b" class="region-sidebar-first">'
               '</div>', ["b"]),
    ("wordpress", '<div id="a" class="ui-widget-content"></div><section id="b" class="widget '
                  'widget_text"></section>', ["b"]),
    ("aspnet", '<div id="a" class="news-title-wrapper"></div><div id="b" class="NewsTitle"></div>'
               '<div id="c" class="news-title"></div>', ["b", "c"]),
    ("aspnet", '<div id="a" class="copyright-footer-text"></div><td id="b" class="colleft"></td>',
     ["b"]),
    ("liferay", '<div id="a" class="banner-slider-style-7"></div><div id="b" class="banner">'
                '</div>', ["b"]),
    ("liferay", '<div id="a" class="portlet-msg"></div><div id="b" class="portlet-msg-info">'
                '</div>', ["b"]),
    ("joomla", '<div id="a" class="moduletable-wrapper"></div><div id="b" class="moduletable">'
               '</div><div id="c" class="moduletable_menu"></div>', ["b", "c"]),
    ("dnn", '<div id="a" class="unrelated"></div><div id="b" class="edn_relatedArticles"></div>',
     ["b"]),
]


@pytest.mark.parametrize(("family", "markup", "chrome"), FAMILY_TRAPS)
def test_family_chrome_matches_whole_class_tokens(family: str, markup: str, chrome: list[str]) -> None:
    assert _selected(FAMILIES[family].chrome_xpaths, markup) == chrome


PROSE = (
    "Ủy ban nhân dân huyện đã tổ chức hội nghị tổng kết công tác chuyển đổi số năm 2024 với sự "
    "tham gia của lãnh đạo các phòng, ban và Ủy ban nhân dân các xã, thị trấn trên địa bàn.",
    "Tại hội nghị, các đại biểu đã thảo luận về những kết quả đạt được, những khó khăn, vướng mắc "
    "trong quá trình triển khai và đề xuất các giải pháp cho năm tiếp theo.",
    "Kết thúc hội nghị, Chủ tịch Ủy ban nhân dân huyện đề nghị các đơn vị tiếp tục đẩy mạnh ứng "
    "dụng công nghệ thông tin, nâng cao chất lượng dịch vụ công trực tuyến.",
)


def test_generic_article_survives_body_and_block_classes_that_contain_chrome_words() -> None:
    """An unknown site whose <body> says `no-sidebars` and whose article block says
    `pagination-first` keeps its article; its real sidebar and related list go."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    page = (
        '<html><head><title>Hội nghị tổng kết chuyển đổi số năm 2024</title></head>'
        '<body class="page no-sidebars unrelated-layout">'
        '<div class="sidebar"><h3>Tin mới</h3><p>Khai mạc giải bóng đá thiếu niên nhi đồng '
        'toàn huyện năm 2024 tại sân vận động trung tâm.</p></div>'
        '<article><h1>Hội nghị tổng kết chuyển đổi số năm 2024</h1>'
        f'<div class="article-body pagination-first">{paragraphs}</div>'
        '<div class="related"><p>Một bài viết khác về lễ hội truyền thống của địa phương được '
        'tổ chức vào mùa xuân hằng năm.</p></div></article>'
        '</body></html>'
    )
    result = extract_page(page.encode("utf-8"), "http://example.org/tin/hoi-nghi-tong-ket")
    assert (result.cms, result.page_type) == (None, "article")
    assert result.title == "Hội nghị tổng kết chuyển đổi số năm 2024"
    assert result.text.split("\n\n") == list(PROSE)


# -- discovery vocabulary: each family module names its own pager -------------------------------
@pytest.mark.parametrize(("name", "value", "style"), [
    ("_101_INSTANCE_ab12_cur", "2", "liferay-cur"),
    ("_20_cur", "3", "liferay-cur"),
    ("start", "20", "joomla-start"),
    ("page", "2", "drupal-page"),
    ("Page", "2", "query-page"),       # ASP.NET's capitalised parameter is no Drupal pager
    ("PageIndex", "4", "query-page"),
    ("trang", "3", "query-page"),
    ("p", "123", None),                # WordPress's post id, not a page number
    ("start", "abc", None),
    ("id", "5", None),
])
def test_pager_parameters_are_named_by_their_family(name: str, value: str, style: str | None) -> None:
    assert pager_param_style(name, value) == style


def test_pager_paths_and_postbacks_are_named_by_their_family() -> None:
    assert pager_path_style("/category/tin-tuc/page/3/") == "wordpress-path"
    assert pager_path_style("/tin-tuc/page-3") is None
    assert postback_style("javascript:__doPostBack('ctl00$rptPager$ctl02$lnkPage','')") == "aspnet-postback"
    assert postback_style("javascript:void(0)") is None


def test_registry_and_url_rules_read_the_families_vocabulary() -> None:
    assert PAGERS == PAGER_NAMES == (
        "liferay-cur", "joomla-start", "drupal-page", "aspnet-postback", "wordpress-path", "query-page")
    assert CMS_FAMILIES == (*FAMILIES, "unknown")
    # Liferay's portlet state and Joomla's print view, declared in their modules, leave URLs.
    assert canonicalize_url("http://x.gov.vn/web/guest/tin?p_p_id=101&p_p_state=normal&_101_cur=2"
                            "&tmpl=component") == "http://x.gov.vn/web/guest/tin?_101_cur=2&p_p_id=101"


# -- the registry's family wins over ambiguous fingerprints -------------------------------------
# A Joomla article of a portal whose template copied Liferay scripts and a portlet wrapper: two
# fingerprints of each family, so detection ties (and ties go to Liferay, listed first).
AMBIGUOUS = (
    '<html><head><title>Cổng thông tin điện tử huyện X</title>'
    '<meta name="generator" content="Joomla! - Open Source Content Management">'
    '<script src="/media/jui/js/jquery.min.js"></script>'
    '<script src="/html/js/liferay/widget.js"></script></head>'
    '<body><div class="portlet-boundary"><div class="portlet-title">Tin tức nổi bật</div></div>'
    '<div class="item-page"><div class="page-header">'
    '<h2 itemprop="headline">Hội nghị tổng kết chuyển đổi số năm 2024</h2></div>'
    '<dl class="article-info"><dd class="published">'
    '<time datetime="2024-03-05T08:00:00+07:00">Đăng ngày 05 Tháng 3 2024</time></dd></dl>'
    '<div itemprop="articleBody">' + "".join(f"<p>{p}</p>" for p in PROSE) + '</div></div>'
    '</body></html>'
).encode("utf-8")
URL = "http://x.gov.vn/index.php/tin-tuc/12-hoi-nghi-tong-ket"


def _target(cms: str) -> Target:
    portal = Portal(id="x-nghean", name="Cổng thông tin điện tử huyện X", hosts=("x.gov.vn",),
                    level="district", province="Nghệ An", cms=cms)
    return Target(start_urls=("http://x.gov.vn/",), scopes=frozenset({"x.gov.vn"}), portal=portal)


def test_ambiguous_page_is_extracted_with_the_registry_family() -> None:
    tree = html.document_fromstring(AMBIGUOUS)
    assert fingerprint_scores(tree) == {"liferay": 2, "joomla": 2}
    assert detect_family(tree) == "liferay"
    page_type, article = page_from_exchange(AMBIGUOUS, url=URL, status=200,
                                            content_type="text/html; charset=utf-8",
                                            target=_target("joomla"))
    assert page_type == "article" and article is not None
    assert (article.cms, article.title, article.published) == (
        "joomla", "Hội nghị tổng kết chuyển đổi số năm 2024", "2024-03-05")
    assert article.text.split("\n\n") == list(PROSE)


def test_unknown_registry_family_leaves_detection_to_the_page() -> None:
    _, article = page_from_exchange(AMBIGUOUS, url=URL, status=200,
                                    content_type="text/html; charset=utf-8",
                                    target=_target("unknown"))
    assert article is not None and article.cms == "liferay"
