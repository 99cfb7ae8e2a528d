"""What a CMS family module declares, and XPaths shared by every family.

A family module (``liferay.py``, ``joomla.py`` …) is data: named XPath constants and URL regexes.
`FamilyRules.from_module` reads them and fails loudly when one is missing, so a new family cannot
be registered half-written. Every XPath lives in a named constant (here or in a family module).

A family module holds its discovery vocabulary too, so that a new family is one module: the
crawler's URL rules (`crawlers/urls.py`), `portals detect` (`crawlers/detect.py`) and the
registry's `pager` field (`crawlers/registry.py`) read it through `crawlers.extraction.families`.
Optional discovery constants (absent = the family has none):

- ``PAGER_NAME``: the registry's name of the family's paging style (``liferay-cur``);
- ``PAGER_PARAMS``: regexes a query parameter's whole *name* matches when its numeric value
  numbers a listing page (``_101_INSTANCE_x_cur``, ``start``); case-sensitive unless the regex
  says ``(?i:...)``;
- ``PAGER_PATHS``: regexes searched in a URL path that pages a listing (``/page/3/``);
- ``POSTBACK_CALLS``: regexes of a link or script that pages by posting the form back;
- ``STATE_PARAMS``: query parameters that never select content (portlet state), dropped from URLs;
- ``VIEW_PARAMS``: ``(name, value)`` pairs that only select another view of the same page
  (Joomla's bare print view ``tmpl=component``), dropped from URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType

from crawlers.extraction.xpaths import class_token

# Chrome every family shares: scripts, navigation, skip links, breadcrumbs, share bars, pagers,
# and what the browser never shows (`hidden`, `display:none`: SharePoint keeps web part settings
# there as text). Class tests match whole tokens (`class_token`), never substrings.
COMMON_CHROME_XPATHS: tuple[str, ...] = (
    "//script", "//style", "//noscript", "//iframe", "//template", "//svg", "//select",
    "//button", "//textarea", "//input",
    "//nav", "//body//*[@role='navigation']", "//body//*[@role='search']",
    "//body//*[@hidden or @aria-hidden='true']",
    ("//body//*[contains(translate(@style, ' ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
     " ' abcdefghijklmnopqrstuvwxyz'), 'display:none')]"),
    f"//a[{class_token('skip', 'skip-link', 'skiplink')}]", "//a[@id='skip-to-content']",
    f"//body//*[{class_token('breadcrumb', 'breadcrumbs', 'breadcrumb-wrapper')}]",
    f"//body//*[{class_token('pagination', 'pager', 'paging')}]",
    ("//body//*[" + class_token("social", "share", "sharing", "share-buttons", "social-share", "addthis",
                          "addthis_toolbox", "addthis_sharing_toolbox", "fb-like", "fb-share-button")
     + "]"),
    f"//body//*[@id='footer' or @id='Footer' or {class_token('site-footer', 'footer', 'Footer')}]",
    "//footer",
    "//marquee",
)
# Machine-readable publication dates, tried after the family's visible date element.
META_DATE_XPATHS: tuple[str, ...] = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//meta[@name='pubdate' or @name='publishdate' or @name='date']/@content",
)
META_UPDATED_XPATHS: tuple[str, ...] = (
    "//meta[@property='article:modified_time']/@content",
    "//*[@itemprop='dateModified']/@datetime",
)
META_TITLE_XPATHS: tuple[str, ...] = (
    "//meta[@property='og:title']/@content",
    "//meta[@name='twitter:title']/@content",
)
HTML_TITLE_XPATH = "//title"
CANONICAL_XPATH = "//link[@rel='canonical']/@href"
SITE_NAME_XPATH = "//meta[@property='og:site_name']/@content"
# Menu labels name categories: a headline candidate equal to one is a block title, not the article.
NAV_LABEL_XPATHS: tuple[str, ...] = (
    "//nav//a", "//*[@role='navigation']//a",
    f"//*[{class_token('menu', 'nav', 'navbar', 'main-menu', 'topmenu', 'menu-top')}]//a",
)
# A pager anywhere on the page: the mark of a listing.
PAGER_XPATHS: tuple[str, ...] = (
    f"//*[{class_token('pagination', 'pager', 'paging', 'pagenav', 'PageNav', 'page-numbers')}]",
)

REQUIRED = (
    "NAME", "FINGERPRINTS", "CHROME_XPATHS", "TITLE_XPATHS", "DATE_XPATHS", "BODY_XPATHS",
    "ARTICLE_URL_PATTERNS", "LISTING_URL_PATTERNS", "LISTING_ITEM_XPATHS", "HOME_URL_PATTERNS",
)


@dataclass(frozen=True)
class FamilyRules:
    """Compiled rules of one CMS family (see the module docstrings for what each one means)."""

    name: str
    fingerprints: tuple[str, ...]
    chrome_xpaths: tuple[str, ...]
    title_xpaths: tuple[str, ...]
    date_xpaths: tuple[str, ...]
    body_xpaths: tuple[str, ...]
    article_url_patterns: tuple[re.Pattern[str], ...]
    listing_url_patterns: tuple[re.Pattern[str], ...]
    listing_item_xpaths: tuple[str, ...]
    home_url_patterns: tuple[re.Pattern[str], ...]
    # Optional: the family's date element says "Cập nhật" but is the only (posting) date.
    updated_is_published: bool = False
    # Optional discovery vocabulary (see the module docstring).
    pager_name: str | None = None
    pager_params: tuple[re.Pattern[str], ...] = ()
    pager_paths: tuple[re.Pattern[str], ...] = ()
    postback_calls: tuple[re.Pattern[str], ...] = ()
    state_params: frozenset[str] = frozenset()
    view_params: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def from_module(cls, module: ModuleType) -> FamilyRules:
        """Build rules from a family module's constants; raise if the module lacks one."""
        missing = [name for name in REQUIRED if not hasattr(module, name)]
        if missing:
            raise TypeError(
                f"family module {module.__name__} must define {', '.join(missing)}"
                " (see crawlers/extraction/families/base.py)"
            )

        def rx(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(p, re.IGNORECASE) for p in patterns)

        return cls(
            name=module.NAME,
            fingerprints=tuple(module.FINGERPRINTS),
            chrome_xpaths=tuple(module.CHROME_XPATHS),
            title_xpaths=tuple(module.TITLE_XPATHS),
            date_xpaths=tuple(module.DATE_XPATHS),
            body_xpaths=tuple(module.BODY_XPATHS),
            article_url_patterns=rx(module.ARTICLE_URL_PATTERNS),
            listing_url_patterns=rx(module.LISTING_URL_PATTERNS),
            listing_item_xpaths=tuple(module.LISTING_ITEM_XPATHS),
            home_url_patterns=rx(module.HOME_URL_PATTERNS),
            updated_is_published=bool(getattr(module, "UPDATED_IS_PUBLISHED", False)),
            pager_name=getattr(module, "PAGER_NAME", None),
            # Whole parameter names, case as written: Joomla's `start`, not ASP.NET's `Start`.
            pager_params=tuple(re.compile(p) for p in getattr(module, "PAGER_PARAMS", ())),
            pager_paths=tuple(re.compile(p) for p in getattr(module, "PAGER_PATHS", ())),
            postback_calls=tuple(re.compile(p) for p in getattr(module, "POSTBACK_CALLS", ())),
            state_params=frozenset(getattr(module, "STATE_PARAMS", ())),
            view_params=frozenset(tuple(pair) for pair in getattr(module, "VIEW_PARAMS", ())),
        )
