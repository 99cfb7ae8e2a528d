"""`PageXPath` answers exactly what lxml answers: it only skips work a page cannot need.

The rules are evaluated with the tests a page cannot pass (a class token, an id or a link it
does not have) written as `false()`; these tests hold it to lxml's own results, on the saved
pages of every family and on the markup where a shortcut could go wrong (whitespace inside
`class`, token prefixes, ids, hrefs, a copy of the page with parts removed).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import html

from crawlers.extraction.families import FAMILIES, GENERIC, base
from crawlers.extraction.xpaths import PageXPath, class_prefix, class_token

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
PAGES = sorted(FIXTURES.rglob("page.html"))
RULES = sorted({
    xpath
    for rules in (*FAMILIES.values(), GENERIC)
    for xpath in (*rules.fingerprints, *rules.chrome_xpaths, *rules.title_xpaths,
                  *rules.date_xpaths, *rules.body_xpaths, *rules.listing_item_xpaths,
                  *("." + x for x in rules.listing_item_xpaths))
} | {*base.COMMON_CHROME_XPATHS, *base.NAV_LABEL_XPATHS, *base.PAGER_XPATHS,
     *base.META_DATE_XPATHS, *base.META_UPDATED_XPATHS, *base.META_TITLE_XPATHS,
     base.HTML_TITLE_XPATH, base.CANONICAL_XPATH, base.SITE_NAME_XPATH})


def test_every_rule_on_every_saved_page_matches_what_lxml_matches() -> None:
    assert len(PAGES) == 40
    assert len(RULES) > 250
    compared = matched = 0
    for page in PAGES:
        tree = html.document_fromstring(page.read_bytes())
        xp = PageXPath(tree)
        for xpath in RULES:
            expected = tree.xpath(xpath)
            assert xp(tree, xpath) == expected, (page, xpath)
            compared += 1
            matched += bool(expected)
    assert compared == len(PAGES) * len(RULES)
    assert matched > 500  # the rules do match: the comparison is not of empty lists only


PAGE = """<html><body>
  <div class="news-item\tfeatured\n x" id="ctl00_lblTitle">Tiêu đề</div>
  <div class="portlet-msg-info">Thông báo</div>
  <p id="dnn_ctr12_lblContent"><a href="/wp-content/uploads/a.pdf">Tệp</a></p>
  <nav id="footer" style="DISPLAY: None">Chân trang</nav>
  <span hidden="">Ẩn</span>
</body></html>"""


@pytest.mark.parametrize(("xpath", "tags"), [
    # class tokens separated by a tab and a newline are whole tokens for XPath too
    (f"//*[{class_token('featured')}]", ["div"]),
    (f"//*[{class_token('news-item', 'absent-token')}]", ["div"]),
    (f"//body//*[{class_token('absent-token', 'other-absent')}]", []),
    (f"(//*[{class_token('absent-token')}]//h2)[1]", []),
    (f"//*[{class_prefix('portlet-msg-')}]", ["div"]),
    (f"//*[{class_prefix('portlet-none-')}]", []),
    ("//*[contains(@id,'lblTitle') or contains(@id,'lblTieuDe')]", ["div"]),
    ("//*[starts-with(@id,'dnn_ctr') and contains(@id,'lblContent')]", ["p"]),
    ("//*[starts-with(@id,'lblContent')]", []),
    ("//*[contains(@src,'/wp-content/') or contains(@href,'/wp-content/')]", ["a"]),
    ("//body//*[@id='footer' or @id='Footer']", ["nav"]),
    ("//body//*[@id='Footer']", []),
    (f"//*[not({class_token('absent-token')})][@id='footer']", ["nav"]),
    ("//body//*[@hidden or @aria-hidden='true']", ["span"]),
    ("//body//*[@data-absent or @aria-hidden='true']", []),
    ("//body//*[contains(translate(@style, 'DISPLAYNOE', 'displaynoe'), 'display: none')]", ["nav"]),
    ("//body//*[contains(translate(@style, 'DISPLAYNOE', 'displaynoe'), 'display:none')]", []),
])
def test_a_rule_gives_lxml_s_answer_whether_or_not_the_page_has_what_it_names(xpath, tags) -> None:
    tree = html.document_fromstring(PAGE)
    assert [el.tag for el in tree.xpath(xpath)] == tags
    assert [el.tag for el in PageXPath(tree)(tree, xpath)] == tags


def test_a_pruned_copy_is_answered_with_the_page_s_tokens() -> None:
    tree = html.document_fromstring(PAGE)
    xp = PageXPath(tree)
    pruned = copy.deepcopy(tree)
    for element in pruned.xpath("//div"):
        element.drop_tree()
    rule = f"//*[{class_token('featured')}]"
    assert [el.tag for el in xp(tree, rule)] == ["div"]
    assert xp(pruned, rule) == pruned.xpath(rule) == []
    assert xp.any(tree, [rule]) and not xp.any(pruned, [rule])
