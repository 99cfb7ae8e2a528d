"""Search queries and filters: parsing user input into a safe FTS5 MATCH expression.

The query language (documented in docs/formats.md):

- words are ANDed: ``chuyển đổi số`` finds articles containing all three words;
- ``"quoted phrases"`` must appear as consecutive words;
- ``OR`` (upper case) between two terms makes them alternatives: ``ICT OR "công nghệ thông tin"``;
- ``-word`` or ``-"a phrase"`` excludes articles containing it;
- a trailing ``*`` matches a prefix: ``điện*`` finds "điện", "điện tử", ...
- ``AND`` (upper case) is accepted and changes nothing; ``NOT word`` is the same as ``-word``.

Every term is folded (lower case, no diacritics, đ→d) exactly like the indexed text, split into
tokens the way FTS5's ``unicode61`` tokenizer splits them, and written into the MATCH expression as
a double-quoted string. User text is therefore never interpreted as FTS5 syntax: characters such
as ``:``, ``(``, ``^`` or ``NEAR`` are plain text (punctuation separates tokens, as in the index).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from crawlers.errors import UserError
from crawlers.extraction.text import fold, nfc

# FTS5 unicode61 token characters: letters, digits (and private-use). Underscore separates tokens,
# which Python's \w would not do, hence the explicit exclusion.
TOKEN_RE = re.compile(r"[^\W_]+")

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def fold_unit(value: str) -> str:
    """Fold an administrative-unit or portal name for diacritics/case-insensitive exact matching.

    Whitespace runs are collapsed so that "Nghệ  An" and "Nghe An" meet; the store applies the same
    function to the stored province/district/portal/topic values.
    """
    return " ".join(fold(nfc(value)).split())


@dataclass(frozen=True)
class Filters:
    """Restrictions shared by search, export and counting.

    `province`, `district`, `portal` and `topic` match a whole value after folding (so
    "Nghe An" matches "Nghệ An" but not "Nghệ"). `legal_ref` matches articles citing that
    document number, ignoring case, diacritics and spaces ("45/2016/qd-ttg" finds
    "45/2016/QĐ - TTg"). `since`/`until` are inclusive bounds on
    `published`; articles without a publication date are excluded whenever either bound is set,
    because the archive never guesses a date.
    """

    province: str | None = None
    district: str | None = None
    portal: str | None = None
    topic: str | None = None
    legal_ref: str | None = None
    since: date | None = None
    until: date | None = None
    # Not restrictions but which records (search/versions.py): articles that answered 404/410
    # on a later crawl are left out unless `include_removed`; `versions="all"` gives every
    # archived version of each article instead of the latest (SQLite index only).
    include_removed: bool = False
    versions: str = "latest"

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise UserError(
                f"--since {self.since.isoformat()} is after --until {self.until.isoformat()}: "
                "swap the two dates or widen the range"
            )


def parse_date(value: str, *, flag: str, end: bool | None = None) -> date:
    """Parse a `--since`/`--until` value given as YYYY, YYYY-MM or YYYY-MM-DD.

    A partial date names a period; `--since` takes its first day and `--until` its last day, so
    ``--since 2023 --until 2023`` covers the whole year. `flag` is the option name as the user typed
    it ("--since" or "--until"); `end` says which end of the period to take and defaults to the
    last day for "--until", the first day for anything else.
    """
    name = flag if flag.startswith("-") else f"--{flag}"
    text = value.strip()
    match = _DATE_RE.match(text)
    problem = f"invalid date for {name}: '{value}': use YYYY, YYYY-MM or YYYY-MM-DD"
    if not match:
        raise UserError(problem)
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    upper = name.lstrip("-") == "until" if end is None else end
    try:
        if month is None:
            return date(year, 12, 31) if upper else date(year, 1, 1)
        if day is None:
            if not upper:
                return date(year, month, 1)
            next_month = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(next_month.toordinal() - 1)
        return date(year, month, day)
    except ValueError:
        raise UserError(problem) from None


def _quoted(tokens: tuple[str, ...]) -> str:
    return '"' + " ".join(tokens).replace('"', '""') + '"'


@dataclass(frozen=True)
class Term:
    """One searchable unit: a folded token sequence (a word is a phrase of one token).

    `prefix` means the last token matches as a prefix (the user wrote a trailing ``*``).
    `written` holds the same tokens as the user spelled them (NFC, lower case, diacritics kept),
    or () when they do not split into the same number of tokens; it only ranks, never matches,
    so two terms with the same folded tokens are equal.
    """

    tokens: tuple[str, ...]
    prefix: bool = False
    written: tuple[str, ...] = field(default=(), compare=False)

    def fts(self) -> str:
        """The FTS5 form: a double-quoted string, which FTS5 never reads as an operator."""
        quoted = _quoted(self.tokens)
        return f"{quoted} *" if self.prefix else quoted

    @property
    def accented(self) -> bool:
        """The user wrote diacritics (or đ): the exact spelling then says something."""
        return bool(self.written) and self.written != self.tokens

    def fts_exact(self) -> str:
        """The FTS5 form of the spelling as written, for the index of unfolded text."""
        return _quoted(self.written)


@dataclass(frozen=True)
class Query:
    """A validated search: the user's text, its filters, and what the store needs to run it.

    Build it with `parse_query`; `match` is the FTS5 expression, `groups` the ANDed alternatives
    (used to highlight snippets) and `excluded` the terms that must not occur.
    """

    text: str
    filters: Filters = field(default_factory=Filters)
    match: str = ""
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every positive term, in query order (alternatives included)."""
        return tuple(term for group in self.groups for term in group)

    @property
    def exact_match(self) -> str | None:
        """FTS5 expression an article satisfies when it has every accented term as spelled.

        A group (a term and its OR alternatives) with an alternative typed without diacritics,
        or as a prefix, is satisfied by the folded match already and is left out; None when no
        group is left (the query carries no spelling to prefer).
        """
        parts = []
        for group in self.groups:
            if not all(term.accented and not term.prefix for term in group):
                continue
            alternatives = [term.fts_exact() for term in group]
            parts.append(alternatives[0] if len(alternatives) == 1
                         else "(" + " OR ".join(alternatives) + ")")
        return " AND ".join(parts) or None

    @property
    def proximity_match(self) -> str | None:
        """FTS5 expression of every 2- and 3-word run of the query's words, in query order.

        The same idea as the Elasticsearch index's shingles: articles where the words stand
        together, in the order typed, score higher than articles where they are scattered.
        None for a one-word query. Prefix terms are left out, as they are in Elasticsearch.
        """
        words = [token for term in self.terms if not term.prefix for token in term.tokens]
        runs = dict.fromkeys(
            tuple(words[i:i + size]) for size in (2, 3) for i in range(len(words) - size + 1)
        )
        return " OR ".join(_quoted(run) for run in runs) or None


