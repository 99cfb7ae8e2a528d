"""DotNetNuke (DNN) portals (district sites of the Mekong delta and the south-east).

DNN is ASP.NET too (one ``<form>`` with ``__VIEWSTATE``), so it is listed before ``aspnet`` and
recognised by its own marks: ``dnn_`` element ids (``dnn_ContentPane``, ``dnn_ctr123_...``),
``DnnModule`` containers, ``/DesktopModules/`` and ``/Portals/`` resources and ``dnn.js``. Every
module sits in a container with a title (``dnn_ctrNNN_dnnTITLE_titleLabel``) - "Tin mới",
"Liên kết website" - and news modules (``EasyDNNnews`` and portal-built ones) render the
article with ``edn_articleTitle``/``edn_article`` or ``NewsTitle``/``NewsContent``.
"""

from crawlers.extraction.families import aspnet
from crawlers.extraction.xpaths import class_token

NAME = "dnn"
FINGERPRINTS = (
    "//*[starts-with(@id,'dnn_')]",
    f"//*[{class_token('DnnModule')}]",
    "//*[contains(@src,'/DesktopModules/') or contains(@href,'/DesktopModules/')]",
    "//script[contains(@src,'/js/dnn.') or contains(@src,'dnncore')]",
    "//*[contains(@src,'/Portals/') or contains(@href,'/Portals/')]",
)
CHROME_XPATHS = (
    f"//body//*[contains(@id,'dnnTITLE') or {class_token('TitleHead', 'c_title')}]",
    "//body//*[@id='dnn_LeftPane' or @id='dnn_RightPane' or @id='dnn_HeaderPane' or @id='dnn_FooterPane']",
    f"//body//*[{class_token('edn_socialPrintWrapper', 'edn_articleSocial')}]",
    ("//body//*[" + class_token("edn_metaDetails", "edn_articleDate", *aspnet.NEWS_DATE_CLASSES)
     + "]"),
    f"//body//*[{class_token('edn_articleTitle', *aspnet.NEWS_TITLE_CLASSES)}]",
    ("//body//*[" + class_token("edn_relatedArticles", "OtherNews", "other-news", "tin-khac",
                                "related", "related-news") + "]"),
    ("//body//*[" + class_token("dnnActions", "dnnSkinMessage")
     + " or @id='dnn_dnnLOGIN_loginLink']"),
    f"//body//*[{class_token(*aspnet.FOOTER_CLASSES)} or contains(@id,'Footer')]",
)
TITLE_XPATHS = (
    f"//*[{class_token('edn_articleTitle')}]",
    f"//*[{class_token(*aspnet.NEWS_TITLE_CLASSES)}]",
    "//*[starts-with(@id,'dnn_ctr') and contains(@id,'lblTitle')]",
)
DATE_XPATHS = (
    f"//*[{class_token('edn_articleDate', 'edn_metaDetails')}]",
    f"//*[{class_token(*aspnet.NEWS_DATE_CLASSES)}]",
    "//*[starts-with(@id,'dnn_ctr') and contains(@id,'lblDate')]",
)
BODY_XPATHS = (
    f"//*[{class_token('edn_article')}]//*[{class_token('edn_articleContent')}]",
    f"//*[{class_token(*aspnet.NEWS_CONTENT_CLASSES)}]",
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
    (f"//*[(({class_token('edn_article')}) and ({class_token('edn_clearFix')}))"
     f" or {class_token('edn_listItem')}]"),
    f"//*[{class_token('NewsItem', 'news-item')}]",
)
HOME_URL_PATTERNS = (r"^/(?:(?:Default|default|Home|home|trang-chu)\.aspx)?/?$", r"^/tabid/\d+/Default\.aspx$")
