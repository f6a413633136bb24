"""Per-kind validation and normalisation of interchange records into lake rows.

``normalise(kind, raw, today)`` returns a dict with exactly the kind's lake columns or raises
RecordError. Rules (documented in docs/interchange.md):
- identifiers are normalised (CN application numbers to ``YYYYTNNNNNNN.C``; USCCs upper-case);
- enumerations accept the codes and common Chinese/English synonyms;
- parties get an entity id, an applicant type and region codes resolved from the address;
- a missing ``status`` is derived from the dates (terms by kind).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from gdip.core.validators import (
    IdentifierError,
    normalise_application_number,
    normalise_ipc,
    parse_cn_application_number,
    validate_uscc,
)
from gdip.datacenter import domain as d
from gdip.datacenter.normalise.geo import resolve_address
from gdip.datacenter.normalise.names import classify_applicant, entity_id
from gdip.datacenter.services.fields import (
    RecordError,
    parse_bool,
    parse_date_field,
    parse_decimal_yuan,
    parse_enum,
    parse_int,
    parse_text,
    parse_text_list,
    require_order,
)

__all__ = ["NORMALISERS", "derive_patent_status", "normalise"]

PATENT_KIND_SYNONYMS = {
    "发明": "invention",
    "发明专利": "invention",
    "utility_model": "utility",
    "实用新型": "utility",
    "实用新型专利": "utility",
    "外观设计": "design",
    "外观设计专利": "design",
    "industrial_design": "design",
}
STATUS_SYNONYMS = {
    "有效": "valid",
    "授权": "valid",
    "granted": "valid",
    "in_force": "valid",
    "active": "valid",
    "审中": "pending",
    "在审": "pending",
    "实审": "pending",
    "公开": "pending",
    "registered": "valid",
    "失效": "lapsed",
    "未缴年费": "lapsed",
    "终止": "lapsed",
    "届满": "expired",
    "期限届满": "expired",
    "无效": "invalidated",
    "全部无效": "invalidated",
    "撤回": "withdrawn",
    "视为撤回": "withdrawn",
    "驳回": "rejected",
    "注销": "lapsed",
    "已注册": "valid",
    "已无效": "invalidated",
}
MARK_TYPE_SYNONYMS = {
    "文字": "word",
    "图形": "figurative",
    "组合": "combined",
    "立体": "3d",
    "三维": "3d",
    "颜色": "colour",
    "color": "colour",
    "声音": "sound",
}
EVENT_SYNONYMS = {
    "授权": "grant",
    "年费": "fee_payment",
    "缴费": "fee_payment",
    "终止": "lapse",
    "未缴年费终止": "lapse",
    "权利恢复": "restoration",
    "恢复": "restoration",
    "转让": "transfer",
    "权利转移": "transfer",
    "著录项目变更": "transfer",
    "许可": "licence",
    "license": "licence",
    "实施许可": "licence",
    "开放许可": "open_licence",
    "open_license": "open_licence",
    "质押": "pledge",
    "质押登记": "pledge",
    "质押解除": "pledge_release",
    "质押注销": "pledge_release",
    "无效宣告请求": "invalidation_request",
    "无效宣告决定": "invalidation_decision",
    "无效宣告": "invalidation_decision",
    "诉讼": "litigation",
    "撤回": "withdrawal",
    "驳回": "rejection",
    "届满": "expiry",
    "续展": "renewal",
    "获奖": "award",
}
RIGHT_KIND_SYNONYMS = {
    "专利": "patent",
    "商标": "trademark",
    "著作权": "copyright",
    "版权": "copyright",
    "地理标志": "gi",
    "植物新品种": "plant_variety",
    "plant-variety": "plant_variety",
    "布图设计": "ic_layout",
    "ic-layout": "ic_layout",
}
COPYRIGHT_SYNONYMS = {"作品": "work", "软件": "software", "计算机软件": "software"}
GI_SYNONYMS = {
    "地理标志产品": "gi_product",
    "集体商标": "collective_mark",
    "证明商标": "certification_mark",
    "农产品地理标志": "agri_gi",
}
SECTOR_SYNONYMS = {"农业": "agricultural", "林业": "forestry"}
APPLICANT_SYNONYMS = {
    "企业": "enterprise",
    "大专院校": "university",
    "高校": "university",
    "科研单位": "institute",
    "个人": "individual",
    "机关团体": "government",
    "research_institute": "institute",
}

# Legal terms from the filing date (Patent Law 2020 art. 42; designs filed from 2021-06-01: 15 years).
PATENT_TERM_YEARS = {"invention": 20, "utility": 10}
DESIGN_TERM_CHANGE = date(2021, 6, 1)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def patent_expiry(kind: str | None, filing: date | None) -> date | None:
    """The day a patent's term ends, or None when unknown."""
    if filing is None or kind is None:
        return None
    if kind == "design":
        return _add_years(filing, 15 if filing >= DESIGN_TERM_CHANGE else 10)
    years = PATENT_TERM_YEARS.get(kind)
    return _add_years(filing, years) if years else None


