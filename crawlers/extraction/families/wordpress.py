"""WordPress (commune and district sites built on themes such as Twenty-*, Newspaper).

A single post has ``h1.entry-title``, ``time.entry-date`` (with a UTC ``datetime``) and
``div.entry-content``; Jetpack share bars (``sharedaddy``) and related posts live inside the
content, widgets in ``#secondary``/``.widget-area``.
"""

NAME = "wordpress"
FINGERPRINTS = (
    "//*[contains(@src,'/wp-content/') or contains(@href,'/wp-content/')]",
    "//meta[@name='generator'][starts-with(@content,'WordPress')]",
    "//link[contains(@href,'/wp-json/') or contains(@href,'wp-includes')]",
    "//script[contains(@src,'/wp-includes/')]",
)
CHROME_XPATHS = (
    ("//*[contains(@class,'sharedaddy') or contains(@class,'jp-relatedposts')"
    " or contains(@class,'share-buttons') or contains(@class,'post-share')]"),
    "//*[@id='secondary' or contains(@class,'widget-area') or contains(@class,'widget')]",
    ("//*[contains(@class,'entry-meta') or contains(@class,'entry-footer')"
    " or contains(@class,'post-meta') or contains(@class,'cat-links') or contains(@class,'tags-links')]"),
    ("//*[contains(@class,'post-navigation') or contains(@class,'nav-links')"
    " or contains(@class,'related-posts') or contains(@class,'yarpp')]"),
    "//*[@id='comments' or contains(@class,'comments-area') or @id='respond']",
    "//*[contains(@class,'site-header') or @id='masthead']",
)
TITLE_XPATHS = (
    "//article//h1[contains(@class,'entry-title')]",
    "//h1[contains(@class,'entry-title') or contains(@class,'post-title')]",
    "//article//h1",
)
DATE_XPATHS = (
    "//article//time[contains(@class,'published')]/@datetime",
    "//article//time[contains(@class,'entry-date')]/@datetime",
    "//*[contains(@class,'entry-meta')]//time/@datetime",
    "//*[contains(@class,'posted-on') or contains(@class,'entry-date')]",
)
BODY_XPATHS = (
    "//article//*[contains(@class,'entry-content')]",
    "//*[contains(@class,'entry-content') or contains(@class,'post-content')]",
)
ARTICLE_URL_PATTERNS = (
    r"/\d{4}/\d{2}/(?:\d{2}/)?[^/]+/?$",
    r"[?&]p=\d+",
    r"/[a-z0-9-]{20,}/?$",
)
LISTING_URL_PATTERNS = (
    r"/(?:category|chuyen-muc|tag)/",
    r"/page/\d+/?",
    r"[?&](?:cat|paged)=\d+",
)
LISTING_ITEM_XPATHS = (
    "//article[contains(@class,'post')]",
    "//*[contains(@class,'hentry')]",
)
HOME_URL_PATTERNS = (r"^/(?:index\.php|trang-chu)?/?$",)
