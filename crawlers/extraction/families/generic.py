"""Fallback for pages whose CMS is unknown: no family chrome, common headline/date markup.

Without family knowledge the page type rests on structure (one headline, substantial prose, no
repeated teaser items) and the text on trafilatura alone, so the rules here are conservative.
"""

NAME = "generic"
FINGERPRINTS: tuple[str, ...] = ()
CHROME_XPATHS = (
    "//*[@id='sidebar' or contains(@class,'sidebar')]",
    "//*[contains(@class,'related') or contains(@class,'tin-khac') or contains(@class,'other-news')]",
    "//header[not(ancestor::article)]",
)
TITLE_XPATHS = (
    "//article//h1",
    "//*[@itemprop='headline']",
    "//h1[contains(@class,'title')]",
    "//*[contains(@class,'detail')]//h1",
    "//*[contains(@class,'detail')]//h2[contains(@class,'title')]",
)
DATE_XPATHS = (
    "//article//time/@datetime",
    "//*[contains(@class,'detail')]//*[contains(@class,'date')]",
    "//*[contains(@class,'post-date') or contains(@class,'news-date') or contains(@class,'date-post')]",
)
BODY_XPATHS = (
    "//*[@itemprop='articleBody']",
    "//article",
)
ARTICLE_URL_PATTERNS = (
    r"/(?:chi-tiet|chitiet|detail|tin-tuc/[^/]+-\d+)",
    r"[?&](?:id|newsid|ItemID)=\d+",
)
LISTING_URL_PATTERNS = (
    r"/(?:danh-muc|chuyen-muc|category)/",
    r"[?&](?:page|p|trang)=\d+",
)
LISTING_ITEM_XPATHS = (
    "//*[contains(@class,'news-item') or contains(@class,'item-news') or contains(@class,'post-item')]",
)
HOME_URL_PATTERNS = (r"^/(?:index\.(?:html?|php|aspx)|trang-chu|home|vi)?/?$",)
