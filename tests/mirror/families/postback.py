"""ASP.NET WebForms portal with a post-back pager (Cái Lậy, Tiền Giang; extended mirror).

What makes it hard: a category listing's pager is `javascript:__doPostBack(...)` links inside
`<form id="aspnetForm" method="post">`, in the two shapes ASP.NET portals use:
  - "Tin tức" is a GridView: page N is the answer to a POST of the form with
    `__EVENTTARGET=ctl00$ContentPlaceHolder1$pager`, `__EVENTARGUMENT=Page$N` (or `Page$Next`);
  - "Kinh tế" is a user control with a Repeater of LinkButtons, 3 items a page: every page
    number has its own target (`ctl00$ContentPlaceHolder1$NewsList1$rptPager$ctl01$lnkPage` for
    page 2) and an EMPTY argument, plus "Trang sau"/"»" (`lnkNext`, `lnkLast`) and "«"/"Trang
    trước" LinkButtons; the pager `div.news-paging` has no class a pager rule would know.
Either way the hidden `__VIEWSTATE`, `__VIEWSTATEGENERATOR` and `__EVENTVALIDATION` must be echoed
back. Listing pages also carry LinkButtons that are not pagers (a poll's "Bình chọn", "Đăng
nhập"): the server accepts those too, as a real one would, so a crawler must not post them.
There is no GET paging, no sitemap and no feed, and home and related-news lists only point at
first-page articles, so the older articles are reachable through the post-back pagers only. A
tampered or foreign view state gets the real ASP.NET error page (500), as on IIS.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qsl

from tests.mirror.content import ArticleSpec
from tests.mirror.families.base import PER_PAGE, Family, Route, esc, paragraph_html, token
from tests.mirror.families.variation import Look, look, teaser_date
from tests.mirror.urls import Req, build

PAGER_TARGET = "ctl00$ContentPlaceHolder1$pager"
#: The Repeater pager of the "Kinh tế" category: one LinkButton target per page, empty argument.
REPEATER_CATEGORY = 1
REPEATER_PER_PAGE = 3
REPEATER_PAGE = "ctl00$ContentPlaceHolder1$NewsList1$rptPager$ctl{:02d}$lnkPage"
REPEATER_MOVES = {"ctl00$ContentPlaceHolder1$NewsList1$lnkFirst": "first",
                  "ctl00$ContentPlaceHolder1$NewsList1$lnkPrev": "prev",
                  "ctl00$ContentPlaceHolder1$NewsList1$lnkNext": "next",
                  "ctl00$ContentPlaceHolder1$NewsList1$lnkLast": "last"}
#: LinkButtons of every listing page that are not pagers: posting them changes state on a real
#: portal (a vote, a login form); the server answers the same page.
NOT_PAGERS = {"ctl00$ucPoll$lnkVote": "Bình chọn", "ctl00$ucLogin$lnkLogin": "Đăng nhập"}
FOOTER = ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN CÁI LẬY",
          "Cơ quan chủ quản: Ủy ban nhân dân huyện Cái Lậy, tỉnh Tiền Giang",
          "Điện thoại: 0273.3826.134 - Email: ubndcailay@tiengiang.gov.vn")
TIN_XEM_NHIEU = ("Lịch tiếp công dân của Chủ tịch UBND huyện tháng này",
                 "Danh bạ điện thoại các phòng, ban chuyên môn thuộc UBND huyện",
                 "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia")


class AspNetPostBack(Family):
    """Renderer and router for the post-back pager portal."""

    family = "aspnet"
    server_header = "Microsoft-IIS/10.0"
    robots_disallow = ("/Tim-kiem.aspx", "/WebResource.axd", "/ScriptResource.axd", "/Admin/")
    body_xpath = "//div[@id='ctl00_ContentPlaceHolder1_divContent']/p"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_pages = [slug for slug, _n, _s in self.d.categories]  # "Tin-tuc" -> /Tin-tuc.aspx

    def per_page(self, cat: int) -> int:
        """Items per listing page: the Repeater category shows 3."""
        return REPEATER_PER_PAGE if cat == REPEATER_CATEGORY else PER_PAGE

    def pages(self, cat: int) -> int:
        """Number of listing pages of a category."""
        return -(-len(self.cats[cat]) // self.per_page(cat))

    def page_items(self, cat: int, page: int) -> list[ArticleSpec]:
        """Articles on one listing page (1-based)."""
        size = self.per_page(cat)
        return self.cats[cat][(page - 1) * size: page * size]

    def first_page(self) -> set[int]:
        """Article numbers on the first page of their category: all that links ever show."""
        return {a.num for cat in range(len(self.cats)) for a in self.page_items(cat, 1)}

    # -- URLs ---------------------------------------------------------------------------------
    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL /Tin-tuc/Chi-tiet.aspx?ItemID=N (one detail page for all)."""
        return build(self.base, "/Tin-tuc/Chi-tiet.aspx", {"ItemID": str(a.num)})

    def listing_url(self, cat: int, page: int = 1) -> str:
        """GET URL of the category page (page 1); other pages are POSTs to the same URL."""
        return build(self.base, f"/{self.cat_pages[cat]}.aspx")

    # -- view state ---------------------------------------------------------------------------
    def viewstate(self, cat: int, page: int) -> str:
        """__VIEWSTATE of a listing page: encodes (category, page) like a real LosFormatter blob."""
        raw = hashlib.sha1(f"{self.portal.id}|vs|{cat}|{page}".encode()).digest() * 3
        return "/wEPDwUKLTQ3MjE5ODg2Mw9kFgJmD2QWAgIDD2QWAgIBD2QWAgIB" + base64.b64encode(raw).decode()

    def generator(self, page_name: str) -> str:
        """__VIEWSTATEGENERATOR: a hash of the page path (constant per page, as in ASP.NET)."""
        return token("gen", page_name.lower(), n=8).upper()

    def eventvalidation(self, cat: int, page: int) -> str:
        """__EVENTVALIDATION of a listing page (ties it to the view state it was served with)."""
        raw = hashlib.sha1(f"{self.portal.id}|ev|{cat}|{page}".encode()).digest() * 2
        return "/wEdAA0" + base64.b64encode(raw).decode()

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """GET routes; paths are case-insensitive like IIS."""
        path = req.path.lower()
        if path in ("/", "/default.aspx"):
            return Route("home", self.render_home)
        if path == "/tim-kiem.aspx":
            return Route("search", self.render_search)
        if path == "/gioi-thieu.aspx":
            return Route("other", self.render_about)
        if path in ("/webresource.axd", "/scriptresource.axd"):
            return Route("other", lambda: ";\n", content_type="application/x-javascript")
        if path == "/lien-he.aspx":
            return Route("error", lambda: self.render_error(
                "Object reference not set to an instance of an object.",
                "System.NullReferenceException"), status=500)
        cat = self.category_of(path)
        if cat is not None:
            # Extra parameters are ignored by the page (no GET paging): page 1 again.
            kind = "listing" if not req.params and req.path == f"/{self.cat_pages[cat]}.aspx" \
                else "variant"
            return Route(kind, lambda: self.render_listing(cat, 1))
        if path == "/tin-tuc/chi-tiet.aspx":
            a = self.by_num_or_none(next((v for k, v in req.params.items()
                                          if k.lower() == "itemid"), ""))
            if a is None:
                return Route("unknown")
            return Route("article", lambda: self.render_article(a), canonical=self.article_url(a))
        return Route("unknown")

    def category_of(self, path: str) -> int | None:
        """Category index of a listing path (/Tin-tuc.aspx), None otherwise."""
        for i, slug in enumerate(self.cat_pages):
            if path == f"/{slug.lower()}.aspx":
                return i
        return None

    def resolve_post(self, req: Req, body: bytes) -> Route | None:
        """The post-back pager: validate the echoed hidden fields, answer page N."""
        cat = self.category_of(req.path.lower())
        if cat is None:
            return None
        form = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
        page_name = f"{self.cat_pages[cat].lower()}.aspx"
        served = {self.viewstate(cat, p): p for p in range(1, self.pages(cat) + 1)}
        current = served.get(form.get("__VIEWSTATE", ""))
        if current is None or form.get("__VIEWSTATEGENERATOR") != self.generator(page_name):
            return Route("listing", lambda: self.render_error(
                "Validation of viewstate MAC failed. If this application is hosted by a Web Farm "
                "or cluster, ensure that &lt;machineKey&gt; configuration specifies the same "
                "validationKey and validation algorithm.", "System.Web.HttpException"), status=500)
        invalid = Route("listing", lambda: self.render_error(
            "Invalid postback or callback argument.  Event validation is enabled using "
            "&lt;pages enableEventValidation=\"true\"/&gt; in configuration.",
            "System.ArgumentException"), status=500)
        if form.get("__EVENTVALIDATION") != self.eventvalidation(cat, current):
            return invalid
        target, argument = form.get("__EVENTTARGET", ""), form.get("__EVENTARGUMENT", "")
        if not target:  # a plain submit (Enter in the search box): the same page again
            return Route("listing", lambda: self.render_listing(cat, current))
        if target in NOT_PAGERS and not argument:  # accepted, as a real portal would
            return Route("listing", lambda: self.render_listing(cat, current, NOT_PAGERS[target]))
        if cat == REPEATER_CATEGORY:
            numbered = {REPEATER_PAGE.format(i): i + 1 for i in range(self.pages(cat))}
            move = REPEATER_MOVES.get(target)
            page = numbered.get(target) or {"first": 1, "prev": current - 1, "next": current + 1,
                                            "last": self.pages(cat)}.get(move or "")
            if argument or page is None or not 1 <= page <= self.pages(cat):
                return invalid
            return Route("listing", lambda: self.render_listing(cat, page))
        page = {"Page$Next": current + 1, "Page$Prev": current - 1, "Page$First": 1,
                "Page$Last": self.pages(cat)}.get(argument)
        if page is None and argument.startswith("Page$") and argument[5:].isdigit():
            page = int(argument[5:])
        if target != PAGER_TARGET or page is None or not 1 <= page <= self.pages(cat):
            return invalid
        return Route("listing", lambda: self.render_listing(cat, page))

    # -- layout -------------------------------------------------------------------------------
    def page(self, title: str, center: str, action: str, state: tuple[str, str, str],
             side: str = "") -> str:
        """Master page: header, menu, two columns, footer, all inside form#aspnetForm."""
        viewstate, generator, validation = state
        menu = "".join(f'<li><a href="/{slug}.aspx">{esc(name)}</a></li>'
                       for slug, name, _s in self.d.categories)
        most = "".join(f'<li><a href="/Gioi-thieu.aspx">{esc(t)}</a></li>' for t in TIN_XEM_NHIEU)
        footer = "<br />".join(esc(line) for line in FOOTER)
        return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{esc(title)}
