"""Specification tests of the offline portal mirror (tests/mirror).

The end-to-end crawl tests trust the mirror's ground truth and its `classify`; these tests pin
both down with concrete values so a change to the mirror cannot silently move the goalposts.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import signal
import subprocess
import sys
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from lxml import html as lxml_html
from protego import Protego

from tests.mirror import KINDS, MirrorServer, build_mirror
from tests.mirror.families.variation import RELATED_HEADINGS
from tests.mirror.mirror import Mirror, _build
from tests.mirror.urls import is_variant_param

ROOT = Path(__file__).resolve().parents[1]
LF = "http://nghiloc.nghean.gov.vn"
JO = "http://luongson.hoabinh.gov.vn"
DR = "http://caoloc.langson.gov.vn"
AS = "http://gocongtay.tiengiang.gov.vn"
WP = "http://dienchau.nghean.gov.vn"
#: Where the body paragraphs live on each family's article page (direct <p> children).
BODY_XPATH = {
    "liferay": "//div[contains(@class,'journal-content-article')]/p",
    "joomla": "//div[@itemprop='articleBody']/p",
    "drupal": "//div[contains(@class,'field--name-body')]/p",
    "aspnet": "//div[@id='ctl00_ContentPlaceHolder1_divContent']/p",
    "wordpress": "//div[contains(@class,'entry-content')]/p",
}


@pytest.fixture(scope="module")
def mirror() -> Mirror:
    return build_mirror()


@pytest.fixture(scope="module")
def server(mirror: Mirror):
    with MirrorServer(mirror, host="127.0.0.1", port=0) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _no_env_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """urllib consults no_proxy even with an explicit ProxyHandler: keep the env out of it."""
    for name in ("no_proxy", "NO_PROXY", "http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(server: MirrorServer, url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.url}),
                                         _NoRedirect)
    try:
        with opener.open(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _canon(url: str) -> str:
    """The crawler's canonicalisation as specified for the mirror (see docs/mirror.md)."""
    s = urlsplit(url)
    path = re.sub(r";jsessionid=[^/?#]*", "", s.path, flags=re.IGNORECASE)
    path = re.sub(r"^/\(S\([a-z0-9]+\)\)(?=/)", "", path, flags=re.IGNORECASE)
    query = sorted((k, v) for k, v in parse_qsl(s.query) if not is_variant_param(k))
    return urlunsplit(("http", s.netloc.lower(), path, urlencode(query), ""))


def _visible(body: bytes) -> tuple[str, lxml_html.HtmlElement]:
    """Visible text (plus image alt texts, as the seed dumps show them), NFC and collapsed."""
    doc = lxml_html.fromstring(body.decode("utf-8"))
    for bad in doc.xpath("//script|//style|//head"):
        bad.drop_tree()
    text = " ".join([doc.text_content(), *doc.xpath("//img/@alt")])
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)), doc


def _links(url: str, body: bytes) -> list[str]:
    doc = lxml_html.fromstring(body.decode("utf-8"))
    return [urljoin(url, h.split("#")[0]) for h in doc.xpath("//a/@href")
            if h and not h.startswith(("#", "mailto:", "javascript:"))]


# -- inventory --------------------------------------------------------------------------------
def test_portals_and_article_counts(mirror: Mirror) -> None:
    assert [(p.id, p.family, p.host) for p in mirror.portals] == [
        ("nghiloc-nghean", "liferay", "nghiloc.nghean.gov.vn"),
        ("luongson-hoabinh", "joomla", "luongson.hoabinh.gov.vn"),
        ("caoloc-langson", "drupal", "caoloc.langson.gov.vn"),
        ("gocongtay-tiengiang", "aspnet", "gocongtay.tiengiang.gov.vn"),
        ("dienchau-nghean", "wordpress", "dienchau.nghean.gov.vn"),
    ]
    assert [p.home_url for p in mirror.portals] == [
        f"{LF}/web/guest/trang-chu", f"{JO}/index.php", f"{DR}/", f"{AS}/", f"{WP}/"]
    assert len(mirror.articles) == 330
    assert Counter(a.portal for a in mirror.articles) == {p.id: 66 for p in mirror.portals}
    undated = Counter(a.portal for a in mirror.articles if a.published is None)
    assert undated == {"nghiloc-nghean": 4, "luongson-hoabinh": 4, "caoloc-langson": 3,
                       "gocongtay-tiengiang": 3}
    assert len({a.url for a in mirror.articles}) == 330
    for p in mirror.portals:
        titles = [a.title for a in mirror.articles_of(p.id)]
        assert len(set(titles)) == len(titles)


