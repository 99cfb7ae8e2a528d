"""Fallback for pages whose CMS is unknown: no family chrome, common headline/date markup.

Without family knowledge the page type rests on structure (one headline, substantial prose, no
repeated teaser items) and the text on trafilatura alone, so the rules here are conservative.
This is the path every unknown portal (and every ordinary website) takes, so its class tests are
whole tokens listed one by one: a substring test such as ``contains(@class,'sidebar')`` matches
``<body class="no-sidebars">``, ``related`` matches ``unrelated-x``, and ``detail`` matches
``detail-page`` on the ``<body>`` of every page of a site. Chrome XPaths start at ``//body//`` so
they can never select the whole page.
"""

from crawlers.extraction.xpaths import class_token

NAME = "generic"
FINGERPRINTS: tuple[str, ...] = ()
CHROME_XPATHS = (
    ("//body//*[@id='sidebar' or "
     + class_token("sidebar", "sidebar-left", "sidebar-right", "left-sidebar", "right-sidebar",
                   "sidebar-first", "sidebar-second", "region-sidebar-first",
                   "region-sidebar-second")
     + "]"),
    ("//body//*["
     + class_token("related", "related-news", "related-posts", "related-articles",
                   "related-stories", "relatednews", "tin-khac", "other-news", "tin-lien-quan")
     + "]"),
    # A page's banner, not a content box's own `<header>` around its headline (`<header><h1>`
    # of a CMS content element): that one holds the article's headline, never a link.
    "//header[not(ancestor::article)][not(.//h1[not(ancestor-or-self::a) and not(.//a)])]",
)
# Heading classes themes put on an article's headline; "title" alone is the most common one.
_TITLE_CLASSES = ("title", "entry-title", "post-title", "article-title", "page-title",
                  "news-title", "title-detail", "detail-title", "title-news")
# Boxes that hold a single item's detail view ("chi tiết").
_DETAIL_CLASSES = ("detail", "news-detail", "article-detail", "post-detail", "content-detail",
                   "detail-content", "chi-tiet", "chitiet", "tin-chi-tiet")
_DATE_CLASSES = ("date", "news-date", "post-date", "date-post", "entry-date", "publish-date",
                 "published", "date-time", "datetime", "time")
TITLE_XPATHS = (
    "//article//h1",
    "//*[@itemprop='headline']",
    f"//h1[{class_token(*_TITLE_CLASSES)}]",
    f"//*[{class_token(*_DETAIL_CLASSES)}]//h1",
    f"//*[{class_token(*_DETAIL_CLASSES)}]//h2[{class_token(*_TITLE_CLASSES)}]",
)
DATE_XPATHS = (
    "//article//time/@datetime",
    f"//*[{class_token(*_DETAIL_CLASSES)}]//*[{class_token(*_DATE_CLASSES)}]",
    f"//*[{class_token('post-date', 'news-date', 'date-post')}]",
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
    f"//*[{class_token('news-item', 'item-news', 'post-item')}]",
)
HOME_URL_PATTERNS = (r"^/(?:index\.(?:html?|php|aspx)|trang-chu|home|vi)?/?$",)

# Discovery: a numbered query parameter of no particular family (vendor portals, ASP.NET
# `Page=`/`PageIndex=`, Vietnamese `trang=`). Not `p`: WordPress's `?p=123` is a post, not a page.
PAGER_NAME = "query-page"
PAGER_PARAMS = (r"(?i:page|pageindex|pagenumber|trang|pg)",)
