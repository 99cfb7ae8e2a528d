"""Liferay 6.x portal (Nghi Lộc, Nghệ An): portlets everywhere, asset publisher URLs, jsessionid.

What makes it hard for extractors: every block is a portlet with a topper title and the
"Skip portlet"/"Portlet Menu" accessibility chrome; the category portlet title sits above the
article title; the sidebar has a "Lịch làm việc" calendar portlet (a trap) and an unavailable
visitor counter.
"""

from __future__ import annotations

from tests.mirror.content import ArticleSpec
from tests.mirror.families.base import Family, Route, esc, month_shift, paragraph_html
from tests.mirror.families.variation import Look, dotted, look
from tests.mirror.seeds import LIFERAY_SIDEBAR_NEWS
from tests.mirror.urls import Req, build

INSTANCES = ("xYz123", "Cds456", "Cch789")
CAL = "8_INSTANCE_cal"
CAL_START = (2019, 12)
FOOTER = ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN NGHI LỘC", "Chịu trách nhiệm nội dung: Chủ tịch UBND Huyện",
          "Trụ sở: K4 thị trấn Huyện Nghi Lộc, Nghệ An",
          "Điện thoại: 038.3 8610284 - Email: nghiloc@nghean.gov.vn")
STATE = "p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&p_p_col_id=column-2&p_p_col_count=1"
STATIC = {"/web/guest/gioi-thieu": "Giới thiệu chung", "/web/guest/thu-vien-anh": "Thư viện ảnh",
          "/web/guest/ban-do": "Bản đồ hành chính"}


