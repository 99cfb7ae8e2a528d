"""Administrative units named in an article: provinces, districts and communes, then and now.

Vietnam reorganised its units in 2025: 63 provinces became 34 and the district level was abolished
on 1 July 2025; most communes were merged. An article from 2019 about "huyện Nghi Lộc" names a
unit that no longer exists, so each place is kept *as named when published* (with its GSO code)
together with its *successor* in the 2025 system:

- a pre-2025 province -> the 2025 province it became part of (often itself);
- a district -> the 2025 province (districts have no successor of their own);
- a commune -> the 2025 commune it was merged into, or its 2025 province when it was split
  between several new communes (picking one would be a guess);
- a 2025 unit named in a 2025 article -> no successor (it is current).

Unit data comes from the `vietnamadminunits` package (its SQLite dataset for the 63- and
34-province systems, and its converter table from old to new communes).

Precision over recall:

- districts and communes are matched only in explicit forms, type word then name: "huyện Nghi
  Lộc", "xã Nghi Tiến", "thị trấn Quán Hành", "phường Hưng Dũng", "TP. Vinh", "thành phố Vinh";
  "các xã Nghi Tiến, Nghi Yên và Nghi Thiết" names three communes;
- a bare name is accepted only for provinces ("Nghệ An"), never when it is part of a person's
  name ("Nguyễn Hà Nam", "Chủ tịch Hồ Chí Minh") or of a longer proper name ("Điện Biên Phủ");
- a name shared by several units ("huyện Châu Thành", "xã Tân Phú") is resolved by the units
  written right after it ("xã Tân Phú, huyện Đức Hòa"), then by the portal's district and
  province (hints), else dropped.
"""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from crawlers.extraction.text import nfc

# The day districts were abolished and the 34-province system took effect.
REORGANISATION_DAY = "2025-07-01"
PRE_2025 = "pre-2025"
CURRENT = "2025"

