"""WordPress 6 portal (Diễn Châu, Nghệ An): date permalinks, share/reply variants, sitemaps.

What makes it hard: the entry meta carries both the published and the (later) updated date,
comments add more dated text under the post, Jetpack share links (?share=) and comment reply
links (?replytocom=) multiply every post URL, and /?p=<id> shortlinks redirect.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime

from tests.mirror.content import ArticleSpec
from tests.mirror.families.base import Family, Route, esc, paragraph_html
from tests.mirror.families.variation import Look, look, spelled, teaser_date
from tests.mirror.urls import Req, build

FOOTER = (("Cổng thông tin điện tử huyện Diễn Châu - Cơ quan chủ quản: UBND huyện Diễn Châu, "
          "tỉnh Nghệ An"), "Địa chỉ: Khối 4, thị trấn Diễn Châu, huyện Diễn Châu, tỉnh Nghệ An",
          "Điện thoại: 0238.3862.247 - Email: ubnddienchau@nghean.gov.vn")
REMOVED = "/2019/03/04/dien-chau-to-chuc-hoi-thi-tin-hoc-tre-nam-2019/"
COMMENT = ("Thông tin rất hữu ích, mong huyện tiếp tục hướng dẫn bà con sử dụng dịch vụ công "
           "trực tuyến.")
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


class WordPress(Family):
    """Renderer and router for the WordPress portal."""

    family = "wordpress"
    server_header = "nginx/1.18.0"
    sitemap_path = "/wp-sitemap.xml"
    robots_disallow = ("/wp-admin/", "/?s=", "/search/")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_slugs = [slug for slug, _n, _s in self.d.categories]
        self.by_path = {self.article_path(a): a for a in self.newest}
        self.title_suffix = " – " + self.d.name

    def robots_txt(self) -> str:
        """WordPress robots.txt (admin-ajax allowed, search disallowed, sitemap)."""
        return ("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
                f"Disallow: /?s=\nDisallow: /search/\n\nSitemap: {self.base}/wp-sitemap.xml\n")

    # -- URLs ---------------------------------------------------------------------------------
    def article_path(self, a: ArticleSpec) -> str:
        """Date permalink /YYYY/MM/DD/<slug>/."""
        return f"/{a.when:%Y/%m/%d}/{a.slug}/"

    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL."""
        return build(self.base, self.article_path(a))

    def listing_url(self, cat: int, page: int = 1) -> str:
        """Category archive /category/<slug>/[page/N/]."""
        tail = "" if page == 1 else f"page/{page}/"
        return build(self.base, f"/category/{self.cat_slugs[cat]}/{tail}")

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Route permalinks, archives, feeds, sitemaps, ?p= and ?s=."""
        path = req.path
        if path == "/":
            if "s" in req.params:
                return Route("search", self.render_search)
            if "p" in req.params:
                a = self.by_num_or_none(req.params["p"])
                if a is None:
                    return Route("unknown")
                return Route("redirect", status=301, location=self.article_url(a))
            return Route("home", self.render_home)
        if path.startswith("/search/"):
            return Route("search", self.render_search)
        if path == "/feed/":
            return Route("feed", lambda: self.render_feed(None), content_type=RSS)
        if path == "/wp-sitemap.xml":
            return Route("sitemap", self.render_sitemap_index, content_type=XML)
        if path == "/wp-sitemap-posts-post-1.xml":
            return Route("sitemap", self.render_sitemap_posts, content_type=XML)
        if path == "/wp-sitemap-taxonomies-category-1.xml":
            return Route("sitemap", self.render_sitemap_categories, content_type=XML)
        if path == REMOVED:
            return Route("error", self.not_found, status=404)
        if path == "/gioi-thieu/":
            return Route("other", self.render_about)
        if path in self.by_path:
            a = self.by_path[path]
            return Route("article", lambda: self.render_article(a),
                                 canonical=self.article_url(a))
        if path + "/" in self.by_path:
            return Route("redirect", status=301, location=self.base + path + "/")
        parts = path.strip("/").split("/")
        if parts[0] == "category" and len(parts) >= 2 and parts[1] in self.cat_slugs:
            cat = self.cat_slugs.index(parts[1])
            if len(parts) == 2 and path.endswith("/"):
                return Route("listing", lambda: self.render_listing(cat, 1))
            if len(parts) == 3 and parts[2] == "feed":
                return Route("feed", lambda: self.render_feed(cat), content_type=RSS)
            if len(parts) == 4 and parts[2] == "page" and parts[3].isdigit():
                page = int(parts[3])
                if page == 1:
                    return Route("redirect", status=301, location=self.listing_url(cat))
                if 2 <= page <= self.pages(cat) and path.endswith("/"):
                    return Route("listing", lambda: self.render_listing(cat, page))
        return Route("unknown")

    # -- chrome -------------------------------------------------------------------------------
    def sidebar(self) -> str:
        """Widgets: search, recent posts, categories, archive dropdown (no archive links)."""
        recent = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>'
                         for a in self.newest[:5])
        cats = "".join(f'<li class="cat-item"><a href="/category/{slug}/">{esc(name)}</a> ({n})</li>'
                       for slug, name, n in self.d.categories)
        months = sorted({(a.when.year, a.when.month) for a in self.newest}, reverse=True)[:12]
        opts = "".join(f'<option value="{self.base}/{y}/{m:02d}/">Tháng {m} {y}</option>'
                       for y, m in months)
        return (
            '<section id="search-2" class="widget widget_search"><form role="search" method="get" '
            'class="search-form" action="/"><label><span class="screen-reader-text">Tìm kiếm cho:'
            '</span><input type="search" class="search-field" name="s" /></label>'
            '<input type="submit" class="search-submit" value="Tìm kiếm" /></form>'
            '<a href="/?s=d%E1%BB%8Bch+v%E1%BB%A5+c%C3%B4ng">Tìm kiếm nâng cao</a></section>\n'
            f'<section id="recent-posts-2" class="widget widget_recent_entries">'
            f'<h2 class="widget-title">Bài viết mới</h2><ul>{recent}</ul></section>\n'
            f'<section id="categories-2" class="widget widget_categories">'
            f'<h2 class="widget-title">Chuyên mục</h2><ul>{cats}</ul></section>\n'
            f'<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Lưu trữ'
            f'</h2><select name="archive-dropdown" onchange="document.location.href=this.options['
            f'this.selectedIndex].value;"><option value="">Chọn tháng</option>{opts}</select>'
            "</section>\n")

    def page(self, title: str, main: str, body_cls: str, canonical: str | None = None,
             shortlink: str | None = None) -> str:
        """Full theme page."""
        head = f'<link rel="canonical" href="{esc(canonical)}" />\n' if canonical else ""
        if shortlink:
            head += f"<link rel='shortlink' href='{esc(shortlink)}' />\n"
        nav = "".join(f'<li class="menu-item"><a href="/category/{slug}/">{esc(name)}</a></li>'
                      for slug, name, _ in self.d.categories)
        footer = "<br />".join(esc(line) for line in FOOTER)
        return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{esc(title)}</title>
<meta name='robots' content='max-image-preview:large' />
<link rel="alternate" type="application/rss+xml" title="{esc(self.d.name)} &raquo; Dòng thông tin" href="{self.base}/feed/" />
<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.2.2' media='all' />
<link rel="https://api.w.org/" href="{self.base}/wp-json/" />
<meta name="generator" content="WordPress 6.2.2" />
{head}</head>
<body class="{body_cls}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Chuyển đến nội dung</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="/" rel="home">{esc(self.d.name)}</a></p>
<p class="site-description">Huyện Diễn Châu - tỉnh Nghệ An</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="/">Trang chủ</a></li>{nav}<li class="menu-item"><a href="/gioi-thieu/">Giới thiệu</a></li></ul></nav>
</header>
<div id="content" class="site-content">
<main id="primary" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area">
{self.sidebar()}
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">{footer}</div></footer>
</div>
<script src='/wp-includes/js/comment-reply.min.js?ver=6.2.2' id='comment-reply-js'></script>
</body>
</html>
"""

    # -- pages --------------------------------------------------------------------------------
    def look(self, a: ArticleSpec) -> Look:
        """Dates as "16/01/2020" or "30 tháng 8, 2024"; the related posts inside entry-content
        plain or dated under another heading; some posts print no byline."""
        return look(self.portal.id, a, related=("apart", "inside"),
                    headings=("Xem thêm", "Tin mới hơn", "Các tin khác"),
                    bylines=("strong", "strong", "none"), dates=("slash", "spelled"))

    def entry_meta(self, a: ArticleSpec, lk: Look) -> str:
        """Published and updated <time> elements (both visible text)."""
        w = a.when
        updated = w + timedelta(days=a.num % 40 + 3, hours=2)

        def shown(t: datetime) -> str:
            return spelled(t) if lk.date == "spelled" else f"{t:%d/%m/%Y}"

        return (f'<div class="entry-meta"><span class="posted-on">Đăng ngày <a href="'
                f'{self.article_path(a)}" rel="bookmark"><time class="entry-date published" '
                f'datetime="{w:%Y-%m-%dT%H:%M:%S}+07:00">{shown(w)}</time><time class="updated" '
                f'datetime="{updated:%Y-%m-%dT%H:%M:%S}+07:00">{shown(updated)}</time></a></span>'
                '<span class="byline"> bởi <span class="author vcard">Ban biên tập</span></span></div>')

    def body_html(self, a: ArticleSpec, lk: Look) -> str:
        """entry-content: Gutenberg paragraphs, wp-block-image figure, byline."""
        parts = []
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(a.shown(text), i + a.num) if i % 3 else
                         f"<p>{esc(a.shown(text))}</p>")
            if i == 0 and a.caption:
                parts.append(f'<figure class="wp-block-image size-large"><img decoding="async" '
                             f'src="/wp-content/uploads/{a.when:%Y/%m}/{a.num}.jpg" alt="" '
                             f'class="wp-image-{a.num + 9000}"/><figcaption class="wp-element-'
                             f'caption">{esc(a.shown(a.caption))}</figcaption></figure>')
        if a.author and lk.byline == "strong":
            parts.append(f'<p class="has-text-align-right"><strong>{esc(a.author)}</strong></p>')
            if a.unit:
                parts.append(f'<p class="has-text-align-right">{esc(a.unit)}</p>')
        if a.source:
            parts.append(f'<p class="has-text-align-right"><em>Theo: {esc(a.source)}</em></p>')
        return "\n".join(parts)

    def related_html(self, a: ArticleSpec, lk: Look) -> str:
        """Jetpack related posts (plain, or dated under another heading); one post links a
        removed article (404)."""
        items = [(self.article_path(r), r.title, f" <span>{teaser_date(r.when, 'slash')}</span>")
                 for r in self.related(a)[:3]]
        if a.num % 7 == 0:
            items.append((REMOVED, "Diễn Châu tổ chức Hội thi Tin học trẻ năm 2019", " <span>(04/03/2019)</span>"))
        dated = lk.related == "inside"
        lis = "".join(f'<p class="jp-relatedposts-post"><a href="{href}">{esc(t)}</a>'
                      f"{when if dated else ''}</p>" for href, t, when in items)
        heading = lk.heading if dated else "Bài viết liên quan"
        return (f'<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-'
                f'headline"><em>{esc(heading)}</em></h3>{lis}</div>')

    def render_article(self, a: ArticleSpec) -> str:
        """Single post view."""
        lk = self.look(a)
        path = self.article_path(a)
        share = "".join(f'<li class="share-{s}"><a rel="nofollow noopener noreferrer" class="share-'
                        f'{s} sd-button" href="{path}?share={s}" target="_blank">'
                        f"<span>{label}</span></a></li>"
                        for s, label in (("facebook", "Facebook"), ("twitter", "Twitter")))
        comments = ""
        if a.num % 3 == 0:
            cid = a.num + 40
            comments = (f'<div id="comments" class="comments-area"><h2 class="comments-title">Một '
                        f'bình luận</h2><ol class="comment-list"><li id="comment-{cid}" class="comment">'
                        f'<article class="comment-body"><footer class="comment-meta"><b class="fn">'
                        f'Nguyễn Văn Hải</b> <time datetime="{a.when:%Y-%m-%d}T21:10:00+07:00">'
                        f"{(a.when + timedelta(days=1)):%d/%m/%Y} lúc 21:10</time></footer>"
                        f'<div class="comment-content"><p>{esc(COMMENT)}</p></div>'
                        f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
                        f'href="{path}?replytocom={cid}#respond">Trả lời</a></div></article></li>'
                        "</ol></div>")
        cat = self.d.categories[a.category]
        main = (f'<article id="post-{a.num}" class="post-{a.num} post type-post status-publish '
                f'format-standard has-post-thumbnail hentry category-{cat[0]}">\n'
                f'<header class="entry-header"><h1 class="entry-title">{esc(a.shown(a.title))}</h1>'
                f"{self.entry_meta(a, lk)}</header>\n"
                f'<div class="entry-content">\n{self.body_html(a, lk)}\n'
                f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Chia sẻ:</h3>'
                f"<ul>{share}</ul></div>\n{self.related_html(a, lk)}\n</div>\n"
                f'<footer class="entry-footer"><span class="cat-links">Đăng trong <a href="/category/'
                f'{cat[0]}/" rel="category tag">{esc(cat[1])}</a></span></footer>\n</article>\n'
                f"{comments}")
        return self.page(a.title + self.title_suffix, main,
                         f"post-template-default single single-post postid-{a.num}",
                         self.article_url(a), f"{self.base}/?p={a.num}")

    def excerpt_post(self, a: ArticleSpec) -> str:
        """An archive entry."""
        return (f'<article id="post-{a.num}" class="post-{a.num} post type-post status-publish">'
                f'<header class="entry-header"><h2 class="entry-title"><a href="{self.article_path(a)}" '
                f'rel="bookmark">{esc(a.shown(a.title))}</a></h2><div class="entry-meta">'
                f'<time class="entry-date published" datetime="{a.when:%Y-%m-%dT%H:%M:%S}+07:00">'
                f'{a.when:%d/%m/%Y}</time></div></header><div class="entry-summary"><p>'
                f"{esc(self.excerpt(a))} [&hellip;]</p></div></article>")

    def render_listing(self, cat: int, page: int) -> str:
        """Category archive with numbered pagination."""
        name = self.d.categories[cat][1]
        slug = self.cat_slugs[cat]
        posts = "\n".join(self.excerpt_post(a) for a in self.page_items(cat, page))
        links = []
        if page > 1:
            prev = f"/category/{slug}/" if page == 2 else f"/category/{slug}/page/{page - 1}/"
            links.append(f'<a class="prev page-numbers" href="{prev}">&laquo; Trước</a>')
        for p in range(1, self.pages(cat) + 1):
            href = f"/category/{slug}/" if p == 1 else f"/category/{slug}/page/{p}/"
            links.append(f'<span aria-current="page" class="page-numbers current">{p}</span>'
                         if p == page else f'<a class="page-numbers" href="{href}">{p}</a>')
        if page < self.pages(cat):
            links.append(f'<a class="next page-numbers" href="/category/{slug}/page/{page + 1}/">'
                         "Sau &raquo;</a>")
        main = (f'<header class="page-header"><h1 class="page-title">Chuyên mục: <span>{esc(name)}'
                f'</span></h1></header>{posts}<nav class="navigation pagination"><div class="nav-links">'
                f'{"".join(links)}</div></nav>')
        return self.page(f"{name}{self.title_suffix}", main, f"archive category category-{slug}",
                         self.listing_url(cat, page))

    def render_home(self) -> str:
        """Front page: a featured shortlink (?p=, redirects) and the latest posts."""
        top = self.newest[0]
        main = (f'<section class="featured"><h2>Tin nổi bật</h2><a href="/?p={top.num}">'
                f"{esc(top.title)}</a></section>\n"
                + "\n".join(self.excerpt_post(a) for a in self.newest[:10]))
        return self.page(self.d.name, main, "home blog", self.base + "/")

    def render_feed(self, cat: int | None) -> str:
        """RSS 2.0 feed of the latest 10 posts (site-wide or per category)."""
        posts = self.newest if cat is None else self.cats[cat]
        items = "".join(
            f"<item><title>{esc(a.title)}</title><link>{esc(self.article_url(a))}</link>"
            f"<pubDate>{format_datetime(a.when)}</pubDate>"
            f'<guid isPermaLink="false">{self.base}/?p={a.num}</guid>'
            f"<description><![CDATA[{self.excerpt(a)}]]></description></item>" for a in posts[:10])
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                f"<title>{esc(self.d.name)}</title><link>{self.base}</link><description>"
                f"Huyện Diễn Châu - tỉnh Nghệ An</description><language>vi</language>{items}"
                "</channel></rss>\n")

    def render_sitemap_index(self) -> str:
        """wp-sitemap.xml index."""
        locs = "".join(f"<sitemap><loc>{self.base}{p}</loc></sitemap>"
                       for p in ("/wp-sitemap-posts-post-1.xml",
                                 "/wp-sitemap-taxonomies-category-1.xml"))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.'
                f'sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>\n')

    def render_sitemap_posts(self) -> str:
        """All posts."""
        locs = "".join(f"<url><loc>{esc(self.article_url(a))}</loc><lastmod>"
                       f"{a.when:%Y-%m-%dT%H:%M:%S}+07:00</lastmod></url>" for a in self.newest)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{locs}</urlset>\n')

    def render_sitemap_categories(self) -> str:
        """Category archives."""
        locs = "".join(f"<url><loc>{esc(self.listing_url(c))}</loc></url>"
                       for c in range(len(self.cats)))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{locs}</urlset>\n')

    def render_search(self) -> str:
        """Search results (disallowed)."""
        return self.page(f"Kết quả tìm kiếm{self.title_suffix}",
                         "\n".join(self.excerpt_post(a) for a in self.newest[:5]), "search")

    def render_about(self) -> str:
        """The "Giới thiệu" page."""
        return self.page(f"Giới thiệu{self.title_suffix}",
                         f'<article class="page"><h1 class="entry-title">Giới thiệu</h1>'
                         f'<div class="entry-content"><p>{esc(self.d.name)}.</p></div></article>',
                         "page-template-default page", self.base + "/gioi-thieu/")

    def not_found(self) -> str:
        """Theme 404."""
        return self.page(f"Không tìm thấy trang{self.title_suffix}",
                         '<section class="error-404 not-found"><h1 class="page-title">Rất tiếc! '
                         "Không thể tìm thấy trang này.</h1></section>", "error404")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Theme chrome, widgets, share/related/comments and related titles."""
        extra = [COMMENT, "Trả lời"] if a.num % 3 == 0 else []
        lk = self.look(a)
        rel = self.related(a)[:3]
        related = ([lk.heading, *[teaser_date(r.when, "slash") for r in rel]]
                   if lk.related == "inside" else ["Bài viết liên quan"])
        return ["Bài viết mới", "Chuyên mục", "Lưu trữ", "Chia sẻ:", *related,
                "Chuyển đến nội dung", "Huyện Diễn Châu - tỉnh Nghệ An", *FOOTER, *extra,
                *[r.title for r in self.related(a)[:3] if r is not self.newest[0]],
                *[x.title for x in self.newest[:5] if x is not a]]
