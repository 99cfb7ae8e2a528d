"""NukeViet 4 (Vietnamese PHP CMS; district portals such as tanphu.dongnai.gov.vn).

The news module renders an article as ``div.news_column > div.panel-body``: ``h1.title``, a date
line ("thứ hai - 17/05/2025 08:30" in ``span.h5``), the body in ``div#news-bodyhtml.bodytext`` and
"Nguồn tin:" after it; then a second ``news_column`` panel with "Những tin mới hơn"/"Những tin
cũ hơn" (``ul.related``). Side blocks are Bootstrap ``panel-primary`` boxes ("Tin xem nhiều",
"Thống kê truy cập"). URLs: ``/news/<cat>/<alias>-<id>.html``, listings ``/news/<cat>/`` and
``/news/<cat>/page-N``; themes live under ``/themes/<name>/``.
"""

from crawlers.extraction.xpaths import class_prefix, class_token

NAME = "nukeviet"
_NEWS_COLUMN = f"//*[{class_token('news_column')}]"
FINGERPRINTS = (
    "//meta[@name='generator'][contains(translate(@content,'NUKEVIT','nukevit'),'nukeviet')]",
    "//link[starts-with(@href,'/themes/')] | //script[starts-with(@src,'/themes/')]",
    "//*[@id='news-bodyhtml']",
    _NEWS_COLUMN,
    # NukeViet's own classes and ids are prefixed `nv-` (nv-block-banners, nv-social-share).
    f"//*[{class_prefix('nv-')} or starts-with(@id,'nv-')]",
    "//a[starts-with(@href,'/news/') or contains(@href,'nv=news')]",
)
CHROME_XPATHS = (
    f"//body//*[@id='menusite' or {class_token('second-nav')}]",
    f"//body//*[{class_token('headerSearch')}]",
    f"//body//*[{class_token('panel-primary')}]",
    f"//body{_NEWS_COLUMN}[.//ul[{class_token('related')}]]",
    f"//ul[{class_token('related')}]",
    f"//body{_NEWS_COLUMN}//*[{class_token('panel-heading')}]",
    f"//body//*[{class_token('nv-social-share')} or {class_prefix('nv-fb-')}]",
)
TITLE_XPATHS = (
    f"{_NEWS_COLUMN}//h1[{class_token('title')}]",
    f"//h1[{class_token('title')}]",
)
DATE_XPATHS = (
    f"{_NEWS_COLUMN}//*[{class_token('h5')}][not(ancestor::*[@id='news-bodyhtml'])]",
    f"{_NEWS_COLUMN}//*[{class_token('text-muted')}]",
)
BODY_XPATHS = (
    "//*[@id='news-bodyhtml']",
    f"//*[{class_token('bodytext')}]",
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
    f"{_NEWS_COLUMN}//*[{class_token('panel-body')}][.//h3//a]",
    f"{_NEWS_COLUMN}//li[a]",
)
HOME_URL_PATTERNS = (r"^/(?:index\.php)?/?$",)
