"""Joomla (2.5/3.x district portals such as luongson.hoabinh.gov.vn).

``com_content`` renders the article (``div.item-page``: ``itemprop="headline"`` title,
``dl.article-info`` with the published date, ``itemprop="articleBody"``); modules around it
(``div.moduletable``) hold the "Văn bản mới" scroller, banners, a visitor counter with "Your IP",
and T3 templates add a "Template Settings" panel. Category blog/list views are listings.
"""

from crawlers.extraction.xpaths import class_prefix, class_token

NAME = "joomla"
FINGERPRINTS = (
    "//meta[@name='generator'][starts-with(@content,'Joomla')]",
    "//script[contains(@src,'/media/jui/') or contains(@src,'/media/system/')]",
    "//link[contains(@href,'/media/jui/')]",
    f"//*[{class_token('moduletable')} or {class_prefix('moduletable_')}]",
    f"//*[{class_token('com_content', 'option-com_content')}]",
)
# The article view of com_content.
_ITEM_PAGE = f"//*[{class_token('item-page')}]"
CHROME_XPATHS = (
    # Modules: `moduletable`, or `moduletable_<suffix>` when the module sets a class suffix.
    f"//body//*[{class_token('moduletable')} or {class_prefix('moduletable_')}]",
    f"//body//*[{class_token('module-title', 'module-header')}]",
    ("//body//*[" + class_token("vvisit_counter", "mod_vvisitcounter", "mod_vvisit_counter")
     + " or contains(@id,'vvisit')]"),
    ("//body//*[contains(@id,'t3-tpl-settings') or contains(@id,'ja-tpl-settings') or "
     + class_token("tpl-settings", "ja-tpl-settings", "t3-tpl-settings", "template-settings") + "]"),
    f"//body//*[{class_token('article-info')}]",
    f"//body//*[{class_token('page-header')}]",
    f"//body//*[{class_token('pager', 'pagenav')}]",
    f"//body//*[{class_token('items-more', 'related-items', 'relateditems')}]",
    f"//body//*[{class_token('icons', 'actions')}]",
    f"//body//*[@id='ja-footer' or @id='t3-footer' or {class_token('t3-footer')}]",
    f"//body//*[{class_token('banneritem', 'bannergroup')}]",
)
TITLE_XPATHS = (
    f"{_ITEM_PAGE}//*[@itemprop='headline' or @itemprop='name']",
    f"{_ITEM_PAGE}//*[{class_token('page-header')}]//h2",
    f"{_ITEM_PAGE}//h2[{class_token('contentheading')}]",
    f"//*[{class_token('contentheading')}]",
    f"{_ITEM_PAGE}//h1",
    f"{_ITEM_PAGE}//h2",
)
DATE_XPATHS = (
    f"{_ITEM_PAGE}//*[{class_token('published')}]//time/@datetime",
    f"{_ITEM_PAGE}//*[{class_token('published')}]",
    f"{_ITEM_PAGE}//*[{class_token('create', 'createdate')}]",
    f"{_ITEM_PAGE}//*[{class_token('createdate')}]",
    f"{_ITEM_PAGE}//*[{class_token('modified', 'modifydate')}]",
)
BODY_XPATHS = (
    f"{_ITEM_PAGE}//*[@itemprop='articleBody']",
    _ITEM_PAGE,
)
ARTICLE_URL_PATTERNS = (
    r"[?&]view=article\b",
    r"/\d+-[a-z0-9-]+\.html$",
    r"/\d+-[a-z0-9-]+$",
)
LISTING_URL_PATTERNS = (
    r"[?&]view=(?:category|featured|section)\b",
    r"[?&](?:start|limitstart)=\d+",
    r"/tin-tuc(?:/[a-z0-9-]+)?/?$",
)
LISTING_ITEM_XPATHS = (
    f"//*[{class_token('blog', 'blog-featured')}]//*[{class_token('item')}][.//a]",
    f"//table[{class_token('category')}]//tr[.//a]",
    f"//*[{class_token('items-row')}]",
)
HOME_URL_PATTERNS = (
    r"^/(?:index\.php)?/?$",
    r"^/(?:index\.php/)?(?:trang-chu|home)(?:\.html)?/?$",
)

# Discovery: Joomla pages a category by the number of items to skip (`?start=20`); the
# `tmpl=component` view is the bare print view of the same article.
PAGER_NAME = "joomla-start"
PAGER_PARAMS = (r"start",)
VIEW_PARAMS = (("tmpl", "component"),)