def test_seed_articles_are_in_the_mirror(mirror: Mirror) -> None:
    by_title = {a.title: a for a in mirror.articles}
    s000 = by_title["Nghi Lộc: Nhiều kết quả nổi bật trong công tác thông tin- truyền thông năm 2019."]
    assert (s000.portal, s000.published, s000.author) == ("nghiloc-nghean", "2019-12-27", "Đình Dương")
    assert s000.paragraphs[0].startswith("Năm 2019 là năm huyện Nghi Lộc")
    assert len(s000.paragraphs) == 8
    s002 = by_title["Nghi Lộc: Đẩy mạnh chuyển đổi số trong các cơ quan Nhà nước."]
    assert (s002.published, len(s002.paragraphs)) == (None, 17)
    assert "Quyết định số 1812/QĐ-UBND ngày 22/9/2017" in s002.paragraphs[0]
    s001 = by_title["Lương Sơn: 13/19 xã đạt tiêu chí thông tin - truyền thông"]
    assert (s001.portal, s001.published, s001.author, s001.source) == (
        "luongson-hoabinh", None, None, "http://baohoabinh.com.vn")
    s003 = next(a for a in mirror.articles if a.url == f"{AS}/Chi-tiet-tin?id=1201")
    assert (s003.published, s003.author, len(s003.paragraphs)) == ("2020-01-16", "Kim Lan", 5)
    s004 = next(a for a in mirror.articles if a.portal == "caoloc-langson"
                and a.author == "Hoàng Thị Tố Loan")
    assert s004.published == "2023-05-12"
    assert s004.paragraphs[0].startswith("Ngày 12/5/2023, Đoàn công tác")


def test_build_is_deterministic_and_cheap() -> None:
    import time

    start = time.perf_counter()
    one = _build()
    assert time.perf_counter() - start < 1.5
    two = _build()
    assert one.articles == two.articles
    for a in one.articles[::37]:
        assert one.fetch(a.url).body == two.fetch(a.url).body


# -- ground truth against the pages -----------------------------------------------------------
def test_ground_truth_matches_article_pages(mirror: Mirror) -> None:
    families = {p.id: p.family for p in mirror.portals}
    for art in mirror.articles:
        resp = mirror.fetch(art.url)
        assert resp.status == 200, art.url
        text, doc = _visible(resp.body)
        found = [re.sub(r"\s+", " ", unicodedata.normalize("NFC", p.text_content())).strip()
                 for p in doc.xpath(BODY_XPATH[families[art.portal]])]
        found = [f for f in found if f]
        n = len(art.paragraphs)
        # body <p>s are exactly the paragraphs, then only byline / unit / "Theo:" lines, and
        # the author and source are what those lines show
        assert found[:n] == art.paragraphs, art.url
        tail = found[n:]
        assert len(tail) <= 3, (art.url, tail)
        if art.author:
            assert tail[0] in (art.author, f"Tin, ảnh: {art.author}"), art.url
        else:
            assert not [t for t in tail if not t.startswith(("Theo:", "Phòng", "Trung tâm"))], tail
        if art.source:
            assert tail[-1] == f"Theo: {art.source}", art.url
        own = " ".join([art.title, *art.paragraphs])
        assert art.title in text, art.url  # in the page body: <title> may be the site name
        assert len(art.must_not_contain) >= 10, art.url
        for s in art.must_not_contain:
            assert s in text, (art.url, s)
            assert s not in own, (art.url, s)
        assert unicodedata.is_normalized("NFC", own)


def _date_forms(published: str) -> dict[str, str]:
    """The ways a portal may print a published day (docs/mirror.md, "How the pages vary")."""
    y, m, d = published.split("-")
    return {"slash": f"{d}/{m}/{y}", "short": f"{int(d)}/{int(m)}/{y}", "dotted": f"({d}.{m}.{y} ",
            "spelled": f"{int(d)} tháng {int(m)}, {y}", "iso": f"{y}-{m}-{d}T"}