</title><link href="/App_Themes/CaiLay/style.css" rel="stylesheet" type="text/css" />
<script src="/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZA2&amp;t=637811765229275428" type="text/javascript"></script></head>
<body>
<form method="post" action="{esc(action)}" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) {{ theForm = document.aspnetForm; }}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="{generator}" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{validation}" />
</div>
<div id="wrapper">
<div id="header"><a href="/"><img src="/Images/banner-cailay.jpg" alt="{esc(self.d.name)}" /></a></div>
<ul id="menu"><li><a href="/">Trang chủ</a></li>{menu}<li><a href="/Gioi-thieu.aspx">Giới thiệu</a></li><li><a href="/Lien-he.aspx">Liên hệ</a></li></ul>
<div id="search-box"><input name="ctl00$txtKeyword" type="text" id="ctl00_txtKeyword" placeholder="Tìm kiếm..." /> <a href="/Tim-kiem.aspx?q=c%E1%BA%A3i+c%C3%A1ch">Tìm kiếm</a></div>
<div id="content">
<div id="main">
{center}
</div>
<div id="sidebar">{side}<div class="box"><h3>Tin xem nhiều</h3><ul>{most}</ul></div>
<div class="box"><h3>Dịch vụ công trực tuyến</h3><a href="https://dichvucong.tiengiang.gov.vn"><img src="/Images/dvc.png" alt="Dịch vụ công trực tuyến" /></a></div></div>
</div>
<div id="footer">{footer}</div>
</div>
</form>
</body>
</html>
"""

    def plain_state(self, page_name: str) -> tuple[str, str, str]:
        """Hidden fields of a page without a pager (home, article)."""
        raw = hashlib.sha1(f"{self.portal.id}|{page_name}".encode()).digest()
        return ("/wEPDwULLTE2MTY2ODcyMjlkZA" + base64.b64encode(raw).decode(),
                self.generator(page_name), "/wEdAAI" + base64.b64encode(raw[::-1]).decode())

    # -- pages --------------------------------------------------------------------------------
    def render_listing(self, cat: int, page: int, notice: str | None = None) -> str:
        """One listing page: the GridView or the Repeater, with its post-back pager."""
        slug, name, _s = self.d.categories[cat]
        if cat == REPEATER_CATEGORY:
            listing = self.repeater_listing(cat, page)
        else:
            listing = self.gridview_listing(cat, page)
        center = f'<h2 class="cat-title">{esc(name)}</h2>\n{listing}'
        page_name = f"{slug.lower()}.aspx"
        state = (self.viewstate(cat, page), self.generator(page_name), self.eventvalidation(cat, page))
        thanks = f'<p class="notice">{esc(notice)}: cảm ơn bạn!</p>' if notice else ""
        side = ('<div class="box poll"><h3>Thăm dò ý kiến</h3>'
                '<p>Bạn đánh giá thế nào về Cổng thông tin điện tử huyện?</p>'
                '<input type="radio" name="ctl00$ucPoll$rblAnswer" value="1" checked="checked" /> Tốt '
                '<input type="radio" name="ctl00$ucPoll$rblAnswer" value="2" /> Chưa tốt '
                "<a id=\"ctl00_ucPoll_lnkVote\" href=\"javascript:__doPostBack('ctl00$ucPoll$lnkVote','')\">"
                f"Bình chọn</a>{thanks}</div>"
                "<div class=\"box login\"><a href=\"javascript:__doPostBack('ctl00$ucLogin$lnkLogin','')\">"
                "Đăng nhập</a></div>")
        return self.page(f"{name}{self.title_suffix}", center, f"./{slug}.aspx", state, side)

    def gridview_listing(self, cat: int, page: int) -> str:
        """GridView of one page plus its numeric pager row (`Page$N`, `Page$Next`)."""
        rows = "".join(
            f'<tr><td class="thumb"><img src="{self.image_src(a)}" alt="" /></td><td>'
            f'<a id="ctl00_ContentPlaceHolder1_gvNews_ctl{i + 2:02d}_hlTitle" class="title" '
            f'href="/Tin-tuc/Chi-tiet.aspx?ItemID={a.num}">{esc(a.title)}</a>'
            f'<span class="date">({a.when:%d/%m/%Y})</span><p class="summary">'
            f"{esc(self.excerpt(a))}</p></td></tr>"
            for i, a in enumerate(self.page_items(cat, page)))
        cells = []
        for p in range(1, self.pages(cat) + 1):
            if p == page:
                cells.append(f"<td><span>{p}</span></td>")
            else:
                cells.append(f"<td><a href=\"javascript:__doPostBack('{PAGER_TARGET}','Page${p}')\">"
                             f"{p}</a></td>")
        if page < self.pages(cat):
            cells.append(f"<td><a href=\"javascript:__doPostBack('{PAGER_TARGET}','Page$Next')\">"
                         "Trang sau »</a></td>")
        return (f'<table class="gridview" id="ctl00_ContentPlaceHolder1_gvNews" cellspacing="0" '
                f'border="0" style="border-collapse:collapse;">{rows}\n'
                f'<tr class="pager"><td colspan="2"><table id="ctl00_ContentPlaceHolder1_pager">'
                f'<tr>{"".join(cells)}</tr></table></td></tr></table>')

    def repeater_listing(self, cat: int, page: int) -> str:
        """A news-list user control: Repeater items, then a Repeater of LinkButtons as the pager
        (every number a link, the shown one marked "active"; empty arguments)."""
        items = "".join(
            f'<div class="news-item"><a id="ctl00_ContentPlaceHolder1_NewsList1_rptNews_ctl{i:02d}'
            f'_hlTitle" href="/Tin-tuc/Chi-tiet.aspx?ItemID={a.num}">{esc(a.title)}</a>'
            f'<span class="news-date">{a.when:%d/%m/%Y}</span>'
            f'<div class="news-sapo">{esc(self.excerpt(a))}</div></div>'
            for i, a in enumerate(self.page_items(cat, page)))

        def button(target: str, label: str, extra: str = "") -> str:
            html_id = target.replace("$", "_")
            return f"<a id=\"{html_id}\"{extra} href=\"javascript:__doPostBack('{target}','')\">{label}</a>"

        moves = {v: k for k, v in REPEATER_MOVES.items()}
        links = []
        if page > 1:
            links += [button(moves["first"], "«"), button(moves["prev"], "Trang trước")]
        links += [button(REPEATER_PAGE.format(i), str(i + 1), ' class="active"' if i + 1 == page else "")
                  for i in range(self.pages(cat))]
        if page < self.pages(cat):
            links += [button(moves["next"], "Trang sau"), button(moves["last"], "»")]
        return (f'<div id="ctl00_ContentPlaceHolder1_NewsList1_pnlNews" class="news-list">{items}</div>\n'
                f'<div class="news-paging">{" ".join(links)}</div>')

    def related(self, a: ArticleSpec) -> list[ArticleSpec]:
        """Other first-page articles of the category (never one behind the post-back pager)."""
        ci, _i = self.position[a.num]
        return [r for r in self.page_items(ci, 1) if r is not a][:5]

    def look(self, a: ArticleSpec) -> Look:
        """"Tin cùng chuyên mục" under the article, or a 3-item dated "Các tin khác" list inside
        `news-detail` right after the body (as on the ASP.NET portal of issue 8)."""
        return look(self.portal.id, a, related=("apart", "inside"))

    def related_html(self, a: ArticleSpec, lk: Look) -> str:
        """The related-news list in the article's look."""
        if lk.related == "inside":
            rel = "".join(f'<li><a href="/Tin-tuc/Chi-tiet.aspx?ItemID={r.num}">{esc(r.title)}</a>'
                          f' <span class="date">{teaser_date(r.when, "slash")}</span></li>'
                          for r in self.related(a)[:3])
            return f'<div class="tin-khac"><h3>Các tin khác</h3><ul>{rel}</ul></div>'
        rel = "".join(f'<li><a href="/Tin-tuc/Chi-tiet.aspx?ItemID={r.num}">{esc(r.title)}</a></li>'
                      for r in self.related(a))
        return f'<div class="other-news"><h3>Tin cùng chuyên mục</h3><ul>{rel}</ul></div>'

    def render_article(self, a: ArticleSpec) -> str:
        """Chi-tiet.aspx: title, "Cập nhật" date line, divContent, related news."""
        parts = []
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(text, i + a.num))
            if i == 0 and a.caption:
                parts.append(f'<table class="image" align="center"><tr><td><img src="'
                             f'{self.image_src(a)}" alt="{esc(a.image_alt or "")}" /></td></tr>'
                             f'<tr><td class="caption"><em>{esc(a.caption)}</em></td></tr></table>')
        if a.author:
            parts.append(f'<p style="text-align:right"><strong>{esc(a.author)}</strong></p>')
        if a.unit:
            parts.append(f'<p style="text-align:right">{esc(a.unit)}</p>')
        if a.source:
            parts.append(f'<p style="text-align:right"><em>Theo: {esc(a.source)}</em></p>')
        lk = self.look(a)
        related = self.related_html(a, lk)
        center = (f'<div class="news-detail"><h1 id="ctl00_ContentPlaceHolder1_lblTitle" '
                  f'class="news-title">{esc(a.title)}</h1>\n<div class="news-date">Cập nhật: '
                  f'<span id="ctl00_ContentPlaceHolder1_lblDate">{a.when:%d/%m/%Y %H:%M}</span></div>\n'
                  f'<div id="ctl00_ContentPlaceHolder1_divContent" class="news-content">\n'
                  + "\n".join(parts) + "\n</div>"
                  + (related if lk.related == "inside" else "") + "</div>\n"
                  + (related if lk.related == "apart" else ""))
        page_name = "chi-tiet.aspx"
        return self.page(a.title + self.title_suffix, center, f"./Chi-tiet.aspx?ItemID={a.num}",
                         self.plain_state(page_name))

    def render_home(self) -> str:
        """Default.aspx: latest news and one block per category (first-page articles only)."""
        blocks = []
        first = self.first_page()
        latest = "".join(f'<li><a href="/Tin-tuc/Chi-tiet.aspx?ItemID={a.num}">{esc(a.title)}</a></li>'
                         for a in [a for a in self.newest if a.num in first][:5])
        blocks.append(f'<div class="box"><h2>Tin mới nhất</h2><ul>{latest}</ul></div>')
        for cat, (slug, name, _s) in enumerate(self.d.categories):
            lis = "".join(f'<li><a href="/Tin-tuc/Chi-tiet.aspx?ItemID={a.num}">{esc(a.title)}</a></li>'
                          for a in self.page_items(cat, 1)[:4])
            blocks.append(f'<div class="box"><h2><a href="/{slug}.aspx">{esc(name)}</a></h2>'
                          f"<ul>{lis}</ul></div>")
        return self.page(f"Trang chủ{self.title_suffix}", "\n".join(blocks), "./Default.aspx",
                         self.plain_state("default.aspx"))

    def render_search(self) -> str:
        """Search results (disallowed by robots.txt)."""
        first = self.first_page()
        rows = "".join(f'<li><a href="/Tin-tuc/Chi-tiet.aspx?ItemID={a.num}">{esc(a.title)}</a></li>'
                       for a in [a for a in self.newest if a.num in first][:5])
        return self.page(f"Tìm kiếm{self.title_suffix}", f"<h2>Kết quả tìm kiếm</h2><ul>{rows}</ul>",
                         "./Tim-kiem.aspx", self.plain_state("tim-kiem.aspx"))

    def render_about(self) -> str:
        """Static "Giới thiệu" page."""
        return self.page(f"Giới thiệu{self.title_suffix}", f"<p>{esc(self.d.name)}</p>",
                         "./Gioi-thieu.aspx", self.plain_state("gioi-thieu.aspx"))

    def not_found(self) -> str:
        """IIS 404 inside the master page."""
        return self.page(f"Không tìm thấy trang{self.title_suffix}",
                         "<p>Trang bạn yêu cầu không tồn tại.</p>", "./404.aspx",
                         self.plain_state("404.aspx"))

    @staticmethod
    def render_error(message: str, exception: str) -> str:
        """ASP.NET's "Server Error in '/' Application." page (customErrors off)."""
        return ("<!DOCTYPE html>\n<html><head><title>" + message.split(".")[0] + "</title>"
                "<meta name=\"viewport\" content=\"width=device-width\" /></head>"
                "<body bgcolor=\"white\"><span><H1>Server Error in '/' Application.<hr width=100% "
                f"size=1 color=silver></H1><h2> <i>{message}</i> </h2></span>"
                f"<b> Exception Details: </b>{exception}: {message}<br><br>"
                "<b>Version Information:</b>&nbsp;Microsoft .NET Framework Version:4.0.30319; "
                "ASP.NET Version:4.8.4465.0</body></html>")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Chrome around the article: menu, sidebar, footer, related titles."""
        return ["Trang chủ", "Giới thiệu", "Liên hệ", "Tin xem nhiều", *TIN_XEM_NHIEU,
                "Dịch vụ công trực tuyến", "Cập nhật:", *FOOTER, *self.related_markers(a)]

    def related_markers(self, a: ArticleSpec) -> list[str]:
        """The related-news heading, three related titles and (inside) their dates."""
        rel = self.related(a)[:3]
        if self.look(a).related == "apart":
            return ["Tin cùng chuyên mục", *[r.title for r in rel]]
        return ["Các tin khác", *[r.title for r in rel], *[teaser_date(r.when, "slash") for r in rel]]