def derive_patent_status(kind: str | None, filing: date | None, grant: date | None, today: date) -> str:
    """Status from dates alone: granted and within term → valid; past term → expired; else pending."""
    expiry = patent_expiry(kind, filing)
    if grant is None:
        return "pending"
    if expiry is not None and expiry <= today:
        return "expired"
    return "valid"


def _party(raw: Any, field: str, office: str) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict):
        raise RecordError(
            "type_invalid", field, f"字段 {field} 的当事人格式无效", f"field {field}: invalid party"
        )
    key = (
        raw.get("name"),
        raw.get("uscc"),
        raw.get("address"),
        raw.get("country"),
        raw.get("applicant_type") or raw.get("type"),
        office,
    )
    try:
        cached = _PARTY_CACHE.get(key)
    except TypeError:  # unhashable values (lists, dicts): validate them the long way and fail there
        cached = None
    if cached is not None:
        return cached
    party = _party_uncached(raw, field, office)
    if len(_PARTY_CACHE) >= _PARTY_CACHE_SIZE:
        _PARTY_CACHE.clear()  # simple bound; big applicants come back and refill it at once
    with contextlib.suppress(TypeError):
        _PARTY_CACHE[key] = party
    return party


# Applicants repeat heavily in real data (a large company files thousands of times a year), so
# a validated party is reused; the dict is shared, which is safe because rows are never mutated.
_PARTY_CACHE: dict[tuple[Any, ...], dict[str, Any]] = {}
_PARTY_CACHE_SIZE = 200_000


def _party_uncached(raw: dict[str, Any], field: str, office: str) -> dict[str, Any]:
    name = parse_text(raw.get("name"), f"{field}.name", required=True, max_length=500)
    assert name is not None
    uscc = None
    if raw.get("uscc"):
        try:
            uscc = validate_uscc(str(raw["uscc"]))
        except IdentifierError as exc:
            raise RecordError.from_identifier(exc, f"{field}.uscc") from None
    address = parse_text(raw.get("address"), f"{field}.address", max_length=1000)
    country = parse_text(raw.get("country"), f"{field}.country")
    geo = resolve_address(address) if address else None
    if geo is None and country in (None, "CN") and office == "CN":
        geo = resolve_address(name)  # many CN records carry the city only in the applicant's name
    if country is None and geo is not None:
        country = "CN"
    atype = parse_enum(
        raw.get("applicant_type") or raw.get("type"),
        f"{field}.applicant_type",
        d.APPLICANT_TYPE,
        APPLICANT_SYNONYMS,
    ) or classify_applicant(name)
    return {
        "name": name,
        "entity_id": entity_id(name, uscc),
        "address": address,
        "country": country.upper() if country else None,
        "uscc": uscc,
        "applicant_type": atype,
        "province_code": geo.province_code if geo else None,
        "city_code": geo.city_code if geo else None,
        "district_code": geo.district_code if geo else None,
    }


