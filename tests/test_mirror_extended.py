"""Specification tests of the extended offline mirror (`build_mirror(extended=True)`).

Five more portals, each hard in one way: an ASP.NET post-back pager (Cái Lậy), a JavaScript-only
listing (Bắc Quang), broken and legacy charsets (Điện Bàn), document attachments (Hoằng Hóa) and
a self-signed HTTPS portal behind CONNECT (Tân Phú). These tests pin down what each one serves
and its ground truth; the default mirror must not change at all.
"""

from __future__ import annotations

import io
import json
import re
import ssl
import unicodedata
import urllib.error
import urllib.request
import zipfile
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from lxml import html as lxml_html
from protego import Protego

from tests.mirror import KINDS, MirrorServer, build_mirror
from tests.mirror.encodings import (
    LegacyEncodingError,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
)
from tests.mirror.mirror import Mirror, _build
from tests.mirror.urls import is_variant_param

CL = "http://cailay.tiengiang.gov.vn"
BQ = "http://bacquang.hagiang.gov.vn"
DB = "http://dienban.quangnam.gov.vn"
HH = "http://hoanghoa.thanhhoa.gov.vn"
TP = "https://tanphu.dongnai.gov.vn"
NEW = ("cailay-tiengiang", "bacquang-hagiang", "dienban-quangnam", "hoanghoa-thanhhoa",
       "tanphu-dongnai")
PAGER = "ctl00$ContentPlaceHolder1$pager"
REPEATER = "ctl00$ContentPlaceHolder1$NewsList1$rptPager$ctl{:02d}$lnkPage"


@pytest.fixture(scope="module")
def mirror() -> Mirror:
    return build_mirror(extended=True)


