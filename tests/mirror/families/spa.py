"""Portal whose listings are rendered by JavaScript (Bắc Quang, Hà Giang; extended mirror).

What makes it hard: a category page is a shell, `<div id="news-list"></div>` plus a script that
fetches `/api/news?cat=<slug>&page=N` (JSON) and renders the links, with a "Xem thêm" button
for the next page. The home page links only to the categories, article pages render their
related news with the same API, and there is no sitemap and no feed: without running the script
(or calling the API) a crawler finds no article at all. Article pages themselves are plain HTML.
"""

from __future__ import annotations

import json

from tests.mirror.content import ArticleSpec
from tests.mirror.families.base import (
    PER_PAGE,
    Family,
    Route,
    esc,
    paragraph_html,
    weekday,
)
from tests.mirror.urls import Req, build

JSON = "application/json; charset=utf-8"
FOOTER = ("Cơ quan chủ quản: Ủy ban nhân dân huyện Bắc Quang, tỉnh Hà Giang",
          "Địa chỉ: Tổ 9, thị trấn Việt Quang, huyện Bắc Quang, tỉnh Hà Giang",
          "Điện thoại: 0219.3820.127 - Email: bacquang@hagiang.gov.vn")
NOTICES = ("Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND huyện",
           "Công khai ngân sách huyện Bắc Quang")

#: The listing script (a browser runs it; the HTML has no article link of its own).
LIST_SCRIPT = """(function () {
  var list = document.getElementById('news-list');
  var more = document.getElementById('btn-more');
  var cat = '%(cat)s';
  var page = 0;
  function render(item) {
    var div = document.createElement('div');
    div.className = 'news-item';
    var a = document.createElement('a');
    a.href = item.url;
    a.textContent = item.title;
    var time = document.createElement('span');
    time.className = 'news-date';
    time.textContent = item.date;
    var p = document.createElement('p');
    p.textContent = item.summary;
    div.appendChild(a); div.appendChild(time); div.appendChild(p);
    list.appendChild(div);
  }
  function load() {
    page += 1;
    fetch('/api/news?cat=' + encodeURIComponent(cat) + '&page=' + page,
          {headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        data.items.forEach(render);
        more.style.display = page < data.pages ? '' : 'none';
      });
  }
  more.addEventListener('click', load);
  load();
})();"""

RELATED_SCRIPT = """(function () {
  var box = document.getElementById('related-news');
  fetch('/api/news?cat=%(cat)s&page=1').then(function (r) { return r.json(); }).then(function (data) {
    data.items.filter(function (i) { return i.id !== %(id)d; }).slice(0, 5).forEach(function (i) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = i.url; a.textContent = i.title;
      li.appendChild(a); box.appendChild(li);
    });
  });
})();"""


class SpaPortal(Family):
    """Renderer and router for the JavaScript-listing portal."""

    family = "spa"
    server_header = "nginx/1.18.0"
    robots_disallow = ("/tim-kiem", "/admin/")
    body_xpath = "//div[@class='post-content']/p"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_slugs = [slug for slug, _n, _s in self.d.categories]
        self.by_path = {self.article_path(a): a for a in self.newest}

    # -- URLs ---------------------------------------------------------------------------------
    def article_path(self, a: ArticleSpec) -> str:
        """/<category>/<slug>-<id>.html"""
        return f"/{self.cat_slugs[a.category]}/{a.slug}-{a.num}.html"

    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL."""
        return build(self.base, self.article_path(a))

    def listing_url(self, cat: int, page: int = 1) -> str:
        """The category shell page (one URL; pages come from the API)."""
        return build(self.base, f"/chuyen-muc/{self.cat_slugs[cat]}")

    def api_url(self, cat: int, page: int) -> str:
        """JSON page of a category (what the script fetches)."""
        return build(self.base, "/api/news", {"cat": self.cat_slugs[cat], "page": str(page)})

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Shell pages, the JSON API and plain article pages."""
        path = req.path
        if path == "/":
            return Route("home", self.render_home)
        if path.startswith("/tim-kiem"):
            return Route("search", self.render_search)
        if path == "/gioi-thieu":
            return Route("other", self.render_about)
        if path == "/api/news":
            return self.route_api(req)
        if path.startswith("/chuyen-muc/") and path[12:] in self.cat_slugs:
            cat = self.cat_slugs.index(path[12:])
            return Route("listing" if not req.params else "variant",
                         lambda: self.render_listing(cat))
        a = self.by_path.get(path)
        if a is not None:
            return Route("article", lambda: self.render_article(a), canonical=self.article_url(a))
        return Route("unknown")

    def route_api(self, req: Req) -> Route:
        """/api/news?cat=&page=: 404 JSON for an unknown category, empty items past the end."""
        cat_slug, page = req.params.get("cat", ""), req.params.get("page", "1")
        if cat_slug not in self.cat_slugs or not page.isdigit() or int(page) < 1:
            return Route("other", lambda: json.dumps({"error": "not found"}), status=404,
                         content_type=JSON)
        cat = self.cat_slugs.index(cat_slug)
        return Route("other", lambda: self.render_api(cat, int(page)), content_type=JSON)

    # -- pages --------------------------------------------------------------------------------
    def render_api(self, cat: int, page: int) -> str:
        """One JSON page: items with id, title, url (relative), date, summary."""
        items = [{"id": a.num, "title": a.title, "url": self.article_path(a),
                  "date": f"{a.when:%d/%m/%Y}", "published": f"{a.when:%Y-%m-%dT%H:%M:00+07:00}",
                  "summary": self.excerpt(a), "thumbnail": f"/uploads/news/{a.num}.jpg"}
                 for a in self.page_items(cat, page)]
        return json.dumps({"cat": self.cat_slugs[cat], "page": page, "pages": self.pages(cat),
                           "total": len(self.cats[cat]), "per_page": PER_PAGE, "items": items},
                          ensure_ascii=False)

    def page(self, title: str, main: str, script: str = "") -> str:
        """Bootstrap-style layout; the menu links the categories only."""
        menu = "".join(f'<li class="nav-item"><a class="nav-link" href="/chuyen-muc/{slug}">'
                       f"{esc(name)}</a></li>" for slug, name, _s in self.d.categories)
        notices = "".join(f"<li>{esc(t)}</li>" for t in NOTICES)
        footer = "<br>".join(esc(line) for line in FOOTER)
        tail = f"<script>\n{script}\n</script>\n" if script else ""
        return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="/static/css/app.css">
