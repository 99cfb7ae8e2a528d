"""ASP.NET WebForms portal (Gò Công Tây, Tiền Giang): layout tables, __VIEWSTATE, cookieless sessions.

What makes it hard: the block title "Chi tiết tin" sits above the article title, the date is a
bare "16/01/2020" span, the left column carries "Album ảnh"/"Slideshow Image 1" blocks, some links
embed a cookieless session id (/(S(…))/), and the Content-Type header has no charset (the page
declares it in a <meta http-equiv>).
"""

from __future__ import annotations

import base64

from tests.mirror.content import ArticleSpec
from tests.mirror.families.base import Family, Route, esc, paragraph_html, token
from tests.mirror.families.variation import Look, credit_line, iso_utc, look, teaser_date
from tests.mirror.urls import Req, build

FOOTER = ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN GÒ CÔNG TÂY",
          "Cơ quan chủ quản: Ủy ban nhân dân huyện Gò Công Tây",
          "Địa chỉ: Khu phố 1, thị trấn Vĩnh Bình, huyện Gò Công Tây, tỉnh Tiền Giang",
          "Điện thoại: 0273.3846.209 - Fax: 0273.3846.210")
VAN_BAN = (("Quyết định về việc ban hành Kế hoạch cải cách hành chính năm 2020", "02/01/2020"),
           ("Kế hoạch ứng dụng công nghệ thông tin trong hoạt động cơ quan nhà nước", "27/12/2019"),
           ("Thông báo lịch tiếp công dân của Chủ tịch UBND huyện", "20/12/2019"))