@pytest.fixture(scope="module")
def server(mirror: Mirror):
    with MirrorServer(mirror, host="127.0.0.1", port=0) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _no_env_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _open(server: MirrorServer, url: str, data: bytes | None = None,
          context: ssl.SSLContext | None = None) -> tuple[int, dict[str, str], bytes]:
    handlers = [urllib.request.ProxyHandler({"http": server.url, "https": server.url}),
                _NoRedirect]
    if context is not None:
        handlers.append(urllib.request.HTTPSHandler(context=context))
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(url, data=data, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _canon(url: str) -> str:
    s = urlsplit(url)
    query = sorted((k, v) for k, v in parse_qsl(s.query) if not is_variant_param(k))
    return urlunsplit((s.scheme, s.netloc.lower(), s.path, urlencode(query), ""))


def _decode(mirror: Mirror, url: str, body: bytes) -> str:
    """Page text the way a reader sees it (the right codec per page), NFC."""
    if urlsplit(url).hostname == "dienban.quangnam.gov.vn":
        if b'face=".VnTime"' in body:
            return decode_tcvn3(body)
        if b'face="VNI-Times"' in body:
            return decode_vni(body)
        return unicodedata.normalize("NFC", body.decode("cp1258"))
    return unicodedata.normalize("NFC", body.decode("utf-8"))


def _links(url: str, text: str) -> list[str]:
    doc = lxml_html.fromstring(text)
    return [urljoin(url, h.split("#")[0]) for h in doc.xpath("//a/@href")
            if h and not h.startswith(("#", "mailto:", "javascript:"))]


def _walk(mirror: Mirror, portal_id: str) -> tuple[set[str], Counter[str]]:
    """Follow every <a href> of one portal from its home page (canonicalised, robots obeyed)."""
    portal = next(p for p in mirror.portals if p.id == portal_id)
    robots = Protego.parse(mirror.fetch(urljoin(portal.home_url, "/robots.txt")).text)
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    queue = [portal.home_url]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        kinds[mirror.classify(url)] += 1
        resp = mirror.fetch(url)
        if resp.status in (301, 302):
            queue.append(_canon(urljoin(url, resp.headers["Location"])))
            continue
        if resp.status != 200 or not resp.headers["Content-Type"].startswith("text/html"):
            continue
        for link in _links(url, _decode(mirror, url, resp.body)):
            if urlsplit(link).hostname == portal.host and robots.can_fetch(_canon(link), "*"):
                queue.append(_canon(link))
    return {u for u in seen if mirror.classify(u) == "article"}, kinds


# -- inventory and the default mirror ---------------------------------------------------------
def test_default_mirror_is_untouched(mirror: Mirror) -> None:
    default = build_mirror()
    assert default is not mirror and len(default.portals) == 5 and len(default.articles) == 330
    assert all(p.render is None and p.tls is None for p in default.portals)
    assert mirror.portals[:5] == default.portals
    assert mirror.articles[:330] == default.articles
    assert all(a.attachments == [] for a in default.articles)
    for a in default.articles[::11]:
        assert mirror.fetch(a.url).body == default.fetch(a.url).body
    assert default.fetch("https://caoloc.langson.gov.vn/").status == 404
    assert default.classify("https://caoloc.langson.gov.vn/") == "unknown"
    assert [p.channels for p in default.portals] == [
        ("links",), ("links", "feed"), ("links", "sitemap", "feed"), ("links",),
        ("links", "sitemap", "feed")]


def test_extended_portals(mirror: Mirror) -> None:
    new = mirror.portals[5:]
    assert [(p.id, p.host, p.family, p.render, p.tls, p.channels) for p in new] == [
        ("cailay-tiengiang", "cailay.tiengiang.gov.vn", "aspnet", None, None,
         ("links", "postback")),
        ("bacquang-hagiang", "bacquang.hagiang.gov.vn", "spa", "js", None, ("js", "api")),
        ("dienban-quangnam", "dienban.quangnam.gov.vn", "asp", None, None, ("links",)),
        ("hoanghoa-thanhhoa", "hoanghoa.thanhhoa.gov.vn", "sharepoint", None, None, ("links",)),
        ("tanphu-dongnai", "tanphu.dongnai.gov.vn", "nukeviet", None, "self-signed",
         ("links", "sitemap", "feed")),
    ]
    assert [p.home_url for p in new] == [f"{CL}/", f"{BQ}/", f"{DB}/",
                                          f"{HH}/portal/Pages/default.aspx", f"{TP}/"]
    counts = Counter(a.portal for a in mirror.articles)
    assert {pid: counts[pid] for pid in NEW} == {
        "cailay-tiengiang": 30, "bacquang-hagiang": 28, "dienban-quangnam": 24,
        "hoanghoa-thanhhoa": 24, "tanphu-dongnai": 22}
    assert len(mirror.articles) == 458 == len({a.url for a in mirror.articles})
    for pid in NEW:
        titles = [a.title for a in mirror.articles_of(pid)]
        assert len(set(titles)) == len(titles)
        assert all(a.published for a in mirror.articles_of(pid))
    assert "attachment" in KINDS


def test_build_is_deterministic() -> None:
    one, two = _build(extended=True), _build(extended=True)
    assert one.articles == two.articles
    for a in one.articles[330::5]:
        assert one.fetch(a.url).body == two.fetch(a.url).body
        for f in a.attachments:
            assert one.fetch(f.url).body == two.fetch(f.url).body


# -- ground truth against the pages -----------------------------------------------------------
def test_ground_truth_matches_article_pages(mirror: Mirror) -> None:
    for art in mirror.articles[330:]:
        resp = mirror.fetch(art.url)
        assert (resp.status, mirror.classify(art.url)) == (200, "article"), art.url
        text = _decode(mirror, art.url, resp.body)
        doc = lxml_html.fromstring(text)
        fam = mirror.family_for(art.url)
        found = [re.sub(r"\s+", " ", p.text_content()).strip() for p in doc.xpath(fam.body_xpath)]
        found = [f for f in found if f]
        n = len(art.paragraphs)
        assert found[:n] == art.paragraphs, art.url
        tail = found[n:]
        assert len(tail) <= 3, (art.url, tail)
        if art.author:
            assert tail[0] == art.author, art.url
        for s in doc.xpath("//script|//style|//head"):
            s.drop_tree()
        visible = re.sub(r"\s+", " ", doc.text_content())
        assert art.title in visible, art.url
        y, m, d = art.published.split("-")
        assert f"{d}/{m}/{y}" in visible or f"{int(d)}/{int(m)}/{y}" in visible, art.url
        own = " ".join([art.title, *art.paragraphs])
        assert unicodedata.is_normalized("NFC", own)
        assert len(art.must_not_contain) >= 3, art.url
        for s in art.must_not_contain:
            assert s in visible, (art.url, s)
            assert s not in own, (art.url, s)


def test_robots_and_search_pages(mirror: Mirror) -> None:
    searches = {CL: "/Tim-kiem.aspx?q=abc", BQ: "/tim-kiem?q=abc", DB: "/timkiem.asp?tukhoa=abc",
                HH: "/portal/_layouts/15/osssearchresults.aspx?k=abc", TP: "/seek/?q=abc"}
    for base, path in searches.items():
        resp = mirror.fetch(base + "/robots.txt")
        assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
        rp = Protego.parse(resp.text)
        assert not rp.can_fetch(base + path, "portal-archive"), base
        assert mirror.classify(base + path) == "search"
        portal = mirror.family_for(base + "/").portal
        for a in mirror.articles_of(portal.id):
            assert rp.can_fetch(a.url, "portal-archive")
    assert f"Sitemap: {TP}/sitemap.xml" in mirror.fetch(f"{TP}/robots.txt").text


@pytest.mark.parametrize(("url", "kind"), [
    (f"{CL}/", "home"),
    (f"{CL}/Tin-tuc.aspx", "listing"),
    (f"{CL}/tin-tuc.aspx", "variant"),
    (f"{CL}/Tin-tuc.aspx?page=2", "variant"),
    (f"{CL}/Tin-tuc/Chi-tiet.aspx?ItemID=101", "article"),
    (f"{CL}/Tin-tuc/Chi-tiet.aspx?ItemID=99", "unknown"),
    (f"{CL}/Lien-he.aspx", "error"),
    (f"{CL}/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZA2&t=637811765229275428", "other"),
    (f"{BQ}/chuyen-muc/tin-tuc", "listing"),
    (f"{BQ}/api/news?cat=tin-tuc&page=2", "other"),
    (f"{BQ}/api/news?cat=khong-co&page=1", "other"),
    (f"{DB}/tintuc.asp?cat=1&page=2", "listing"),
    (f"{DB}/tintuc.asp?cat=1&page=3", "unknown"),
    (f"{DB}/chitiet.asp?id=701", "article"),
    (f"{HH}/", "redirect"),
    (f"{HH}/portal/Pages/van-ban-chi-dao-dieu-hanh.aspx?Paged=TRUE&PageFirstRow=11", "listing"),
    (f"{HH}/portal/Pages/van-ban-chi-dao-dieu-hanh.aspx?Paged=TRUE&PageFirstRow=21", "unknown"),
    (f"{HH}/_layouts/15/images/icpdf.png", "other"),
    (f"{TP}/", "home"),
    (f"{TP}/news/tin-tuc/page-2", "listing"),
    (f"{TP}/news/tin-tuc/page-1", "unknown"),
    (f"{TP}/sitemap.xml", "sitemap"),
    (f"{TP}/sitemap-vi.news.xml", "sitemap"),
    (f"{TP}/news/rss/", "feed"),
    (f"{TP}/news/rss/chuyen-doi-so/", "feed"),
    ("http://tanphu.dongnai.gov.vn/", "redirect"),
    ("http://tanphu.dongnai.gov.vn/news/tin-tuc/", "redirect"),
])
def test_classify_samples(mirror: Mirror, url: str, kind: str) -> None:
    assert mirror.classify(url) == kind


# -- 1. post-back pager -----------------------------------------------------------------------
def _form_fields(text: str) -> dict[str, str]:
    doc = lxml_html.fromstring(text)
    form = doc.get_element_by_id("aspnetForm")
    assert form.get("method") == "post"
    return {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@type='hidden']")}


def test_postback_listing_markup(mirror: Mirror) -> None:
    text = mirror.fetch(f"{CL}/Tin-tuc.aspx").text
    fields = _form_fields(text)
    assert set(fields) == {"__EVENTTARGET", "__EVENTARGUMENT", "__VIEWSTATE",
                           "__VIEWSTATEGENERATOR", "__EVENTVALIDATION"}
    assert fields["__VIEWSTATE"].startswith("/wEPDwU")
    assert re.fullmatch(r"[0-9A-F]{8}", fields["__VIEWSTATEGENERATOR"])
    assert (f"<a href=\"javascript:__doPostBack('{PAGER}','Page$2')\">2</a>") in text
    assert "Page$3" in text and "Page$4" not in text  # 22 articles: three pages
    assert not re.search(r"[?&]page=\d", text, re.IGNORECASE)
    assert text.count("/Tin-tuc/Chi-tiet.aspx?ItemID=") == 10


def _postback(server: MirrorServer, url: str, fields: dict[str, str], argument: str,
              **override: str) -> tuple[int, dict[str, str], bytes]:
    form = {**fields, "__EVENTTARGET": PAGER, "__EVENTARGUMENT": argument, **override}
    return _open(server, url, data=urlencode(form).encode())


def test_postback_pager_reaches_every_article(mirror: Mirror, server: MirrorServer) -> None:
    truth = {a.url for a in mirror.articles_of("cailay-tiengiang")}
    found: set[str] = set()
    before = len(server.requests)
    # "Tin tức": GridView, Page$N / Page$Next.
    listing = f"{CL}/Tin-tuc.aspx"
    status, _h, body = _open(server, listing)
    assert status == 200 and mirror.classify(listing) == "listing"
    text = body.decode("utf-8")
    for page in (2, 3, 4):
        found |= {_canon(u) for u in _links(listing, text) if "Chi-tiet.aspx" in u}
        if page == 4:
            assert "Page$Next" not in text
            break
        argument = "Page$Next" if page == 3 else f"Page${page}"
        status, _h, body = _postback(server, listing, _form_fields(text), argument)
        assert status == 200, (listing, argument)
        text = body.decode("utf-8")
        assert f"<td><span>{page}</span></td>" in text
    # "Kinh tế": Repeater of LinkButtons, 3 a page, empty arguments.
    listing = f"{CL}/Kinh-te.aspx"
    text = _open(server, listing)[2].decode("utf-8")
    assert text.count('class="news-item"') == 3
    assert f"__doPostBack('{REPEATER.format(1)}','')\">2</a>" in text
    assert "Page$" not in text and "Trang sau" in text
    for target in (REPEATER.format(1), "ctl00$ContentPlaceHolder1$NewsList1$lnkNext", None):
        found |= {_canon(u) for u in _links(listing, text) if "Chi-tiet.aspx" in u}
        if target is None:
            assert "lnkNext" not in text and 'class="active" href="javascript:__doPostBack(' \
                f"'{REPEATER.format(2)}'" in text
            break
        status, _h, body = _postback(server, listing, _form_fields(text), "", __EVENTTARGET=target)
        assert status == 200, target
        text = body.decode("utf-8")
    assert found == truth
    posts = [(m, u, s) for m, u, s in server.requests[before:] if m == "POST"]
    assert posts == [("POST", f"{CL}/Tin-tuc.aspx", 200)] * 2 + [("POST", listing, 200)] * 2


def test_postback_accepts_buttons_that_are_not_pagers(mirror: Mirror) -> None:
    listing = f"{CL}/Kinh-te.aspx"
    fields = _form_fields(mirror.fetch(listing).text)
    for target in ("ctl00$ucPoll$lnkVote", "ctl00$ucLogin$lnkLogin"):
        answer = mirror.fetch(listing, "POST", urlencode({**fields, "__EVENTTARGET": target}).encode())
        assert answer.status == 200 and "cảm ơn bạn!" in answer.text
    wrong = mirror.fetch(listing, "POST", urlencode({**fields, "__EVENTTARGET": REPEATER.format(1),
                                                     "__EVENTARGUMENT": "Page$2"}).encode())
    assert wrong.status == 500  # the Repeater's LinkButtons take no argument


def test_postback_rejects_foreign_state(mirror: Mirror, server: MirrorServer) -> None:
    url = f"{CL}/Tin-tuc.aspx"
    fields = _form_fields(mirror.fetch(url).text)
    other = _form_fields(mirror.fetch(f"{CL}/Kinh-te.aspx").text)
    status, _h, body = _postback(server, url, fields, "Page$2", __VIEWSTATE="/wEPDwUKLTk5OQ9kFgI=")
    assert status == 500 and b"Validation of viewstate MAC failed" in body
    assert b"Server Error in '/' Application." in body
    status, _h, body = _postback(server, url, fields, "Page$2",
                                 __VIEWSTATE=other["__VIEWSTATE"])
    assert status == 500
    status, _h, body = _postback(server, url, fields, "Page$2", __EVENTVALIDATION="/wEdAAx")
    assert status == 500 and b"Invalid postback or callback argument" in body
    assert _postback(server, url, fields, "Page$9")[0] == 500
    assert _postback(server, url, fields, "Page$2", __EVENTTARGET="ctl00$other")[0] == 500
    assert _postback(server, url, fields, "Page$2")[0] == 200
    # Other pages are not post-back targets; the view state of page 2 pages on from page 2.
    assert mirror.fetch(f"{CL}/", "POST", b"__EVENTTARGET=").status == 405
    page2 = mirror.fetch(url, "POST", urlencode({**fields, "__EVENTTARGET": PAGER,
                                                  "__EVENTARGUMENT": "Page$2"}).encode()).text
    page3 = mirror.fetch(url, "POST", urlencode({**_form_fields(page2), "__EVENTTARGET": PAGER,
                                                  "__EVENTARGUMENT": "Page$Next"}).encode())
    assert page3.status == 200 and "<td><span>3</span></td>" in page3.text


def test_postback_portal_hides_older_articles_from_links(mirror: Mirror) -> None:
    reached, kinds = _walk(mirror, "cailay-tiengiang")
    fam = mirror.family_for(CL + "/")
    first_pages = {fam.article_url(a) for c in range(len(fam.cats)) for a in fam.page_items(c, 1)}
    assert reached == first_pages and len(reached) == 13  # 10 (GridView) + 3 (Repeater)
    assert kinds["unknown"] == 0


# -- 2. JavaScript-only listing ---------------------------------------------------------------
def test_js_listing_html_has_no_article_link(mirror: Mirror) -> None:
    paths = [urlsplit(a.url).path for a in mirror.articles_of("bacquang-hagiang")]
    for url in (f"{BQ}/", f"{BQ}/chuyen-muc/tin-tuc", f"{BQ}/chuyen-muc/kinh-te-xa-hoi"):
        text = mirror.fetch(url).text
        assert not any(p in text for p in paths), url
        assert not re.search(r"\d+\.html", text), url
    shell = mirror.fetch(f"{BQ}/chuyen-muc/tin-tuc").text
    assert '<div id="news-list"></div>' in shell and "Xem thêm" in shell
    reached, kinds = _walk(mirror, "bacquang-hagiang")
    assert reached == set() and kinds["listing"] == 2
    art = mirror.articles_of("bacquang-hagiang")[0]
    assert not any(p in mirror.fetch(art.url).text for p in paths if p != urlsplit(art.url).path)


def test_js_listing_api_lists_every_article(mirror: Mirror, server: MirrorServer) -> None:
    found = []
    for cat, pages in (("tin-tuc", 3), ("kinh-te-xa-hoi", 1)):
        for page in range(1, pages + 2):
            url = f"{BQ}/api/news?cat={cat}&page={page}"
            status, headers, body = _open(server, url)
            assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
            data = json.loads(body)
            assert (data["page"], data["pages"]) == (page, pages)
            if page > pages:
                assert data["items"] == []
            found += [urljoin(BQ, item["url"]) for item in data["items"]]
            assert mirror.classify(url) == "other"
    truth = mirror.articles_of("bacquang-hagiang")
    assert sorted(found) == sorted(a.url for a in truth)
    first = json.loads(mirror.fetch(f"{BQ}/api/news?cat=tin-tuc&page=1").body)["items"][0]
    article = next(a for a in truth if a.url == urljoin(BQ, first["url"]))
    assert first["title"] == article.title
    assert first["published"].startswith(article.published)
    status, _h, body = _open(server, f"{BQ}/api/news?cat=khong-co&page=1")
    assert status == 404 and json.loads(body) == {"error": "not found"}


# -- 3. charsets ------------------------------------------------------------------------------
def test_charset_header_lies_and_meta_tells_the_truth(mirror: Mirror, server: MirrorServer) -> None:
    arts = {a.url: a for a in mirror.articles_of("dienban-quangnam")}
    undeclared, lying = [], []
    for url, art in arts.items():
        status, headers, body = _open(server, url)
        assert status == 200
        if url.endswith(".htm"):
            continue
        assert not unicodedata.is_normalized("NFC", body.decode("cp1258"))  # combining tones
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        assert art.paragraphs[0] not in unicodedata.normalize("NFC", body.decode("cp1252",
                                                                                 "replace"))
        if headers["Content-Type"] == "text/html":
            assert b"charset" not in body.lower()
            undeclared.append(art.title)
        else:
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            assert b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">' \
                in body
            lying.append(art.title)
    assert (len(undeclared), len(lying)) == (4, 18)
    home = mirror.fetch(f"{DB}/")
    assert home.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Tin tức - Sự kiện" in unicodedata.normalize("NFC", home.body.decode("cp1258"))
    assert "\ufffd" in home.text  # what a client that believes the header gets


def test_legacy_font_pages(mirror: Mirror) -> None:
    old = [a for a in mirror.articles_of("dienban-quangnam") if a.url.endswith(".htm")]
    assert [(a.url, a.published) for a in old] == [
        (f"{DB}/luutru/2007/dien-ban-ra-quan-lam-thuy-loi-mua-kho-nam-2007.htm", "2007-03-20"),
        (f"{DB}/luutru/2006/ky-hop-thu-muoi-hoi-dong-nhan-dan-huyen-dien-ban-khoa-viii.htm",
         "2006-07-14"),
    ]
    vni, tcvn3 = (mirror.fetch(a.url) for a in old)
    assert b'<font face=".VnTime"' in tcvn3.body and b"VNI-Times" not in tcvn3.body
    assert b'<font face="VNI-Times"' in vni.body
    for resp, art, decode in ((tcvn3, old[1], decode_tcvn3), (vni, old[0], decode_vni)):
        assert resp.headers["Content-Type"] == "text/html"
        assert b"charset" not in resp.body.lower()
        assert art.title in decode(resp.body)
        for wrong in ("latin-1", "cp1258"):
            assert art.title not in unicodedata.normalize("NFC", resp.body.decode(wrong))
        assert art.paragraphs[0] in decode(resp.body)
    # "Điện Bàn": TCVN3 § i Ö n  B µ n, VNI Ñ i e ä n  B a ø n
    assert b"\xa7i\xd6n B\xb5n" in tcvn3.body
    assert b"\xd1ie\xe4n Ba\xf8n" in vni.body


def _vietnamese_letters() -> list[str]:
    letters = []
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            letters.append(unicodedata.normalize("NFC", base + tone))
    return [*letters, "đ"]


def test_legacy_tables() -> None:
    lower = _vietnamese_letters()
    assert len(set(lower)) == 73
    upper = [c.upper() for c in lower]
    assert decode_tcvn3(encode_tcvn3("".join(lower))) == "".join(lower)
    assert len(encode_tcvn3("".join(lower))) == 73  # one byte per letter
    assert decode_tcvn3(encode_tcvn3("ĂÂĐÊÔƠƯ")) == "ĂÂĐÊÔƠƯ"
    with pytest.raises(LegacyEncodingError):
        encode_tcvn3("Ủy ban")  # .VnTime has no uppercase toned letters
    text = "".join(lower + upper)
    assert decode_vni(encode_vni(text)) == text
    assert unicodedata.normalize("NFC", encode_cp1258(text).decode("cp1258")) == text
    # Spot checks against the published tables.
    assert [encode_tcvn3(c) for c in "àáảãạđươệỵ"] == [
        b"\xb5", b"\xb8", b"\xb6", b"\xb7", b"\xb9", b"\xae", b"\xad", b"\xac", b"\xd6", b"\xfe"]
    assert [encode_vni(c) for c in "ấệđơưỉỵƯỞ"] == [
        b"a\xe1", b"e\xe4", b"\xf1", b"\xf4", b"\xf6", b"\xe6", b"\xee", b"\xd6", b"\xd4\xdb"]
    assert encode_cp1258("ế") == b"\xea\xec" and encode_cp1258("á") == b"\xe1"


# -- 4. attachments ---------------------------------------------------------------------------
def _pdf_is_valid(data: bytes) -> None:
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)\n", data)[1])
    assert data[xref:xref + 4] == b"xref"
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n", data)]
    for num, off in enumerate(offsets, start=1):
        assert data[off:].startswith(b"%d 0 obj" % num)
    length = int(re.search(rb"/Length (\d+)", data)[1])
    start = data.index(b"stream\n") + 7
    assert data[start + length:start + length + 10] == b"\nendstream"