_LEXEME_RE = re.compile(r'\s+|(-?)"([^"]*)"(\*?)|(-?)([^\s"]+)')


def _lex(text: str) -> list[tuple[str, bool, str, bool]]:
    """Split query text into (kind, negated, body, star) lexemes.

    kind is "phrase", "word", or one of the upper-case operators "or", "and", "not".
    """
    if text.count('"') % 2:
        raise UserError(f"unbalanced quote in query '{text}': close the phrase with \"")
    lexemes: list[tuple[str, bool, str, bool]] = []
    for m in _LEXEME_RE.finditer(text):
        if m.group(2) is not None:
            lexemes.append(("phrase", m.group(1) == "-", m.group(2), m.group(3) == "*"))
        elif m.group(5) is not None:
            word = m.group(5)
            if word in ("OR", "AND", "NOT") and not m.group(4):
                lexemes.append((word.lower(), False, "", False))
            else:
                star = word.endswith("*")
                lexemes.append(("word", m.group(4) == "-", word.rstrip("*"), star))
    return lexemes


def exact_form(text: str) -> str:
    """Text as the exact-spelling index holds it: NFC, lower case, diacritics and đ kept."""
    return nfc(text).lower()


def _term(body: str, star: bool) -> Term | None:
    tokens = tuple(TOKEN_RE.findall(fold(nfc(body))))
    if not tokens:
        return None  # only punctuation: "stop characters" carry nothing to search for
    written = tuple(TOKEN_RE.findall(exact_form(body)))
    return Term(tokens, prefix=star, written=written if len(written) == len(tokens) else ())


def _or_with_exclusion(text: str) -> UserError:
    return UserError(
        f"cannot combine OR with an exclusion in query '{text}': "
        "write the excluded term on its own, e.g. 'a OR b -c'"
    )


def parse_query(text: str, filters: Filters | None = None) -> Query:
    """Validate `text` and build its FTS5 MATCH expression from quoted, folded tokens.

    Raises `UserError` (one line naming the query) for an empty query, an unbalanced quote, a
    misplaced ``OR``, or a query that only excludes.
    """
    filters = filters or Filters()
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    pending_not = False
    last_excluded = False
    for kind, negated, body, star in _lex(text):
        if kind == "and":
            continue  # words are ANDed anyway; an explicit AND is accepted and means nothing more
        if kind == "not":
            pending_not = True  # "NOT word" is another spelling of "-word"
            continue
        negated = negated or pending_not
        pending_not = False
        if kind == "or":
            if last_excluded:
                raise _or_with_exclusion(text)
            if not groups or pending_or:
                raise UserError(
                    f"misplaced OR in query '{text}': put OR between two words or phrases"
                )
            pending_or = True
            continue
        term = _term(body, star)
        if term is None:
            continue
        last_excluded = negated
        if negated:
            if pending_or:
                raise _or_with_exclusion(text)
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
    if pending_or:
        raise UserError(f"misplaced OR in query '{text}': put OR between two words or phrases")
    if not groups:
        if excluded:
            raise UserError(
                f"query '{text}' only excludes words: add at least one word to search for"
            )
        raise UserError("empty query: give at least one word to search for")
    positive = " AND ".join(
        "(" + " OR ".join(t.fts() for t in group) + ")" if len(group) > 1 else group[0].fts()
        for group in groups
    )
    match = positive
    if excluded:
        match = f"({positive}) NOT ({' OR '.join(t.fts() for t in excluded)})"
    return Query(
        text=text,
        filters=filters,
        match=match,
        groups=tuple(tuple(g) for g in groups),
        excluded=tuple(excluded),
    )
