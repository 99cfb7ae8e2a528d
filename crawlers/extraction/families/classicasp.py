"""Classic ASP portals (VBScript ``.asp`` pages on IIS; Điện Bàn, Quảng Nam) and the FrontPage
``.htm`` archive pages such sites keep.

Table layout: ``td.menu``, the centre column ``td.giua``, a right column ``td.phai`` of boxes with
``td.khung`` titles, ``td.footer``. An article (``chitiet.asp?id=N``) is ``table.chitiet``:
``td.tieude > h1``, ``td.ngay`` ("Cập nhật ngày 17/05/2025 lúc 08:30"), the body in
``div.noidung``, an "In bài viết" row, then ``div.tinkhac`` ("Các tin khác:"). Listings are
``tintuc.asp?cat=N`` with ``a.tieude`` rows and a ``td.trang`` pager. FrontPage archive pages
(``/luutru/<year>/<slug>.htm``) centre the headline in ``<p align="center"><b>``, right-align the
date line and reuse ``div.noidung``; their bars are ``td[bgcolor]`` cells. These sites are where
windows-1258 behind a ``charset=utf-8`` header and TCVN3/VNI font pages live (see page.py).
"""

from crawlers.extraction.xpaths import class_token

NAME = "classicasp"
# ".asp" at the end of a link or before its query (".aspx" is ASP.NET, not this family).
_ASP_LINK = ("//a[contains(@href,'.asp?') or substring(@href,string-length(@href)-3)='.asp']")
_NOIDUNG = f"//div[{class_token('noidung')}]"
_CHITIET = f"//table[{class_token('chitiet')}]"
FINGERPRINTS = (
    _ASP_LINK,
    _NOIDUNG,
    f"//td[{class_token('khung', 'giua', 'phai')}]",
    "//meta[translate(@name,'GENRATO','genrato')='generator'][contains(@content,'FrontPage')]",
    _CHITIET,
)
CHROME_XPATHS = (
    f"//td[{class_token('menu', 'phai', 'footer', 'khung')}]",
    f"//body//*[{class_token('tinkhac')}]",
    "//tr[td/a[contains(@href,'window.print')]]",
    f"//td[{class_token('ngay')}]",
    # FrontPage archive pages: coloured bars and the "back to home" link.
    f"//td[@bgcolor][not(.//*[{class_token('noidung')}])]",
    "//p[a[@href='/' or @href='/default.asp']]",
)
TITLE_XPATHS = (
    f"{_CHITIET}//td[{class_token('tieude')}]//h1",
    f"//td[{class_token('tieude')}]//h1",
    f"//p[@align='center'][following::div[{class_token('noidung')}]]/b",
)
DATE_XPATHS = (
    f"{_CHITIET}//td[{class_token('ngay')}]",
    f"//td[{class_token('ngay')}]",
    f"//p[@align='right'][following::div[{class_token('noidung')}]]/i",
)
# "Cập nhật ngày 17/05/2025 lúc 08:30" is the only date these pages show: the posting date.
UPDATED_IS_PUBLISHED = True
BODY_XPATHS = (
    _NOIDUNG,
)
ARTICLE_URL_PATTERNS = (
    r"/chitiet\.asp\?(?:.*&)?id=\d+",
    r"/luutru/\d{4}/[^/]+\.html?$",
)
LISTING_URL_PATTERNS = (
    r"/tintuc\.asp(?:\?|$)",
)
LISTING_ITEM_XPATHS = (
    f"//tr[td/a[{class_token('tieude')}]]",
)
HOME_URL_PATTERNS = (r"^/(?:default\.asp|index\.asp)?/?$",)
