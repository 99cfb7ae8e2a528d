"""SharePoint 2013 portal with document attachments (Hoằng Hóa, Thanh Hóa; extended mirror).

What makes it hard: the "Văn bản chỉ đạo điều hành" articles announce official documents and
link the files (PDF, DOCX, XLSX under /Uploads/files/) in a "Tệp đính kèm" block outside the
rich-text field; the files are real, valid documents whose text a crawler may want to extract.
List paging is SharePoint's `?Paged=TRUE&PageFirstRow=11`, `/` redirects to the welcome page,
and search lives under the robots-disallowed `/_layouts/`.
"""

from __future__ import annotations

from tests.mirror.content import ArticleSpec, AttachmentSpec
from tests.mirror.families.base import PER_PAGE, Family, Route, esc, paragraph_html
from tests.mirror.urls import Req, build

HOME = "/portal/Pages/default.aspx"
FOOTER = ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN HOẰNG HÓA",
          "Cơ quan chủ quản: UBND huyện Hoằng Hóa, tỉnh Thanh Hóa",
          "Địa chỉ: Thị trấn Bút Sơn, huyện Hoằng Hóa, tỉnh Thanh Hóa - ĐT: 0237.3865.118")
LINKS = ("Hệ thống quản lý văn bản và điều hành", "Cổng dịch vụ công tỉnh Thanh Hóa",
         "Thư điện tử công vụ")
ICONS = {"pdf": "icpdf.png", "docx": "icdocx.png", "xlsx": "icxlsx.png"}


class SharePoint(Family):
    """Renderer and router for the SharePoint portal."""

    family = "sharepoint"
    server_header = "Microsoft-IIS/8.5"
    robots_disallow = ("/_layouts/", "/portal/_layouts/", "/_vti_bin/", "/portal/_vti_bin/")
    body_xpath = "//div[contains(@class,'ms-rtestate-field')]/p"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cat_slugs = [slug for slug, _n, _s in self.d.categories]
        self.by_page = {self.page_name(a).lower(): a for a in self.newest}
        self.files: dict[str, AttachmentSpec] = {
            f.path.lower(): f for a in self.newest for f in a.attachments}

    # -- URLs ---------------------------------------------------------------------------------
    @staticmethod
    def page_name(a: ArticleSpec) -> str:
        """Publishing page name: date plus the first twelve words of the title, Title-Cased."""
        words = [w.capitalize() for w in a.slug.split("-")[:12]]
        return f"{a.when:%Y-%m-%d}-{'-'.join(words)}.aspx"

    def article_url(self, a: ArticleSpec) -> str:
        """Canonical article URL /portal/Pages/<page>.aspx"""
        return build(self.base, f"/portal/Pages/{self.page_name(a)}")

    def listing_url(self, cat: int, page: int = 1) -> str:
        """/portal/Pages/<cat>.aspx[?Paged=TRUE&PageFirstRow=11]"""
        params = {} if page == 1 else {"Paged": "TRUE",
                                       "PageFirstRow": str((page - 1) * PER_PAGE + 1)}
        return build(self.base, f"/portal/Pages/{self.cat_slugs[cat]}.aspx", params)

    # -- routing ------------------------------------------------------------------------------
    def route(self, req: Req) -> Route:
        """Welcome page, list pages, publishing pages, documents."""
        path = req.path.lower()
        if path == "/":
            return Route("redirect", status=302, location=self.base + HOME)
        if path == HOME.lower():
            return Route("home", self.render_home)
        if path.startswith(("/_layouts/", "/portal/_layouts/")) and "search" in path:
            return Route("search", self.render_search)
        if path == "/portal/pages/gioi-thieu.aspx":
            return Route("other", self.render_about)
        f = self.files.get(path)
        if f is not None:
            return Route("attachment", lambda: f.data, content_type=f.content_type,
                         headers={"Content-Disposition": f'attachment; filename="{f.filename}"'})
        for cat, slug in enumerate(self.cat_slugs):
            if path == f"/portal/pages/{slug}.aspx":
                return self.route_list(req, cat)
        a = self.by_page.get(path.removeprefix("/portal/pages/"))
        if a is not None and path.startswith("/portal/pages/"):
            return Route("article", lambda: self.render_article(a), canonical=self.article_url(a))
        return Route("unknown")

    def route_list(self, req: Req, cat: int) -> Route:
        """List view paging: Paged=TRUE&PageFirstRow=1+10k (anything else: 404)."""
        if not req.params:
            return Route("listing", lambda: self.render_listing(cat, 1))
        first = req.params.get("PageFirstRow", "")
        if set(req.params) != {"Paged", "PageFirstRow"} or req.params["Paged"] != "TRUE" \
                or not first.isdigit() or (int(first) - 1) % PER_PAGE:
            return Route("unknown")
        page = (int(first) - 1) // PER_PAGE + 1
        if not 1 <= page <= self.pages(cat):
            return Route("unknown")
        return Route("listing", lambda: self.render_listing(cat, page))

    # -- layout -------------------------------------------------------------------------------
    def page(self, title: str, main: str) -> str:
        """seattle.master-like layout: s4-workspace, top navigation, left quick launch."""
        nav = "".join(f'<li class="static"><a class="static menu-item" href="/portal/Pages/{slug}.aspx">'
                      f'<span class="menu-item-text">{esc(name)}</span></a></li>'
                      for slug, name, _s in self.d.categories)
        links = "".join(f'<li><a href="/portal/Pages/gioi-thieu.aspx">{esc(t)}</a></li>'
                        for t in LINKS)
        footer = "<br />".join(esc(line) for line in FOOTER)
        return f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" />