def _parties(value: Any, field: str, office: str) -> list[dict[str, Any]]:
    if value is None or value == "":
        return []
    items = parse_text_list(value, field) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise RecordError("type_invalid", field, f"字段 {field} 应为列表", f"field {field} must be a list")
    return [_party(item, f"{field}[{i}]", office) for i, item in enumerate(items)]


def _location(parties: list[dict[str, Any]]) -> dict[str, Any]:
    first = parties[0] if parties else {}
    return {
        "applicant_type": first.get("applicant_type"),
        "province_code": first.get("province_code"),
        "city_code": first.get("city_code"),
        "district_code": first.get("district_code"),
        "entity_ids": [p["entity_id"] for p in parties],
    }


def _office(raw: dict[str, Any]) -> str:
    office = (parse_text(raw.get("office"), "office") or "CN").upper()
    if len(office) != 2 or not office.isalpha() or not office.isascii():
        raise RecordError(
            "office_invalid",
            "office",
            f"局代码 {office} 无效，应为两位字母",
            f"office {office!r} must be a two-letter code",
        )
    return office


def _number(office: str, value: Any, field: str) -> str:
    text = parse_text(value, field, required=True, max_length=64)
    assert text is not None
    try:
        return normalise_application_number(office, text)
    except IdentifierError as exc:
        raise RecordError.from_identifier(exc, field) from None


def _ipcs(value: Any) -> list[str]:
    out: list[str] = []
    for item in parse_text_list(value, "ipc"):
        try:
            code = normalise_ipc(item)
        except IdentifierError as exc:
            raise RecordError.from_identifier(exc, "ipc") from None
        if code not in out:
            out.append(code)
    return out


