"""Joomla (2.5/3.x district portals such as luongson.hoabinh.gov.vn).

``com_content`` renders the article (``div.item-page``: ``itemprop="headline"`` title,
``dl.article-info`` with the published date, ``itemprop="articleBody"``); modules around it
(``div.moduletable``) hold the "Văn bản mới" scroller, banners, a visitor counter with "Your IP",
and T3 templates add a "Template Settings" panel. Category blog/list views are listings.
"""

NAME = "joomla"
FINGERPRINTS = (
    "//meta[@name='generator'][starts-with(@content,'Joomla')]",
    "//script[contains(@src,'/media/jui/') or contains(@src,'/media/system/')]",
    "//link[contains(@href,'/media/jui/')]",
    "//*[contains(@class,'moduletable')]",
    "//*[contains(@class,'com_content') or contains(@class,'option-com_content')]",
)
CHROME_XPATHS = (
    "//*[contains(@class,'moduletable')]",
    "//*[contains(@class,'module-title') or contains(@class,'module-header')]",
    ("//*[contains(@class,'vvisit_counter') or contains(@class,'mod_vvisit')"
    " or contains(@id,'vvisit')]"),
    ("//*[contains(@id,'t3-tpl-settings') or contains(@class,'tpl-settings')"
    " or contains(@id,'ja-tpl-settings') or contains(@class,'template-settings')]"),
    "//*[contains(@class,'article-info')]",
    "//*[contains(@class,'page-header')]",
    "//*[contains(@class,'pager') or contains(@class,'pagenav')]",
    ("//*[contains(@class,'items-more') or contains(@class,'related-items')"
    " or contains(@class,'relateditems')]"),
    "//*[contains(@class,'icons') or contains(@class,'actions')]",
    "//*[@id='ja-footer' or @id='t3-footer' or contains(@class,'t3-footer')]",
    "//*[contains(@class,'banneritem') or contains(@class,'bannergroup')]",
)
TITLE_XPATHS = (
    "//*[contains(@class,'item-page')]//*[@itemprop='headline' or @itemprop='name']",
    "//*[contains(@class,'item-page')]//*[contains(@class,'page-header')]//h2",
    "//*[contains(@class,'item-page')]//h2[contains(@class,'contentheading')]",
    "//*[contains(@class,'contentheading')]",
    "//*[contains(@class,'item-page')]//h1",
    "//*[contains(@class,'item-page')]//h2",
)
DATE_XPATHS = (
    "//*[contains(@class,'item-page')]//*[contains(@class,'published')]//time/@datetime",
    "//*[contains(@class,'item-page')]//*[contains(@class,'published')]",
    "//*[contains(@class,'item-page')]//*[contains(@class,'create')]",
    "//*[contains(@class,'item-page')]//*[contains(@class,'createdate')]",
    "//*[contains(@class,'item-page')]//*[contains(@class,'modified')]",
)
BODY_XPATHS = (
    "//*[contains(@class,'item-page')]//*[@itemprop='articleBody']",
    "//*[contains(@class,'item-page')]",
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
    "//*[contains(@class,'blog')]//*[contains(@class,'item')][.//a]",
    "//table[contains(@class,'category')]//tr[.//a]",
    "//*[contains(@class,'items-row')]",
)
HOME_URL_PATTERNS = (
    r"^/(?:index\.php)?/?$",
    r"^/(?:index\.php/)?(?:trang-chu|home)(?:\.html)?/?$",
)
