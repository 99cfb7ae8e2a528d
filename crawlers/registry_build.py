"""Generate `crawlers/portals.toml` from `vietnamadminunits` and `crawlers/registry_sources.toml`.

    python -m crawlers.registry_build            # rewrite crawlers/portals.toml
    python -m crawlers.registry_build --check    # exit 1 if the committed file is out of date

Why generated: province and district names, GSO codes and the 2025 merger (which of the 63
provinces went into which of the 34) come from one maintained package instead of being typed by
hand, while hosts, CMS and crawl hints - which no package knows - stay in a small hand-kept file.
The output is committed so the registry is readable and reviewable without running anything.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from crawlers.communes import COMMUNES_NAME, Commune, Successor, dumps
from crawlers.errors import UserError
from crawlers.registry import FIELD_ORDER, REORGANISATION_DATE, AdminUnits, Portal, Registry, fold, registry_problems

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "registry_sources.toml"
OUTPUT = HERE / "portals.toml"
COMMUNES_OUTPUT = HERE / COMMUNES_NAME
RESOLUTION = "Resolution 202/2025/QH15 of 12 June 2025"

ALWAYS = frozenset({"id", "name", "hosts", "level", "status", "cms", "confidence"})


@dataclass(frozen=True)
class LegacyProvince:
    key: str  # provinceShortKey, e.g. "nghean" - also the registry id
    code: str
    short: str  # "Nghệ An"
    full: str  # "Tỉnh Nghệ An"
    full_key: str  # "tinhnghean" (the converter's key)


@dataclass(frozen=True)
class Province:
    code: str
    short: str
    full_key: str


class UnitTables:
    """The parts of vietnamadminunits the generator needs, keyed the way the sources name them."""

    def __init__(self) -> None:
        from vietnamadminunits.database import query

        rows = query("SELECT DISTINCT provinceCode, province, provinceShort, provinceShortKey, provinceKey "
                     "FROM admin_units_legacy ORDER BY provinceCode")
        self.legacy = {r["provinceShortKey"]: LegacyProvince(r["provinceShortKey"], r["provinceCode"],
                                                             r["provinceShort"], r["province"],
                                                             r["provinceKey"]) for r in rows}
        rows = query("SELECT DISTINCT provinceCode, provinceShort, provinceKey FROM admin_units "
                     "ORDER BY provinceCode")
        self.current = {r["provinceKey"]: Province(r["provinceCode"], r["provinceShort"], r["provinceKey"])
                        for r in rows}
        self.districts = query("SELECT DISTINCT provinceShortKey, provinceShort, districtCode, district, "
                               "districtShort, districtShortKey, districtType FROM admin_units_legacy")
        self.merger = _merger_map()

    def successor_of(self, legacy: LegacyProvince) -> Province:
        """The 2025 province a legacy province belongs to."""
        return self.current[self.merger[legacy.full_key]]

    def continuing(self, province: Province) -> LegacyProvince:
        """The legacy province whose name (and portal) the 2025 province carries on."""
        found = [lp for lp in self.legacy.values()
                 if lp.short == province.short and self.merger[lp.full_key] == province.full_key]
        if len(found) != 1:
            raise UserError(f"vietnamadminunits: no single legacy province carries the name of "
                            f"{province.short}; the generator needs updating")
        return found[0]

    def district(self, province_key: str, key: str) -> dict[str, Any]:
        rows = [r for r in self.districts
                if r["provinceShortKey"] == province_key and r["districtShortKey"] == key]
        if len(rows) != 1:
            raise UserError(f"{SOURCES.name}: district key '{key}' names {len(rows)} districts of "
                            f"province '{province_key}' in vietnamadminunits (need exactly one)")
        return rows[0]

    def district_named(self, province: str, district: str) -> dict[str, Any]:
        rows = [r for r in self.districts if r["provinceShort"] == province and r["districtShort"] == district]
        if len(rows) != 1:
            raise UserError(f"{SOURCES.name}: '{district}, {province}' names {len(rows)} districts in "
                            "vietnamadminunits (need exactly one; check the spelling)")
        return rows[0]


def _merger_map() -> dict[str, str]:
    """Legacy province key -> 2025 province key, from the package's converter data."""
    from importlib import resources

    data = json.loads(resources.files("vietnamadminunits").joinpath("data/converter_2025.json")
                      .read_text("utf-8"))
    return {old: new for new, olds in data["DICT_PROVINCE"].items() for old in olds}