def normalise_patent(raw: dict[str, Any], today: date) -> dict[str, Any]:
    office = _office(raw)
    kind = parse_enum(raw.get("kind"), "kind", d.PATENT_KINDS, PATENT_KIND_SYNONYMS)
    pct = parse_bool(raw.get("pct"), "pct")
    if office == "CN":
        text = parse_text(raw.get("application_number"), "application_number", required=True, max_length=64)
        try:
            parsed = parse_cn_application_number(text or "")
        except IdentifierError as exc:
            raise RecordError.from_identifier(exc, "application_number") from None
        number = parsed.canonical
        if kind is not None and kind != parsed.kind:
            raise RecordError(
                "kind_mismatch",
                "kind",
                f"专利类型 {kind} 与申请号 {number} 的类型位（{parsed.kind}）不符",
                f"kind {kind} contradicts application number {number} (type digit says {parsed.kind})",
            )
        kind = parsed.kind
        pct = bool(pct) or parsed.pct
    else:
        number = _number(office, raw.get("application_number"), "application_number")
    if kind is None:
        raise RecordError("field_missing", "kind", "缺少专利类型 kind", "required field kind is missing")
    filing = parse_date_field(raw.get("filing_date"), "filing_date", today=today)
    grant = parse_date_field(raw.get("grant_date"), "grant_date", today=today)
    publication = parse_date_field(raw.get("publication_date"), "publication_date", today=today)
    priority = parse_date_field(raw.get("priority_date"), "priority_date", today=today)
    require_order(filing, grant, "filing_date", "grant_date")
    require_order(filing, publication, "filing_date", "publication_date")
    require_order(priority, filing, "priority_date", "filing_date")
    status = parse_enum(raw.get("status"), "status", d.RIGHT_STATUSES, STATUS_SYNONYMS)
    if status is None:
        status = derive_patent_status(kind, filing, grant, today)
    elif status == "valid" and grant is None and raw.get("grant_date") is None and office == "CN":
        raise RecordError(
            "status_inconsistent",
            "status",
            "状态为有效但缺少授权日",
            "status is valid but there is no grant date",
        )
    ipc = _ipcs(raw.get("ipc"))
    applicants = _parties(raw.get("applicants"), "applicants", office)
    family = []
    raw_family = raw.get("family") or []
    if not isinstance(raw_family, list):
        raise RecordError("type_invalid", "family", "同族字段应为列表", "field family must be a list")
    for i, member in enumerate(raw_family):
        if not isinstance(member, dict):
            raise RecordError("type_invalid", f"family[{i}]", "同族成员格式无效", "invalid family member")
        fam_office = (parse_text(member.get("office"), f"family[{i}].office", required=True) or "").upper()
        fam_number = parse_text(member.get("number"), f"family[{i}].number", required=True) or ""
        try:
            # The same form as the member's own record, so family links join on the number.
            fam_number = normalise_application_number(fam_office, fam_number)
        except IdentifierError:
            fam_number = "".join(fam_number.split()).upper()  # a publication number, kept as written
        family.append(
            {
                "office": fam_office,
                "number": fam_number,
                "granted": parse_bool(member.get("granted"), f"family[{i}].granted"),
            }
        )
    awards = []
    raw_awards = raw.get("awards") or []
    if isinstance(raw_awards, str):  # a CSV cell with names only: "中国专利金奖;国家技术发明奖"
        raw_awards = parse_text_list(raw_awards, "awards")
    for i, award in enumerate(raw_awards):
        if isinstance(award, str):
            award = {"name": award}
        if not isinstance(award, dict):
            raise RecordError("type_invalid", f"awards[{i}]", "奖项格式无效", "invalid award")
        awards.append(
            {
                "name": parse_text(award.get("name"), f"awards[{i}].name", required=True),
                "year": parse_int(award.get("year"), f"awards[{i}].year", low=1985, high=today.year),
            }
        )
    return {
        "office": office,
        "application_number": number,
        "kind": kind,
        "pct": bool(pct),
        "title": parse_text(raw.get("title"), "title", max_length=2000),
        "abstract": parse_text(raw.get("abstract"), "abstract", max_length=20_000),
        "filing_date": filing,
        "publication_date": publication,
        "publication_number": parse_text(raw.get("publication_number"), "publication_number", max_length=40),
        "grant_date": grant,
        "grant_number": parse_text(raw.get("grant_number"), "grant_number", max_length=40),
        "status": status,
        "ipc": ipc,
        "ipc_main": ipc[0] if ipc else None,
        "applicants": applicants,
        "inventors": parse_text_list(raw.get("inventors"), "inventors"),
        "claims_count": parse_int(raw.get("claims_count"), "claims_count", low=0, high=5000),
        "family": family,
        "awards": awards,
        "citations": parse_text_list(raw.get("citations"), "citations", max_items=5000),
        "priority_date": priority,
        "agency": parse_text(raw.get("agency"), "agency", max_length=300),
        **_location(applicants),
    }


def normalise_trademark(raw: dict[str, Any], today: date) -> dict[str, Any]:
    office, number = _registration(raw, "application_number")
    classes = []
    for item in (
        parse_text_list(raw.get("nice_classes"), "nice_classes")
        if isinstance(raw.get("nice_classes"), str)
        else (raw.get("nice_classes") or [])
    ):
        value = parse_int(item, "nice_classes", low=1, high=45)
        if value is not None and value not in classes:
            classes.append(value)
    filing = parse_date_field(raw.get("filing_date"), "filing_date", today=today)
    registration = parse_date_field(raw.get("registration_date"), "registration_date", today=today)
    expiry = parse_date_field(raw.get("expiry_date"), "expiry_date", today=date(2100, 1, 1))
    require_order(filing, registration, "filing_date", "registration_date")
    require_order(registration, expiry, "registration_date", "expiry_date")
    status = parse_enum(raw.get("status"), "status", d.RIGHT_STATUSES, STATUS_SYNONYMS)
    if status is None:
        status = "pending" if registration is None else ("expired" if expiry and expiry <= today else "valid")
    applicants = _parties(raw.get("applicants"), "applicants", office)
    return {
        "office": office,
        "application_number": number,
        "registration_number": parse_text(
            raw.get("registration_number"), "registration_number", max_length=40
        ),
        "mark_text": parse_text(raw.get("mark_text"), "mark_text", max_length=500),
        "mark_type": parse_enum(raw.get("mark_type"), "mark_type", d.MARK_TYPES, MARK_TYPE_SYNONYMS),
        "nice_classes": classes,
        "goods": parse_text_list(raw.get("goods"), "goods", max_items=5000),
        "applicants": applicants,
        "filing_date": filing,
        "registration_date": registration,
        "expiry_date": expiry,
        "status": status,
        "madrid": bool(parse_bool(raw.get("madrid"), "madrid")),
        "collective": bool(parse_bool(raw.get("collective"), "collective")),
        "certification": bool(parse_bool(raw.get("certification"), "certification")),
        "well_known": bool(parse_bool(raw.get("well_known"), "well_known")),
        "geographic_indication": bool(parse_bool(raw.get("geographic_indication"), "geographic_indication")),
        "agency": parse_text(raw.get("agency"), "agency", max_length=300),
        **_location(applicants),
    }


