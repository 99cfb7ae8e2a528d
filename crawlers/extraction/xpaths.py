"""Class-token XPaths, and evaluating them only for the class tokens a page actually has.

Every family rule names elements by whole class tokens (`class_token`: `contains(concat(' ',
normalize-space(@class), ' '), ' token ')`). libxml2 evaluates each such term on every element
that has a class, building two strings per term and element; a rule with ten tokens costs ten
times a rule with one, and extraction evaluates ~60 rules (chrome, fingerprints of every family,
headline, dates, body, menus) on every page. Yet a page uses a few dozen distinct class tokens,
and most rules name tokens of other families' templates.

`PageXPath` reads the page's class tokens (and, when a rule asks, the values of an attribute:
`@id`, `@href`, `@src`, `@style` ...) once and, before evaluating a rule, replaces every term the
page cannot satisfy - a class token it does not use, `contains(@id,'lblTitle')` when no id
holds that text - by `false()`: a term that is false on every element of this page is the same
test as `false()`. A rule whose first location step can then match nothing is not evaluated.
The matches are exactly libxml2's on the original XPath (the rules are strings in the family
modules and stay the single source of truth); only the work changes.
A library could not do this for us: lxml compiles XPaths but knows nothing of what a page lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree, html

_TOKEN_TERM = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
_PREFIX_TERM = "contains(concat(' ', normalize-space(@class)), ' {}')"


def class_token(*tokens: str) -> str:
    """XPath predicate body: the element's class attribute holds one of `tokens` as a whole token.

    Substring tests (`contains(@class,'sidebar')`) match `<body class="no-sidebars">` and
    `pagination-first`; whole tokens do not.
    """
    # `@class` first: it is cheap and rules out most elements, so normalize-space/concat runs
    # only on elements that have a class (same matches, ~2x faster on the corpus pages).
    return f"(@class and ({' or '.join(_TOKEN_TERM.format(token) for token in tokens)}))"


def class_prefix(*prefixes: str) -> str:
    """XPath predicate body: a class token *starts with* one of `prefixes` (`ExternalClass…`)."""
    return f"(@class and ({' or '.join(_PREFIX_TERM.format(prefix) for prefix in prefixes)}))"


# A class-token term, of either function; a token or prefix never holds a quote or a space.
_CLASS_TERM = (
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' (?P<token>[^' ]+) '\)"
    r"|contains\(concat\(' ', normalize-space\(@class\)\), ' (?P<prefix>[^' ]+)'\)"
)
_CLASS_TERMS = re.compile(_CLASS_TERM)
_ANY_CLASS_TERM = re.sub(r"\?P<\w+>", "", _CLASS_TERM)
# A whole `class_token`/`class_prefix` group as those functions write it.
_GROUP = re.compile(rf"\(@class and \((?:{_ANY_CLASS_TERM})(?: or (?:{_ANY_CLASS_TERM}))*\)\)")
# Attribute tests the rules write by hand: `contains(@id,'lblTitle')`, `starts-with(@id,'dnn_')`,
# `contains(translate(@style, 'AB', 'ab'), 'display:none')`, and - only where they stand alone
# between brackets, parentheses, `or` and `and` - `@id='footer'` and `@hidden`.
_STANDS_ALONE = r"(?:(?<=\[)|(?<=\()|(?<=or )|(?<=and ))"
_ENDS_ALONE = r"(?=[\])]| or | and )"
_ATTRIBUTE_TERMS = re.compile(
    r"(?<![\w-])(?P<function>contains|starts-with)\(@(?P<name>[\w-]+), ?'(?P<value>[^']+)'\)"
    r"|(?<![\w-])contains\(translate\(@(?P<tr_name>[\w-]+), ?'(?P<tr_from>[^']*)', ?'(?P<tr_to>[^']*)'\),"
    r" ?'(?P<tr_value>[^']+)'\)"
    rf"|{_STANDS_ALONE}@(?P<eq_name>[\w-]+)='(?P<eq_value>[^']*)'{_ENDS_ALONE}"
    rf"|{_STANDS_ALONE}@(?!class\b)(?P<has_name>[\w-]+){_ENDS_ALONE}"
)
# Simplifications that keep the value: a parenthesised `false()`, and `false() or false()`
# between brackets, parentheses or other `or`s.
_FALSE_IN_PARENS = re.compile(r"(?<![\w-])\(false\(\)\)")
_FALSE_OR_FALSE = re.compile(r"(?:(?<=\[)|(?<=\()|(?<=or ))false\(\) or false\(\)(?=[\])]| or )")
# A location path of plain steps (`//body//*`, `(//*`) whose last step's only predicate is
# `[false()]`: that step selects nothing, so the whole path does ...
_EMPTY_HEAD = re.compile(r"^\(?\.?(?:/{1,2}[\w*-]+)+\[false\(\)\]")
# ... provided what follows only continues or filters that path (further steps, attribute or
# text steps, the closing parenthesis and a positional filter); predicates are removed first.
_PATH_TAIL = re.compile(r"^(?:/{1,2}(?:[\w-]+::)?(?:[\w*-]+|@[\w:-]+|text\(\))|\)|\[\])*$")


@dataclass(frozen=True)
class _Term:
    """One test of a rule that can be decided for a whole page at once: `kind` is "token",
    "prefix" (class tokens), "contains", "starts-with", "equals", "has" (the `name` attribute)
    or "translate" (`contains` after XPath's `translate` by `table`)."""

    text: str
    kind: str
    name: str
    value: str
    table: tuple[tuple[int, str | None], ...] = ()


@lru_cache(maxsize=1024)
def _terms(xpath: str) -> tuple[_Term, ...]:
    """The page-decidable terms of `xpath`, each once."""
    found: dict[str, _Term] = {}
    for m in _CLASS_TERMS.finditer(xpath):
        kind = "token" if m["token"] else "prefix"
        found.setdefault(m.group(0), _Term(m.group(0), kind, "class", m["token"] or m["prefix"]))
    for m in _ATTRIBUTE_TERMS.finditer(xpath):
        if m["function"]:
            term = _Term(m.group(0), m["function"], m["name"], m["value"])
        elif m["tr_name"]:
            term = _Term(m.group(0), "translate", m["tr_name"], m["tr_value"],
                         _translate_table(m["tr_from"], m["tr_to"]))
        elif m["eq_name"]:
            term = _Term(m.group(0), "equals", m["eq_name"], m["eq_value"])
        else:
            term = _Term(m.group(0), "has", m["has_name"], "")
        found.setdefault(term.text, term)
    return tuple(found.values())


def _translate_table(source: str, target: str) -> tuple[tuple[int, str | None], ...]:
    """XPath's `translate(., source, target)` as a `str.translate` table: the first occurrence
    of a character in `source` decides, characters past the end of `target` are removed."""
    table: dict[int, str | None] = {}
    for position, char in enumerate(source):
        table.setdefault(ord(char), target[position] if position < len(target) else None)
    return tuple(table.items())


def _without_predicates(text: str) -> str | None:
    """`text` with every bracketed predicate emptied to `[]` (quotes respected); None if unbalanced."""
    out: list[str] = []
    depth = 0
    quote = ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"" and depth:
            quote = char
        elif char == "[":
            if depth == 0:
                out.append("[")
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                out.append("]")
        elif depth == 0:
            out.append(char)
    return "".join(out) if depth == 0 and not quote else None


def _selects_nothing(xpath: str) -> bool:
    """True when the first location step of `xpath` has the sole predicate `false()` and the
    rest of the expression only continues or filters that path: no match on any page."""
    head = _EMPTY_HEAD.match(xpath)
    if head is None or "|" in xpath:
        return False
    tail = _without_predicates(xpath[head.end():])
    return tail is not None and bool(_PATH_TAIL.match(tail)) and (
        xpath.startswith("(") == (")" in tail)
    )


@lru_cache(maxsize=4096)
def _compiled(xpath: str, false_terms: frozenset[str]) -> etree.XPath | None:
    """`xpath` with the terms in `false_terms` (false on every element of the page) written as
    `false()`, compiled; None when it then selects nothing."""

    def group(match: re.Match[str]) -> str:
        kept = [t.group(0) for t in _CLASS_TERMS.finditer(match.group(0)) if t.group(0) not in false_terms]
        return f"(@class and ({' or '.join(kept)}))" if kept else "false()"

    def attribute(match: re.Match[str]) -> str:
        return "false()" if match.group(0) in false_terms else match.group(0)

    rewritten = xpath
    if false_terms:
        rewritten = _ATTRIBUTE_TERMS.sub(attribute, _GROUP.sub(group, xpath))
        simpler = ""
        while simpler != rewritten:
            simpler = rewritten
            rewritten = _FALSE_OR_FALSE.sub("false()", _FALSE_IN_PARENS.sub("false()", rewritten))
    if _selects_nothing(rewritten):
        return None
    return etree.XPath(rewritten)


class PageXPath:
    """Evaluates rule XPaths on one parsed page, or on a copy or part of it: pruning only
    removes elements, so what the page holds stays a superset of what is left, and a term false
    on every element of the page is false on every element of the part.

    The page's class tokens are split on all whitespace (`str.split`), a superset of XPath's
    `normalize-space` split: a token without whitespace that XPath sees is also seen here, so
    "absent here" implies "absent for XPath" - the one direction the rewrite relies on.
    """

    def __init__(self, tree: html.HtmlElement) -> None:
        self._tree = tree
        self._values: dict[str, str] = {}
        self._distinct: dict[str, frozenset[str]] = {}
        self._words: frozenset[str] | None = None
        self._truth: dict[str, bool] = {}

    def _attribute(self, name: str) -> str:
        """Every value of attribute `name` in the page, each after a NUL (which no attribute
        value holds): one string to search for `contains` and, after a NUL, `starts-with`."""
        if name not in self._values:
            self._distinct[name] = frozenset(str(v) for v in self._tree.xpath(f"//@{name}"))
            self._values[name] = "".join("\0" + value for value in self._distinct[name])
        return self._values[name]

    def _class_words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(self._attribute("class").replace("\0", " ").split())
        return self._words

    def _holds(self, term: _Term) -> bool:
        """False when `term` is false on every element of the page."""
        if term.text not in self._truth:
            if term.kind == "token":
                holds = term.value in self._class_words()
            elif term.kind == "prefix":
                holds = any(word.startswith(term.value) for word in self._class_words())
            elif term.kind == "contains":
                holds = term.value in self._attribute(term.name)
            elif term.kind == "starts-with":
                holds = "\0" + term.value in self._attribute(term.name)
            elif term.kind == "has":
                holds = bool(self._attribute(term.name))
            elif term.kind == "translate":
                self._attribute(term.name)
                table = dict(term.table)
                holds = any(term.value in value.translate(table) for value in self._distinct[term.name])
            else:
                self._attribute(term.name)
                holds = term.value in self._distinct[term.name]
            self._truth[term.text] = holds
        return self._truth[term.text]

    def __call__(self, node: html.HtmlElement, xpath: str) -> list:
        """The result of `node.xpath(xpath)`, computed with less work."""
        false_terms = frozenset(t.text for t in _terms(xpath) if not self._holds(t))
        compiled = _compiled(xpath, false_terms)
        return [] if compiled is None else compiled(node)

    def any(self, node: html.HtmlElement, xpaths: Iterable[str]) -> bool:
        """True when one of `xpaths` matches in `node`."""
        return any(self(node, xpath) for xpath in xpaths)