def test_dates_on_pages_in_the_forms_real_portals_use(mirror: Mirror) -> None:
    """Every dated article shows its day in the page body, in one of several forms."""
    used: Counter[str] = Counter()
    for art in mirror.articles:
        if art.published is None:
            continue
        text, _doc = _visible(mirror.fetch(art.url).body)
        forms = [name for name, shown in _date_forms(art.published).items() if shown in text]
        assert forms, art.url
        used.update(forms)
    assert all(used[form] >= 5 for form in ("dotted", "spelled", "iso")), used


def _related_inside(doc: lxml_html.HtmlElement, body_xpath: str) -> bool:
    """A related-news heading with dated teaser links in the container that holds the body."""
    paragraphs = doc.xpath(body_xpath)
    container = paragraphs[0].getparent().getparent()
    text = re.sub(r"\s+", " ", container.text_content())
    heading = next((h for h in RELATED_HEADINGS if h in text), None)
    if heading is None or len(container.xpath(".//a")) < 3:
        return False
    return bool(re.search(r"\((?:\d\d/\d\d/\d{4}|\d\d\.\d\d\.\d{4} \d\d:\d\d)\)",
                          text.split(heading, 1)[1]))


def test_pages_are_not_cut_to_our_rules(mirror: Mirror) -> None:
    """The mirror must not agree with the extraction rules by construction: per portal, the
    markup varies the way real portals do (../shared/corpus/README.md)."""
    families = {p.id: p.family for p in mirror.portals}
    inside: Counter[str] = Counter()
    site_title: Counter[str] = Counter()
    credit: Counter[str] = Counter()
    other_headline_first: Counter[str] = Counter()
    for p in mirror.portals:
        titles = [a.title for a in mirror.articles_of(p.id)]
        for art in mirror.articles_of(p.id):
            resp = mirror.fetch(art.url)
            page = unicodedata.normalize("NFC", resp.body.decode("utf-8"))
            doc = lxml_html.fromstring(page)
            if doc.findtext(".//title").strip() == p.name:
                site_title[p.id] += 1
            inside[p.id] += _related_inside(doc, BODY_XPATH[families[p.id]])
            text, _doc = _visible(resp.body)
            credit[p.id] += f"Tin, ảnh: {art.author}" in text
            own = text.index(art.title)
            other_headline_first[p.id] += any(0 <= text.find(t) < own for t in titles
                                              if t != art.title)
    # related news with dated teasers inside the article's own container, on four portals
    assert {pid for pid, n in inside.items() if n >= 15} == {
        "nghiloc-nghean", "luongson-hoabinh", "caoloc-langson", "gocongtay-tiengiang",
        "dienchau-nghean"}, inside
    # <title> is the site name on every article of two portals, the headline elsewhere
    assert site_title == {"nghiloc-nghean": 66, "gocongtay-tiengiang": 66}
    # "Tin, ảnh: …" bylines on two portals
    assert {pid for pid, n in credit.items() if n >= 5} == {"luongson-hoabinh",
                                                           "gocongtay-tiengiang"}
    # a sidebar of other articles' headlines before the article on one portal
    # (all but the newest article, which heads that sidebar itself)
    assert other_headline_first["caoloc-langson"] == 65


def test_nfd_articles(mirror: Mirror) -> None:
    nfd = [a for a in mirror.articles
           if not unicodedata.is_normalized("NFC", mirror.fetch(a.url).text)]
    assert [a.url for a in nfd] == [
        f"{JO}/index.php/tin-tuc/113-luong-son-ty-le-ho-so-truc-tuyen-toan-trinh-dat-76-0",
        f"{AS}/Chi-tiet-tin?id=1208",
    ]
    for a in nfd:
        assert unicodedata.is_normalized("NFC", " ".join([a.title, *a.paragraphs]))