def _registration(raw: dict[str, Any], field: str) -> tuple[str, str]:
    office = _office(raw)
    text = parse_text(raw.get(field), field, required=True, max_length=64)
    assert text is not None
    number = "".join(text.split()).upper()
    if not all(ch.isalnum() or ch in "-./" for ch in number) or len(number) > 40:
        raise RecordError(
            "number_format", field, f"登记号 {text} 格式无效", f"registration number {text!r} is malformed"
        )
    return office, number


def normalise_copyright(raw: dict[str, Any], today: date) -> dict[str, Any]:
    office, number = _registration(raw, "registration_number")
    completion = parse_date_field(raw.get("completion_date"), "completion_date", today=today)
    first_pub = parse_date_field(raw.get("first_publication_date"), "first_publication_date", today=today)
    registration = parse_date_field(raw.get("registration_date"), "registration_date", today=today)
    require_order(completion, first_pub, "completion_date", "first_publication_date")
    require_order(completion, registration, "completion_date", "registration_date")
    owners = _parties(raw.get("owners") or raw.get("applicants"), "owners", office)
    return {
        "office": office,
        "registration_number": number,
        "work_type": parse_enum(raw.get("work_type"), "work_type", d.COPYRIGHT_TYPES, COPYRIGHT_SYNONYMS),
        "category": parse_text(raw.get("category"), "category", max_length=100),
        "title": parse_text(raw.get("title"), "title", required=True, max_length=2000),
        "owners": owners,
        "authors": parse_text_list(raw.get("authors"), "authors"),
        "completion_date": completion,
        "first_publication_date": first_pub,
        "registration_date": registration,
        "status": parse_enum(raw.get("status"), "status", d.RIGHT_STATUSES, STATUS_SYNONYMS) or "valid",
        **_location(owners),
    }


def normalise_gi(raw: dict[str, Any], today: date) -> dict[str, Any]:
    office, number = _registration(raw, "gi_number")
    holders = _parties(raw.get("holders") or raw.get("applicants"), "holders", office)
    region_text = parse_text(raw.get("region_text"), "region_text", max_length=2000)
    location = _location(holders)
    if not holders and region_text:
        geo = resolve_address(region_text)
        if geo:
            location.update(
                province_code=geo.province_code, city_code=geo.city_code, district_code=geo.district_code
            )
    return {
        "office": office,
        "gi_number": number,
        "name": parse_text(raw.get("name"), "name", required=True, max_length=200),
        "product_category": parse_text(raw.get("product_category"), "product_category", max_length=100),
        "protection_type": parse_enum(
            raw.get("protection_type"), "protection_type", d.GI_PROTECTION_TYPES, GI_SYNONYMS
        ),
        "region_text": region_text,
        "holders": holders,
        "approval_date": parse_date_field(raw.get("approval_date"), "approval_date", today=today),
        "standard": parse_text(raw.get("standard"), "standard", max_length=200),
        "status": parse_enum(raw.get("status"), "status", d.RIGHT_STATUSES, STATUS_SYNONYMS) or "valid",
        **location,
    }


