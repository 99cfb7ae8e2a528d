"""The portal registry: portals are data (`crawlers/portals.toml`), not code.

A crawl target is either a registry entry or a bare start URL; both become a `Target`, which is
all the spider needs: where to start and which host:port is in scope.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from crawlers.errors import UserError
from crawlers.urls import canonicalize_url, scope_of

LEVELS = ("province", "district", "commune", "department")
STATUSES = ("active", "merged", "offline")
CMS_FAMILIES = ("liferay", "joomla", "drupal", "aspnet", "wordpress", "unknown")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Portal:
    id: str
    name: str
    hosts: tuple[str, ...]
    level: str
    province: str | None
    district: str | None = None
    cms: str = "unknown"
    status: str = "active"
    start_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    """One thing to crawl: start URLs and the host:port scope they stay within."""

    start_urls: tuple[str, ...]
    scopes: frozenset[str]
    portal: Portal | None = None

    @property
    def portal_id(self) -> str | None:
        return self.portal.id if self.portal else None


class Registry:
    """Portals by id, loaded from a TOML file (default: the bundled `portals.toml`)."""

    def __init__(self, portals: list[Portal]):
        self.portals = {p.id: p for p in portals}
        self._by_host = {h: p for p in portals for h in p.hosts}

    @classmethod
    def load(cls, path: Path | None = None) -> Registry:
        if path is None:
            text = resources.files("crawlers").joinpath("portals.toml").read_text("utf-8")
            where = "crawlers/portals.toml"
        else:
            try:
                text = Path(path).read_text("utf-8")
            except OSError as exc:
                raise UserError(f"cannot read registry {path}: {exc.strerror}") from exc
            where = str(path)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise UserError(f"registry {where} is not valid TOML: {exc}") from exc
        portals = [_portal_from_entry(entry, where) for entry in data.get("portal", [])]
        ids = [p.id for p in portals]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise UserError(f"registry {where} has duplicate portal ids: {', '.join(dupes)}")
        return cls(portals)

    def get(self, portal_id: str) -> Portal:
        try:
            return self.portals[portal_id]
        except KeyError:
            raise UserError(
                f"unknown portal id '{portal_id}': run `portal-archive portals list` to see "
                "the registry, or give a start URL (http://...)"
            ) from None

    def by_host(self, host: str) -> Portal | None:
        return self._by_host.get(host.lower())

    def target_for(self, spec: str) -> Target:
        """Turn a CLI argument (portal id or start URL) into a crawl target."""
        if "://" not in spec and "/" not in spec:
            portal = self.get(spec)
            starts = portal.start_urls or (f"http://{portal.hosts[0]}/",)
            scopes = frozenset(scope_of(u) for u in starts) | frozenset(portal.hosts)
            return Target(tuple(canonicalize_url(u) for u in starts), scopes, portal)
        url = validate_start_url(spec)
        portal = self.by_host(urlsplit(url).hostname or "")
        return Target((url,), frozenset({scope_of(url)}), portal)


def validate_start_url(spec: str) -> str:
    parts = urlsplit(spec)
    if parts.scheme.lower() not in ("http", "https"):
        raise UserError(
            f"out-of-scope start URL '{spec}': only http:// and https:// portals can be crawled"
        )
    if not parts.hostname:
        raise UserError(f"invalid start URL '{spec}': it has no host name")
    try:
        _ = parts.port  # urlsplit parses the port lazily; a bad one raises here
    except ValueError:
        raise UserError(f"invalid start URL '{spec}': the port is not a number") from None
    return canonicalize_url(spec)


def _portal_from_entry(entry: dict, where: str) -> Portal:
    pid = entry.get("id", "<missing id>")
    missing = [k for k in ("id", "name", "hosts", "level") if k not in entry]
    if missing:
        raise UserError(f"registry {where}: portal '{pid}' lacks {', '.join(missing)}")
    return Portal(
        id=entry["id"],
        name=entry["name"],
        hosts=tuple(h.lower() for h in entry["hosts"]),
        level=entry["level"],
        province=entry.get("province"),
        district=entry.get("district"),
        cms=entry.get("cms", "unknown"),
        status=entry.get("status", "active"),
        start_urls=tuple(entry.get("start_urls", ())),
    )


def registry_problems(registry: Registry) -> list[str]:
    """Rules every entry must obey; the registry test asserts this list is empty."""
    problems = []
    for p in registry.portals.values():
        if not _SLUG.match(p.id):
            problems.append(f"{p.id}: id is not an ASCII slug")
        if p.level not in LEVELS:
            problems.append(f"{p.id}: level '{p.level}' not in {LEVELS}")
        if p.status not in STATUSES:
            problems.append(f"{p.id}: status '{p.status}' not in {STATUSES}")
        if p.cms not in CMS_FAMILIES:
            problems.append(f"{p.id}: cms '{p.cms}' not in {CMS_FAMILIES}")
        if not p.hosts:
            problems.append(f"{p.id}: no hosts")
        if p.level in ("district", "commune") and not p.district:
            problems.append(f"{p.id}: a {p.level} portal needs its district")
        for url in p.start_urls:
            if scope_of(url) not in p.hosts:
                problems.append(f"{p.id}: start URL {url} is outside its hosts")
    return problems