def test_attachments_are_valid_files(mirror: Mirror, server: MirrorServer) -> None:
    docs = [a for a in mirror.articles_of("hoanghoa-thanhhoa") if a.attachments]
    assert len(docs) == 14
    assert all(a.attachments == [] for a in mirror.articles if a.portal != "hoanghoa-thanhhoa")
    types = Counter(f.content_type for a in docs for f in a.attachments)
    assert types == {"application/pdf": 14,
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 7,
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 5}
    first = docs[0]
    assert [f.filename for f in first.attachments] == [
        "QD-1134-UBND.pdf", "PL-QD-1134-UBND.docx", "BM-QD-1134-UBND.xlsx"]
    assert first.attachments[0].url == f"{HH}/Uploads/files/QD-1134-UBND.pdf"
    assert first.attachments[0].text_snippet == (
        "Quyet dinh so 1134/QD-UBND cua Uy ban nhan dan huyen Hoang Hoa")
    for art in docs:
        page = mirror.fetch(art.url).text
        assert "Tệp đính kèm:" in page
        for f in art.attachments:
            assert f'href="{urlsplit(f.url).path}"' in page
            status, headers, data = _open(server, f.url)
            assert status == 200 and mirror.classify(f.url) == "attachment"
            assert headers["Content-Type"] == f.content_type
            assert headers["Content-Disposition"] == f'attachment; filename="{f.filename}"'
            assert int(headers["Content-Length"]) == len(data)
            if f.filename.endswith(".pdf"):
                _pdf_is_valid(data)
                assert f.text_snippet.encode("ascii") in data
            else:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    assert zf.testzip() is None
                    assert "[Content_Types].xml" in zf.namelist()
                    part = "word/document.xml" if f.filename.endswith(".docx") \
                        else "xl/worksheets/sheet1.xml"
                    assert f.text_snippet in zf.read(part).decode("utf-8")
                    assert unicodedata.is_normalized("NFC", f.text_snippet)
    assert mirror.fetch(f"{HH}/Uploads/files/QD-1-UBND.pdf").status == 404


