"""Joomla 3 portal (Lương Sơn, Hòa Bình): SEF URLs under /index.php, ?start= paging, modules.

What makes it hard for extractors: the "Văn bản mới" scroller repeats its items six times, the
visitor counter shows a timestamp ("2020-09-29 19:24") and an IP, and a template-settings panel
with English labels follows the content.
"""

from __future__ import annotations

from email.utils import format_datetime

from tests.mirror.content import ArticleSpec
from tests.mirror.families.base import Family, Route, esc, paragraph_html, token, weekday
from tests.mirror.families.variation import Look, credit_line, look, shown_source, teaser_date
from tests.mirror.seeds import JOOMLA_VAN_BAN_MOI
from tests.mirror.urls import Req, build

COUNTER = (("Today", "6305"), ("Yesterday", "8312"), ("This Week", "19815"),
           ("Last Week", "26646"), ("This Month", "99204"), ("Last Month", "0"),
           ("All days", "1734720"))
FOOTER = ("Cơ quan chủ quản: Ủy ban nhân dân huyện Lương Sơn, tỉnh Hòa Bình",
          "Địa chỉ: Tiểu khu 4, thị trấn Lương Sơn, huyện Lương Sơn, tỉnh Hòa Bình",
          "Điện thoại: 0218.3824.326 - Email: ubndluongson@hoabinh.gov.vn")
STATIC = {"/index.php/gioi-thieu": "Giới thiệu chung", "/index.php/van-ban": "Văn bản chỉ đạo"}


