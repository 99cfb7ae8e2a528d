"""`portal-archive portals probe`: which registry portals answer on the live internet, and how.

Most of the ~700 district entries have hosts made from a naming pattern that nobody checked;
since 1 July 2025 many of those sites were shut down or folded into their province's portal.
A probe asks each portal's first host, politely, and records what it found - in a state file
next to the archive (`probe-state.json`), never in the generated registry:

1. DNS: does the name resolve at all? (No: `dark`.)
2. robots.txt over HTTPS, then over HTTP when HTTPS cannot connect: the first answer decides the
   scheme. A certificate that does not verify is recorded (`tls = "invalid"`, with the reason)
   and the probe goes on without verification, as `tls = "insecure"` in the registry would.
   No connection on either scheme: `dark`.
3. The home page, unless robots.txt disallows it for our user agent (then nothing else is
   fetched): redirects followed; ending on another host is `redirects` (a district folded into
   its province), an HTTP error `failing`, otherwise `live` with the CMS family read from the
   markup by the same fingerprints as `portals detect` (crawlers/extraction/families/).

Why aiohttp and not Scrapy: a probe is two requests per host whose *failures* are the answer
(no such name, refused, certificate rejected) and must be told apart; Scrapy does not verify
certificates by default and folds these into download errors, and its resolver cannot send a
host to another port, which the loopback tests need for HTTPS. aiohttp gives, per request, a
verified TLS context, distinct exceptions for DNS, connection and certificate failures, a
pluggable resolver (`--resolve HOST[:PORT]=ADDR:PORT`, like curl's --resolve: the URL, Host
header and TLS server name stay the real host), and connection limits: `limit` (global
concurrency) and `limit_per_host=1`, plus a lock per host so a host never sees two requests at once.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from protego import Protego

from crawlers.errors import ArchiveError
from crawlers.extraction.decoding import decode_body
from crawlers.extraction.families import detect_family
from crawlers.extraction.page import parse_html
from crawlers.registry import Portal, Registry

USER_AGENT = "portal-archive-probe/0.1 (+https://github.com/portal-archive)"
TIMEOUT = 15.0
CONCURRENCY = 4
MAX_BYTES = 2_000_000
STATE_NAME = "probe-state.json"
STATE_VERSION = 1
STATES = ("live", "redirects", "failing", "dark")


@dataclass(frozen=True)
class ProbeResult:
    """What one probe of one portal found; `state` is one of STATES."""

    portal: str
    host: str
    checked_at: str
    state: str
    dns: str  # "ok", "override", "no such host"
    addresses: tuple[str, ...] = ()
    scheme: str | None = None  # the scheme that answered
    tls: str = "untested"  # "ok", "invalid", "no https", "untested"
    tls_error: str | None = None
    robots: str | None = None  # "allows", "disallows all", "none (404)", ...
    status: int | None = None  # of the home page
    final_url: str | None = None
    redirect_to: str | None = None  # the host the home page ends on, if another
    redirect_portal: str | None = None  # the registry entry of that host
    cms: str | None = None
    generator: str | None = None
    error: str | None = None
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("addresses", "notes"):
            out[key] = list(out[key])
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProbeResult:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("addresses", "notes"):
            known[key] = tuple(known.get(key) or ())
        return cls(**known)

    def summary(self) -> str:
        """One short phrase for `portals list`: `live https liferay`, `redirects laocai.gov.vn`."""
        if self.state == "dark":
            return "dark"
        if self.state == "redirects":
            return f"redirects {self.redirect_to}"
        words = [self.state, self.scheme or ""]
        if self.tls == "invalid":
            words.append("tls-invalid")
        if self.robots == "disallows all":
            words.append("robots-disallow")
        elif self.cms:
            words.append(self.cms)
        return " ".join(w for w in words if w)


# -- name resolution ---------------------------------------------------------------------------------
class OverrideResolver(AbstractResolver):
    """The system resolver, except for hosts named in `--resolve`: `HOST:PORT` (one port),
    `HOST` (every port) or `*` (every host), each mapped to ADDR:PORT."""

    def __init__(self, overrides: Mapping[str, str]) -> None:
        self.overrides = {k.lower(): v for k, v in overrides.items()}
        self.system = aiohttp.ThreadedResolver()

    def override_for(self, host: str, port: int | None) -> str | None:
        host = host.lower()
        return (self.overrides.get(f"{host}:{port}") if port else None) or self.overrides.get(host) \
            or self.overrides.get("*")

    def names(self, host: str) -> bool:
        host = host.lower()
        return "*" in self.overrides or any(k == host or k.startswith(f"{host}:") for k in self.overrides)

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
                      ) -> list[ResolveResult]:
        address = self.override_for(host, port)
        if address is None:
            return await self.system.resolve(host, port, family)
        ip, _, target = address.rpartition(":")
        return [ResolveResult(hostname=host, host=ip.strip("[]"), port=int(target), family=socket.AF_INET,
                              proto=0, flags=socket.AI_NUMERICHOST)]

    async def close(self) -> None:
        await self.system.close()


# -- one portal ---------------------------------------------------------------------------------------
@dataclass
class _Page:
    status: int
    url: str
    body: bytes
    charset: str | None


# Redirects a probe follows, as a browser would (aiohttp's default `max_redirects` is 10 too).
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10


class _Prober:
    """Probes portals with one aiohttp session; one request at a time per host."""

    def __init__(self, session: aiohttp.ClientSession, resolver: OverrideResolver, registry: Registry,
                 timeout: float) -> None:
        self.session = session
        self.resolver = resolver
        self.registry = registry
        self.timeout = timeout
        self.locks: dict[str, asyncio.Lock] = {}

    async def get(self, url: str, *, verify: bool = True) -> _Page:
        """GET `url`, following redirects one hop at a time, each under its own host's lock: a
        district's redirect lands on its province's host, which may be being probed itself, and
        must wait its turn there (aiohttp's own redirect following holds only the first host)."""
        history: list[aiohttp.ClientResponse] = []
        while True:
            host = (urlsplit(url).hostname or "").lower()
            async with self.locks.setdefault(host, asyncio.Lock()):
                async with self.session.get(url, ssl=None if verify else False,
                                            allow_redirects=False) as resp:
                    location = resp.headers.get("Location") if resp.status in REDIRECT_STATUSES else None
                    if not location:
                        body = await resp.content.read(MAX_BYTES)
                        return _Page(resp.status, str(resp.url), body, resp.charset)
                    if len(history) >= MAX_REDIRECTS:
                        raise aiohttp.TooManyRedirects(resp.request_info, (*history, resp))
                    history.append(resp)
                    url = urljoin(str(resp.url), location)

    async def probe(self, portal: Portal, host: str | None = None) -> ProbeResult:
        """Probe `host` (default: the portal's first) as the portal's; a redirect to another of
        the portal's hosts is not a redirect away."""
        host = host or portal.hosts[0]
        base: dict[str, Any] = {"portal": portal.id, "host": host,
                                "checked_at": datetime.now(UTC).isoformat(timespec="seconds")}
        # 1. DNS
        if self.resolver.names(host):
            address = self.resolver.override_for(host, 443) or self.resolver.override_for(host, 80)
            base.update(dns="override", addresses=(address,))
        else:
            try:
                found = await asyncio.wait_for(self.resolver.resolve(host, 443), self.timeout)
            except (OSError, TimeoutError) as exc:
                return ProbeResult(**base, state="dark", dns="no such host", error=_reason(exc))
            base.update(dns="ok", addresses=tuple(sorted({r["host"] for r in found})))
        # 2. robots.txt: HTTPS (verified, then not), else HTTP
        errors: list[str] = []
        robots: _Page | None = None
        tls, tls_error, scheme, verify = "untested", None, None, True
        try:
            robots = await self.get(f"https://{host}/robots.txt")
            tls, scheme = "ok", "https"
        except aiohttp.ClientConnectorCertificateError as exc:
            tls, tls_error = "invalid", _reason(exc.certificate_error)
            try:
                robots = await self.get(f"https://{host}/robots.txt", verify=False)
                scheme, verify = "https", False
            except (aiohttp.ClientError, TimeoutError) as again:
                errors.append(f"https: {_reason(again)}")
        except (aiohttp.ClientError, TimeoutError, ssl.SSLError) as exc:
            tls = "no https"
            errors.append(f"https: {_reason(exc)}")
        if robots is None:
            try:
                robots = await self.get(f"http://{host}/robots.txt")
                scheme = "http"
            except (aiohttp.ClientError, TimeoutError) as exc:
                errors.append(f"http: {_reason(exc)}")
                return ProbeResult(**base, state="dark", tls=tls, tls_error=tls_error, error="; ".join(errors))
        assert scheme is not None
        # What failed before the scheme that answered (HTTPS refused, say) stays on record.
        base.update(scheme=scheme, tls=tls, tls_error=tls_error, notes=tuple(errors))
        robots_state, allowed = _robots_verdict(robots, f"{scheme}://{host}/")
        base["robots"] = robots_state
        if not allowed:
            base["notes"] += ("home page not fetched: robots.txt disallows it",)
            return ProbeResult(**base, state="live")
        # 3. the home page
        try:
            home = await self.get(f"{scheme}://{host}/", verify=verify)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return ProbeResult(**base, state="dark", error=f"{scheme}: {_reason(exc)}")
        final_host = (urlsplit(home.url).hostname or "").lower()
        cms = generator = None
        tree = parse_html(decode_body(home.body, home.charset)) if home.body else None
        if tree is not None:
            cms = detect_family(tree)
            generator = next((g.strip() for g in tree.xpath("//meta[@name='generator']/@content")), None)
        base.update(status=home.status, final_url=home.url, cms=cms, generator=generator)
        if final_host not in portal.hosts:
            other = self.registry.by_host(final_host)
            return ProbeResult(**base, state="redirects", redirect_to=final_host,
                               redirect_portal=other.id if other else None)
        return ProbeResult(**base, state="failing" if home.status >= 400 else "live")


def _robots_verdict(page: _Page, home: str) -> tuple[str, bool]:
    """("allows" | "disallows all" | "none (404)", may the home page be fetched) - read with
    Protego, the robots.txt parser Scrapy uses."""
    if page.status != 200:
        return f"none ({page.status})", True
    parser = Protego.parse(decode_body(page.body, page.charset))
    if not parser.can_fetch(home, USER_AGENT):
        return "disallows all", False
    return "allows", True


def _reason(exc: BaseException | None) -> str:
    """A short, credential-free description of a failure."""
    if exc is None:
        return "unknown error"
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return "timed out"
    if isinstance(exc, aiohttp.ClientConnectorDNSError) or isinstance(exc, socket.gaierror):
        return "no such host"
    if isinstance(exc, aiohttp.ClientConnectorError):
        cause = exc.os_error
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        return f"cannot connect ({cause.strerror or cause})" if cause else "cannot connect"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return exc.verify_message or str(exc)
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return f"TLS handshake failed ({exc.__class__.__name__})"
    if isinstance(exc, aiohttp.TooManyRedirects):
        return "too many redirects"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return exc.__class__.__name__


async def probe_portals(portals: Iterable[Portal], registry: Registry, *,
                        overrides: Mapping[str, str] | None = None, concurrency: int = CONCURRENCY,
                        timeout: float = TIMEOUT) -> list[ProbeResult]:
    """Probe `portals` (at most `concurrency` at once, one request at a time per host), in order."""
    resolver = OverrideResolver(overrides or {})
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=1, resolver=resolver,
                                     ttl_dns_cache=300)
    client_timeout = aiohttp.ClientTimeout(total=timeout, connect=timeout)
    gate = asyncio.Semaphore(concurrency)
    # trust_env=False: an environment proxy would bypass --resolve and the DNS answer we record.
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout, trust_env=False,
                                     headers={"User-Agent": USER_AGENT}) as session:
        prober = _Prober(session, resolver, registry, timeout)

        async def one(portal: Portal) -> ProbeResult:
            if portal.level == "commune" and len(portal.hosts) > 1:
                return await candidates(portal)
            async with gate:
                return await prober.probe(portal)

        async def candidates(portal: Portal) -> ProbeResult:
            # A commune's hosts are guesses from two naming patterns, not aliases of one site:
            # each is asked, the best answer is recorded and the others are noted with it.
            async def ask(host: str) -> ProbeResult:
                async with gate:
                    return await prober.probe(portal, host)

            found = await asyncio.gather(*(ask(h) for h in portal.hosts))
            best = min(found, key=lambda r: STATES.index(r.state))
            others = tuple(f"candidate {r.host}: {r.state}" + (f" ({r.error})" if r.error else "")
                           for r in found if r is not best)
            return replace(best, notes=best.notes + others)

        return list(await asyncio.gather(*(one(p) for p in portals)))


