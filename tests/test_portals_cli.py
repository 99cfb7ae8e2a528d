"""`portal-archive portals list|show|validate|detect`, run as a user runs them.

`detect` is judged against the offline mirror (its own server here, so the request log of the
shared session mirror stays what the crawl tests expect), one listing page per CMS family.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html

from crawlers.detect import feeds_of, pagers_of, robots_sitemaps
from crawlers.extraction.families import detect_family
from tests.conftest import REPO, run_cli
from tests.mirror import MirrorServer, build_mirror

FIXTURES = REPO / "tests" / "fixtures" / "detect"
WEBFORMS_NOTE = ("ASP.NET WebForms page (__VIEWSTATE, __doPostBack): listings may page by form posts that "
                 "links do not reach")


@pytest.fixture(scope="module")
def mirror_address() -> Iterator[str]:
    with MirrorServer(build_mirror(), port=0) as server:
        yield f"127.0.0.1:{server.port}"


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("portal-archive: error: ")
    return lines[0]


# -- list ------------------------------------------------------------------------------------------
def test_list_without_an_action_lists_the_whole_registry() -> None:
    result = run_cli("portals")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 760
    assert lines[0].split() == ["hanoi", "province", "unknown", "active", "hanoi.gov.vn", "Hà", "Nội"]


def test_list_filters_by_level_province_and_status() -> None:
    result = run_cli("portals", "list", "--level", "district", "--province", "nghe an", "--status", "merged")
    assert result.returncode == 0, result.stderr
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert len(ids) == 20
    assert {"nghiloc-nghean", "dienchau-nghean", "quynhluu-nghean"} <= set(ids)
    nghiloc = next(line for line in result.stdout.splitlines() if line.startswith("nghiloc-nghean "))
    assert nghiloc.split() == ["nghiloc-nghean", "district", "liferay", "merged", "nghiloc.nghean.gov.vn",
                               "Nghi", "Lộc,", "Nghệ", "An"]


def test_list_json_gives_one_entry_per_line_with_every_field() -> None:
    result = run_cli("portals", "list", "--level", "province", "--status", "active", "--json")
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(entries) == 34
    phutho = next(e for e in entries if e["id"] == "phutho")
    assert phutho["unit_code"] == "25"
    assert phutho["hosts"] == ["phutho.gov.vn"]
    assert phutho["notes"] == ("Since 2025-07-01 also governs Hòa Bình, Vĩnh Phúc "
                               "(Resolution 202/2025/QH15 of 12 June 2025).")


# -- show ------------------------------------------------------------------------------------------
def test_show_prints_every_field_and_the_successor_chain() -> None:
    result = run_cli("portals", "show", "luongson-hoabinh")
    assert result.returncode == 0, result.stderr
    fields = dict(line.split(":", 1) for line in result.stdout.splitlines())
    fields = {k: v.strip() for k, v in fields.items()}
    assert fields == {
        "id": "luongson-hoabinh", "name": "Trang thông tin điện tử huyện Lương Sơn",
        "hosts": "luongson.hoabinh.gov.vn", "level": "district", "province": "Hòa Bình",
        "district": "Lương Sơn", "legacy_unit_code": "152", "status": "merged",
        "status_since": "2025-07-01", "successor": "phutho (active)", "cms": "joomla",
        "confidence": "known", "host_source": "named", "start_urls": "http://luongson.hoabinh.gov.vn/", "tls": "verify",
    }


def test_show_json_of_a_merged_province() -> None:
    result = run_cli("portals", "show", "bariavungtau", "--json")
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)
    assert (entry["hosts"], entry["legacy_unit_code"], entry["unit_code"]) == (["baria-vungtau.gov.vn"], "77", None)
    assert (entry["status"], entry["status_since"], entry["successor"]) == ("merged", "2025-07-01", "hochiminh")


def test_show_an_unknown_id_is_one_error_line() -> None:
    result = run_cli("portals", "show", "no-such-portal")
    assert result.returncode == 2
    assert "unknown portal id 'no-such-portal'" in one_error_line(result)


# -- validate --------------------------------------------------------------------------------------
def test_validate_the_bundled_registry() -> None:
    result = run_cli("portals", "validate")
    assert (result.returncode, result.stdout) == (0, "760 portals, 0 problems\n")


def test_validate_lists_every_problem_of_a_broken_registry() -> None:
    result = run_cli("portals", "validate", "--registry", str(FIXTURES / "registry-broken.toml"))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        "so-gd: lacks hosts; unknown field(s) host (see docs/registry.md)",
        "nghean: id used by 2 entries",
        "Nghi_Loc: host nghean.gov.vn is already the host of nghean",
        "nghean: legacy_unit_code '42' is Hà Tĩnh, not Nghệ An",
        "Nghi_Loc: id is not an ASCII slug (lower-case letters, digits, single hyphens)",
        "Nghi_Loc: a merged portal needs status_since (the date it stopped)",
        "Nghi_Loc: a district portal needs its legacy_unit_code (the district's GSO code)",
        "xa-khong-huyen: status 'closed' not in ('active', 'merged', 'offline')",
        "xa-khong-huyen: cms 'typo3' not in ('liferay', 'joomla', 'drupal', 'dnn', 'sharepoint', "
        "'aspnet', 'wordpress', 'nukeviet', 'classicasp', 'unknown')",
        "xa-khong-huyen: a closed portal needs status_since (the date it stopped)",
        "xa-khong-huyen: a commune portal needs its commune",
        "xa-khong-huyen: a commune portal needs its district (or, for a commune created on "
        "1 July 2025, only its unit_code)",
        "vinh-nghean: successor 'nghe-an' is not in the registry",
        "vinh-nghean: a district portal needs its legacy_unit_code (the district's GSO code)",
        "vinh-nghean: start URL http://vinhcity.gov.vn/ is outside its hosts",
        "5 portals, 15 problems",
    ]


def test_validate_a_missing_registry_file_is_one_error_line(tmp_path: Path) -> None:
    result = run_cli("portals", "validate", "--registry", str(tmp_path / "nope.toml"))
    assert result.returncode == 2
    assert f"cannot read registry {tmp_path / 'nope.toml'}" in one_error_line(result)


# -- detect against the mirror ---------------------------------------------------------------------
@pytest.mark.parametrize(("url", "family", "sitemaps", "feeds", "pagers", "portal"), [
    ("http://nghiloc.nghean.gov.vn/web/guest/tin-tuc-su-kien", "liferay", [], [], ["liferay-cur"],
     "nghiloc-nghean"),
    ("http://luongson.hoabinh.gov.vn/index.php/tin-tuc", "joomla", [],
     ["http://luongson.hoabinh.gov.vn/index.php/tin-tuc?format=feed&type=rss"], ["joomla-start"],
     "luongson-hoabinh"),
    ("http://caoloc.langson.gov.vn/tin-tuc", "drupal", ["http://caoloc.langson.gov.vn/sitemap.xml"], [],
     ["drupal-page"], "caoloc-langson"),
    ("http://gocongtay.tiengiang.gov.vn/Danh-sach-tin?CatID=3&Page=1", "aspnet", [], [], ["query-page"],
     "gocongtay-tiengiang"),
    ("http://dienchau.nghean.gov.vn/category/tin-tuc/", "wordpress",
     ["http://dienchau.nghean.gov.vn/wp-sitemap.xml"], ["http://dienchau.nghean.gov.vn/feed/"],
     ["wordpress-path"], "dienchau-nghean"),
])
def test_detect_names_family_channels_and_registry_entry(mirror_address: str, url: str, family: str,
                                                         sitemaps: list[str], feeds: list[str],
                                                         pagers: list[str], portal: str) -> None:
    result = run_cli("portals", "detect", url, "--resolve", f"*={mirror_address}", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["status"], found["family"]) == (200, family)
    assert (found["sitemaps"], found["feeds"], found["pagers"]) == (sitemaps, feeds, pagers)
    assert found["robots"] == f"200, {len(sitemaps)} sitemap(s)"
    assert found["registry"]["id"] == portal
    assert found["registry"]["cms"] == family  # the registry agrees with the markup
    assert found["notes"] == ([WEBFORMS_NOTE] if family == "aspnet" else [])


def test_detect_follows_the_home_redirect_and_reads_as_text(mirror_address: str) -> None:
    result = run_cli("portals", "detect", "http://nghiloc.nghean.gov.vn/", "--resolve", f"*={mirror_address}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "url:       http://nghiloc.nghean.gov.vn/ -> http://nghiloc.nghean.gov.vn/web/guest/trang-chu",
        "status:    200",
        "family:    liferay (fingerprints: liferay 4)",
        "robots:    200, 0 sitemap(s)",
        "pager:     none seen on this page",
        "registry:  nghiloc-nghean (district, cms liferay, merged since 2025-07-01)",
    ]


def test_detect_warns_that_a_webforms_home_may_page_by_form_posts(mirror_address: str) -> None:
    result = run_cli("portals", "detect", "http://gocongtay.tiengiang.gov.vn/", "--resolve",
                     f"*={mirror_address}", "--json")
    found = json.loads(result.stdout)
    assert (found["family"], found["pagers"]) == ("aspnet", [])
    assert found["notes"] == [WEBFORMS_NOTE]


def test_detect_an_unknown_host_behind_the_proxy_exits_4(mirror_address: str) -> None:
    result = run_cli("portals", "detect", "http://no-such-portal.gov.vn/", "--resolve", f"*={mirror_address}")
    assert result.returncode == 4
    assert "cannot fetch http://no-such-portal.gov.vn/: HTTP 502 without a page" in one_error_line(result)


def test_detect_an_unreachable_url_exits_4() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_cli("portals", "detect", f"http://127.0.0.1:{port}/")
    assert result.returncode == 4
    assert f"cannot fetch http://127.0.0.1:{port}/" in one_error_line(result)


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://nghiloc.nghean.gov.vn/", "out-of-scope start URL 'ftp://nghiloc.nghean.gov.vn/'"),
    ("http:///nohost", "has no host name"),
])
def test_detect_a_bad_url_exits_2(url: str, message: str) -> None:
    result = run_cli("portals", "detect", url)
    assert result.returncode == 2
    assert message in one_error_line(result)


def test_detect_a_bad_resolve_exits_2() -> None:
    result = run_cli("portals", "detect", "http://nghean.gov.vn/", "--resolve", "nghean.gov.vn")
    assert result.returncode == 2
    assert "invalid --resolve 'nghean.gov.vn'" in one_error_line(result)


# -- detect's rules on saved pages ---------------------------------------------------------------
def _page(name: str) -> html.HtmlElement:
    return html.document_fromstring((FIXTURES / "pages" / name).read_bytes())


def test_liferay_62_pager_and_asset_feed() -> None:
    tree = _page("liferay62-listing.html")
    url = "https://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien"
    assert detect_family(tree) == "liferay"
    # The Joomla pager of the linked district portal is another host's and does not count.
    assert pagers_of(tree, url) == ["liferay-cur"]
    assert feeds_of(tree, url) == ["https://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien/-/asset_publisher/rss"]


def test_aspnet_postback_pager() -> None:
    tree = _page("aspnet-postback-pager.html")
    assert pagers_of(tree, "http://gocongtay.tiengiang.gov.vn/Danh-sach-tin.aspx?CatID=3") == ["aspnet-postback"]


def test_robots_sitemap_lines_are_made_absolute() -> None:
    robots = "User-agent: *\nDisallow: /search/\nSitemap: /sitemap.xml\nsitemap: https://x.gov.vn/news.xml\n"
    assert robots_sitemaps(robots, "https://x.gov.vn/robots.txt") == [
        "https://x.gov.vn/sitemap.xml", "https://x.gov.vn/news.xml"]
