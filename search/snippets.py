"""Search-result snippets cut from the original text, with matched words marked.

Matching happens on folded text (no diacritics, lower case) but readers want the words as the
portal wrote them. `fold` returns one character per input character, so a match found at offsets
[i, j) of `fold(text)` is the word at [i, j) of `text`: the snippet is cut from the original.

Markers: each matched word (a matched phrase as a whole) is wrapped in « and » (MATCH_OPEN,
MATCH_CLOSE); "…" marks text cut at either end. Runs of whitespace (including newlines) become
one space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crawlers.extraction.text import fold
from search.query import TOKEN_RE, Term

MATCH_OPEN = "«"
MATCH_CLOSE = "»"
ELLIPSIS = "…"
SNIPPET_WORDS = 30

_WS = re.compile(r"\s+")


def _matches(tokens: Sequence[str], terms: Sequence[Term]) -> list[tuple[int, int, int]]:
    """(first token, last token + 1, term number) for every occurrence of every term."""
    found: list[tuple[int, int, int]] = []
    for n, term in enumerate(terms):
        size = len(term.tokens)
        for i in range(len(tokens) - size + 1):
            ok = all(tokens[i + k] == term.tokens[k] for k in range(size - 1))
            last = tokens[i + size - 1]
            want = term.tokens[-1]
            if ok and (last.startswith(want) if term.prefix else last == want):
                found.append((i, i + size, n))
    return found


def make_snippet(text: str, terms: Sequence[Term], *, words: int = SNIPPET_WORDS) -> str:
    """About `words` words of `text` around the best match, matched words wrapped in « ».

    "Best" is the window holding the most distinct query terms; the earliest such window wins,
    which for a single-term query is the window starting a few words before the first match.
    Without a match in `text` (the title matched) the snippet is the opening words, unmarked.
    """
    folded = fold(text)
    spans = [(m.start(), m.end()) for m in TOKEN_RE.finditer(folded)]
    if not spans:
        return ""
    tokens = [folded[a:b] for a, b in spans]
    found = _matches(tokens, terms)
    start = 0
    if found:
        lead = min(5, words // 4)  # a little context before the match reads better
        best = (-1, 0)
        for first, _, _ in sorted(found):
            lo = max(0, first - lead)
            distinct = len({n for a, b, n in found if a >= lo and b <= lo + words})
            if distinct > best[0]:
                best = (distinct, lo)
        start = best[1]
    end = min(len(tokens), start + words)
    if end - start < words:  # near the end: show a full window when the text is long enough
        start = max(0, end - words)
    # Token intervals to wrap: a phrase match is wrapped as one «...», overlapping matches merge.
    intervals: list[list[int]] = []
    for a, b in sorted((a, b) for a, b, _ in found if a >= start and b <= end):
        if intervals and a < intervals[-1][1]:
            intervals[-1][1] = max(intervals[-1][1], b)
        else:
            intervals.append([a, b])
    opening_at = {a for a, _ in intervals}
    closing_at = {b for _, b in intervals}

    parts: list[str] = [ELLIPSIS + " "] if start > 0 else []
    if start == 0 and spans[0][0] > 0:
        parts.append(_WS.sub(" ", text[: spans[0][0]]).lstrip())  # e.g. a leading "(" or quote
    for i in range(start, end):
        a, b = spans[i]
        if i > start:
            parts.append(_WS.sub(" ", text[spans[i - 1][1] : a]) or " ")
        if i in opening_at:
            parts.append(MATCH_OPEN)
        parts.append(text[a:b])
        if i + 1 in closing_at:
            parts.append(MATCH_CLOSE)
    if end < len(tokens):
        parts.append(" " + ELLIPSIS)
    elif spans[-1][1] < len(text):
        tail = text[spans[-1][1] :].strip()
        parts.append(_WS.sub(" ", tail))  # keep the final full stop
    return "".join(parts)