def build_entries(sources: dict[str, Any], units: UnitTables) -> list[dict[str, Any]]:
    """All registry entries, in output order: provinces, departments, districts, communes."""
    provinces = _province_entries(sources.get("provinces", {}), units)
    explicit = [dict(e) for e in sources.get("portal", [])]
    explicit_ids = {e["id"] for e in explicit}
    districts = [e for e in _district_entries(sources.get("districts", []), units,
                                              sources.get("provinces", {}))
                 if e["id"] not in explicit_ids]
    for entry in explicit:
        if entry.get("level") == "district":
            _complete_district(entry, units)
    others = [e for e in explicit if e.get("level") != "district"]
    districts += [e for e in explicit if e.get("level") == "district"]
    districts.sort(key=lambda e: (e.get("legacy_unit_code") or "", e["id"]))
    rank = {"province": 0, "department": 1, "commune": 3}
    others.sort(key=lambda e: (rank.get(e.get("level", ""), 4), e["id"]))
    return provinces + [e for e in others if e.get("level") == "department"] + districts + \
        [e for e in others if e.get("level") != "department"]


def _province_entries(hosts: dict[str, dict[str, Any]], units: UnitTables) -> list[dict[str, Any]]:
    missing = sorted(set(units.legacy) - set(hosts))
    extra = sorted(set(hosts) - set(units.legacy))
    if missing or extra:
        raise UserError(f"{SOURCES.name} [provinces]: missing {missing or 'none'}, unknown {extra or 'none'} "
                        "(keys are provinceShortKey values of vietnamadminunits)")
    entries = []
    for lp in units.legacy.values():
        new = units.successor_of(lp)
        heir = units.continuing(new)
        absorbed = sorted(o.short for o in units.legacy.values()
                          if units.successor_of(o) == new and o.key != lp.key)
        entry: dict[str, Any] = {
            "id": lp.key,
            "name": f"Cổng thông tin điện tử {lp.full[0].lower()}{lp.full[1:]}",
            "level": "province",
            "province": lp.short,
            "legacy_unit_code": lp.code,
            "cms": "unknown",
            **hosts[lp.key],
        }
        if heir.key == lp.key:
            entry.update(status="active", unit_code=new.code)
            if absorbed:
                entry["notes"] = (f"Since {REORGANISATION_DATE.isoformat()} also governs "
                                  f"{', '.join(absorbed)} ({RESOLUTION}).")
        else:
            entry.update(status="merged", status_since=REORGANISATION_DATE, successor=heir.key,
                         notes=f"Merged into {new.short} on {REORGANISATION_DATE.isoformat()} ({RESOLUTION}).")
        entries.append(entry)
    return entries