def test_seed_boilerplate_list(mirror: Mirror) -> None:
    assert len(mirror.seed_boilerplate) >= 40
    fixture = ROOT / "tests" / "fixtures" / "seed_boilerplate.txt"
    lines = [ln for ln in fixture.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert lines == mirror.seed_boilerplate
    seed_pages = [a.url for a in mirror.articles if a.author in ("Đình Dương", "Kim Lan",
                  "Hoàng Thị Tố Loan") or a.source == "http://baohoabinh.com.vn"]
    texts = " ".join(_visible(mirror.fetch(u).body)[0] for u in seed_pages)
    for s in mirror.seed_boilerplate:
        assert s in texts, s


# -- through the real server ------------------------------------------------------------------
def test_every_article_served_through_proxy(mirror: Mirror, server: MirrorServer) -> None:
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda a: (a, _get(server, a.url)), mirror.articles))
    for art, (status, headers, body) in results:
        assert status == 200, art.url
        assert int(headers["Content-Length"]) == len(body)
        assert headers["Content-Type"].startswith("text/html")
        page = html.unescape(unicodedata.normalize("NFC", body.decode("utf-8")))
        assert art.paragraphs[0][:40] in page, art.url
    served = {(m, u) for m, u, s in server.requests if s == 200}
    assert all(("GET", a.url) in served for a in mirror.articles)
    assert server.hosts == {p.host for p in mirror.portals}
    assert server.url.startswith("http://127.0.0.1:")