def normalise_plant_variety(raw: dict[str, Any], today: date) -> dict[str, Any]:
    office, number = _registration(raw, "application_number")
    filing = parse_date_field(raw.get("filing_date"), "filing_date", today=today)
    grant = parse_date_field(raw.get("grant_date"), "grant_date", today=today)
    require_order(filing, grant, "filing_date", "grant_date")
    applicants = _parties(raw.get("applicants"), "applicants", office)
    status = parse_enum(raw.get("status"), "status", d.RIGHT_STATUSES, STATUS_SYNONYMS)
    return {
        "office": office,
        "application_number": number,
        "variety_name": parse_text(raw.get("variety_name"), "variety_name", required=True, max_length=200),
        "species": parse_text(raw.get("species"), "species", max_length=200),
        "sector": parse_enum(raw.get("sector"), "sector", d.PLANT_SECTORS, SECTOR_SYNONYMS),
        "applicants": applicants,
        "breeders": parse_text_list(raw.get("breeders"), "breeders"),
        "filing_date": filing,
        "grant_date": grant,
        "grant_number": parse_text(raw.get("grant_number"), "grant_number", max_length=40),
        "status": status or ("valid" if grant else "pending"),
        **_location(applicants),
    }


def normalise_ic_layout(raw: dict[str, Any], today: date) -> dict[str, Any]:
    office, number = _registration(raw, "registration_number")
    creation = parse_date_field(raw.get("creation_date"), "creation_date", today=today)
    filing = parse_date_field(raw.get("filing_date"), "filing_date", today=today)
    first_use = parse_date_field(
        raw.get("first_commercial_use_date"), "first_commercial_use_date", today=today
    )
    registration = parse_date_field(raw.get("registration_date"), "registration_date", today=today)
    require_order(creation, filing, "creation_date", "filing_date")
    require_order(filing, registration, "filing_date", "registration_date")
    holders = _parties(raw.get("holders") or raw.get("applicants"), "holders", office)
    return {
        "office": office,
        "registration_number": number,
        "design_name": parse_text(raw.get("design_name"), "design_name", required=True, max_length=500),
        "holders": holders,
        "creation_date": creation,
        "filing_date": filing,
        "first_commercial_use_date": first_use,
        "registration_date": registration,
        "status": parse_enum(raw.get("status"), "status", d.RIGHT_STATUSES, STATUS_SYNONYMS) or "valid",
        **_location(holders),
    }


def _region_code(value: Any, field: str) -> str | None:
    """A 6-digit GB/T 2260 code, when the source gives one."""
    text = parse_text(value, field, max_length=12)
    if text is None:
        return None
    if len(text) != 6 or not text.isdigit():
        raise RecordError(
            "region_code",
            field,
            f"字段 {field} 应为 6 位行政区划代码，实为 {text}",
            f"field {field} must be a 6-digit GB/T 2260 code, got {text}",
        )
    return text


