"""Classic ASP portal with broken charsets (Điện Bàn, Quảng Nam; extended mirror).

What makes it hard: the bytes are windows-1258 but the server says `charset=utf-8` (the page's
own `<meta>` says windows-1258, and the meta is right); a few pages declare no charset at all;
and two old articles kept as static .htm files are in the pre-Unicode font encodings: one in
TCVN3 (`<font face=".VnTime">`), one in VNI (`<font face="VNI-Times">`), which no HTTP or HTML
declaration can name. windows-1258 writes most tones as combining marks: the ground truth is the
NFC of the decoded text.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.mirror.content import ArticleSpec
from tests.mirror.encodings import encode_cp1258, encode_tcvn3, encode_vni
from tests.mirror.families.base import Family, Route, esc, paragraph_html
from tests.mirror.urls import Req, build

FOOTER = ("Cổng thông tin điện tử thị xã Điện Bàn",
          "Địa chỉ: 268 Trần Nhân Tông, phường Vĩnh Điện, thị xã Điện Bàn, tỉnh Quảng Nam",
          "Điện thoại: 0235.3867.343 - Fax: 0235.3867.123")
SIDEBAR = ("Liên kết web", "Số lượt truy cập", "Thông tin cần biết")
#: Chrome of the old static pages (TCVN3 cannot write uppercase letters with tone marks).
OLD_CHROME = ("UBND huyện Điện Bàn - Lưu trữ tin bài", "Trở về trang chủ",
              "Bản quyền thuộc UBND huyện Điện Bàn")
LYING = "text/html; charset=utf-8"  # what IIS says for every .asp page
UNDECLARED = "text/html"
FONTS = {"tcvn3": (".VnTime", encode_tcvn3), "vni": ("VNI-Times", encode_vni)}


class ClassicAsp(Family):
    """Renderer and router for the classic ASP portal."""

    family = "asp"
    server_header = "Microsoft-IIS/7.5"
    robots_disallow = ("/timkiem.asp", "/admin/")
    body_xpath = "//div[@class='noidung']/p"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_ids = [cid for cid, _n, _s in self.d.categories]
        self.title_suffix = " - " + self.d.name
        self.static = {self.article_path(a): a for a in self.newest if a.charset in FONTS}

    # -- URLs ---------------------------------------------------------------------------------
    def article_path(self, a: ArticleSpec) -> str:
        """/chitiet.asp?id=N, or /luutru/<year>/<slug>.htm for the old static pages."""
        if a.charset in FONTS:
            return f"/luutru/{a.when.year}/{a.slug}.htm"
        return f"/chitiet.asp?id={a.num}"

    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL."""
        if a.charset in FONTS:
            return build(self.base, self.article_path(a))
        return build(self.base, "/chitiet.asp", {"id": str(a.num)})

    def listing_url(self, cat: int, page: int = 1) -> str:
        """/tintuc.asp?cat=1[&page=2]"""
        params = {"cat": self.cat_ids[cat]}
        if page > 1:
            params["page"] = str(page)
        return build(self.base, "/tintuc.asp", params)

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Route the .asp pages and the static archive."""
        path = req.path.lower()
        if path in ("/", "/default.asp"):
            return self.html("home", self.render_home)
        if path == "/timkiem.asp":
            return self.html("search", self.render_search)
        if path == "/gioithieu.asp":
            return self.html("other", self.render_about)
        if path == "/tintuc.asp":
            if req.params.get("cat") not in self.cat_ids:
                return Route("unknown")
            cat = self.cat_ids.index(req.params["cat"])
            page = self.page_number(req.params.get("page"), cat)
            if page is None:
                return Route("unknown")
            return self.html("listing", lambda: self.render_listing(cat, page))
        if path == "/chitiet.asp":
            a = self.by_num_or_none(req.params.get("id", ""))
            if a is None or a.charset in FONTS:
                return Route("unknown")
            return self.html("article", lambda: self.render_article(a), a.charset,
                             canonical=self.article_url(a))
        a = self.static.get(req.path)
        if a is not None:
            return Route("article", lambda: self.render_old(a), content_type=UNDECLARED,
                         canonical=self.article_url(a))
        return Route("unknown")

    def html(self, kind: str, render: Callable[[], str], charset: str | None = None,
             canonical: str | None = None) -> Route:
        """A windows-1258 page: header lies (utf-8) and the meta is right, or (undeclared)
        neither says anything."""
        undeclared = charset == "cp1258-undeclared"

        def encoded() -> bytes:
            page = render()
            if undeclared:
                page = page.replace(self.META, "")
            return encode_cp1258(page)

        return Route(kind, encoded, content_type=UNDECLARED if undeclared else LYING,
                     canonical=canonical)

    def not_found(self) -> bytes:  # type: ignore[override]
        """IIS 404 page, windows-1258 like the rest."""
        return encode_cp1258(self.page(f"Không tìm thấy trang{self.title_suffix}",
                                       "<p>Trang bạn tìm không tồn tại.</p>"))

    # -- layout -------------------------------------------------------------------------------
    META = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">\n'

    def page(self, title: str, center: str) -> str:
        """Table layout of a 2010 ASP site (rendered as text, encoded by `html`)."""
        menu = " | ".join(f'<a href="/tintuc.asp?cat={cid}">{esc(name)}</a>'
                          for cid, name, _s in self.d.categories)
        footer = "<br>".join(esc(line) for line in FOOTER)
        return f"""<html>