# -- the state file -----------------------------------------------------------------------------------
def default_state_path(archive: str | os.PathLike[str]) -> Path:
    return Path(archive) / STATE_NAME


def load_state(path: Path) -> dict[str, ProbeResult]:
    """Probe results by portal id; an absent file is an empty state."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"cannot read probe state {path} ({exc}); move it aside and probe again") from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise ArchiveError(f"probe state {path} is not a version-{STATE_VERSION} probe state; move it aside "
                           "and probe again")
    return {pid: ProbeResult.from_dict(entry) for pid, entry in data.get("portals", {}).items()}


def save_state(path: Path, results: Iterable[ProbeResult]) -> dict[str, ProbeResult]:
    """Merge `results` into the state at `path` (other portals keep their last probe), written
    atomically so an interrupted write never leaves half a file."""
    state = load_state(path)
    state.update({r.portal: r for r in results})
    payload = {"version": STATE_VERSION,
               "portals": {pid: state[pid].as_dict() for pid in sorted(state)}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise ArchiveError(f"cannot write probe state {path} ({exc.strerror}); check the directory") from None
    return state


def format_result(r: ProbeResult) -> str:
    """One line per probed portal."""
    detail = [f"{r.scheme}" if r.scheme else "", f"tls {r.tls}" if r.tls != "untested" else "",
              f"robots {r.robots}" if r.robots else "", f"HTTP {r.status}" if r.status else "",
              f"cms {r.cms}" if r.cms else ""]
    if r.state == "redirects":
        detail.insert(0, f"to {r.redirect_to}" + (f" ({r.redirect_portal})" if r.redirect_portal else ""))
    if r.error:
        detail.append(r.error)
    return f"{r.portal:<28} {r.state:<9} " + ", ".join(d for d in detail if d)
