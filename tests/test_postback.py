"""Which ASP.NET post-backs are pager links, and how a listing is walked page by page.

The pages are small but keep the shapes ASP.NET WebForms really renders: a GridView pager row
(`Page$N`), a Repeater of LinkButtons (empty argument, one target per number), a DataPager with
numeric and next/previous fields, and the buttons a listing page also carries (search, login,
poll) that must never be posted.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from scrapy.http import HtmlResponse

from crawlers.postback import PagerWalk, find_pagers, label_role, postback_request

URL = "http://gocongtay.tiengiang.gov.vn/Tin-tuc.aspx"
REPEATER = "ctl00$ContentPlaceHolder1$NewsList1$rptPager$ctl0{}$lnkPage"
NEXT = "ctl00$ContentPlaceHolder1$NewsList1$lnkNext"


def page(center: str, *, extra: str = "") -> HtmlResponse:
    """A WebForms master page around `center`, with the chrome's own post-back buttons."""
    html = f"""<html><body><form method="post" action="./Tin-tuc.aspx" id="aspnetForm">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTIzNDU2Nzg5MA9kFgI=" />
<div id="header"><input name="ctl00$txtKeyword" type="text" value="" />
<a id="ctl00_lnkSearch" href="javascript:__doPostBack('ctl00$lnkSearch','')">Tìm kiếm</a>
<a href="javascript:__doPostBack('ctl00$ucLogin$lnkLogin','')">Đăng nhập</a></div>
<div id="content">{center}</div>
<div class="poll"><input type="radio" name="ctl00$ucPoll$rbl" value="1" checked="checked" />Tốt
<a href="javascript:__doPostBack('ctl00$ucPoll$lnkVote','')">Bình chọn</a>
<input type="submit" name="ctl00$ucPoll$btnResult" value="Xem kết quả" /></div>
{extra}</form></body></html>"""
    return HtmlResponse(URL, body=html.encode("utf-8"), encoding="utf-8")


def items(first: int, count: int) -> str:
    return "".join(f'<div class="news-item"><a href="/Chi-tiet-tin?id={n}">Tin số {n} của huyện'
                   f"</a></div>" for n in range(first, first + count))


def repeater(current: int, pages: int) -> str:
    """A Repeater of LinkButtons: every number a link (the shown one marked "active"), then
    "Trang sau" and "»" LinkButtons (hidden on the last page), all with an empty argument."""
    active = ' class="active"'
    links = "".join(
        f'<a id="lnk{n}"{active if n == current else ""} '
        f"href=\"javascript:__doPostBack('{REPEATER.format(n - 1)}','')\">{n}</a> "
        for n in range(1, pages + 1))
    if current < pages:
        links += (f"<a href=\"javascript:__doPostBack('{NEXT}','')\">Trang sau</a> "
                  "<a href=\"javascript:__doPostBack('ctl00$ContentPlaceHolder1$NewsList1$lnkLast',"
                  "'')\">»</a>")
    return f'<div class="news-paging">{links}</div>'


def test_labels_of_pager_links_and_of_everything_else():
    assert label_role(" 12 ") == ("number", 12)
    assert label_role("[3]") == ("number", 3)
    for label in ("Trang sau", "Trang sau »", "Sau", "Tiếp", "Tiếp theo »", "›", "»", "Next >"):
        assert label_role(label) == ("next", None), label
    for label in ("Cuối", "Trang cuối", "Last", ">|"):
        assert label_role(label) == ("last", None), label
    for label in ("« Trang trước", "Đầu", "‹", "First"):
        assert label_role(label) == ("back", None), label
    assert label_role("...") == ("more", None)
    for label in ("Tìm kiếm", "Đăng nhập", "Bình chọn", "Xem kết quả", "Gửi", "Trang chủ", ""):
        assert label_role(label) is None, label