<head>
{self.META}<title>{esc(title)}</title>
<link rel="stylesheet" type="text/css" href="/css/style.css">
</head>
<body topmargin="0" leftmargin="0">
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td colspan="2"><a href="/"><img src="/images/banner.jpg" alt="{esc(self.d.name)}" width="980" height="150" border="0"></a></td></tr>
<tr><td colspan="2" class="menu"><a href="/">Trang chủ</a> | {menu} | <a href="/gioithieu.asp">Giới thiệu</a> | <a href="/timkiem.asp?tukhoa=n%F4ng+th%F4n">Tìm kiếm</a></td></tr>
<tr><td width="720" valign="top" class="giua">
{center}
</td>
<td width="260" valign="top" class="phai">
<table width="100%"><tr><td class="khung">Thông tin cần biết</td></tr><tr><td><a href="/gioithieu.asp">Lịch tiếp công dân</a></td></tr></table>
<table width="100%"><tr><td class="khung">Liên kết web</td></tr><tr><td><select onchange="window.open(this.value)"><option>Cổng TTĐT tỉnh Quảng Nam</option></select></td></tr></table>
<table width="100%"><tr><td class="khung">Số lượt truy cập</td></tr><tr><td>1.284.903</td></tr></table>
</td></tr>
<tr><td colspan="2" class="footer" align="center">{footer}</td></tr>
</table>
</body>
</html>
"""

    # -- pages --------------------------------------------------------------------------------
    def render_home(self) -> str:
        """Home: latest news per category."""
        blocks = []
        for cat, (cid, name, _s) in enumerate(self.d.categories):
            rows = "".join(f'<tr><td>&raquo; <a href="{self.article_path(a)}">{esc(a.title)}</a> '
                           f'<font color="#808080">({a.when:%d/%m/%Y})</font></td></tr>'
                           for a in self.cats[cat][:5])
            blocks.append(f'<table width="100%"><tr><td class="khung"><a href="/tintuc.asp?cat='
                          f'{cid}">{esc(name)}</a></td></tr>{rows}</table>')
        return self.page(f"Trang chủ{self.title_suffix}", "\n".join(blocks))

    def render_listing(self, cat: int, page: int) -> str:
        """tintuc.asp: titles, dates, excerpts and a "Trang:" pager with relative links."""
        cid, name, _s = self.d.categories[cat]
        rows = "".join(
            f'<tr><td><a class="tieude" href="{self.article_path(a)}">{esc(a.title)}</a> '
            f'<font color="#808080">({a.when:%d/%m/%Y})</font><br>{esc(self.excerpt(a))}</td></tr>'
            for a in self.page_items(cat, page))
        pager = " ".join(f"<b>{p}</b>" if p == page else
                         f'<a href="tintuc.asp?cat={cid}&amp;page={p}">{p}</a>'
                         for p in range(1, self.pages(cat) + 1))
        if page < self.pages(cat):
            pager += f' <a href="tintuc.asp?cat={cid}&amp;page={page + 1}">Tiếp &raquo;</a>'
        center = (f'<table width="100%"><tr><td class="khung">{esc(name)}</td></tr>{rows}'
                  f'<tr><td align="center" class="trang">Trang: {pager}</td></tr></table>')
        return self.page(f"{name}{self.title_suffix}", center)

    def body(self, a: ArticleSpec, wrap: Callable[[str], str] = esc) -> str:
        """div.noidung: paragraphs, then byline / unit / "Theo:" lines."""
        parts = []
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(text, i + a.num) if wrap is esc
                         else f'<p align="justify">{wrap(text)}</p>')
            if i == 0 and a.caption:
                parts.append(f'<table align="center"><tr><td><img src="/images/tintuc/{a.num}.jpg" '
                             f'alt="{esc(a.image_alt or "")}"></td></tr><tr><td align="center">'
                             f"<i>{wrap(a.caption)}</i></td></tr></table>")
        if a.author:
            parts.append(f'<p align="right"><b>{wrap(a.author)}</b></p>')
        if a.unit:
            parts.append(f'<p align="right">{wrap(a.unit)}</p>')
        if a.source:
            parts.append(f'<p align="right"><i>{wrap("Theo: " + a.source)}</i></p>')
        return '<div class="noidung">\n' + "\n".join(parts) + "\n</div>"

    def render_article(self, a: ArticleSpec) -> str:
        """chitiet.asp: title, "Cập nhật ngày … lúc …", body, "Các tin khác"."""
        rel = "".join(f'<li><a href="{self.article_path(r)}">{esc(r.title)}</a></li>'
                      for r in self.related(a))
        center = (f'<table width="100%" class="chitiet"><tr><td class="tieude"><h1>{esc(a.title)}'
                  f'</h1></td></tr><tr><td class="ngay">Cập nhật ngày {a.when:%d/%m/%Y} lúc '
                  f"{a.when:%H:%M}</td></tr><tr><td>\n{self.body(a)}\n</td></tr>"
                  f'<tr><td align="right"><a href="javascript:window.print()">In bài viết</a></td>'
                  f'</tr></table>\n<div class="tinkhac"><b>Các tin khác:</b><ul>{rel}</ul></div>')
        return self.page(a.title + self.title_suffix, center)

    def render_old(self, a: ArticleSpec) -> bytes:
        """A 2006/2007 FrontPage page, every text in the legacy font encoding, no charset."""
        face, encode = FONTS[a.charset or ""]

        def font(text: str, extra: str = "") -> str:
            return f'<font face="{face}"{extra}>{esc(text)}</font>'

        date = f"Ngày {a.when.day}/{a.when.month}/{a.when.year}"
        html = f"""<html>
