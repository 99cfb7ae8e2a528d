"""End to end on Cái Lậy, the extended mirror's ASP.NET portal, crawled from its home page as an
unknown portal: its "Tin tức" listing pages with a GridView (`Page$N`), its "Kinh tế" listing with
a Repeater of LinkButtons whose targets carry no page argument, and every listing page also
offers a poll and a login LinkButton. Every article behind both pagers must be archived exactly
once, every listing page posted once, and nothing but a pager ever posted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
from warcio.archiveiterator import ArchiveIterator

from search.store import ArchiveStore
from tests.conftest import run_cli

HOME = "http://cailay.tiengiang.gov.vn/"
GRIDVIEW = "http://cailay.tiengiang.gov.vn/Tin-tuc.aspx"
REPEATER = "http://cailay.tiengiang.gov.vn/Kinh-te.aspx"


@pytest.fixture(scope="module")
def extended():
    from tests.mirror import build_mirror

    return build_mirror(extended=True)


@pytest.fixture(scope="module")
def crawled(extended, tmp_path_factory) -> Iterator:
    from tests.mirror import MirrorServer

    archive = tmp_path_factory.mktemp("postback") / "archive"
    with MirrorServer(extended, host="127.0.0.1", port=0) as server:
        result = run_cli("crawl", HOME, "--archive", str(archive), "--resolve",
                         f"*={server.url.removeprefix('http://')}", "--env", "test", "--quiet")
        requests = list(server.requests)
    assert result.returncode == 0, result.stderr
    yield archive, requests


def posted(archive) -> list[tuple[str, dict[str, list[str]], str]]:
    """(url, form fields, response body) of every POST in the WARC files."""
    requests: dict[str, tuple[str, dict[str, list[str]]]] = {}
    responses: dict[str, str] = {}
    for path in sorted((archive / "warc").glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "request" and record.http_headers.protocol == "POST":
                    form = parse_qs(record.content_stream().read().decode(), keep_blank_values=True)
                    requests[record.rec_headers.get_header("WARC-Concurrent-To")] = (
                        record.rec_headers.get_header("WARC-Target-URI"), form)
                elif record.rec_type == "response":
                    responses[record.rec_headers.get_header("WARC-Record-ID")] = \
                        record.content_stream().read().decode("utf-8", "replace")
    return [(url, form, responses[rid]) for rid, (url, form) in requests.items()]


def shown_page(body: str) -> int:
    """The page number a listing page marks as shown (GridView span, Repeater "active")."""
    match = re.search(r"<td><span>(\d+)</span></td>", body) or \
        re.search(r'class="active" href="javascript:__doPostBack\([^)]*\)">(\d+)</a>', body)
    assert match, "no current page marker"
    return int(match.group(1))


def test_every_article_behind_both_pagers_is_archived_exactly_once(crawled, extended):
    archive, _ = crawled
    truth = {a.url for a in extended.articles_of("cailay-tiengiang")}
    with ArchiveStore.open(archive, readonly=True) as store:
        urls = [r["canonical_url"] for r in store.iter_articles()]
    assert len(truth) == 30
    assert sorted(urls) == sorted(truth)
    fam = extended.family_for(HOME)
    behind = {fam.article_url(a) for a in fam.cats[1][3:]}  # Kinh tế pages 2 and 3
    assert len(behind) == 5 and behind <= set(urls)


def test_each_listing_page_is_posted_once_and_only_pagers_are_posted(crawled):
    archive, requests = crawled
    posts = posted(archive)
    pages = Counter((url, shown_page(body)) for url, _form, body in posts)
    assert pages == {(GRIDVIEW, 2): 1, (GRIDVIEW, 3): 1, (REPEATER, 2): 1, (REPEATER, 3): 1}
    targets = sorted((form["__EVENTTARGET"][0], form["__EVENTARGUMENT"][0]) for _u, form, _b in posts)
    assert targets == [
        ("ctl00$ContentPlaceHolder1$NewsList1$rptPager$ctl01$lnkPage", ""),
        ("ctl00$ContentPlaceHolder1$NewsList1$rptPager$ctl02$lnkPage", ""),
        ("ctl00$ContentPlaceHolder1$pager", "Page$2"),
        ("ctl00$ContentPlaceHolder1$pager", "Page$3")]
    # The whole form went back, as a browser posts it: view state and the poll's checked answer.
    for _url, form, _body in posts:
        assert form["__VIEWSTATE"][0].startswith("/wEPDwU") and form["__EVENTVALIDATION"][0]
        assert form["ctl00$ucPoll$rblAnswer"] == ["1"] and form["ctl00$txtKeyword"] == [""]
    assert [status for method, _u, status in requests if method == "POST"] == [200] * 4
