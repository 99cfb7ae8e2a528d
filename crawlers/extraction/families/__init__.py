"""CMS families: detection from markup fingerprints, and the rules of each family.

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

# dnn before aspnet: a DNN page is an ASP.NET page too, and ties go to the earlier family.
# sharepoint before aspnet: a SharePoint page is an ASP.NET page too.
FAMILY_MODULES = (liferay, joomla, drupal, dnn, sharepoint, aspnet, wordpress, nukeviet, classicasp)
# One matching fingerprint is not enough: portals link to each other's pages and copy snippets.
MIN_FINGERPRINTS = 2
FAMILIES: dict[str, FamilyRules] = {m.NAME: FamilyRules.from_module(m) for m in FAMILY_MODULES}
GENERIC: FamilyRules = FamilyRules.from_module(generic)


def fingerprint_scores(tree: html.HtmlElement) -> dict[str, int]:
    """Family name -> number of its fingerprints found in `tree` (families with none omitted)."""
    scores: dict[str, int] = {}
    for name, rules in FAMILIES.items():
        score = sum(1 for xpath in rules.fingerprints if tree.xpath(xpath))
        if score:
            scores[name] = score
    return scores


def detect_family(tree: html.HtmlElement) -> str | None:
    """The CMS family whose markup fingerprints match `tree` best, or None when no family has
    MIN_FINGERPRINTS of its fingerprints on the page.

    Ties go to the family listed first in FAMILY_MODULES (the more specific fingerprints).
    """
    scores = {name: n for name, n in fingerprint_scores(tree).items() if n >= MIN_FINGERPRINTS}
    if not scores:
        return None
    order = list(FAMILIES)
    return max(scores, key=lambda name: (scores[name], -order.index(name)))


def rules_for(name: str | None) -> FamilyRules:
    """Rules of family `name`, or the generic fallback rules when the family is unknown."""
    return FAMILIES.get(name or "", GENERIC)


__all__ = ["FAMILIES", "GENERIC", "FamilyRules", "detect_family", "fingerprint_scores", "rules_for"]
