"""The commune registry (crawlers/communes.json.gz): one entry per commune before 1 July 2025,
with its 2025 successor(s) and the candidate hosts of both naming patterns - read only when a
command asks for communes.

Every expected number is computed here from vietnamadminunits, never typed.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from vietnamadminunits.database import query

from crawlers import cli, communes
from crawlers.communes import COMMUNES_NAME, CommuneRegistry
from crawlers.registry import Registry, fold
from crawlers.registry_build import COMMUNES_OUTPUT, build_all
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def registry() -> CommuneRegistry:
    return CommuneRegistry.load()


@pytest.fixture(scope="module")
def legacy() -> list[dict]:
    return query("SELECT wardCode, provinceShort, districtShort, wardShort, provinceKey, districtKey, wardKey "
                 "FROM admin_units_legacy WHERE wardCode IS NOT NULL")


def _converter() -> dict:
    return json.loads(resources.files("vietnamadminunits").joinpath("data/converter_2025.json").read_text("utf-8"))


def test_every_commune_before_1_july_2025_has_one_entry(registry: CommuneRegistry, legacy: list[dict]) -> None:
    entries = {c.portal.legacy_unit_code: c.portal for c in registry.communes.values()}
    assert len(registry.communes) == len(legacy) == len(entries)
    assert {r["wardCode"]: (r["provinceShort"], r["districtShort"], r["wardShort"]) for r in legacy} == \
        {code: (p.province, p.district, p.commune) for code, p in entries.items()}
    for p in entries.values():
        assert (p.level, p.status, p.status_since.isoformat()) == ("commune", "merged", "2025-07-01")
        assert (p.host_source, p.confidence) == ("pattern", "unverified")


def test_a_divided_commune_lists_every_2025_commune_it_went_into(registry: CommuneRegistry,
                                                                legacy: list[dict]) -> None:
    data = _converter()
    by_key = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["wardCode"] for r in legacy}
    current = {(r["provinceKey"], r["wardKey"]): r["wardCode"]
               for r in query("SELECT provinceKey, wardKey, wardCode FROM admin_units")}
    divided = {by_key[old]: (province, parts) for province, wards in data["DICT_PROVINCE_WARD_DIVIDED"].items()
               for old, parts in wards.items() if old in by_key}
    entries = {c.portal.legacy_unit_code: c for c in registry.communes.values()}
    assert {code for code, c in entries.items() if c.divided} == set(divided)
    for code, (province, parts) in divided.items():
        got = [(s.unit_code, s.default) for s in entries[code].successors]
        assert got == [(current[(province, p["newWardKey"])], p["isDefaultNewWard"]) for p in parts]
        assert len(got) > 1 and sum(d for _, d in got) == 1
    whole = Counter(c.divided for c in entries.values())[False]
    assert whole == len(legacy) - len(divided)


def test_a_candidate_host_two_units_would_share_is_left_out_and_the_entry_says_why(
        registry: CommuneRegistry) -> None:
    portals = Registry.load()
    owners: dict[str, str] = {}
    for c in registry.communes.values():
        for host in c.portal.hosts:
            assert host not in owners, f"{host}: {owners.get(host)} and {c.portal.id}"
            assert portals.by_host(host) is None, host
            owners[host] = c.portal.id
        ward, district, province = c.portal.id.split("-")[:3]
        base = portals.get(province).hosts[0]
        # Both patterns are accounted for: kept as a candidate, or left out with the reason.
        assert {*c.portal.hosts, *(h for h, _ in c.left_out)} == {f"{ward}.{base}", f"{ward}.{district}.{base}"}
        for host, why in c.left_out:
            if why.startswith("the host of "):
                assert portals.get(why.split()[3]).hosts[0] == host
            else:
                others = why.removeprefix("the same pattern gives it to ").split(", ")
                assert all(host in dict(registry.get(o).left_out) for o in others), (c.portal.id, host)
    # Sa Pa had a ward and a commune both called Sa Pa, in a district called Sa Pa: every candidate
    # host of the ward is someone else's, so it has none.
    ward = registry.get("sapa-sapa-laocai-03001")
    assert ward is not None and ward.portal.hosts == ()
    assert ward.left_out == (("sapa.laocai.gov.vn", "the host of sapa-laocai in portals.toml"),
                             ("sapa.sapa.laocai.gov.vn", "the same pattern gives it to sapa-sapa-laocai-03002"))


def test_the_committed_commune_file_is_what_the_generator_writes() -> None:
    assert COMMUNES_OUTPUT.name == COMMUNES_NAME
    assert COMMUNES_OUTPUT.read_bytes() == build_all()[1]


def test_list_communes_of_one_province(legacy: list[dict], capsys) -> None:
    result = run_cli("portals", "list", "--level", "commune", "--province", "bac kan")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == sum(fold(r["provinceShort"]) == "backan" for r in legacy)
    assert all(line.split()[0].endswith("-backan") for line in lines)
    assert any(" -> " in line for line in lines)
    assert cli.main(["portals", "list", "--level", "commune", "--province", "bac kan", "--json"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["province"] == "Bắc Kạn" and first["successors"] and first["level"] == "commune"


def test_ordinary_commands_never_read_the_commune_file(monkeypatch, capsys) -> None:
    reads: list[object] = []
    real = communes.read_communes_file

    def counting(path=None):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(communes, "read_communes_file", counting)
    for argv in (["portals", "list"], ["portals", "list", "--level", "district", "--province", "bac kan"],
                 ["portals", "show", "laocai"]):
        assert cli.main(argv) == 0
    target = Registry.load().target_for("laocai")
    assert target.portal is not None and reads == []
    # Asking for communes reads it, once per registry.
    assert cli.main(["portals", "list", "--level", "commune", "--province", "bac kan"]) == 0
    assert len(reads) == 1
    # A commune id the main registry does not know: crawl targets come from the commune file.
    target = Registry.load().target_for("phucxa-badinh-hanoi")
    assert target.start_urls == ("http://phucxa.hanoi.gov.vn/", "http://phucxa.badinh.hanoi.gov.vn/")
    assert target.scopes == {"phucxa.hanoi.gov.vn", "phucxa.badinh.hanoi.gov.vn"}
    assert len(reads) == 2
    capsys.readouterr()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Commune(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else \
            "<html><head><title>Phường Phúc Xá</title></head><body>Phúc Xá</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_probe_asks_every_candidate_host_and_records_the_one_that_answers(tmp_path: Path, capsys) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Commune)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    closed, state = _closed_port(), tmp_path / "probe-state.json"
    try:
        result = run_cli("portals", "probe", "phucxa-badinh-hanoi", "--state", str(state), "--timeout", "5",
                         "--resolve", f"phucxa.hanoi.gov.vn=127.0.0.1:{closed}",
                         "--resolve", f"phucxa.badinh.hanoi.gov.vn:443=127.0.0.1:{closed}",
                         "--resolve", f"phucxa.badinh.hanoi.gov.vn:80=127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    probe = json.loads(state.read_text("utf-8"))["portals"]["phucxa-badinh-hanoi"]
    assert (probe["state"], probe["host"], probe["scheme"], probe["status"]) == (
        "live", "phucxa.badinh.hanoi.gov.vn", "http", 200)
    assert "candidate phucxa.hanoi.gov.vn: dark (https: connection refused; http: connection refused)" \
        in probe["notes"]
    assert cli.main(["portals", "list", "--level", "commune", "--province", "ha noi", "--state", str(state)]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("phucxa-badinh-hanoi "))
    assert line.split()[2] == "phucxa.badinh.hanoi.gov.vn" and line.endswith("[live http]")


def test_probe_communes_of_a_province(tmp_path: Path, legacy: list[dict]) -> None:
    counts = Counter(r["provinceShort"] for r in legacy)
    smallest = min(counts, key=lambda p: counts[p])
    state = tmp_path / "probe-state.json"
    result = run_cli("portals", "probe", "--communes", "--province", smallest, "--state", str(state),
                     "--timeout", "5", "--resolve", f"*=127.0.0.1:{_closed_port()}")
    assert result.returncode == 0, result.stderr
    probed = json.loads(state.read_text("utf-8"))["portals"]
    skipped = result.stdout.count("skipped: no candidate host")
    assert len(probed) + skipped == counts[smallest]
    assert {p["state"] for p in probed.values()} == {"dark"}
    refused = run_cli("portals", "probe", "--communes", "--state", str(state))
    assert refused.returncode == 2 and "--communes needs --province" in refused.stderr