class Joomla(Family):
    """Renderer and router for the Joomla portal."""

    family = "joomla"
    robots_disallow = ("/administrator/", "/cache/", "/components/", "/includes/",
                       "/installation/", "/language/", "/libraries/", "/logs/", "/modules/",
                       "/plugins/", "/tmp/", "/index.php/tim-kiem", "/index.php/component/search/")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_slugs = [slug for slug, _n, _s in self.d.categories]

    # -- URLs ---------------------------------------------------------------------------------
    def article_path(self, a: ArticleSpec) -> str:
        """SEF article path: /index.php/<category>/<id>-<alias>."""
        return f"/index.php/{self.cat_slugs[a.category]}/{a.num}-{a.slug}"

    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL."""
        return build(self.base, self.article_path(a))

    def listing_url(self, cat: int, page: int = 1) -> str:
        """Category blog URL; ?start= counts articles (0-based, 10 per page)."""
        params = {} if page == 1 else {"start": str((page - 1) * 10)}
        return build(self.base, f"/index.php/{self.cat_slugs[cat]}", params)

    def link(self, a: ArticleSpec, salt: str) -> str:
        """Article link; some carry a PHPSESSID (old PHP trans_sid)."""
        if a.num % 5 == 0:
            return f"{self.article_path(a)}?PHPSESSID={token(salt, a.num)}"
        return self.article_path(a)

    def feed_href(self, cat: int) -> str:
        """RSS feed of a category."""
        return f"/index.php/{self.cat_slugs[cat]}?format=feed&amp;type=rss"

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Route Joomla SEF and non-SEF URLs."""
        path = req.path.rstrip("/") or "/"
        if path in ("/", "/index.php"):
            if req.params.get("option") == "com_content" and req.params.get("view") == "article":
                a = self.by_num_or_none(req.params.get("id", "").split(":")[0])
                if a is not None:
                    return Route("redirect", status=301, location=self.article_url(a))
                return Route("unknown")
            return Route("home", self.render_home)
        if path.startswith("/index.php/component/mailto"):
            return Route("other", lambda: self.render_static("Gửi email cho bạn bè"))
        if path == "/index.php/lien-he":
            return Route("error", self.render_500, status=500)
        if path.startswith(("/index.php/tim-kiem", "/index.php/component/search")):
            return Route("search", self.render_search)
        if path in STATIC:
            return Route("other", lambda: self.render_static(STATIC[path]))
        parts = path.split("/")
        if len(parts) >= 3 and parts[2] in self.cat_slugs:
            cat = self.cat_slugs.index(parts[2])
            if len(parts) == 3:
                if req.params.get("format") == "feed":
                    if req.params.get("type", "rss") != "rss":
                        return Route("unknown")
                    return Route("feed", lambda: self.render_feed(cat),
                                 content_type="application/rss+xml; charset=utf-8")
                start = req.params.get("start", "0")
                if not start.isdigit() or int(start) % 10:
                    return Route("unknown")
                page = self.page_number(str(int(start) // 10), cat, first=0)
                if page is None:
                    return Route("unknown")
                return Route("listing", lambda: self.render_listing(cat, page))
            if len(parts) == 4:
                num = parts[3].split("-", 1)[0]
                a = self.by_num_or_none(num)
                if a is not None and a.category == cat and parts[3] == f"{a.num}-{a.slug}":
                    return Route("article", lambda: self.render_article(a, req.is_print),
                                 canonical=self.article_url(a))
        return Route("unknown")

    # -- chrome -------------------------------------------------------------------------------
    @staticmethod
    def module(title: str | None, body: str, cls: str = "") -> str:
        """A Joomla module box."""
        head = f"<h3>{esc(title)}</h3>\n" if title else ""
        return f'<div class="moduletable{cls}">\n{head}{body}\n</div>\n'

    def right(self) -> str:
        """Right column modules, as on the seed page."""
        items = "".join(f'<li><a href="/index.php/van-ban">{esc(t)}</a></li>'
                        for t in JOOMLA_VAN_BAN_MOI)
        scroller = f'<marquee direction="up" scrollamount="2" onmouseover="this.stop()"><ul>{items * 6}</ul></marquee>'
        counter = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in COUNTER)
        banners = "".join(
            f'<a href="{href}"><img alt="{alt}" src="/images/banners/{alt.replace(" ", "_")}.jpg"></a>'
            for alt, href in (("NOGTHONMOI", "/index.php/van-ban"),
                              ("466636345423525", "https://dichvucong.gov.vn"),
                              ("dich vu cong", "https://dichvucong.hoabinh.gov.vn"),
                              ("GIAY MOI copy copy", "/index.php/van-ban"),
                              ("phan anh kien nghi", "https://pakn.hoabinh.gov.vn"),
                              ("FFFFFADA", "/index.php/gioi-thieu")))
        return (
            self.module(None, banners, " banner-right")
            + self.module("Văn bản mới", scroller, " van-ban-moi")
            + self.module("Bản đồ hành chính huyện",
                          '<img alt="ban do hanh chinh" src="/images/bando/ban_do_hanh_chinh.jpg">')
            + self.module("Các khu công nghiệp",
                          '<img alt="khu cong nghiep" src="/images/kcn/kcn-luong-son.jpg">')
            + self.module("Thống kê truy cập",
                          f'<div class="vrvc"><div class="vrvc_counter">1734720</div>'
                          f'<table class="vrvc_table">{counter}</table>'
                          f'<div class="vrvc_ip">Your IP: 3.235.105.97</div>'
                          f'<div class="vrvc_time">2020-09-29 19:24</div></div>'))

    @staticmethod
    def settings_panel() -> str:
        """The template style switcher left visible to visitors (seed 001)."""
        blocks = "".join(f"<h4>{name}</h4><label>Background Color</label><input type=\"text\">"
                         for name in ("Header", "Spotlight3", "Spotlight4", "Spotlight5"))
        return (
            '<div id="ja-template-settings" class="settings-panel"><h3>Template Settings</h3>'
            "<h4>Color</h4><p>For each color, the params below will be given default values</p>"
            "<p>Blue Oranges Red</p><h4>Body</h4><label>Background Color</label><input>"
            f"<label>Text Color</label><input>{blocks}<h4>Footer</h4><label>Select menu</label>"
            "<select><option>mainmenu</option></select><label>Google Font</label><input>"
            "<label>Body Font-size</label><input><label>Body Font-family</label><input>"
            "<label>Direction</label><select><option>ltr</option></select></div>")

    def page(self, title: str, main: str, cls: str, base_href: str, cat: int = 0) -> str:
        """Full Joomla page."""
        nav = "".join(f'<li><a href="/index.php/{slug}">{esc(name)}</a></li>'
                      for slug, name, _ in self.d.categories)
        footer = "".join(f"<p>{esc(line)}</p>" for line in FOOTER)
        return f"""<!DOCTYPE html>
<html lang="vi-vn" dir="ltr">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<base href="{esc(base_href)}" />
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="generator" content="Joomla! - Open Source Content Management" />
<title>{esc(title)}</title>
<link href="{self.feed_href(cat)}" rel="alternate" type="application/rss+xml" title="RSS 2.0" />
<link href="/templates/jsn_epic_pro/favicon.ico" rel="shortcut icon" type="image/vnd.microsoft.icon" />
<link rel="stylesheet" href="/templates/jsn_epic_pro/css/template.css" type="text/css" />
<script src="/media/jui/js/jquery.min.js?5e4b3f1c" type="text/javascript"></script>
<script type="text/javascript">jQuery(function($){{ $('.hasTooltip').tooltip(); }});</script>
</head>
<body class="site com_content {cls} itemid-108">
<div id="jsn-page">
<div id="jsn-header"><a href="/index.php"><img src="/images/banner/banner-luongson.jpg" alt="{esc(self.d.name)}" /></a>
<div class="moduletable banner-top"><a href="https://dichvucong.hoabinh.gov.vn"><img alt="DICHVUCONG" src="/images/banners/dichvucong.png" /></a></div></div>
<div id="jsn-menu"><ul class="nav menu mod-list">
<li class="item-101 default"><a href="/index.php">Trang chủ</a></li>{nav}
<li class="item-120"><a href="/index.php/gioi-thieu">Giới thiệu</a></li>
<li class="item-121"><a href="/index.php/lien-he">Liên hệ</a></li>
<li class="item-122"><a href="/index.php/tim-kiem?searchword=n%C3%B4ng%20th%C3%B4n%20m%E1%BB%9Bi&amp;searchphrase=all">Tìm kiếm</a></li>
</ul></div>
<div id="jsn-body" class="row-fluid">
<main id="jsn-maincontent" class="span9" role="main">
<div id="system-message-container"></div>
{main}
</main>
<aside id="jsn-rightsidecontent" class="span3">
{self.right()}
</aside>
</div>
{self.settings_panel()}
<div id="jsn-footer">{footer}</div>
</div>
</body>
</html>
"""

    # -- pages --------------------------------------------------------------------------------
    def date_line(self, a: ArticleSpec) -> str:
        """<dl class="article-info"> with "Ngày đăng: …" or "Thứ Hai, …"; empty when undated."""
        if a.published is None:
            return ""
        w = a.when
        shown = (f"Ngày đăng: {w:%d/%m/%Y %H:%M}" if a.num % 2 == 0
                 else f"{weekday(w.date())}, {w:%d/%m/%Y %H:%M}")
        return (f'<dl class="article-info muted"><dt class="article-info-term">Chi tiết</dt>'
                f'<dd class="published"><span class="icon-calendar"></span>'
                f'<time datetime="{w:%Y-%m-%dT%H:%M:%S}+07:00" itemprop="datePublished">{shown}'
                f'</time></dd><dd class="hits"><span class="icon-eye-open"></span>'
                f"Lượt xem: {a.num * 37 % 4000 + 120}</dd></dl>")

    def look(self, a: ArticleSpec) -> Look:
        """Related news as a module under the article, or a dated list inside `item-page` right
        after the body; bylines bold, as "Tin, ảnh: …" or absent; URL sources printed bare."""
        return look(self.portal.id, a, related=("apart", "inside"),
                    headings=("Các tin khác", "Tin mới hơn", "Xem thêm"),
                    bylines=("strong", "credit", "none"), bare_source=True)

    def body_html(self, a: ArticleSpec, lk: Look) -> str:
        """articleBody: lead, optional image table with caption, paragraphs, byline/source."""
        parts = []
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(a.shown(text), i + a.num + 1))
            if i == 0 and a.caption:
                parts.append(
                    f'<table class="image-caption" style="margin-left:auto;margin-right:auto">'
                    f'<tr><td><img alt="{esc(a.image_alt or "")}" src="{self.image_src(a)}" '
                    f'width="500" /></td></tr><tr><td style="text-align:center"><em>'
                    f"{esc(a.shown(a.caption))}</em></td></tr></table>")
        if a.author and lk.byline == "strong":
            parts.append(f'<p style="text-align: right;"><strong>{esc(a.author)}</strong></p>')
            if a.unit:
                parts.append(f'<p style="text-align: right;">{esc(a.unit)}</p>')
        elif a.author and lk.byline == "credit":
            parts.append(f'<p style="text-align: right;"><em>{credit_line(a)}</em></p>')
        if source := shown_source(a, lk):
            parts.append(f'<p style="text-align: right;"><strong>Theo:&nbsp;{esc(source)}'
                         "</strong></p>")
        parts.append("<p>&nbsp;</p>")
        return "\n".join(parts)

    def render_article(self, a: ArticleSpec, printing: bool = False) -> str:
        """com_content article view (or its tmpl=component print view)."""
        lk = self.look(a)
        title = esc(a.shown(a.title))
        path = self.article_path(a)
        inside = ""
        if lk.related == "inside" and not printing:
            lis = "".join(f'<li><a href="{self.link(r, a.slug)}">{esc(r.title)}</a> '
                          f'<span class="date">{teaser_date(r.when, "slash")}</span></li>'
                          for r in self.related(a))
            inside = f'<div class="items-more"><h3>{esc(lk.heading)}</h3><ol class="nav">{lis}</ol></div>\n'
        item = (f'<div class="item-page" itemscope itemtype="https://schema.org/Article">\n'
                f'<meta itemprop="inLanguage" content="vi-VN" />\n'
                f'<div class="page-header"><h2 itemprop="headline">{title}</h2></div>\n'
                f'<div class="icons"><div class="btn-group pull-right"><ul class="dropdown-menu">'
                f'<li class="print-icon"><a href="{path}?tmpl=component&amp;print=1&amp;page=" '
                f'rel="nofollow">In</a></li><li class="email-icon"><a href="/index.php/component/'
                f'mailto/?tmpl=component&amp;link={token(a.num, n=40)}" rel="nofollow">Email</a>'
                f"</li></ul></div></div>\n{self.date_line(a)}\n"
                f'<div itemprop="articleBody">\n{self.body_html(a, lk)}\n</div>\n{inside}</div>\n')
        if printing:
            return (f'<!DOCTYPE html><html lang="vi-vn"><head><meta charset="utf-8" />'
                    f"<title>{title}{esc(self.title_suffix)}</title></head>"
                    f'<body class="contentpane modal">{item}'
                    f'<script>window.print();</script></body></html>')
        main = item
        if lk.related == "apart":
            rel = "".join(f'<li><a href="{self.link(r, a.slug)}">{esc(r.title)}</a></li>'
                          for r in self.related(a))
            main += self.module("Các tin khác", f'<ul class="relateditems">{rel}</ul>', " related")
        return self.page(a.title + self.title_suffix, main, "view-article", self.article_url(a),
                         a.category)

    def blog_item(self, a: ArticleSpec, salt: str) -> str:
        """One intro item of a category blog."""
        when = (f'<dd class="published">{a.when:%d/%m/%Y %H:%M}</dd>' if a.published else "")
        return (f'<div class="item column-1" itemprop="blogPost"><div class="page-header">'
                f'<h2 itemprop="name"><a href="{self.link(a, salt)}">{esc(a.shown(a.title))}</a>'
                f'</h2></div><dl class="article-info">{when}</dl>'
                f'<div class="pull-left item-image"><img src="{self.image_src(a)}" alt="" /></div>'
                f"<p>{esc(self.excerpt(a))}</p>"
                f'<p class="readmore"><a class="btn" href="{self.article_path(a)}">Xem thêm ...</a>'
                "</p></div>")

    def render_listing(self, cat: int, page: int) -> str:
        """Category blog with Joomla pagination (?start=)."""
        name = self.d.categories[cat][1]
        items = "\n".join(self.blog_item(a, f"l{cat}{page}") for a in self.page_items(cat, page))
        base = f"/index.php/{self.cat_slugs[cat]}"
        lis = ['<li class="pagination-start"><a href="' + base + '">Đầu</a></li>']
        if page > 1:
            prev = base if page == 2 else f"{base}?start={(page - 2) * 10}"
            lis.append(f'<li class="pagination-prev"><a href="{prev}">Trước</a></li>')
        for p in range(1, self.pages(cat) + 1):
            href = base if p == 1 else f"{base}?start={(p - 1) * 10}"
            lis.append(f"<li><span>{p}</span></li>" if p == page
                       else f'<li><a href="{href}">{p}</a></li>')
        if page < self.pages(cat):
            lis.append(f'<li class="pagination-next"><a href="{base}?start={page * 10}">Sau</a></li>')
        main = (f'<div class="blog" itemscope itemtype="https://schema.org/Blog">'
                f'<div class="page-header"><h1>{esc(name)}</h1></div>{items}'
                f'<div class="pagination"><p class="counter pull-right">Trang {page} / '
                f'{self.pages(cat)}</p><ul>{"".join(lis)}</ul></div></div>')
        return self.page(f"{name}{self.title_suffix}", main, "view-category", self.listing_url(cat, page), cat)

    def render_home(self) -> str:
        """Front page: featured items, one old non-SEF link (301), per-category lists."""
        seed = next((a for a in self.newest if a.seed), self.newest[0])
        main = self.module(
            "Tiêu điểm",
            f'<a href="/index.php?option=com_content&amp;view=article&amp;id={seed.num}'
            f'&amp;catid=8&amp;Itemid=108">{esc(seed.title)}</a>', " tieu-diem")
        main += '<div class="blog-featured">' + "\n".join(
            self.blog_item(a, "home") for a in self.newest[:10]) + "</div>"
        for cat, (_slug, name, _n) in enumerate(self.d.categories):
            lis = "".join(f'<li><a href="{self.link(a, "home")}">{esc(a.shown(a.title))}</a></li>'
                          for a in self.cats[cat][:5])
            main += self.module(name, f'<ul class="latestnews">{lis}</ul>')
        return self.page(f"Trang chủ{self.title_suffix}", main, "view-featured", self.base + "/index.php")

    def render_feed(self, cat: int) -> str:
        """Joomla category RSS 2.0 feed (latest 10)."""
        items = "".join(
            f"<item><title>{esc(a.title)}</title><link>{esc(self.article_url(a))}</link>"
            f"<guid isPermaLink=\"true\">{esc(self.article_url(a))}</guid>"
            f"<description>{esc(self.excerpt(a))}</description>"
            + (f"<pubDate>{format_datetime(a.when)}</pubDate>" if a.published else "")
            + "</item>" for a in self.cats[cat][:10])
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                f"<title>{esc(self.d.categories[cat][1])}</title><link>{self.listing_url(cat)}</link>"
                f"<description>{esc(self.d.name)}</description><language>vi-vn</language>"
                f"{items}</channel></rss>\n")

    def render_search(self) -> str:
        """com_search results page (disallowed by robots.txt)."""
        lis = "".join(f'<dt class="result-title"><a href="{self.article_path(a)}">{esc(a.title)}'
                      "</a></dt>" for a in self.newest[:5])
        return self.page(f"Tìm kiếm{self.title_suffix}", f'<div class="search"><dl>{lis}</dl></div>',
                         "view-search", self.base + "/index.php/tim-kiem")

    def render_static(self, title: str) -> str:
        """A plain Joomla page."""
        return self.page(f"{title}{self.title_suffix}",
                         f'<div class="item-page"><h2>{esc(title)}</h2><p>{esc(self.d.name)}.</p></div>',
                         "view-article", self.base + "/index.php")

    def render_500(self) -> str:
        """The broken "Liên hệ" page: Joomla's bare error page."""
        return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>500 - Error: 500</title>'
                '</head><body><div class="error"><h1>500 - Đã xảy ra lỗi.</h1>'
                "<p>Application Instantiation Error: Could not connect to MySQL server.</p>"
                '<p><a href="/index.php">Trang chủ</a></p></div></body></html>')

    def not_found(self) -> str:
        """Joomla's 404 (error.php of the template)."""
        return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 - Không tìm thấy bài '
                'viết</title></head><body><div class="error"><h1>404 - Không tìm thấy bài viết</h1>'
                '<p>Trang bạn yêu cầu không tồn tại.</p><p><a href="/index.php">Trang chủ</a></p>'
                "</div></body></html>")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Seed-001 chrome on every Joomla article page plus related titles."""
        return ["DICHVUCONG", "NOGTHONMOI", "Văn bản mới", *JOOMLA_VAN_BAN_MOI, "466636345423525",
                "dich vu cong", "GIAY MOI copy copy", "phan anh kien nghi",
                "Bản đồ hành chính huyện", "Các khu công nghiệp", "Thống kê truy cập",
                *[k for k, _ in COUNTER], "Your IP: 3.235.105.97", "2020-09-29 19:24",
                "Template Settings", "For each color, the params below will be given default values",
                "Blue Oranges Red", "Background Color", "Text Color", "Spotlight3", "Select menu",
                "Google Font", "Body Font-size", "Body Font-family", "Direction", *FOOTER,
                *self.related_markers(a)]

    def related_markers(self, a: ArticleSpec) -> list[str]:
        """The related-news heading, three related titles and (inside) their dates."""
        lk = self.look(a)
        rel = self.related(a)[:3]
        if lk.related == "apart":
            return ["Các tin khác", *[r.title for r in rel]]
        return [lk.heading, *[r.title for r in rel], *[teaser_date(r.when, "slash") for r in rel]]
