"""WordPress (commune and district sites built on themes such as Twenty-*, Newspaper).

A single post has ``h1.entry-title``, ``time.entry-date`` (with a UTC ``datetime``) and
``div.entry-content``; Jetpack share bars (``sharedaddy``) and related posts live inside the
content, widgets in ``#secondary``/``.widget-area``.
"""

from crawlers.extraction.xpaths import class_token

NAME = "wordpress"
FINGERPRINTS = (
    "//*[contains(@src,'/wp-content/') or contains(@href,'/wp-content/')]",
    "//meta[@name='generator'][starts-with(@content,'WordPress')]",
    "//link[contains(@href,'/wp-json/') or contains(@href,'wp-includes')]",
    "//script[contains(@src,'/wp-includes/')]",
)
CHROME_XPATHS = (
    ("//body//*[" + class_token("sharedaddy", "jp-relatedposts", "share-buttons", "post-share")
     + "]"),
    ("//body//*[@id='secondary' or "
     + class_token("widget-area", "widget") + "]"),
    ("//body//*[" + class_token("entry-meta", "entry-footer", "post-meta", "cat-links",
                                "tags-links") + "]"),
    ("//body//*[" + class_token("post-navigation", "nav-links", "related-posts", "yarpp-related",
                                "yarpp") + "]"),
    f"//body//*[@id='comments' or {class_token('comments-area')} or @id='respond']",
    f"//body//*[{class_token('site-header')} or @id='masthead']",
)
TITLE_XPATHS = (
    f"//article//h1[{class_token('entry-title')}]",
    f"//h1[{class_token('entry-title', 'post-title')}]",
    "//article//h1",
)
DATE_XPATHS = (
    f"//article//time[{class_token('published')}]/@datetime",
    f"//article//time[{class_token('entry-date')}]/@datetime",
    f"//*[{class_token('entry-meta')}]//time/@datetime",
    f"//*[{class_token('posted-on', 'entry-date')}]",
)
BODY_XPATHS = (
    f"//article//*[{class_token('entry-content')}]",
    f"//*[{class_token('entry-content', 'post-content')}]",
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
    f"//article[{class_token('post', 'type-post')}]",
    f"//*[{class_token('hentry')}]",
)
HOME_URL_PATTERNS = (r"^/(?:index\.php|trang-chu)?/?$",)

# Discovery: WordPress pages archives by path (`/category/x/page/3/`).
PAGER_NAME = "wordpress-path"
PAGER_PATHS = (r"/page/\d+/?$",)
