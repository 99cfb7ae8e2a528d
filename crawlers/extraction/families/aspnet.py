"""ASP.NET WebForms / SharePoint portals (Tiền Giang districts such as gocongtay.tiengiang.gov.vn).

The page is one ``<form>`` with ``__VIEWSTATE``; SharePoint web parts wrap every block in
``ms-webpart-chrome`` with a title bar ("Album ảnh", "Chi tiết tin", "Liên kết") whose text is
often repeated for accessibility ("Album ảnh Album ảnh"). A news web part renders the headline,
a bare date line ("16/01/2020") and the body.
"""

from crawlers.extraction.xpaths import class_token

NAME = "aspnet"
# Class names that several templates spell differently for the same thing.
NEWS_TITLE_CLASSES = ("news-title", "NewsTitle", "news_title", "newstitle")
NEWS_DATE_CLASSES = ("news-date", "NewsDate", "news_date", "ngay-dang")
NEWS_CONTENT_CLASSES = ("news-content", "NewsContent", "news_content")
FOOTER_CLASSES = ("footer", "Footer", "site-footer", "footer-wrapper", "footer-content",
                  "page-footer")
FINGERPRINTS = (
    "//input[@name='__VIEWSTATE' or @name='__EVENTVALIDATION' or @id='__VIEWSTATE']",
    "//form[contains(@action,'.aspx')]",
    ("//script[contains(@src,'WebResource.axd') or contains(@src,'ScriptResource.axd')"
    " or contains(.,'WebForm_') or contains(.,'_spPageContextInfo')]"),
    f"//*[{class_token('ms-webpart-chrome', 'ms-rtestate-field')}]",
)
CHROME_XPATHS = (
    ("//body//*[" + class_token("ms-webpart-chrome-title", "ms-webpart-titleText", "ms-wpTdSpace")
     + "]"),
    ("//body//*[" + class_token("ms-hide", "ms-hidden", "ms-SkiptoNavigation")
     + " or contains(@id,'SkipLink')]"),
    f"//body//*[{class_token('slideshow', 'album', 'album-anh', 'albumanh')}]",
    f"//body//*[{class_token(*NEWS_DATE_CLASSES)}]",
    f"//body//*[{class_token(*NEWS_TITLE_CLASSES)}]",
    ("//body//*[" + class_token("other-news", "OtherNews", "tin-khac", "related", "related-news",
                                "relatednews") + "]"),
    f"//body//*[{class_token('weblink', 'lien-ket', 'links-box')}]",
    "//body//*[@id='s4-ribbonrow' or @id='suiteBar' or @id='ms-designer-ribbon']",
    # Table layouts of classic WebForms portals: side columns and block title cells.
    f"//body//*[{class_token('block-title', 'BlockTitle')}]",
    f"//td[{class_token('colleft', 'colright', 'col-left', 'col-right')}]",
    f"//body//*[{class_token(*FOOTER_CLASSES)} or contains(@id,'Footer')]",
)
TITLE_XPATHS = (
    f"//*[{class_token('news-detail')}]//*[{class_token('news-title')}]",
    f"//*[{class_token(*NEWS_TITLE_CLASSES)}]",
    "//*[contains(@id,'lblTitle') or contains(@id,'lblTieuDe')]",
    f"//*[{class_token('news-detail')}]//h1",
)
DATE_XPATHS = (
    f"//*[{class_token('news-detail')}]//*[{class_token('news-date')}]",
    f"//*[{class_token(*NEWS_DATE_CLASSES)}]",
    "//*[contains(@id,'lblDate') or contains(@id,'lblNgay')]",
)
BODY_XPATHS = (
    "//*[contains(@id,'divContent') or contains(@id,'divNoiDung') or contains(@id,'pnlContent')]",
    f"//*[{class_token('news-detail')}]//*[{class_token('news-content')}]",
    f"//*[{class_token(*NEWS_CONTENT_CLASSES)}]",
    "//*[contains(@id,'lblContent') or contains(@id,'lblNoiDung')]",
    f"//*[{class_token('news-detail')}]",
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
    f"//*[{class_token('news-item', 'NewsItem', 'item-news')}]",
    f"//*[{class_token('news-list')}]//li[.//a]",
)
HOME_URL_PATTERNS = (r"^/(?:(?:Pages/)?(?:default|Default|Home|home|index)\.aspx)?/?$",)

# Discovery: WebForms listings page by posting the form back (`__doPostBack(target, argument)`
# in a link's href or onclick), which following links never reaches (crawlers/postback.py).
PAGER_NAME = "aspnet-postback"
POSTBACK_CALLS = (r"__doPostBack\(",)