def test_origin_form_unknown_host_and_headers(server: MirrorServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/robots.txt", headers={"Host": "caoloc.langson.gov.vn"})
    resp = conn.getresponse()
    body = resp.read().decode()
    assert resp.status == 200 and "Disallow: /search/" in body
    assert resp.getheader("Content-Type") == "text/plain; charset=utf-8"
    conn.request("GET", "/", headers={"Host": "gocongtay.tiengiang.gov.vn:80"})
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 200 and resp.getheader("Content-Type") == "text/html"  # no charset
    conn.close()
    status, _h, body = _get(server, "http://example.gov.vn/")
    assert status == 502 and body.count(b"\n") == 1
    status, headers, _b = _get(server, f"{DR}/sitemap.xml")
    assert headers["Content-Type"].startswith("application/xml")
    status, headers, _b = _get(server, f"{WP}/feed/")
    assert headers["Content-Type"].startswith("application/rss+xml")
    status, headers, _b = _get(server, f"{JO}/index.php/tin-tuc?format=feed&type=rss")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")


def test_statuses_404_500_redirect(server: MirrorServer, mirror: Mirror) -> None:
    removed = (f"{LF}/web/guest/tin-tuc-su-kien/-/asset_publisher/xYz123/content/"
               "nghi-loc-cac-xa-co-rung-ap-dung-mo-hinh-nuoi-ong-lay-mat-buoc-dau-dem-lai-hieu-qua")
    cases = {
        removed: (404, "error"),
        f"{WP}/2019/03/04/dien-chau-to-chuc-hoi-thi-tin-hoc-tre-nam-2019/": (404, "error"),
        f"{JO}/index.php/lien-he": (500, "error"),
        f"{AS}/Lien-he.aspx": (500, "error"),
        f"{DR}/khong-co-trang-nay": (404, "unknown"),
        f"{LF}/": (302, "redirect"),
        f"{WP}/?p=301": (301, "redirect"),
        f"{JO}/index.php?option=com_content&view=article&id=101&catid=8&Itemid=108": (301, "redirect"),
    }
    for url, (status, kind) in cases.items():
        got, _headers, _body = _get(server, url)
        assert (got, mirror.classify(url)) == (status, kind), url
    assert _get(server, f"{LF}/")[1]["Location"] == f"{LF}/web/guest/trang-chu"
    loc = _get(server, f"{WP}/?p=301")[1]["Location"]
    assert mirror.classify(loc) == "article"
    assert b"Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y" in _get(server, f"{DR}/khong-co-trang-nay")[2]
    # the removed article is linked from pages (a 404 a crawler meets, not one it invents)
    home = mirror.fetch(f"{LF}/web/guest/trang-chu").text
    assert "content/nghi-loc-cac-xa-co-rung-ap-dung" in home


def test_variants_serve_the_same_article(server: MirrorServer, mirror: Mirror) -> None:
    arts = {p.family: next(a for a in mirror.articles_of(p.id) if a.published) for p in mirror.portals}
    lf, jo, dr, asp, wp = (arts[f] for f in ("liferay", "joomla", "drupal", "aspnet", "wordpress"))
    variants = [
        lf.url + ";jsessionid=3F2A9C0B1D2E3F4A5B6C7D8E9F0A1B2C",
        lf.url + "?viewMode=print",
        lf.url + "?p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&p_p_col_id=column-1",
        jo.url + "?tmpl=component&print=1&page=",
        jo.url + "?PHPSESSID=9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        dr.url + "?utm_source=facebook&utm_medium=share",
        DR + "/node/" + urlsplit(
            lxml_html.fromstring(mirror.fetch(dr.url).text).xpath("//link[@rel='shortlink']/@href")[0]
        ).path.rsplit("/", 1)[1],
        asp.url + "&print=1",
        asp.url.replace("/Chi-tiet-tin", "/(S(abcd1234efgh5678ijkl9012))/Chi-tiet-tin"),
        wp.url + "?share=facebook",
        wp.url + "?share=twitter",
        wp.url + "?replytocom=45",
    ]
    for url, art in zip(variants, [lf] * 3 + [jo] * 2 + [dr] * 2 + [asp] * 2 + [wp] * 3,
                        strict=True):
        status, _h, body = _get(server, url)
        assert status == 200, url
        assert mirror.classify(url) == "variant", url
        text = unicodedata.normalize("NFC", body.decode("utf-8"))
        assert all(p in re.sub(r"\s+", " ", lxml_html.fromstring(text).text_content())
                   for p in art.paragraphs), url
    drupal_node = mirror.fetch(variants[6]).text
    assert f'<link rel="canonical" href="{dr.url}" />' in drupal_node


def test_canonical_forms_are_served(mirror: Mirror) -> None:
    listing = (f"{LF}/web/guest/tin-tuc-su-kien?_101_INSTANCE_xYz123_cur=2"
               "&p_p_id=101_INSTANCE_xYz123")
    assert mirror.fetch(listing).status == 200 and mirror.classify(listing) == "listing"
    reordered = (f"{LF}/web/guest/tin-tuc-su-kien?p_p_id=101_INSTANCE_xYz123"
                 "&_101_INSTANCE_xYz123_cur=4")
    assert mirror.classify(reordered) == "listing"
    with_state = reordered + "&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&p_p_col_id=column-2"
    assert mirror.classify(with_state) == "variant" and mirror.fetch(with_state).status == 200
    for url in (f"{JO}/index.php/tin-tuc?start=30", f"{DR}/tin-tuc?page=3",
                f"{AS}/Danh-sach-tin?CatID=3&Page=4", f"{WP}/category/tin-tuc/page/4/"):
        assert (mirror.fetch(url).status, mirror.classify(url)) == (200, "listing"), url
    for url in (f"{JO}/index.php/tin-tuc?start=40", f"{DR}/tin-tuc?page=4",
                f"{AS}/Danh-sach-tin?CatID=3&Page=5", f"{WP}/category/tin-tuc/page/5/"):
        assert mirror.fetch(url).status == 404, url


def test_canonicalising_walk_reaches_every_article_without_surprises(mirror: Mirror) -> None:
    """Follow every <a href> (canonicalised, robots obeyed) from the five home pages."""
    robots = {p.host: Protego.parse(mirror.fetch(f"http://{p.host}/robots.txt").text)
              for p in mirror.portals}
    seen: set[str] = set()
    queue = [p.home_url for p in mirror.portals]
    kinds: Counter[str] = Counter()
    blocked: Counter[str] = Counter()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        kind = mirror.classify(url)
        kinds[kind] += 1
        if kind == "trap-deep":
            continue
        resp = mirror.fetch(url)
        if resp.status in (301, 302):
            queue.append(_canon(urljoin(url, resp.headers["Location"])))
            continue
        if resp.status != 200 or not resp.headers["Content-Type"].startswith("text/html"):
            continue
        for link in _links(url, resp.body):
            if urlsplit(link).hostname not in server_hosts(mirror):
                continue
            link = _canon(link)
            if robots[urlsplit(link).hostname].can_fetch(link, "*"):
                queue.append(link)
            else:
                blocked[mirror.classify(link)] += 1
    arts = {u for u in seen if mirror.classify(u) == "article"}
    assert arts == {a.url for a in mirror.articles}
    assert kinds["unknown"] == 0
    assert kinds["error"] == 5 and kinds["redirect"] == 2
    assert kinds["trap-first"] == 2 and kinds["trap-deep"] == 4
    assert set(blocked) == {"search"}
    # Joomla print links carry a blank "page=": this canonicaliser (parse_qsl default) drops
    # blank values; one that keeps them fetches 66 Joomla print-less "variant" URLs instead.
    assert kinds["variant"] == 0


def server_hosts(mirror: Mirror) -> set[str]:
    return {p.host for p in mirror.portals}


def test_deep_articles_only_reachable_deep_in_the_pager(mirror: Mirror) -> None:
    fam = mirror.families["nghiloc.nghean.gov.vn"]
    deep = fam.cats[0][35]
    pages = ([fam.listing_url(0, p) for p in range(1, 5)] + [f"{LF}/web/guest/trang-chu"]
             + [a.url for a in mirror.articles_of("nghiloc-nghean")])
    linked_from = [u for u in pages if u != fam.article_url(deep)
                   and fam.article_path(deep) in mirror.fetch(u).text]
    assert linked_from == [fam.listing_url(0, 4)]


# -- traps, robots, sitemaps, classify --------------------------------------------------------
@pytest.mark.parametrize(("start", "pattern"), [
    (f"{DR}/lich-cong-tac?date=2023-05", r'href="(/lich-cong-tac\?date=[^"]+)">Tháng sau'),
    ((f"{LF}/web/guest/lich-lam-viec?_8_INSTANCE_cal_month=12&_8_INSTANCE_cal_year=2019"
     "&p_p_id=8_INSTANCE_cal"), r'href="([^"]+)">Tháng sau'),
])
def test_calendar_trap_never_ends(mirror: Mirror, start: str, pattern: str) -> None:
    host = "http://" + urlsplit(start).hostname
    home = mirror.fetch(mirror.family_for(start).portal.home_url).text
    assert urlsplit(start).path in home
    assert mirror.classify(start) == "trap-first"
    url = start
    for _ in range(40):
        resp = mirror.fetch(url)
        assert resp.status == 200 and "« Tháng trước" in resp.text
        url = _canon(host + re.search(pattern, resp.text)[1].replace("&amp;", "&"))
        assert mirror.classify(url) == "trap-deep", url
    assert url.endswith(("date=2026-09", ("_8_INSTANCE_cal_month=4&_8_INSTANCE_cal_year=2023"
                         "&p_p_id=8_INSTANCE_cal"))), url


def test_robots_txt(mirror: Mirror) -> None:
    searches = {
        "nghiloc.nghean.gov.vn": "/web/guest/tim-kiem?_3_keywords=abc",
        "luongson.hoabinh.gov.vn": "/index.php/tim-kiem?searchword=abc&searchphrase=all",
        "caoloc.langson.gov.vn": "/search/node?keys=abc",
        "gocongtay.tiengiang.gov.vn": "/Tim-kiem?keyword=abc",
        "dienchau.nghean.gov.vn": "/?s=abc",
    }
    for p in mirror.portals:
        resp = mirror.fetch(f"http://{p.host}/robots.txt")
        assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
        rp = Protego.parse(resp.text)
        search = f"http://{p.host}{searches[p.host]}"
        assert not rp.can_fetch(search, "portal-archive")
        assert mirror.classify(search) == "search" and mirror.fetch(search).status == 200
        assert rp.can_fetch(p.home_url, "portal-archive")
        for a in mirror.articles_of(p.id):
            assert rp.can_fetch(a.url, "portal-archive")
        # the search page is linked from every page
        assert searches[p.host].split("?")[0] in mirror.fetch(mirror.articles_of(p.id)[5].url).text
    wp = mirror.fetch(f"{WP}/robots.txt").text
    assert wp == ("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
                  "Disallow: /?s=\nDisallow: /search/\n\nSitemap: http://dienchau.nghean.gov.vn/"
                  "wp-sitemap.xml\n")
    assert "Sitemap: http://caoloc.langson.gov.vn/sitemap.xml" in mirror.fetch(f"{DR}/robots.txt").text


def test_sitemaps_and_feeds(mirror: Mirror) -> None:
    drupal = mirror.fetch(f"{DR}/sitemap.xml")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", drupal.text))
    assert {a.url for a in mirror.articles_of("caoloc-langson")} <= locs
    assert mirror.classify(f"{DR}/sitemap.xml") == "sitemap"
    index = mirror.fetch(f"{WP}/wp-sitemap.xml").text
    assert f"{WP}/wp-sitemap-posts-post-1.xml" in index
    posts = set(re.findall(r"<loc>([^<]+)</loc>", mirror.fetch(f"{WP}/wp-sitemap-posts-post-1.xml").text))
    assert posts == {a.url for a in mirror.articles_of("dienchau-nghean")}
    feed = mirror.fetch(f"{JO}/index.php/tin-tuc?format=feed&type=rss").text
    assert feed.count("<item>") == 10
    assert 'rel="alternate" type="application/rss+xml"' in mirror.fetch(f"{JO}/index.php").text
    for url in (f"{JO}/index.php/tin-tuc?format=feed&type=rss", f"{WP}/feed/", f"{DR}/rss.xml"):
        assert mirror.classify(url) == "feed"


@pytest.mark.parametrize(("url", "kind"), [
    (f"{LF}/web/guest/trang-chu", "home"),
    (f"{LF}/web/guest/trang-chu;jsessionid=ABC123", "variant"),
    (f"{LF}/web/guest/chuyen-doi-so", "listing"),
    (f"{LF}/web/guest/lich-lam-viec", "trap-first"),
    ((f"{LF}/web/guest/lich-lam-viec?_8_INSTANCE_cal_month=1&_8_INSTANCE_cal_year=2020"
     "&p_p_id=8_INSTANCE_cal"), "trap-deep"),
    (f"{LF}/web/guest/gioi-thieu", "other"),
    (f"{LF}/robots.txt", "robots"),
    (f"{JO}/", "home"),
    (f"{JO}/index.php/chuyen-doi-so?start=10", "listing"),
    (f"{JO}/index.php/chuyen-doi-so?start=15", "unknown"),
    (f"{JO}/index.php/tin-tuc?start=10&PHPSESSID=abc", "variant"),
    (f"{DR}/lich-cong-tac", "trap-first"),
    (f"{DR}/lich-cong-tac?date=2023-06", "trap-deep"),
    (f"{DR}/lich-cong-tac?date=1999-01", "trap-deep"),
    (f"{DR}/gioi-thieu", "other"),
    (f"{DR}/node/99999", "unknown"),
    (f"{AS}/Default.aspx", "home"),
    (f"{AS}/Danh-sach-tin?CatID=5", "listing"),
    (f"{AS}/Danh-sach-tin?CatID=9", "unknown"),
    (f"{AS}/Chi-tiet-tin?id=1", "unknown"),
    (f"{WP}/category/tin-tuc/page/1/", "redirect"),
    (f"{WP}/category/tin-tuc/", "listing"),
    (f"{WP}/search/abc/", "search"),
    (f"{WP}/wp-content/uploads/2023/05/301.jpg", "other"),
    ("http://example.com/", "unknown"),
    ("https://caoloc.langson.gov.vn/", "unknown"),
])
def test_classify_samples(mirror: Mirror, url: str, kind: str) -> None:
    assert kind in KINDS
    assert mirror.classify(url) == kind


def test_wordpress_article_without_trailing_slash_redirects(mirror: Mirror) -> None:
    art = mirror.articles_of("dienchau-nghean")[0]
    resp = mirror.fetch(art.url.rstrip("/"))
    assert resp.status == 301 and resp.headers["Location"] == art.url
    assert mirror.fetch(art.url, method="HEAD").body == b""
    assert mirror.fetch(art.url, method="POST").status == 405


def test_cli_serves_and_stops_on_sigterm() -> None:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "no_proxy")}
    proc = subprocess.Popen([sys.executable, "-m", "tests.mirror.server", "--port", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
    try:
        first = proc.stdout.readline()
        m = re.match(r"mirror: serving 5 portals on (http://127\.0\.0\.1:\d+)$", first.strip())
        assert m, first
        hosts = [proc.stdout.readline() for _ in range(5)]
        assert any("caoloc.langson.gov.vn" in h for h in hosts)
        port = int(m[1].rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "http://dienchau.nghean.gov.vn/robots.txt")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