class AspNet(Family):
    """Renderer and router for the ASP.NET WebForms portal."""

    family = "aspnet"
    server_header = "Microsoft-IIS/8.5"
    robots_disallow = ("/Tim-kiem", "/Admin/", "/WebResource.axd", "/ScriptResource.axd")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_ids = [slug for slug, _n, _s in self.d.categories]

    # -- URLs ---------------------------------------------------------------------------------
    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL /Chi-tiet-tin?id=N."""
        return build(self.base, "/Chi-tiet-tin", {"id": str(a.num)})

    def listing_url(self, cat: int, page: int = 1) -> str:
        """Listing /Danh-sach-tin?CatID=3[&Page=2]."""
        params = {"CatID": self.cat_ids[cat]}
        if page > 1:
            params["Page"] = str(page)
        return build(self.base, "/Danh-sach-tin", params)

    def link(self, a: ArticleSpec, salt: str) -> str:
        """Article link; every third one carries a cookieless session id."""
        if a.num % 3 == 0:
            sid = "".join("abcdefghijklmnopqrstuvwxyz012345"[int(c, 16) * 2 % 32]
                          for c in token(salt, a.num, n=24))
            return f"/(S({sid}))/Chi-tiet-tin?id={a.num}"
        return f"/Chi-tiet-tin?id={a.num}"

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Route rewritten .aspx pages (case-insensitive like IIS)."""
        path = req.path.lower().rstrip("/") or "/"
        params = {k.lower(): v for k, v in req.params.items()}
        if path in ("/", "/default.aspx"):
            return Route("home", self.render_home)
        if path in ("/lien-he", "/lien-he.aspx"):
            return Route("error", self.render_500, status=500)
        if path in ("/tim-kiem", "/tim-kiem.aspx"):
            return Route("search", self.render_search)
        if path in ("/gioi-thieu", "/gioi-thieu.aspx"):
            return Route("other", self.render_about)
        if path in ("/danh-sach-tin", "/danh-sach-tin.aspx"):
            if params.get("catid") not in self.cat_ids:
                return Route("unknown")
            cat = self.cat_ids.index(params["catid"])
            page = self.page_number(params.get("page"), cat)
            if page is None:
                return Route("unknown")
            kind = "listing" if path == "/danh-sach-tin" else "variant"
            return Route(kind, lambda: self.render_listing(cat, page))
        if path in ("/chi-tiet-tin", "/chi-tiet-tin.aspx"):
            a = self.by_num_or_none(params.get("id", ""))
            if a is None:
                return Route("unknown")
            kind = "article" if path == "/chi-tiet-tin" else "variant"
            return Route(kind, lambda: self.render_article(a, req.is_print),
                         canonical=self.article_url(a))
        return Route("unknown")

    def resolve(self, req: Req) -> Route:
        """As the base, but pages are served without a charset in Content-Type."""
        route = super().resolve(req)
        if route.content_type.startswith("text/html"):
            return Route(route.kind, route.render, route.status, "text/html", route.location)
        return route

    # -- chrome -------------------------------------------------------------------------------
    @staticmethod
    def viewstate(salt: str) -> str:
        """A plausible, deterministic __VIEWSTATE blob."""
        raw = b"\xff\x01\x0f\x0f\x05\n-" + token("vs", salt, n=40).encode() * 6
        return "/wEPDwUK" + base64.b64encode(raw).decode()

    def page(self, title: str, center: str, action: str) -> str:
        """Full WebForms page: three-column layout table inside <form id="form1">."""
        menu = " | ".join(f'<a href="/Danh-sach-tin?CatID={cid}">{esc(name)}</a>'
                          for cid, name, _ in self.d.categories)
        docs = "".join(f'<tr><td class="vb"><a href="/Gioi-thieu">{esc(t)}</a> '
                       f'<span class="ngay">({d})</span></td></tr>' for t, d in VAN_BAN)
        footer = "<br />".join(esc(line) for line in FOOTER)
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="ctl00_Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{esc(title)}
</title><link href="/App_Themes/Default/StyleSheet.css" type="text/css" rel="stylesheet" /></head>
<body style="margin:0px; background-color:#e8f1fa">
<form name="form1" method="post" action="{esc(action)}" id="form1">
<div>
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{self.viewstate(action)}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['form1'];
function __doPostBack(eventTarget, eventArgument) {{ if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{ theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit(); }} }}
//]]>
</script>
<a href="#noidung" class="skiplink">Truy cập nội dung luôn</a>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" style="background-color:#ffffff">
<tr><td colspan="3"><a href="/"><img src="/Images/banner_gocongtay.jpg" alt="{esc(self.d.name)}" width="1000" height="160" border="0" /></a></td></tr>
<tr><td colspan="3" class="menu" style="background:#0b5ea8;padding:6px"><a href="/">Trang chủ</a> | {menu} | <a href="/Gioi-thieu">Giới thiệu</a> | <a href="/Lien-he.aspx">Liên hệ</a> | <a href="/Tim-kiem?keyword=c%E1%BA%A3i+c%C3%A1ch">Tìm kiếm</a></td></tr>
<tr>
<td width="210" valign="top" class="colleft">
<table width="100%" cellpadding="0" cellspacing="0"><tr><td class="block-title">Album ảnh</td></tr><tr><td><a href="/Gioi-thieu"><img src="/Images/album.jpg" alt="Album ảnh" width="200" /></a></td></tr></table>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td class="block-title">Slideshow Image 1</td></tr><tr><td><img src="/Images/slide1.jpg" alt="Slideshow Image 1" width="200" /></td></tr></table>
</td>
<td width="570" valign="top" class="colcenter"><a name="noidung" id="noidung"></a>
{center}
</td>
<td width="220" valign="top" class="colright">
<table width="100%" cellpadding="0" cellspacing="0"><tr><td class="block-title">Văn bản mới</td></tr>{docs}</table>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td class="block-title">Liên kết</td></tr><tr><td><a href="https://tiengiang.gov.vn"><img src="/Images/lienket.jpg" alt="Liên kết" width="200" /></a></td></tr></table>
</td></tr>
<tr><td colspan="3" class="footer" style="text-align:center;padding:10px">{footer}</td></tr>
</table>
<div><input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEWAgL{token('ev', action, n=24)}" /></div>
</form>
</body>
</html>
"""

    # -- pages --------------------------------------------------------------------------------
    def look(self, a: ArticleSpec) -> Look:
        """"Các tin khác" as a block under the article or a dated list in the same cell as
        divContent; the date slot bare ("16/01/2020") or a raw ISO timestamp; bylines padded
        bold or "Tin, ảnh: …"."""
        return look(self.portal.id, a, related=("apart", "inside"),
                    headings=("Các tin khác", "TIN ĐÃ ĐƯA"), bylines=("strong", "credit"),
                    dates=("bare", "bare", "iso"))

    def body_html(self, a: ArticleSpec, lk: Look) -> str:
        """divContent: Word-pasted paragraphs, caption table, padded byline."""
        parts = ["<p>&nbsp;</p>"]
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(a.shown(text), i + a.num + 3))
            if i == 0 and a.caption:
                cap = "<br />".join(esc(a.shown(line)) for line in a.caption.split("\n"))
                parts.append(f'<p>&nbsp;</p><table align="center" border="0" cellpadding="2" '
                             f'cellspacing="0" width="450"><tr><td><img alt="{esc(a.image_alt or "")}" '
                             f'src="{self.image_src(a)}" width="450" /></td></tr><tr><td '
                             f'style="text-align:center"><em>{cap}</em></td></tr></table>')
        pad = "&nbsp;" * 60
        if a.author and lk.byline == "strong":
            parts.append(f"<p>&nbsp;</p><p>{pad}<strong>{esc(a.author)}</strong></p>")
            if a.unit:
                parts.append(f"<p>{pad}{esc(a.unit)}</p>")
        elif a.author and lk.byline == "credit":
            parts.append(f'<p style="text-align:right"><strong>{credit_line(a)}</strong></p>')
        if a.source:
            parts.append(f'<p style="text-align:right"><em>Theo: {esc(a.source)}</em></p>')
        return "\n".join(parts)

    def date_text(self, a: ArticleSpec, lk: Look) -> str:
        """What lblDate shows: "16/01/2020", "2020-01-16T07:00:00.000Z" or nothing."""
        if a.published is None:
            return ""
        return iso_utc(a.when) if lk.date == "iso" else f"{a.when:%d/%m/%Y}"

    def render_article(self, a: ArticleSpec, printing: bool = False) -> str:
        """Chi-tiet-tin: "Chi tiết tin" block title above lblTitle/lblDate/divContent; the
        page `<title>` is the site name (the headline is only in the body)."""
        lk = self.look(a)
        inside = ""
        if lk.related == "inside" and not printing:
            rows = "".join(f'<li><a href="{self.link(r, a.num)}">{esc(r.title)}</a> '
                           f'<span class="ngay">{teaser_date(r.when, "slash")}</span></li>'
                           for r in self.related(a)[:3])
            inside = (f'<div class="other-news"><div class="other-title">{esc(lk.heading)}</div>'
                      f"<ul>{rows}</ul></div>")
        core = (f'<table width="100%" cellpadding="4" cellspacing="0"><tr><td>'
                f'<span id="ctl00_ContentPlaceHolder1_lblTitle" class="title" style="font-weight:bold;'
                f'font-size:15px;color:#0b5ea8">{esc(a.shown(a.title))}</span><br />'
                f'<span id="ctl00_ContentPlaceHolder1_lblDate" class="date">{self.date_text(a, lk)}'
                f"</span></td></tr>"
                f'<tr><td><div id="ctl00_ContentPlaceHolder1_divContent" class="content">\n'
                f"{self.body_html(a, lk)}\n</div>{inside}</td></tr>")
        if printing:
            return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"'
                    f" /><title>{esc(a.shown(a.title))}</title></head><body onload=\"window.print()\">"
                    f"{core}</table></body></html>")
        center = (f'<table width="100%" cellpadding="0" cellspacing="0"><tr><td class="block-title">'
                  f"<span>Chi tiết tin</span></td></tr></table>\n{core}"
                  f'<tr><td align="right"><a href="/Chi-tiet-tin?id={a.num}&amp;print=1" '
                  f'target="_blank">In trang</a></td></tr></table>\n')
        if lk.related == "apart":
            rel = "".join(f'<tr><td>» <a href="{self.link(r, a.num)}">{esc(r.title)}</a></td></tr>'
                          for r in self.related(a))
            center += f'<table width="100%"><tr><td class="block-title">Các tin khác</td></tr>{rel}</table>'
        return self.page(self.d.name, center, f"Chi-tiet-tin.aspx?id={a.num}")

    def render_listing(self, cat: int, page: int) -> str:
        """Danh-sach-tin with a numbered pager."""
        name = self.d.categories[cat][1]
        cid = self.cat_ids[cat]
        rows = "".join(
            f'<tr><td width="130" valign="top"><img src="{self.image_src(a)}" width="120" alt="" />'
            f'</td><td valign="top"><a class="tieude" href="{self.link(a, f"l{cat}{page}")}">'
            f'{esc(a.shown(a.title))}</a>'
            + (f' <span class="ngay">({a.when:%d/%m/%Y})</span>' if a.published else "")
            + f"<br />{esc(self.excerpt(a))}</td></tr>" for a in self.page_items(cat, page))
        pager = " ".join(
            f"<b>{p}</b>" if p == page else f'<a href="/Danh-sach-tin?CatID={cid}&amp;Page={p}">{p}</a>'
            for p in range(1, self.pages(cat) + 1))
        if page < self.pages(cat):
            pager += f' <a href="/Danh-sach-tin?CatID={cid}&amp;Page={page + 1}">Trang sau »</a>'
        center = (f'<table width="100%"><tr><td class="block-title" colspan="2">{esc(name)}</td></tr>'
                  f'{rows}<tr><td colspan="2" class="pager" align="center">{pager}</td></tr></table>')
        return self.page(f"{name}{self.title_suffix}", center, f"Danh-sach-tin.aspx?CatID={cid}")

    def render_home(self) -> str:
        """Default.aspx: latest news then a block per category."""
        rows = "".join(f'<tr><td>» <a href="{self.link(a, "home")}">{esc(a.shown(a.title))}</a></td></tr>'
                       for a in self.newest[:10])
        center = f'<table width="100%"><tr><td class="block-title">Tin mới</td></tr>{rows}</table>'
        for cat, (cid, name, _n) in enumerate(self.d.categories):
            lis = "".join(f'<tr><td>» <a href="{self.link(a, "home")}">{esc(a.shown(a.title))}</a></td></tr>'
                          for a in self.cats[cat][:5])
            center += (f'<table width="100%"><tr><td class="block-title"><a href="/Danh-sach-tin?'
                       f'CatID={cid}">{esc(name)}</a></td></tr>{lis}</table>')
        return self.page(f"Trang chủ{self.title_suffix}", center, "Default.aspx")

    def render_search(self) -> str:
        """Search page (disallowed)."""
        rows = "".join(f'<tr><td><a href="/Chi-tiet-tin?id={a.num}">{esc(a.title)}</a></td></tr>'
                       for a in self.newest[:5])
        return self.page(f"Tìm kiếm{self.title_suffix}",
                         f'<table><tr><td class="block-title">Kết quả tìm kiếm</td></tr>{rows}</table>',
                         "Tim-kiem.aspx")

    def render_about(self) -> str:
        """Static "Giới thiệu" page."""
        return self.page(f"Giới thiệu{self.title_suffix}",
                         f"<p>{esc(self.d.name)}</p>", "Gioi-thieu.aspx")

    @staticmethod
    def render_500() -> str:
        """The classic yellow screen of death of the broken "Liên hệ" page."""
        return ("<html><head><title>Runtime Error</title></head><body bgcolor=\"white\">"
                "<span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>"
                "<h2> <i>Object reference not set to an instance of an object.</i> </h2></span>"
                "<b> Exception Details: </b>System.NullReferenceException: Object reference not set "
                "to an instance of an object.<br><br></body></html>")

    def not_found(self) -> str:
        """IIS custom 404 page inside the portal layout."""
        return self.page(f"Không tìm thấy trang{self.title_suffix}",
                         "<p>Trang bạn tìm không tồn tại hoặc đã bị xóa.</p>", "404.aspx")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Seed-003 chrome plus sidebar documents (with dates) and related titles."""
        return ["Truy cập nội dung luôn", "Album ảnh", "Slideshow Image 1", "Chi tiết tin",
                "Liên kết", "Văn bản mới", *[t for t, _ in VAN_BAN], "In trang", *FOOTER,
                *self.related_markers(a)]

    def related_markers(self, a: ArticleSpec) -> list[str]:
        """The related-news heading, three related titles and (inside) their dates."""
        lk = self.look(a)
        rel = self.related(a)[:3]
        if lk.related == "apart":
            return ["Các tin khác", *[r.title for r in rel]]
        return [lk.heading, *[r.title for r in rel], *[teaser_date(r.when, "slash") for r in rel]]
