"""`portal-archive portals probe`: each case a portal can be in, played by a loopback server.

Live portals are the offline mirror's Liferay (Nghi Lộc) and Joomla (Lương Sơn) sites; a small
Host-routed server plays a district folded into its province (a redirect to laocai.gov.vn) and a
portal whose robots.txt disallows everything; a TLS server with a self-signed certificate plays a
portal with a broken certificate; a closed port is a portal that refuses connections and a name
under `.invalid` (RFC 2606: never resolves) is one whose name is gone. Every host keeps its real
name: `--resolve HOST[:PORT]=127.0.0.1:PORT` only says where to connect.
"""

from __future__ import annotations

import http.server
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.mirror import MirrorServer, build_mirror
from tests.test_tls import self_signed

REGISTRY = """
[[portal]]
id = "nghiloc-nghean"
name = "Cổng thông tin điện tử huyện Nghi Lộc"
hosts = ["nghiloc.nghean.gov.vn"]
level = "district"
province = "Nghệ An"

[[portal]]
id = "luongson-hoabinh"
name = "Trang thông tin điện tử huyện Lương Sơn"
hosts = ["luongson.hoabinh.gov.vn"]
level = "district"
province = "Hòa Bình"

[[portal]]
id = "laocai"
name = "Cổng thông tin điện tử tỉnh Lào Cai"
hosts = ["laocai.gov.vn"]
level = "province"
province = "Lào Cai"

[[portal]]
id = "vanyen-yenbai"
name = "Cổng thông tin điện tử huyện Văn Yên"
hosts = ["vanyen.yenbai.gov.vn"]
level = "district"
province = "Yên Bái"

[[portal]]
id = "tanky-nghean"
name = "Cổng thông tin điện tử huyện Tân Kỳ"
hosts = ["tanky.nghean.gov.vn"]
level = "district"
province = "Nghệ An"

[[portal]]
id = "quynhluu-nghean"
name = "Cổng thông tin điện tử huyện Quỳnh Lưu"
hosts = ["quynhluu.nghean.gov.vn"]
level = "district"
province = "Nghệ An"

[[portal]]
id = "yenlap-phutho"
name = "Cổng thông tin điện tử huyện Yên Lập"
hosts = ["yenlap.phutho.gov.vn"]
level = "district"
province = "Phú Thọ"

[[portal]]
id = "gone-invalid"
name = "A portal whose name no longer resolves"
hosts = ["portal.gone.invalid"]
level = "district"
province = "Phú Thọ"
"""

PAGE = "<html><head><meta charset='utf-8'><title>{}</title></head><body><h1>{}</h1></body></html>"
# host -> path -> (status, headers, body)
ROUTES: dict[str, dict[str, tuple[int, dict[str, str], str]]] = {
    "vanyen.yenbai.gov.vn": {
        "/robots.txt": (301, {"Location": "http://laocai.gov.vn/robots.txt"}, ""),
        "/": (301, {"Location": "http://laocai.gov.vn/"}, ""),
    },
    "laocai.gov.vn": {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /admin/\n"),
        "/": (200, {"Content-Type": "text/html; charset=utf-8"},
              PAGE.format("Cổng TTĐT tỉnh Lào Cai", "Tỉnh Lào Cai")),
    },
    "tanky.nghean.gov.vn": {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /\n"),
        "/": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.format("Tân Kỳ", "Tân Kỳ")),
    },
    "quynhluu.nghean.gov.vn": {
        "/robots.txt": (404, {"Content-Type": "text/plain"}, "not found"),
        "/": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.format("Quỳnh Lưu", "Quỳnh Lưu")),
    },
}


class _Site(http.server.ThreadingHTTPServer):
    requests: list[tuple[str, str]]
    in_flight: dict[str, int]
    most_in_flight: dict[str, int]