# Type words (lower case) -> (level, unit type as the dataset writes it). "TP." is "thành phố".
TYPE_WORDS: dict[str, tuple[str, str]] = {
    "tỉnh": ("province", "Tỉnh"),
    "thành phố": ("city", "Thành phố"),
    "tp": ("city", "Thành phố"),
    "huyện": ("district", "Huyện"),
    "quận": ("district", "Quận"),
    "thị xã": ("district", "Thị xã"),
    "xã": ("commune", "Xã"),
    "phường": ("commune", "Phường"),
    "thị trấn": ("commune", "Thị trấn"),
    "đặc khu": ("commune", "Đặc khu"),
}
# Type word, then the start of a name. Longer words first: "thị xã" is not "xã".
EXPLICIT_MENTION = re.compile(
    r"(?<![\w])(?P<plural>(?:(?i:các|những|\d{1,3})\s+))?"
    r"(?P<type>(?i:thị xã|thị trấn|thành phố|đặc khu|tỉnh|huyện|quận|xã|phường))\s+"
    r"|(?<![\w])(?P<tp>(?i:tp))(?:\s*\.\s*|\s+)"
)
# One token of a name: a word starting with a capital letter, or a number ("Phường 3").
NAME_TOKEN = re.compile(r"[^\W\d_][^\W_]*|\d{1,2}(?!\d)")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
NAME_JOINER = re.compile(r"\s*[-–]\s*(?=[^\W\d_])| (?=\S)")
# Between two names of one list: "các xã Nghi Tiến, Nghi Yên và Nghi Thiết".
LIST_JOINER = re.compile(r"\s*(?:,|;)\s*(?:và\s+)?|\s+và\s+")
# Between a unit and the unit that contains it: "xã Nghi Tiến, huyện Nghi Lộc, tỉnh Nghệ An".
# Possessive runs: a long gap of spaces must fail in linear time, not by backtracking.
CHAIN_GAP = re.compile(r"^\s*+(?:[,(–-]|thuộc)?\s*+$")
MAX_NAME_TOKENS = 5
# Characters of title + text that are searched for places. A district news item is 1-10 thousand
# characters and names its places early; a page far longer is a whole report or a pasted table,
# and reading all of it would make one page cost seconds (mentions are resolved one by one against
# the gazetteer). Places named after this point are not found.
MAX_PLACES_CHARS = 100_000
# How many mentions written right after a unit are read as the units containing it ("xã A, huyện B,
# tỉnh C" needs two). Bounded so that a long comma-separated run of units costs linear time.
MAX_CHAIN = 6
# Words before a bare province name that make it part of a person's name.
PERSON_NAME_WORDS: frozenset[str] = frozenset(
    {
        "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi",
        "đỗ", "hồ", "ngô", "dương", "lý", "đinh", "đoàn", "trương", "lương", "trịnh", "mai",
        "cao", "lâm", "tạ", "văn", "thị", "đình", "hữu", "ngọc", "đức", "xuân", "công", "bá",
        "trọng", "thanh", "minh", "hồng", "kim", "quốc", "anh", "chủ tịch", "bác", "ông", "bà",
        "chị", "đồng chí", "em", "cháu",
    }
)
# Bare names that are too often something else: the President's name, a given name.
NOT_BARE_PROVINCES: frozenset[str] = frozenset({"Hồ Chí Minh"})
# Other spellings of province names (pre-2025 short name -> spellings).
PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "Huế": ("Thừa Thiên Huế", "Thừa Thiên - Huế"),
    "Hồ Chí Minh": ("HCM", "Hồ Chí Minh City"),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa Vũng Tàu",),
}
# The multi-word entries of PERSON_NAME_WORDS, as the endings they make of the preceding text.
_PERSON_NAME_ENDINGS: tuple[str, ...] = tuple(sorted(f" {w}" for w in PERSON_NAME_WORDS if " " in w))
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Compare key of a unit name: lower case, tone marks moved to the end of each syllable.

    Portals write tones in old and new positions ("Hoà"/"Hòa", "Thuỷ"/"Thủy"); both spell the
    same name, so the key keeps every mark but not its position. Hyphen spacing is ignored.
    Cached: every capitalised word of a text is looked up, and a text repeats its names.
    """
    words = re.findall(r"[^\W_]+", nfc(name).lower())
    out = []
    for word in words:
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(sorted(ch for ch in decomposed if ch in _TONE_MARKS))
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
        out.append(base + tones)
    return " ".join(out)


@dataclass(frozen=True)
class Unit:
    """One administrative unit of either system."""

    name: str
    type: str
    level: str
    province: str
    district: str | None
    code: str
    era: str
    province_key: str = field(compare=False, repr=False)
    district_key: str | None = field(default=None, compare=False, repr=False)
    successor: Unit | None = field(default=None, compare=False, repr=False)

    def as_dict(self, *, with_successor: bool = True) -> dict[str, Any]:
        """JSON form for the article record (`successor` is a unit without its own successor)."""
        out: dict[str, Any] = {
            "name": self.name, "type": self.type, "level": self.level,
            "province": self.province, "district": self.district, "code": self.code,
            "era": self.era,
        }
        if with_successor:
            out["successor"] = (
                self.successor.as_dict(with_successor=False) if self.successor else None
            )
        return out


@dataclass(frozen=True)
class Gazetteer:
    """Unit lookup by `name_key`, per era and level."""

    legacy: dict[str, dict[str, list[Unit]]]
    current: dict[str, dict[str, list[Unit]]]

    def lookup(self, era: str, level: str, key: str) -> list[Unit]:
        table = self.legacy if era == PRE_2025 else self.current
        return table.get(level, {}).get(key, [])


def _data_dir() -> Path:
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "the vietnamadminunits package is missing: install it (pip install vietnamadminunits)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _add(table: dict[str, dict[str, list[Unit]]], unit: Unit, *names: str) -> None:
    for name in {unit.name, *names}:
        bucket = table.setdefault(unit.level, {}).setdefault(name_key(name), [])
        if unit not in bucket:
            bucket.append(unit)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Both unit systems, loaded once per process from the vietnamadminunits data files.

    Read directly (not through the package's parser) because importing the parser loads
    several megabytes of keyword tables that matching by name does not need.
    """
    data = _data_dir()
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    conn = sqlite3.connect(f"{(data / 'dataset.db').resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        current_rows = conn.execute(
            "SELECT DISTINCT provinceShort, province, provinceCode, provinceKey, wardShort, "
            "wardType, wardCode, wardKey FROM admin_units"
        ).fetchall()
        legacy_rows = conn.execute(
            "SELECT DISTINCT provinceShort, provinceCode, provinceKey, districtShort, districtType, "
            "districtCode, districtKey, wardShort, wardType, wardCode, wardKey "
            "FROM admin_units_legacy"
        ).fetchall()
    finally:
        conn.close()

    current: dict[str, dict[str, list[Unit]]] = {}
    new_provinces: dict[str, Unit] = {}
    new_communes: dict[tuple[str, str], Unit] = {}
    for row in current_rows:
        province = new_provinces.get(row["provinceKey"])
        if province is None:
            kind = "Thành phố" if row["province"].startswith("Thành phố") else "Tỉnh"
            province = Unit(row["provinceShort"], kind, "province", row["provinceShort"], None,
                            row["provinceCode"], CURRENT, row["provinceKey"])
            new_provinces[row["provinceKey"]] = province
            _add(current, province, *PROVINCE_ALIASES.get(province.name, ()))
        if row["wardShort"]:
            commune = Unit(row["wardShort"], row["wardType"], "commune", row["provinceShort"], None,
                           row["wardCode"], CURRENT, row["provinceKey"])
            new_communes[(row["provinceKey"], row["wardKey"])] = commune
            _add(current, commune)

    old_to_new_province = {
        old: new for new, olds in converter["DICT_PROVINCE"].items() for old in olds
    }
    old_to_new_commune = {
        old: (province_key, ward_key)
        for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for ward_key, olds in wards.items()
        for old in olds
    }
    legacy: dict[str, dict[str, list[Unit]]] = {}
    seen_provinces: set[str] = set()
    seen_districts: set[str] = set()
    for row in legacy_rows:
        successor_province = new_provinces.get(old_to_new_province.get(row["provinceKey"], ""))
        if row["provinceKey"] not in seen_provinces:
            seen_provinces.add(row["provinceKey"])
            name = row["provinceShort"]
            kind = "Thành phố" if row["provinceKey"].startswith("thanhpho") else "Tỉnh"
            province = Unit(name, kind, "province", name, None, row["provinceCode"], PRE_2025,
                            row["provinceKey"], successor=successor_province)
            _add(legacy, province, *PROVINCE_ALIASES.get(name, ()))
        if row["districtKey"] and row["districtKey"] + row["provinceKey"] not in seen_districts:
            seen_districts.add(row["districtKey"] + row["provinceKey"])
            district = Unit(row["districtShort"], row["districtType"], "district",
                            row["provinceShort"], None, row["districtCode"], PRE_2025,
                            row["provinceKey"], row["districtKey"], successor=successor_province)
            _add(legacy, district)
        if row["wardShort"]:
            old_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
            new_key = old_to_new_commune.get(old_key)
            successor = new_communes.get(new_key) if new_key else successor_province
            commune = Unit(row["wardShort"], row["wardType"], "commune", row["provinceShort"],
                           row["districtShort"], row["wardCode"], PRE_2025, row["provinceKey"],
                           row["districtKey"], successor=successor)
            _add(legacy, commune)
    return Gazetteer(legacy=legacy, current=current)


