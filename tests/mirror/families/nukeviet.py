"""NukeViet 4 portal served only over HTTPS with a self-signed certificate (Tân Phú, Đồng Nai;
extended mirror).

What makes it hard: the portal is `https://` only (plain HTTP answers 301 to HTTPS) and its
certificate is self-signed, as on many district portals: a crawler reaches it through the proxy
with CONNECT and must either trust `MirrorServer.ca_cert_path` or skip verification. Otherwise
it is a friendly site: NukeViet's news module with page-N listings, RSS and a sitemap index.
"""

from __future__ import annotations

from email.utils import format_datetime

from tests.mirror.content import ArticleSpec
from tests.mirror.families.base import Family, Route, esc, paragraph_html, weekday
from tests.mirror.urls import Req, build

XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
FOOTER = ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN TÂN PHÚ",
          "Cơ quan chủ quản: Ủy ban nhân dân huyện Tân Phú, tỉnh Đồng Nai",
          "Địa chỉ: Khu 8, thị trấn Tân Phú, huyện Tân Phú, tỉnh Đồng Nai")
BLOCKS = ("Tin xem nhiều", "Thống kê truy cập", "Đang truy cập", "Hôm nay", "Tổng lượt truy cập")


class NukeViet(Family):
    """Renderer and router for the HTTPS NukeViet portal."""

    family = "nukeviet"
    server_header = "nginx"
    robots_disallow = ("/admin/", "/data/", "/includes/", "/install/", "/seek/")
    sitemap_path = "/sitemap.xml"
    body_xpath = "//div[@id='news-bodyhtml']/p"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_slugs = [slug for slug, _n, _s in self.d.categories]
        self.by_path = {self.article_path(a): a for a in self.newest}

    # -- URLs ---------------------------------------------------------------------------------
    def article_path(self, a: ArticleSpec) -> str:
        """/news/<cat>/<alias>-<id>.html"""
        return f"/news/{self.cat_slugs[a.category]}/{a.slug}-{a.num}.html"

    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL (https)."""
        return build(self.base, self.article_path(a))

    def listing_url(self, cat: int, page: int = 1) -> str:
        """/news/<cat>/ then /news/<cat>/page-2"""
        slug = self.cat_slugs[cat]
        return build(self.base, f"/news/{slug}/" if page == 1 else f"/news/{slug}/page-{page}")

    def other_scheme(self, req: Req) -> Route:
        """Plain HTTP: 301 to the same path over HTTPS (every URL, known or not)."""
        target = build(self.base, req.path) + (f"?{req.raw_query}" if req.raw_query else "")
        return Route("redirect", status=301, location=target)

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Home, news module pages, RSS, sitemaps, search."""
        path = req.path
        if path in ("/", "/index.php"):
            return Route("home", self.render_home)
        if path.startswith("/seek"):
            return Route("search", self.render_search)
        if path == "/sitemap.xml":
            return Route("sitemap", self.render_sitemap_index, content_type=XML)
        if path == "/sitemap-vi.news.xml":
            return Route("sitemap", self.render_sitemap, content_type=XML)
        if path == "/news/rss/":
            return Route("feed", lambda: self.render_feed(None), content_type=RSS)
        if path.startswith("/news/rss/") and path[10:].rstrip("/") in self.cat_slugs:
            cat = self.cat_slugs.index(path[10:].rstrip("/"))
            return Route("feed", lambda: self.render_feed(cat), content_type=RSS)
        if path == "/about/":
            return Route("other", self.render_about)
        parts = path.split("/")
        if len(parts) >= 3 and parts[1] == "news" and parts[2] in self.cat_slugs:
            cat = self.cat_slugs.index(parts[2])
            if path == f"/news/{parts[2]}/":
                return Route("listing", lambda: self.render_listing(cat, 1))
            if len(parts) == 4 and parts[3].startswith("page-"):
                page = self.page_number(parts[3][5:], cat)
                if page is None or page == 1:
                    return Route("unknown")
                return Route("listing", lambda: self.render_listing(cat, page))
        a = self.by_path.get(path)
        if a is not None:
            return Route("article", lambda: self.render_article(a), canonical=self.article_url(a))
        return Route("unknown")

    # -- layout -------------------------------------------------------------------------------
    def page(self, title: str, main: str) -> str:
        """NukeViet default theme (Bootstrap 3)."""
        menu = "".join(f'<li><a href="/news/{slug}/">{esc(name)}</a></li>'
                       for slug, name, _s in self.d.categories)
        most = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>'
                       for a in self.newest[:3])
        footer = "<br />".join(esc(line) for line in FOOTER)
        return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="generator" content="NukeViet v4.5" />