def test_links_reach_every_article_of_the_link_portals(mirror: Mirror) -> None:
    for pid in ("dienban-quangnam", "hoanghoa-thanhhoa", "tanphu-dongnai"):
        reached, kinds = _walk(mirror, pid)
        assert reached == {a.url for a in mirror.articles_of(pid)}, pid
        assert kinds["unknown"] == 0 and kinds["variant"] == 0, (pid, kinds)
    assert mirror.fetch(f"{HH}/").headers["Location"] == f"{HH}/portal/Pages/default.aspx"


# -- 5. self-signed TLS -----------------------------------------------------------------------
def test_tls_portal_through_connect(mirror: Mirror, server: MirrorServer) -> None:
    assert server.ca_cert_path and open(server.ca_cert_path).read().startswith(
        "-----BEGIN CERTIFICATE-----")
    trusting = ssl.create_default_context(cafile=server.ca_cert_path)
    art = mirror.articles_of("tanphu-dongnai")[3]
    status, headers, body = _open(server, art.url, context=trusting)
    assert status == 200 and art.paragraphs[0] in unicodedata.normalize(
        "NFC", re.sub(r"\s+", " ", lxml_html.fromstring(body.decode()).text_content()))
    assert ("CONNECT", "tanphu.dongnai.gov.vn:443", 200) in server.requests
    assert ("GET", art.url, 200) in server.requests
    status, _h, body = _open(server, f"{TP}/sitemap-vi.news.xml", context=trusting)
    assert set(re.findall(r"<loc>([^<]+)</loc>", body.decode())) == {
        a.url for a in mirror.articles_of("tanphu-dongnai")}
    with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
        _open(server, art.url, context=ssl.create_default_context())
    status, headers, _b = _open(server, art.url.replace("https://", "http://"))
    assert (status, headers["Location"]) == (301, art.url)
    with pytest.raises(urllib.error.URLError, match="405"):
        _open(server, "https://caoloc.langson.gov.vn/", context=trusting)
    with MirrorServer(build_mirror()) as plain:
        assert plain.ca_cert_path is None
