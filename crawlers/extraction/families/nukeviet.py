"""NukeViet 4 (Vietnamese PHP CMS; district portals such as tanphu.dongnai.gov.vn).

The news module renders an article as ``div.news_column > div.panel-body``: ``h1.title``, a date
line ("thứ hai - 17/05/2025 08:30" in ``span.h5``), the body in ``div#news-bodyhtml.bodytext`` and
"Nguồn tin:" after it; then a second ``news_column`` panel with "Những tin mới hơn"/"Những tin
cũ hơn" (``ul.related``). Side blocks are Bootstrap ``panel-primary`` boxes ("Tin xem nhiều",
"Thống kê truy cập"). URLs: ``/news/<cat>/<alias>-<id>.html``, listings ``/news/<cat>/`` and
``/news/<cat>/page-N``; themes live under ``/themes/<name>/``.
"""

NAME = "nukeviet"
FINGERPRINTS = (
    "//meta[@name='generator'][contains(translate(@content,'NUKEVIT','nukevit'),'nukeviet')]",
    "//link[starts-with(@href,'/themes/')] | //script[starts-with(@src,'/themes/')]",
    "//*[@id='news-bodyhtml']",
    "//*[contains(concat(' ',normalize-space(@class),' '),' news_column ')]",
    "//*[starts-with(@class,'nv-') or contains(@class,' nv-') or starts-with(@id,'nv-')]",
    "//a[starts-with(@href,'/news/') or contains(@href,'nv=news')]",
)
CHROME_XPATHS = (
    "//*[@id='menusite' or contains(@class,'second-nav')]",
    "//*[contains(@class,'headerSearch')]",
    "//*[contains(@class,'panel-primary')]",
    "//*[contains(@class,'news_column')][.//ul[contains(@class,'related')]]",
    "//ul[contains(@class,'related')]",
    "//*[contains(@class,'news_column')]//*[contains(@class,'panel-heading')]",
    "//*[contains(@class,'nv-social-share') or contains(@class,'nv-fb-')]",
)
TITLE_XPATHS = (
    "//*[contains(@class,'news_column')]//h1[contains(@class,'title')]",
    "//h1[contains(@class,'title')]",
)
DATE_XPATHS = (
    "//*[contains(@class,'news_column')]//*[contains(@class,'h5')][not(ancestor::*[@id='news-bodyhtml'])]",
    "//*[contains(@class,'news_column')]//*[contains(@class,'text-muted')]",
)
BODY_XPATHS = (
    "//*[@id='news-bodyhtml']",
    "//*[contains(@class,'bodytext')]",
)
ARTICLE_URL_PATTERNS = (
    r"^/news/[^/]+/[^/]+-\d+\.html$",
    r"[?&]op=[^&]*-\d+(?:&|$)",
)
LISTING_URL_PATTERNS = (
    r"^/news/[^/]+/?$",
    r"^/news/[^/]+/page-\d+/?$",
    r"^/news/?$",
)
LISTING_ITEM_XPATHS = (
    "//*[contains(@class,'news_column')]//*[contains(@class,'panel-body')][.//h3//a]",
    "//*[contains(@class,'news_column')]//li[a]",
)
HOME_URL_PATTERNS = (r"^/(?:index\.php)?/?$",)