@dataclass
class _Mention:
    """A type word and the name after it, before it is resolved to a unit."""

    start: int
    end: int
    level: str  # province / city / district / commune
    unit_type: str
    names: list[str]  # longest first: candidate names the tokens after the type word allow


def _name_candidates(text: str, pos: int) -> tuple[list[tuple[str, int]], int]:
    """Names starting at `pos` (capitalised tokens, longest first) with their end offsets."""
    out: list[tuple[str, int]] = []
    cursor = pos
    tokens: list[str] = []
    while len(tokens) < MAX_NAME_TOKENS:
        match = NAME_TOKEN.match(text, cursor)
        if not match:
            break
        token = match.group(0)
        if token[0].isdigit():
            if tokens:
                break
        elif not token[0].isupper():
            break
        tokens.append(token)
        cursor = match.end()
        out.append((" ".join(tokens), cursor))
        if token[0].isdigit():
            break
        joiner = NAME_JOINER.match(text, cursor)
        if not joiner:
            break
        cursor = joiner.end()
    out.reverse()
    return out, pos


def _mentions(text: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    for match in EXPLICIT_MENTION.finditer(text):
        word = (match.group("type") or match.group("tp")).lower()
        level, unit_type = TYPE_WORDS[word]
        names, _ = _name_candidates(text, match.end())
        if not names:
            continue
        mentions.append(_Mention(match.start(), names[0][1], level, unit_type, [n for n, _ in names]))
        if not match.group("plural"):
            continue
        # "các xã A, B và C": the list continues with bare names of the same type.
        cursor = names[0][1]
        while True:
            joiner = LIST_JOINER.match(text, cursor)
            if not joiner:
                break
            more, _ = _name_candidates(text, joiner.end())
            if not more:
                break
            mentions.append(_Mention(joiner.end(), more[0][1], level, unit_type, [n for n, _ in more]))
            cursor = more[0][1]
    return mentions


def _era(published: str | None) -> tuple[str, ...]:
    """Unit systems to try, in order, for an article published on `published`."""
    if published is None:
        return (PRE_2025, CURRENT)
    return (CURRENT, PRE_2025) if published >= REORGANISATION_DAY else (PRE_2025,)


def _candidates(g: Gazetteer, mention: _Mention, era: str) -> tuple[str, list[Unit]]:
    """(matched name, units) for the longest name of `mention` that names a unit of its type."""
    for name in mention.names:
        key = name_key(name)
        if mention.level == "city":
            units = [u for u in g.lookup(era, "province", key) if u.type == "Thành phố"]
            units = units or [u for u in g.lookup(era, "district", key) if u.type == "Thành phố"]
        elif mention.level == "province":
            units = g.lookup(era, "province", key)
        else:
            units = [u for u in g.lookup(era, mention.level, key) if u.type == mention.unit_type]
        if units:
            return name, units
    return "", []


def _narrow(units: list[Unit], keep: Iterable[Unit] | None, strict: bool) -> list[Unit]:
    """Units inside one of `keep` (matched by province/district); strict: may return none."""
    if keep is None:
        return units
    keep = list(keep)
    inside = [
        u for u in units
        if any(
            (k.level == "province" and (u.province_key == k.province_key
                                        or (u.successor and u.successor.province_key == k.province_key)))
            or (k.level == "district" and u.district_key == k.district_key
                and u.province_key == k.province_key)
            for k in keep
        )
    ]
    return inside if inside or strict else units


def _hint_units(g: Gazetteer, province: str | None, district: str | None) -> tuple[list[Unit], list[Unit]]:
    provinces = [
        u for era in (PRE_2025, CURRENT) for u in (g.lookup(era, "province", name_key(province)) if province else [])
    ]
    districts = []
    if district:
        districts = [
            u for u in g.lookup(PRE_2025, "district", name_key(district))
            if not provinces or any(u.province_key == p.province_key for p in provinces)
        ]
    return provinces, districts


def find_places(
    title: str | None,
    text: str,
    *,
    province: str | None = None,
    district: str | None = None,
    published: str | None = None,
) -> list[Unit]:
    """Units named in `title` and `text`, unique, in order of first mention.

    `province`/`district` are the portal's own units (hints for ambiguous names); `published`
    (ISO day) chooses the unit system: before 1 July 2025 only pre-2025 units, after it 2025
    units first; undated articles try pre-2025 units first. Only the first MAX_PLACES_CHARS
    characters of title + text are read; the work is linear in their length.
    """
    g = gazetteer()
    body = nfc(f"{title or ''}\n{text[:MAX_PLACES_CHARS]}")
    eras = _era(published)
    hint_provinces, hint_districts = _hint_units(g, province, district)
    mentions = _mentions(body)
    found: list[tuple[int, Unit]] = []
    resolved: list[Unit | None] = [None] * len(mentions)
    # chained[i]: mention i+1 is written right after mention i ("xã A, huyện B"); each gap is
    # read once here, not once per mention of a chain.
    chained = [
        CHAIN_GAP.match(body[left.end : right.start]) is not None
        for left, right in zip(mentions, mentions[1:], strict=False)
    ]
    # Resolve right to left so that "xã A, huyện B" can use the already resolved "huyện B".
    for index in range(len(mentions) - 1, -1, -1):
        mention = mentions[index]
        chain: list[Unit] = []
        following = index + 1
        while (following < len(mentions) and following - index <= MAX_CHAIN
               and chained[following - 1]):
            unit = resolved[following]
            if unit is not None:
                chain.append(unit)
            following += 1
        choice: Unit | None = None
        for era in eras:
            _name, units = _candidates(g, mention, era)
            if not units:
                continue
            chain_districts = [u for u in chain if u.level == "district"] or None
            chain_provinces = [u for u in chain if u.level == "province"] or None
            units = _narrow(units, chain_districts, strict=True)
            units = _narrow(units, chain_provinces, strict=True)
            if len(units) > 1 and mention.level in ("commune", "district", "city"):
                units = _narrow(units, hint_districts or None, strict=False)
                units = _narrow(units, hint_provinces or None, strict=False)
            if len(units) == 1:
                choice = units[0]
            break
        resolved[index] = choice
        if choice is not None:
            found.append((mention.start, choice))
    spans = [(m.start, m.end) for m in mentions]
    found.extend(_bare_provinces(g, body, spans, eras))
    found.sort(key=lambda item: item[0])
    unique: dict[tuple[str, str, str], Unit] = {}
    for _start, unit in found:
        unique.setdefault((unit.era, unit.level, unit.code), unit)
    return list(unique.values())


def _bare_provinces(
    g: Gazetteer, text: str, spans: list[tuple[int, int]], eras: tuple[str, ...]
) -> list[tuple[int, Unit]]:
    """Province names written without a type word ("Nghệ An"), outside explicit mentions.

    Tokens are visited left to right, so "inside a mention" is a walk along the sorted mention
    spans, not a search of all of them per token (that made a 4 MB page take a minute).
    """
    out: list[tuple[int, Unit]] = []
    starts, ends = _merged(spans)
    taken_until = 0  # end of the last bare province found: tokens before it belong to it
    for match in NAME_TOKEN.finditer(text):
        start = match.start()
        if not match.group(0)[0].isupper() or start < taken_until:
            continue
        inside = bisect.bisect_right(starts, start) - 1
        if inside >= 0 and start < ends[inside]:
            continue
        if start and (text[start - 1].isalnum() or text[start - 1] in "-–"):
            continue
        before = text[max(0, start - 12) : start].rstrip()
        previous_word = _LAST_WORD.findall(before)
        if previous_word and (
            previous_word[0].lower() in PERSON_NAME_WORDS
            or before.lower().endswith(_PERSON_NAME_ENDINGS)
        ):
            continue
        names, _ = _name_candidates(text, start)
        for name, end in names:
            if name in NOT_BARE_PROVINCES:
                break
            units = [u for era in eras for u in g.lookup(era, "province", name_key(name))][:1]
            if not units:
                continue
            after = NAME_TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
            if after and after.group(0)[0].isupper():
                break  # "Điện Biên Phủ", "Hà Nam Ninh": a longer proper name
            out.append((start, units[0]))
            taken_until = end
            break
    return out


def _merged(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Starts and ends of `spans` sorted and merged, so one bisect tells if an offset is inside."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def places(
    title: str | None,
    text: str,
    *,
    province: str | None = None,
    district: str | None = None,
    published: str | None = None,
) -> list[dict[str, Any]]:
    """`find_places` as JSON-ready dicts (the record's `places` field)."""
    return [
        unit.as_dict()
        for unit in find_places(
            title, text, province=province, district=district, published=published
        )
    ]
