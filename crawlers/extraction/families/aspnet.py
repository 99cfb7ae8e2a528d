"""ASP.NET WebForms / SharePoint portals (Tiền Giang districts such as gocongtay.tiengiang.gov.vn).

The page is one ``<form>`` with ``__VIEWSTATE``; SharePoint web parts wrap every block in
``ms-webpart-chrome`` with a title bar ("Album ảnh", "Chi tiết tin", "Liên kết") whose text is
often repeated for accessibility ("Album ảnh Album ảnh"). A news web part renders the headline,
a bare date line ("16/01/2020") and the body.
"""

NAME = "aspnet"
FINGERPRINTS = (
    "//input[@name='__VIEWSTATE' or @name='__EVENTVALIDATION' or @id='__VIEWSTATE']",
    "//form[contains(@action,'.aspx')]",
    ("//script[contains(@src,'WebResource.axd') or contains(@src,'ScriptResource.axd')"
    " or contains(.,'WebForm_') or contains(.,'_spPageContextInfo')]"),
    "//*[contains(@class,'ms-webpart-chrome') or contains(@class,'ms-rtestate-field')]",
)
CHROME_XPATHS = (
    ("//*[contains(@class,'ms-webpart-chrome-title') or contains(@class,'ms-webpart-titleText')"
    " or contains(@class,'ms-wpTdSpace')]"),
    ("//*[contains(@class,'ms-hide') or contains(@class,'ms-hidden') or contains(@id,'SkipLink')"
    " or contains(@class,'ms-SkiptoNavigation')]"),
    "//*[contains(@class,'slideshow') or contains(@class,'album')]",
    "//*[contains(@class,'news-date') or contains(@class,'NewsDate') or contains(@class,'ngay-dang')]",
    "//*[contains(@class,'news-title') or contains(@class,'NewsTitle')]",
    ("//*[contains(@class,'other-news') or contains(@class,'tin-khac') or contains(@class,'OtherNews')"
    " or contains(@class,'related')]"),
    "//*[contains(@class,'weblink') or contains(@class,'lien-ket') or contains(@class,'links-box')]",
    "//*[@id='s4-ribbonrow' or @id='suiteBar' or @id='ms-designer-ribbon']",
    # Table layouts of classic WebForms portals: side columns and block title cells.
    "//*[contains(@class,'block-title') or contains(@class,'BlockTitle')]",
    ("//td[contains(@class,'colleft') or contains(@class,'colright')"
    " or contains(@class,'col-left') or contains(@class,'col-right')]"),
    "//*[contains(@class,'footer') or contains(@id,'Footer')]",
)
TITLE_XPATHS = (
    "//*[contains(@class,'news-detail')]//*[contains(@class,'news-title')]",
    "//*[contains(@class,'NewsTitle') or contains(@class,'news-title')]",
    "//*[contains(@id,'lblTitle') or contains(@id,'lblTieuDe')]",
    "//*[contains(@class,'news-detail')]//h1",
)
DATE_XPATHS = (
    "//*[contains(@class,'news-detail')]//*[contains(@class,'news-date')]",
    "//*[contains(@class,'NewsDate') or contains(@class,'news-date') or contains(@class,'ngay-dang')]",
    "//*[contains(@id,'lblDate') or contains(@id,'lblNgay')]",
)
BODY_XPATHS = (
    "//*[contains(@id,'divContent') or contains(@id,'divNoiDung') or contains(@id,'pnlContent')]",
    "//*[contains(@class,'news-detail')]//*[contains(@class,'news-content')]",
    "//*[contains(@class,'NewsContent') or contains(@class,'news-content')]",
    "//*[contains(@id,'lblContent') or contains(@id,'lblNoiDung')]",
    "//*[contains(@class,'news-detail')]",
)
ARTICLE_URL_PATTERNS = (
    r"[?&](?:ItemID|NewsID|newsid|id|ID)=\d+",
    r"/chi-tiet-tin",
    r"/(?:Pages|pages)/[^/]*chi-tiet[^/]*\.aspx",
)
LISTING_URL_PATTERNS = (
    r"/(?:Pages|pages)/(?:tin-tuc|danh-sach|[^/]*chuyen-muc)[^/]*\.aspx(?:$|\?(?!.*(?:ItemID|NewsID)=))",
    r"[?&](?:page|Page|trang|CategoryID|CatID)=\d+",
)
LISTING_ITEM_XPATHS = (
    "//*[contains(@class,'news-item') or contains(@class,'NewsItem') or contains(@class,'item-news')]",
    "//*[contains(@class,'news-list')]//li[.//a]",
)
HOME_URL_PATTERNS = (r"^/(?:(?:Pages/)?(?:default|Default|Home|home|index)\.aspx)?/?$",)
