"""DotNetNuke (DNN) portals (district sites of the Mekong delta and the south-east).

DNN is ASP.NET too (one ``<form>`` with ``__VIEWSTATE``), so it is listed before ``aspnet`` and
recognised by its own marks: ``dnn_`` element ids (``dnn_ContentPane``, ``dnn_ctr123_...``),
``DnnModule`` containers, ``/DesktopModules/`` and ``/Portals/`` resources and ``dnn.js``. Every
module sits in a container with a title (``dnn_ctrNNN_dnnTITLE_titleLabel``) - "Tin mới",
"Liên kết website" - and news modules (``EasyDNNnews`` and portal-built ones) render the
article with ``edn_articleTitle``/``edn_article`` or ``NewsTitle``/``NewsContent``.
"""

NAME = "dnn"
FINGERPRINTS = (
    "//*[starts-with(@id,'dnn_')]",
    "//*[contains(@class,'DnnModule')]",
    "//*[contains(@src,'/DesktopModules/') or contains(@href,'/DesktopModules/')]",
    "//script[contains(@src,'/js/dnn.') or contains(@src,'dnncore')]",
    "//*[contains(@src,'/Portals/') or contains(@href,'/Portals/')]",
)
CHROME_XPATHS = (
    "//*[contains(@id,'dnnTITLE') or contains(@class,'TitleHead') or contains(@class,'c_title')]",
    "//*[@id='dnn_LeftPane' or @id='dnn_RightPane' or @id='dnn_HeaderPane' or @id='dnn_FooterPane']",
    "//*[contains(@class,'edn_socialPrintWrapper') or contains(@class,'edn_articleSocial')]",
    ("//*[contains(@class,'edn_metaDetails') or contains(@class,'edn_articleDate')"
    " or contains(@class,'NewsDate') or contains(@class,'news-date')]"),
    ("//*[contains(@class,'edn_articleTitle') or contains(@class,'NewsTitle')"
    " or contains(@class,'news-title')]"),
    ("//*[contains(@class,'edn_relatedArticles') or contains(@class,'OtherNews')"
    " or contains(@class,'tin-khac') or contains(@class,'related')]"),
    "//*[contains(@class,'dnnActions') or contains(@class,'dnnSkinMessage') or @id='dnn_dnnLOGIN_loginLink']",
    "//*[contains(@class,'footer') or contains(@id,'Footer')]",
)
TITLE_XPATHS = (
    "//*[contains(@class,'edn_articleTitle')]",
    "//*[contains(@class,'NewsTitle') or contains(@class,'news-title')]",
    "//*[starts-with(@id,'dnn_ctr') and contains(@id,'lblTitle')]",
)
DATE_XPATHS = (
    "//*[contains(@class,'edn_articleDate') or contains(@class,'edn_metaDetails')]",
    "//*[contains(@class,'NewsDate') or contains(@class,'news-date')]",
    "//*[starts-with(@id,'dnn_ctr') and contains(@id,'lblDate')]",
)
BODY_XPATHS = (
    "//*[contains(@class,'edn_article ') or @class='edn_article']//*[contains(@class,'edn_articleContent')]",
    "//*[contains(@class,'NewsContent') or contains(@class,'news-content')]",
    "//*[starts-with(@id,'dnn_ctr') and contains(@id,'lblContent')]",
)
ARTICLE_URL_PATTERNS = (
    r"/ArticleID/\d+",
    r"/tabid/\d+/.*(?:ArticleID|NewsID|ItemID)/\d+",
    r"[?&](?:ArticleID|NewsID|newsid)=\d+",
)
LISTING_URL_PATTERNS = (
    r"/CategoryID/\d+(?!.*ArticleID)",
    r"/(?:PageNumber|Page|pg)/\d+",
    r"[?&](?:CategoryID|page|pg)=\d+",
)
LISTING_ITEM_XPATHS = (
    "//*[contains(@class,'edn_article edn_clearFix') or contains(@class,'edn_listItem')]",
    "//*[contains(@class,'NewsItem') or contains(@class,'news-item')]",
)
HOME_URL_PATTERNS = (r"^/(?:(?:Default|default|Home|home|trang-chu)\.aspx)?/?$", r"^/tabid/\d+/Default\.aspx$")