</head>
<body>
<header class="site-header"><a href="/" class="logo"><img src="/static/img/logo-bacquang.png" alt="{esc(self.d.name)}"></a>
<form class="search" action="/tim-kiem" method="get"><input type="text" name="q" placeholder="Tìm kiếm"><button type="submit">Tìm</button></form></header>
<nav><ul class="nav"><li class="nav-item"><a class="nav-link" href="/">Trang chủ</a></li>{menu}<li class="nav-item"><a class="nav-link" href="/gioi-thieu">Giới thiệu</a></li></ul></nav>
<div class="container"><div class="row">
<main class="col-md-8">
{main}
</main>
<aside class="col-md-4"><div class="widget"><h3>Thông báo</h3><ul>{notices}</ul></div>
<div class="widget"><h3>Liên kết website</h3><select><option>Cổng TTĐT tỉnh Hà Giang</option></select></div></aside>
</div></div>
<footer class="site-footer">{footer}</footer>
{tail}</body>
</html>
"""

    def render_home(self) -> str:
        """Home: a welcome block and the category links (no article link)."""
        cats = "".join(f'<li><a href="/chuyen-muc/{slug}">{esc(name)}</a></li>'
                       for slug, name, _s in self.d.categories)
        return self.page(self.d.name, f'<section class="intro"><h1>{esc(self.d.name)}</h1>'
                         f'<p>Chào mừng bạn đến với {esc(self.d.name)}.</p><h2>Chuyên mục</h2>'
                         f"<ul>{cats}</ul></section>")

    def render_listing(self, cat: int) -> str:
        """Category shell: empty #news-list, hidden "Xem thêm" button, the listing script."""
        name = self.d.categories[cat][1]
        main = (f'<h1 class="cat-title">{esc(name)}</h1>\n<div id="news-list"></div>\n'
                '<button type="button" id="btn-more" class="btn btn-more" style="display:none">'
                "Xem thêm</button>\n<noscript>Vui lòng bật JavaScript để xem danh sách tin.</noscript>")
        return self.page(f"{name} - {self.d.name}", main,
                         LIST_SCRIPT % {"cat": self.cat_slugs[cat]})

    def render_article(self, a: ArticleSpec) -> str:
        """Plain article page; related news come from the API (script)."""
        parts = []
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(text, i + a.num))
            if i == 0 and a.caption:
                parts.append(f'<figure class="image"><img src="/uploads/news/{a.num}.jpg" '
                             f'alt="{esc(a.image_alt or "")}"><figcaption>{esc(a.caption)}'
                             "</figcaption></figure>")
        if a.author:
            parts.append(f'<p class="author" style="text-align:right"><strong>{esc(a.author)}'
                         "</strong></p>")
        if a.unit:
            parts.append(f'<p style="text-align:right">{esc(a.unit)}</p>')
        if a.source:
            parts.append(f'<p style="text-align:right"><em>Theo: {esc(a.source)}</em></p>')
        name = self.d.categories[a.category][1]
        main = (f'<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/chuyen-muc/'
                f'{self.cat_slugs[a.category]}">{esc(name)}</a></div>\n<article class="post">'
                f'<h1 class="post-title">{esc(a.title)}</h1>\n<div class="post-meta"><span '
                f'class="date">{weekday(a.when)}, {a.when:%d/%m/%Y - %H:%M}</span></div>\n'
                f'<div class="post-content">\n' + "\n".join(parts) + "\n</div></article>\n"
                '<section class="related"><h3>Tin liên quan</h3><ul id="related-news"></ul>'
                "</section>")
        return self.page(f"{a.title} - {self.d.name}", main,
                         RELATED_SCRIPT % {"cat": self.cat_slugs[a.category], "id": a.num})

    def render_search(self) -> str:
        """Search page (disallowed; results come from the API too)."""
        return self.page(f"Tìm kiếm - {self.d.name}", '<h1>Tìm kiếm</h1><div id="search-results">'
                         "</div>")

    def render_about(self) -> str:
        """Static "Giới thiệu" page."""
        return self.page(f"Giới thiệu - {self.d.name}", f"<h1>Giới thiệu</h1><p>{esc(self.d.name)}</p>")

    def not_found(self) -> str:
        """The portal's 404 page."""
        return self.page(f"404 - {self.d.name}", "<h1>404</h1><p>Không tìm thấy trang.</p>")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Chrome around the article."""
        return ["Trang chủ", "Giới thiệu", "Thông báo", *NOTICES, "Liên kết website",
                "Tin liên quan", *FOOTER, self.d.categories[a.category][1]]