<link rel="alternate" href="/news/rss/" title="Tin Tức" type="application/rss+xml" />
<link rel="StyleSheet" href="/themes/default/css/style.css">
</head>
<body>
<div class="body-bg"><div class="wraper">
<header><div class="container"><div id="header" class="row"><div class="logo col-xs-24"><a title="{esc(self.d.name)}" href="/"><img src="/uploads/logo-tanphu.png" alt="{esc(self.d.name)}"></a></div></div></div></header>
<nav class="second-nav" id="menusite"><div class="container"><ul class="nav navbar-nav"><li><a title="Trang nhất" href="/"><em class="fa fa-lg fa-home">&nbsp;</em> Trang nhất</a></li>{menu}<li><a href="/about/">Giới thiệu</a></li></ul>
<div class="headerSearch"><a href="/seek/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91">Tìm kiếm</a></div></div></nav>
<section><div class="container" id="body"><div class="row">
<div class="col-sm-16 col-md-18">
{main}
</div>
<div class="col-sm-8 col-md-6"><div class="panel panel-primary"><div class="panel-heading">Tin xem nhiều</div><div class="panel-body"><ul>{most}</ul></div></div>
<div class="panel panel-primary"><div class="panel-heading">Thống kê truy cập</div><div class="panel-body"><ul><li>Đang truy cập: 27</li><li>Hôm nay: 1.204</li><li>Tổng lượt truy cập: 2.351.877</li></ul></div></div></div>
</div></div></section>
<footer id="footer"><div class="container">{footer}</div></footer>
</div></div>
</body>
</html>
"""

    # -- pages --------------------------------------------------------------------------------
    def render_home(self) -> str:
        """Trang nhất: newest five per category."""
        blocks = []
        for cat, (slug, name, _s) in enumerate(self.d.categories):
            lis = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>'
                          for a in self.cats[cat][:5])
            blocks.append(f'<div class="news_column panel panel-default"><div class="panel-heading">'
                          f'<a href="/news/{slug}/">{esc(name)}</a></div><ul>{lis}</ul></div>')
        return self.page(self.d.name, "\n".join(blocks))

    def render_listing(self, cat: int, page: int) -> str:
        """viewcat_page_new with the generate_page pager."""
        slug, name, _s = self.d.categories[cat]
        items = "".join(
            f'<div class="panel-body"><h3><a href="{self.article_path(a)}">{esc(a.title)}</a></h3>'
            f'<div class="text-muted"><em class="fa fa-clock-o">&nbsp;</em>{a.when:%d/%m/%Y %H:%M}'
            f"</div><p>{esc(self.excerpt(a))}</p></div>" for a in self.page_items(cat, page))
        links = []
        for p in range(1, self.pages(cat) + 1):
            href = f"/news/{slug}/" if p == 1 else f"/news/{slug}/page-{p}"
            links.append(f'<li class="active"><a href="#">{p}</a></li>' if p == page
                         else f'<li><a href="{href}">{p}</a></li>')
        main = (f'<div class="news_column panel panel-default"><h1>{esc(name)}</h1>{items}</div>'
                f'<div class="text-center"><ul class="pagination">{"".join(links)}</ul></div>')
        title = name if page == 1 else f"{name} - Trang {page}"
        return self.page(f"{title} - {self.d.name}", main)

    def render_article(self, a: ArticleSpec) -> str:
        """detail.tpl: title, date line, #news-bodyhtml, "Nguồn tin", related."""
        parts = []
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(text, i + a.num))
            if i == 0 and a.caption:
                parts.append(f'<div class="image-center"><figure class="image"><img alt="'
                             f'{esc(a.image_alt or "")}" src="/uploads/news/{a.num}.jpg">'
                             f"<figcaption>{esc(a.caption)}</figcaption></figure></div>")
        if a.author:
            parts.append(f'<p class="text-right"><strong>{esc(a.author)}</strong></p>')
        if a.unit:
            parts.append(f'<p class="text-right">{esc(a.unit)}</p>')
        source = (f'<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Nguồn tin: '
                  f"</strong>{esc(a.source)}</p></div>" if a.source else "")
        rel = "".join(f'<li><a href="{self.article_path(r)}">{esc(r.title)}</a></li>'
                      for r in self.related(a))
        main = (f'<div class="news_column panel panel-default"><div class="panel-body">'
                f'<h1 class="title margin-bottom-lg">{esc(a.title)}</h1>\n<div class="row '
                f'margin-bottom-lg"><div class="col-md-12"><span class="h5">{weekday(a.when).lower()}'
                f" - {a.when:%d/%m/%Y %H:%M}</span></div></div>\n"
                '<div id="news-bodyhtml" class="bodytext margin-bottom-lg">\n'
                + "\n".join(parts) + f"\n</div>\n{source}</div></div>\n"
                f'<div class="news_column panel panel-default"><div class="panel-heading">Những tin '
                f'mới hơn</div><ul class="related">{rel}</ul></div>')
        return self.page(f"{a.title} - {self.d.name}", main)

    def render_sitemap_index(self) -> str:
        """sitemap.xml: index of the news module sitemap."""
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps'
                f'.org/schemas/sitemap/0.9"><sitemap><loc>{self.base}/sitemap-vi.news.xml</loc>'
                "</sitemap></sitemapindex>\n")

    def render_sitemap(self) -> str:
        """sitemap-vi.news.xml: every article."""
        entries = "".join(f"<url><loc>{esc(self.article_url(a))}</loc><lastmod>"
                          f"{a.when:%Y-%m-%dT%H:%M:00}+07:00</lastmod></url>" for a in self.newest)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{entries}</urlset>\n')

    def render_feed(self, cat: int | None) -> str:
        """RSS 2.0: the newest 20 (all categories or one)."""
        arts = self.newest if cat is None else self.cats[cat]
        items = "".join(
            f"<item><title>{esc(a.title)}</title><link>{esc(self.article_url(a))}</link>"
            f"<guid isPermaLink=\"false\">news_{a.num}</guid><description>{esc(self.excerpt(a))}"
            f"</description><pubDate>{format_datetime(a.when)}</pubDate></item>" for a in arts[:20])
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>'
                f"{esc(self.d.name)}</title><link>{self.base}/</link><language>vi</language>"
                f"{items}</channel></rss>\n")

    def render_search(self) -> str:
        """/seek/ (disallowed)."""
        lis = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>'
                      for a in self.newest[:5])
        return self.page(f"Tìm kiếm - {self.d.name}", f"<ul>{lis}</ul>")

    def render_about(self) -> str:
        """/about/."""
        return self.page(f"Giới thiệu - {self.d.name}", f"<p>{esc(self.d.name)}</p>")

    def not_found(self) -> str:
        """NukeViet's 404 notice."""
        return self.page(f"Lỗi 404 - {self.d.name}", "<p>Trang bạn yêu cầu không tồn tại.</p>")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Chrome around the article."""
        return ["Trang nhất", "Giới thiệu", "Tìm kiếm", *BLOCKS, *FOOTER, "Những tin mới hơn",
                *[r.title for r in self.related(a)[:3]]]