<title>
	{esc(title)}
</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/1033/styles/Themable/corev15.css?rev=2bpHeX9U8DH09TB5zpJcsQ%3D%3D"/>
<script type="text/javascript" src="/_layouts/15/init.js?rev=ZGoD6uBgoUeRYlwb0JmyFw%3D%3D"></script>
</head>
<body>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div id="header"><a href="{HOME}"><img src="/portal/SiteAssets/banner-hoanghoa.png" alt="{esc(self.d.name)}" /></a>
<div class="search"><a href="/portal/_layouts/15/osssearchresults.aspx?k=v%C4%83n%20b%E1%BA%A3n">Tìm kiếm</a></div></div>
<div id="DeltaTopNavigation" class="ms-displayInline"><ul class="root static"><li class="static"><a class="static menu-item" href="{HOME}"><span class="menu-item-text">Trang chủ</span></a></li>{nav}</ul></div>
<div id="contentRow">
<div id="sideNavBox"><div class="ms-core-listMenu-verticalBox"><h3>Liên kết</h3><ul>{links}</ul></div></div>
<div id="contentBox" aria-live="polite" aria-relevant="all">
<div id="DeltaPlaceHolderMain">
{main}
</div></div></div>
<div id="footer">{footer}</div>
</div></div>
</body>
</html>
"""

    # -- pages --------------------------------------------------------------------------------
    def attachment_block(self, a: ArticleSpec) -> str:
        """"Tệp đính kèm": one link per document, with the SharePoint file-type icon."""
        if not a.attachments:
            return ""
        lis = "".join(f'<li><img src="/_layouts/15/images/{ICONS[f.filename.rsplit(".", 1)[1]]}" '
                      f'alt="{f.filename.rsplit(".", 1)[1]}" /> <a href="{f.path}" target="_blank">'
                      f"{esc(f.label)}</a> ({max(1, len(f.data) // 1024)} KB)</li>"
                      for f in a.attachments)
        return f'<div class="attachments"><b>Tệp đính kèm:</b><ul>{lis}</ul></div>'

    def render_article(self, a: ArticleSpec) -> str:
        """Publishing page: title, date and view count, rich-text field, attachments, related."""
        parts = []
        for i, text in enumerate(a.raw_paragraphs):
            parts.append(paragraph_html(text, i + a.num))
            if i == 0 and a.caption:
                parts.append(f'<div class="ms-rtestate-read"><img src="/portal/PublishingImages/'
                             f'{a.num}.jpg" alt="{esc(a.image_alt or "")}" /><div class="caption">'
                             f"{esc(a.caption)}</div></div>")
        if a.author:
            parts.append(f'<p style="text-align:right"><strong>{esc(a.author)}</strong></p>')
        if a.unit:
            parts.append(f'<p style="text-align:right">{esc(a.unit)}</p>')
        if a.source:
            parts.append(f'<p style="text-align:right"><em>Theo: {esc(a.source)}</em></p>')
        rel = "".join(f'<li><a href="/portal/Pages/{self.page_name(r)}">{esc(r.title)}</a></li>'
                      for r in self.related(a))
        main = (f'<div class="news-detail"><h1 class="news-title">{esc(a.title)}</h1>\n'
                f'<div class="news-date">Ngày {a.when:%d/%m/%Y %H:%M} | Lượt xem: '
                f"{100 + a.num * 7 % 900}</div>\n"
                '<div id="ctl00_PlaceHolderMain_ctl02__ControlWrapper_RichHtmlField" '
                'class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl02_label">\n'
                + "\n".join(parts) + f"\n</div>\n{self.attachment_block(a)}</div>\n"
                f'<div class="related-news"><h3>Tin khác</h3><ul>{rel}</ul></div>')
        return self.page(a.title, main)

    def render_listing(self, cat: int, page: int) -> str:
        """List view with "Trang trước"/"Trang sau" paging links (no page numbers)."""
        name = self.d.categories[cat][1]
        rows = "".join(
            f'<tr><td class="ms-vb2"><a href="/portal/Pages/{self.page_name(a)}">{esc(a.title)}</a>'
            f'</td><td class="ms-vb2">{a.when:%d/%m/%Y}</td>'
            f'<td class="ms-vb2">{"Có" if a.attachments else ""}</td></tr>'
            for a in self.page_items(cat, page))
        nav = []
        if page > 1:
            nav.append(f'<a href="{self.listing_url(cat, page - 1).removeprefix(self.base)}">'
                       "« Trang trước</a>")
        nav.append(f"<span>{(page - 1) * PER_PAGE + 1} - "
                   f"{min(page * PER_PAGE, len(self.cats[cat]))}</span>")
        if page < self.pages(cat):
            nav.append(f'<a href="{self.listing_url(cat, page + 1).removeprefix(self.base)}">'
                       "Trang sau »</a>")
        main = (f'<h1 class="ms-webpart-titleText">{esc(name)}</h1><table class="ms-listviewtable">'
                '<tr><th>Tiêu đề</th><th>Ngày ban hành</th><th>Đính kèm</th></tr>'
                f'{rows}</table><div class="ms-bottompaging">{" ".join(nav)}</div>')
        return self.page(f"{name} - {self.d.name}", main)

    def render_home(self) -> str:
        """default.aspx: newest documents and news."""
        blocks = []
        for cat, (slug, name, _s) in enumerate(self.d.categories):
            lis = "".join(f'<li><a href="/portal/Pages/{self.page_name(a)}">{esc(a.title)}</a></li>'
                          for a in self.cats[cat][:5])
            blocks.append(f'<div class="ms-webpartzone-cell"><h2><a href="/portal/Pages/{slug}.aspx">'
                          f"{esc(name)}</a></h2><ul>{lis}</ul></div>")
        return self.page(self.d.name, "\n".join(blocks))

    def render_search(self) -> str:
        """osssearchresults.aspx (disallowed)."""
        lis = "".join(f'<li><a href="/portal/Pages/{self.page_name(a)}">{esc(a.title)}</a></li>'
                      for a in self.newest[:5])
        return self.page(f"Kết quả tìm kiếm - {self.d.name}", f"<ul>{lis}</ul>")

    def render_about(self) -> str:
        """A static page."""
        return self.page(f"Giới thiệu - {self.d.name}", f"<p>{esc(self.d.name)}</p>")

    def not_found(self) -> str:
        """SharePoint's "Sorry, something went wrong" page, in Vietnamese."""
        return self.page(f"Lỗi - {self.d.name}", "<h1>Rất tiếc, đã xảy ra lỗi</h1>"
                         "<p>Không tìm thấy tệp.</p>")

    def article_markers(self, a: ArticleSpec) -> list[str]:
        """Chrome around the article, the attachment block included."""
        return ["Trang chủ", "Tìm kiếm", "Liên kết", *LINKS, *FOOTER, "Lượt xem:", "Tin khác",
                *(["Tệp đính kèm:", *[f.filename for f in a.attachments]] if a.attachments else []),
                *[r.title for r in self.related(a)[:3]]]