def _district_entries(groups: list[dict[str, Any]], units: UnitTables,
                      provinces: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per district of vietnamadminunits (all 696 before 1 July 2025).

    The host is `<districtShortKey>.<province's first host>`: the naming pattern most provinces
    gave their districts. Nobody checked these hosts one by one, so every such entry says so
    (`host_source = "pattern"`) and is `unverified`, unless the province's `[[districts]]` group
    in the sources raises the group's confidence (`likely`: the province is known to follow the
    pattern). `portal-archive portals probe` is the way to learn which of them answer.
    """
    confidence: dict[tuple[str, str], str] = {}
    for group in groups:
        pkey = group["province"]
        if pkey not in units.legacy:
            raise UserError(f"{SOURCES.name} [[districts]]: unknown province key '{pkey}'")
        for key in group["keys"]:
            units.district(pkey, key)  # fails loudly on a key the package does not know
            confidence[(pkey, key)] = group.get("confidence", "unverified")
    entries = []
    for row in sorted(units.districts, key=lambda r: r["districtCode"]):
        pkey, key = row["provinceShortKey"], row["districtShortKey"]
        province_host = provinces[pkey]["hosts"][0]
        sure = confidence.get((pkey, key), "unverified")
        entry = {
            "id": f"{key}-{pkey}",
            "name": f"Cổng thông tin điện tử {row['districtType'].lower()} {row['districtShort']}",
            "hosts": [f"{key}.{province_host}"],
            # A `known` group lists hosts someone has seen serve the portal: named, not guessed.
            "host_source": None if sure == "known" else "pattern",
            "level": "district",
            "province": row["provinceShort"],
            "district": row["districtShort"],
            "cms": "unknown",
            "confidence": sure,
        }
        _complete_district(entry, units)
        entries.append(entry)
    return entries


def _complete_district(entry: dict[str, Any], units: UnitTables) -> None:
    """Fill what vietnamadminunits knows about a district entry, keeping what the sources say."""
    row = units.district_named(entry["province"], entry["district"])
    legacy = units.legacy[row["provinceShortKey"]]
    entry.setdefault("legacy_unit_code", row["districtCode"])
    entry.setdefault("status", "merged")
    if entry["status"] != "active":
        entry.setdefault("status_since", REORGANISATION_DATE)
        entry.setdefault("successor", units.continuing(units.successor_of(legacy)).key)


# -- communes (crawlers/communes.json.gz) ------------------------------------------------------
def build_communes(sources: dict[str, Any], units: UnitTables, taken: dict[str, str]) -> list[Commune]:
    """One entry per commune before 1 July 2025 (10,035), in GSO code order.

    Candidate hosts come from both naming patterns provinces used, `<commune>.<province host>`
    and `<commune>.<district>.<province host>`; nothing says which province used which, so both
    are kept, `pattern` and `unverified`. A candidate another unit would get too - a second
    commune of the province with the same short key, or a portal of `portals.toml` (`taken`:
    host -> id; a district named like its town) - would often be someone else's site, so it is
    left out and the entry says why. The 2025 successors come from vietnamadminunits'
    `converter_2025.json`: one commune for a unit that went whole, every part of one that was
    divided.
    """
    from vietnamadminunits.database import query

    rows = query("SELECT provinceKey, provinceShortKey, provinceShort, districtKey, districtShortKey, "
                 "districtShort, wardKey, wardShortKey, wardShort, wardType, wardCode "
                 "FROM admin_units_legacy WHERE wardCode IS NOT NULL ORDER BY wardCode")
    current = {(r["provinceKey"], r["wardKey"]): r for r in
               query("SELECT provinceKey, provinceShort, wardKey, wardShort, wardCode FROM admin_units")}
    whole, divided = _ward_mergers()
    hosts = sources["provinces"]

    def key(r: dict[str, Any]) -> tuple[str, str, str]:
        # The package keeps the accents of a short key when two units of a district would
        # otherwise share it (Minh Quán, Minh Quân: `minhquán`); a host name cannot.
        return fold(r["wardShortKey"]), fold(r["districtShortKey"]), r["provinceShortKey"]

    ids = Counter(key(r) for r in rows)

    def candidates(r: dict[str, Any]) -> tuple[str, str]:
        ward, district, province = key(r)
        base = hosts[province]["hosts"][0]
        return f"{ward}.{base}", f"{ward}.{district}.{base}"

    def ident(r: dict[str, Any]) -> str:
        # Communes that share an ASCII key within a district are told apart by their GSO code.
        return "-".join(key(r)) + (f"-{r['wardCode']}" if ids[key(r)] > 1 else "")

    made: dict[str, list[str]] = {}
    for r in rows:
        for host in candidates(r):
            made.setdefault(host, []).append(ident(r))
    communes = []
    for r in rows:
        pid = ident(r)
        kept, left_out = [], []
        for host in candidates(r):
            if host in taken:
                left_out.append((host, f"the host of {taken[host]} in portals.toml"))
            elif len(made[host]) > 1:
                others = [o for o in made[host] if o != pid]
                left_out.append((host, f"the same pattern gives it to {', '.join(others)}"))
            else:
                kept.append(host)
        legacy_key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        if legacy_key in divided:
            new_province, parts = divided[legacy_key]
            successors = [(new_province, part["newWardKey"], bool(part["isDefaultNewWard"])) for part in parts]
        elif legacy_key in whole:
            successors = [(*whole[legacy_key], False)]
        else:
            raise UserError(f"vietnamadminunits: no 2025 commune for legacy commune {legacy_key}; "
                            "the generator needs updating")
        lp = units.legacy[r["provinceShortKey"]]
        portal = Portal(
            id=pid, name=f"Cổng thông tin điện tử {r['wardType'].lower()} {r['wardShort']}",
            hosts=tuple(kept), level="commune", province=r["provinceShort"], district=r["districtShort"],
            commune=r["wardShort"], legacy_unit_code=r["wardCode"], status="merged",
            status_since=REORGANISATION_DATE, successor=units.continuing(units.successor_of(lp)).key,
            confidence="unverified", host_source="pattern")
        communes.append(Commune(portal, tuple(
            Successor(current[(np, nw)]["wardCode"], current[(np, nw)]["wardShort"],
                      current[(np, nw)]["provinceShort"], default) for np, nw, default in successors),
            tuple(left_out)))
    return communes


def _ward_mergers() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, list[dict[str, Any]]]]]:
    """Legacy commune key -> (2025 province key, 2025 commune key) for units that went whole, and
    -> (2025 province key, [parts]) for units divided among several 2025 communes."""
    from importlib import resources

    data = json.loads(resources.files("vietnamadminunits").joinpath("data/converter_2025.json")
                      .read_text("utf-8"))
    whole = {old: (province, new) for province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
             for new, olds in wards.items() for old in olds}
    divided = {old: (province, parts) for province, wards in data["DICT_PROVINCE_WARD_DIVIDED"].items()
               for old, parts in wards.items()}
    return whole, divided


# -- TOML output ---------------------------------------------------------------------------------
def render(entries: list[dict[str, Any]]) -> str:
    """The registry file: a header, then one `[[portal]]` table per entry in FIELD_ORDER."""
    version = metadata.version("vietnamadminunits")
    lines = [
        "# The portal registry: one [[portal]] entry per portal. GENERATED - do not edit by hand.",
        "# Edit crawlers/registry_sources.toml and run `python -m crawlers.registry_build`",
        f"# (units, codes and the 2025 merger from vietnamadminunits {version}).",
        "# Fields and rules: docs/registry.md. Check with `portal-archive portals validate`.",
    ]
    for entry in entries:
        unknown = set(entry) - set(FIELD_ORDER)
        if unknown:
            raise UserError(f"{SOURCES.name}: portal '{entry.get('id')}' has unknown field(s) "
                            f"{', '.join(sorted(unknown))}")
        lines += ["", "[[portal]]"]
        for key in FIELD_ORDER:
            value = entry.get(key)
            if value is None or (value == [] and key not in ALWAYS):
                continue
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # JSON string escapes are valid TOML basic-string escapes.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def _read_sources(sources_path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(sources_path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"cannot read {sources_path}: {exc}") from exc


def build(sources_path: Path = SOURCES) -> str:
    """The registry text for `sources_path`; refuses (UserError) to produce a registry that
    breaks the rules, so a bad source never reaches the committed file."""
    return build_all(sources_path, communes=False)[0]


def build_all(sources_path: Path = SOURCES, *, communes: bool = True) -> tuple[str, bytes | None]:
    """`portals.toml` text and (with `communes`) the bytes of `communes.json.gz`, both checked
    against the registry rules - the communes with the main registry, so a commune host that is
    also a portal's host, or a successor that is not an entry, is refused."""
    sources = _read_sources(sources_path)
    tables = UnitTables()
    text = render(build_entries(sources, tables))
    registry = Registry.from_text(text, "the generated registry")
    units = AdminUnits.load()
    problems = registry_problems(registry, units)
    if problems:
        raise UserError(f"the generated registry breaks {len(problems)} rule(s), first: {problems[0]}")
    if not communes:
        return text, None
    taken = {h: p.id for p in registry.entries for h in p.hosts}
    found = build_communes(sources, tables, taken)
    combined = Registry([*registry.entries, *(c.portal for c in found)])
    problems = registry_problems(combined, units)
    if problems:
        raise UserError(f"the generated commune registry breaks {len(problems)} rule(s), first: {problems[0]}")
    source = f"vietnamadminunits {metadata.version('vietnamadminunits')}"
    return text, dumps(found, source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.registry_build", description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES, help="hand-kept input (default: bundled)")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="registry file to write (default: bundled)")
    parser.add_argument("--communes-out", type=Path, default=COMMUNES_OUTPUT,
                        help="commune registry to write (default: bundled crawlers/communes.json.gz)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a file differs from what would be generated")
    args = parser.parse_args(argv)
    try:
        text, communes = build_all(args.sources)
    except UserError as exc:
        print(f"registry_build: error: {exc}", file=sys.stderr)
        return 2
    assert communes is not None
    outputs = ((args.out, text.encode("utf-8")), (args.communes_out, communes))
    if args.check:
        stale = [str(path) for path, data in outputs if not path.exists() or path.read_bytes() != data]
        if stale:
            print(f"registry_build: {', '.join(stale)} out of date: run `python -m crawlers.registry_build`",
                  file=sys.stderr)
            return 1
        print(f"registry_build: {args.out} and {args.communes_out} are up to date")
        return 0
    for path, data in outputs:
        path.write_bytes(data)
    count = text.count("\n[[portal]]\n")
    ncommunes = gzip.decompress(communes).count(b'\n{"id": ')
    print(f"registry_build: wrote {count} portals to {args.out}, {ncommunes} communes to {args.communes_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