def test_repeater_pager_with_empty_arguments_is_found_and_nothing_else_is():
    (pager,) = find_pagers(page(items(1, 3) + repeater(1, 3)))
    assert pager.action == URL
    assert pager.current == 1
    assert [(link.target, link.argument, link.role, link.number) for link in pager.links] == [
        (REPEATER.format(0), "", "number", 1), (REPEATER.format(1), "", "number", 2),
        (REPEATER.format(2), "", "number", 3), (NEXT, "", "next", None),
        ("ctl00$ContentPlaceHolder1$NewsList1$lnkLast", "", "next", None)]  # "»": next or last
    assert pager.links[0].current and not pager.links[1].current
    assert pager.items == {f"http://gocongtay.tiengiang.gov.vn/Chi-tiet-tin?id={n}"
                           for n in (1, 2, 3)}


def test_gridview_pager_row_without_any_class():
    grid = (f'<table id="ctl00_ContentPlaceHolder1_gvNews">'
            f'<tr><td>{items(1, 2)}</td></tr><tr><td colspan="2"><table border="0"><tr>'
            "<td><span>1</span></td>"
            "<td><a href=\"javascript:__doPostBack('ctl00$ContentPlaceHolder1$gvNews','Page$2')\">2</a></td>"
            "<td><a href=\"javascript:__doPostBack('ctl00$ContentPlaceHolder1$gvNews','Page$Next')\">"
            "Trang sau »</a></td></tr></table></td></tr></table>")
    (pager,) = find_pagers(page(grid))
    assert pager.current == 1
    assert [(link.argument, link.role) for link in pager.links] == [("Page$2", "number"),
                                                                     ("Page$Next", "next")]
    assert len(pager.items) == 2


def test_datapager_fields_and_their_buttons():
    datapager = (items(1, 2) + '<span id="ctl00_MainContent_DataPager1">'
                 '<input type="submit" name="ctl00$MainContent$DataPager1$ctl00$ctl00" value="Đầu" />'
                 '<span class="current">1</span> '
                 "<a href=\"javascript:__doPostBack('ctl00$MainContent$DataPager1$ctl01$ctl01','')\">2</a> "
                 '<input type="submit" name="ctl00$MainContent$DataPager1$ctl02$ctl00" value="Sau" />'
                 "</span>")
    (pager,) = find_pagers(page(datapager))
    assert pager.current == 1
    assert [(link.target, link.role, link.button) for link in pager.links] == [
        ("ctl00$MainContent$DataPager1$ctl00$ctl00", "back", True),
        ("ctl00$MainContent$DataPager1$ctl01$ctl01", "number", False),
        ("ctl00$MainContent$DataPager1$ctl02$ctl00", "next", True)]
    next_button = pager.links[2]
    form = parse_qs(postback_request(page(datapager), next_button).body.decode(),
                    keep_blank_values=True)
    assert form["ctl00$MainContent$DataPager1$ctl02$ctl00"] == ["Sau"]  # clicked, as a browser
    assert "ctl00$MainContent$DataPager1$ctl00$ctl00" not in form       # only that button


def test_class_names_match_as_whole_tokens_only():
    lone = ("<div class=\"{}\">" + items(1, 2)
            + "<a href=\"javascript:__doPostBack('ctl00$Main$lnkMore','')\">Sau</a></div>")
    assert find_pagers(page(lone.format("news pagination")))
    assert find_pagers(page(lone.format("article-body pagination-first"))) == []
    assert find_pagers(page(lone.format("no-paging-here"))) == []
    # An event target named like a pager is enough (`rptPager`, whole camelCase words).
    named = items(1, 2) + "<a href=\"javascript:__doPostBack('ctl00$Main$rptPager$ctl01$lnk','')\">Sau</a>"
    assert find_pagers(page(named))
    renamed = named.replace("rptPager", "rptPagerank")
    assert find_pagers(page(renamed)) == []