class Liferay(Family):
    """Renderer and router for the Liferay portal."""

    family = "liferay"
    server_header = "Apache-Coyote/1.1"
    robots_disallow = ("/web/guest/tim-kiem", "/c/portal/login", "/group/")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_slugs = [slug for slug, _n, _s in self.d.categories]
        self.removed = {
            "nghi-loc-cac-xa-co-rung-ap-dung-mo-hinh-nuoi-ong-lay-mat-buoc-dau-dem-lai-hieu-qua":
                LIFERAY_SIDEBAR_NEWS[0],
            "hoi-ccb-nghi-loc-thuc-hien-co-hieu-qua-cua-cac-chinh-sach-hoat-dong-cho-hoi-vien":
                LIFERAY_SIDEBAR_NEWS[1],
        }

    # -- URLs ---------------------------------------------------------------------------------
    def article_path(self, a: ArticleSpec) -> str:
        """Path of an article in its category's asset publisher."""
        return (f"/web/guest/{self.cat_slugs[a.category]}/-/asset_publisher/"
                f"{INSTANCES[a.category]}/content/{a.slug}")

    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL."""
        return build(self.base, self.article_path(a))

    def listing_url(self, cat: int, page: int = 1) -> str:
        """Canonical listing URL (page 1 has no parameters)."""
        inst = INSTANCES[cat]
        params = {} if page == 1 else {"p_p_id": f"101_INSTANCE_{inst}",
                                       f"_101_INSTANCE_{inst}_cur": str(page)}
        return build(self.base, f"/web/guest/{self.cat_slugs[cat]}", params)

    def pager_href(self, cat: int, page: int, session: bool = False) -> str:
        """Pager link as Liferay writes it: portlet state params, maybe a jsessionid before "?"."""
        inst = INSTANCES[cat]
        sid = f";jsessionid={self.session_id(cat, page)}" if session else ""
        return (f"/web/guest/{self.cat_slugs[cat]}{sid}?p_p_id=101_INSTANCE_{inst}&amp;"
                f"{STATE.replace('&', '&amp;')}&amp;_101_INSTANCE_{inst}_cur={page}")

    def link(self, a: ArticleSpec, salt: str) -> str:
        """Article link; every fourth one carries a jsessionid path parameter."""
        path = self.article_path(a)
        if a.num % 4 == 0:
            return f"{path};jsessionid={self.session_id(salt)}"
        return path

    def calendar_href(self, year: int, month: int) -> str:
        """Calendar month link (next/prev links go on forever)."""
        return (f"/web/guest/lich-lam-viec?p_p_id={CAL}&_{CAL}_month={month}"
                f"&_{CAL}_year={year}")

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Route Liferay friendly URLs."""
        path = req.path.rstrip("/") or "/"
        if path == "/":
            return Route("redirect", status=302, location=self.portal.home_url)
        if path == "/web/guest/trang-chu":
            return Route("home", self.render_home)
        if path == "/web/guest/tim-kiem":
            return Route("search", self.render_search)
        if path == "/web/guest/lich-lam-viec":
            return self.route_calendar(req)
        if path in STATIC:
            return Route("other", lambda: self.render_static(STATIC[path]))
        parts = path.split("/")
        if len(parts) == 4 and parts[3] in self.cat_slugs:
            cat = self.cat_slugs.index(parts[3])
            page = self.page_number(req.params.get(f"_101_INSTANCE_{INSTANCES[cat]}_cur"), cat)
            if page is None:
                return Route("unknown")
            return Route("listing", lambda: self.render_listing(cat, page))
        if len(parts) == 9 and parts[3] in self.cat_slugs and parts[4:8] == [
                "-", "asset_publisher", INSTANCES[self.cat_slugs.index(parts[3])], "content"]:
            slug = parts[8]
            if slug in self.removed:
                return Route("error", self.not_found, status=404)
            art = next((a for a in self.cats[self.cat_slugs.index(parts[3])] if a.slug == slug),
                       None)
            if art is not None:
                return Route("article", lambda: self.render_article(art, req.is_print),
                             canonical=self.article_url(art))
        return Route("unknown")

    def route_calendar(self, req: Req) -> Route:
        """The "Lịch làm việc" calendar: the start month is linked from every page, others are deep."""
        month, year = req.params.get(f"_{CAL}_month"), req.params.get(f"_{CAL}_year")
        if month is None and year is None:
            ym = CAL_START
        elif month and year and month.isdigit() and year.isdigit() and 1 <= int(month) <= 12 \
                and 1 <= int(year) <= 9999:
            ym = (int(year), int(month))
        else:
            return Route("unknown")
        kind = "trap-first" if ym == CAL_START else "trap-deep"
        return Route(kind, lambda: self.render_calendar(*ym))

    # -- chrome -------------------------------------------------------------------------------
    @staticmethod
    def portlet(pid: str, title: str, body: str, kind: str = "56") -> str:
        """A Liferay portlet with topper title and the skip-link/menu accessibility chrome."""
        return (
            f'<div class="portlet-boundary portlet-boundary_{kind}_ portlet-static '
            f'portlet-static-end portlet-borderless" id="p_p_id_{pid}_">\n'
            f'<span id="p_{pid}"></span>\n<section class="portlet" id="portlet_{pid}">\n'
            f'<header class="portlet-topper"><h1 class="portlet-title">'
            f'<span class="portlet-title-text">{esc(title)}</span></h1>\n'
            f'<a class="aui-helper-hidden-accessible" href="#p_{pid}">Skip portlet</a>'
            f'<span class="portlet-menu">Portlet Menu</span></header>\n'
            f'<div class="portlet-content"><div class=" portlet-content-container" style="">\n'
            f'<div class="portlet-body">\n{body}\n</div></div></div></section></div>\n')

    def sidebar(self, salt: str) -> str:
        """Right column: map, calendar, news, gallery, unavailable counter, banners."""
        y, m = CAL_START
        cal = (f'<ul class="lich-lam-viec"><li><a href="{self.calendar_href(y, m)}">'
               f"Lịch làm việc tuần 52 (23/12/2019 - 29/12/2019)</a></li>"
               f'<li><a href="{self.calendar_href(y, m)}">Lịch làm việc tuần 51 '
               f"(16/12/2019 - 22/12/2019)</a></li></ul>\n<p></p>")
        removed = list(self.removed)
        news = "".join(
            f'<li>&nbsp;&nbsp;• <a href="/web/guest/tin-tuc-su-kien/-/asset_publisher/xYz123/'
            f'content/{slug}">{esc(self.removed[slug])}</a></li>' for slug in removed)
        banners = "\n".join(
            f'<a href="http://{h}" target="_blank"><img alt="image advertisement" '
            f'src="/image/journal/article?img_id={8800 + i}&amp;t=1577413200000"></a>'
            for i, h in enumerate(("nghean.gov.vn", "dichvucong.gov.vn", "chinhphu.vn",
                                   "baonghean.vn", "dichvucong.nghean.gov.vn", "vbpl.vn",
                                   "mic.gov.vn", "nghean.dcs.vn")))
        return (
            self.portlet("73_INSTANCE_bando", "Bản đồ",
                         '<h3 style="text-align:center">BẢN ĐỒ HUYỆN NGHI LỘC</h3>'
                         '<a href="/web/guest/ban-do"><img alt="image" src="/documents/10180/'
                         'ban-do-nghi-loc.jpg" width="280"></a>', "73")
            + self.portlet("8_INSTANCE_cal", "Lịch làm việc", cal, "8")
            + self.portlet("101_INSTANCE_tinmoi", "Tin tức",
                           f'<ul class="news-list">{news}</ul><div class="pagination">1&nbsp;</div>',
                           "101")
            + self.portlet("31_INSTANCE_anh", "Thư viện ảnh",
                           '<a href="/web/guest/thu-vien-anh"><img alt="Thư viện ảnh" '
                           'src="/documents/10180/anh-hoat-dong.jpg"></a>', "31")
            + self.portlet("86_INSTANCE_thongke", "Thống kê truy cập",
                           '<div class="portlet-msg-error">This portlet is unavailable.</div>',
                           "86")
            + f'<div class="banner-quangcao">\n{banners}\n</div>\n')

    def page(self, title: str, main: str, salt: str, canonical: str | None = None) -> str:
        """Full Liferay page: banner, navigation, main column, sidebar, footer."""
        nav = "".join(
            f'<li><a href="/web/guest/{slug}"><span>{esc(name)}</span></a></li>'
            for slug, name, _ in self.d.categories)
        canon = f'<link href="{esc(canonical)}" rel="canonical" />\n' if canonical else ""
        return f"""<!DOCTYPE html>
<html class="aui ltr" dir="ltr" lang="vi-VN">
<head>
<title>{esc(title)}</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
{canon}<link href="/nghean-theme/images/favicon.ico" rel="Shortcut Icon" />
<link class="lfr-css-file" href="/nghean-theme/css/main.css?browserId=other&amp;themeId=nghean_WAR_ngheantheme&amp;languageId=vi_VN&amp;b=6120&amp;t=1577413200000" rel="stylesheet" type="text/css" />
<script src="/html/js/barebone.jsp?browserId=other&amp;themeId=nghean_WAR_ngheantheme&amp;colorSchemeId=01&amp;minifierType=js&amp;languageId=vi_VN&amp;b=6120&amp;t=1577413200000" type="text/javascript"></script>
<script type="text/javascript">var themeDisplay = {{getCompanyId: function() {{ return "10154"; }}, getSessionId: function() {{ return ""; }}}};</script>
</head>
<body class="yui3-skin-sam controls-visible guest-site signed-out public-page site">
<a href="#main-content" id="skip-to-content">Skip to Content</a>
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner">
<div id="heading"><h1 class="site-title"><a class="logo custom-logo" href="/web/guest/trang-chu;jsessionid={self.session_id(salt, 'logo')}" title="Go to {esc(self.d.name)}"><img alt="image banner" height="150" src="/image/layout_set_logo?img_id=12345&amp;t=1577413200000" width="1000" /></a></h1></div>
<nav class="sort-pages modify-pages" id="navigation" role="navigation"><ul aria-label="Site Pages" role="menubar">
<li class="selected"><a href="/web/guest/trang-chu"><span>Trang chủ</span></a></li>{nav}
<li><a href="/web/guest/gioi-thieu"><span>Giới thiệu</span></a></li>
<li><a href="{self.calendar_href(*CAL_START)}"><span>Lịch làm việc</span></a></li>
</ul></nav>
<div class="search-bar"><form action="/web/guest/tim-kiem" method="get" name="_3_fm"><input name="_3_keywords" size="30" title="Tìm kiếm" type="text" value="" /><input type="submit" value="Tìm" /></form>
<a class="advanced-search" href="/web/guest/tim-kiem?_3_keywords=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91">Tìm kiếm nâng cao</a></div>
</header>
<div id="content">
<div class="columns-2" id="main-content" role="main">
<div class="portlet-layout row-fluid">
<div class="portlet-column portlet-column-first span8" id="column-1">
<div class="portlet-dropzone portlet-column-content portlet-column-content-first" id="layout-column_column-1">
{main}
</div></div>
<div class="portlet-column portlet-column-last span4" id="column-2">
<div class="portlet-dropzone portlet-column-content portlet-column-content-last" id="layout-column_column-2">
{self.sidebar(salt)}
</div></div>
</div></div></div>
<footer id="footer" role="contentinfo">
<table width="100%" cellpadding="0" cellspacing="0"><tr><td style="text-align:center">
<p><strong>{FOOTER[0]}</strong></p>
<p>{esc(FOOTER[1])}</p>
<p>{esc(FOOTER[2])}</p>
<p>{esc(FOOTER[3])}</p>
</td></tr></table>
</footer>
</div>
<script type="text/javascript">AUI().use('aui-base', function(A) {{ Liferay.Portlet.runtimePortletIds = ["56_INSTANCE_banner"]; }});</script>
</body>
</html>
"""

    # -- pages --------------------------------------------------------------------------------
    def look(self, a: ArticleSpec) -> Look:
        """Half the articles in the first theme (portlet header, "Tin đã đưa:" after the asset),
        half in the Đắk Nông Liferay 6 theme: headline and date in one `<h2>`, the dated
        "TIN ĐÃ ĐƯA" list inside the same block as the body. Dates as "(27/12/2019 09:44 AM)" or
        "(26.07.2019 14:14)"; some articles print no byline."""
        return look(self.portal.id, a, related=("apart", "inside"),
                    headings=("TIN ĐÃ ĐƯA", "Các tin khác", "Tin mới hơn"),
                    bylines=("strong", "strong", "none"), dates=("ampm", "dotted"))

    def date_text(self, a: ArticleSpec, lk: Look) -> str:
        """"(27/12/2019 09:44 AM)" or "(26.07.2019 14:14)"; "( )" when the slot is empty."""
        if a.published is None:
            return "( )"
        w = a.when
        if lk.date == "dotted":
            return dotted(w)
        hour = w.hour % 12 or 12
        return f"({w:%d/%m/%Y} {hour:02d}:{w:%M} {'AM' if w.hour < 12 else 'PM'})"

    def date_line(self, a: ArticleSpec, lk: Look) -> str:
        """The date span after the headline — or nothing for undated articles."""
        if a.published is None:
            return ""
        return f' <span class="date-news">{self.date_text(a, lk)}</span>'

    def body_html(self, a: ArticleSpec, lk: Look) -> str:
        """journal-content-article: paragraphs, optional image table, right-aligned byline."""
        parts = ["<p>&nbsp;</p>"]
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(a.shown(text), i + a.num))
            if i == 0 and a.caption:
                parts.append(
                    f'<table align="center" border="0" cellpadding="1" cellspacing="1" '
                    f'style="width: 500px;"><tbody><tr><td><img alt="{esc(a.image_alt or "")}" '
                    f'src="{self.image_src(a)}" style="width: 500px;"></td></tr><tr>'
                    f'<td style="text-align: center;"><em>{esc(a.shown(a.caption))}</em></td>'
                    f"</tr></tbody></table>")
        if a.author and lk.byline == "strong":
            pad = "&nbsp;" * 40 if a.seed == "002" else ""
            parts.append(f'<p style="text-align: right;">{pad}<strong>{esc(a.author)}</strong></p>')
            if a.unit:
                parts.append(f'<p style="text-align: right;">{esc(a.unit)}</p>')
        if a.source:
            parts.append(f'<p style="text-align: right;"><em>Theo: {esc(a.source)}</em></p>')
        parts.append("<p>&nbsp;</p>")
        return "\n".join(parts)

    def render_article(self, a: ArticleSpec, printing: bool = False) -> str:
        """Asset publisher full-content view (or its print view); `<title>` is the site name."""
        lk = self.look(a)
        inst = INSTANCES[a.category]
        title = esc(a.shown(a.title))
        links = (f'<div class="asset-links"><a href="{self.article_path(a)}?viewMode=print">In bài'
                 f'</a> | <a href="mailto:?subject={a.slug}">Gửi email</a></div>\n')
        if lk.related == "inside":
            dated = "".join(
                f'<li><a href="{self.link(r, a.slug)}">{esc(r.title)}</a> '
                f"<span>{self.date_text(r, lk)}</span></li>" for r in self.related(a))
            others = ("" if printing else
                      f'<div class="cactinkhac"><h3>{esc(lk.heading)}</h3></div>'
                      f'<div class="list-news"><ul>{dated}</ul></div>\n')
            body = (f'<div class="asset-full-content default-asset-publisher show-asset-title">'
                    f'<div class="nd_detail_chitiet asset-content-custom">\n'
                    f"<h2>{title} <span>{self.date_text(a, lk)}</span></h2>\n"
                    f'<div class="journal-content-article" style="border:0">\n'
                    f"{self.body_html(a, lk)}\n</div>\n{links}{others}</div>\n")
        else:
            rel = "".join(f'<li><a href="{self.link(r, a.slug)}">{esc(r.title)}</a></li>'
                          for r in self.related(a))
            body = (
                f'<div class="asset-full-content default-asset-publisher show-asset-title">\n'
                f'<div class="taglib-header "><span class="header-back-to">'
                f'<a href="/web/guest/{self.cat_slugs[a.category]}" title="Quay lại">«</a></span>'
                f'<h3 class="header-title"><span>{title}</span></h3></div>\n'
                f'<div class="title-date"><h4 class="title-news">{title}{self.date_line(a, lk)}'
                f"</h4></div>\n"
                f'<div class="asset-content" id="_101_INSTANCE_{inst}_{a.num}">\n'
                f'<div class="journal-content-article">\n{self.body_html(a, lk)}\n</div>\n</div>\n'
                f"{links}")
            if not printing:
                body += (f'<div class="other-news"><span class="other-title">Tin đã đưa:</span>'
                         f'<ul class="list-other">{rel}</ul></div>\n')
        if printing:
            return (f"<html><head><title>{title}</title><meta charset=\"utf-8\"></head>"
                    f'<body class="portal-popup">{body}</div></body></html>')
        main = self.portlet(f"101_INSTANCE_{inst}", self.d.categories[a.category][1],
                            body + "</div>", "101")
        return self.page(self.d.name, main, a.slug, self.article_url(a))

    def abstract(self, a: ArticleSpec, salt: str) -> str:
        """One entry of an asset publisher listing."""
        when = f'<span class="metadata-publish-date">{a.when:%d/%m/%Y}</span>' if a.published else ""
        return (f'<div class="asset-abstract"><div class="asset-content">'
                f'<h3 class="asset-title"><a href="{self.link(a, salt)}">{esc(a.shown(a.title))}</a></h3>'
                f'{when}<div class="asset-summary"><img alt="" src="{self.image_src(a)}" width="120">'
                f"{esc(self.excerpt(a))}</div><div class=\"asset-more\">"
                f'<a href="{self.article_path(a)}">Xem tiếp »</a></div></div></div>')

    def render_listing(self, cat: int, page: int) -> str:
        """Category page: 10 abstracts and the Liferay page iterator."""
        n, total = self.pages(cat), len(self.cats[cat])
        items = "\n".join(self.abstract(a, f"l{cat}{page}") for a in self.page_items(cat, page))
        nav = [(f'<div class="search-results">Hiển thị {(page - 1) * 10 + 1} - '
               f"{min(page * 10, total)} của {total} kết quả.</div><ul class=\"pager\">")]
        if page > 1:
            nav.append(f'<li><a href="{self.pager_href(cat, 1)}">Đầu</a></li>'
                       f'<li><a href="{self.pager_href(cat, page - 1)}">← Trước</a></li>')
        if page < n:
            nav.append(f'<li><a href="{self.pager_href(cat, page + 1, session=True)}">Tiếp →</a></li>'
                       f'<li><a href="{self.pager_href(cat, n)}">Cuối</a></li>')
        nav.append("</ul>")
        body = f'{items}\n<div class="taglib-page-iterator">{"".join(nav)}</div>'
        name = self.d.categories[cat][1]
        main = self.portlet(f"101_INSTANCE_{INSTANCES[cat]}", name, body, "101")
        return self.page(f"{name}{self.title_suffix}", main, f"l{cat}{page}", self.listing_url(cat, page))

    def render_home(self) -> str:
        """Home: latest news portlet plus one portlet per category."""
        latest = "\n".join(self.abstract(a, "home") for a in self.newest[:10])
        main = self.portlet("101_INSTANCE_noibat", "Tin nổi bật", latest, "101")
        for cat, (_slug, name, _n) in enumerate(self.d.categories):
            lis = "".join(f'<li><a href="{self.link(a, "home")}">{esc(a.shown(a.title))}</a></li>'
                          for a in self.cats[cat][:5])
            main += self.portlet(f"101_INSTANCE_{INSTANCES[cat]}h", name,
                                 f'<ul>{lis}</ul><a href="/web/guest/{self.cat_slugs[cat]}">'
                                 f"Xem thêm »</a>", "101")
        return self.page(f"Trang chủ{self.title_suffix}", main, "home", self.portal.home_url)

    def render_calendar(self, year: int, month: int) -> str:
        """A month of the working calendar; prev/next links never stop."""
        py, pm = month_shift(year, month, -1)
        ny, nm = month_shift(year, month, 1)
        rows = "".join(f"<tr><td>{d:02d}/{month:02d}/{year:04d}</td><td>Lãnh đạo UBND huyện "
                       f"làm việc tại {self.d.communes[(d + month) % len(self.d.communes)]}</td></tr>"
                       for d in (3, 10, 17, 24))
        body = (f'<div class="calendar-nav"><a href="{self.calendar_href(py, pm)}">« Tháng trước</a>'
                f' <strong>Tháng {month}/{year}</strong> '
                f'<a href="{self.calendar_href(ny, nm)}">Tháng sau »</a></div>'
                f'<table class="lich">{rows}</table>')
        main = self.portlet(CAL, "Lịch làm việc", body, "8")
        return self.page(f"Lịch làm việc{self.title_suffix}", main, f"cal{year}{month}")

    def render_search(self) -> str:
        """Search results page (disallowed by robots.txt)."""
        lis = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>'
                      for a in self.newest[:5])
        main = self.portlet("3", "Tìm kiếm", f"<p>Kết quả tìm kiếm</p><ul>{lis}</ul>", "3")
        return self.page(f"Tìm kiếm{self.title_suffix}", main, "search")

    def render_static(self, title: str) -> str:
        """An ordinary content page that is not an article."""
        main = self.portlet("56_INSTANCE_static", title,
                            f'<div class="journal-content-article"><p>{esc(title)} huyện Nghi Lộc, '
                            "tỉnh Nghệ An.</p></div>")
        return self.page(f"{title}{self.title_suffix}", main, title)

    def not_found(self) -> str:
        """Liferay's friendly 404 inside the theme."""
        main = ('<div class="portlet-msg-error">Không tìm thấy trang yêu cầu.<br />'
                "The requested resource could not be found.</div>")
        return self.page(f"Lỗi 404{self.title_suffix}", main, "404")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Chrome strings on every Liferay article page (from the seeds) plus related titles."""
        lk = self.look(a)
        related = ([lk.heading, *[self.date_text(r, lk) for r in self.related(a)[:3]]]
                   if lk.related == "inside" else ["Tin đã đưa:"])
        return ["Skip portlet", "Portlet Menu", "This portlet is unavailable.", *related,
                "Bản đồ", "BẢN ĐỒ HUYỆN NGHI LỘC", "Lịch làm việc", "Thư viện ảnh",
                "Thống kê truy cập", "image advertisement", "image banner", *FOOTER,
                *LIFERAY_SIDEBAR_NEWS, "Lịch làm việc tuần 52 (23/12/2019 - 29/12/2019)",
                self.d.categories[a.category][1], "Tin tức",
                *[r.title for r in self.related(a)[:3]]]