<head>
<meta http-equiv="Content-Language" content="en-us">
<meta name="GENERATOR" content="Microsoft FrontPage 4.0">
<meta name="ProgId" content="FrontPage.Editor.Document">
<title>{esc(a.title)}</title>
</head>
<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0">
<table border="0" width="760" cellspacing="0" cellpadding="0" align="center">
<tr><td><img border="0" src="/images/banner_cu.jpg" width="760" height="100"></td></tr>
<tr><td bgcolor="#003399" height="22">{font(OLD_CHROME[0], ' color="#FFFFFF" size="2"')}</td></tr>
<tr><td>
<p align="center"><b>{font(a.title, ' size="4" color="#003399"')}</b></p>
<p align="right"><i>{font(date, ' size="2"')}</i></p>
{self.body(a, wrap=font)}
<p><a href="/">{font(OLD_CHROME[1], ' size="2"')}</a></p>
</td></tr>
<tr><td bgcolor="#003399" align="center">{font(OLD_CHROME[2], ' color="#FFFFFF" size="2"')}</td></tr>
</table>
</body>
</html>
"""
        return encode(html)

    def render_search(self) -> str:
        """timkiem.asp (disallowed)."""
        rows = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>'
                       for a in self.newest[:5])
        return self.page(f"Tìm kiếm{self.title_suffix}", f"<b>Kết quả tìm kiếm</b><ul>{rows}</ul>")

    def render_about(self) -> str:
        """gioithieu.asp."""
        return self.page(f"Giới thiệu{self.title_suffix}", f"<p>{esc(self.d.name)}</p>")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Chrome around the article (the old static pages have their own)."""
        if a.charset in FONTS:
            return list(OLD_CHROME)
        return ["Trang chủ", "Giới thiệu", "Tìm kiếm", *SIDEBAR, "Lịch tiếp công dân",
                "In bài viết", "Các tin khác:", *FOOTER, *[r.title for r in self.related(a)[:3]]]