def test_buttons_that_are_not_pagers_are_never_posted():
    plain = page(items(1, 3))
    assert find_pagers(plain) == []
    # A lone "2" next to a vote button is no pager either: a group must be all pager links.
    odd = page(items(1, 3) + "<div><a href=\"javascript:__doPostBack('ctl00$x$lnkA','')\">2</a>"
               "<a href=\"javascript:__doPostBack('ctl00$x$lnkB','')\">Bình chọn</a></div>")
    assert find_pagers(odd) == []
    # A page without a WebForms form has nothing to post.
    bare = HtmlResponse(URL, body=b"<html><body><a href=\"javascript:__doPostBack('p','Page$2')\">"
                        b"2</a></body></html>", encoding="utf-8")
    assert find_pagers(bare) == []


def test_the_post_is_the_form_as_a_browser_sends_it():
    response = page(items(1, 3) + repeater(1, 3))
    (pager,) = find_pagers(response)
    request = postback_request(response, pager.links[1])
    assert request.method == "POST" and request.url == URL
    form = parse_qs(request.body.decode(), keep_blank_values=True)
    assert form["__EVENTTARGET"] == [REPEATER.format(1)]
    assert form["__EVENTARGUMENT"] == [""]
    assert form["__VIEWSTATE"] == ["/wEPDwUKMTIzNDU2Nzg5MA9kFgI="]
    assert form["ctl00$txtKeyword"] == [""] and form["ctl00$ucPoll$rbl"] == ["1"]
    assert "ctl00$ucPoll$btnResult" not in form  # __doPostBack submits no button


def test_a_repeater_listing_is_walked_once_per_page_and_stops_at_the_end():
    walk = PagerWalk(max_posts=50)
    (first,) = find_pagers(page(items(1, 3) + repeater(1, 3)))
    assert walk.step(first, None) == ([(first.links[1], 2), (first.links[2], 3)], "next")
    assert first.links[1].target == REPEATER.format(1) and first.links[2].target == REPEATER.format(2)
    # Page 2 shows 3 ahead of it, already asked for: nothing more from page 2.
    assert walk.step(find_pagers(page(items(4, 3) + repeater(2, 3)))[0], 2) == ([], "end")
    # The last page: no number ahead, no "Trang sau".
    assert walk.step(find_pagers(page(items(7, 2) + repeater(3, 3)))[0], 3) == ([], "end")
    assert walk.posts == 2


def test_next_links_alone_are_followed_until_a_page_repeats_or_the_limit():
    def only_next(first: int) -> HtmlResponse:
        return page(items(first, 3) + f"<div class=\"paging\"><a href=\"javascript:__doPostBack("
                    f"'{NEXT}','')\">Trang sau »</a></div>")

    walk = PagerWalk(max_posts=50)
    (links, reason) = walk.step(find_pagers(only_next(1))[0], None)
    assert [(link.target, number) for link, number in links] == [(NEXT, 2)] and reason == "next"
    assert walk.step(find_pagers(only_next(4))[0], 2)[1] == "next"
    # A last page that still links "Trang sau" answers itself: its items repeat, the walk stops.
    assert walk.step(find_pagers(only_next(4))[0], 3) == ([], "repeat")
    assert walk.posts == 2
    bounded = PagerWalk(max_posts=1)
    assert bounded.step(find_pagers(only_next(1))[0], None)[1] == "next"
    assert bounded.step(find_pagers(only_next(4))[0], 2) == ([], "limit")


def test_a_window_of_numbers_moves_on_through_its_ellipsis():
    window = (items(1, 2) + '<div class="pager"><span>10</span>'
              + "".join(f"<a href=\"javascript:__doPostBack('ctl00$p','Page${n}')\">{n}</a>"
                        for n in range(6, 10))
              + "<a href=\"javascript:__doPostBack('ctl00$p','Page$11')\">...</a></div>")
    walk = PagerWalk(max_posts=50)
    walk.requested.update(range(1, 10))
    ((link, number),), reason = walk.step(find_pagers(page(window))[0], None)
    assert (link.argument, number, reason) == ("Page$11", 11, "next")