def normalise_legal_event(raw: dict[str, Any], today: date) -> dict[str, Any]:
    office = _office(raw)
    right_kind = (
        parse_enum(raw.get("right_kind"), "right_kind", d.RIGHT_KINDS, RIGHT_KIND_SYNONYMS) or "patent"
    )
    if right_kind == "patent":
        number = _number(office, raw.get("application_number"), "application_number")
    else:
        number = _registration({**raw, "office": office}, "application_number")[1]
    event_type = parse_enum(raw.get("event_type"), "event_type", d.LEGAL_EVENT_TYPES, EVENT_SYNONYMS)
    if event_type is None:
        raise RecordError(
            "field_missing",
            "event_type",
            "缺少法律事件类型 event_type",
            "required field event_type is missing",
        )
    event_date = parse_date_field(raw.get("event_date"), "event_date", today=today)
    if event_date is None:
        raise RecordError(
            "field_missing", "event_date", "缺少事件日期 event_date", "required field event_date is missing"
        )
    term_start = parse_date_field(raw.get("term_start"), "term_start", today=date(2100, 1, 1))
    term_end = parse_date_field(raw.get("term_end"), "term_end", today=date(2100, 1, 1))
    require_order(term_start, term_end, "term_start", "term_end")
    amount = parse_decimal_yuan(raw.get("amount"), "amount")
    row = {
        "office": office,
        "application_number": number,
        "right_kind": right_kind,
        "event_type": event_type,
        "event_date": event_date,
        "from_party": parse_text(raw.get("from_party"), "from_party", max_length=500),
        "to_party": parse_text(raw.get("to_party"), "to_party", max_length=500),
        "amount": amount,
        "currency": (parse_text(raw.get("currency"), "currency") or ("CNY" if amount is not None else None)),
        "pledgee": parse_text(raw.get("pledgee"), "pledgee", max_length=500),
        "registration_number": parse_text(
            raw.get("registration_number"), "registration_number", max_length=64
        ),
        "term_start": term_start,
        "term_end": term_end,
        "licence_type": parse_text(raw.get("licence_type"), "licence_type", max_length=40),
        "outcome": parse_text(raw.get("outcome"), "outcome", max_length=200),
        "description": parse_text(raw.get("description"), "description", max_length=5000),
        "city_code": _region_code(raw.get("city_code"), "city_code"),
    }
    given_id = parse_text(raw.get("event_id"), "event_id", max_length=64)
    if given_id is None:
        # No source id: the event's content identifies it, so re-ingest finds the same key.
        basis = "|".join(
            str(row[k])
            for k in (
                "event_type",
                "event_date",
                "from_party",
                "to_party",
                "amount",
                "pledgee",
                "registration_number",
                "licence_type",
                "outcome",
            )
        )
        given_id = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
    row["event_id"] = given_id
    return row


def normalise_entity(raw: dict[str, Any], today: date) -> dict[str, Any]:
    name = parse_text(raw.get("name"), "name", required=True, max_length=500)
    assert name is not None
    uscc = None
    if raw.get("uscc"):
        try:
            uscc = validate_uscc(str(raw["uscc"]))
        except IdentifierError as exc:
            raise RecordError.from_identifier(exc, "uscc") from None
    address = parse_text(raw.get("address"), "address", max_length=1000)
    geo = resolve_address(address) if address else resolve_address(name)
    flags = []
    for flag in parse_text_list(raw.get("flags"), "flags"):
        code = parse_enum(flag, "flags", d.ENTITY_FLAGS)
        if code and code not in flags:
            flags.append(code)
    return {
        "entity_id": entity_id(name, uscc),
        "name": name,
        "name_en": parse_text(raw.get("name_en"), "name_en", max_length=500),
        "uscc": uscc,
        "entity_type": parse_enum(
            raw.get("entity_type") or raw.get("type"), "entity_type", d.APPLICANT_TYPE, APPLICANT_SYNONYMS
        )
        or classify_applicant(name),
        "address": address,
        "province_code": geo.province_code if geo else None,
        "city_code": geo.city_code if geo else None,
        "district_code": geo.district_code if geo else None,
        "flags": flags,
        "aliases": parse_text_list(raw.get("aliases"), "aliases"),
        "established_date": parse_date_field(raw.get("established_date"), "established_date", today=today),
        "employees": parse_int(raw.get("employees"), "employees", low=0, high=10_000_000),
    }


NORMALISERS: dict[str, Callable[[dict[str, Any], date], dict[str, Any]]] = {
    "patents": normalise_patent,
    "trademarks": normalise_trademark,
    "copyrights": normalise_copyright,
    "gis": normalise_gi,
    "plant-varieties": normalise_plant_variety,
    "ic-layouts": normalise_ic_layout,
    "legal-events": normalise_legal_event,
    "entities": normalise_entity,
}


def normalise(kind: str, raw: Any, today: date) -> dict[str, Any]:
    """Validate and normalise one interchange record of a kind into a lake row."""
    if not isinstance(raw, dict):
        raise RecordError("record_not_object", None, "记录不是 JSON 对象", "the record is not a JSON object")
    return NORMALISERS[kind](raw, today)
