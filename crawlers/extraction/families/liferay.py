"""Liferay (6.x portals of provinces and departments: Nghệ An districts, sotttt.hanoi.gov.vn).

Articles are shown by an Asset Publisher portlet in ``view_content`` mode; its portlet topper then
repeats the headline or shows a category name ("Tin tức nổi bật"), which generic extractors take
for the title. Every other portlet brings "Skip portlet"/"Portlet Menu" links and "This portlet is
unavailable." notices. The headline is the asset title element, the date the ``assetPublishDate``
line (or a date span next to the headline in district templates).
"""

from crawlers.extraction.blocks import class_token

NAME = "liferay"
FINGERPRINTS = (
    "//*[contains(@class,'portlet-boundary')]",
    "//script[contains(@src,'/html/js/')]",
    "//script[contains(.,'Liferay.')]",
    "//link[contains(@href,'/html/css/') or contains(@href,'/html/portlet/')]",
    "//*[contains(@href,'/html/themes/') or contains(@src,'/html/themes/')]",
    "//*[starts-with(@id,'p_p_id_')]",
)
CHROME_XPATHS = (
    "//*[contains(@class,'portlet-topper')]",
    "//*[contains(@class,'portlet-title')]",
    "//*[contains(@class,'portlet-msg-')]",
    "//*[contains(@class,'portlet-icons') or contains(@class,'portlet-actions')]",
    "//*[contains(@class,'lfr-meta-actions') or contains(@class,'taglib-social')]",
    "//*[contains(@class,'asset-control-detail') or contains(@class,'print-action')]",
    ("//*[contains(@class,'related_asset') or contains(@class,'related-asset')"
    " or contains(@class,'other-news') or contains(@class,'tin-da-dua')]"),
    "//*[contains(@class,'assetPublishDate') or contains(@class,'date-detail')]",
    ("//*[contains(@class,'asset-full-content-title') or contains(@class,'title-detail')"
    " or contains(@class,'title-date') or contains(@class,'taglib-header')]"),
    "//*[contains(@class,'asset-links')]",
    "//*[@id='banner' or contains(@class,'banner')]",
    "//*[contains(@class,'advertisement') or contains(@class,'quang-cao')]",
    "//*[@id='navigation']",
)
TITLE_XPATHS = (
    "//*[contains(@class,'asset-full-content-title')]",
    # Themes that print the asset's title as the first heading of its full-content box.
    "(//*[contains(concat(' ', normalize-space(@class), ' '), ' asset-full-content ')]//h2)[1]",
    "//*[contains(@class,'asset-full-content')]//*[contains(@class,'title-news')]",
    "//*[contains(@class,'title-detail')]",
    "//*[contains(@class,'header-title')]",
)
DATE_XPATHS = (
    "(//*[contains(concat(' ', normalize-space(@class), ' '), ' asset-full-content ')]//h2)[1]/span",
    "//*[contains(@class,'asset-full-content')]//*[contains(@class,'date-news')]",
    ("//*[contains(@class,'asset-full-content')]/preceding-sibling::*"
    "[contains(@class,'assetPublishDate')]"),
    "//*[contains(@class,'date-detail')]",
    "//*[contains(@class,'title-detail')]",
    "//*[contains(@class,'asset-full-content-title')]/following-sibling::*[1]",
)
BODY_XPATHS = (
    f"//*[{class_token('asset-full-content')}]//*[{class_token('asset-content')}]",
    f"//*[{class_token('content-detail')}]",
    f"//*[{class_token('asset-full-content')}]//*[{class_token('journal-content-article')}]",
    f"//*[{class_token('asset-full-content')}]",
    f"//*[{class_token('portlet-asset-publisher')}]//*[{class_token('journal-content-article')}]",
)
ARTICLE_URL_PATTERNS = (
    r"/-/view_content/\d+",
    r"/-/view-content/\d+",
    r"/-/asset_publisher/[^/]+/content/",
    r"[?&]_101_assetEntryId=\d+",
    r"[?&]_\w+_articleId=\d+",
)
LISTING_URL_PATTERNS = (
    r"[?&]_101(?:_INSTANCE_\w+)?_cur=\d+",
    r"[?&]_\w+_cur=\d+",
    r"/-/asset_publisher/[^/]+/?(?:$|\?)",
)
LISTING_ITEM_XPATHS = (
    "//*[contains(@class,'asset-abstract')]",
    "//*[contains(@class,'news-item') or contains(@class,'item-news')]",
)
HOME_URL_PATTERNS = (
    r"^/(?:vi/|en/|web/[^/]+/)?(?:home|trang-chu|trangchu|guest)?/?$",
)
