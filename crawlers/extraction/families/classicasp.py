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

NAME = "classicasp"
# ".asp" at the end of a link or before its query (".aspx" is ASP.NET, not this family).
_ASP_LINK = ("//a[contains(@href,'.asp?') or substring(@href,string-length(@href)-3)='.asp']")
FINGERPRINTS = (
    _ASP_LINK,
    "//div[@class='noidung']",
    "//td[@class='khung' or @class='giua' or @class='phai']",
    "//meta[translate(@name,'GENRATO','genrato')='generator'][contains(@content,'FrontPage')]",
    "//table[contains(@class,'chitiet')]",
)
CHROME_XPATHS = (
    "//td[@class='menu' or @class='phai' or @class='footer' or @class='khung']",
    "//*[@class='tinkhac']",
    "//tr[td/a[contains(@href,'window.print')]]",
    "//td[@class='ngay']",
    # FrontPage archive pages: coloured bars and the "back to home" link.
    "//td[@bgcolor][not(.//*[@class='noidung'])]",
    "//p[a[@href='/' or @href='/default.asp']]",
)
TITLE_XPATHS = (
    "//table[contains(@class,'chitiet')]//td[contains(@class,'tieude')]//h1",
    "//td[contains(@class,'tieude')]//h1",
    "//p[@align='center'][following::div[@class='noidung']]/b",
)
DATE_XPATHS = (
    "//table[contains(@class,'chitiet')]//td[@class='ngay']",
    "//td[@class='ngay']",
    "//p[@align='right'][following::div[@class='noidung']]/i",
)
# "Cập nhật ngày 17/05/2025 lúc 08:30" is the only date these pages show: the posting date.
UPDATED_IS_PUBLISHED = True
BODY_XPATHS = (
    "//div[@class='noidung']",
)
ARTICLE_URL_PATTERNS = (
    r"/chitiet\.asp\?(?:.*&)?id=\d+",
    r"/luutru/\d{4}/[^/]+\.html?$",
)
LISTING_URL_PATTERNS = (
    r"/tintuc\.asp(?:\?|$)",
)
LISTING_ITEM_XPATHS = (
    "//tr[td/a[contains(@class,'tieude')]]",
)
HOME_URL_PATTERNS = (r"^/(?:default\.asp|index\.asp)?/?$",)
