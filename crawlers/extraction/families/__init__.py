"""CMS families: detection from markup fingerprints, and the rules of each family.

One module per family holds all it knows — fingerprints, pruning, headline/date/body elements,
listing and article URLs, and the discovery vocabulary (pager parameters and paths, post-back
calls, parameters that never select content). Extraction, the crawler's URL rules
(`crawlers/urls.py`), `portals detect` and the registry's `cms`/`pager` fields all read it here,
so a new family is one module added to FAMILY_MODULES.

Detection counts, for every family, how many of its fingerprint XPaths match the page and picks
the family with most matches. Counting (rather than first match) matters because portals link to
each other: a Liferay page may carry a link to an ``.aspx`` page of another portal, so one weak
fingerprint must not outvote several strong ones.
"""

from __future__ import annotations

from lxml import html

from crawlers.extraction.families import (
    aspnet,
    classicasp,
    dnn,
    drupal,
    generic,
    joomla,
    liferay,
    nukeviet,
    sharepoint,
    wordpress,
)
from crawlers.extraction.families.base import FamilyRules
from crawlers.extraction.xpaths import PageXPath

# dnn before aspnet: a DNN page is an ASP.NET page too, and ties go to the earlier family.
# sharepoint before aspnet: a SharePoint page is an ASP.NET page too.
FAMILY_MODULES = (liferay, joomla, drupal, dnn, sharepoint, aspnet, wordpress, nukeviet, classicasp)
# One matching fingerprint is not enough: portals link to each other's pages and copy snippets.
MIN_FINGERPRINTS = 2
FAMILIES: dict[str, FamilyRules] = {m.NAME: FamilyRules.from_module(m) for m in FAMILY_MODULES}
GENERIC: FamilyRules = FamilyRules.from_module(generic)
# The names a registry entry's `cms` may take besides "unknown": the family modules' names.
FAMILY_NAMES: tuple[str, ...] = tuple(FAMILIES)

# Discovery vocabulary of every family, the generic one last (its `Page=`/`trang=` words are the
# fallback when no family's own pager parameter matches).
_DISCOVERY: tuple[FamilyRules, ...] = (*FAMILIES.values(), GENERIC)
# The registry's `pager` values, as `portals detect` names what it sees.
PAGER_NAMES: tuple[str, ...] = tuple(dict.fromkeys(r.pager_name for r in _DISCOVERY if r.pager_name))
# Query parameters that never select content (Liferay portlet state), dropped from every URL.
STATE_PARAMS: frozenset[str] = frozenset().union(*(r.state_params for r in _DISCOVERY))
# (name, value) pairs that select another view of the same page (Joomla `tmpl=component`).
VIEW_PARAMS: frozenset[tuple[str, str]] = frozenset().union(*(r.view_params for r in _DISCOVERY))


def fingerprint_scores(tree: html.HtmlElement, xp: PageXPath | None = None) -> dict[str, int]:
    """Family name -> number of its fingerprints found in `tree` (families with none omitted).

    `xp`, the page's `PageXPath` when the caller has one, spares re-reading its class tokens.
    """
    xp = xp or PageXPath(tree)
    scores: dict[str, int] = {}
    for name, rules in FAMILIES.items():
        score = sum(1 for xpath in rules.fingerprints if xp(tree, xpath))
        if score:
            scores[name] = score
    return scores


def detect_family(tree: html.HtmlElement, xp: PageXPath | None = None) -> str | None:
    """The CMS family whose markup fingerprints match `tree` best, or None when no family has
    MIN_FINGERPRINTS of its fingerprints on the page.

    Ties go to the family listed first in FAMILY_MODULES (the more specific fingerprints).
    """
    scores = {name: n for name, n in fingerprint_scores(tree, xp).items() if n >= MIN_FINGERPRINTS}
    if not scores:
        return None
    order = list(FAMILIES)
    return max(scores, key=lambda name: (scores[name], -order.index(name)))


def rules_for(name: str | None) -> FamilyRules:
    """Rules of family `name`, or the generic fallback rules when the family is unknown."""
    return FAMILIES.get(name or "", GENERIC)


def pager_param_style(name: str, value: str) -> str | None:
    """The paging style (`PAGER_NAMES`) of query parameter `name=value`, or None when it does not
    number a listing page. Families are asked in detection order, the generic words last."""
    if not value.isdigit():
        return None
    for rules in _DISCOVERY:
        if rules.pager_name and any(p.fullmatch(name) for p in rules.pager_params):
            return rules.pager_name
    return None


def pager_path_style(path: str) -> str | None:
    """The paging style of a URL path that pages a listing (`/page/3/`), or None."""
    for rules in _DISCOVERY:
        if rules.pager_name and any(p.search(path) for p in rules.pager_paths):
            return rules.pager_name
    return None


def postback_style(text: str) -> str | None:
    """The paging style of a link target or script that posts the form back, or None."""
    for rules in _DISCOVERY:
        if rules.pager_name and any(p.search(text) for p in rules.postback_calls):
            return rules.pager_name
    return None


__all__ = [
    "FAMILIES", "FAMILY_NAMES", "GENERIC", "PAGER_NAMES", "STATE_PARAMS", "VIEW_PARAMS",
    "FamilyRules", "detect_family", "fingerprint_scores", "pager_param_style", "pager_path_style",
    "postback_style", "rules_for",
]
