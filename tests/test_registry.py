"""Rules every registry entry obeys, what the registry holds, and how crawl arguments become targets."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from vietnamadminunits.database import query

from crawlers.errors import UserError
from crawlers.registry import AdminUnits, Registry, registry_problems
from crawlers.registry_build import OUTPUT, build


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def units() -> AdminUnits:
    return AdminUnits.load()


def test_every_registry_entry_obeys_the_rules(registry: Registry, units: AdminUnits) -> None:
    assert registry_problems(registry, units) == []


def test_registry_holds_provinces_districts_and_a_department(registry: Registry) -> None:
    levels = Counter((p.level, p.status) for p in registry.portals.values())
    assert levels == {("province", "active"): 34, ("province", "merged"): 29,
                      ("district", "merged"): 696, ("department", "merged"): 1}


def test_every_district_before_1_july_2025_has_one_entry_with_its_2025_successor(registry: Registry) -> None:
    rows = query("SELECT DISTINCT districtCode, provinceShort, districtShort FROM admin_units_legacy")
    entries = {p.legacy_unit_code: p for p in registry.portals.values() if p.level == "district"}
    assert len(rows) == 696
    assert {r["districtCode"]: (r["provinceShort"], r["districtShort"]) for r in rows} == \
        {code: (p.province, p.district) for code, p in entries.items()}
    # The successor is the active province that governs the district's area since 1 July 2025:
    # Hoàng Sa (Đà Nẵng) stays in Đà Nẵng; Gò Công Tây (Tiền Giang) went with Tiền Giang into Đồng Tháp.
    assert registry.get("hoangsa-danang").successor == "danang"
    assert [s.id for s in registry.successors(registry.get("yenlap-phutho"))] == ["phutho"]
    assert [s.id for s in registry.successors(registry.get("vanyen-yenbai"))] == ["laocai"]
    for p in entries.values():
        successor = registry.get(p.successor or "")
        assert (successor.level, successor.status) == ("province", "active"), p.id


def test_hosts_made_from_the_naming_pattern_are_marked_and_never_known(registry: Registry) -> None:
    vanyen = registry.get("vanyen-yenbai")
    assert (vanyen.hosts, vanyen.host_source, vanyen.confidence) == (
        ("vanyen.yenbai.gov.vn",), "pattern", "unverified")
    # The pattern follows the province's own host, not its key.
    assert registry.get("cuchi-hochiminh").hosts == ("cuchi.hochiminhcity.gov.vn",)
    # A district whose pages are in the labelled corpus has a named, known host.
    dakglong = registry.get("dakglong-daknong")
    assert (dakglong.host_source, dakglong.confidence) == ("named", "known")
    sources = Counter((p.host_source, p.confidence) for p in registry.portals.values())
    assert sources == {("pattern", "unverified"): 603, ("pattern", "likely"): 86,
                       ("named", "known"): 70, ("named", "likely"): 1}


def test_the_63_provinces_before_1_july_2025_are_there_with_their_gso_codes(registry: Registry) -> None:
    legacy = {r["provinceCode"]: r["provinceShort"]
              for r in query("SELECT DISTINCT provinceCode, provinceShort FROM admin_units_legacy")}
    entries = {p.legacy_unit_code: p.province for p in registry.portals.values() if p.level == "province"}
    assert len(legacy) == 63
    assert entries == legacy
    assert registry.get("hagiang").legacy_unit_code == "02"
    assert registry.get("hochiminh").hosts == ("hochiminhcity.gov.vn",)


def test_the_34_provinces_since_1_july_2025_are_the_active_province_portals(registry: Registry) -> None:
    current = {r["provinceCode"]: r["provinceShort"]
               for r in query("SELECT DISTINCT provinceCode, provinceShort FROM admin_units")}
    active = {p.unit_code: p.province for p in registry.portals.values()
              if p.level == "province" and p.status == "active"}
    assert len(current) == 34
    assert active == current
    # A province that absorbed others keeps its portal but takes the code of the new unit.
    laocai = registry.get("laocai")
    assert (laocai.legacy_unit_code, laocai.unit_code, laocai.hosts) == ("10", "15", ("laocai.gov.vn",))


@pytest.mark.parametrize(("merged", "successor"), [
    ("hagiang", "tuyenquang"), ("yenbai", "laocai"), ("hoabinh", "phutho"), ("vinhphuc", "phutho"),
    ("bariavungtau", "hochiminh"), ("binhduong", "hochiminh"), ("quangnam", "danang"),
    ("haugiang", "cantho"), ("soctrang", "cantho"), ("kiengiang", "angiang"),
])
def test_merged_provinces_point_to_the_province_that_absorbed_them(registry: Registry, merged: str,
                                                                   successor: str) -> None:
    portal = registry.get(merged)
    assert (portal.status, portal.status_since, portal.successor) == ("merged", date(2025, 7, 1), successor)
    assert registry.get(successor).status == "active"


@pytest.mark.parametrize(("pid", "host", "province", "district", "cms", "code", "successor"), [
    ("nghiloc-nghean", "nghiloc.nghean.gov.vn", "Nghệ An", "Nghi Lộc", "liferay", "429", "nghean"),
    ("luongson-hoabinh", "luongson.hoabinh.gov.vn", "Hòa Bình", "Lương Sơn", "joomla", "152", "phutho"),
    ("caoloc-langson", "caoloc.langson.gov.vn", "Lạng Sơn", "Cao Lộc", "drupal", "183", "langson"),
    ("gocongtay-tiengiang", "gocongtay.tiengiang.gov.vn", "Tiền Giang", "Gò Công Tây", "aspnet", "823",
     "dongthap"),
    ("dienchau-nghean", "dienchau.nghean.gov.vn", "Nghệ An", "Diễn Châu", "wordpress", "425", "nghean"),
])
def test_the_mirror_portals_keep_their_identity(registry: Registry, pid: str, host: str, province: str,
                                                district: str, cms: str, code: str, successor: str) -> None:
    """The offline mirror and the end-to-end tests know these five portals by exactly this."""
    p = registry.get(pid)
    assert (p.hosts, p.province, p.district, p.cms, p.level) == ((host,), province, district, cms, "district")
    assert (p.status, p.status_since, p.successor) == ("merged", date(2025, 7, 1), successor)
    assert p.legacy_unit_code == code
    assert registry.by_host(host) is p


def test_sotttt_hanoi_is_a_liferay_department_portal(registry: Registry) -> None:
    p = registry.get("sotttt-hanoi")
    assert (p.level, p.province, p.cms, p.pager) == ("department", "Hà Nội", "liferay", "liferay-cur")
    assert p.start_urls == ("https://sotttt.hanoi.gov.vn/vi/tin-tuc-su-kien",)


def test_every_host_is_marked_with_how_sure_the_registry_is(registry: Registry) -> None:
    confidence = Counter(p.confidence for p in registry.portals.values())
    assert confidence == {"known": 70, "likely": 87, "unverified": 603}


def test_the_committed_registry_is_what_the_generator_writes() -> None:
    """portals.toml is generated: edit registry_sources.toml and run python -m crawlers.registry_build."""
    assert OUTPUT.read_text("utf-8") == build()


def test_portal_id_becomes_a_target_scoped_to_its_hosts(registry: Registry) -> None:
    target = registry.target_for("nghiloc-nghean")
    assert target.start_urls == ("http://nghiloc.nghean.gov.vn/",)
    assert target.scopes == frozenset({"nghiloc.nghean.gov.vn"})
    assert (target.portal.province, target.portal.district) == ("Nghệ An", "Nghi Lộc")


def test_a_portal_without_start_urls_starts_at_its_first_host(registry: Registry) -> None:
    target = registry.target_for("hue")
    assert target.start_urls == ("http://hue.gov.vn/",)
    assert target.scopes == frozenset({"hue.gov.vn", "thuathienhue.gov.vn"})


def test_start_url_of_a_known_host_keeps_its_portal(registry: Registry) -> None:
    target = registry.target_for("http://caoloc.langson.gov.vn/tin-tuc?page=1")
    assert target.portal_id == "caoloc-langson"
    assert target.start_urls == ("http://caoloc.langson.gov.vn/tin-tuc?page=1",)


def test_start_url_scope_includes_the_port(registry: Registry) -> None:
    target = registry.target_for("http://127.0.0.1:8765/")
    assert target.portal is None
    assert target.scopes == frozenset({"127.0.0.1:8765"})


@pytest.mark.parametrize(("spec", "message"), [
    ("no-such-portal", "unknown portal id 'no-such-portal'"),
    ("ftp://x.gov.vn/", "out-of-scope start URL 'ftp://x.gov.vn/'"),
    ("http:///nohost", "has no host name"),
    ("http://x.gov.vn:99999999/", "the port is not a number"),
])
def test_bad_targets_are_named_in_the_error(registry: Registry, spec: str, message: str) -> None:
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        registry.target_for(spec)


def test_broken_registry_file_is_reported(tmp_path) -> None:
    bad = tmp_path / "portals.toml"
    bad.write_text("[[portal]]\nid = 'x'\nname = \n", "utf-8")
    with pytest.raises(UserError, match="is not valid TOML"):
        Registry.load(bad)


def test_a_crawl_refuses_a_registry_with_duplicate_ids(tmp_path) -> None:
    entry = "[[portal]]\nid = 'x'\nname = 'X'\nhosts = ['x.gov.vn']\nlevel = 'province'\n"
    bad = tmp_path / "portals.toml"
    bad.write_text(entry + "\n" + entry, "utf-8")
    with pytest.raises(UserError, match="duplicate portal ids: x"):
        Registry.load(bad)
    assert len(Registry.load(bad, strict=False).entries) == 2  # validate still sees both


def test_a_typo_in_a_field_name_is_refused(tmp_path) -> None:
    bad = tmp_path / "portals.toml"
    bad.write_text("[[portal]]\nid = 'x'\nname = 'X'\nhosts = ['x.gov.vn']\nlevel = 'province'\n"
                   "max_page = 10\n", "utf-8")
    with pytest.raises(UserError, match=r"x: unknown field\(s\) max_page"):
        Registry.load(bad)


@pytest.mark.parametrize(("cms", "accepted"), [
    ("liferay", True), ("dnn", True), ("sharepoint", True), ("nukeviet", True),
    ("classicasp", True), ("unknown", True),
    ("dotnetnuke", False), ("generic", False), ("typo3", False), ("Liferay", False),
])
def test_cms_is_a_family_module_name_or_unknown(units: AdminUnits, cms: str, accepted: bool) -> None:
    """One set of family names for registry and extraction: a `cms` the extractor has no module
    for would be silently ignored at crawl time, so validation refuses it."""
    text = (f"[[portal]]\nid = 'x'\nname = 'X'\nhosts = ['x.gov.vn']\nlevel = 'province'\n"
            f"cms = '{cms}'\n")
    problems = registry_problems(Registry.from_text(text, "test", strict=False), units)
    cms_problems = [p for p in problems if p.startswith("x: cms ")]
    assert cms_problems == ([] if accepted else [
        f"x: cms '{cms}' not in ('liferay', 'joomla', 'drupal', 'dnn', 'sharepoint', 'aspnet', "
        "'wordpress', 'nukeviet', 'classicasp', 'unknown')"])


@pytest.mark.parametrize(("fields", "problem"), [
    ("host_source = 'pattern'\nconfidence = 'unverified'\n", None),
    ("host_source = 'pattern'\nconfidence = 'likely'\n", None),
    ("confidence = 'known'\n", None),
    ("host_source = 'pattern'\nconfidence = 'known'\n",
     "x: a host made from a naming pattern cannot be known (confidence likely or unverified, or name "
     "the host and drop host_source)"),
    ("host_source = 'guess'\n", "x: host_source 'guess' not in ('named', 'pattern')"),
])
def test_a_host_from_the_naming_pattern_is_never_known(units: AdminUnits, fields: str,
                                                        problem: str | None) -> None:
    text = f"[[portal]]\nid = 'x'\nname = 'X'\nhosts = ['x.gov.vn']\nlevel = 'province'\n{fields}"
    problems = registry_problems(Registry.from_text(text, "test", strict=False), units)
    assert [p for p in problems if "host" in p] == ([problem] if problem else [])
