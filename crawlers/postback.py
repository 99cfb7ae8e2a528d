"""ASP.NET WebForms post-back pagers: every pager a WebForms listing can have.

On ASP.NET and SharePoint portals the only way past page 1 of a listing is often to post the
page's form back with `__EVENTTARGET`/`__EVENTARGUMENT` set, as the browser's `__doPostBack` does.
The pagers come in several shapes, all handled here:
  - GridView/DetailsView: `__doPostBack('ctl00$...$gvNews','Page$2')`, `Page$Next`, `Page$Last`;
  - a Repeater of LinkButtons, empty argument, one target per page number:
    `__doPostBack('ctl00$ContentPlaceHolder1$NewsList1$rptPager$ctl02$lnkPage','')`, plus
    "Trang sau"/"»" LinkButtons;
  - DataPager fields (`...$DataPager1$ctl01$ctl02`, empty argument) and their submit buttons.

A post-back is followed only when it is a *pager* link — its label is a page number or a pager
word ("Trang sau", "›", "»", "Tiếp", "Cuối", ...) and it sits in a pager-like context (a paging
argument, a target or container named like a pager — whole words/tokens only — or a group of
numbered post-back links). Search, login and vote buttons have other labels and are never posted.

An empty-argument target does not name an absolute page, so a listing's pages are recognised by
their items (the set of article links the listing block shows): `PagerWalk` walks one listing
page by page, one post-back at a time, and stops when a page repeats, when the pager shows no
further page, or after `POSTBACK_MAX_PAGES` post-backs.

All pager vocabulary (labels, container tokens, argument forms) is in the constants below, so it
can move to a family module as one block.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag

from form2request import form2request
from scrapy import Request
from scrapy.http import TextResponse

# -- vocabulary ------------------------------------------------------------------------------------
#: Labels of links to the next page (casefolded, spaces collapsed, arrows stripped).
NEXT_WORDS = frozenset({"trang sau", "sau", "tiếp", "tiếp theo", "trang tiếp", "trang kế",
                        "kế tiếp", "next", "next page"})
#: Labels of links to the last page.
LAST_WORDS = frozenset({"cuối", "trang cuối", "cuối cùng", "last", "last page"})
#: Labels of links backwards: recognised as pager links (they make a pager), never followed.
BACK_WORDS = frozenset({"trước", "trang trước", "đầu", "trang đầu", "đầu tiên", "prev",
                        "previous", "first", "first page"})
#: Arrow-only labels and what they mean. "»" is "next" on most portals ("Cuối" is the last page).
NEXT_ARROWS = frozenset({"›", "»", ">", ">>", "→", "»»"})
LAST_ARROWS = frozenset({"»|", ">|", ">>|", "»»|"})
BACK_ARROWS = frozenset({"‹", "«", "<", "<<", "←", "|«", "|<", "|<<", "««"})
#: A link to the next window of page numbers.
ELLIPSES = frozenset({"...", "…", ".."})
#: Characters stripped around a label before it is compared ("[2]", "(Trang sau)", "Sau »").
_LABEL_TRIM = " \t\r\n[](){}:-–—·.,"
_ARROWS = "«»‹›<>←→|"

#: Class names (whole tokens, case-insensitive) of pager containers.
PAGER_CLASS_TOKENS = frozenset({"pager", "pagination", "paging", "paginator", "pagenav",
                                "page-nav", "page-numbers", "pagenumbers", "phantrang",
                                "phan-trang", "pagerstyle", "pager-style", "datapager",
                                "gridpager", "grid-pager"})
#: Words of ids and event targets (split on `$`, `_`, `-`, digits and camelCase) naming a pager:
#: `rptPager`, `DataPager1`, `pnlPaging`, `divPhanTrang` (joined as "phantrang").
PAGER_ID_WORDS = frozenset({"pager", "paging", "pagination", "paginator", "phantrang"})
#: Class tokens marking the page being shown inside a pager.
CURRENT_CLASS_TOKENS = frozenset({"active", "current", "selected", "curent", "on", "dang-xem"})
#: GridView/DetailsView/FormView paging arguments: read-only by construction.
PAGE_ARGUMENT = re.compile(r"^Page\$(?:\d+|Next|Prev|First|Last)$", re.IGNORECASE)
#: A numeric pager argument (custom pagers: `__doPostBack('ctl00$pager','3')`).
NUMBER_ARGUMENT = re.compile(r"^\d{1,5}$")

FORM_XPATH = "//form[.//input[@name='__VIEWSTATE']]"
_DO_POSTBACK = re.compile(r"""__doPostBack\(\s*(['"])(.+?)\1\s*,\s*(['"])(.*?)\3\s*\)""")
_POSTBACK_OPTIONS = re.compile(r"""WebForm_PostBackOptions\(\s*(['"])(.+?)\1\s*,\s*(['"])(.*?)\3""")
_NUMBER = re.compile(r"^\d{1,5}$")
_NON_LINKS = ("javascript:", "mailto:", "tel:", "#")


@dataclass(frozen=True)
class PagerLink:
    """One post-back in a pager: what to post, and what its label says it leads to."""

    target: str
    argument: str
    role: str                  # "number", "next", "last", "back" or "more" (next numbers)
    number: int | None = None  # for role "number"
    button: bool = False       # a submit button (posted as clicked), not a __doPostBack link
    current: bool = False      # marked as the page being shown


@dataclass(frozen=True)
class Pager:
    """The post-back pager(s) of one listing block of a page."""

    action: str                    # absolute URL the form posts to
    block: str                     # tree path of the listing block: the walk's key on the page
    links: tuple[PagerLink, ...]
    current: int | None            # the page number the pager marks as shown, if it does
    items: frozenset[str]          # the listing's article links: the page's identity


# -- labels and names ------------------------------------------------------------------------------
def label_role(label: str) -> tuple[str, int | None] | None:
    """What a link label means in a pager, or None for anything else ("Tìm kiếm", "Bình chọn")."""
    text = " ".join(unicodedata.normalize("NFC", label).split()).casefold()
    if text.strip("[]() ") in ELLIPSES:
        return "more", None
    text = text.strip(_LABEL_TRIM)
    if not text:
        return None
    if _NUMBER.match(text):
        return "number", int(text)
    words = text.strip(_ARROWS + _LABEL_TRIM)
    if not words:
        symbol = text.replace(" ", "")
        for role, arrows in (("last", LAST_ARROWS), ("next", NEXT_ARROWS), ("back", BACK_ARROWS)):
            if symbol in arrows:
                return role, None
        return None
    for role, vocabulary in (("next", NEXT_WORDS), ("last", LAST_WORDS), ("back", BACK_WORDS)):
        if words in vocabulary:
            return role, None
    return None


def name_words(name: str) -> set[str]:
    """Words of an ASP.NET id or event target: `ctl00$Main$rptPager$ctl02$lnkPage` -> {..., rpt,
    pager, lnk, page}; adjacent words are also joined (`PhanTrang` -> "phantrang")."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    words = re.findall(r"[a-z]+", spaced.lower())
    return set(words) | {a + b for a, b in zip(words, words[1:], strict=False)}


def _class_tokens(element: Any) -> set[str]:
    return {token.lower() for token in (element.get("class") or "").split()}


def _is_pager_container(element: Any) -> bool:
    return bool(_class_tokens(element) & PAGER_CLASS_TOKENS
                or name_words(element.get("id") or "") & PAGER_ID_WORDS)


def _label(element: Any) -> str:
    text = " ".join("".join(element.itertext()).split())
    if element.tag == "input":
        text = element.get("value") or element.get("alt") or ""
    if not text:  # an image link: its title or the image's alt says what it is
        text = element.get("title") or " ".join(element.xpath(".//img/@alt | .//img/@title"))
    return text


def _postback_of(element: Any) -> tuple[str, str, bool] | None:
    """(target, argument, is_button) of a post-back link or submit button, None otherwise."""
    if element.tag == "input":
        name = element.get("name") or ""
        kind = (element.get("type") or "").lower()
        return (name, "", True) if name and kind in ("submit", "image") else None
    for attribute in ("href", "onclick"):
        value = element.get(attribute) or ""
        match = _DO_POSTBACK.search(value) or _POSTBACK_OPTIONS.search(value)
        if match:
            return match.group(2), match.group(4), False
    return None


# -- finding the pagers ----------------------------------------------------------------------------
@dataclass
class _Candidate:
    element: Any
    target: str
    argument: str
    button: bool
    role: tuple[str, int | None] | None
    pager: Any = None  # the pager container, once the candidate is known to be a pager link
    order: int = 0


def _ancestors(element: Any, stop: Any) -> Iterator[Any]:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.getparent()


def _pager_container(candidate: _Candidate, candidates: list[_Candidate], form: Any) -> Any:
    """The pager container of a pager-labelled post-back, or None if it is not in a pager.

    A pager context is a paging argument (`Page$N`), a target or an ancestor named like a pager,
    or a *group*: the nearest ancestor holding several post-backs, all pager-labelled, one of
    them a number. The container is the named ancestor, else the group, else the parent.
    """
    ancestors = list(_ancestors(candidate.element, form))
    named = next((a for a in ancestors if _is_pager_container(a)), None)
    group = None
    for ancestor in ancestors[:5]:
        inside = [c for c in candidates if c is not candidate and _is_inside(c.element, ancestor)]
        if inside:
            everyone = [candidate, *inside]
            if all(c.role for c in everyone) and any(c.role[0] == "number" for c in everyone
                                                      if c.role):
                group = ancestor
            break
    if named is not None:
        return named
    if group is not None:
        return group
    if PAGE_ARGUMENT.match(candidate.argument) or name_words(candidate.target) & PAGER_ID_WORDS:
        return ancestors[0] if ancestors else None
    return None


def _is_inside(element: Any, container: Any) -> bool:
    return any(a is container for a in _ancestors(element, None))


def _current_number(container: Any, links: list[_Candidate]) -> int | None:
    """The page number a pager marks as shown: a number that is not a post-back (`<span>2</span>`,
    a disabled LinkButton `<a disabled>` without href), or one with an "active"/"current" class."""
    posted = {id(c.element) for c in links}
    for element in container.iter():
        if not isinstance(element.tag, str) or len(element):
            continue
        if any(id(a) in posted for a in list(_ancestors(element, container))[:3]):
            continue  # `<a href="javascript:__doPostBack(...)"><span>2</span></a>`
        text = " ".join("".join(element.itertext()).split())
        if not _NUMBER.match(text):
            continue
        marked = _class_tokens(element) & CURRENT_CLASS_TOKENS or any(
            _class_tokens(a) & CURRENT_CLASS_TOKENS for a in list(_ancestors(element, container))[:2])
        if id(element) not in posted or marked or element.get("disabled") is not None:
            return int(text)
    return None


def _listing_block(container: Any, pagers: list[Any], form: Any) -> Any:
    """The nearest ancestor of a pager that also holds content links: the listing it pages."""
    for ancestor in [container, *_ancestors(container, None)]:
        if ancestor is form.getparent():
            break
        if any(_content_href(a) and not any(_is_inside(a, p) for p in pagers)
               for a in ancestor.iter("a")):
            return ancestor
    return form


def _content_href(anchor: Any) -> str:
    href = (anchor.get("href") or "").strip()
    return "" if not href or href.lower().startswith(_NON_LINKS) else href


def find_pagers(response: TextResponse) -> list[Pager]:
    """The post-back pagers of a page, one `Pager` per listing block (top and bottom pagers of one
    listing are one); empty when the page has no WebForms form or no pager."""
    forms = response.xpath(FORM_XPATH)
    if not forms:
        return []
    form = forms[0].root
    candidates: list[_Candidate] = []
    for order, element in enumerate(form.iter("a", "input")):
        found = _postback_of(element)
        if found:
            target, argument, button = found
            role = label_role(_label(element))
            candidates.append(_Candidate(element, target, argument, button, role, order=order))
    pager_links = [c for c in candidates if c.role]
    for candidate in pager_links:
        candidate.pager = _pager_container(candidate, candidates, form)
    pager_links = [c for c in pager_links if c.pager is not None]
    containers = list({id(c.pager): c.pager for c in pager_links}.values())
    tree = form.getroottree()
    action = response.urljoin(form.get("action") or response.url)
    blocks: dict[str, tuple[Any, list[_Candidate], list[Any]]] = {}
    for container in containers:
        block = _listing_block(container, containers, form)
        path = tree.getpath(block)
        entry = blocks.setdefault(path, (block, [], []))
        entry[1].extend(c for c in pager_links if c.pager is container)
        entry[2].append(container)
    pagers = []
    for path, (block, links, own) in blocks.items():
        items = frozenset(urldefrag(response.urljoin(href))[0] for a in block.iter("a")
                          if (href := _content_href(a)) and not any(_is_inside(a, p)
                                                                    for p in containers))
        current = next((n for n in (_current_number(c, links) for c in own) if n), None)
        made = tuple(PagerLink(
            c.target, c.argument, c.role[0], c.role[1], c.button,  # type: ignore[index]
            current=bool(_class_tokens(c.element) & CURRENT_CLASS_TOKENS
                         or (current is not None and c.role[1] == current)))  # type: ignore[index]
            for c in sorted(links, key=lambda c: c.order))
        pagers.append(Pager(action, path, made, current, items))
    return pagers


# -- walking one listing ---------------------------------------------------------------------------
@dataclass
class PagerWalk:
    """One listing's pages, each fetched once, however its pager names them.

    `step` is given each page of the listing as it arrives (the GET page first, then each answer
    to a post-back) and returns the pager links to post from it, with the page number each
    should show. The numbers a page shows ahead of itself are posted from it at once (from
    page 1 of "1 2 3 … 10", pages 2 to 10: labels are absolute page numbers even when the
    argument is empty); the last page of a window moves on with "Trang sau"/"»" or "...". A
    page whose items (`Pager.items`) were seen already ends its branch ("repeat": the pager went
    round, e.g. a last page that still links "Trang sau"); so does `max_posts`.
    """

    max_posts: int
    posts: int = 0
    seen: set[frozenset[str]] = field(default_factory=set)
    requested: set[int] = field(default_factory=set)

    def step(self, pager: Pager, shown: int | None) -> tuple[list[tuple[PagerLink, int]], str]:
        """(links to post with the page each leads to, why no more) for one page of the listing;
        the reason is "next" when there are links, else "repeat", "end" or "limit"."""
        if pager.items in self.seen:
            return [], "repeat"
        self.seen.add(pager.items)
        shown = pager.current or shown or 1
        self.requested.add(shown)
        numbers = {link.number: link for link in pager.links
                   if link.role == "number" and not link.current and link.number is not None}
        picks: list[tuple[PagerLink, int]] = []
        if any(n > shown for n in numbers):
            picks = [(numbers[n], n) for n in sorted(numbers) if n > shown and n not in self.requested]
        else:
            nexts = [link for link in pager.links if link.role == "next"]
            more = [link for link in pager.links if link.role == "more"]
            after_numbers = bool(more) and (not numbers or pager.links.index(more[-1]) > max(
                pager.links.index(link) for link in numbers.values()))
            if nexts:
                picks = [(nexts[0], shown + 1)]
            elif after_numbers:
                picks = [(more[-1], shown + 1)]
        if not picks:
            return [], "end"
        room = max(0, self.max_posts - self.posts)
        if not room:
            return [], "limit"
        picks = picks[:room]
        self.posts += len(picks)
        self.requested.update(page for _link, page in picks)
        return picks, "next"


def postback_request(response: TextResponse, link: PagerLink, callback: Any = None,
                     **kwargs: Any) -> Request:
    """The form post a browser makes for `link`: every form field as the page has it, the event
    target and argument set as `__doPostBack` sets them, or the submit button clicked.

    Built with form2request (the successor of Scrapy's deprecated `FormRequest.from_response`,
    same form semantics: hidden fields, checked radios, selected options, no other button)."""
    form = response.xpath(FORM_XPATH)[0]
    if link.button:
        button = form.xpath(".//input[@name=$name]", name=link.target)[0]
        built = form2request(form, click=button)
    else:
        built = form2request(form, {"__EVENTTARGET": link.target, "__EVENTARGUMENT": link.argument},
                             click=False)
    return built.to_scrapy(callback, **kwargs)
