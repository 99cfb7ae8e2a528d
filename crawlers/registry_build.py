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
import json
import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from crawlers.errors import UserError
from crawlers.registry import FIELD_ORDER, REORGANISATION_DATE, AdminUnits, Registry, registry_problems

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "registry_sources.toml"
OUTPUT = HERE / "portals.toml"
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
    districts = [e for e in _district_entries(sources.get("districts", []), units)
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


def _district_entries(groups: list[dict[str, Any]], units: UnitTables) -> list[dict[str, Any]]:
    entries = []
    for group in groups:
        pkey = group["province"]
        if pkey not in units.legacy:
            raise UserError(f"{SOURCES.name} [[districts]]: unknown province key '{pkey}'")
        for key in group["keys"]:
            row = units.district(pkey, key)
            entry = {
                "id": f"{key}-{pkey}",
                "name": f"Cổng thông tin điện tử {row['districtType'].lower()} {row['districtShort']}",
                "hosts": [f"{key}.{pkey}.gov.vn"],
                "level": "district",
                "province": row["provinceShort"],
                "district": row["districtShort"],
                "cms": "unknown",
                "confidence": group.get("confidence", "unverified"),
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


def build(sources_path: Path = SOURCES) -> str:
    """The registry text for `sources_path`; refuses (UserError) to produce a registry that
    breaks the rules, so a bad source never reaches the committed file."""
    try:
        sources = tomllib.loads(sources_path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"cannot read {sources_path}: {exc}") from exc
    text = render(build_entries(sources, UnitTables()))
    registry = Registry.from_text(text, "the generated registry")
    problems = registry_problems(registry, AdminUnits.load())
    if problems:
        raise UserError(f"the generated registry breaks {len(problems)} rule(s), first: {problems[0]}")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.registry_build", description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES, help="hand-kept input (default: bundled)")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="registry file to write (default: bundled)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if --out differs from what would be generated")
    args = parser.parse_args(argv)
    try:
        text = build(args.sources)
    except UserError as exc:
        print(f"registry_build: error: {exc}", file=sys.stderr)
        return 2
    current = args.out.read_text("utf-8") if args.out.exists() else ""
    if args.check:
        if current != text:
            print(f"registry_build: {args.out} is out of date: run `python -m crawlers.registry_build`",
                  file=sys.stderr)
            return 1
        print(f"registry_build: {args.out} is up to date")
        return 0
    args.out.write_text(text, "utf-8")
    count = text.count("\n[[portal]]\n")
    print(f"registry_build: wrote {count} portals to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
