"""Liferay (6.x portals of provinces and departments: Nghệ An districts, sotttt.hanoi.gov.vn).

Articles are shown by an Asset Publisher portlet in ``view_content`` mode; its portlet topper then
repeats the headline or shows a category name ("Tin tức nổi bật"), which generic extractors take
for the title. Every other portlet brings "Skip portlet"/"Portlet Menu" links and "This portlet is
unavailable." notices. The headline is the asset title element, the date the ``assetPublishDate``
line (or a date span next to the headline in district templates).
"""

from crawlers.extraction.xpaths import class_prefix, class_token

NAME = "liferay"
FINGERPRINTS = (
    f"//*[{class_token('portlet-boundary')}]",
    "//script[contains(@src,'/html/js/')]",
    "//script[contains(.,'Liferay.')]",
    "//link[contains(@href,'/html/css/') or contains(@href,'/html/portlet/')]",
    "//*[contains(@href,'/html/themes/') or contains(@src,'/html/themes/')]",
    "//*[starts-with(@id,'p_p_id_')]",
)
CHROME_XPATHS = (
    f"//body//*[{class_token('portlet-topper', 'portlet-topper-toolbar')}]",
    f"//body//*[{class_token('portlet-title', 'portlet-title-text', 'portlet-title-default')}]",
    # Portlet messages are numbered by kind: portlet-msg-error, -info, -alert, -success.
    f"//body//*[{class_prefix('portlet-msg-')}]",
    f"//body//*[{class_token('portlet-icons', 'portlet-actions')}]",
    f"//body//*[{class_token('lfr-meta-actions', 'taglib-social', 'taglib-social-bookmarks')}]",
    f"//body//*[{class_token('asset-control-detail', 'print-action')}]",
    ("//body//*[" + class_token("related_asset", "related_asset_title", "related_asset_list",
                                "related-asset", "related-assets", "other-news", "tin-da-dua")
     + "]"),
    f"//body//*[{class_token('assetPublishDate', 'date-detail')}]",
    ("//body//*[" + class_token("asset-full-content-title", "title-detail", "title-date",
                                "taglib-header") + "]"),
    f"//body//*[{class_token('asset-links')}]",
    ("//body//*[@id='banner' or " + class_token("banner", "banner-top", "banner-bottom",
                                                 "banner-quangcao") + "]"),
    f"//body//*[{class_token('advertisement', 'quang-cao', 'quangcao')}]",
    "//body//*[@id='navigation']",
)
TITLE_XPATHS = (
    f"//*[{class_token('asset-full-content-title')}]",
    # Themes that print the asset's title as the first heading of its full-content box.
    f"(//*[{class_token('asset-full-content')}]//h2)[1]",
    f"//*[{class_token('asset-full-content')}]//*[{class_token('title-news')}]",
    f"//*[{class_token('title-detail')}]",
    f"//*[{class_token('header-title')}]",
)
DATE_XPATHS = (
    f"(//*[{class_token('asset-full-content')}]//h2)[1]/span",
    f"//*[{class_token('asset-full-content')}]//*[{class_token('date-news')}]",
    (f"//*[{class_token('asset-full-content')}]/preceding-sibling::*"
     f"[{class_token('assetPublishDate')}]"),
    f"//*[{class_token('date-detail')}]",
    f"//*[{class_token('title-detail')}]",
    f"//*[{class_token('asset-full-content-title')}]/following-sibling::*[1]",
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
    f"//*[{class_token('asset-abstract')}]",
    f"//*[{class_token('news-item', 'item-news')}]",
)
HOME_URL_PATTERNS = (
    r"^/(?:vi/|en/|web/[^/]+/)?(?:home|trang-chu|trangchu|guest)?/?$",
)

# Discovery: the Asset Publisher pages its listing with its own `_<portlet id>_cur` parameter;
# the `p_p_*` portlet state (which column, state and mode it renders in) never selects content.
# `p_p_id` stays: with `_<id>_cur` it selects the listing page.
PAGER_NAME = "liferay-cur"
PAGER_PARAMS = (r"_\w+_cur",)
STATE_PARAMS = frozenset(
    {"p_p_lifecycle", "p_p_state", "p_p_mode", "p_p_col_id", "p_p_col_pos", "p_p_col_count"}
)