def _serve(tls: tuple[Path, Path] | None = None) -> tuple[_Site, threading.Thread]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            host = (self.headers.get("Host") or "").split(":")[0]
            with lock:
                server.requests.append((host, self.path))
                server.in_flight[host] = server.in_flight.get(host, 0) + 1
                server.most_in_flight[host] = max(server.most_in_flight.get(host, 0), server.in_flight[host])
            try:
                status, headers, data = self.answer(host)
            finally:
                # Out of flight before the answer is sent: once the client has it, it may ask
                # again at once, and that request must not meet this one's bookkeeping.
                with lock:
                    server.in_flight[host] -= 1
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def answer(self, host: str) -> tuple[int, dict[str, str], bytes]:
            if host == "laocai.gov.vn":
                # Slow enough that two probes asking laocai.gov.vn at once would overlap here
                # (the province portal and the district that redirects to it).
                threading.Event().wait(0.3)
            status, headers, body = ROUTES.get(host, {}).get(self.path, (404, {}, "not found"))
            return status, headers, body.encode()

        def log_message(self, *args: object) -> None:
            pass

    lock = threading.Lock()
    server = _Site(("127.0.0.1", 0), Handler)
    server.requests, server.in_flight, server.most_in_flight = [], {}, {}
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls[1], tls[0])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _closed_port() -> int:
    """A loopback port nothing listens on: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def probed(tmp_path_factory) -> Iterator[tuple[Path, Path, dict, _Site]]:
    tmp = tmp_path_factory.mktemp("probe")
    registry = tmp / "registry.toml"
    registry.write_text(REGISTRY, "utf-8")
    state = tmp / "archive" / "probe-state.json"
    site, _ = _serve()
    secure, _ = _serve(self_signed(tmp, "quynhluu.nghean.gov.vn"))
    closed = _closed_port()
    with MirrorServer(build_mirror(), port=0) as mirror:
        resolve = []
        for host in ("nghiloc.nghean.gov.vn", "luongson.hoabinh.gov.vn"):
            resolve += [f"{host}:443=127.0.0.1:{closed}", f"{host}:80=127.0.0.1:{mirror.port}"]
        for host in ("vanyen.yenbai.gov.vn", "laocai.gov.vn", "tanky.nghean.gov.vn"):
            resolve += [f"{host}:443=127.0.0.1:{closed}", f"{host}:80=127.0.0.1:{site.server_address[1]}"]
        resolve += [f"quynhluu.nghean.gov.vn:443=127.0.0.1:{secure.server_address[1]}",
                    f"yenlap.phutho.gov.vn=127.0.0.1:{closed}"]
        args = [a for r in resolve for a in ("--resolve", r)]
        result = run_cli("portals", "probe", "--all", "--registry", str(registry), "--state", str(state),
                         "--timeout", "10", *args)
    try:
        assert result.returncode == 0, result.stderr
        yield registry, state, json.loads(state.read_text("utf-8"))["portals"], site
    finally:
        for server in (site, secure):
            server.shutdown()
            server.server_close()


def test_live_portals_are_recognised_by_their_cms_fingerprints(probed) -> None:
    _, _, state, _ = probed
    nghiloc, luongson = state["nghiloc-nghean"], state["luongson-hoabinh"]
    assert (nghiloc["state"], nghiloc["scheme"], nghiloc["status"], nghiloc["cms"]) == ("live", "http", 200, "liferay")
    assert (luongson["state"], luongson["scheme"], luongson["status"], luongson["cms"]) == ("live", "http", 200,
                                                                                            "joomla")
    # Port 443 refused the connection: the portal has no HTTPS, and HTTP answered.
    assert (nghiloc["tls"], nghiloc["notes"]) == ("no https", ["https: connection refused"])
    assert nghiloc["dns"] == "override"


def test_a_district_folded_into_its_province_redirects_there(probed) -> None:
    _, _, state, _ = probed
    vanyen = state["vanyen-yenbai"]
    assert (vanyen["state"], vanyen["redirect_to"], vanyen["redirect_portal"]) == ("redirects", "laocai.gov.vn",
                                                                                   "laocai")
    assert vanyen["final_url"] == "http://laocai.gov.vn/"
    assert state["laocai"]["state"] == "live"


def test_robots_disallowing_everything_stops_the_probe_before_the_home_page(probed) -> None:
    _, _, state, site = probed
    tanky = state["tanky-nghean"]
    assert (tanky["state"], tanky["robots"], tanky["status"], tanky["cms"]) == ("live", "disallows all", None, None)
    assert [path for host, path in site.requests if host == "tanky.nghean.gov.vn"] == ["/robots.txt"]
    assert tanky["notes"] == ["https: connection refused", "home page not fetched: robots.txt disallows it"]


def test_a_self_signed_certificate_is_recorded_and_the_portal_still_read(probed) -> None:
    _, _, state, _ = probed
    quynhluu = state["quynhluu-nghean"]
    assert (quynhluu["state"], quynhluu["scheme"], quynhluu["tls"], quynhluu["status"]) == ("live", "https",
                                                                                          "invalid", 200)
    assert "self-signed" in quynhluu["tls_error"]
    assert quynhluu["robots"] == "none (404)"


def test_refused_connections_and_names_that_do_not_resolve_are_dark(probed) -> None:
    _, _, state, _ = probed
    yenlap, gone = state["yenlap-phutho"], state["gone-invalid"]
    assert (yenlap["state"], yenlap["error"]) == ("dark", "https: connection refused; http: connection refused")
    assert (gone["state"], gone["dns"], gone["addresses"]) == ("dark", "no such host", [])


def test_each_host_is_asked_for_robots_txt_and_home_only_and_one_request_at_a_time(probed) -> None:
    _, _, _, site = probed
    asked = [host for host, _ in site.requests]
    # robots.txt and the home page, nothing more (vanyen's two redirects land on laocai.gov.vn).
    assert sorted(asked) == sorted(["vanyen.yenbai.gov.vn"] * 2 + ["laocai.gov.vn"] * 4 + ["tanky.nghean.gov.vn"])
    assert site.most_in_flight == {"vanyen.yenbai.gov.vn": 1, "laocai.gov.vn": 1, "tanky.nghean.gov.vn": 1}


def test_list_and_show_carry_the_probe_state(probed) -> None:
    registry, state, _, _ = probed
    listed = run_cli("portals", "list", "--registry", str(registry), "--state", str(state))
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert lines["nghiloc-nghean"].endswith("[live http liferay]")
    assert lines["vanyen-yenbai"].endswith("[redirects laocai.gov.vn]")
    assert lines["gone-invalid"].endswith("[dark]")
    assert lines["quynhluu-nghean"].endswith("[live https tls-invalid]")
    shown = run_cli("portals", "show", "tanky-nghean", "--registry", str(registry), "--state", str(state))
    assert shown.returncode == 0, shown.stderr
    assert "probe:            live http robots-disallow (checked " in shown.stdout
    as_json = run_cli("portals", "show", "vanyen-yenbai", "--json", "--registry", str(registry),
                      "--state", str(state))
    assert json.loads(as_json.stdout)["probe"]["redirect_portal"] == "laocai"


def test_probing_again_updates_only_the_probed_portals(probed, tmp_path) -> None:
    registry, state, before, _ = probed
    copy = tmp_path / "probe-state.json"
    copy.write_text(state.read_text("utf-8"), "utf-8")
    result = run_cli("portals", "probe", "gone-invalid", "--registry", str(registry), "--state", str(copy))
    assert result.returncode == 0, result.stderr
    after = json.loads(copy.read_text("utf-8"))["portals"]
    assert after["nghiloc-nghean"] == before["nghiloc-nghean"]
    assert after["gone-invalid"]["state"] == "dark"
    assert result.stdout.splitlines()[-1] == (f"probed 1 portals: 0 live, 0 redirects, 0 failing, 1 dark; "
                                              f"state in {copy}")


def test_probe_of_an_unknown_id_is_one_error_line(tmp_path) -> None:
    result = run_cli("portals", "probe", "no-such-portal", "--state", str(tmp_path / "s.json"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["portal-archive: error: unknown portal id 'no-such-portal': run "
                                          "`portal-archive portals list` to see the registry, or give a "
                                          "start URL (http://...)"]
    assert not (tmp_path / "s.json").exists()
