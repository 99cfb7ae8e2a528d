"""Drupal (8+/7 portals such as caoloc.langson.gov.vn).

A node page has ``h1.page-title``, the node in ``article.node`` (``node__content``,
``field--name-body``) and the date in ``node__submitted``/``field--name-created`` or a
``<time datetime>``; blocks (``div.block``) in regions around it hold menus and related views.
The "Skip to main content" link and an "About" footer menu come from the theme.
"""

NAME = "drupal"
FINGERPRINTS = (
    "//meta[@name='generator'][starts-with(@content,'Drupal')]",
    "//*[@data-drupal-selector or @data-drupal-link-system-path or @data-drupal-messages]",
    "//script[@data-drupal-selector]",
    "//*[contains(@src,'/sites/default/files') or contains(@href,'/sites/default/files')]",
    "//script[contains(.,'drupalSettings') or contains(.,'Drupal.settings')]",
)
CHROME_XPATHS = (
    "//*[contains(@class,'region-sidebar') or contains(@class,'sidebar')]",
    ("//*[contains(@class,'region-header') or contains(@class,'region-footer')"
    " or contains(@class,'region-primary-menu') or contains(@class,'region-secondary-menu')]"),
    "//*[contains(@class,'block-menu') or contains(@class,'menu--')]",
    "//*[contains(@class,'block-views')]",
    ("//*[contains(@class,'node__submitted') or contains(@class,'node__meta')"
    " or contains(@class,'field--name-created') or contains(@class,'submitted')]"),
    "//*[contains(@class,'field--name-field-tags') or contains(@class,'field--type-entity-reference')]",
    "//*[contains(@class,'node__links') or contains(@class,'links inline')]",
    "//*[contains(@class,'visually-hidden')]",
)
TITLE_XPATHS = (
    "//h1[contains(@class,'page-title')]",
    "//article[contains(@class,'node')]//h1",
    "//article[contains(@class,'node')]//h2[contains(@class,'node__title')]",
    "//h1[contains(@class,'title')]",
)
DATE_XPATHS = (
    "//article[contains(@class,'node')]//time/@datetime",
    "//*[contains(@class,'node__submitted') or contains(@class,'node__meta')]",
    "//*[contains(@class,'field--name-created') or contains(@class,'field--name-field-ngay')]",
    "//*[contains(@class,'submitted')]",
)
BODY_XPATHS = (
    "//article[contains(@class,'node')]//*[contains(@class,'field--name-body')]",
    "//*[contains(@class,'node__content')]",
    "//article[contains(@class,'node')]",
)
ARTICLE_URL_PATTERNS = (
    r"/node/\d+/?$",
    r"/tin-tuc/[^/?]+-\d+/?$",
    r"/(?:tin-tuc|bai-viet|news)/[a-z0-9-]{12,}/?$",
)
LISTING_URL_PATTERNS = (
    r"[?&]page=\d+",
    r"/taxonomy/term/\d+",
    r"/(?:danh-muc|chuyen-muc|category)/",
)
LISTING_ITEM_XPATHS = (
    "//*[contains(@class,'views-row')]",
    "//*[contains(@class,'view-content')]//li[.//a]",
)
HOME_URL_PATTERNS = (r"^/(?:node|home|trang-chu|vi)?/?$",)
