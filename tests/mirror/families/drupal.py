"""Drupal 9 portal (Cao Lộc, Lạng Sơn): path aliases, /node/<nid> duplicates, sitemap, calendar.

What makes it hard for crawlers: every article also lives at /node/<nid> (same page, canonical
points to the alias), share links add utm_* parameters, and the "Lịch công tác" view pages month
after month forever (the calendar trap).
"""

from __future__ import annotations

import re
from email.utils import format_datetime

from tests.mirror.content import ArticleSpec
from tests.mirror.families.base import Family, Route, esc, month_shift, paragraph_html, weekday
from tests.mirror.families.variation import Look, look, spelled, teaser_date
from tests.mirror.urls import Req, build

CAL_START = (2023, 5)
FOOTER = ("Cơ quan chủ quản: Ủy ban nhân dân huyện Cao Lộc, tỉnh Lạng Sơn",
          "Địa chỉ: Khối 4, thị trấn Cao Lộc, huyện Cao Lộc, tỉnh Lạng Sơn",
          "Điện thoại: 0205.3861.128 - Email: ubndcaoloc@langson.gov.vn")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
XML = "application/xml; charset=utf-8"


class Drupal(Family):
    """Renderer and router for the Drupal portal."""

    family = "drupal"
    server_header = "nginx"
    sitemap_path = "/sitemap.xml"
    robots_disallow = ("/core/", "/profiles/", "/admin/", "/comment/reply/", "/filter/tips",
                       "/node/add/", "/search/", "/user/register", "/user/password",
                       "/user/login", "/user/logout", "/index.php/admin/", "/index.php/search/")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_slugs = [slug for slug, _n, _s in self.d.categories]
        self.by_alias = {(a.category, a.slug): a for a in self.newest}
        self.title_suffix = " | " + self.d.name

    # -- URLs ---------------------------------------------------------------------------------
    def article_path(self, a: ArticleSpec) -> str:
        """Path alias /<category>/<slug> (pathauto)."""
        return f"/{self.cat_slugs[a.category]}/{a.slug}"

    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL (the alias)."""
        return build(self.base, self.article_path(a))

    def listing_url(self, cat: int, page: int = 1) -> str:
        """Views page; ?page= is 0-based."""
        params = {} if page == 1 else {"page": str(page - 1)}
        return build(self.base, f"/{self.cat_slugs[cat]}", params)

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Route aliases, /node/<nid>, views pages, sitemap, feed and the calendar."""
        path = req.path.rstrip("/") or "/"
        if path == "/":
            return Route("home", self.render_home)
        if path == "/sitemap.xml":
            return Route("sitemap", self.render_sitemap, content_type=XML)
        if path == "/rss.xml":
            return Route("feed", self.render_feed, content_type="application/rss+xml; charset=utf-8")
        if path == "/lich-cong-tac":
            return self.route_calendar(req)
        if path.startswith("/search"):
            return Route("search", self.render_search)
        if path == "/gioi-thieu":
            return Route("other", self.render_about)
        parts = path.split("/")
        if len(parts) == 3 and parts[1] == "node":
            a = self.by_num_or_none(parts[2])
            if a is not None:
                return Route("variant", lambda: self.render_article(a))
            return Route("unknown")
        if len(parts) >= 2 and parts[1] in self.cat_slugs:
            cat = self.cat_slugs.index(parts[1])
            if len(parts) == 2:
                page = self.page_number(req.params.get("page"), cat, first=0)
                if page is None:
                    return Route("unknown")
                return Route("listing", lambda: self.render_listing(cat, page))
            a = self.by_alias.get((cat, parts[2])) if len(parts) == 3 else None
            if a is not None:
                return Route("article", lambda: self.render_article(a),
                                 canonical=self.article_url(a))
        return Route("unknown")

    def route_calendar(self, req: Req) -> Route:
        """/lich-cong-tac?date=YYYY-MM: the start month is linked from every page."""
        value = req.params.get("date")
        if value is None:
            ym = CAL_START
        else:
            m = _MONTH.match(value)
            if not m or not 1 <= int(m[2]) <= 12 or int(m[1]) < 1:
                return Route("unknown")
            ym = (int(m[1]), int(m[2]))
        kind = "trap-first" if ym == CAL_START else "trap-deep"
        return Route(kind, lambda: self.render_calendar(*ym))

    # -- chrome -------------------------------------------------------------------------------
    @staticmethod
    def block(block_id: str, title: str | None, body: str) -> str:
        """A Drupal block."""
        head = f'<h2 class="block__title">{esc(title)}</h2>\n' if title else ""
        return (f'<div id="block-{block_id}" class="block block-views block-{block_id}">\n'
                f'{head}<div class="block__content">{body}</div>\n</div>\n')

    def featured(self) -> str:
        """"Tin nổi bật": the newest posts, each under its own `<h3>` with its date — a block of
        other articles' headlines that comes before the article in the DOM."""
        rows = "".join(
            f'<div class="views-row"><h3 class="views-field-title"><a href="{self.article_path(a)}">'
            f'{esc(a.shown(a.title))}</a></h3><span class="date">{teaser_date(a.when, "slash")}'
            "</span></div>" for a in self.newest[:4])
        return self.block("views-block-tin-noi-bat", "Tin nổi bật", rows)

    def sidebar(self) -> str:
        """Sidebar (first in the DOM): featured posts, calendar link, documents (with dates),
        web links."""
        docs = "".join(
            f'<div class="views-row"><a href="/gioi-thieu">{esc(t)}</a> '
            f'<span class="date">({d})</span></div>'
            for t, d in (("Kế hoạch chuyển đổi số huyện Cao Lộc năm 2023", "06/02/2023"),
                         ("Quyết định công bố danh mục thủ tục hành chính cấp huyện", "14/03/2023"),
                         ("Báo cáo kết quả cải cách hành chính quý I năm 2023", "28/03/2023")))
        y, m = CAL_START
        return (self.featured() + self.block("lichcongtac", "Lịch công tác",
                           f'<a href="/lich-cong-tac?date={y:04d}-{m:02d}">Xem lịch công tác tuần</a>')
                + self.block("vanbanmoi", "Văn bản chỉ đạo điều hành", docs)
                + self.block("lienketweb", "Liên kết website",
                             '<ul><li><a href="https://langson.gov.vn">Cổng TTĐT tỉnh Lạng Sơn</a>'
                             '</li><li><a href="https://dichvucong.gov.vn">Cổng Dịch vụ công quốc gia'
                             "</a></li></ul>"))

    def page(self, title: str, content: str, body_cls: str, canonical: str | None = None,
             shortlink: str | None = None, crumbs: str = "") -> str:
        """Full Drupal page with regions."""
        head = ""
        if canonical:
            head += f'<link rel="canonical" href="{esc(canonical)}" />\n'
        if shortlink:
            head += f'<link rel="shortlink" href="{esc(shortlink)}" />\n'
        nav = "".join(f'<li class="menu-item"><a href="/{slug}">{esc(name)}</a></li>'
                      for slug, name, _ in self.d.categories)
        footer = "".join(f"<p>{esc(line)}</p>" for line in FOOTER)
        return f"""<!DOCTYPE html>
<html lang="vi" dir="ltr" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 9 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
{head}<link rel="icon" href="/themes/custom/caoloc/favicon.ico" type="image/vnd.microsoft.icon" />
<title>{esc(title)}</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_Xy3kQe.css" />
<script type="application/json" data-drupal-selector="drupal-settings-json">{{"path":{{"baseUrl":"\\/","pathPrefix":"","currentLanguage":"vi"}}}}</script>
</head>
<body class="{body_cls}">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div class="layout-container">
<header role="banner">
<div class="region region-header"><div id="block-sitebranding" class="block block-system block-system-branding-block">
<a href="/" rel="home" class="site-logo"><img src="/sites/default/files/logo-caoloc.png" alt="Trang chủ" /></a>
<div class="site-name"><a href="/" rel="home">{esc(self.d.name)}</a></div></div>
<div class="search-block-form block block-search" role="search"><form action="/search/node" method="get"><input type="search" name="keys" /><input type="submit" value="Tìm kiếm" /></form>
<a href="/search/node?keys=chuy%E1%BB%83n%20%C4%91%E1%BB%95i%20s%E1%BB%91">Tìm kiếm nâng cao</a></div></div>
<div class="region region-primary-menu"><nav role="navigation" id="block-mainnavigation" class="block block-menu navigation menu--main">
<h2 class="visually-hidden">Main navigation</h2><ul class="menu"><li class="menu-item"><a href="/">Trang chủ</a></li>{nav}</ul></nav></div>
</header>
<div class="region region-breadcrumb"><nav class="breadcrumb" role="navigation"><ol><li><a href="/">Trang chủ</a></li>{crumbs}</ol></nav></div>
<main role="main">
<a id="main-content" tabindex="-1"></a>
<aside class="layout-sidebar-first" role="complementary"><div class="region region-sidebar-first">
{self.sidebar()}
</div></aside>
<div class="layout-content">
<div class="region region-content">
{content}
</div></div>
</main>
<footer role="contentinfo"><div class="region region-footer">{footer}
<nav class="menu--footer"><ul class="menu"><li><a href="/gioi-thieu">About</a></li></ul></nav></div></footer>
</div></div>
<script src="/sites/default/files/js/js_Ab9dPq.js"></script>
</body>
</html>
"""

    # -- pages --------------------------------------------------------------------------------
    def look(self, a: ArticleSpec) -> Look:
        """Related news as a block after the node or a dated list inside `node__content` after
        the body; dates also as "30 tháng 8, 2024"; some articles print no byline."""
        return look(self.portal.id, a, related=("apart", "inside"),
                    headings=("Tin liên quan", "Các tin khác", "Xem thêm"),
                    bylines=("strong", "strong", "none"), dates=("default", "default", "spelled"))

    def date_line(self, a: ArticleSpec, lk: Look) -> str:
        """node__submitted: "Thứ Sáu, 12/05/2023 - 15:20", "Ngày 12/5/2023" or
        "30 tháng 8, 2024"; empty if undated."""
        if a.published is None:
            return ""
        w = a.when
        if lk.date == "spelled":
            shown = spelled(w)
        elif a.num % 2 == 0 or a.seed:
            shown = f"{weekday(w.date())}, {w:%d/%m/%Y - %H:%M}"
        else:
            shown = f"Ngày {w.day}/{w.month}/{w.year}"
        return (f'<footer class="node__meta"><div class="node__submitted">'
                f'<span class="field field--name-created">{shown}</span></div></footer>')

    def body_html(self, a: ArticleSpec, lk: Look) -> str:
        """field--name-body: paragraphs, <figure> with caption, byline."""
        parts = []
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(a.shown(text), i + a.num + 2))
            if i == 0 and a.caption:
                parts.append(
                    f'<figure role="group" class="caption caption-img align-center">'
                    f'<img alt="{esc(a.image_alt or "")}" src="{self.image_src(a)}" '
                    f'width="640" /><figcaption>{esc(a.shown(a.caption))}</figcaption></figure>')
        if a.author and lk.byline == "strong":
            parts.append(f'<p style="text-align: right;"><strong>{esc(a.author)}</strong></p>')
            if a.unit:
                parts.append(f'<p style="text-align: right;">{esc(a.unit)}</p>')
        if a.source:
            parts.append(f'<p style="text-align: right;"><em>Theo: {esc(a.source)}</em></p>')
        parts.append("<p>&nbsp;</p>")
        return "\n".join(parts)

    def render_article(self, a: ArticleSpec) -> str:
        """Full node view (same for the alias, /node/<nid> and utm_* variants)."""
        lk = self.look(a)
        path = self.article_path(a)
        share = " ".join(
            f'<a href="{path}?utm_source={s}&amp;utm_medium=share" class="share-{s}">{label}</a>'
            for s, label in (("facebook", "Chia sẻ Facebook"), ("zalo", "Chia sẻ Zalo")))
        name = self.d.categories[a.category][1]
        inside = apart = ""
        if lk.related == "inside":
            rows = "".join(f'<li><a href="{self.article_path(r)}">{esc(r.title)}</a> '
                           f'<span class="date">{teaser_date(r.when, "slash")}</span></li>'
                           for r in self.related(a))
            inside = (f'<div class="tin-lien-quan"><h2>{esc(lk.heading)}</h2>'
                      f"<ul>{rows}</ul></div>\n")
        else:
            rel = "".join(f'<div class="views-row"><a href="{self.article_path(r)}">'
                          f"{esc(r.title)}</a></div>" for r in self.related(a))
            apart = self.block("views-block-tin-lien-quan", "Tin liên quan", rel)
        content = (
            f'<div id="block-pagetitle" class="block block-core block-page-title-block">'
            f'<h1 class="page-title"><span class="field field--name-title">{esc(a.shown(a.title))}'
            f"</span></h1></div>\n"
            f'<div id="block-mainpagecontent" class="block block-system block-system-main-block">\n'
            f'<article role="article" about="{path}" class="node node--type-article '
            f'node--promoted node--view-mode-full">\n{self.date_line(a, lk)}\n'
            f'<div class="node__content">\n<div class="clearfix text-formatted field '
            f'field--name-body field--type-text-with-summary field--label-hidden field__item">\n'
            f"{self.body_html(a, lk)}\n</div>\n{inside}"
            f'<div class="social-share">{share}</div>\n</div>\n</article>\n</div>\n' + apart)
        return self.page(a.title + self.title_suffix, content,
                         "path-node page-node-type-article", self.article_url(a),
                         f"{self.base}/node/{a.num}",
                         f'<li><a href="/{self.cat_slugs[a.category]}">{esc(name)}</a></li>')

    def row(self, a: ArticleSpec) -> str:
        """A views row in listings."""
        when = (f'<time datetime="{a.when:%Y-%m-%dT%H:%M:%S}+07:00">{a.when:%d/%m/%Y}</time>'
                if a.published else "")
        return (f'<div class="views-row"><div class="views-field views-field-field-image">'
                f'<img src="{self.image_src(a)}" alt="" /></div>'
                f'<h3 class="views-field-title"><a href="{self.article_path(a)}" hreflang="vi">'
                f"{esc(a.shown(a.title))}</a></h3>{when}"
                f'<div class="views-field-body">{esc(self.excerpt(a))}</div></div>')

    def render_listing(self, cat: int, page: int) -> str:
        """Views page with Drupal's full pager (query-only relative links)."""
        name = self.d.categories[cat][1]
        rows = "\n".join(self.row(a) for a in self.page_items(cat, page))
        n = self.pages(cat)
        lis = []
        if page > 1:
            lis.append('<li class="pager__item pager__item--first"><a href="?page=0">« Đầu</a></li>'
                       f'<li class="pager__item pager__item--previous"><a href="?page={page - 2}">'
                       "‹ Trước</a></li>")
        for p in range(1, n + 1):
            cls = " is-active" if p == page else ""
            lis.append(f'<li class="pager__item{cls}"><a href="?page={p - 1}">{p}</a></li>')
        if page < n:
            lis.append(f'<li class="pager__item pager__item--next"><a href="?page={page}">Sau ›'
                       f'</a></li><li class="pager__item pager__item--last"><a href="?page={n - 1}">'
                       "Cuối »</a></li>")
        content = (f'<h1 class="page-title">{esc(name)}</h1><div class="view view-tin-tuc">'
                   f'<div class="view-content">{rows}</div><nav class="pager" role="navigation">'
                   f'<ul class="pager__items js-pager__items">{"".join(lis)}</ul></nav></div>')
        return self.page(f"{name}{self.title_suffix}", content, "path-taxonomy",
                         self.listing_url(cat, page))

    def render_home(self) -> str:
        """Front page: latest news and a block per category."""
        content = '<div class="view view-frontpage"><h2>Tin mới nhất</h2>' + "\n".join(
            self.row(a) for a in self.newest[:10]) + "</div>"
        for cat, (slug, name, _n) in enumerate(self.d.categories):
            lis = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.shown(a.title))}</a></li>'
                          for a in self.cats[cat][:5])
            content += self.block(f"home-{slug}", name,
                                  f'<ul>{lis}</ul><a href="/{slug}">Xem tất cả</a>')
        return self.page(self.d.name, content, "path-frontpage", self.base + "/")

    def render_calendar(self, year: int, month: int) -> str:
        """One month of "Lịch công tác"; prev/next forever."""
        py, pm = month_shift(year, month, -1)
        ny, nm = month_shift(year, month, 1)
        rows = "".join(f"<tr><td>{d}/{month}/{year}</td><td>Họp giao ban UBND huyện, xã "
                       f"{self.d.communes[(d * month) % len(self.d.communes)]}</td></tr>"
                       for d in (2, 9, 16, 23))
        content = (f'<h1 class="page-title">Lịch công tác tháng {month}/{year}</h1>'
                   f'<div class="view view-lich-cong-tac"><nav class="date-nav">'
                   f'<a href="/lich-cong-tac?date={py:04d}-{pm:02d}">« Tháng trước</a> '
                   f'<a href="/lich-cong-tac?date={ny:04d}-{nm:02d}">Tháng sau »</a></nav>'
                   f'<table class="calendar">{rows}</table></div>')
        return self.page(f"Lịch công tác{self.title_suffix}", content, "path-lich-cong-tac")

    def render_sitemap(self) -> str:
        """XML sitemap: home, category pages and every article (canonical aliases)."""
        urls = [self.base + "/"] + [self.listing_url(c) for c in range(len(self.cats))]
        entries = "".join(f"<url><loc>{esc(u)}</loc><changefreq>daily</changefreq></url>"
                          for u in urls)
        entries += "".join(
            f"<url><loc>{esc(self.article_url(a))}</loc><lastmod>{a.when:%Y-%m-%dT%H:%M}+07:00"
            "</lastmod><changefreq>monthly</changefreq></url>" for a in self.newest)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{entries}</urlset>\n')

    def render_feed(self) -> str:
        """/rss.xml: promoted content (latest 10)."""
        items = "".join(
            f"<item><title>{esc(a.title)}</title><link>{esc(self.article_url(a))}</link>"
            f"<description>{esc(self.excerpt(a))}</description>"
            f"<pubDate>{format_datetime(a.when)}</pubDate>"
            f'<guid isPermaLink="false">{a.num} at {self.base}</guid></item>'
            for a in self.newest[:10])
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                f"<title>{esc(self.d.name)}</title><link>{self.base}/</link>"
                f"<description></description><language>vi</language>{items}</channel></rss>\n")

    def render_search(self) -> str:
        """Search page (disallowed)."""
        lis = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>'
                      for a in self.newest[:5])
        return self.page(f"Tìm kiếm{self.title_suffix}", f"<h1>Tìm kiếm</h1><ol>{lis}</ol>",
                         "path-search")

    def render_about(self) -> str:
        """The "About" page linked from the footer."""
        return self.page(f"Giới thiệu{self.title_suffix}",
                         f'<h1 class="page-title">Giới thiệu</h1><p>{esc(self.d.name)}.</p>',
                         "path-node page-node-type-page")

    def not_found(self) -> str:
        """Drupal 404 inside the theme."""
        return self.page(f"Không tìm thấy trang{self.title_suffix}",
                         '<h1 class="page-title">Không tìm thấy trang</h1>'
                         "<p>Không tìm thấy trang được yêu cầu.</p>", "path-system-404")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Drupal chrome (seed 004) plus sidebar documents and related titles."""
        return ["Skip to main content", "About", "Main navigation", "Lịch công tác",
                "Xem lịch công tác tuần", "Văn bản chỉ đạo điều hành",
                "Kế hoạch chuyển đổi số huyện Cao Lộc năm 2023", "Liên kết website",
                "Chia sẻ Facebook", "Tin nổi bật", *FOOTER, *self.related_markers(a),
                *[x.title for x in self.newest[:4] if x is not a]]

    def related_markers(self, a: ArticleSpec) -> list[str]:
        """The related-news heading, three related titles and (inside) their dates."""
        lk = self.look(a)
        rel = self.related(a)[:3]
        if lk.related == "apart":
            return ["Tin liên quan", *[r.title for r in rel]]
        return [lk.heading, *[r.title for r in rel], *[teaser_date(r.when, "slash") for r in rel]]
