"""Drupal (8+/7 portals such as caoloc.langson.gov.vn).

A node page has ``h1.page-title``, the node in ``article.node`` (``node__content``,
``field--name-body``) and the date in ``node__submitted``/``field--name-created`` or a
``<time datetime>``; blocks (``div.block``) in regions around it hold menus and related views.
The "Skip to main content" link and an "About" footer menu come from the theme.
"""

from crawlers.extraction.xpaths import class_prefix, class_token

NAME = "drupal"
FINGERPRINTS = (
    "//meta[@name='generator'][starts-with(@content,'Drupal')]",
    "//*[@data-drupal-selector or @data-drupal-link-system-path or @data-drupal-messages]",
    "//script[@data-drupal-selector]",
    "//*[contains(@src,'/sites/default/files') or contains(@href,'/sites/default/files')]",
    "//script[contains(.,'drupalSettings') or contains(.,'Drupal.settings')]",
)
# The node: Drupal 8+ `node`, Drupal 7 `node` too (with `node-article`, `node-full`).
_NODE = f"//article[{class_token('node')}]"
CHROME_XPATHS = (
    ("//body//*[" + class_token("sidebar", "region-sidebar-first", "region-sidebar-second",
                                "layout-sidebar-first", "layout-sidebar-second", "sidebar-first",
                                "sidebar-second") + "]"),
    ("//body//*[" + class_token("region-header", "region-footer", "region-primary-menu",
                                "region-secondary-menu") + "]"),
    # Menu blocks: `block-menu`, and Drupal 8's `menu--<menu name>` (`menu--main`, `menu--footer`).
    f"//body//*[{class_token('block-menu')} or {class_prefix('menu--')}]",
    f"//body//*[{class_token('block-views')}]",
    ("//body//*[" + class_token("node__submitted", "node__meta", "field--name-created", "submitted")
     + "]"),
    f"//body//*[{class_token('field--name-field-tags', 'field--type-entity-reference')}]",
    f"//body//*[{class_token('node__links')} or (({class_token('links')}) and ({class_token('inline')}))]",
    f"//body//*[{class_token('visually-hidden')}]",
)
TITLE_XPATHS = (
    f"//h1[{class_token('page-title')}]",
    f"{_NODE}//h1",
    f"{_NODE}//h2[{class_token('node__title')}]",
    f"//h1[{class_token('title', 'page-title', 'node__title')}]",
)
DATE_XPATHS = (
    f"{_NODE}//time/@datetime",
    f"//*[{class_token('node__submitted', 'node__meta')}]",
    f"//*[{class_token('field--name-created', 'field--name-field-ngay')}]",
    f"//*[{class_token('submitted', 'node__submitted')}]",
)
BODY_XPATHS = (
    f"{_NODE}//*[{class_token('field--name-body')}]",
    f"//*[{class_token('node__content')}]",
    _NODE,
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
    f"//*[{class_token('views-row')}]",
    f"//*[{class_token('view-content')}]//li[.//a]",
)
HOME_URL_PATTERNS = (r"^/(?:node|home|trang-chu|vi)?/?$",)

# Discovery: Drupal's pager counts pages from 0 in `?page=N`.
PAGER_NAME = "drupal-page"
PAGER_PARAMS = (r"page",)
